"""The kiosk window: a thin top bar (care mode, call staff, language, sound), one stack with a view per session
screen, the virtual keyboard under it, and the overlays above everything (idle countdown, card away, staff
called).

The window is exactly the screen and never grows: the keyboard takes its height from the screens above it, whose
bodies scroll, and the field being typed into is scrolled into view."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QHBoxLayout, QMainWindow, QVBoxLayout, QWidget

from kiosk.session import Screen
from ui.idle import IdleOverlay
from ui.overlay import Overlay
from ui.widgets import CurrentStack, Page, TouchButton

LONG_PRESS_MS = 3000


class CornerHotspot(QWidget):
    """An unmarked corner: holding it for three seconds asks for technician mode (wired elsewhere)."""

    long_pressed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setFixedSize(96, 72)
        self._timer = QTimer(self, singleShot=True, interval=LONG_PRESS_MS, timeout=self.long_pressed.emit)

    def mousePressEvent(self, event) -> None:
        self._timer.start()

    def mouseReleaseEvent(self, event) -> None:
        self._timer.stop()


class KioskWindow(QMainWindow):
    language_requested = Signal()
    mute_toggled = Signal(bool)
    care_toggled = Signal(bool)
    call_staff_requested = Signal()

    def __init__(self, keyboard: QWidget | None = None) -> None:
        super().__init__()
        self.setWindowTitle("个体工商户设立登记自助终端")
        self.setCursor(Qt.CursorShape.BlankCursor)  # a touch screen shows no pointer
        self.corner = CornerHotspot()
        self.care_button = TouchButton("corner", checkable=True)
        self.call_button = TouchButton("corner")
        self.language_button = TouchButton("corner")
        self.mute_button = TouchButton("corner", checkable=True)
        self.care_button.tapped.connect(lambda: self.care_toggled.emit(self.care_button.isChecked()))
        self.call_button.tapped.connect(self.call_staff_requested)
        self.language_button.tapped.connect(self.language_requested)
        self.mute_button.tapped.connect(lambda: self.mute_toggled.emit(self.mute_button.isChecked()))
        bar = QHBoxLayout()
        bar.setContentsMargins(16, 8, 16, 0)
        bar.setSpacing(12)
        bar.addWidget(self.corner)
        bar.addStretch(1)
        for button in (self.care_button, self.call_button, self.language_button, self.mute_button):
            button.setSizePolicy(button.sizePolicy().Policy.Maximum, button.sizePolicy().Policy.Fixed)
            bar.addWidget(button)
        self._stack = CurrentStack()
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addLayout(bar)
        column.addWidget(self._stack, 1)
        self.keyboard = keyboard
        if keyboard is not None:
            column.addWidget(keyboard)
            keyboard.installEventFilter(self)   # it opened or closed: the focused field must stay in view
        self.setCentralWidget(central)
        self.card_overlay = Overlay(central, "cardaway")
        self.staff_overlay = Overlay(central, "staffcalled")
        self.idle_overlay = IdleOverlay(central)
        self.views: dict[Screen, Page] = {}
        QApplication.instance().focusChanged.connect(self._focus_changed)
        self.retranslate()

    def fit_to(self, geometry: QRect) -> None:
        """Be exactly this rectangle (the screen), whatever the screens inside would like."""
        self.setFixedSize(geometry.size())
        self.setGeometry(geometry)

    def retranslate(self) -> None:
        self.care_button.setText(self.tr("关怀模式"))
        self.call_button.setText(self.tr("呼叫工作人员"))
        self.language_button.setText(self.tr("English"))   # the other language, in its own script
        self.mute_button.setText(self.tr("声音：关") if self.mute_button.isChecked() else self.tr("声音：开"))

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def add_view(self, screen: Screen, view: Page) -> None:
        self.views[screen] = view
        self._stack.addWidget(view)

    def show_screen(self, screen: Screen) -> None:
        view = self.views.get(screen)
        if view is not None:
            self._stack.setCurrentWidget(view)
            view.relayout()

    @property
    def current_view(self) -> Page:
        return self._stack.currentWidget()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.keyboard and event.type() == QEvent.Type.Resize:
            QTimer.singleShot(0, self._reveal_focus)
        return False

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        # After the keyboard has opened and the layout has settled, the field must be in view.
        if new is not None and self.isAncestorOf(new):
            QTimer.singleShot(0, self._reveal_focus)

    def _reveal_focus(self) -> None:
        focused, view = QApplication.focusWidget(), self.current_view
        if focused is not None and view is not None:
            view.scroll.reveal(focused)
