"""Technician PIN: stored only as a salted scrypt hash, five wrong tries lock the pad for the configured time
(also across a restart), and neither the log nor the state file ever holds the PIN."""

from __future__ import annotations

import io
import logging
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.cli import main
from kiosk.config import ConfigError, load_config
from kiosk.technician import MAX_ATTEMPTS, Attempt, PinError, TechnicianAccess, Verdict, hash_pin, pin_matches

PIN = "482916"


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def access(tmp_path, clock) -> TechnicianAccess:
    a = TechnicianAccess(tmp_path / "technician.json", lockout_s=600, clock=clock)
    a.set_pin(PIN)
    return a


def test_the_file_holds_a_salted_hash_readable_only_by_its_owner(access):
    text = access.path.read_text()
    assert PIN not in text and "scrypt$" in text
    assert os.stat(access.path).st_mode & 0o777 == 0o600
    assert hash_pin(PIN) != hash_pin(PIN)   # a fresh salt each time


@settings(max_examples=10, deadline=None)
@given(st.text(alphabet="0123456789", min_size=6, max_size=12))
def test_only_the_same_pin_matches(pin):
    stored = hash_pin(PIN)
    assert pin_matches(pin, stored) == (pin == PIN)


def test_no_pin_set_keeps_the_door_closed(tmp_path):
    assert TechnicianAccess(tmp_path / "none.json").verify(PIN).verdict is Verdict.NOT_SET


@pytest.mark.parametrize("bad", ["12345", "1234567890123", "12345a", "１２３４５６", ""])
def test_short_or_non_digit_pins_are_refused(tmp_path, bad):
    with pytest.raises(PinError):
        TechnicianAccess(tmp_path / "t.json").set_pin(bad)


def test_five_wrong_tries_lock_even_the_right_pin_and_a_restart_keeps_the_lock(access, clock, tmp_path):
    for left in range(MAX_ATTEMPTS - 1, 0, -1):
        assert access.verify("000000") == Attempt(Verdict.WRONG, left)
    locked = access.verify("000000")
    assert locked.verdict is Verdict.LOCKED and locked.locked_s == 600
    assert access.verify(PIN).verdict is Verdict.LOCKED
    restarted = TechnicianAccess(access.path, lockout_s=600, clock=clock)
    clock.now += 599
    assert restarted.verify(PIN).verdict is Verdict.LOCKED
    clock.now += 2
    assert restarted.verify(PIN).verdict is Verdict.OK


def test_a_right_pin_resets_the_count(access):
    for _ in range(MAX_ATTEMPTS - 1):
        access.verify("000000")
    assert access.verify(PIN).verdict is Verdict.OK
    assert access.verify("000000").attempts_left == MAX_ATTEMPTS - 1


def test_a_clock_set_backwards_cannot_stretch_the_lock(access, clock):
    for _ in range(MAX_ATTEMPTS):
        access.verify("000000")
    clock.now -= 10 * 86400
    assert access.locked_for() == 600


def test_set_pin_lifts_a_lockout(access):
    for _ in range(MAX_ATTEMPTS):
        access.verify("000000")
    access.set_pin("135790")
    assert access.verify("135790").verdict is Verdict.OK


def test_a_damaged_state_file_does_not_open_the_door(access):
    access.path.write_text("{not json")
    assert access.verify(PIN).verdict is Verdict.NOT_SET


def test_log_lines_name_the_event_never_the_pin(access, caplog):
    caplog.set_level(logging.INFO, logger="kiosk.technician")
    access.verify("999999")
    access.verify(PIN)
    messages = [r.getMessage() for r in caplog.records]
    assert any("wrong" in m for m in messages) and any("accepted" in m for m in messages)
    assert not any(PIN in m or "999999" in m for m in messages)


def test_lockout_time_is_a_validated_config_key(tmp_path):
    assert load_config(env={}, data_dir=tmp_path).technician_lockout_s == 900
    with pytest.raises(ConfigError, match="technician_lockout_s"):
        load_config(env={}, data_dir=tmp_path, technician_lockout_s=5)


def test_kiosk_technician_set_pin_and_status(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("KIOSK_CONFIG", str(tmp_path / "kiosk.toml"))
    (tmp_path / "kiosk.toml").write_text("")
    monkeypatch.setattr("sys.stdin", io.StringIO("12\n"))
    assert main(["technician", "set-pin", "--stdin"]) == 1
    monkeypatch.setattr("sys.stdin", io.StringIO(PIN + "\n"))
    assert main(["technician", "set-pin", "--stdin"]) == 0
    assert main(["technician", "status"]) == 0
    out = capsys.readouterr().out
    assert "PIN set;" in out and PIN not in out
    assert TechnicianAccess(tmp_path / "technician.json").verify(PIN).verdict is Verdict.OK
