"""The read-base payload (256-byte UCS-2 text + 1024-byte WLT photo) ↔ IdCard, for all four card layouts.

One table per layout drives both directions, so the reader's parser and the simulator's encoder cannot
drift apart. Offsets are from the research notes §3.2–3.5; the type character at offset 248 picks the table.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from devices.idcard.codes import GENDER_CODES, GENDERS, NATION_CODES, NATIONS
from devices.idcard.errors import CardDataError, ProtocolError
from domain.card import CardType, IdCard

TEXT_LEN = 256
PHOTO_LEN = 1024
FINGERPRINT_LEN = 1024
TYPE_OFFSET = 248
LONG_TERM = "长期"

# (key, offset, size in bytes). A key listed twice is one value split over both places (2023 English name).
_Layout = tuple[tuple[str, int, int], ...]
LAYOUTS: dict[CardType, _Layout] = {
    CardType.RESIDENT: (
        ("name", 0, 30), ("gender", 30, 2), ("nation", 32, 4), ("birth_date", 36, 16), ("address", 52, 70),
        ("id_number", 122, 36), ("issuer", 158, 30), ("valid_from", 188, 16), ("valid_until", 204, 16)),
    CardType.HMT_RESIDENCE: (
        ("name", 0, 30), ("gender", 30, 2), ("birth_date", 36, 16), ("address", 52, 70),
        ("id_number", 122, 36), ("issuer", 158, 30), ("valid_from", 188, 16), ("valid_until", 204, 16),
        ("pass_number", 220, 18), ("issue_count", 238, 4)),
    CardType.FOREIGN_PERMANENT_2017: (
        ("name_en", 0, 120), ("gender", 120, 2), ("id_number", 122, 30), ("nationality", 152, 6),
        ("name", 158, 30), ("valid_from", 188, 16), ("valid_until", 204, 16), ("birth_date", 220, 16),
        ("card_version", 236, 4), ("authority_code", 240, 8)),
    CardType.FOREIGN_PERMANENT_2023: (
        ("name", 0, 30), ("gender", 30, 2), ("renewals", 32, 4), ("birth_date", 36, 16), ("name_en", 52, 70),
        ("id_number", 122, 36), ("valid_from", 188, 16), ("valid_until", 204, 16), ("name_en", 220, 22),
        ("nationality", 242, 6)),
}
TYPE_CHARS = {CardType.RESIDENT: "", CardType.HMT_RESIDENCE: "J",
              CardType.FOREIGN_PERMANENT_2017: "I", CardType.FOREIGN_PERMANENT_2023: "Y"}
_TYPES_BY_CHAR = {char: kind for kind, char in TYPE_CHARS.items()}
# Text fields the chip carries that IdCard has no place for; the simulator writes these plausible values.
_FILLERS = {"card_version": "01", "authority_code": "1100", "renewals": "00"}


# --- Decoding ------------------------------------------------------------------------------------------

def split_read_base(data: bytes, *, with_fingerprint: bool = False) -> tuple[bytes, bytes, bytes]:
    """The data of a read reply (after SW3) → (text, photo, fingerprint); lengths are big-endian."""
    head = 6 if with_fingerprint else 4
    if len(data) < head:
        raise ProtocolError(f"read reply too short ({len(data)} bytes)")
    text_len = int.from_bytes(data[0:2], "big")
    photo_len = int.from_bytes(data[2:4], "big")
    finger_len = int.from_bytes(data[4:6], "big") if with_fingerprint else 0
    if (text_len, photo_len) != (TEXT_LEN, PHOTO_LEN) or finger_len not in (0, FINGERPRINT_LEN) \
            or len(data) != head + text_len + photo_len + finger_len:
        raise ProtocolError(f"read reply has unexpected lengths text={text_len} photo={photo_len} "
                            f"fingerprint={finger_len} total={len(data)}")
    text = data[head:head + TEXT_LEN]
    photo = data[head + TEXT_LEN:head + TEXT_LEN + PHOTO_LEN]
    return text, photo, data[head + TEXT_LEN + PHOTO_LEN:]


def _ucs2(raw: bytes) -> str:
    try:
        return raw.decode("utf-16-le")
    except UnicodeDecodeError:
        raise CardDataError("card text is not valid UCS-2") from None


def card_type_of(text: bytes) -> CardType:
    char = _ucs2(text[TYPE_OFFSET:TYPE_OFFSET + 2]).strip(" \x00")
    kind = _TYPES_BY_CHAR.get(char)
    if kind is None:
        raise CardDataError(f"unsupported card type character {char!r}")
    return kind


def _raw_fields(text: bytes, layout: _Layout) -> dict[str, str]:
    raw: dict[str, bytes] = {}
    for key, offset, size in layout:
        raw[key] = raw.get(key, b"") + text[offset:offset + size]
    return {key: _ucs2(value).rstrip(" \x00") for key, value in raw.items()}


def _date(value: str, what: str) -> str:
    if len(value) == 8 and value.isdigit() and value.isascii():
        try:
            return dt.date(int(value[:4]), int(value[4:6]), int(value[6:])).isoformat()
        except ValueError:
            pass
    raise CardDataError(f"{what} is not a YYYYMMDD date")


def _lookup(table: dict[str, str], code: str, what: str) -> str:
    if code not in table:
        raise CardDataError(f"unknown {what} code")
    return table[code]


def decode_card(text: bytes, photo: bytes) -> IdCard:
    """Parse the 256-byte text and keep the photo as opaque WLT bytes. Raises CardDataError."""
    if len(text) != TEXT_LEN:
        raise CardDataError(f"card text is {len(text)} bytes, expected {TEXT_LEN}")
    kind = card_type_of(text)
    f = _raw_fields(text, LAYOUTS[kind])
    foreign = kind in (CardType.FOREIGN_PERMANENT_2017, CardType.FOREIGN_PERMANENT_2023)
    if foreign and not (len(f["nationality"]) == 3 and f["nationality"].isascii() and f["nationality"].isalpha()):
        raise CardDataError("nationality is not a three-letter code")
    issue_count = None
    if kind is CardType.HMT_RESIDENCE:
        if not (f["issue_count"].isascii() and f["issue_count"].isdigit()):
            raise CardDataError("issue count is not a number")
        issue_count = int(f["issue_count"])
    return IdCard(
        card_type=kind,
        name=f["name"],
        gender=_lookup(GENDERS, f["gender"], "gender"),
        birth_date=_date(f["birth_date"], "birth date"),
        id_number=f["id_number"],
        issuer=f.get("issuer"),
        valid_from=_date(f["valid_from"], "valid-from date"),
        valid_until=None if f["valid_until"] == LONG_TERM else _date(f["valid_until"], "valid-until date"),
        photo_sha256=hashlib.sha256(photo).hexdigest(),
        name_en=f.get("name_en") or None,
        nation=_lookup(NATIONS, f["nation"], "nation") if "nation" in f else None,
        address=f.get("address"),
        nationality=f["nationality"].upper() if foreign else None,
        pass_number=f.get("pass_number"),
        issue_count=issue_count,
        photo_wlt=bytes(photo),
    )


# --- Encoding (simulator and tests) ----------------------------------------------------------------------

def _card_values(card: IdCard) -> dict[str, str]:
    def yyyymmdd(iso: str) -> str:
        return dt.date.fromisoformat(iso).strftime("%Y%m%d")

    values = dict(_FILLERS)
    values.update(
        name=card.name, gender=GENDER_CODES[card.gender], birth_date=yyyymmdd(card.birth_date),
        id_number=card.id_number, valid_from=yyyymmdd(card.valid_from),
        valid_until=LONG_TERM if card.valid_until is None else yyyymmdd(card.valid_until),
        issuer=card.issuer or "", address=card.address or "", name_en=card.name_en or "",
        nationality=card.nationality or "", pass_number=card.pass_number or "",
        issue_count="" if card.issue_count is None else f"{card.issue_count:02d}",
        nation=NATION_CODES[card.nation] if card.nation else "",
    )
    return values


def encode_text(card: IdCard) -> bytes:
    """The 256-byte text block for a card. Raises ValueError when a value does not fit its field."""
    text = bytearray(" ".encode("utf-16-le") * (TEXT_LEN // 2))
    values = _card_values(card)
    remaining = {key: values[key].encode("utf-16-le") for key, _, _ in LAYOUTS[card.card_type]}
    for key, offset, size in LAYOUTS[card.card_type]:
        chunk, remaining[key] = remaining[key][:size], remaining[key][size:]
        text[offset:offset + len(chunk)] = chunk
    overflow = sorted(key for key, rest in remaining.items() if rest)
    if overflow:
        raise ValueError(f"card field too long for its layout: {overflow[0]}")
    text[TYPE_OFFSET:TYPE_OFFSET + 2] = (TYPE_CHARS[card.card_type] or " ").encode("utf-16-le")
    return bytes(text)


def encode_read_base(text: bytes, photo: bytes) -> bytes:
    """The data of a successful 30 01 reply (after SW3)."""
    return TEXT_LEN.to_bytes(2, "big") + PHOTO_LEN.to_bytes(2, "big") + text + photo
