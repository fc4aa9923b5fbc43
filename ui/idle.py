"""Idle handling: after `timeout_ms` without a touch, a countdown overlay; when it runs out, `expired` fires
(the controller then wipes the visit). Any touch, click or key resets the clock and dismisses the overlay."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from ui.overlay import Overlay

_ACTIVITY = {QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.MouseButtonPress,
             QEvent.Type.MouseMove, QEvent.Type.KeyPress, QEvent.Type.InputMethod}


class IdleWatch(QObject):
    countdown = Signal(int)   # seconds left; 0 hides the overlay
    expired = Signal()

    def __init__(self, timeout_ms: int, countdown_s: int) -> None:
        super().__init__()
        self.countdown_s = countdown_s
        self.armed = False          # only during a visit (not on home, not while submitting)
        self._idle = QTimer(self, singleShot=True, interval=timeout_ms, timeout=self._start_countdown)
        self._tick = QTimer(self, interval=1000, timeout=self._count)
        self._left = 0

    def set_armed(self, armed: bool) -> None:
        self.armed = armed
        self.poke()

    def poke(self) -> None:
        """The resident did something (or the screen changed)."""
        if self._tick.isActive():
            self._tick.stop()
            self.countdown.emit(0)
        if self.armed:
            self._idle.start()
        else:
            self._idle.stop()

    def _start_countdown(self) -> None:
        self._left = self.countdown_s
        self.countdown.emit(self._left)
        self._tick.start()

    def _count(self) -> None:
        self._left -= 1
        if self._left > 0:
            self.countdown.emit(self._left)
            return
        self._tick.stop()
        self.countdown.emit(0)
        self.expired.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and (event.type() != QEvent.Type.MouseMove or event.buttons()):
            self.poke()
        return False


class IdleOverlay(Overlay):
    """"您还在办理吗?" over the whole window: the seconds left, and one big button to carry on."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, "idle")
        self.carry_on = self.acted
        self.left = 0

    def show_seconds(self, left: int) -> None:
        self.left = left
        if left <= 0:
            self.hide()
            return
        self.present(self.tr("您还在办理吗？"), self.tr("{0} 秒后将清除已填写的信息并返回首页").format(left),
                     self.tr("继续办理"), figure=str(left))
