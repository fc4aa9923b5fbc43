"""Personal ID numbers: resident ID (GB 11643), HK/Macau/Taiwan residence permits, foreigners' permanent IDs.

python-stdnum's cn.ric rejects permits (81/82/83), foreigners' 9… numbers and numbers whose county code is newer
than the birth year, so only its location table is used here and every branch is decided locally.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re

from stdnum import numdb


class IdKind(enum.StrEnum):
    RESIDENT = "resident"                  # 居民身份证
    HK_RESIDENCE = "hk_residence"          # 港澳台居民居住证, 810000
    MACAU_RESIDENCE = "macau_residence"    # 820000
    TAIWAN_RESIDENCE = "taiwan_residence"  # 830000 (not GB/T 2260's 71)
    FOREIGN_2017 = "foreign_2017"          # 外国人永久居留身份证 2017: 3 letters + 12 digits
    FOREIGN_2023 = "foreign_2023"          # 外国人永久居留身份证 2023: 18 digits starting with 9


class InvalidIdNumber(ValueError):
    """English text (str) is for logs and never contains the number; message_zh is shown to the resident."""

    def __init__(self, message: str, message_zh: str) -> None:
        super().__init__(message)
        self.message_zh = message_zh


_PERMIT_PREFIXES = {
    "810000": IdKind.HK_RESIDENCE,
    "820000": IdKind.MACAU_RESIDENCE,
    "830000": IdKind.TAIWAN_RESIDENCE,
}
_MOD11_2_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))   # 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2
_MOD11_2_CHARS = "10X98765432"
_ICAO_WEIGHTS = (7, 3, 1)
_EIGHTEEN = re.compile(r"\d{17}[\dX]")
_FIFTEEN_FOREIGN = re.compile(r"[A-Z]{3}\d{12}")
_RANGE = re.compile(r"\[(\d*)-(\d*)\]")


def mod11_2_check(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character of 17 digits (GB 11643, also the 2023 foreigners' ID)."""
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise ValueError("mod11_2_check needs exactly 17 ASCII digits")
    s = sum(int(c) * w for c, w in zip(first17, _MOD11_2_WEIGHTS, strict=True)) % 11
    return _MOD11_2_CHARS[s]


def _icao_value(c: str) -> int:
    return int(c) if c.isdigit() else ord(c) - 55


def icao_check_digit(chars: str) -> str:
    """ICAO 9303 MRZ check digit (weights 7-3-1, A=10 … Z=35, mod 10), used by the 2017 foreigners' ID."""
    return str(sum(_icao_value(c) * _ICAO_WEIGHTS[i % 3] for i, c in enumerate(chars)) % 10)


@functools.cache
def _location_years(code: str) -> tuple[tuple[int, int], ...]:
    """Year ranges in which a 6-digit address code was in use, from python-stdnum's GB/T 2260 history."""
    props: dict[str, str] = {}
    for _part, p in numdb.get("cn/loc").info(code):
        props.update(p)
    if "county" not in props:
        return ()
    ranges = []
    for name in props["county"].split(","):
        m = _RANGE.match(name)
        ranges.append((int(m.group(1) or 0), int(m.group(2) or 9999)) if m else (0, 9999))
    return tuple(ranges)


def province_exists(code2: str) -> bool:
    """Whether a 2-digit GB/T 2260 province code was ever in use (81/82 included, 83 is not GB/T 2260)."""
    return len(code2) == 2 and code2.isdigit() and bool(_location_years(code2 + "0000"))


def _address_code_plausible(code: str, birth_year: int, today: dt.date) -> bool:
    # The code is the household registration when the number was issued, which is at or after birth (a person
    # born 1980 whose district was created 1986 legitimately carries the new code), so any use of the code
    # between the birth year and today is accepted. python-stdnum demands the code existed in the birth year.
    return any(start <= today.year and end >= birth_year for start, end in _location_years(code))


def _normalise(number: str) -> str:
    return "".join(number.split()).upper()


