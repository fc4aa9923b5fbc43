"""Typed reader errors: host-side faults, and one class per group of SW3 status codes from the SAM.

Every error carries an English log message (str(exc)) and a plain-Chinese message for the resident
(exc.message_zh). None of the messages contains personal data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from devices.idcard.base import ReaderError

if TYPE_CHECKING:
    from domain.card import IdCard

_CALL_STAFF = "读卡器故障，请联系工作人员。"
_REPLACE_CARD = "读卡失败，请将证件平放在读卡区，不要移动。"


# --- Host-side faults (never sent by the SAM) -------------------------------------------------------

class ReaderUnavailable(ReaderError):
    """The serial port is missing, was unplugged, or cannot be opened."""

    def __init__(self, message: str) -> None:
        super().__init__(message, "读卡器未连接，请联系工作人员。")


class ReaderTimeout(ReaderError):
    def __init__(self, message: str) -> None:
        super().__init__(message, "读卡器无响应，请稍后重试或联系工作人员。")


class ProtocolError(ReaderError):
    """A reply that is not a well-formed frame, or not the reply the command expects."""

    def __init__(self, message: str) -> None:
        super().__init__(message, "读卡器通信错误，请稍后重试。")


class ChecksumError(ProtocolError):
    pass


class CardDataError(ReaderError):
    """The card's text block could not be understood (unknown type, code or date)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, "证件信息无法识别，请联系工作人员。")


class CardRejected(ReaderError):
    """The card was read but cannot be used; .card holds what was read."""

    def __init__(self, message: str, message_zh: str, card: IdCard) -> None:
        super().__init__(message, message_zh)
        self.card = card


class InvalidIdNumber(CardRejected):
    def __init__(self, message: str, card: IdCard) -> None:
        super().__init__(message, "证件号码校验未通过，请联系工作人员人工办理。", card)



# --- SW3 status codes --------------------------------------------------------------------------------

class StatusError(ReaderError):
    """The SAM answered with a status other than success; .sw3 is the code."""

    def __init__(self, sw3: int, message: str, message_zh: str) -> None:
        super().__init__(f"SAM status 0x{sw3:02X}: {message}", message_zh)
        self.sw3 = sw3


class HostFrameRejected(StatusError):
    """The SAM did not accept our frame (checksum, length, command): a line fault or a host bug."""


class SamError(StatusError):
    """The secure access module itself is faulty or not authorised: needs staff."""


class CardAuthError(StatusError):
    """Card and SAM did not authenticate each other: a damaged or forged card, or a moving card."""


class UnsupportedCard(StatusError):
    pass


class CardReadError(StatusError):
    """Find/select/read failed although a card answered: usually a card moved during the read."""


class NoCard(StatusError):
    pass


class NoContent(StatusError):
    pass


@dataclass(frozen=True)
class _Status:
    kind: type[StatusError]
    message: str
    message_zh: str


# SW3 → meaning, from libsamv, 新中新, HX and HslCommunication tables (notes §2.2). 90/9F are success.
STATUS: dict[int, _Status] = {
    0x10: _Status(HostFrameRejected, "SAM received a frame with a bad checksum", "读卡器通信错误，请稍后重试。"),
    0x11: _Status(HostFrameRejected, "SAM received a frame with a bad length", "读卡器通信错误，请稍后重试。"),
    0x21: _Status(HostFrameRejected, "SAM rejected the command or its parameters", _CALL_STAFF),
    0x23: _Status(SamError, "operation not permitted", _CALL_STAFF),
    0x24: _Status(SamError, "unrecognised SAM error", _CALL_STAFF),
    0x31: _Status(CardAuthError, "card failed to authenticate the SAM", "证件认证失败，请重新放置证件。"),
    0x32: _Status(CardAuthError, "SAM failed to authenticate the card", "证件认证失败，请重新放置证件。"),
    0x33: _Status(CardAuthError, "information verification error", "证件信息校验失败，请重新放置证件。"),
    0x37: _Status(CardAuthError, "fingerprint verification error", "证件指纹信息校验失败，请联系工作人员。"),
    0x3F: _Status(CardAuthError, "information length error", "证件信息校验失败，请重新放置证件。"),
    0x40: _Status(UnsupportedCard, "unrecognised card type",
                  "无法识别此证件，请使用居民身份证、港澳台居民居住证或外国人永久居留身份证。"),
    0x41: _Status(CardReadError, "reading the card failed", _REPLACE_CARD),
    0x47: _Status(CardAuthError, "getting a random number from the card failed", _REPLACE_CARD),
    0x60: _Status(SamError, "SAM self-test failed", "读卡器出了故障，请联系工作人员。"),
    0x66: _Status(SamError, "SAM not authorised", "读卡器还没有开通，请联系工作人员。"),
    0x80: _Status(NoCard, "no card found", "请将证件放在读卡区。"),
    0x81: _Status(CardReadError, "selecting the card failed", _REPLACE_CARD),
    0x91: _Status(NoContent, "the card holds no such item", "证件中无此项信息。"),
}

SUCCESS = 0x90
FIND_OK = 0x9F
NO_CONTENT = 0x91


def status_error(sw3: int) -> StatusError:
    status = STATUS.get(sw3)
    if status is None:
        return SamError(sw3, "unknown status code", _CALL_STAFF)
    return status.kind(sw3, status.message, status.message_zh)
