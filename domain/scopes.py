"""Business-scope catalogue (经营范围规范表述目录 subset) on the official schema, with keyword, pinyin-initial and
everyday-word search, and browsing by category.

The entries live in data/scopes.json (its source and date recorded there): official-form codes (门类 letter +
4 characters), permit type (general / 许可 / general with 备案), entity types, GB/T 4754 industries, the
approvals an item needs (licence, department, 前置/后置/备案) and the premises types it may not use. The old
S-codes stay valid through `get`, so existing registrations and pre-filled QR codes keep resolving. Everyday
words (卖菜, 早餐 …) map to entries by name in data/scope_synonyms.csv; categories group entries by the first
two digits of their GB/T 4754 industry (门类/大类) under names residents use.
"""

from __future__ import annotations

import csv
import functools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pypinyin import Style, lazy_pinyin

_DATA = Path(__file__).parent / "data" / "scopes.json"
_SYNONYMS = Path(__file__).parent / "data" / "scope_synonyms.csv"

PermitType = Literal["general", "permit", "filing"]
PREMISES_TYPES = ("商铺", "住宅", "商住", "网络")


@dataclass(frozen=True)
class Approval:
    licence: str       # 食品经营许可证
    department: str    # 市场监管部门
    stage: Literal["前置", "后置", "备案"]
    source: str | None  # where it was confirmed; None: unconfirmed


@dataclass(frozen=True)
class ScopeItem:
    code: str
    name: str
    permit_type: PermitType
    industry_code: str    # GB/T 4754-2017 小类 (the first of `industries`)
    industry_name: str
    industries: tuple[str, ...] = ()
    approvals: tuple[Approval, ...] = ()
    no_go: dict[str, str] = field(default_factory=dict, hash=False, compare=False)   # premises type → reject/review
    no_go_source: str | None = None
    entity_types: tuple[str, ...] | None = None
    source: str | None = None     # where code, wording and permit type were confirmed; None: unconfirmed
    wording_source: str | None = None   # a registered scope using this wording (and permit type); code unconfirmed
    legacy_code: str | None = None

    @property
    def permit_required(self) -> bool:
        """A 许可项目: approved automatically only with a 双告知 notice where the district allows it."""
        return self.permit_type == "permit"

    @property
    def needs_filing(self) -> bool:
        return self.permit_type == "filing"


def _item(r: dict[str, Any]) -> ScopeItem:
    no_go = dict(r["no_go"])
    return ScopeItem(
        code=r["code"], name=r["name"], permit_type=r["permit_type"], industry_code=r["industries"][0],
        industry_name=r["industry_name"], industries=tuple(r["industries"]),
        approvals=tuple(Approval(a["licence"], a["department"], a["stage"], a["source"]) for a in r["approvals"]),
        no_go_source=no_go.pop("source", None), no_go=no_go,
        entity_types=tuple(r["entity_types"]) if r["entity_types"] is not None else None,
        source=r["source"], wording_source=r.get("wording_source"), legacy_code=r["legacy_code"])


@dataclass(frozen=True)
class _Indexed:
    item: ScopeItem
    initials: str   # "rybhxs" for 日用百货销售
    spelled: str    # "riyongbaihuoxiaoshou"


def _hanzi_only(name: str) -> str:
    return "".join(c for c in name if "\u4e00" <= c <= "\u9fff")


@functools.cache
def _index() -> tuple[_Indexed, ...]:
    items = [_item(r) for r in json.loads(_DATA.read_text(encoding="utf-8"))["items"]]
    return tuple(
        _Indexed(
            item,
            "".join(lazy_pinyin(_hanzi_only(item.name), style=Style.FIRST_LETTER)),
            "".join(lazy_pinyin(_hanzi_only(item.name))),
        )
        for item in items
    )


@functools.cache
def _by_code() -> dict[str, ScopeItem]:
    codes = {e.item.code: e.item for e in _index()}
    return {**{e.item.legacy_code: e.item for e in _index() if e.item.legacy_code}, **codes}


def catalogue() -> tuple[ScopeItem, ...]:
    return tuple(e.item for e in _index())


def get(code: str) -> ScopeItem | None:
    """The item of an official-form code or of its old S-code."""
    return _by_code().get(code)


