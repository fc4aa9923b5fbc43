"""The kiosk window: one full-screen stack with a view per session screen, switched by the controller."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget

from kiosk.session import Screen


class KioskWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("个体工商户设立登记自助终端")
        self.setCursor(Qt.CursorShape.BlankCursor)  # a touch screen shows no pointer
        self._stack = QStackedWidget()
        self.setCentralWidget(self._stack)
        self._views: dict[Screen, QWidget] = {}

    def add_view(self, screen: Screen, view: QWidget) -> None:
        self._views[screen] = view
        self._stack.addWidget(view)

    def show_screen(self, screen: Screen) -> None:
        view = self._views.get(screen)
        if view is not None:
            self._stack.setCurrentWidget(view)

    @property
    def current_view(self) -> QWidget:
        return self._stack.currentWidget()
