"""The application in short steps: name, organisation, scope, premises, capital and staff, mobile number.

Each step checks what the resident can fix on the spot (kiosk.session.field_problems, domain.names) and hands
its fields to the controller; nothing here decides whether the case is approved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QWidget

from domain import addresses, divisions, names, scopes
from domain.addresses import BEARINGS, AddressParts, OnlineShop, Promise
from domain.application import FAMILY_RELATIONS, FamilyMember, Organization
from domain.scopes import PREMISES_TYPES
from kiosk.session import field_problems
from ui.i18n import core_text
from ui.widgets import CurrentStack, Page, TouchButton, button_grid, button_row, label, mark_invalid, set_state

ONLINE = "网络"   # the premises type of a 网络经营场所
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
        self._name_prefix = names.name_prefix(division_code)   # the name field starts with it
        self._streets = streets
        self._addresses = addresses.standard(division_code)   # None: the district has no standard-address file
        self._category: str | None = None   # the scope category being browsed
        self.step = 0
        self.pages = CurrentStack()
        self.step_label = label("hint")
        # Each step says what is wrong right under its field, in red, and borders that field in red.
        self.errors = [label("error") for _ in STEPS]
        self.body.addWidget(self.step_label)
        self.body.addWidget(self.pages, 1)
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
        page = QWidget()   # scrolled with the rest of the screen's body (Page)
        self.pages.addWidget(page)
        return page

    def _build_name(self) -> None:
        page = self._page()
        self.name_label, self.name_edit = label(), line_edit()
        self.name_findings = self.errors[STEPS.index("name")]   # the live rule check and the step's error
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
               self.errors[STEPS.index("organization")], button_row(*self.relation_buttons),
               button_row(self.add_member_button, self.remove_member_button),
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
        _stack(page, self.scope_label, self.scope_search, self.errors[STEPS.index("scope")], self.scope_results,
               self.scope_chosen, self.scope_clear)

    def _build_premises(self) -> None:
        page = self._page()
        self.district_label = label("panel")
        self.type_label = label()
        self.type_buttons = [TouchButton("choice", checkable=True) for _ in PREMISES_TYPES]
        for kind, button in zip(PREMISES_TYPES, self.type_buttons, strict=True):
            button.tapped.connect(lambda k=kind: self._set_premises_type(k))
        # 乡镇(街道) → 村(社区) → 街(路): typed freely, or tapped from the district's standard addresses.
        self.address_box = QWidget()
        self.town_label, self.village_label, self.road_label = label(), label(), label()
        self.town_edit, self.village_edit, self.road_edit = (line_edit(max_length=30) for _ in range(3))
        self.town_choices, self.village_choices, self.road_choices = ChoiceGrid(), ChoiceGrid(), ChoiceGrid()
        self.town_choices.set_choices(self._addresses.town_names() if self._addresses else self._streets)
        for edit, choices in ((self.town_edit, self.town_choices), (self.village_edit, self.village_choices),
                              (self.road_edit, self.road_choices)):
            choices.chosen.connect(edit.setText)
            edit.textChanged.connect(self._refresh_address_choices)
        self.house_label, self.room_label = label(), label()
        self.house_edit = line_edit(max_length=10)   # the full keyboard: numbers such as "100-2"
        self.room_edit = line_edit(max_length=30)
        self.no_number_button = TouchButton("secondary", checkable=True)
        self.no_number_button.tapped.connect(self.retranslate)
        self.landmark_box = QWidget()
        self.landmark_label, self.bearing_label, self.distance_label = label(), label(), label()
        self.landmark_edit = line_edit(max_length=40)
        self.bearing_choices = ChoiceGrid(columns=4, show=core_text)
        self.bearing_choices.set_choices(BEARINGS)
        self.bearing_choices.chosen.connect(self._set_bearing)
        self.distance_edit = line_edit(Qt.InputMethodHint.ImhDigitsOnly, 4)
        _stack(self.landmark_box, self.landmark_label, self.landmark_edit, self.bearing_label, self.bearing_choices,
               self.distance_label, self.distance_edit)
        _stack(self.address_box, self.town_label, self.town_edit, self.town_choices, self.village_label,
               self.village_edit, self.village_choices, self.road_label, self.road_edit, self.road_choices,
               self.house_label, self.house_edit, self.no_number_button, self.landmark_box, self.room_label,
               self.room_edit)
        self.online_box = QWidget()
        self.platform_label, self.url_label = label(), label()
        self.platform_edit = line_edit(Qt.InputMethodHint.ImhNoPredictiveText, 40)
        self.url_edit = line_edit(Qt.InputMethodHint.ImhUrlCharactersOnly, 200)
        _stack(self.online_box, self.platform_label, self.platform_edit, self.url_label, self.url_edit)
        self.promise_title, self.promise_text = label(), label("panel")
        self.promise_button = TouchButton("choice", checkable=True)
        self.promise_button.tapped.connect(self._accept_promise)
        _stack(page, self.district_label, self.type_label, button_grid(*self.type_buttons), self.address_box,
               self.online_box, self.errors[STEPS.index("premises")], self.promise_title, self.promise_text,
               self.promise_button)

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
        _stack(page, self.capital_label, self.capital_edit, self.errors[STEPS.index("capital")], self.employees_label,
               button_row(self.minus_button, self.employees_value, self.plus_button))

    def _build_phone(self) -> None:
        page = self._page()
        self.phone_label = label()
        self.phone_edit = line_edit(SENSITIVE | Qt.InputMethodHint.ImhDialableCharactersOnly, 11)
        self.phone_hint = label("hint")
        _stack(page, self.phone_label, self.phone_edit, self.errors[STEPS.index("phone")], self.phone_hint)

    # --- state ---------------------------------------------------------------------------------------------

    def reset(self) -> None:
        """Blank form (a new visit)."""
        for edit in (self.name_edit, self.member_name, self.member_id, self.scope_search, self.town_edit,
                     self.village_edit, self.road_edit, self.house_edit, self.room_edit, self.landmark_edit,
                     self.distance_edit, self.platform_edit, self.url_edit, self.capital_edit, self.phone_edit):
            edit.clear()
        self.name_edit.setText(self._name_prefix)
        self._category = None
        self.organization = Organization.INDIVIDUAL
        self.members: list[FamilyMember] = []
        self.relation: int | None = None
        self.scope: list[str] = []
        towns = self.town_choices.choices
        if len(towns) == 1:
            self.town_edit.setText(towns[0])
        self.premises_type: str | None = None
        self.bearing = ""
        self.promise: Promise | None = None
        self.no_number_button.setChecked(False)
        self.employees = 1
        self._search_scope("")
        self._go(0)

    @property
    def error(self) -> QLabel:
        """Where the current step says what is wrong."""
        return self.errors[self.step]

    def _fields(self) -> tuple[QLineEdit, ...]:
        """Each step's field that a problem of the step is about (bordered in red with it)."""
        return (self.name_edit, self.member_id, self.scope_search, self.town_edit, self.capital_edit,
                self.phone_edit)

    def _show_problem(self, text: str, kind: str = "error") -> None:
        self.error.setText(text)
        set_state(self.error, kind)
        mark_invalid(self._fields()[self.step], bool(text) and kind == "error")

    def _go(self, step: int) -> None:
        self.step = step
        self.pages.setCurrentIndex(step)
        for index in range(len(STEPS)):
            self.errors[index].clear()
            mark_invalid(self._fields()[index], False)
        self.retranslate()

    def _values(self) -> dict[str, Any]:
        step = STEPS[self.step]
        if step == "name":
            name = self.name_edit.text().strip()
            return {"name": name if name and name != self._name_prefix else None}
        if step == "organization":
            return {"organization": self.organization,
                    "family_members": list(self.members) if self.organization is Organization.FAMILY else []}
        if step == "scope":
            return {"scope": list(self.scope)}
        if step == "premises":
            return self._premises_values()
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
        return problems

    def _next(self) -> None:
        values = self._values()
        problems = self._problems(values)
        if problems:
            self._show_problem("\n".join(problems))
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
        if STEPS[self.step] != "name":
            return
        name = self.name_edit.text().strip()
        name = "" if name == self._name_prefix else name
        findings = names.check_business_name(name, self._division_code) if name else []
        self._show_problem("\n".join(core_text(f.message_zh) for f in findings)
                           if findings else (self.tr("名称符合规则") if name else ""),
                           "error" if any(f.severity == "reject" for f in findings)
                           else "warning" if findings else "ok")

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
            self._show_problem(self.tr("请填写家庭成员姓名并选择关系"))
            return
        try:
            validate_id_number(number)
        except InvalidIdNumber as exc:
            self._show_problem(core_text(exc.message_zh))
            return
        self.members.append(FamilyMember(name, number, FAMILY_RELATIONS[self.relation]))
        self.member_name.clear()
        self.member_id.clear()
        self.relation = None
        self._show_problem("")
        self.retranslate()

    def _remove_member(self) -> None:
        if self.members:
            self.members.pop()
            self.retranslate()

    def _search_scope(self, text: str) -> None:
        """Typed words search (everyday words too); with nothing typed, browse by category."""
        self.scope_results.clear()
        if text.strip():
            items = scopes.search(text, limit=30)
            if not items:
                self._scope_row(self.tr("没有找到“{0}”。请换个说法，如“卖菜”“早餐”“理发”，或清空搜索框按类别查找。")
                                .format(text.strip()), None)
        elif self._category is None:
            for category in scopes.categories():
                self._scope_row(f"▸ {core_text(category.name)}", f"category:{category.key}")
            return
        else:
            self._scope_row(self.tr("‹ 返回全部类别"), "categories")
            items = scopes.in_category(self._category)
        for item in items:
            self._scope_row(("★ " if item.code in self.scope else "") + item.name, item.code)

    def _scope_row(self, text: str, value: str | None) -> None:
        row = QListWidgetItem(text)
        row.setData(Qt.ItemDataRole.UserRole, value)
        if value is None:   # a message, not a choice
            row.setFlags(Qt.ItemFlag.NoItemFlags)
        self.scope_results.addItem(row)

    def _pick_scope(self, row: QListWidgetItem) -> None:
        value = row.data(Qt.ItemDataRole.UserRole)
        if value is None:
            return
        if value == "categories" or value.startswith("category:"):
            self._category = value.removeprefix("category:") if value != "categories" else None
        elif value not in self.scope:
            self.scope.append(value)
        self._search_scope(self.scope_search.text())
        self.retranslate()

    def _clear_scope(self) -> None:
        self.scope.clear()
        self._search_scope(self.scope_search.text())
        self.retranslate()

    def _premises_values(self) -> dict[str, Any]:
        values: dict[str, Any] = {"premises_type": self.premises_type, "promise": self.promise,
                                  "address_parts": None, "online_shop": None}
        if self.premises_type == ONLINE:
            shop = OnlineShop(self.platform_edit.text().strip(), self.url_edit.text().strip())
            return values | {"online_shop": shop, "address": shop.text()}
        landmark = self.no_number_button.isChecked()
        distance = self.distance_edit.text().strip()
        parts = AddressParts(
            town=self.town_edit.text().strip(), village=self.village_edit.text().strip(),
            road=self.road_edit.text().strip(), room=self.room_edit.text().strip(),
            house_number="" if landmark else self.house_edit.text().strip(),
            landmark=self.landmark_edit.text().strip() if landmark else "",
            bearing=self.bearing if landmark else "",
            distance_m=int(distance) if landmark and distance.isdigit() else None)
        return values | {"address_parts": parts, "address": parts.text()}

    def _set_premises_type(self, kind: str) -> None:
        self.premises_type = kind
        self.retranslate()

    def _refresh_address_choices(self) -> None:
        """The villages of the typed town and the roads of the typed village, from the standard addresses."""
        if self._addresses is None:
            return
        town, village = self.town_edit.text().strip(), self.village_edit.text().strip()
        self.village_choices.set_choices(self._addresses.villages(town))
        self.road_choices.set_choices(self._addresses.roads(town, village))
        self.retranslate()

    def _set_bearing(self, bearing: str) -> None:
        self.bearing = bearing
        self.retranslate()

    def _accept_promise(self) -> None:
        """A tap on 我承诺 records which text was accepted and when; a second tap takes it back."""
        self.promise = (Promise(addresses.promise_text().version,
                                dt.datetime.now().astimezone().isoformat(timespec="seconds"))
                        if self.promise is None else None)
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
                   self.tr("经营场所须在本辖区内。请逐项选择或填写，并阅读承诺书。"),
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
        self.type_label.setText(self.tr("经营场所类型"))
        type_names = {"商铺": self.tr("商铺"), "住宅": self.tr("住宅"), "商住": self.tr("商住两用"),
                      ONLINE: self.tr("网络经营场所")}
        for kind, button in zip(PREMISES_TYPES, self.type_buttons, strict=True):
            button.setText(type_names[kind])
            button.setChecked(kind == self.premises_type)
        self.address_box.setVisible(self.premises_type != ONLINE)
        self.online_box.setVisible(self.premises_type == ONLINE)
        self.town_label.setText(self.tr("乡镇（街道）"))
        self.village_label.setText(self.tr("村（社区）"))
        self.road_label.setText(self.tr("街（路）"))
        for edit, choices in ((self.town_edit, self.town_choices), (self.village_edit, self.village_choices),
                              (self.road_edit, self.road_choices)):
            choices.mark(edit.text().strip())
        self.house_label.setText(self.tr("门牌号"))
        self.house_edit.setPlaceholderText(self.tr("如：100"))
        landmark = self.no_number_button.isChecked()
        self.house_edit.setEnabled(not landmark)
        self.no_number_button.setText(self.tr("没有门牌号，按标志物填写"))
        self.landmark_box.setVisible(landmark)
        self.landmark_label.setText(self.tr("附近标志物（如学校、桥梁、村委会）"))
        self.bearing_label.setText(self.tr("经营场所在标志物的哪一侧"))
        self.bearing_choices.mark(self.bearing)
        self.distance_label.setText(self.tr("距离标志物（米）"))
        self.room_label.setText(self.tr("楼号、房间号（可不填）"))
        self.platform_label.setText(self.tr("电子商务平台名称"))
        self.url_label.setText(self.tr("网店网址"))
        self.url_edit.setPlaceholderText("https://")
        promise = addresses.promise_text()
        self.promise_title.setText(core_text(promise.title))
        self.promise_text.setText(core_text(promise.text))
        self.promise_button.setText(self.tr("我已阅读，我承诺") if self.promise is None
                                    else self.tr("已承诺（再点一次撤回）"))
        self.promise_button.setChecked(self.promise is not None)
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


class ChoiceGrid(QWidget):
    """Touch buttons for a list of choices (standard addresses, bearings); a tap says which."""

    chosen = Signal(str)

    def __init__(self, columns: int = 3, show: Callable[[str], str] = str) -> None:
        super().__init__()
        self._columns = columns
        self._show = show   # how a choice reads on its button (translated words; place names stay as they are)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(16)
        self.choices: tuple[str, ...] = ()
        self.buttons: list[TouchButton] = []

    def set_choices(self, choices: tuple[str, ...]) -> None:
        if choices == self.choices:
            return
        for button in self.buttons:
            button.deleteLater()
        self.choices = tuple(choices)
        self.buttons = []
        for index, text in enumerate(self.choices):
            button = TouchButton("choice", checkable=True)
            button.tapped.connect(lambda t=text: self.chosen.emit(t))
            self._grid.addWidget(button, index // self._columns, index % self._columns)
            self.buttons.append(button)
        self.setVisible(bool(self.choices))

    def mark(self, current: str) -> None:
        """Check the current choice's button; also re-reads the labels after a language change."""
        for text, button in zip(self.choices, self.buttons, strict=True):
            button.setText(self._show(text))
            button.setChecked(text == current)
