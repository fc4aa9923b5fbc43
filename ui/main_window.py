"""The kiosk window: a thin top bar (language, sound), one stack with a view per session screen, the
virtual keyboard under it, and the idle overlay above everything."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from kiosk.session import Screen
from ui.idle import IdleOverlay
from ui.widgets import Page, TouchButton

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

    def __init__(self, keyboard: QWidget | None = None) -> None:
        super().__init__()
        self.setWindowTitle("个体工商户设立登记自助终端")
        self.setCursor(Qt.CursorShape.BlankCursor)  # a touch screen shows no pointer
        self.corner = CornerHotspot()
        self.language_button = TouchButton("corner")
        self.mute_button = TouchButton("corner", checkable=True)
        self.language_button.tapped.connect(self.language_requested)
        self.mute_button.tapped.connect(lambda: self.mute_toggled.emit(self.mute_button.isChecked()))
        bar = QHBoxLayout()
        bar.setContentsMargins(16, 8, 16, 0)
        bar.addWidget(self.corner)
        bar.addStretch(1)
        bar.addWidget(self.language_button)
        bar.addWidget(self.mute_button)
        self._stack = QStackedWidget()
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addLayout(bar)
        column.addWidget(self._stack, 1)
        self.keyboard = keyboard
        if keyboard is not None:
            column.addWidget(keyboard)
        self.setCentralWidget(central)
        self.idle_overlay = IdleOverlay(central)
        self.views: dict[Screen, Page] = {}
        self.retranslate()

    def retranslate(self) -> None:
        self.language_button.setText(self.tr("English"))   # the other language, in its own script
        self.mute_button.setText(self.tr("声音：关") if self.mute_button.isChecked() else self.tr("声音：开"))

    def changeEvent(self, event) -> None:
        from PySide6.QtCore import QEvent

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

    @property
    def current_view(self) -> Page:
        return self._stack.currentWidget()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.idle_overlay.isVisible():
            self.idle_overlay.setGeometry(self.centralWidget().rect())
