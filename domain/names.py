"""Mechanical business-name rules for 个体工商户 (个体工商户名称登记管理办法 Arts. 6–11, 企业名称登记管理规定).

Structure 行政区划 + 字号 + 行业 + 组织形式, optionally followed by （个体工商户）. "reject" findings block the
name at the kiosk; "review" findings send the application to a person. Whether a name is identical or nearly
identical to an existing one needs the back office's name store: it compares `normalise_name` keys.
"""

from __future__ import annotations

import enum
import functools
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pypinyin import lazy_pinyin

from domain import divisions

Severity = Literal["reject", "review"]

SUFFIX = "(个体工商户)"   # compared after NFKC, so the full-width （个体工商户） matches too

# 组织形式 a 个体工商户 may use; the name must end with one of them.
ORGANISATION_FORMS: tuple[str, ...] = (
    "店", "馆", "部", "行", "厂", "中心", "坊", "社", "屋", "摊", "铺", "所", "场", "园", "庄", "苑", "斋",
    "堂", "阁", "居", "城", "站", "室", "院", "吧", "工作室",
)
# Forms reserved for companies and cooperatives (and words that only make sense for them).
FORBIDDEN_FORMS: tuple[str, ...] = ("农民专业合作社", "合作社", "企业", "公司", "集团", "有限", "股份")
FORBIDDEN_WORDS: tuple[str, ...] = (
    "中国", "中华", "全国", "国家", "国际", "世界", "环球", "联合国", "奥林匹克", "奥运", "红十字",
    "共产党", "国民党", "国务院", "政府", "政协", "公安", "法院", "检察院", "解放军", "武警", "部队", "军区",
)
FOREIGN_PLACES: tuple[str, ...] = (
    "美国", "英国", "法国", "德国", "日本", "韩国", "朝鲜", "俄罗斯", "意大利", "西班牙", "加拿大", "澳大利亚",
    "新加坡", "泰国", "越南", "印度", "巴西", "欧洲", "美洲", "非洲", "巴黎", "伦敦", "纽约", "东京", "首尔",
)
# Not forbidden outright but a person must look: leaders, martyrs and models, infamous figures, party/army/
# police, words with a common innocent use (中央空调, 个人大排档), superlatives, gambling and drugs.
SENSITIVE_WORDS: tuple[str, ...] = (
    "毛泽东", "周恩来", "刘少奇", "朱德", "邓小平", "江泽民", "胡锦涛", "习近平", "李克强", "孙中山",
    "雷锋", "焦裕禄", "董存瑞", "黄继光", "秦桧", "汪精卫", "希特勒",
    "党", "军", "警", "中央", "人大", "特供", "专供", "皇家", "御用", "第一", "顶级", "最",
    "赌", "毒", "彩票", "博彩",
)
MIN_TRADE_AND_INDUSTRY_CHARS = 3   # 字号 of at least 2 characters plus at least 1 for the industry

_SHORT_SUFFIXES = (
    "维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "自治州", "地区", "省", "市", "盟",
    "区", "县", "旗",
)


_GROUPINGS = ("省直辖县级行政单位", "自治区直辖县级行政单位")


@dataclass(frozen=True)
class Finding:
    code: str
    message_zh: str
    severity: Severity


