"""Unified social credit codes: GB 32100 worked example, public vectors, check-character properties."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.uscc import (
    ALPHABET,
    CATEGORIES,
    SERIAL_CAPACITY,
    InvalidUscc,
    body_from_serial,
    make_uscc,
    org_code_check_char,
    uscc_check_char,
    validate_uscc,
)

VALID = [
    "92340602MA2PBMEM24",
    "92340602MA2PBMG99Q",
    "92340603MA2PBMCG0U",
    "92340604MA2PBME53K",
    "92340621MA2PBKRXXG",
    "92340621MA2UK3PJXE",
    "91110000600037341L",
    "91110108551385082Q",
    "91512081MA62K0260E",
    "121200004013590816",
    "9144030071526726XG",
    "91350100M000100Y43",
    "92370702MA3C123465",
    "92370702MA3D000121",
]


@pytest.mark.parametrize("code", VALID)
def test_public_codes_are_valid_strictly(code):
    assert validate_uscc(code) == code
    assert validate_uscc(code, strict=False) == code


def test_normalises_case_spaces_and_hyphens():
    assert validate_uscc(" 92340602-ma2pbmem24 ") == "92340602MA2PBMEM24"


def test_gb32100_worked_example():
    # The standard's own example: Σ = 1640, 1640 mod 31 = 28, so the check character is 31 - 28 = 3.
    assert uscc_check_char("91350100M000100Y4") == "3"
    with pytest.raises(InvalidUscc):
        validate_uscc("91350100M000100Y4Z")


@pytest.mark.parametrize(
    ("code", "message_part"),
    [
        ("91110000600037341N", "校验位错误"),
        ("92340602MA2PBMEM25", "校验位错误"),
        ("9111000060003IOZSV", "格式不对"),
        ("A1110000600037341L", "校验位错误"),
        ("12345", "长度不对"),
        ("92340602MA2PBMEM37", "主体标识码"),   # valid position 18, wrong GB 11714 check at 17
    ],
)
def test_invalid_codes(code, message_part):
    with pytest.raises(InvalidUscc) as err:
        validate_uscc(code)
    assert message_part in err.value.message_zh


def test_strict_only_catches_the_embedded_org_code_and_region():
    assert validate_uscc("92340602MA2PBMEM37", strict=False) == "92340602MA2PBMEM37"
    unknown_region = "92990602MA2PBMEM2"
    code = unknown_region + uscc_check_char(unknown_region)
    assert validate_uscc(code, strict=False) == code
    with pytest.raises(InvalidUscc, match="region"):
        validate_uscc(code)


def test_org_code_check_examples():
    assert org_code_check_char("MA2PBMEM") == "2"
    assert org_code_check_char("71526726") == "X"   # from 9144030071526726XG


prefix17 = st.builds(
    lambda cat, region, rest: cat + region + rest,
    st.sampled_from(sorted(CATEGORIES)),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.text(alphabet=ALPHABET, min_size=9, max_size=9),
)


@given(prefix17)
def test_any_prefix_gets_a_check_char_that_validates(prefix):
    assert validate_uscc(prefix + uscc_check_char(prefix), strict=False) == prefix + uscc_check_char(prefix)


@given(prefix17, st.integers(0, 17), st.integers(1, 30))
def test_changing_any_single_character_invalidates(prefix, pos, shift):
    code = prefix + uscc_check_char(prefix)
    changed = code[:pos] + ALPHABET[(ALPHABET.index(code[pos]) + shift) % 31] + code[pos + 1:]
    with pytest.raises(InvalidUscc):
        validate_uscc(changed, strict=False)


@given(st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=8, max_size=8),
       st.integers(0, 7), st.integers(1, 35))
def test_org_code_check_detects_single_changes(body, pos, shift):
    chars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    changed = body[:pos] + chars[(chars.index(body[pos]) + shift) % 36] + body[pos + 1:]
    # Values differing by 11 or 22 collide mod 11 (a known GB 11714 limit); everything else is caught.
    if (chars.index(changed[pos]) - chars.index(body[pos])) % 11:
        assert org_code_check_char(changed) != org_code_check_char(body)


@given(st.integers(0, SERIAL_CAPACITY - 1), st.sampled_from(["370702", "370705", "110101"]))
def test_make_uscc_from_serial_round_trip(n, division):
    code = make_uscc(division, body_from_serial(n))
    assert validate_uscc(code) == code
    assert code.startswith("92" + division + "MA")


@given(st.integers(0, SERIAL_CAPACITY - 2))
def test_serials_never_collide(n):
    assert body_from_serial(n) != body_from_serial(n + 1)


def test_serial_bodies_are_distinct_over_a_range():
    bodies = {body_from_serial(n) for n in range(0, 200_000, 7)}
    assert len(bodies) == len(range(0, 200_000, 7))


def test_serial_out_of_range_and_bad_inputs():
    with pytest.raises(ValueError):
        body_from_serial(SERIAL_CAPACITY)
    with pytest.raises(ValueError):
        body_from_serial(-1)
    with pytest.raises(ValueError):
        make_uscc("370702", "MA2PBMEI")   # I is not in the USCC alphabet
    with pytest.raises(ValueError):
        make_uscc("370702", "MA2PBMEM", category="99")
