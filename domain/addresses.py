"""Structured premises (Shandong 市场主体住所(经营场所)登记管理办法 Art. 4–6): the address in its parts, the landmark
fallback, the 网络经营场所, the standard-address data per district and the 申报承诺书 the resident accepts.

A district's standard addresses live in data/addresses/<division code>.json:
    {"division_code": "370702", "note": "...",
     "towns": [{"name": "城关街道", "villages": [{"name": "十笏园社区", "roads": ["胜利西街", ...]}, ...]}, ...]}
Districts without a file are entered freely.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

_DATA = Path(__file__).parent / "data"

BEARINGS: tuple[str, ...] = ("东", "东南", "南", "西南", "西", "西北", "北", "东北")
MAX_DISTANCE_M = 5000


@dataclass(frozen=True)
class AddressParts:
    """乡镇(街道) / 村(社区) / 街(路) / 门牌号 / 楼号、房间号; without a 门牌号, a landmark, bearing and distance."""

    town: str = ""
    village: str = ""
    road: str = ""
    house_number: str = ""
    room: str = ""
    landmark: str = ""
    bearing: str = ""
    distance_m: int | None = None

    def text(self) -> str:
        """The one-line address printed on the license."""
        if self.house_number:
            number = self.house_number + ("" if self.house_number.endswith("号") else "号")
            return f"{self.town}{self.village}{self.road}{number}{self.room}"
        where = f"{self.landmark}{self.bearing}{self.distance_m}米" if self.landmark else ""
        return f"{self.town}{self.village}{self.road}{where}{self.room}"

    def to_json(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items() if v not in ("", None)}

    @classmethod
    def from_json(cls, data: dict[str, object]) -> AddressParts:
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})  # type: ignore[arg-type]


@dataclass(frozen=True)
class OnlineShop:
    """A 网络经营场所: the e-commerce platform and the shop's address on it."""

    platform: str
    url: str

    def text(self) -> str:
        return f"{self.platform}网店（{self.url}）"


@dataclass(frozen=True)
class Promise:
    """The 住所(经营场所)申报承诺书 the resident accepted: which text, and when (ISO 8601 with offset)."""

    version: str
    accepted_at: str


@dataclass(frozen=True)
class PromiseText:
    version: str
    title: str
    text: str


@functools.cache
def promise_text() -> PromiseText:
    data = json.loads((_DATA / "premises_promise.json").read_text(encoding="utf-8"))
    return PromiseText(data["version"], data["title"], data["text"])


@dataclass(frozen=True)
class StandardAddresses:
    """One district's standard-address choices: towns → villages → roads."""

    towns: dict[str, dict[str, tuple[str, ...]]]

    def town_names(self) -> tuple[str, ...]:
        return tuple(self.towns)

    def villages(self, town: str) -> tuple[str, ...]:
        return tuple(self.towns.get(town, {}))

    def roads(self, town: str, village: str) -> tuple[str, ...]:
        return self.towns.get(town, {}).get(village, ())


def parse_standard(data: dict[str, object]) -> StandardAddresses:
    """The file's content; ValueError names what is malformed."""
    towns: dict[str, dict[str, tuple[str, ...]]] = {}
    try:
        for town in data["towns"]:  # type: ignore[union-attr]
            towns[str(town["name"])] = {str(v["name"]): tuple(str(r) for r in v.get("roads", ()))
                                        for v in town.get("villages", ())}
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"malformed standard-address file: {exc!r}") from None
    return StandardAddresses(towns)


@functools.cache
def standard(division_code: str) -> StandardAddresses | None:
    """The district's standard addresses, or None where no file exists (addresses are then entered freely)."""
    path = _DATA / "addresses" / f"{division_code}.json"
    if not re.fullmatch(r"\d{6}", division_code) or not path.exists():
        return None
    return parse_standard(json.loads(path.read_text(encoding="utf-8")))
