"""Business-name rules as a resident at a 潍城区 terminal would meet them."""

import pytest

from domain.names import check_business_name, division_prefixes, normalise_name

WEICHENG = "370702"


@pytest.mark.parametrize(
    "name",
    [
        "潍城区张三便利店",
        "潍坊市潍城区张三便利店",
        "山东省潍坊市潍城区老王面馆",
        "潍城区张三便利店（个体工商户）",
        "潍城区张三便利店(个体工商户)",
        "潍城区于河街道李四理发店",
        "潍城区鑫源五金经营部",
        "潍城区巧手裁缝铺",
        "潍城区明德文化传播中心",
        "潍城区小燕子摄影工作室",
    ],
)
def test_clean_names_pass(name):
    assert check_business_name(name, WEICHENG) == []


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("奎文区张三便利店", "name_division_mismatch"),
        ("张三便利店", "name_division_mismatch"),
        ("潍坊市张三便利店", "name_division_mismatch"),
        ("潍城区中国结饰品店", "name_forbidden_word"),
        ("潍城区中华小吃店", "name_forbidden_word"),
        ("潍城区全国连锁便利店", "name_forbidden_word"),
        ("潍城区国际贸易商行", "name_forbidden_word"),
        ("潍城区国家粮油店", "name_forbidden_word"),
        ("潍城区樱花日本料理店", "name_foreign_place"),
        ("潍城区张三科技有限公司", "name_forbidden_form"),
        ("潍城区张三贸易企业", "name_forbidden_form"),
        ("潍城区张三农民专业合作社", "name_forbidden_form"),
        ("潍城区张三便利", "name_missing_form"),
        ("潍城区小吃店", "name_trade_name_too_short"),
        ("潍城区ABC便利店", "name_has_letters"),
        ("潍城区ｚhang便利店", "name_has_letters"),
        ("潍城区张三123店", "name_has_digits"),
        ("潍城区张三１号店", "name_has_digits"),
        ("潍城区张三，便利店", "name_has_punctuation"),
        ("潍城区张三 便利店", "name_has_punctuation"),
        ("", "name_empty"),
        ("（个体工商户）", "name_empty"),
    ],
)
def test_rejected_names(name, code):
    findings = check_business_name(name, WEICHENG)
    assert code in {f.code for f in findings}
    assert any(f.severity == "reject" for f in findings)
    assert all(f.message_zh for f in findings)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("潍城区雷锋便利店", "name_sensitive_word"),
        ("潍城区秦桧烧饼店", "name_sensitive_word"),
        ("潍城区建军五金店", "name_sensitive_word"),
        ("潍城区红党烟酒行", "name_sensitive_word"),
        ("潍城区张三中央空调经营部", "name_sensitive_word"),
        ("潍城区潍坊烧烤店", "name_place_as_trade_name"),
        ("潍城区潍城烧烤店", "name_place_as_trade_name"),
        ("潍城区山东大饼店", "name_place_as_trade_name"),
    ],
)
def test_names_for_manual_review(name, code):
    findings = check_business_name(name, WEICHENG)
    assert [(f.code, f.severity) for f in findings] == [(code, "review")]


def test_messages_are_chinese_and_name_the_word():
    (finding,) = check_business_name("潍城区中国结饰品店", WEICHENG)
    assert finding.message_zh == "名称不能使用“中国”字样"
    (finding,) = check_business_name("奎文区张三便利店", WEICHENG)
    assert "潍城区" in finding.message_zh


def test_suffix_can_be_required_by_policy():
    codes = {f.code for f in check_business_name("潍城区张三便利店", WEICHENG, require_suffix=True)}
    assert codes == {"name_missing_suffix"}
    assert check_business_name("潍城区张三便利店（个体工商户）", WEICHENG, require_suffix=True) == []


def test_other_divisions():
    assert check_business_name("北京市东城区张三便利店", "110101") == []
    assert check_business_name("东城区张三便利店", "110101") == []
    assert check_business_name("东莞市张三便利店", "441900") == []
    assert division_prefixes(WEICHENG) == ("山东省潍坊市潍城区", "潍坊市潍城区", "潍城区")
    with pytest.raises(ValueError):
        check_business_name("潍坊市张三便利店", "370700")


def test_normalise_name_for_duplicate_checks():
    key = normalise_name("潍城区张三便利店")
    assert normalise_name(" 潍城区 张三便利店（个体工商户）") == key
    assert normalise_name("潍城区张三便利店(个体工商户)") == key
    assert normalise_name("潍城区张三·便利店") == key
    assert normalise_name("潍城区张四便利店") != key


def test_the_name_prefix_a_terminal_prefills_is_one_the_rules_accept():
    from domain.names import name_prefix

    assert name_prefix(WEICHENG) == "潍坊市潍城区"
    assert check_business_name(name_prefix(WEICHENG) + "张三便利店", WEICHENG) == []
    assert name_prefix("110101") == "东城区"   # no prefecture city above a Beijing district
