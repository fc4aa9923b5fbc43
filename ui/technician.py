"""Technician mode on the kiosk screen: the hidden corner gesture opens a PIN pad over the whole window; the
right PIN opens the tools (doctor, test print, test card read, camera preview, queue with retry) and
"exit" returns to the home screen. Opening it ends any resident visit first.

The PIN check, the lockout and the audit lines are kiosk.technician's; this module only shows them. Slow work
(doctor, printing, opening the camera) runs on threads and comes back through the queued `_posted` signal.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from domain.card import CardType
from kiosk.technician import TechnicianAccess, Verdict, audit, specimen_page
from ui.widgets import CameraView, Page, TouchButton, label

log = logging.getLogger(__name__)

IDLE_EXIT_MS = 5 * 60 * 1000   # a technician who walks away must not leave the terminal closed to residents
PREVIEW_FPS = 15
_ACTIVITY = {QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress}


class PinPage(Page):
    """Large keys, the digits shown as dots. Keys are plain buttons: a PIN repeats digits quickly, which the
    resident buttons' debounce would swallow."""

    submitted = Signal(str)
    cancelled = Signal()

    def __init__(self) -> None:
        super().__init__("technician_pin")
        self.dots = label("big", center=True)
        self.message = label("error", center=True)
        grid = QGridLayout()
        grid.setSpacing(16)
        self.keys: dict[str, QPushButton] = {}
        for index, key in enumerate(("1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "ok")):
            button = QPushButton(key)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setProperty("role", "primary" if key == "ok" else "secondary")
            button.setMinimumSize(200, 120)
            button.clicked.connect(lambda _=False, k=key: self.press(k))
            grid.addWidget(button, index // 3, index % 3)
            self.keys[key] = button
        self.body.addWidget(self.dots)
        self.body.addWidget(self.message)
        self.body.addLayout(grid)
        self.body.addStretch(1)
        self.cancel_button = self.add_button("secondary")
        self.cancel_button.tapped.connect(self.cancelled)
        self._pin = ""
        self.locked_s = 0.0
        self.state = ""   # what the message says: "", "wrong", "locked", "not_set"
        self.attempts_left = 0
        self._unlock = QTimer(self, interval=1000, timeout=self._tick)
        self.retranslate()

    def press(self, key: str) -> None:
        if self.locked_s > 0:
            return
        if key == "clear":
            self._pin = ""
        elif key == "ok":
            pin, self._pin = self._pin, ""
            if pin:
                self.submitted.emit(pin)
        elif len(self._pin) < 12:
            self._pin += key
        self.retranslate()

    def show_verdict(self, verdict: Verdict, attempts_left: int = 0, locked_s: float = 0.0) -> None:
        self.state, self.attempts_left, self.locked_s = verdict.value, attempts_left, locked_s
        if locked_s > 0:
            self._unlock.start()
        self.retranslate()

    def _tick(self) -> None:
        self.locked_s = max(0.0, self.locked_s - 1)
        if self.locked_s <= 0:
            self._unlock.stop()
            self.state = ""
        self.retranslate()

    def reset(self) -> None:
        self._pin, self.state = "", ""
        self._unlock.stop()
        self.locked_s = 0.0
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("维护模式"))
        self.prompt.setText(self.tr("请输入维护密码。"))
        self.dots.setText("●" * len(self._pin) or " ")
        self.keys["clear"].setText(self.tr("清除"))
        self.keys["ok"].setText(self.tr("确定"))
        for button in self.keys.values():
            button.setEnabled(self.locked_s <= 0)
        self.message.setText({
            "wrong": self.tr("密码错误，还可再试 {0} 次").format(self.attempts_left),
            "locked": self.tr("错误次数过多，已锁定，请 {0} 秒后再试").format(int(self.locked_s + 0.999)),
            "not_set": self.tr("本机尚未设置维护密码（kiosk technician set-pin）"),
        }.get(self.state, ""))
        self.cancel_button.setText(self.tr("返回首页"))


class ToolsPage(Page):
    """One button per tool; the chosen tool's output below them."""

    exit_requested = Signal()
    doctor_requested = Signal()
    print_requested = Signal()
    read_requested = Signal()
    camera_requested = Signal()
    queue_requested = Signal()
    retry_requested = Signal()

    TOOLS = ("doctor", "print", "read", "camera", "queue")

    def __init__(self, terminal_id: str) -> None:
        super().__init__("technician")
        self._terminal_id = terminal_id
        self.tool_buttons = {name: TouchButton("choice", checkable=True) for name in self.TOOLS}
        signals = dict(zip(self.TOOLS, (self.doctor_requested, self.print_requested, self.read_requested,
                                        self.camera_requested, self.queue_requested), strict=True))
        grid = QGridLayout()
        grid.setSpacing(16)
        for index, (name, button) in enumerate(self.tool_buttons.items()):
            button.tapped.connect(signals[name])
            grid.addWidget(button, index // 3, index % 3)
        self.status = label("panel")
        self.results = QListWidget()
        self.results.setWordWrap(True)
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.camera = CameraView()
        self.retry_button = TouchButton("secondary")
        self.retry_button.tapped.connect(self.retry_requested)
        self.output = QStackedWidget()
        for widget in (self.results, self.camera):
            self.output.addWidget(widget)
        self.body.addLayout(grid)
        self.body.addWidget(self.status)
        self.body.addWidget(self.output, 1)
        self.body.addWidget(self.retry_button)
        self.exit_button = self.add_button()
        self.exit_button.tapped.connect(self.exit_requested)
        self.tool = ""
        self.retranslate()

    def choose(self, tool: str) -> None:
        """Show the tool's output area (a list, or the camera picture) and mark its button."""
        self.tool = tool
        for name, button in self.tool_buttons.items():
            button.setChecked(name == tool)
        self.output.setCurrentWidget(self.camera if tool == "camera" else self.results)
        self.output.setVisible(tool in ("doctor", "camera", "queue"))
        self.retry_button.setVisible(tool == "queue")
        self.results.clear()
        self.camera.clear()
        self.status.clear()

    def show_lines(self, lines: list[str]) -> None:
        self.results.clear()
        for line in lines:
            self.results.addItem(QListWidgetItem(line))

    def reset(self) -> None:
        self.choose("")

    def retranslate(self) -> None:
        self.title.setText(self.tr("维护模式"))
        self.prompt.setText(self.tr("终端 {0}。选择一项检测；完成后点“退出维护模式”。").format(self._terminal_id))
        names = (self.tr("设备诊断"), self.tr("打印测试页"), self.tr("测试读卡"), self.tr("摄像头预览"),
                 self.tr("提交队列"))
        for button, text in zip(self.tool_buttons.values(), names, strict=True):
            button.setText(text)
        self.retry_button.setText(self.tr("重新提交失败件"))
        self.exit_button.setText(self.tr("退出维护模式"))

    def card_type_text(self, card_type: str) -> str:
        return {CardType.RESIDENT: self.tr("居民身份证"),
                CardType.HMT_RESIDENCE: self.tr("港澳台居民居住证"),
                CardType.FOREIGN_PERMANENT_2017: self.tr("外国人永久居留身份证（2017版）"),
                CardType.FOREIGN_PERMANENT_2023: self.tr("外国人永久居留身份证（2023版）")}.get(card_type, card_type)


class TechnicianMode(QWidget):
    """The overlay that holds the PIN pad and the tools, above everything in the window's central area."""

    opened = Signal()
    closed = Signal()
    _posted = Signal(object)      # a callable to run on the UI thread
    _frame = Signal(QImage)

    def __init__(self, window: Any, controller: Any, access: TechnicianAccess) -> None:
        super().__init__(window.centralWidget())
        self.setObjectName("technician_mode")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._controller = controller
        self._terminal = controller.terminal
        self.access = access
        self.pin = PinPage()
        self.tools = ToolsPage(self._terminal.config.terminal_id)
        self._pages = QStackedWidget()
        self._pages.addWidget(self.pin)
        self._pages.addWidget(self.tools)
        QVBoxLayout(self).addWidget(self._pages)
        self._generation = 0        # bumps on every exit: late results of an earlier session are dropped
        self._camera: Any = None
        self._camera_worker: Any = None
        self._posted.connect(lambda fn: fn())
        self._frame.connect(self.tools.camera.show_frame)
        self._idle = QTimer(self, singleShot=True, interval=IDLE_EXIT_MS, timeout=lambda: self.exit("idle"))
        self.pin.submitted.connect(self._check_pin)
        self.pin.cancelled.connect(lambda: self.exit("PIN pad cancelled"))
        t = self.tools
        t.exit_requested.connect(lambda: self.exit("exit button"))
        t.doctor_requested.connect(self.run_doctor)
        t.print_requested.connect(self.test_print)
        t.read_requested.connect(self.test_read)
        t.camera_requested.connect(self.camera_preview)
        t.queue_requested.connect(self.show_queue)
        t.retry_requested.connect(self.retry_dead)
        controller.card_seen.connect(self._card_seen)
        controller.reader_fault.connect(self._reader_fault)
        self.parentWidget().installEventFilter(self)
        self.hide()

    @property
    def unlocked(self) -> bool:
        return self.isVisible() and self._pages.currentWidget() is self.tools

    # --- entry and exit --------------------------------------------------------------------------------------

    def request(self) -> None:
        """The hidden gesture: end the resident's visit, then ask for the PIN."""
        if self.isVisible():
            return
        if self._controller.submitting:
            audit("request refused", "a submission is being saved")
            return
        self._controller.go_home()
        audit("PIN pad opened")
        self.pin.reset()
        locked = self.access.locked_for()
        if locked > 0:
            self.pin.show_verdict(Verdict.LOCKED, 0, locked)
        self._pages.setCurrentWidget(self.pin)
        self._show()

    def _check_pin(self, pin: str) -> None:
        attempt = self.access.verify(pin)
        if attempt.verdict is Verdict.OK:
            audit("mode entered")
            self.tools.reset()
            self._pages.setCurrentWidget(self.tools)
            self.opened.emit()
        else:
            self.pin.show_verdict(attempt.verdict, attempt.attempts_left, attempt.locked_s)

    def exit(self, why: str) -> None:
        if not self.isVisible():
            return
        self._generation += 1
        self._stop_camera()
        was_unlocked = self.unlocked
        self.tools.reset()
        self.pin.reset()
        self.hide()
        self._idle.stop()
        QApplication.instance().removeEventFilter(self)
        audit("mode exited" if was_unlocked else "PIN pad closed", why)
        self._controller.go_home()
        self.closed.emit()

    def shutdown(self) -> None:
        self.exit("kiosk closing")
        self._stop_camera()

    def _show(self) -> None:
        self.setGeometry(self.parentWidget().rect())
        self.show()
        self.raise_()
        QApplication.instance().installEventFilter(self)
        self._idle.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.parentWidget().rect())
        elif event.type() in _ACTIVITY and self.isVisible():
            self._idle.start()
        return False

    # --- plumbing ------------------------------------------------------------------------------------------

    def _in_background(self, work: Callable[[], Any], done: Callable[[Any], None],
                       failed: Callable[[Exception], None]) -> None:
        generation = self._generation

        def deliver(fn: Callable[[Any], None], value: Any) -> None:
            self._posted.emit(lambda: fn(value) if generation == self._generation else None)

        def run() -> None:
            try:
                value = work()
            except Exception as exc:  # every tool reports its failure on the screen, whatever it is
                deliver(failed, exc)
            else:
                deliver(done, value)
        threading.Thread(target=run, name="technician-tool", daemon=True).start()

    def _choose(self, tool: str) -> None:
        self._stop_camera()
        self.tools.choose(tool)

    # --- the tools -------------------------------------------------------------------------------------------

    def run_doctor(self) -> None:
        from kiosk.doctor import Context, diagnose

        self._choose("doctor")
        t = self.tools
        t.status.setText(self.tr("正在诊断，约需半分钟…"))
        config = self._terminal.config

        def done(checks: list) -> None:
            marks = {"pass": self.tr("正常"), "warn": self.tr("注意"), "fail": self.tr("故障")}
            t.show_lines([f"{marks[c.status]} · {c.name}: {c.detail}" + (f"\n→ {c.hint}" if c.hint else "")
                          for c in checks])
            counts = {s: sum(c.status == s for c in checks) for s in marks}
            t.status.setText(self.tr("诊断完成：正常 {0}，注意 {1}，故障 {2}").format(
                counts["pass"], counts["warn"], counts["fail"]))
            audit("doctor", f"{counts['pass']} pass, {counts['warn']} warn, {counts['fail']} fail")

        def failed(exc: Exception) -> None:
            t.status.setText(self.tr("诊断未能完成：{0}").format(exc))
            audit("doctor", f"failed: {type(exc).__name__}")
        audit("doctor", "started")
        self._in_background(lambda: diagnose(Context(config)), done, failed)

    def test_print(self) -> None:
        self._choose("print")
        t = self.tools
        t.status.setText(self.tr("正在打印测试页…"))
        config, printer = self._terminal.config, self._terminal.printer

        def work() -> str:
            font = Path(config.document_font_path) if config.document_font_path else None
            pdf = specimen_page(config.terminal_id, font_path=font,
                                offset_mm=(config.printer_offset_x_mm, config.printer_offset_y_mm))
            job = printer.submit(pdf, "technician-test-page")
            return f"{job.job_id}: {printer.wait(job)}"

        def done(job: str) -> None:
            t.status.setText(self.tr("测试页已打印（{0}）。请检查边框距纸边是否为 10 毫米。").format(job))
            audit("test print", f"printed {job}")

        def failed(exc: Exception) -> None:
            t.status.setText(self.tr("打印失败：{0}").format(exc))
            audit("test print", f"failed: {exc}")
        self._in_background(work, done, failed)

    def test_read(self) -> None:
        self._choose("read")
        t = self.tools
        t.status.setText(self.tr("证件已在读卡区：请取下后重新放置。") if self._controller.card_on_reader
                         else self.tr("请将一张证件放在读卡区。"))
        audit("test read", "waiting for a card")

    def _card_seen(self, card_type: str) -> None:
        if self.unlocked and self.tools.tool == "read":
            t = self.tools
            t.status.setText(self.tr("读卡成功：{0}。读卡器工作正常。").format(t.card_type_text(card_type)))
            audit("test read", f"read a {card_type} card")

    def _reader_fault(self, message: str) -> None:
        if self.unlocked and self.tools.tool == "read":
            t = self.tools
            t.status.setText(self.tr("读卡失败：{0}").format(message))
            audit("test read", f"reader fault: {message}")

    def camera_preview(self) -> None:
        self._choose("camera")
        t = self.tools
        t.status.setText(self.tr("正在打开摄像头…"))
        factory = self._controller.camera_factory

        def opened(camera: Any) -> None:
            from devices.camera.worker import CameraWorker

            self._camera = camera
            self._camera_worker = CameraWorker(camera, self._emit_frame, self._camera_failed_async,
                                               max_fps=PREVIEW_FPS)
            self._camera_worker.start()
            t.status.setText(self.tr("摄像头工作正常：画面应清晰、明亮。"))
            audit("camera preview", "started")
        self._in_background(factory, opened, self._camera_failed)

    def _emit_frame(self, frame: Any) -> None:
        import cv2

        from ui.controller import _qimage

        self._frame.emit(_qimage(cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)))

    def _camera_failed_async(self, exc: Exception) -> None:
        self._posted.emit(lambda: self._camera_failed(exc))

    def _camera_failed(self, exc: Exception) -> None:
        self._stop_camera()
        if self.tools.tool == "camera":
            self.tools.status.setText(self.tr("摄像头故障：{0}").format(exc))
        audit("camera preview", f"failed: {exc}")

    def _stop_camera(self) -> None:
        worker, camera = self._camera_worker, self._camera
        self._camera_worker = self._camera = None
        if worker is not None:
            worker.stop()
            audit("camera preview", "stopped")
        if camera is not None:
            camera.close()

    def show_queue(self) -> None:
        self._choose("queue")
        t = self.tools
        outbox = self._terminal.outbox
        status = outbox.status()
        t.status.setText(self.tr("待发送 {0} · 发送中 {1} · 已完成 {2} · 失败 {3}").format(
            status.pending, status.in_flight, status.done, status.dead))
        # Ids, HTTP status and the back office's reason only: the queue's rows hold no personal data in clear.
        t.show_lines([f"#{e.local_id} · {e.http_status or ''} · {e.last_error or ''}"
                      for e in outbox.entries("dead", limit=50)])
        t.retry_button.setEnabled(status.dead > 0)
        audit("queue", f"{status.pending} pending, {status.dead} dead")

    def retry_dead(self) -> None:
        count = self._terminal.outbox.retry_dead()
        self._terminal.sync.wake()
        audit("queue retry", f"{count} dead submissions queued again")
        self.show_queue()
        t = self.tools
        t.status.setText(self.tr("已将 {0} 件失败件放回待发送队列。").format(count) + "\n" + t.status.text())
