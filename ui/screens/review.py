"""Review everything, then sign with a finger and submit (once, however often the button is tapped)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QWidget

from domain import divisions, scopes
from domain.application import Organization
from ui.i18n import core_text
from ui.widgets import Page, SignaturePad, TouchButton, label


def masked_id(number: str) -> str:
    """Enough of the number to recognise it, not enough for a passer-by to copy it."""
    return number[:4] + "*" * max(len(number) - 8, 0) + number[-4:] if len(number) > 8 else number


# The form step (ui.screens.application.STEPS) each reviewed row is changed on.
_ROW_STEP = ("", "", "name", "organization", "organization", "scope", "premises", "capital", "capital", "phone")


class ReviewScreen(Page):
    edit_requested = Signal(str)      # the form step to change; "" for the step the resident came from
    confirm_requested = Signal()

    def __init__(self) -> None:
        super().__init__("review")
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setHorizontalSpacing(32)
        self.grid.setVerticalSpacing(16)
        self.grid.setColumnStretch(1, 1)
        self.body.addWidget(self.grid_host)
        self.body.addStretch(1)
        self.edit_button = self.add_button("secondary")
        self.confirm_button = self.add_button()
        self.edit_button.tapped.connect(lambda: self.edit_requested.emit(""))
        self.confirm_button.tapped.connect(self.confirm_requested)
        self._rows: list[tuple[str, str]] = []
        self._cells: list[tuple[QLabel, QLabel, TouchButton]] = []
        self.retranslate()

    def enter(self, controller: Any) -> None:
        session = controller.session
        d, card = session.draft, session.draft.card
        self._rows = [
            (self.tr("经营者"), card.name if card else ""),
            (self.tr("证件号码"), masked_id(card.id_number) if card else ""),
            (self.tr("名称"), d.name or self.tr("（不起名）")),
            (self.tr("经营形式"),
             self.tr("家庭经营") if d.organization is Organization.FAMILY else self.tr("个人经营")),
            (self.tr("家庭成员"),
             "、".join(f"{m.name}（{core_text(m.relation)}）" for m in d.family_members) or self.tr("无")),
            (self.tr("经营范围"), "；".join(i.name for i in map(scopes.get, d.scope) if i)),
            (self.tr("经营场所"), divisions.full_name(controller.jurisdiction_code) + d.address),
            (self.tr("资金数额"), self.tr("{0} 元").format(d.capital_yuan)),
            (self.tr("从业人数"), self.tr("{0} 人").format(d.employees)),
            (self.tr("联系电话"), d.phone),
        ]
        self._fill()

    def _fill(self) -> None:
        # The rows are made once and refilled: the same ten facts are shown on every visit.
        while len(self._cells) < len(self._rows):
            row = len(self._cells)
            change = TouchButton("secondary")
            change.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            if _ROW_STEP[row]:
                change.tapped.connect(lambda step=_ROW_STEP[row]: self.edit_requested.emit(step))
            self._cells.append((label("hint"), label(), change))
            self.grid.addWidget(self._cells[row][0], row, 0)
            self.grid.addWidget(self._cells[row][1], row, 1)
            self.grid.addWidget(change, row, 2)
        for index, (key, text, change) in enumerate(self._cells):
            name, value = self._rows[index] if index < len(self._rows) else ("", "")
            key.setText(name)
            text.setText(value)
            change.setText(self.tr("修改"))
            change.setVisible(bool(name and _ROW_STEP[index]))

    def reset(self) -> None:
        self._rows = []
        self._fill()

    def retranslate(self) -> None:
        self.title.setText(self.tr("核对信息"))
        self.prompt.setText(self.tr("请仔细核对以下信息。哪一项需要改，就点那一行的“修改”。"))
        self.edit_button.setText(self.tr("返回修改"))
        self.confirm_button.setText(self.tr("信息无误，去签名"))
        self._fill()


class SignScreen(Page):
    submit_requested = Signal(bytes)
    back_requested = Signal()

    def __init__(self) -> None:
        super().__init__("sign", kinetic=False)   # a finger on the pad draws, it does not scroll
        self.pad = SignaturePad()
        self.status = label("error")
        self.clear_button = TouchButton("secondary")
        self.clear_button.tapped.connect(self.pad.clear)
        self.body.addWidget(self.pad, 1)
        self.body.addWidget(self.status)
        self.back_button = self.add_button("secondary")
        self.buttons.addWidget(self.clear_button)
        self.submit_button = self.add_button()
        self.back_button.tapped.connect(self.back_requested)
        self.submit_button.tapped.connect(self._submit)
        self.pad.changed.connect(self._update)
        self._busy = False
        self.retranslate()

    def _submit(self) -> None:
        if self._busy or not self.pad.is_signed:
            return
        self._busy = True   # the controller also refuses a second submission; this keeps the button honest
        self._update()
        self.submit_requested.emit(self.pad.png())

    def submit_failed(self, message: str) -> None:
        self._busy = False
        self.status.setText(core_text(message))
        self._update()

    def enter(self, controller: Any) -> None:
        self._busy = controller.submitting
        self.status.clear()
        self._update()

    def reset(self) -> None:
        self._busy = False
        self.pad.clear()
        self.status.clear()

    def _update(self) -> None:
        self.submit_button.setEnabled(self.pad.is_signed and not self._busy)
        self.clear_button.setEnabled(not self._busy)
        self.back_button.setEnabled(not self._busy)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("签名确认"))
        self.prompt.setText(self.tr("请用手指在下方方框内签写您的姓名，签好后点“确认提交”。"))
        self.back_button.setText(self.tr("返回"))
        self.clear_button.setText(self.tr("重新签名"))
        self.submit_button.setText(self.tr("正在提交…") if self._busy else self.tr("确认提交"))
