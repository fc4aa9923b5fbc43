"""统一社会信用代码 (GB 32100-2015) with the embedded 组织机构代码 check (GB 11714-1997) on positions 9–17.

python-stdnum checks only position 18; the strict mode here also checks the category, the region's province
and the GB 11714 check, which every real code in python-stdnum's 200-code test corpus satisfies.
"""

from __future__ import annotations

import re

from domain.ids import province_exists

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"   # 31 characters: no I, O, Z, S, V
_VALUE = {c: i for i, c in enumerate(ALPHABET)}
_USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))   # 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

# 登记管理部门码 + 机构类别码 (GB 32100 table 1 as amended); '9' is 工商/市场监管, "92" 个体工商户.
CATEGORIES = frozenset((
    "11", "12", "13", "19", "21", "29", "31", "32", "33", "34", "35", "39", "41", "49", "51", "52", "53", "59",
    "61", "62", "69", "71", "72", "79", "81", "89", "91", "92", "93", "A1", "A9", "N1", "N2", "N3", "N9", "Y1",
))
# New-style bodies issued by 市场监管 start with "MA"; 6 free characters give 31**6 distinct bodies.
_SERIAL_PREFIX = "MA"
_SERIAL_WIDTH = 6
SERIAL_CAPACITY = len(ALPHABET) ** _SERIAL_WIDTH

_SHAPE = re.compile(rf"[{ALPHABET}]{{2}}\d{{6}}[{ALPHABET}]{{10}}")


class InvalidUscc(ValueError):
    """English text (str) is for logs; message_zh is for the screen."""

    def __init__(self, message: str, message_zh: str) -> None:
        super().__init__(message)
        self.message_zh = message_zh


def uscc_check_char(first17: str) -> str:
    """Position 18: 31 - (Σ value·3^(i-1) mod 31), with 31 written as '0'."""
    if len(first17) != 17 or any(c not in _VALUE for c in first17):
        raise ValueError("uscc_check_char needs 17 characters of the USCC alphabet")
    total = sum(_VALUE[c] * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return ALPHABET[-total % 31]


def org_code_check_char(body8: str) -> str:
    """GB 11714 check of an 8-character organisation-code body: 11 - (Σ value·w mod 11); 10 → X, 11 → 0."""
    if len(body8) != 8 or not all(c.isascii() and (c.isdigit() or c.isupper()) for c in body8):
        raise ValueError("org_code_check_char needs 8 digits or upper-case letters")
    total = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(body8, _ORG_WEIGHTS, strict=True))
    check = -total % 11
    return "X" if check == 10 else str(check)


def validate_uscc(code: str, *, strict: bool = True) -> str:
    """The normalised code (upper case, no spaces or hyphens) or InvalidUscc with a Chinese message."""
    c = re.sub(r"[\s-]", "", code).upper()
    if len(c) != 18:
        raise InvalidUscc("wrong length", "统一社会信用代码长度不对：应为18位")
    if not _SHAPE.fullmatch(c):
        raise InvalidUscc(
            "bad format", "统一社会信用代码格式不对：第3至8位应为数字，且不能含有字母I、O、Z、S、V"
        )
    if uscc_check_char(c[:17]) != c[17]:
        raise InvalidUscc("bad check character", "统一社会信用代码校验位错误，请核对")
    if strict:
        if c[:2] not in CATEGORIES:
            raise InvalidUscc("unknown category", "统一社会信用代码的登记管理部门或机构类别无效")
        if not province_exists(c[2:4]):   # the GB/T 2260 history the ID numbers use
            raise InvalidUscc("unknown region", "统一社会信用代码的行政区划码无效")
        if org_code_check_char(c[8:16]) != c[16]:
            raise InvalidUscc("bad organisation code check", "统一社会信用代码中的主体标识码校验错误，请核对")
    return c


def make_uscc(division_code: str, body8: str, category: str = "92") -> str:
    """A complete, strictly valid code from the registering authority's county code and a body."""
    if category not in CATEGORIES:
        raise ValueError(f"unknown USCC category {category!r}")
    if len(division_code) != 6 or not division_code.isdigit():
        raise ValueError("division_code must be 6 digits")
    if len(body8) != 8 or any(c not in _VALUE for c in body8):
        raise ValueError("body8 must be 8 characters of the USCC alphabet")
    first17 = category + division_code + body8 + org_code_check_char(body8)
    return first17 + uscc_check_char(first17)


def body_from_serial(n: int) -> str:
    """The n-th body ("MA" + 6 base-31 digits): distinct n give distinct bodies, so a sequence never repeats."""
    if not 0 <= n < SERIAL_CAPACITY:
        raise ValueError(f"serial must be in 0..{SERIAL_CAPACITY - 1}")
    digits = []
    for _ in range(_SERIAL_WIDTH):
        n, r = divmod(n, len(ALPHABET))
        digits.append(ALPHABET[r])
    return _SERIAL_PREFIX + "".join(reversed(digits))
