"""Signing v2 at the Authenticator: replay refusal covers the whole clock tolerance, whatever the pruning."""

from __future__ import annotations

from pathlib import Path

import pytest

from backoffice.app import Backoffice
from backoffice.settings import Settings
from backoffice.terminals import Authenticator, AuthError, enrol
from domain.signing import sign_headers

TOLERANCE = 30
PATH = "/api/v1/catalogue/scopes"


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def _lower(headers: dict[str, str]) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}


@pytest.fixture
def bo(tmp_path: Path) -> Backoffice:
    bo = Backoffice.open(str(tmp_path / "bo.sqlite3"), settings=Settings())
    enrol(bo.engine, bo.keys, "T-1", secret="s3cret", division_code="370702")
    return bo


def _accept(auth: Authenticator, headers: dict[str, str]) -> None:
    creds = auth.check_headers(_lower(headers))
    auth.remember(auth.verify(creds, "GET", PATH, "", b""))


def test_a_replay_is_refused_until_the_timestamp_is_stale(bo: Backoffice) -> None:
    t0 = 1_800_000_000.0
    clock = Clock(t0)
    auth = Authenticator(bo.engine, bo.keys, TOLERANCE, clock=clock)
    headers = sign_headers("T-1", "s3cret", "GET", PATH, b"", now=t0 + TOLERANCE)   # a fast terminal clock
    _accept(auth, headers)
    for later in (1, TOLERANCE + 5, 2 * TOLERANCE):   # still fresh: refused as a replay, though pruning ran
        clock.now = t0 + later
        auth._last_prune = 0.0
        with pytest.raises(AuthError, match="replay"):
            _accept(auth, headers)
    clock.now = t0 + 2 * TOLERANCE + 1
    with pytest.raises(AuthError, match="stale"):
        _accept(auth, headers)


def test_a_fresh_nonce_is_accepted_in_the_same_second(bo: Backoffice) -> None:
    clock = Clock(1_800_000_000.0)
    auth = Authenticator(bo.engine, bo.keys, TOLERANCE, clock=clock)
    _accept(auth, sign_headers("T-1", "s3cret", "GET", PATH, b"", now=clock.now))
    _accept(auth, sign_headers("T-1", "s3cret", "GET", PATH, b"", now=clock.now))


def test_a_disabled_terminal_is_refused_before_its_signature_is_checked(bo: Backoffice) -> None:
    auth = Authenticator(bo.engine, bo.keys, TOLERANCE)
    with pytest.raises(AuthError, match="unknown"):
        auth.terminal("T-NOBODY")
