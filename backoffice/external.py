"""External checks behind small interfaces, with embedded defaults that need no network.

A real deployment plugs in the credit-information service (严重违法失信名单 / 失信被执行人) and a certified
face-versus-ID-photo comparer (a facematch engine plug-in); the outcome of each check is stored with the
decision either way.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

from domain.card import IdCard

if TYPE_CHECKING:
    from backoffice.settings import Settings
    from facematch.engine import Comparer

# "refer": the face comparer cannot tell (its score is between the match and no-match thresholds).
CheckOutcome = Literal["pass", "hit", "mismatch", "refer", "unavailable"]


@dataclass(frozen=True)
class CheckResult:
    check: str                      # "credit_blacklist" / "face_compare"
    outcome: CheckOutcome
    provider: str
    score: float | None = None      # face_compare: embedding distance, lower is more alike
    band: str | None = None         # face_compare: "match" / "refer" / "no_match"
    certified: bool = False         # face_compare: the engine is certified for 人证比对

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class CreditBlacklist(Protocol):
    def check(self, card: IdCard) -> CheckResult: ...


class FaceComparer(Protocol):
    def compare(self, face_jpeg: bytes, card: IdCard, reference_jpeg: bytes = b"") -> CheckResult:
        """The live face against the card's photo (decoded on the terminal and sent as reference_jpeg)."""
        ...


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
    """No comparison is made; the decision records that (and Settings.face_match_required decides its weight)."""

    def compare(self, face_jpeg: bytes, card: IdCard, reference_jpeg: bytes = b"") -> CheckResult:
        return CheckResult("face_compare", "unavailable", "none")


_OUTCOME_OF_BAND: dict[str, CheckOutcome] = {"match": "pass", "refer": "refer", "no_match": "mismatch"}


class EngineFaceComparer:
    """A facematch comparer (the open dlib engine or a plug-in) behind the back office's interface. Without a
    reference photo, an engine, or a face in either photo, the outcome is "unavailable": never a pass."""

    def __init__(self, comparer: Comparer) -> None:
        self._comparer = comparer

    def compare(self, face_jpeg: bytes, card: IdCard, reference_jpeg: bytes = b"") -> CheckResult:
        from facematch.engine import NoFace

        engine = self._comparer.engine_name
        if not reference_jpeg or not face_jpeg or not self._comparer.available:
            return CheckResult("face_compare", "unavailable", engine)
        try:
            found = self._comparer.compare_jpeg(reference_jpeg, face_jpeg)
        except NoFace:
            return CheckResult("face_compare", "unavailable", engine)
        return CheckResult("face_compare", _OUTCOME_OF_BAND[found.band.value], found.engine, found.score,
                           found.band.value, found.certified)


def face_comparer_from_settings(settings: Settings) -> FaceComparer:
    from facematch.bands import BandThresholds
    from facematch.plugins import load_comparer

    if settings.face_engine == "none":
        return UnavailableFaceComparer()
    return EngineFaceComparer(load_comparer(settings.face_engine,
                                            BandThresholds(settings.face_match_max, settings.face_refer_max),
                                            certified=settings.face_engine_certified))


@dataclass(frozen=True)
class ExternalChecks:
    blacklist: CreditBlacklist
    face: FaceComparer

    @classmethod
    def embedded(cls, settings: Settings | None = None) -> ExternalChecks:
        """The local list and, when settings are given, the configured face engine; without settings, no
        face comparison (every case then lacks one, which the rules treat as face_match_required says)."""
        face = face_comparer_from_settings(settings) if settings is not None else UnavailableFaceComparer()
        return cls(LocalBlacklist(), face)
