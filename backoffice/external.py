"""External checks behind small interfaces, with embedded defaults that need no network.

A real deployment plugs in the credit-information service (严重违法失信名单 / 失信被执行人) and a certified
face-versus-ID-photo comparer; the outcome of each check is stored with the decision either way.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

from domain.card import IdCard

CheckOutcome = Literal["pass", "hit", "mismatch", "unavailable"]


@dataclass(frozen=True)
class CheckResult:
    check: str                      # "credit_blacklist" / "face_compare"
    outcome: CheckOutcome
    provider: str
    score: float | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class CreditBlacklist(Protocol):
    def check(self, card: IdCard) -> CheckResult: ...


class FaceComparer(Protocol):
    def compare(self, face_jpeg: bytes, card: IdCard) -> CheckResult: ...


class LocalBlacklist:
    """A list kept by the back office: SHA-256 hashes of listed ID numbers (upper case), one per line."""

    def __init__(self, hashes: Iterable[str] = ()) -> None:
        self._hashes = frozenset(h.strip().lower() for h in hashes if h.strip())

    @classmethod
    def from_file(cls, path: Path) -> LocalBlacklist:
        return cls(path.read_text(encoding="ascii").splitlines())

    @staticmethod
    def hash_of(id_number: str) -> str:
        return hashlib.sha256(id_number.upper().encode()).hexdigest()

    def check(self, card: IdCard) -> CheckResult:
        hit = self.hash_of(card.id_number) in self._hashes
        return CheckResult("credit_blacklist", "hit" if hit else "pass", "local-list")


class UnavailableFaceComparer:
    """The chip photo is WLT-encoded and decoding it needs a licensed vendor library, so by default no
    comparison is made; the decision records that (and Settings.face_match_required decides its weight)."""

    def compare(self, face_jpeg: bytes, card: IdCard) -> CheckResult:
        return CheckResult("face_compare", "unavailable", "none")


@dataclass(frozen=True)
class ExternalChecks:
    blacklist: CreditBlacklist
    face: FaceComparer

    @classmethod
    def embedded(cls) -> ExternalChecks:
        return cls(LocalBlacklist(), UnavailableFaceComparer())
