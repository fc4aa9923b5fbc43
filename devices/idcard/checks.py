"""Checks on a card after it was read: the number's check digit, its kind and its birth date agree with the chip.

Expiry is not checked here: IdCard.is_expired answers it and the session decides what to do with an expired card.
"""

from __future__ import annotations

import datetime as dt

from devices.idcard.errors import InvalidIdNumber
from domain import ids
from domain.card import CardType, IdCard

_KINDS = {
    CardType.RESIDENT: {ids.IdKind.RESIDENT},
    CardType.HMT_RESIDENCE: {ids.IdKind.HK_RESIDENCE, ids.IdKind.MACAU_RESIDENCE, ids.IdKind.TAIWAN_RESIDENCE},
    CardType.FOREIGN_PERMANENT_2017: {ids.IdKind.FOREIGN_2017},
    CardType.FOREIGN_PERMANENT_2023: {ids.IdKind.FOREIGN_2023},
}


def check_card(card: IdCard, today: dt.date | None = None) -> None:
    """Raise InvalidIdNumber (with .card) when the number is malformed or disagrees with the card's data."""
    try:
        kind = ids.validate_id_number(card.id_number, today=today)
        born = ids.birth_date_of(card.id_number)
    except ids.InvalidIdNumber as exc:
        raise InvalidIdNumber(f"card number failed validation: {exc}", card) from None
    if kind not in _KINDS[card.card_type]:
        raise InvalidIdNumber(f"a {kind.value} number on a {card.card_type.value} card", card)
    if born.isoformat() != card.birth_date:
        raise InvalidIdNumber("the number's birth date differs from the card's birth date", card)
