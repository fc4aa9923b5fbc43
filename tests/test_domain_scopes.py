"""Business-scope catalogue: integrity of the shipped data and the search a resident types into."""

import re

import pytest

from domain import scopes

# GB/T 4754-2017: the 门类 letter of each 大类 (first two digits), as the official codes begin with it.
_SECTIONS = ((5, "A"), (12, "B"), (43, "C"), (46, "D"), (50, "E"), (52, "F"), (60, "G"), (62, "H"), (65, "I"),
             (69, "J"), (70, "K"), (72, "L"), (75, "M"), (79, "N"), (82, "O"), (83, "P"), (85, "Q"), (90, "R"),
             (96, "S"), (97, "T"))


def _section(industry: str) -> str:
    return next(letter for last, letter in _SECTIONS if int(industry[:2]) <= last)


def test_catalogue_is_large_unique_and_well_formed():
    items = scopes.catalogue()
    assert len(items) >= 320
    assert len({i.code for i in items}) == len(items)
    assert len({i.name for i in items}) == len(items)
    legacy = [i.legacy_code for i in items if i.legacy_code]
    assert len(set(legacy)) == len(legacy) == 279      # every old S-code still maps to one item
    for i in items:
        assert re.fullmatch(r"[A-T][0-9A-Z]{4}", i.code), i.code          # 门类 letter + 4 characters
        assert i.code[0] == _section(i.industry_code), i
        assert i.permit_type in ("general", "permit", "filing")
        assert all(re.fullmatch(r"\d{4}", c) for c in i.industries) and i.industry_name
        stages = {a.stage for a in i.approvals}
        assert all(a.licence and a.department for a in i.approvals)
        if i.permit_type == "permit":
            assert stages & {"前置", "后置"}, i.name           # which licence, from whom: the 双告知 needs it
        elif i.permit_type == "filing":
            assert stages == {"备案"}, i.name
        else:
            assert not i.approvals, i.name
        assert set(i.no_go) <= set(scopes.PREMISES_TYPES) and set(i.no_go.values()) <= {"reject", "review"}
        assert bool(i.no_go) == bool(i.no_go_source), i.name   # every no-go rule says where it comes from
        if i.code[1] != "X":
            assert i.source, i.name                              # an official-form code was confirmed somewhere
    names_by_industry = {}
    for i in items:
        assert names_by_industry.setdefault(i.industry_code, i.industry_name) == i.industry_name


def test_catalogue_size_and_confirmed_share():
    items = scopes.catalogue()
    confirmed = [i for i in items if i.source]                          # code, wording and permit type
    worded = [i for i in items if not i.source and i.wording_source]    # wording and permit type in a registered scope
    assert (len(items), len(confirmed), len(worded)) == (329, 25, 155)  # 55 % with a source; the rest marked null


@pytest.mark.parametrize(("code", "name", "permit_type"), [
    ("F1040", "食品销售（仅销售预包装食品）", "filing"),
    ("F3235", "食品互联网销售（仅销售预包装食品）", "filing"),
    ("H2003", "小餐饮、小食杂、食品小作坊经营", "permit"),
    ("F2077", "小食杂", "permit"),
    ("H2008", "餐饮服务（不产生油烟、异味、废气）", "permit"),
    ("H2002", "餐饮服务", "permit"),
])
def test_official_items_and_the_wordings_the_issue_names(code, name, permit_type):
    item = scopes.get(code)
    assert (item.name, item.permit_type) == (name, permit_type) and item.source


def test_wording_fixes_and_home_premises():
    bar = next(i for i in scopes.catalogue() if i.name.startswith("酒吧服务"))
    assert bar.name == "酒吧服务（不含演艺娱乐活动）" and bar.permit_type == "general" and bar.legacy_code == "S0121"
    assert scopes.get("S0073").code == "F1040"                    # the old code still resolves
    assert scopes.get("H2002").no_go == {"住宅": "reject", "商住": "review", "网络": "reject"}
    assert "住宅" not in scopes.get("H2008").no_go               # the item for home premises


@pytest.mark.parametrize(
    ("name", "permit"),
    [
        ("日用百货销售", False),
        ("服装服饰零售", False),
        ("理发服务", False),
        ("食品销售（仅销售预包装食品）", False),
        ("餐饮服务", True),
        ("酒吧服务（不含演艺娱乐活动）", False),
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
    ("卖菜", "新鲜蔬菜零售"), ("早餐", "小餐饮、小食杂、食品小作坊经营"),
    ("我想卖水果", "新鲜水果零售"), ("剪头", "理发服务"),
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
    assert "小餐饮、小食杂、食品小作坊经营" in [i.name for i in scopes.in_category("food")]
