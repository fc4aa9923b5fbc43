"""Who is applying: place the ID card, then the face photo with live guidance, countdown and retake."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage

from kiosk.face.guidance import prompt_zh
from kiosk.session import Purpose
from ui.i18n import core_text
from ui.widgets import CameraView, Page, label


class PlaceCardScreen(Page):
    cancel_requested = Signal()

    def __init__(self) -> None:
        super().__init__("place_card")
        self.illustration = label("big", center=True)
        self.hint = label("hint", center=True)
        self.body.addStretch(1)
        self.body.addWidget(self.illustration)
        self.body.addWidget(self.hint)
        self.body.addStretch(1)
        self.cancel_button = self.add_button("secondary")
        self.cancel_button.tapped.connect(self.cancel_requested)
        self._purpose = Purpose.REGISTER
        self._card_on_reader = False
        self.retranslate()

    def enter(self, controller: Any) -> None:
        self._purpose = controller.session.purpose
        self._card_on_reader = controller.card_on_reader
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("读取身份证") if self._purpose is Purpose.REGISTER
                           else self.tr("查询办件：读取身份证"))
        self.prompt.setText(self.tr("请将身份证平放在下方读卡区，不要移动。"))
        self.illustration.setText(self.tr("▼ 读卡区 ▼"))
        self.hint.setText(self.tr("身份证已在读卡区？请取下后重新放置。") if self._card_on_reader
                          else self.tr("支持居民身份证、港澳台居民居住证、外国人永久居留身份证。"))
        self.cancel_button.setText(self.tr("取消，返回首页"))


class FaceScreen(Page):
    retake_requested = Signal()
    accept_requested = Signal()
    cancel_requested = Signal()

    def __init__(self) -> None:
        super().__init__("face")
        self.camera = CameraView()
        self.guidance = label("prompt", center=True)
        self.guidance.setMinimumHeight(120)
        self.body.addWidget(self.camera, 1)
        self.body.addWidget(self.guidance)
        self.cancel_button = self.add_button("secondary")
        self.retake_button = self.add_button("secondary")
        self.accept_button = self.add_button()
        self.cancel_button.tapped.connect(self.cancel_requested)
        self.retake_button.tapped.connect(self.retake_requested)
        self.accept_button.tapped.connect(self.accept_requested)
        self._state: tuple[str, Any] = ("countdown", 3)
        self.retranslate()

    def reset(self) -> None:
        self.camera.clear()
        self._state = ("countdown", 3)
        self.retranslate()

    # --- fed by the controller ---------------------------------------------------------------------------

    def on_countdown(self, seconds: int) -> None:
        self.camera.show_frame(None)
        self.camera.countdown = seconds if seconds > 0 else None
        self._set_state("countdown" if seconds > 0 else "live", seconds if seconds > 0 else "")

    def on_frame(self, image: QImage) -> None:
        if self._state[0] == "live":
            self.camera.show_frame(image)

    def on_prompt(self, code: str) -> None:
        if self._state[0] == "live":
            self.camera.good = code == ""
            self._set_state("live", code)

    def on_photo(self, jpeg: bytes) -> None:
        image = QImage.fromData(jpeg)
        self.camera.show_frame(image.flipped(Qt.Orientation.Horizontal))   # shown as taken, not mirrored
        self._set_state("photo", None)

    def on_retry(self, code: str) -> None:
        self.camera.show_frame(None)
        self._set_state("retry", code)

    def _set_state(self, state: str, detail: Any) -> None:
        changed = (state, detail) != self._state
        self._state = (state, detail)
        self.retranslate()
        if changed:
            self.speak.emit(self.guidance.text())

    def retranslate(self) -> None:
        state, detail = self._state
        self.title.setText(self.tr("拍摄面部照片"))
        self.prompt.setText(self.tr("请摘下帽子和口罩，正对摄像头，让面部位于框内。"))
        if state == "countdown":
            text = self.tr("{0} 秒后开始拍照").format(detail)
        elif state == "live":
            text = core_text(prompt_zh(detail)) if detail else self.tr("很好，请保持不动")
        elif state == "photo":
            text = self.tr("照片已拍好。满意请点“使用这张照片”，否则点“重拍”。")
        else:
            reason = core_text(prompt_zh(detail)) if detail else ""
            text = self.tr("没有拍好，请再试一次。") + reason
        self.guidance.setText(text)
        self.cancel_button.setText(self.tr("取消办理"))
        self.retake_button.setText(self.tr("重拍") if state == "photo" else self.tr("重试"))
        self.accept_button.setText(self.tr("使用这张照片"))
        self.retake_button.setVisible(state in ("photo", "retry"))
        self.accept_button.setVisible(state == "photo")
        self.camera.update()

    def spoken_text(self) -> str:
        return self.prompt.text()
