// Chinese input at the bottom of the kiosk window (no desktop pop-up window): the Qt Virtual Keyboard with
// Pinyin, or a pad to write characters with a finger (recognised offline by the `handwriting` object from
// Python), switched by 拼音 / 手写. Above it one bar of large candidates: while typing pinyin the local place
// and shop words that match (潍坊 for "wei"), while writing the recogniser's characters.
import QtQuick
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings

Item {
    id: root
    // Set from Python: [{"pinyin": "weifang", "word": "潍坊"}, …] in the order to offer them.
    property var localWords: []
    property bool writing: false
    property bool writingAvailable: true   // false where no recogniser loads: no 手写 switch
    property var written: []            // the recogniser's candidates for what is on the pad
    // Sizes the kiosk's own minimum asks for (ui/theme.py): text ≥ 32 px, targets ≥ 72 px.
    property int candidateHeight: 84
    property int candidateFontSize: 36
    property int candidateMinWidth: 84
    readonly property var offered: writing ? written : matchLocal(InputContext.preeditText)
    // Height the host widget should give the panel: zero while no field wants input.
    readonly property real panelHeight: panel.active ? bar.height + (writing ? pad.height : panel.height) : 0
    readonly property int panelWidth: Math.min(width, 1280)

    function wipeUserData() { VirtualKeyboardSettings.userDataReset(); pad.clear() }
    function setLocale(name) { VirtualKeyboardSettings.locale = name }
    function setWriting(on) { writing = on && writingAvailable; pad.clear() }
    // The layout in use (…/numbers.qml for digits-only fields, …/dialpad.qml for phone numbers).
    function layoutName() { return String(panel.keyboard.layout) }
    // Types letters on the keyboard as a finger would (journey scripts, screenshots and tests).
    function pressKeys(text) {
        for (var i = 0; i < text.length; i++)
            InputContext.inputEngine.virtualKeyClick(Qt.Key_A + text.charCodeAt(i) - 97, text[i], 0)
    }

    function matchLocal(preedit) {
        var key = preedit.toLowerCase().replace(/[^a-z]/g, "")
        if (key.length === 0)
            return []
        var out = []
        for (var i = 0; i < localWords.length && out.length < 10; i++)
            if (localWords[i].pinyin.indexOf(key) === 0)
                out.push(localWords[i].word)
        return out
    }

    function choose(word) {
        if (!writing)
            InputContext.inputEngine.inputMethod.reset()   // drop the pinyin being typed: the word replaces it
        InputContext.commit(word)
        pad.clear()
    }

    // Candidates first, then the mode switch at the right end.
    Rectangle {
        id: bar
        objectName: "candidateBar"
        visible: panel.active
        width: root.panelWidth
        height: root.candidateHeight
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.bottom: root.writing ? pad.top : panel.top
        color: "#1f2933"

        ListView {
            id: offeredList
            anchors { left: parent.left; right: modes.left; top: parent.top; bottom: parent.bottom }
            orientation: ListView.Horizontal
            clip: true
            model: root.offered
            delegate: Rectangle {
                objectName: "candidate"
                property string word: modelData
                width: Math.max(root.candidateMinWidth, text.implicitWidth + 32)
                height: root.candidateHeight
                color: tap.pressed ? "#3e4c59" : "transparent"
                border.color: "#52606d"
                Text {
                    id: text
                    anchors.centerIn: parent
                    text: modelData
                    color: "#ffffff"
                    font.pixelSize: root.candidateFontSize
                }
                MouseArea { id: tap; anchors.fill: parent; onClicked: root.choose(modelData) }
            }
        }
        Row {
            id: modes
            visible: root.writingAvailable
            anchors { right: parent.right; top: parent.top; bottom: parent.bottom }
            Repeater {
                model: [{"label": "拼音", "writing": false}, {"label": "手写", "writing": true}]
                delegate: Rectangle {
                    objectName: modelData.writing ? "writingMode" : "pinyinMode"
                    width: 120
                    height: root.candidateHeight
                    color: root.writing === modelData.writing ? "#2186eb" : "#3e4c59"
                    Text {
                        anchors.centerIn: parent
                        text: modelData.label
                        color: "#ffffff"
                        font.pixelSize: root.candidateFontSize
                    }
                    MouseArea { anchors.fill: parent; onClicked: root.setWriting(modelData.writing) }
                }
            }
        }
    }

    InputPanel {
        id: panel
        // Full width would make the keys huge and the panel half the screen tall on a landscape panel.
        width: root.panelWidth
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.bottom: parent.bottom
        opacity: root.writing ? 0 : 1
        enabled: !root.writing
    }

    Rectangle {
        id: pad
        objectName: "handwritingPad"
        visible: panel.active && root.writing
        width: root.panelWidth
        height: Math.min(460, Math.max(panel.height, 360))
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.bottom: parent.bottom
        color: "#323f4b"
        property var strokes: []
        property var current: []

        function clear() {
            strokes = []
            current = []
            root.written = []
            canvas.requestPaint()
        }

        Canvas {
            id: canvas
            objectName: "handwritingCanvas"
            width: pad.height - 24
            height: pad.height - 24
            anchors { left: parent.left; leftMargin: 12; verticalCenter: parent.verticalCenter }
            onPaint: {
                var ctx = getContext("2d")
                ctx.fillStyle = "#ffffff"
                ctx.fillRect(0, 0, width, height)
                ctx.strokeStyle = "#d0d7de"
                ctx.lineWidth = 1
                ctx.beginPath(); ctx.moveTo(width / 2, 0); ctx.lineTo(width / 2, height)
                ctx.moveTo(0, height / 2); ctx.lineTo(width, height / 2); ctx.stroke()
                ctx.strokeStyle = "#1f2933"
                ctx.lineWidth = 10
                ctx.lineCap = "round"
                ctx.lineJoin = "round"
                var all = pad.strokes.concat([pad.current])
                for (var s = 0; s < all.length; s++) {
                    if (all[s].length === 0)
                        continue
                    ctx.beginPath()
                    ctx.moveTo(all[s][0][0], all[s][0][1])
                    for (var p = 1; p < all[s].length; p++)
                        ctx.lineTo(all[s][p][0], all[s][p][1])
                    ctx.stroke()
                }
            }
            MouseArea {
                anchors.fill: parent
                onPressed: (mouse) => { pad.current = [[mouse.x, mouse.y]]; canvas.requestPaint() }
                onPositionChanged: (mouse) => {
                    var x = Math.max(0, Math.min(canvas.width, mouse.x))
                    var y = Math.max(0, Math.min(canvas.height, mouse.y))
                    pad.current.push([x, y])
                    canvas.requestPaint()
                }
                onReleased: {
                    pad.strokes = pad.strokes.concat([pad.current])
                    pad.current = []
                    root.written = handwriting.recognise(pad.strokes, canvas.width)
                    canvas.requestPaint()
                }
            }
        }
        Column {
            anchors { left: canvas.right; leftMargin: 24; verticalCenter: parent.verticalCenter }
            spacing: 16
            Repeater {
                model: [{"label": "重写", "action": "clear"}, {"label": "删除", "action": "backspace"},
                        {"label": "空格", "action": "space"}]
                delegate: Rectangle {
                    objectName: "pad-" + modelData.action
                    width: 200
                    height: 88
                    radius: 8
                    color: "#52606d"
                    Text { anchors.centerIn: parent; text: modelData.label; color: "#ffffff"; font.pixelSize: 34 }
                    MouseArea {
                        anchors.fill: parent
                        onClicked: {
                            if (modelData.action === "clear")
                                pad.clear()
                            else if (modelData.action === "backspace")
                                InputContext.inputEngine.virtualKeyClick(Qt.Key_Backspace, "", 0)
                            else
                                InputContext.commit(" ")
                        }
                    }
                }
            }
        }
    }

    // The Pinyin candidate bar inside the keyboard: the default style's 19-px text and 36-px row are too small.
    Component {
        id: pinyinCandidate
        Item {
            objectName: "pinyinCandidate"
            property url soundEffect   // the keyboard reads it from every delegate
            width: Math.max(root.candidateMinWidth, label.implicitWidth + 32)
            height: ListView.view.height
            Text {
                id: label
                anchors.centerIn: parent
                text: display
                color: "#ffffff"
                font.pixelSize: root.candidateFontSize
            }
            MouseArea {
                anchors.fill: parent
                onClicked: {
                    parent.ListView.view.currentIndex = index
                    parent.ListView.view.model.selectItem(index)
                }
            }
        }
    }

    Component.onCompleted: {
        VirtualKeyboardSettings.activeLocales = ["zh_CN", "en_US"]
        VirtualKeyboardSettings.locale = "zh_CN"
        VirtualKeyboardSettings.handwritingModeDisabled = true
        panel.keyboard.style.selectionListHeight = Qt.binding(function () { return root.candidateHeight })
        panel.keyboard.style.selectionListDelegate = pinyinCandidate
    }
}
