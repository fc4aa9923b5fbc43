"""Business-scope catalogue (经营范围规范表述目录 subset) on the official schema, with keyword and pinyin search.

The entries live in data/scopes.json (its source and date recorded there): official-form codes (门类 letter +
4 characters), permit type (general / 许可 / general with 备案), entity types, GB/T 4754 industries, the
approvals an item needs (licence, department, 前置/后置/备案) and the premises types it may not use. The old
S-codes stay valid through `get`, so existing registrations and pre-filled QR codes keep resolving.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pypinyin import Style, lazy_pinyin

_DATA = Path(__file__).parent / "data" / "scopes.json"

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


def search(query: str, limit: int = 20) -> list[ScopeItem]:
    """Entries matching every whitespace-separated term; earlier matches, then shorter names, come first."""
    terms = query.lower().split()
    if not terms:
        return []
    ranked = []
    for order, entry in enumerate(_index()):
        positions = [_position(entry, t) for t in terms]
        if all(p is not None for p in positions):
            ranked.append((sum(positions), len(entry.item.name), order, entry.item))
    ranked.sort(key=lambda r: r[:3])
    return [r[3] for r in ranked[:limit]]
