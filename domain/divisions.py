"""Administrative divisions of China (GB/T 2260) down to county level, from the dated snapshot in data/.

The snapshot's source and year are in data/divisions.meta.json; data/build_divisions.py regenerates it.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

_DATA = Path(__file__).parent / "data" / "divisions.csv"
# Prefecture-level groupings that are not places and so never appear in a written name.
_GROUPINGS = frozenset({"省直辖县级行政单位", "自治区直辖县级行政单位"})


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    parent: str | None   # None for provinces


@dataclass(frozen=True)
class _Table:
    by_code: dict[str, Division]
    children: dict[str, list[Division]]


@functools.cache
def _table() -> _Table:
    by_code: dict[str, Division] = {}
    children: dict[str, list[Division]] = {}
    with _DATA.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            d = Division(row["code"], row["name"], row["parent"] or None)
            by_code[d.code] = d
            if d.parent:
                children.setdefault(d.parent, []).append(d)
    return _Table(by_code, children)


def get(code: str) -> Division | None:
    return _table().by_code.get(code)


def all_divisions() -> tuple[Division, ...]:
    return tuple(_table().by_code.values())


def lineage(code: str) -> list[Division]:
    """Province first, the division itself last; [] for an unknown code."""
    chain = []
    d = get(code)
    while d is not None:
        chain.append(d)
        d = get(d.parent) if d.parent else None
    return chain[::-1]


def full_name(code: str) -> str:
    """The written name from the province down, e.g. 山东省潍坊市潍城区; '' for an unknown code."""
    return "".join(d.name for d in lineage(code) if d.name not in _GROUPINGS)


def children(code: str) -> list[Division]:
    return list(_table().children.get(code, ()))


def is_county(code: str) -> bool:
    """County level, i.e. what registers a business: a county, or a prefecture city without counties (东莞)."""
    d = get(code)
    if d is None or d.parent is None:
        return False
    return not code.endswith("00") or not children(code)
