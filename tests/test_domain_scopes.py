"""Business-scope catalogue: integrity of the shipped data and the search a resident types into."""

import re

import pytest

from domain import scopes


def test_catalogue_is_large_unique_and_well_formed():
    items = scopes.catalogue()
    assert len(items) >= 200
    assert len({i.code for i in items}) == len(items)
    assert len({i.name for i in items}) == len(items)
    for i in items:
        assert re.fullmatch(r"S\d{4}", i.code)
        assert re.fullmatch(r"\d{4}", i.industry_code) and i.industry_name
    names_by_industry = {}
    for i in items:
        assert names_by_industry.setdefault(i.industry_code, i.industry_name) == i.industry_name


@pytest.mark.parametrize(
    ("name", "permit"),
    [
        ("日用百货销售", False),
        ("服装服饰零售", False),
        ("理发服务", False),
        ("食品销售（仅销售预包装食品）", False),
        ("餐饮服务", True),
        ("食品销售", True),
        ("烟草制品零售", True),
        ("药品零售", True),
        ("危险化学品经营", True),
        ("住宅室内装饰装修", True),
    ],
)
def test_permit_flags(name, permit):
    (item,) = [i for i in scopes.catalogue() if i.name == name]
    assert item.permit_required is permit
    assert scopes.get(item.code) == item


def test_get_unknown_code():
    assert scopes.get("S9999") is None
    assert scopes.get("") is None


def test_codes_are_stable():
    assert scopes.get("S0001").name == "日用百货销售"
    assert scopes.get("S0001").industry_code == "5211"


@pytest.mark.parametrize(
    ("query", "expected_first"),
    [
        ("日用百货", "日用百货销售"),
        ("rybh", "日用百货销售"),
        ("RYBH", "日用百货销售"),
        ("riyongbaihuo", "日用百货销售"),
        ("理发", "理发服务"),
        ("lffw", "理发服务"),
        ("餐饮", "餐饮服务"),
        ("fzfsls", "服装服饰零售"),
    ],
)
def test_search_by_keyword_and_pinyin(query, expected_first):
    results = scopes.search(query)
    assert results and results[0].name == expected_first


def test_search_with_several_terms_and_limits():
    assert all("食品" in i.name and "预包装" in i.name for i in scopes.search("食品 预包装"))
    assert len(scopes.search("销售", limit=5)) == 5
    assert scopes.search("") == []
    assert scopes.search("   ") == []
    assert scopes.search("qqqqq") == []


# --- everyday words and categories (issue 15: 卖菜 and 早餐 found nothing) --------------------------------


@pytest.mark.parametrize(("query", "first"), [
    ("卖菜", "新鲜蔬菜零售"), ("早餐", "小餐饮"), ("我想卖水果", "新鲜水果零售"), ("剪头", "理发服务"),
    ("修手机", "通讯设备修理"), ("小卖部", "日用百货销售"), ("送外卖", "外卖递送服务"), ("收废品",
    "再生资源回收（除生产性废旧金属）"), ("开 饭店", "餐饮服务"), ("养鸡", "家禽饲养"),
])
def test_everyday_words_find_the_catalogue_entry_first(query, first):
    assert scopes.search(query)[0].name == first


def test_the_everyday_words_file_has_about_a_hundred_terms_all_naming_real_entries():
    words = scopes.everyday_words()
    assert len(words) >= 100
    names = {i.name for i in scopes.catalogue()}
    assert {(term, n) for term, ns in words.items() for n in ns if n not in names} == set()


def test_keyword_and_pinyin_search_still_work_next_to_everyday_words():
    assert scopes.search("rybh")[0].name == "日用百货销售"
    assert "理发服务" in [i.name for i in scopes.search("理发")]


def test_nothing_matching_is_an_empty_result_the_screen_can_say():
    assert scopes.search("飞机制造") == []


def test_every_entry_sits_in_exactly_one_shown_category():
    shown = scopes.categories()
    assert [c.key for c in shown][:4] == ["retail", "food", "personal", "repair"]
    assert sorted(i.code for c in shown for i in scopes.in_category(c.key)) == sorted(
        i.code for i in scopes.catalogue())
    assert "新鲜蔬菜零售" in [i.name for i in scopes.in_category("retail")]
    assert "小餐饮" in [i.name for i in scopes.in_category("food")]