def _position(entry: _Indexed, term: str) -> int | None:
    """Where the term matches (lower is better), or None. ASCII terms match pinyin initials or full pinyin."""
    if term.isascii():
        hits = [p for p in (entry.initials.find(term), entry.spelled.find(term)) if p >= 0]
        return min(hits) if hits else None
    p = entry.item.name.find(term)
    return p if p >= 0 else None


@functools.cache
def everyday_words() -> dict[str, tuple[str, ...]]:
    """Everyday word → catalogue entry names, best first."""
    with _SYNONYMS.open(encoding="utf-8", newline="") as f:
        rows = csv.DictReader(line for line in f if not line.startswith("#"))
        return {r["term"]: tuple(r["names"].split("|")) for r in rows}


@functools.cache
def _by_name() -> dict[str, ScopeItem]:
    return {e.item.name: e.item for e in _index()}


def everyday_matches(query: str) -> list[ScopeItem]:
    """Entries for the everyday words in the query ("我想卖菜" → 新鲜蔬菜零售 …), longer words first."""
    text = "".join(query.split())
    found: list[ScopeItem] = []
    for term in sorted(everyday_words(), key=len, reverse=True):
        if term in text:
            # A name the catalogue no longer has is skipped: the synonyms file follows it, never breaks it.
            found += [item for name in everyday_words()[term] if (item := _by_name().get(name)) is not None]
    return list(dict.fromkeys(found))


def search(query: str, limit: int = 20) -> list[ScopeItem]:
    """Entries for everyday words first, then entries matching every whitespace-separated term (earlier
    matches, then shorter names, first). Empty when nothing matches: the caller says so."""
    terms = query.lower().split()
    if not terms:
        return []
    everyday = everyday_matches(query)
    ranked = []
    for order, entry in enumerate(_index()):
        positions = [_position(entry, t) for t in terms]
        if all(p is not None for p in positions):
            ranked.append((sum(positions), len(entry.item.name), order, entry.item))
    ranked.sort(key=lambda r: r[:3])
    return list(dict.fromkeys([*everyday, *(r[3] for r in ranked)]))[:limit]


@dataclass(frozen=True)
class Category:
    key: str
    name: str
    divisions: tuple[str, ...]   # GB/T 4754 大类 (first two digits of the industry code)


# In the order a resident looks for them; "other" takes what no other category claims.
CATEGORIES: tuple[Category, ...] = (
    Category("retail", "开店卖东西（零售）", ("52",)),
    Category("food", "饭店、小吃、饮品（餐饮）", ("62",)),
    Category("personal", "理发美容、洗衣家政等生活服务", ("80", "82")),
    Category("repair", "修理（家电、车辆、日用品）", ("81",)),
    Category("wholesale", "批发", ("51",)),
    Category("lodging", "旅馆、民宿（住宿）", ("61",)),
    Category("farming", "种植、养殖", ("01", "02", "03", "04", "05")),
    Category("making", "加工制作", tuple(f"{n:02d}" for n in range(13, 44))),
    Category("building", "装修、建筑安装", ("47", "48", "49", "50")),
    Category("transport", "运输、快递、搬运、仓储", ("53", "54", "55", "56", "57", "58", "59", "60")),
    Category("renting", "出租（房屋、车辆、用品）", ("70", "71")),
    Category("business", "打印复印、广告、咨询等商务服务", ("72", "73", "74", "75")),
    Category("internet", "网络、软件、信息服务", ("63", "64", "65")),
    Category("culture", "教育培训、文化、体育、娱乐", ("83", "86", "87", "88", "89", "90")),
    Category("care", "养老、托育、医疗健康", ("84", "85")),
    Category("other", "其他", ()),
)


def category_of(item: ScopeItem) -> Category:
    division = item.industry_code[:2]
    return next((c for c in CATEGORIES if division in c.divisions), CATEGORIES[-1])


def categories() -> tuple[Category, ...]:
    """The categories that hold at least one entry, in display order."""
    used = {category_of(item).key for item in catalogue()}
    return tuple(c for c in CATEGORIES if c.key in used)


def in_category(key: str) -> list[ScopeItem]:
    return [item for item in catalogue() if category_of(item).key == key]
