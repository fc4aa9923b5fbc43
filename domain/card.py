"""What an ID card reader hands on: one parsed card, in the shape of `kiosk read-card --json`."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Any


class CardType(enum.StrEnum):
    RESIDENT = "resident"                               # 居民身份证
    HMT_RESIDENCE = "hmt_residence"                     # 港澳台居民居住证 ('J')
    FOREIGN_PERMANENT_2017 = "foreign_permanent_2017"   # 外国人永久居留身份证 2017 ('I')
    FOREIGN_PERMANENT_2023 = "foreign_permanent_2023"   # 外国人永久居留身份证 2023 ('Y')


@dataclass(frozen=True)
class IdCard:
    """One card as read from the chip. Dates are ISO strings; valid_until None means 长期 (no expiry).

    Fields a card type does not carry are None. The photo stays opaque WLT bytes (decoding needs a
    licensed vendor library); photo_sha256 is what leaves the terminal.
    """

    card_type: CardType
    name: str
    gender: str                      # "男" / "女"
    birth_date: str                  # YYYY-MM-DD
    id_number: str                   # the card or document number
    issuer: str | None
    valid_from: str
    valid_until: str | None
    photo_sha256: str
    name_en: str | None = None
    nation: str | None = None        # e.g. "汉"; None where the card has none
    address: str | None = None
    nationality: str | None = None   # ISO 3166 alpha-3
    pass_number: str | None = None   # J cards: 港澳台居民出入境证件号码
    issue_count: int | None = None   # J cards: 签发次数
    photo_wlt: bytes = b""

    def is_expired(self, today: dt.date) -> bool:
        return self.valid_until is not None and dt.date.fromisoformat(self.valid_until) < today

    def age_on(self, today: dt.date) -> int:
        born = dt.date.fromisoformat(self.birth_date)
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))

    def to_json(self) -> dict[str, Any]:
        """The read-card JSON: every key the card carries (None only for nation and valid_until)."""
        out: dict[str, Any] = {
            "card_type": self.card_type.value,
            "name": self.name,
            "gender": self.gender,
            "nation": self.nation,
            "birth_date": self.birth_date,
            "id_number": self.id_number,
            "issuer": self.issuer,
            "valid_from": self.valid_from,
            "valid_until": self.valid_until,
            "photo_sha256": self.photo_sha256,
        }
        for key in ("name_en", "address", "nationality", "pass_number", "issue_count"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> IdCard:
        fields = {k: data.get(k) for k in (
            "name", "gender", "birth_date", "id_number", "issuer", "valid_from", "valid_until",
            "photo_sha256", "name_en", "nation", "address", "nationality", "pass_number", "issue_count")}
        return cls(card_type=CardType(data["card_type"]), **fields)