def _is_hanzi(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _strip_suffix(name: str) -> tuple[str, bool]:
    s = name.strip()
    if unicodedata.normalize("NFKC", s).endswith(SUFFIX):
        return s[: -len(SUFFIX)].rstrip(), True
    return s, False


def _short(name: str) -> str | None:
    for suffix in _SHORT_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return None


@functools.cache
def _higher_place_names() -> tuple[str, ...]:
    """Province and prefecture names, full and short, plus every county's full name; longest first."""
    names: set[str] = set()
    for d in divisions.all_divisions():
        names.add(d.name)
        if not divisions.is_county(d.code) or d.code.endswith("00"):
            short = _short(d.name)
            if short:
                names.add(short)
    return tuple(sorted(names, key=len, reverse=True))


def division_prefixes(division_code: str) -> tuple[str, ...]:
    """The ways a name may begin for this county: 潍城区, 潍坊市潍城区, 山东省潍坊市潍城区 (longest first)."""
    if not divisions.is_county(division_code):
        raise ValueError(f"not a county-level division code: {division_code!r}")
    chain = [d.name for d in divisions.lineage(division_code) if d.name not in _GROUPINGS]
    return tuple("".join(chain[i:]) for i in range(len(chain)))


def name_prefix(division_code: str) -> str:
    """What a name field starts with at this terminal: prefecture city and county (潍坊市潍城区), the form the
    screen's example uses; the county alone where it has no prefecture city above it."""
    prefixes = division_prefixes(division_code)
    return prefixes[-2] if len(prefixes) >= 3 else prefixes[-1]


def _characters(name: str) -> list[Finding]:
    findings = []
    letters = any(unicodedata.category(c).startswith("L") and not _is_hanzi(c) for c in name)
    digits = any(unicodedata.category(c).startswith("N") for c in name)
    other = any(not unicodedata.category(c).startswith(("L", "N")) for c in name)
    if letters:
        findings.append(Finding("name_has_letters", "名称不能含有字母、汉语拼音或外国文字", "reject"))
    if digits:
        findings.append(Finding("name_has_digits", "名称不能含有阿拉伯数字，请用汉字书写", "reject"))
    if other:
        findings.append(Finding("name_has_punctuation", "名称不能含有标点符号、空格或其他符号", "reject"))
    return findings


def _words(body: str) -> list[Finding]:
    findings = [
        Finding("name_forbidden_word", f"名称不能使用“{w}”字样", "reject") for w in FORBIDDEN_WORDS if w in body
    ]
    findings += [
        Finding("name_foreign_place", f"名称不能使用外国国家（地区）名称“{w}”", "reject")
        for w in FOREIGN_PLACES if w in body
    ]
    findings += [
        Finding("name_sensitive_word", f"名称含有需人工审核的字词“{w}”", "review") for w in SENSITIVE_WORDS if w in body
    ]
    return findings


def _structure(rest: str, own_short: str | None) -> list[Finding]:
    forbidden = [f for f in FORBIDDEN_FORMS if f in rest]
    if forbidden:
        return [Finding("name_forbidden_form", f"个体工商户名称不能使用“{forbidden[0]}”作组织形式或字样", "reject")]
    form = next((f for f in sorted(ORGANISATION_FORMS, key=len, reverse=True) if rest.endswith(f)), None)
    if form is None:
        return [Finding("name_missing_form", "名称应以组织形式结尾，如“店”“馆”“部”“行”“厂”“中心”", "reject")]
    middle = rest[: -len(form)]
    if len(middle) < MIN_TRADE_AND_INDUSTRY_CHARS:
        return [Finding("name_trade_name_too_short", "名称应包含至少2个字的字号和行业，例如“潍城区张三便利店”",
                        "reject")]
    places = (*_higher_place_names(), *((own_short,) if own_short else ()))
    place = next((p for p in places if middle.startswith(p)), None)
    if place is not None:
        return [Finding("name_place_as_trade_name", f"字号“{place}”是县级以上行政区划名称，需人工审核", "review")]
    return []


def check_business_name(name: str, division_code: str, *, require_suffix: bool = False) -> list[Finding]:
    """Every rule the name breaks (empty list = mechanically clean). division_code is the terminal's county.

    require_suffix: whether （个体工商户） must be appended (a local policy, see the research notes); it is always
    accepted.
    """
    prefixes = division_prefixes(division_code)
    stripped, had_suffix = _strip_suffix(name)
    if not stripped:
        return [Finding("name_empty", "请填写名称", "reject")]
    findings = _characters(stripped)
    if require_suffix and not had_suffix:
        findings.append(Finding("name_missing_suffix", "名称后应加注“（个体工商户）”", "reject"))
    prefix = next((p for p in prefixes if stripped.startswith(p)), None)
    if prefix is None:
        findings.append(Finding(
            "name_division_mismatch", f"名称应以本辖区行政区划名称开头，例如“{prefixes[-1]}”或“{prefixes[-2]}”",
            "reject",
        ))
        body = stripped
    else:
        body = stripped[len(prefix):]
        if not findings:
            findings += _structure(body, _short(prefixes[-1]))
    return findings + _words(body)


_NOT_KEPT = re.compile(r"[\W_]+")


def normalise_name(name: str) -> str:
    """Comparison key for identical-name checks: NFKC, no suffix, no whitespace or punctuation, upper case."""
    stripped, _ = _strip_suffix(unicodedata.normalize("NFKC", name))
    return _NOT_KEPT.sub("", stripped).upper()


# --- Comparing names (企业名称相同相近比对规则, 工商企注字〔2017〕133号) ---------------------------------------

_INDUSTRIES = Path(__file__).parent / "data" / "name_industries.json"


class ClashKind(enum.StrEnum):
    IDENTICAL = "identical"   # Art. 3: same 字号 and same 行业 wording, whatever the 组织形式 → refused
    NEAR = "near"             # Art. 4: equivalent 行业, same-sounding 字号 or a 字号 containing another → a person


@dataclass(frozen=True)
class NameParts:
    """What the comparison rules look at: the 字号, the 行业 wording and the industry it belongs to."""

    trade: str            # 字号
    industry: str         # 行业 wording, a trailing 业 dropped (红光酒业 = 红光酒厂: the same 行业 text)
    industry_class: str   # equivalent wordings (地产 / 房地产 / 置业) share this
    pinyin: str           # the 字号 read without tones: same-sounding 字号 compare equal


@dataclass(frozen=True)
class Clash:
    kind: ClashKind
    why: str   # identical / equivalent_industry / homophone / contains


@functools.cache
def _industry_table() -> tuple[dict[str, str], tuple[str, ...]]:
    """(wording → class, every wording longest first)."""
    data = json.loads(_INDUSTRIES.read_text(encoding="utf-8"))
    classes: dict[str, str] = {}
    for group in data["equivalent"]:
        for word in group:
            classes[_drop_ye(word)] = _drop_ye(group[0])
    for word in data["words"]:
        classes.setdefault(_drop_ye(word), _drop_ye(word))
    words = {*data["words"], *(w for g in data["equivalent"] for w in g)}
    return classes, tuple(sorted(words | {w + "业" for w in words}, key=len, reverse=True))


def _drop_ye(word: str) -> str:
    return word[:-1] if len(word) > 1 and word[-1] == "业" else word


@functools.cache
def _char_pinyin(ch: str) -> str:
    # One reading per character, cached: both sides of a comparison read a character the same way, and a
    # million-row import cannot afford pypinyin's phrase segmentation for every 字号.
    return lazy_pinyin(ch)[0]


def trade_pinyin(trade: str) -> str:
    return " ".join(_char_pinyin(ch) for ch in trade)


def name_parts(trade: str, industry: str) -> NameParts:
    """Comparison parts from a 字号 and a 行业 wording (as the authority's register lists them)."""
    classes, _ = _industry_table()
    text = _drop_ye(industry)
    return NameParts(trade, text, classes.get(text, text), trade_pinyin(trade))


def split_name(name: str, division_code: str) -> NameParts | None:
    """字号 and 行业 of a proposed name (行政区划 and 组织形式 removed); None when the name has no 字号 to compare.

    The 行业 is the longest known wording the name ends with before its 组织形式; an unknown one is taken as
    the last two characters, so an unusual industry still compares with itself.
    """
    body = normalise_name(name)
    prefix = next((p for p in division_prefixes(division_code) if body.startswith(p)), "")
    body = body[len(prefix):]
    form = next((f for f in sorted(ORGANISATION_FORMS, key=len, reverse=True) if body.endswith(f)), "")
    middle = body[: len(body) - len(form)]
    if middle[-2:] == "经营":   # 五金经营部: 经营 belongs to the form
        middle = middle[:-2]
    if len(middle) < MIN_TRADE_AND_INDUSTRY_CHARS:
        return None
    _, words = _industry_table()
    industry = next((w for w in words if middle.endswith(w) and len(middle) - len(w) >= 2), middle[-2:]
                    if len(middle) >= 4 else middle[-1:])
    return name_parts(middle[: -len(industry)], industry)


def compare_names(proposed: NameParts, existing: NameParts) -> Clash | None:
    """How the 2017 rules see a proposed name beside an existing one of the same registering authority."""
    if proposed.industry_class != existing.industry_class:
        return None   # not the same industry: the rules compare 字号 only within one
    if proposed.trade == existing.trade:
        if proposed.industry == existing.industry:
            return Clash(ClashKind.IDENTICAL, "identical")
        return Clash(ClashKind.NEAR, "equivalent_industry")
    if proposed.pinyin == existing.pinyin:
        return Clash(ClashKind.NEAR, "homophone")
    if existing.trade in proposed.trade:   # Art. 4(3): the proposed 字号 contains a registered one
        return Clash(ClashKind.NEAR, "contains")
    return None


def trade_fragments(trade: str) -> tuple[str, ...]:
    """Every part of a 字号 of two or more characters: the 字号 a proposed one may contain, for an index look-up."""
    return tuple({trade[i:j] for i in range(len(trade)) for j in range(i + 2, len(trade) + 1)})
