"""The one object the window talks to (Mu's pattern): it owns the session and reports its screen through
Qt signals, so the core stays plain Python and the widgets never call devices or the network."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from kiosk.session import Screen, Session
from kiosk.terminal import Terminal


class KioskController(QObject):
    # Emitted from whichever thread moved the session; Qt queues it to the window's thread.
    screen_changed = Signal(str)

    def __init__(self, terminal: Terminal) -> None:
        super().__init__()
        self._terminal = terminal
        self.session: Session = terminal.new_session(on_change=lambda s: self.screen_changed.emit(s.value))

    @property
    def screen(self) -> Screen:
        return self.session.screen

    def start_registration(self) -> None:
        if self.session.screen is Screen.HOME:
            self.session.start()

    def go_home(self) -> None:
        self.session.wipe()
