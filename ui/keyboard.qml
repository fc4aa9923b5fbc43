// The Qt Virtual Keyboard, embedded at the bottom of the kiosk window (no desktop pop-up window).
import QtQuick
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings

Item {
    id: root
    // Height the host widget should give the panel: zero while no field wants input.
    readonly property real panelHeight: panel.active ? panel.height : 0

    function wipeUserData() { VirtualKeyboardSettings.userDataReset() }
    function setLocale(name) { VirtualKeyboardSettings.locale = name }

    InputPanel {
        id: panel
        // Full width would make the keys huge and the panel half the screen tall on a landscape panel.
        width: Math.min(parent.width, 1280)
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.bottom: parent.bottom
    }
    Component.onCompleted: {
        VirtualKeyboardSettings.activeLocales = ["zh_CN", "en_US"]
        VirtualKeyboardSettings.locale = "zh_CN"
        VirtualKeyboardSettings.handwritingModeDisabled = true
    }
}
