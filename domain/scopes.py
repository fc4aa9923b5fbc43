"""Business-scope catalogue (经营范围规范表述 subset) with keyword and pinyin-initial search.

The entries live in data/scopes.csv; a 许可项目 (permit_required) cannot be approved automatically.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

from pypinyin import Style, lazy_pinyin

_DATA = Path(__file__).parent / "data" / "scopes.csv"


@dataclass(frozen=True)
class ScopeItem:
    code: str
    name: str
    permit_required: bool
    industry_code: str    # GB/T 4754-2017 小类
    industry_name: str


@dataclass(frozen=True)
class _Indexed:
    item: ScopeItem
    initials: str   # "rybhxs" for 日用百货销售
    spelled: str    # "riyongbaihuoxiaoshou"


def _hanzi_only(name: str) -> str:
    return "".join(c for c in name if "\u4e00" <= c <= "\u9fff")


@functools.cache
def _index() -> tuple[_Indexed, ...]:
    with _DATA.open(encoding="utf-8", newline="") as f:
        rows = csv.DictReader(line for line in f if not line.startswith("#"))
        items = [
            ScopeItem(r["code"], r["name"], r["permit_required"] == "1", r["industry_code"], r["industry_name"])
            for r in rows
        ]
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
    return {e.item.code: e.item for e in _index()}


def catalogue() -> tuple[ScopeItem, ...]:
    return tuple(e.item for e in _index())


def get(code: str) -> ScopeItem | None:
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
