"""Qt application start-up: fonts, style, the window, the controller; nothing here knows a device."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from domain import divisions
from kiosk.session import Screen
from kiosk.terminal import Terminal
from ui import theme
from ui.controller import KioskController
from ui.main_window import KioskWindow
from ui.screens.home import HomeScreen

log = logging.getLogger(__name__)


def create_application() -> QApplication:
    app = QApplication.instance() or QApplication(["kiosk"])
    # A touch is handled as a touch or as a click, never both (one touch fires one action).
    app.setAttribute(Qt.ApplicationAttribute.AA_SynthesizeMouseForUnhandledTouchEvents, True)
    app.setAttribute(Qt.ApplicationAttribute.AA_SynthesizeTouchForUnhandledMouseEvents, False)
    app.setFont(theme.load_fonts())
    app.setStyleSheet(theme.STYLE_SHEET)
    return app


def build_window(terminal: Terminal) -> tuple[KioskWindow, KioskController]:
    controller = KioskController(terminal)
    window = KioskWindow()
    home = HomeScreen(divisions.full_name(terminal.config.division_code), terminal.config.terminal_id)
    home.register_requested.connect(controller.start_registration)
    window.add_view(Screen.HOME, home)
    controller.screen_changed.connect(lambda name: window.show_screen(Screen(name)))
    window.show_screen(controller.screen)
    return window, controller


def run_app(terminal: Terminal, *, full_screen: bool = True, screenshot: Path | None = None,
            quit_after_s: float | None = None) -> int:
    """Show the kiosk and run the event loop; optionally save a screenshot of the first screen and quit."""
    app = create_application()
    window, _controller = build_window(terminal)
    if full_screen:
        # Without a window manager (cage aside, e.g. Xvfb) nobody honours the full-screen hint: size it ourselves.
        window.setGeometry(app.primaryScreen().geometry())
        window.showFullScreen()
    else:
        window.resize(1920, 1080)
        window.show()

    def announce() -> None:
        print(f"screen: {window.current_view.objectName()}", flush=True)
        if screenshot is not None:
            window.grab().save(str(screenshot))
    QTimer.singleShot(300, announce)
    if quit_after_s is not None:
        QTimer.singleShot(int(quit_after_s * 1000), app.quit)
    return app.exec()
