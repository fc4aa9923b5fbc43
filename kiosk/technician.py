"""Technician mode, the plain-Python part: the PIN (a salted scrypt hash on disk), the lockout after five wrong
tries (persisted, so a restart does not reset it), the audit lines, and what the tools produce that is not Qt
(the printer's specimen page).

The PIN never reaches a log or a file in clear; the log says who did what only as "technician".
"""

from __future__ import annotations

import base64
import datetime as dt
import enum
import hashlib
import hmac
import json
import logging
import os
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger("kiosk.technician")

MAX_ATTEMPTS = 5
PIN_MIN_DIGITS, PIN_MAX_DIGITS = 6, 12
STATE_FILE = "technician.json"
# scrypt cost: ~50 ms and 16 MiB per check on a kiosk CPU, so guessing offline from a stolen file is slow too.
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


class PinError(ValueError):
    """A PIN that may not be set (wrong length, not digits)."""


class Verdict(enum.StrEnum):
    OK = "ok"
    WRONG = "wrong"
    LOCKED = "locked"
    NOT_SET = "not_set"     # no PIN has been set on this terminal: technician mode stays closed


@dataclass(frozen=True)
class Attempt:
    verdict: Verdict
    attempts_left: int = MAX_ATTEMPTS   # after a WRONG: tries before the lockout
    locked_s: float = 0.0               # LOCKED: seconds until the PIN pad opens again


def check_pin_format(pin: str) -> None:
    if not (pin.isascii() and pin.isdigit() and PIN_MIN_DIGITS <= len(pin) <= PIN_MAX_DIGITS):
        raise PinError(f"the PIN must be {PIN_MIN_DIGITS} to {PIN_MAX_DIGITS} digits")


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    """"scrypt$n$r$p$salt$hash" (base64), the form stored in the state file."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, dklen=32, **_SCRYPT)
    b64 = base64.b64encode
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${b64(salt).decode()}${b64(digest).decode()}"


def pin_matches(pin: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(pin.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                                dklen=len(expected))
    except ValueError:
        return False
    return hmac.compare_digest(actual, expected)


class TechnicianAccess:
    """The PIN check with its lockout. State (hash, failures, lock end) lives in one JSON file, mode 0600.

    The lock end is wall-clock time (it must survive a restart); a clock set backwards cannot stretch a lock
    beyond lockout_s from now.
    """

    def __init__(self, state_path: Path, *, lockout_s: float = 900.0, max_attempts: int = MAX_ATTEMPTS,
                 clock: Callable[[], float] = time.time) -> None:
        self.path = state_path
        self.lockout_s = lockout_s
        self.max_attempts = max_attempts
        self._clock = clock
        self._lock = threading.Lock()

    @classmethod
    def for_config(cls, config: Any) -> TechnicianAccess:
        return cls(config.data_dir / STATE_FILE, lockout_s=config.technician_lockout_s)

    # --- state file ------------------------------------------------------------------------------------------

    def _load(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            # A damaged file must not open the door: no hash means no entry until set-pin writes a new one.
            log.error("technician state %s unreadable (%s); technician mode stays closed", self.path, exc)
            return {"failures": 0, "locked_until": 0.0}
        return data if isinstance(data, dict) else {}

    def _save(self, state: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(state, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)

    # --- public ------------------------------------------------------------------------------------------

    @property
    def pin_is_set(self) -> bool:
        return bool(self._load().get("pin_hash"))

    def set_pin(self, pin: str) -> None:
        """Store a new PIN (and clear any lockout): `kiosk technician set-pin`."""
        check_pin_format(pin)
        with self._lock:
            self._save({"pin_hash": hash_pin(pin), "failures": 0, "locked_until": 0.0})
        log.info("technician PIN set; lockout cleared")

    def locked_for(self) -> float:
        """Seconds the PIN pad stays locked (0: open)."""
        return self._locked_for(self._load())

    def _locked_for(self, state: dict[str, Any]) -> float:
        left = float(state.get("locked_until", 0.0)) - self._clock()
        return min(max(left, 0.0), self.lockout_s)

    def attempts_left(self) -> int:
        return self.max_attempts - int(self._load().get("failures", 0))

    def verify(self, pin: str) -> Attempt:
        """Check a PIN typed on the pad; counts failures and locks after max_attempts in a row."""
        with self._lock:
            state = self._load()
            locked = self._locked_for(state)
            if locked > 0:
                log.warning("technician PIN refused: locked for another %.0f s", locked)
                return Attempt(Verdict.LOCKED, 0, locked)
            stored = state.get("pin_hash")
            if not stored:
                log.warning("technician mode requested, but no technician PIN is set (kiosk technician set-pin)")
                return Attempt(Verdict.NOT_SET)
            if pin_matches(pin, stored):
                if state.get("failures"):
                    self._save(state | {"failures": 0, "locked_until": 0.0})
                log.info("technician PIN accepted")
                return Attempt(Verdict.OK)
            failures = int(state.get("failures", 0)) + 1
            if failures >= self.max_attempts:
                self._save(state | {"failures": 0, "locked_until": self._clock() + self.lockout_s})
                log.warning("technician PIN wrong %d times in a row; PIN pad locked for %.0f s",
                            failures, self.lockout_s)
                return Attempt(Verdict.LOCKED, 0, self.lockout_s)
            self._save(state | {"failures": failures})
            log.warning("technician PIN wrong (%d of %d before the lockout)", failures, self.max_attempts)
            return Attempt(Verdict.WRONG, self.max_attempts - failures)


def audit(event: str, detail: str = "") -> None:
    """One line per technician action (entry, exit, each tool): who did what is "technician", never a PIN."""
    log.info("technician %s%s", event, f": {detail}" if detail else "")


# --- what the test print prints ---------------------------------------------------------------------------------


def specimen_page(terminal_id: str, *, font_path: Path | None = None,
                  offset_mm: tuple[float, float] = (0.0, 0.0), now: dt.datetime | None = None) -> bytes:
    """An A4 test page: a 10 mm grid with a ruler, a frame 10 mm inside the paper edge (shows the calibration
    offset), Chinese and Latin text (shows the embedded font) and a QR code (shows the print is scannable)."""
    from kiosk.documents.pdf import Page, register_cjk_font

    now = now or dt.datetime.now()
    page = Page(210, 297, register_cjk_font(font_path), offset_mm)
    page.rect(10, 10, 190, 277, 0.3)
    for x in range(20, 200, 10):
        page.line(x, 10, x, 14 if x % 50 else 18, 0.2)
    for y in range(20, 287, 10):
        page.line(10, y, 14 if y % 50 else 18, y, 0.2)
    page.text(105, 40, "打印测试页", 28, "center")
    page.text(105, 52, "Printer test page", 14, "center")
    page.text(30, 80, f"终端 Terminal: {terminal_id}", 12)
    page.text(30, 90, f"时间 Time: {now:%Y-%m-%d %H:%M:%S}", 12)
    page.text(30, 100, f"校准偏移 Offset: x {offset_mm[0]:+.1f} mm, y {offset_mm[1]:+.1f} mm", 12)
    page.text(30, 115, "边框距纸边应为 10 mm；刻度每格 10 mm。", 12)
    page.text(30, 125, "The frame should be 10 mm from the paper edge; ticks every 10 mm.", 12)
    page.text(30, 140, "个体工商户设立登记 · 统一社会信用代码 0123456789ABCDEFGH", 12)
    page.qr(30, 155, 40, f"kiosk-test-page:{terminal_id}:{now:%Y%m%dT%H%M%S}")
    return page.finish()
