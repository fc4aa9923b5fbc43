"""Business-name rules as a resident at a 潍城区 terminal would meet them."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.names import (
    Clash,
    ClashKind,
    check_business_name,
    compare_names,
    division_prefixes,
    name_parts,
    normalise_name,
    split_name,
    trade_fragments,
)

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


# --- The 2017 comparison rules (工商企注字〔2017〕133号), their own examples put as 个体工商户 names ----------

def _parts(name):
    parts = split_name(name, WEICHENG)
    assert parts is not None
    return parts


@pytest.mark.parametrize(
    ("proposed", "existing", "kind", "why"),
    [
        # Art. 3(3): 北京红光酒业有限公司 / 北京红光酒厂 — same 字号 and 行业, only the 组织形式 differs.
        ("潍城区红光酒厂", "潍城区红光酒业店", ClashKind.IDENTICAL, "identical"),
        ("潍城区张三便利部", "潍城区张三便利店", ClashKind.IDENTICAL, "identical"),
        ("潍坊市潍城区张三便利店", "潍城区张三便利店", ClashKind.IDENTICAL, "identical"),
        # Art. 4(1): 万青地产 / 万青房地产 / 万青置业 — same 字号, 行业 worded differently with the same meaning.
        ("潍城区万青房地产中心", "潍城区万青地产中心", ClashKind.NEAR, "equivalent_industry"),
        ("潍城区万青置业中心", "潍城区万青地产中心", ClashKind.NEAR, "equivalent_industry"),
        ("潍城区李四美发店", "潍城区李四理发店", ClashKind.NEAR, "equivalent_industry"),
        # Art. 4(2): a same-sounding 字号 in the same industry.
        ("潍城区欣源建材店", "潍城区鑫源建材部", ClashKind.NEAR, "homophone"),
        ("潍城区鑫园五金店", "潍城区新源五金店", ClashKind.NEAR, "homophone"),
        # Art. 4(3): the 字号 contains a registered 字号 of the same industry.
        ("潍城区新红光酒坊", "潍城区红光酒厂", ClashKind.NEAR, "contains"),
    ],
)
def test_comparison_rule_examples(proposed, existing, kind, why):
    clash = compare_names(_parts(proposed), _parts(existing))
    assert clash == Clash(kind, why)


@pytest.mark.parametrize(
    ("proposed", "existing"),
    [
        ("潍城区红光五金店", "潍城区红光酒厂"),       # same 字号, other industry
        ("潍城区张三便利店", "潍城区李四便利店"),     # other 字号
        ("潍城区红光酒厂", "潍城区新红光酒坊"),       # the registered 字号 contains the proposed one: not Art. 4(3)
    ],
)
def test_names_that_do_not_clash(proposed, existing):
    assert compare_names(_parts(proposed), _parts(existing)) is None


def test_split_name_reads_trade_and_industry():
    parts = _parts("潍坊市潍城区鑫源五金建材经营部")
    assert (parts.trade, parts.pinyin) == ("鑫源", "xin yuan")
    assert _parts("潍城区红光酒业店") == name_parts("红光", "酒业") == name_parts("红光", "酒")
    assert split_name("潍城区小吃店", WEICHENG) is None


@given(st.text(alphabet="红光鑫源欣园新张三李四", min_size=2, max_size=4),
       st.sampled_from(["便利", "地产", "房地产", "五金", "酒", "面馆", "理发"]))
def test_a_name_is_identical_to_itself_and_sounds_like_itself(trade, industry):
    parts = name_parts(trade, industry)
    assert compare_names(parts, parts) == Clash(ClashKind.IDENTICAL, "identical")
    assert trade_fragments(trade) and trade in trade_fragments(trade)


def test_the_name_prefix_a_terminal_prefills_is_one_the_rules_accept():
    from domain.names import name_prefix

    assert name_prefix(WEICHENG) == "潍坊市潍城区"
    assert check_business_name(name_prefix(WEICHENG) + "张三便利店", WEICHENG) == []
    assert name_prefix("110101") == "东城区"   # no prefecture city above a Beijing district
