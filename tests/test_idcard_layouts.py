"""The four card layouts: hand-built text blocks (offsets straight from the notes) decode to the right card."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st
from idcard_fixtures import SIM_CARD_NAMES

from devices.idcard import errors
from devices.idcard.card_codec import decode_card, encode_text, split_read_base
from devices.idcard.checks import check_card
from devices.idcard.codes import NATIONS
from devices.idcard.photo import load_decoder, looks_like_wlt
from devices.idcard.protocol import FrameScanner, Response
from devices.idcard.simulator import encode_card, sim_card, synthetic_photo
from domain.card import CardType, IdCard

PHOTO = synthetic_photo("test")


def text(fields: dict[int, str], type_char: str = " ") -> bytes:
    """A 256-byte UCS-2 block, space padded, with each value written at its byte offset."""
    block = bytearray(" ".encode("utf-16-le") * 128)
    for offset, value in fields.items():
        raw = value.encode("utf-16-le")
        block[offset:offset + len(raw)] = raw
    block[248:250] = type_char.encode("utf-16-le")
    return bytes(block)


def test_resident_card() -> None:
    card = decode_card(text({0: "张测试", 30: "1", 32: "01", 36: "19880517", 52: "山东省潍坊市潍城区示例路1号",
                             122: "370702198805171239", 158: "潍坊市公安局潍城分局", 188: "20180601",
                             204: "20380601"}), PHOTO)
    assert card == IdCard(card_type=CardType.RESIDENT, name="张测试", gender="男", nation="汉",
                          birth_date="1988-05-17", address="山东省潍坊市潍城区示例路1号",
                          id_number="370702198805171239", issuer="潍坊市公安局潍城分局", valid_from="2018-06-01",
                          valid_until="2038-06-01", photo_sha256=hashlib.sha256(PHOTO).hexdigest(), photo_wlt=PHOTO)


def test_long_term_card_has_no_expiry() -> None:
    card = decode_card(text({0: "李长期", 30: "2", 32: "03", 36: "19610308", 122: "37070219610308246X",
                             158: "某公安局", 188: "20100115", 204: "长期"}), PHOTO)
    assert card.valid_until is None
    assert card.to_json()["valid_until"] is None
    assert (card.gender, card.nation) == ("女", "回")
    assert not card.is_expired(dt.date(2100, 1, 1))


def test_nul_padding_and_nul_type_char_read_as_resident() -> None:
    block = bytearray(text({0: "王", 30: "1", 32: "98", 36: "19900101", 122: "370702199001011234",
                            188: "20200101", 204: "20300101"}))
    block[2:30] = bytes(28)
    block[248:250] = b"\x00\x00"
    card = decode_card(bytes(block), PHOTO)
    assert (card.card_type, card.name, card.nation) == (CardType.RESIDENT, "王", "外国血统中国籍人士")


def test_hmt_residence_permit() -> None:
    card = decode_card(text({0: "陈测试", 30: "1", 36: "19920801", 52: "山东省潍坊市潍城区测试路66号",
                             122: "810000199208010358", 158: "潍坊市公安局潍城分局", 188: "20240301",
                             204: "20290301", 220: "H12345678", 238: "03"}, "J"), PHOTO)
    assert card.card_type is CardType.HMT_RESIDENCE
    assert card.nation is None
    assert (card.pass_number, card.issue_count) == ("H12345678", 3)
    assert set(card.to_json()) >= {"pass_number", "issue_count", "address"}


def test_foreign_permanent_2017() -> None:
    card = decode_card(text({0: "TESTOVA, AIGERIM", 120: "2", 122: "KAZ110090123105", 152: "KAZ",
                             158: "艾测试", 188: "20190520", 204: "20290520", 220: "19901231", 236: "01",
                             240: "1100"}, "I"), PHOTO)
    assert card.card_type is CardType.FOREIGN_PERMANENT_2017
    assert (card.name, card.name_en, card.gender, card.nationality) == ("艾测试", "TESTOVA, AIGERIM", "女", "KAZ")
    assert (card.birth_date, card.id_number, card.issuer, card.nation) == ("1990-12-31", "KAZ110090123105",
                                                                           None, None)


def test_foreign_permanent_2023_joins_the_split_english_name() -> None:
    long_name = "SAMPLEOVA-TESTOVA, AIGERIM KAIRATKYZY ZHANARKY"   # 46 chars: 35 at offset 52, 11 at 220
    card = decode_card(text({0: "艾测试", 30: "2", 32: "00", 36: "19901231", 52: long_name[:35],
                             122: "911398199012310021", 188: "20240110", 204: "20340110", 220: long_name[35:],
                             242: "KAZ"}, "Y"), PHOTO)
    assert card.card_type is CardType.FOREIGN_PERMANENT_2023
    assert card.name_en == long_name
    assert (card.nationality, card.birth_date, card.valid_until) == ("KAZ", "1990-12-31", "2034-01-10")


@pytest.mark.parametrize("code", sorted(NATIONS))
def test_every_nation_code(code: str) -> None:
    card = decode_card(text({0: "测", 30: "1", 32: code, 36: "19900101", 122: "x", 188: "20200101",
                             204: "20300101"}), PHOTO)
    assert card.nation == NATIONS[code]
    assert len(NATIONS) == 58 and NATIONS["01"] == "汉" and NATIONS["56"] == "基诺"


@pytest.mark.parametrize(("fields", "type_char"), [
    ({30: "1", 32: "01", 36: "19900101", 188: "20200101", 204: "20300101"}, "Z"),     # unknown card type
    ({30: "3", 32: "01", 36: "19900101", 188: "20200101", 204: "20300101"}, " "),     # gender code
    ({30: "1", 32: "57", 36: "19900101", 188: "20200101", 204: "20300101"}, " "),     # nation code
    ({30: "1", 32: "01", 36: "19901301", 188: "20200101", 204: "20300101"}, " "),     # month 13
    ({30: "1", 32: "01", 36: "19900101", 188: "20200101", 204: "永久"}, " "),          # not 长期
    ({30: "1", 36: "19900101", 188: "20200101", 204: "20300101", 238: "X1"}, "J"),    # issue count
    ({120: "1", 152: "K1Z", 188: "20200101", 204: "20300101", 220: "19900101"}, "I"),  # nationality
])
def test_bad_fields_are_a_card_data_error_in_chinese(fields: dict[int, str], type_char: str) -> None:
    with pytest.raises(errors.CardDataError) as info:
        decode_card(text(fields, type_char), PHOTO)
    assert info.value.message_zh == "证件信息无法识别，请联系工作人员。"


@given(st.binary(min_size=256, max_size=256))
def test_any_text_block_decodes_or_is_a_card_data_error(block: bytes) -> None:
    with contextlib.suppress(errors.CardDataError):
        decode_card(block, PHOTO)


@pytest.mark.parametrize("name", SIM_CARD_NAMES)
def test_bundled_sim_cards_are_valid_and_round_trip(name: str) -> None:
    card = sim_card(name)
    check_card(card, dt.date(2026, 1, 1))
    frame = encode_card(card)
    assert len(frame) == 1295 and frame[:14] == bytes.fromhex("AAAAAA9669050800009001000400")
    scanner = FrameScanner()
    scanner.feed(frame)
    payload = scanner.next_payload()
    assert payload is not None
    decoded = decode_card(*split_read_base(Response.from_payload(payload).data)[:2])
    assert decoded == card
    assert looks_like_wlt(decoded.photo_wlt)


_bmp_text = st.text(st.characters(min_codepoint=0x21, max_codepoint=0xFFFF, exclude_categories=("Cs", "Zs")),
                    max_size=15).map(str.strip)
_dates = st.dates(dt.date(1900, 1, 1), dt.date(2099, 12, 31)).map(dt.date.isoformat)


@st.composite
def cards(draw: st.DrawFn) -> IdCard:
    kind = draw(st.sampled_from(list(CardType)))
    photo = draw(st.binary(min_size=1024, max_size=1024))
    foreign = kind in (CardType.FOREIGN_PERMANENT_2017, CardType.FOREIGN_PERMANENT_2023)
    base = IdCard(
        card_type=kind, name=draw(_bmp_text), gender=draw(st.sampled_from(["男", "女", "未知", "未说明"])),
        birth_date=draw(_dates), id_number=draw(st.from_regex(r"[0-9A-Z]{15}", fullmatch=True)),
        issuer=None if foreign else draw(_bmp_text), valid_from=draw(_dates),
        valid_until=draw(st.none() | _dates), photo_sha256=hashlib.sha256(photo).hexdigest(), photo_wlt=photo,
        nation=draw(st.sampled_from(sorted(NATIONS.values()))) if kind is CardType.RESIDENT else None,
        address=None if foreign else draw(_bmp_text),
        name_en=draw(st.from_regex(r"[A-Z][A-Z ,.-]{0,44}[A-Z]", fullmatch=True)) if foreign else None,
        nationality=draw(st.from_regex(r"[A-Z]{3}", fullmatch=True)) if foreign else None,
        pass_number=draw(st.from_regex(r"[HM][0-9]{8}", fullmatch=True))
        if kind is CardType.HMT_RESIDENCE else None,
        issue_count=draw(st.integers(0, 99)) if kind is CardType.HMT_RESIDENCE else None,
    )
    if kind is CardType.FOREIGN_PERMANENT_2017:
        base = dataclasses.replace(base, name_en=(base.name_en or "")[:60])
    return base


@given(cards())
def test_simulator_frames_round_trip_through_the_parser(card: IdCard) -> None:
    scanner = FrameScanner()
    scanner.feed(encode_card(card))
    payload = scanner.next_payload()
    assert payload is not None
    assert decode_card(*split_read_base(Response.from_payload(payload).data)[:2]) == card


def test_values_too_long_for_the_chip_are_refused_by_the_encoder() -> None:
    with pytest.raises(ValueError, match="name"):
        encode_text(dataclasses.replace(sim_card("resident"), name="测" * 16))


def test_photo_stays_opaque_without_a_licensed_decoder() -> None:
    assert load_decoder() is None   # none ships; a vendor package would register kiosk.wlt_decoder
    card = sim_card("resident")
    assert looks_like_wlt(card.photo_wlt)
    assert card.photo_sha256 == hashlib.sha256(card.photo_wlt).hexdigest()
