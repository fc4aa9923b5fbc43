"""The application in short steps: name, organisation, scope, premises, capital and staff, mobile number.

Each step checks what the resident can fix on the spot (kiosk.session.field_problems, domain.names) and hands
its fields to the controller; nothing here decides whether the case is approved.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QGridLayout, QLineEdit, QListWidget, QListWidgetItem, QScrollArea, QStackedWidget, QWidget

from domain import divisions, names, scopes
from domain.application import FAMILY_RELATIONS, FamilyMember, Organization
from kiosk.session import field_problems
from ui.i18n import core_text
from ui.widgets import Page, TouchButton, button_row, label

STEPS = ("name", "organization", "scope", "premises", "capital", "phone")
SENSITIVE = Qt.InputMethodHint.ImhSensitiveData | Qt.InputMethodHint.ImhNoPredictiveText


def line_edit(hints: Qt.InputMethodHint = SENSITIVE, max_length: int = 60) -> QLineEdit:
    """Fields take personal data unless said otherwise, so the Pinyin engine learns nothing from them."""
    edit = QLineEdit()
    edit.setInputMethodHints(hints)
    edit.setMaxLength(max_length)
    return edit


class ApplicationScreen(Page):
    fields_entered = Signal(object)    # one step's fields (a dict), for Session.fill
    review_requested = Signal()
    cancel_requested = Signal()

    def __init__(self, division_code: str, streets: tuple[str, ...]) -> None:
        super().__init__("application")
        self._division_code = division_code
        self._streets = streets
        self.step = 0
        self.pages = QStackedWidget()
        self.step_label = label("hint")
        self.error = label("error")
        self.body.addWidget(self.step_label)
        self.body.addWidget(self.pages, 1)
        self.body.addWidget(self.error)
        self.back_button = self.add_button("secondary")
        self.next_button = self.add_button()
        self.back_button.tapped.connect(self._back)
        self.next_button.tapped.connect(self._next)
        self._build_name()
        self._build_organization()
        self._build_scope()
        self._build_premises()
        self._build_capital()
        self._build_phone()
        self._name_timer = QTimer(self, singleShot=True, interval=250, timeout=self._check_name)
        self.name_edit.textChanged.connect(lambda _: self._name_timer.start())
        self.reset()

    # --- steps ---------------------------------------------------------------------------------------------

    def _page(self) -> QWidget:
        # Each step scrolls, so the form still fits when the keyboard takes the lower part of the screen.
        page = QWidget()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(page)
        self.pages.addWidget(scroll)
        return page

    def _build_name(self) -> None:
        page = self._page()
        self.name_label, self.name_edit, self.name_findings = label(), line_edit(), label("hint")
        self.name_optional = label("hint")
        _stack(page, self.name_label, self.name_edit, self.name_findings, self.name_optional)

    def _build_organization(self) -> None:
        page = self._page()
        self.individual_button = TouchButton("choice", checkable=True)
        self.family_button = TouchButton("choice", checkable=True)
        self.individual_button.tapped.connect(lambda: self._set_organization(Organization.INDIVIDUAL))
        self.family_button.tapped.connect(lambda: self._set_organization(Organization.FAMILY))
        self.family_box = QWidget()
        self.member_name, self.member_id = line_edit(max_length=30), line_edit(max_length=18)
        self.member_name_label, self.member_id_label = label(), label()
        self.relation_buttons = [TouchButton("choice", checkable=True) for _ in FAMILY_RELATIONS]
        for index, button in enumerate(self.relation_buttons):
            button.tapped.connect(lambda i=index: self._set_relation(i))
        self.add_member_button = TouchButton("secondary")
        self.add_member_button.tapped.connect(self._add_member)
        self.remove_member_button = TouchButton("secondary")
        self.remove_member_button.tapped.connect(self._remove_member)
        self.members_label = label("panel")
        _stack(self.family_box, self.member_name_label, self.member_name, self.member_id_label, self.member_id,
               button_row(*self.relation_buttons), button_row(self.add_member_button, self.remove_member_button),
               self.members_label)
        _stack(page, button_row(self.individual_button, self.family_button), self.family_box)

    def _build_scope(self) -> None:
        page = self._page()
        self.scope_label = label()
        self.scope_search = line_edit(Qt.InputMethodHint.ImhNoPredictiveText, 20)
        self.scope_results = QListWidget()
        self.scope_results.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scope_results.setMinimumHeight(240)
        self.scope_results.itemClicked.connect(self._pick_scope)
        self.scope_chosen = label("panel")
        self.scope_clear = TouchButton("secondary")
        self.scope_clear.tapped.connect(self._clear_scope)
        self.scope_search.textChanged.connect(self._search_scope)
        _stack(page, self.scope_label, self.scope_search, self.scope_results, self.scope_chosen, self.scope_clear)

    def _build_premises(self) -> None:
        page = self._page()
        self.district_label = label("panel")
        self.street_label = label()
        self.street_buttons = [TouchButton("choice", checkable=True) for _ in self._streets]
        grid = QGridLayout()
        grid.setSpacing(16)
        for index, button in enumerate(self.street_buttons):
            button.setText(self._streets[index])
            button.tapped.connect(lambda i=index: self._set_street(i))
            grid.addWidget(button, index // 3, index % 3)
        self.detail_label = label()
        self.detail_edit = line_edit(max_length=80)
        _stack(page, self.district_label, self.street_label, grid, self.detail_label, self.detail_edit)

    def _build_capital(self) -> None:
        page = self._page()
        self.capital_label = label()
        self.capital_edit = line_edit(Qt.InputMethodHint.ImhDigitsOnly, 9)
        self.employees_label = label()
        self.minus_button, self.plus_button = TouchButton("secondary"), TouchButton("secondary")
        self.minus_button.setText("－")
        self.plus_button.setText("＋")
        self.employees_value = label("big", center=True)
        self.minus_button.tapped.connect(lambda: self._set_employees(self.employees - 1))
        self.plus_button.tapped.connect(lambda: self._set_employees(self.employees + 1))
        _stack(page, self.capital_label, self.capital_edit, self.employees_label,
               button_row(self.minus_button, self.employees_value, self.plus_button))

    def _build_phone(self) -> None:
        page = self._page()
        self.phone_label = label()
        self.phone_edit = line_edit(SENSITIVE | Qt.InputMethodHint.ImhDialableCharactersOnly, 11)
        self.phone_hint = label("hint")
        _stack(page, self.phone_label, self.phone_edit, self.phone_hint)

    # --- state ---------------------------------------------------------------------------------------------

    def reset(self) -> None:
        """Blank form (a new visit)."""
        for edit in (self.name_edit, self.member_name, self.member_id, self.scope_search, self.detail_edit,
                     self.capital_edit, self.phone_edit):
            edit.clear()
        self.organization = Organization.INDIVIDUAL
        self.members: list[FamilyMember] = []
        self.relation: int | None = None
        self.scope: list[str] = []
        self.street: int | None = 0 if len(self._streets) == 1 else None
        self.employees = 1
        self.name_findings.clear()
        self._search_scope("")
        self._go(0)

    def _go(self, step: int) -> None:
        self.step = step
        self.pages.setCurrentIndex(step)
        self.error.clear()
        self.retranslate()

    def _values(self) -> dict[str, Any]:
        step = STEPS[self.step]
        if step == "name":
            return {"name": self.name_edit.text().strip() or None}
        if step == "organization":
            return {"organization": self.organization,
                    "family_members": list(self.members) if self.organization is Organization.FAMILY else []}
        if step == "scope":
            return {"scope": list(self.scope)}
        if step == "premises":
            street = self._streets[self.street] if self.street is not None else ""
            return {"address": street + self.detail_edit.text().strip()}
        if step == "capital":
            digits = self.capital_edit.text().strip()
            return {"capital_yuan": int(digits) if digits.isdigit() else 0, "employees": self.employees}
        return {"phone": self.phone_edit.text().strip()}

    def _problems(self, values: dict[str, Any]) -> list[str]:
        problems = [core_text(p) for p in field_problems(**values)]
        if STEPS[self.step] == "name" and values["name"]:
            problems += [core_text(f.message_zh) for f in names.check_business_name(values["name"],
                                                                                     self._division_code)
                         if f.severity == "reject"]
        if STEPS[self.step] == "premises" and self._streets and self.street is None:
            problems.insert(0, self.tr("请选择所在街道"))
        return problems

    def _next(self) -> None:
        values = self._values()
        problems = self._problems(values)
        if problems:
            self.error.setText("\n".join(problems))
            self.speak.emit(problems[0])
            return
        self.fields_entered.emit(values)
        if self.step + 1 < len(STEPS):
            self._go(self.step + 1)
            self.speak.emit(self.prompt.text())
        else:
            self.review_requested.emit()

    def _back(self) -> None:
        if self.step == 0:
            self.cancel_requested.emit()
        else:
            self._go(self.step - 1)

    def show_step(self, step: str) -> None:
        """Jump to a step (from the review's 修改)."""
        self._go(STEPS.index(step))

    def _check_name(self) -> None:
        name = self.name_edit.text().strip()
        findings = names.check_business_name(name, self._division_code) if name else []
        self.name_findings.setObjectName("error" if any(f.severity == "reject" for f in findings)
                                         else "warning" if findings else "ok")
        self.name_findings.setText("\n".join(core_text(f.message_zh) for f in findings)
                                   if findings else (self.tr("名称符合规则") if name else ""))
        self.name_findings.setStyleSheet("")   # re-apply the style for the new object name

    def _set_organization(self, organization: Organization) -> None:
        self.organization = organization
        self.retranslate()

    def _set_relation(self, index: int) -> None:
        self.relation = index
        self.retranslate()

    def _add_member(self) -> None:
        from domain.ids import InvalidIdNumber, normalise_id_number, validate_id_number

        name, number = self.member_name.text().strip(), normalise_id_number(self.member_id.text())
        if not name or self.relation is None:
            self.error.setText(self.tr("请填写家庭成员姓名并选择关系"))
            return
        try:
            validate_id_number(number)
        except InvalidIdNumber as exc:
            self.error.setText(core_text(exc.message_zh))
            return
        self.members.append(FamilyMember(name, number, FAMILY_RELATIONS[self.relation]))
        self.member_name.clear()
        self.member_id.clear()
        self.relation = None
        self.error.clear()
        self.retranslate()

    def _remove_member(self) -> None:
        if self.members:
            self.members.pop()
            self.retranslate()

    def _search_scope(self, text: str) -> None:
        items = scopes.search(text, limit=30) if text.strip() else list(scopes.catalogue()[:30])
        self.scope_results.clear()
        for item in items:
            row = QListWidgetItem(("★ " if item.code in self.scope else "") + item.name)
            row.setData(Qt.ItemDataRole.UserRole, item.code)
            self.scope_results.addItem(row)

    def _pick_scope(self, row: QListWidgetItem) -> None:
        code = row.data(Qt.ItemDataRole.UserRole)
        if code not in self.scope:
            self.scope.append(code)
        self._search_scope(self.scope_search.text())
        self.retranslate()

    def _clear_scope(self) -> None:
        self.scope.clear()
        self._search_scope(self.scope_search.text())
        self.retranslate()

    def _set_street(self, index: int) -> None:
        self.street = index
        self.retranslate()

    def _set_employees(self, value: int) -> None:
        self.employees = min(max(value, 1), 999)
        self.retranslate()

    def retranslate(self) -> None:
        titles = (self.tr("字号名称（可不填）"), self.tr("经营形式"), self.tr("经营范围"), self.tr("经营场所"),
                  self.tr("资金数额和从业人数"), self.tr("联系电话"))
        prompts = (self.tr("如需为店铺起名，请输入名称；不起名可直接点“下一步”。"),
                   self.tr("请选择个人经营或家庭经营。"),
                   self.tr("输入关键词或拼音首字母（如“rybh”）搜索，点选经营项目，可选多项。"),
                   self.tr("经营场所须在本辖区内。请选择街道，并填写到门牌号。"),
                   self.tr("请填写资金数额（元）和从业人数。"),
                   self.tr("请填写本人手机号码，用于接收办理结果。"))
        self.title.setText(titles[self.step])
        self.prompt.setText(prompts[self.step])
        self.step_label.setText(self.tr("第 {0} 步，共 {1} 步").format(self.step + 1, len(STEPS)))
        self.back_button.setText(self.tr("取消办理") if self.step == 0 else self.tr("上一步"))
        self.next_button.setText(self.tr("下一步") if self.step + 1 < len(STEPS) else self.tr("核对信息"))
        self.name_label.setText(self.tr("名称"))
        self.name_optional.setText(self.tr("名称以本辖区地名开头，例如“潍坊市潍城区某某便利店”。"))
        self.individual_button.setText(self.tr("个人经营"))
        self.family_button.setText(self.tr("家庭经营"))
        self.individual_button.setChecked(self.organization is Organization.INDIVIDUAL)
        self.family_button.setChecked(self.organization is Organization.FAMILY)
        self.family_box.setVisible(self.organization is Organization.FAMILY)
        self.member_name_label.setText(self.tr("家庭成员姓名"))
        self.member_id_label.setText(self.tr("家庭成员身份证号码"))
        for index, button in enumerate(self.relation_buttons):
            button.setText(core_text(FAMILY_RELATIONS[index]))
            button.setChecked(index == self.relation)
        self.add_member_button.setText(self.tr("添加此成员"))
        self.remove_member_button.setText(self.tr("删除最后一位"))
        self.members_label.setText(self.tr("已添加：") + ("、".join(
            f"{m.name}（{core_text(m.relation)}）" for m in self.members) or self.tr("无")))
        self.scope_label.setText(self.tr("搜索经营项目"))
        self.scope_chosen.setText(self.tr("已选：") + ("；".join(
            item.name for item in map(scopes.get, self.scope) if item) or self.tr("无")))
        self.scope_clear.setText(self.tr("清空已选"))
        self.district_label.setText(self.tr("所在区县（本机辖区）：") + divisions.full_name(self._division_code))
        self.street_label.setText(self.tr("所在街道"))
        for index, button in enumerate(self.street_buttons):
            button.setChecked(index == self.street)
        self.detail_label.setText(self.tr("详细地址（路名和门牌号）"))
        self.detail_edit.setPlaceholderText(self.tr("如：胜利西街100号"))
        self.capital_label.setText(self.tr("资金数额（元）"))
        self.employees_label.setText(self.tr("从业人数（含本人）"))
        self.employees_value.setText(str(self.employees))
        self.phone_label.setText(self.tr("手机号码"))
        self.phone_hint.setText(self.tr("11位数字"))


def _stack(parent: QWidget, *items: Any) -> None:
    from PySide6.QtWidgets import QLayout, QVBoxLayout

    layout = QVBoxLayout(parent)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(16)
    for item in items:
        if isinstance(item, QLayout):
            layout.addLayout(item)
        else:
            layout.addWidget(item)
    layout.addStretch(1)
