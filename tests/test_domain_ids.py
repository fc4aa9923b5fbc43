"""ID numbers: public vectors from the research notes, check-digit properties, synthetic round trips."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.ids import (
    IdKind,
    InvalidIdNumber,
    birth_date_of,
    gender_of,
    make_resident_id,
    mod11_2_check,
    validate_id_number,
)


@pytest.mark.parametrize(
    ("number", "kind"),
    [
        ("11010519491231002X", IdKind.RESIDENT),
        ("440524188001010014", IdKind.RESIDENT),   # GB 11643 example; python-stdnum rejects it (code vs 1880)
        ("360426199101010071", IdKind.RESIDENT),
        ("44011320141005001x", IdKind.RESIDENT),   # lower-case x
        ("110102199101010078", IdKind.RESIDENT),
        ("412723199010050012", IdKind.RESIDENT),
        ("120110198012010073", IdKind.RESIDENT),
        ("120110199212010072", IdKind.RESIDENT),
        # 房山区 110111 exists since 1986: a person born 1980 and registered later carries it legitimately.
        ("110111198012010078", IdKind.RESIDENT),
        ("810000199001010019", IdKind.HK_RESIDENCE),
        ("820000199001010010", IdKind.MACAU_RESIDENCE),
        ("830000199001010012", IdKind.TAIWAN_RESIDENCE),
        ("KAZ110090123105", IdKind.FOREIGN_2017),
        ("911398199012310021", IdKind.FOREIGN_2023),
        (" 3604 2619 9101 0100 71 ", IdKind.RESIDENT),
    ],
)
def test_valid_numbers(number, kind):
    assert validate_id_number(number) is kind


@pytest.mark.parametrize(
    ("number", "message_part"),
    [
        ("36042619910102009X", "有一位不对"),
        ("T60426199101010078", "格式不对"),
        ("360426199113010079", "出生日期无效"),
        ("990426199112010074", "开头6位"),
        ("110201199312010077", "开头6位"),   # 110201 昌平县 was abolished in 1982, before the birth
        ("KAZ110090123107", "有一位不对"),
        ("911398199012310022", "有一位不对"),
        ("12345", "长度不对"),
        ("", "长度不对"),
        ("3604261991010100711", "长度不对"),
        ("K4Z110090123105", "格式不对"),
    ],
)
def test_invalid_numbers_explain_in_chinese(number, message_part):
    with pytest.raises(InvalidIdNumber) as err:
        validate_id_number(number)
    assert message_part in err.value.message_zh
    assert number.strip() == "" or number not in str(err.value)   # no personal data in the log text


def test_birth_date_in_the_future_is_rejected():
    number = make_resident_id("370702", dt.date(2030, 1, 1), 1)
    with pytest.raises(InvalidIdNumber, match="birth"):
        validate_id_number(number, today=dt.date(2026, 1, 1))


def test_birth_date_and_gender():
    assert birth_date_of("11010519491231002X") == dt.date(1949, 12, 31)
    assert gender_of("11010519491231002X") == "女"
    assert gender_of("360426199101010071") == "男"
    assert birth_date_of("KAZ110090123105") == dt.date(1990, 12, 31)
    assert gender_of("KAZ110090123105") == "女"
    assert gender_of("911398199012310021") == "女"


def test_mod11_2_matches_the_standard_examples():
    assert mod11_2_check("11010519491231002") == "X"
    assert mod11_2_check("44052418800101001") == "4"
    with pytest.raises(ValueError):
        mod11_2_check("1101051949123100")


digits17 = st.text(alphabet="0123456789", min_size=17, max_size=17)


@given(digits17)
def test_mod11_2_any_prefix_gets_a_consistent_check(prefix):
    check = mod11_2_check(prefix)
    assert check in "0123456789X"
    assert mod11_2_check(prefix) == check


@given(digits17, st.integers(0, 16), st.integers(1, 9))
def test_mod11_2_detects_any_single_digit_change(prefix, pos, delta):
    changed = prefix[:pos] + str((int(prefix[pos]) + delta) % 10) + prefix[pos + 1:]
    assert mod11_2_check(changed) != mod11_2_check(prefix)


@given(
    st.sampled_from(["370702", "110101", "440113", "650103", "810000"]),
    st.dates(dt.date(1930, 1, 1), dt.date(2020, 12, 31)),
    st.integers(0, 999),
)
def test_make_resident_id_round_trip(division, birth, seq):
    number = make_resident_id(division, birth, seq)
    assert validate_id_number(number) in (IdKind.RESIDENT, IdKind.HK_RESIDENCE)
    assert birth_date_of(number) == birth
    assert gender_of(number) == ("男" if seq % 2 else "女")


@given(st.dates(dt.date(1950, 1, 1), dt.date(2010, 12, 31)), st.integers(0, 999), st.integers(0, 17))
def test_changing_one_character_invalidates(birth, seq, pos):
    number = make_resident_id("370702", birth, seq)
    alphabet = "0123456789X" if pos == 17 else "0123456789"
    for c in alphabet:
        if c != number[pos]:
            with pytest.raises(InvalidIdNumber):
                validate_id_number(number[:pos] + c + number[pos + 1:])


def test_make_resident_id_rejects_bad_input():
    with pytest.raises(ValueError):
        make_resident_id("3707", dt.date(1990, 1, 1), 1)
    with pytest.raises(ValueError):
        make_resident_id("370702", dt.date(1990, 1, 1), 1000)
