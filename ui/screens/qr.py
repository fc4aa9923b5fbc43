"""QR codes at the terminal: the scan screen (扫码填表, 扫描回执二维码), the pick-up screen for a scanned
receipt, the card screen of the lookup path with its scan button, and loading a pre-filled draft into the form."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QSizePolicy

from kiosk.face.guidance import prompt_zh
from kiosk.session import Draft, Outcome, Purpose, Result
from ui import theme
from ui.i18n import core_text
from ui.screens.application import ApplicationScreen
from ui.screens.identity import PlaceCardScreen
from ui.widgets import CameraView, Page, label


class CardOrCodeScreen(PlaceCardScreen):
    """The card screen; when looking a case up, a receipt's QR code may be scanned instead."""

    scan_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.scan_button = self.add_button()
        self.scan_button.tapped.connect(self.scan_requested)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        if hasattr(self, "scan_button"):   # PlaceCardScreen.__init__ calls this before the button exists
            self.scan_button.setText(self.tr("扫描回执二维码"))
            self.scan_button.setVisible(self._purpose is Purpose.LOOKUP)


class ScanScreen(Page):
    cancel_requested = Signal()

    def __init__(self) -> None:
        super().__init__("scan")
        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(320, 240)
        self.preview.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.preview.setStyleSheet(f"background: {theme.CAMERA_BG};")
        self.notice = label("error", center=True)
        self.hint = label("hint")
        self.body.addWidget(self.preview, 1)
        self.body.addWidget(self.notice)
        self.body.addWidget(self.hint)
        self.cancel_button = self.add_button("secondary")
        self.cancel_button.tapped.connect(self.cancel_requested)
        self._notice = ""
        self.retranslate()

    def enter(self, controller: Any) -> None:
        self.reset()

    def reset(self) -> None:
        self.preview.clear()
        self._notice = ""
        self.retranslate()

    def on_frame(self, image: QImage) -> None:
        # Mirrored like the face preview, so moving the code to the left moves it left on screen.
        pixmap = QPixmap.fromImage(image.flipped(Qt.Orientation.Horizontal))
        self.preview.setPixmap(pixmap.scaled(self.preview.size(), Qt.AspectRatioMode.KeepAspectRatio))

    def on_notice(self, code: str) -> None:
        self._notice = code
        self.retranslate()
        self.speak.emit(self.notice.text())

    def retranslate(self) -> None:
        self.title.setText(self.tr("扫描二维码"))
        self.prompt.setText(self.tr("请将受理回执上的二维码，或手机上的申请二维码，对准摄像头。"))
        self.hint.setText(self.tr("回执二维码：查看办理结果，领取营业执照。申请二维码：在手机上预先填写的申请，"
                                  "扫码后自动填入，您仍需读取身份证、拍照并逐项核对。"))
        self.notice.setText({
            "unknown": self.tr("无法识别此二维码，请出示本系统打印的回执或生成的申请二维码。"),
            "invalid": self.tr("此申请二维码无效或已被改动，请重新生成或在终端上填写。"),
            "other_district": self.tr("此申请二维码的经营场所不在本终端辖区，请到所在区县的终端办理。"),
        }.get(self._notice, ""))
        self.cancel_button.setText(self.tr("返回首页"))


