"""The application form's input help: the name starts with the jurisdiction, numbers get a digit pad, and the
scope step understands everyday words, says when nothing matches and can be browsed by category."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from ui_fixtures import app  # noqa: F401 - fixture

from ui.screens.application import ApplicationScreen

pytestmark = pytest.mark.no_qt_log


@pytest.fixture
def form(app):  # noqa: F811
    screen = ApplicationScreen("370702", ("城关街道",))
    entered: list[dict] = []
    screen.fields_entered.connect(entered.append)
    yield screen, entered
    screen.deleteLater()


def _rows(screen: ApplicationScreen) -> list[tuple[str, object, bool]]:
    rows = []
    for i in range(screen.scope_results.count()):
        item = screen.scope_results.item(i)
        rows.append((item.text(), item.data(Qt.ItemDataRole.UserRole), bool(item.flags() & Qt.ItemFlag.ItemIsEnabled)))
    return rows


def test_the_name_field_starts_with_the_jurisdiction_and_alone_counts_as_no_name(form) -> None:
    screen, entered = form
    assert screen.name_edit.text() == "潍坊市潍城区"
    screen._check_name()
    assert screen.name_findings.text() == ""    # no error for the bare prefix
    screen._next()
    assert entered[-1] == {"name": None} and screen.error.text() == ""
    screen._back()
    screen.name_edit.setText(screen.name_edit.text() + "张三便利店")
    screen._next()
    assert entered[-1] == {"name": "潍坊市潍城区张三便利店"}
    screen.reset()
    assert screen.name_edit.text() == "潍坊市潍城区"


def test_numeric_fields_ask_for_the_digit_pad(form) -> None:
    screen, _ = form
    assert screen.capital_edit.inputMethodHints() & Qt.InputMethodHint.ImhDigitsOnly
    assert screen.phone_edit.inputMethodHints() & Qt.InputMethodHint.ImhDialableCharactersOnly


@pytest.mark.parametrize(("typed", "first"), [("卖菜", "新鲜蔬菜零售"), ("早餐", "小餐饮、小食杂、食品小作坊经营")])
def test_everyday_words_find_the_scope(form, typed: str, first: str) -> None:
    screen, _ = form
    screen.scope_search.setText(typed)
    assert _rows(screen)[0][0] == first


def test_nothing_found_is_said_and_cannot_be_picked(form) -> None:
    screen, _ = form
    screen.scope_search.setText("飞机制造")
    ((text, value, enabled),) = _rows(screen)
    assert "没有找到“飞机制造”" in text and "按类别查找" in text
    assert value is None and not enabled


def test_browsing_by_category_then_picking(form) -> None:
    screen, _ = form
    screen.scope_search.setText("")
    rows = _rows(screen)
    assert all(text.startswith("▸ ") for text, _, _ in rows) and len(rows) >= 10
    food = next(i for i, (text, _, _) in enumerate(rows) if "餐饮" in text)
    screen._pick_scope(screen.scope_results.item(food))
    rows = _rows(screen)
    assert rows[0][1] == "categories" and "小餐饮、小食杂、食品小作坊经营" in [text for text, _, _ in rows]
    snack = next(i for i, (text, _, _) in enumerate(rows) if text == "小餐饮、小食杂、食品小作坊经营")
    screen._pick_scope(screen.scope_results.item(snack))
    assert screen.scope and "★ 小餐饮、小食杂、食品小作坊经营" in [text for text, _, _ in _rows(screen)]
    screen._pick_scope(screen.scope_results.item(0))   # back to the categories
    assert _rows(screen)[0][0].startswith("▸ ")
