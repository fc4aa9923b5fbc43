"""Notice and consent: the personal-information notice, then two separate consents (data, face photo)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox

from ui.widgets import Page, label


class ConsentScreen(Page):
    answered = Signal(bool, bool)     # personal data, face photo
    cancel_requested = Signal()

    def __init__(self) -> None:
        super().__init__("consent")
        self.notice = label("panel")
        self.notice.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.personal = QCheckBox()
        self.face = QCheckBox()
        for box in (self.personal, self.face):
            box.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            box.toggled.connect(self._update)
        self.body.addWidget(self.notice)
        self.body.addWidget(self.personal)
        self.body.addWidget(self.face)
        self.decline_button = self.add_button("secondary")
        self.agree_button = self.add_button()
        self.decline_button.tapped.connect(lambda: self.answered.emit(False, False))
        self.agree_button.tapped.connect(
            lambda: self.answered.emit(self.personal.isChecked(), self.face.isChecked()))
        self.retranslate()
        self._update()

    def _update(self) -> None:
        self.agree_button.setEnabled(self.personal.isChecked() and self.face.isChecked())

    def reset(self) -> None:
        self.personal.setChecked(False)
        self.face.setChecked(False)

    def retranslate(self) -> None:
        self.title.setText(self.tr("个人信息告知与同意"))
        self.prompt.setText(self.tr("请阅读以下说明，并分别勾选同意后继续。"))
        self.notice.setText(self.tr(
            "为办理个体工商户设立登记，本机将读取您的居民身份证信息（姓名、性别、民族、出生日期、住址、公民身份号码、"
            "证件有效期），并收集您填写的经营信息和手机号码，用于登记审核和发放营业执照。\n\n"
            "本机将拍摄您的面部照片，仅用于与身份证照片比对、确认是本人办理。这属于敏感个人信息，需要您单独同意。\n\n"
            "信息加密传送至市场监督管理部门，本机不长期保存。办理结束、取走身份证或长时间无操作时，本机上的信息会被清除。\n\n"
            "如不同意，可到政务服务大厅窗口办理。"))
        self.personal.setText(self.tr("我同意按上述说明处理我的个人信息"))
        self.face.setText(self.tr("我单独同意采集本人面部照片用于身份核验"))
        self.decline_button.setText(self.tr("不同意，返回"))
        self.agree_button.setText(self.tr("同意并继续"))