class PickupScreen(Page):
    """A scanned receipt's case; once approved, the applicant's card and face release the license (the camera
    preview shows while the face is taken)."""

    home_requested = Signal()

    def __init__(self) -> None:
        super().__init__("pickup")
        self.headline = label("big", center=True)
        self.detail = label("panel")
        self.camera = CameraView()
        self.instruction = label("prompt", center=True)
        self.error = label("error", center=True)
        self.body.addStretch(1)
        for widget in (self.headline, self.detail):
            self.body.addWidget(widget)
        self.body.addWidget(self.camera, 4)
        for widget in (self.instruction, self.error):
            self.body.addWidget(widget)
        self.body.addStretch(1)
        self.home_button = self.add_button("secondary")
        self.home_button.tapped.connect(self.home_requested)
        self.state = "looking"
        self.case: Result | None = None
        self._face_prompt = ""
        self.retranslate()

    def enter(self, controller: Any) -> None:
        self.state, self.case = "looking", controller.session.pickup
        self.retranslate()

    def on_state(self, state: str, case: Result | None) -> None:
        self.state, self.case = state, case
        self._face_prompt = ""
        self.camera.clear()
        self.retranslate()
        self.speak.emit(self.error.text() or self.instruction.text() or self.headline.text())

    def on_frame(self, image: QImage) -> None:
        if self.state == "face":
            self.camera.show_frame(image)

    def on_prompt(self, code: str) -> None:
        if self.state == "face" and code != self._face_prompt:
            self._face_prompt = code
            self.camera.good = code == ""
            self.retranslate()
            self.speak.emit(self.instruction.text())

    def reset(self) -> None:
        self.state, self.case, self._face_prompt = "looking", None, ""
        self.camera.clear()
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("凭回执查询和领取营业执照"))
        self.prompt.setText("")
        case = self.case
        outcome = case.outcome if case else None
        self.headline.setText({
            Outcome.APPROVED: self.tr("已核准"), Outcome.MANUAL_REVIEW: self.tr("审核中"),
            Outcome.REJECTED: self.tr("未能受理"), Outcome.QUEUED: self.tr("待网络恢复后提交"),
        }.get(outcome, self.tr("正在查询，请稍候…") if self.state == "looking" else ""))
        if outcome is Outcome.APPROVED:
            detail = self.tr("统一社会信用代码：{0}").format(case.uscc or "")
        elif outcome is Outcome.REJECTED:
            detail = "\n".join(core_text(message) for _, message in case.reasons)
        else:
            detail = ""
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self.camera.setVisible(self.state == "face")
        self.instruction.setText({
            Outcome.APPROVED: self.tr("请将申请人本人的身份证放在读卡区，并正对摄像头拍照，核验一致后打印营业执照。"
                                      "如身份证已在读卡区，请取下后重新放置。"),
            Outcome.MANUAL_REVIEW: self.tr("您的申请正在审核，审核通过后可凭回执到任一终端领取营业执照。"),
            Outcome.REJECTED: self.tr("如有疑问，请到政务服务大厅窗口咨询。"),
            Outcome.QUEUED: self.tr("您的申请已保存在本机，网络恢复后会自动提交，请稍后再查询。"),
        }.get(outcome, ""))
        if self.state == "face":   # same person collects: the face is taken while the card lies on the reader
            self.instruction.setText(core_text(prompt_zh(self._face_prompt)) if self._face_prompt
                                     else self.tr("请正对摄像头，核验是否为申请人本人。"))
        self.error.setText({
            "not_found": self.tr("未找到该办件，请核对回执，或到政务服务大厅窗口咨询。"),
            "elsewhere": self.tr("该申请尚在办理时所用终端的待发送队列中，网络恢复后会自动提交。"
                                 "请稍后再查询，或到办理申请的终端查询。"),
            "offline": self.tr("暂时无法连接后台，请稍后再试。"),
            "checking": self.tr("正在核验身份，请不要移动身份证…"),
            "mismatch": self.tr("身份证与该办件的申请人不一致，不能领取营业执照。请放置申请人本人的身份证。"),
            "throttled": self.tr("身份核验失败次数过多，请15分钟后再试，或到政务服务大厅窗口办理。"),
            "face_failed": self.tr("没有拍好。请取下身份证后重新放置，再拍一次。"),
            "camera_failed": self.tr("摄像头暂时无法使用，请到政务服务大厅窗口领取营业执照。"),
            "face_mismatch": self.tr("现场人像与申请时采集的人像不一致，不能领取营业执照。请申请人本人前来领取。"),
            "face_unsure": self.tr("无法确认领取人为申请人本人，请到政务服务大厅窗口领取营业执照。"),
        }.get(self.state, ""))
        self.home_button.setText(self.tr("返回首页"))


def show_prefill(form: ApplicationScreen, draft: Draft) -> None:
    """Put a pre-filled draft's values into the form's widgets, for the resident to check step by step."""
    form.name_edit.setText(draft.name or "")
    form.organization = draft.organization
    form.members = list(draft.family_members)
    form.scope = list(draft.scope)
    # A prefill QR carries the address as one line: the town it starts with, then road, number and room.
    town = next((t for t in form.town_choices.choices if t and draft.address.startswith(t)), "")
    form.town_edit.setText(town)
    rest = draft.address[len(town):]
    found = re.fullmatch(r"(.*?)(\d+(?:-\d+)?)号(.*)", rest)
    form.road_edit.setText(found.group(1) if found else rest)
    form.house_edit.setText(found.group(2) if found else "")
    form.room_edit.setText(found.group(3) if found else "")
    form.capital_edit.setText(str(draft.capital_yuan) if draft.capital_yuan else "")
    form.employees = max(draft.employees, 1)
    form.phone_edit.setText(draft.phone)
    form.scope_search.clear()
    form._search_scope("")   # re-mark the chosen items in the list
    form.retranslate()