def _date_or_none(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _foreign_2017_birth(number: str, today: dt.date) -> dt.date | None:
    yy, mm, dd = int(number[7:9]), int(number[9:11]), int(number[11:13])
    # YYMMDD: the latest century that does not put the birth in the future.
    for century in (2000, 1900):
        born = _date_or_none(century + yy, mm, dd)
        if born is not None and born <= today:
            return born
    return None


def _kind_and_birth(number: str, today: dt.date) -> tuple[IdKind, dt.date]:
    """Validate a normalised number; the single place where every rule lives."""
    if len(number) == 15 and number[:1].isalpha():
        if not _FIFTEEN_FOREIGN.fullmatch(number):
            raise InvalidIdNumber("bad format (foreign 2017)", "证件号码格式不对：应为3个字母加12位数字")
        if icao_check_digit(number[:14]) != number[14]:
            raise InvalidIdNumber("bad check digit", "证件号码有一位不对，请对照证件逐位核对")
        born = _foreign_2017_birth(number, today)
        if born is None:
            raise InvalidIdNumber("bad birth date", "证件号码中的出生日期无效")
        if not province_exists(number[3:5]):
            raise InvalidIdNumber("unknown region", "证件号码开头6位（地区）不对，请核对")
        return IdKind.FOREIGN_2017, born
    if len(number) != 18:
        raise InvalidIdNumber("wrong length", "证件号码长度不对：应为18位")
    if not _EIGHTEEN.fullmatch(number):
        raise InvalidIdNumber("bad format", "证件号码格式不对：前17位应为数字，末位为数字或X")
    if mod11_2_check(number[:17]) != number[17]:
        raise InvalidIdNumber("bad check digit", "证件号码有一位不对，请对照证件逐位核对")
    born = _date_or_none(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    if born is None or born > today:
        raise InvalidIdNumber("bad birth date", "证件号码中的出生日期无效")
    if number[0] == "9":
        # 9 + 2-digit province of the issuing office + 3-digit ISO 3166 numeric nationality.
        if not province_exists(number[1:3]):
            raise InvalidIdNumber("unknown region", "证件号码开头6位（地区）不对，请核对")
        return IdKind.FOREIGN_2023, born
    permit = _PERMIT_PREFIXES.get(number[:6])
    if permit is not None:
        return permit, born
    if not _address_code_plausible(number[:6], born.year, today):
        raise InvalidIdNumber("unknown region", "证件号码开头6位（地区）不对，请核对")
    return IdKind.RESIDENT, born


def validate_id_number(number: str, *, today: dt.date | None = None) -> IdKind:
    """Which kind of ID number this is; raises InvalidIdNumber with a Chinese message otherwise.

    Lower-case x and embedded whitespace are accepted (callers should store `normalise_id_number(number)`).
    """
    return _kind_and_birth(_normalise(number), today or dt.date.today())[0]


def normalise_id_number(number: str) -> str:
    return _normalise(number)


def birth_date_of(number: str) -> dt.date:
    return _kind_and_birth(_normalise(number), dt.date.today())[1]


def gender_of(number: str) -> str:
    """"男" or "女" from the sex digit (odd = male): the 17th of 18, or the 14th of the 2017 foreign ID."""
    n = _normalise(number)
    kind = _kind_and_birth(n, dt.date.today())[0]
    digit = int(n[13] if kind is IdKind.FOREIGN_2017 else n[16])
    return "男" if digit % 2 else "女"


def make_resident_id(division_code: str, birth: dt.date, seq: int) -> str:
    """A checksum-valid resident ID for synthetic applicants; seq 0..999, odd = male."""
    if len(division_code) != 6 or not division_code.isdigit():
        raise ValueError("division_code must be 6 digits")
    if not 0 <= seq <= 999:
        raise ValueError("seq must be in 0..999")
    first17 = f"{division_code}{birth:%Y%m%d}{seq:03d}"
    return first17 + mod11_2_check(first17)
