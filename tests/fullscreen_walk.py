"""Walk the whole journey full-screen on a real X server (Xvfb) and check the layout after every step.

Run by tests/test_ui_fullscreen.py in a fresh process (the Qt platform is chosen once per process):
    python tests/fullscreen_walk.py 1080x1920 [--care]
Prints one JSON line: {"checks": n, "problems": [...], "keyboard_steps": [...]}.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from ui.headless import virtual_display


def main(size: str, care: bool) -> dict:
    width, height = map(int, size.split("x"))
    with virtual_display(width, height, vnc=False):
        os.environ["QT_QPA_PLATFORM"] = "xcb"
        from PySide6.QtCore import QPoint, QRect
        from PySide6.QtWidgets import QApplication, QLineEdit
        from ui_fixtures import kiosk_config, resident

        from kiosk.session import Screen
        from kiosk.terminal import open_terminal
        from ui.app import build_window, create_application
        from ui.journey import Journey, pump

        app = create_application()
        report: dict = {"checks": 0, "problems": [], "keyboard_steps": []}
        with tempfile.TemporaryDirectory() as tmp, open_terminal(kiosk_config(Path(tmp))) as terminal:
            kiosk = build_window(terminal, face_countdown_s=0)
            window = kiosk.window
            screen = app.primaryScreen().geometry()
            window.fit_to(screen)
            window.showFullScreen()

            def on_window(widget) -> QRect:
                return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())

            def check(name: str) -> None:
                pump()
                report["checks"] += 1
                if window.geometry() != screen or window.frameGeometry().size() != screen.size():
                    report["problems"].append(f"{name}: window {window.geometry().getRect()} != screen "
                                              f"{screen.getRect()}")
                view = window.current_view
                keyboard_top = window.height() - kiosk.keyboard.height()
                corner = [window.care_button, window.call_button, window.mute_button]
                for button in [*view.primary_buttons(), *corner]:
                    rect = on_window(button)
                    if not window.rect().contains(rect) or rect.bottom() >= keyboard_top:
                        report["problems"].append(f"{name}: button {button.text()!r} at {rect.getRect()} is off "
                                                  f"screen (keyboard from y={keyboard_top})")
                focused = QApplication.focusWidget()
                if isinstance(focused, QLineEdit) and focused.isVisible() and kiosk.keyboard.height() > 0:
                    viewport = on_window(view.scroll.viewport())
                    if not viewport.contains(on_window(focused)) or on_window(focused).bottom() >= keyboard_top:
                        report["problems"].append(f"{name}: the focused field {on_window(focused).getRect()} is "
                                                  f"not in view {viewport.getRect()}")
                    report["keyboard_steps"].append(name)

            journey = Journey(kiosk, on_screen=check)
            try:
                journey.wait_screen(Screen.HOME)
                original_start = journey.start

                def start() -> None:
                    original_start()
                    if care:   # care mode holds for the visit; home turns it off for the next resident
                        journey.tap(window.care_button)
                        check("care mode on")
                journey.start = start
                journey.complete(resident(41, business_name="潍坊市潍城区周八便利店"))
                journey.start()
                journey.place_card(resident(42).card)
                journey.face()
                journey.form(resident(42))
                journey.tap(journey.view(Screen.REVIEW).edit_button)   # back from the review to the form
                journey.wait_screen(Screen.APPLICATION)
                check("back to the form")
                journey.tap(window.call_button)
                check("staff called")
                kiosk.controller.go_home()
                journey.take_card()
                report["care"] = window.care_button.isChecked()
            finally:
                kiosk.close()
                terminal.reader_simulator.remove()
        app.shutdown()
        return report


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], "--care" in sys.argv[2:]), ensure_ascii=False))
