"""What a doctor check is, and how the checks run: independently, in parallel, each bounded in time."""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from kiosk.config import Config

Status = Literal["pass", "warn", "fail"]


@dataclass(frozen=True)
class Check:
    name: str
    status: Status
    detail: str
    hint: str = ""      # what a technician should do; required unless the status is "pass"

    def __post_init__(self) -> None:
        if self.status != "pass" and not self.hint:
            raise ValueError(f"check {self.name}: a {self.status} needs a hint")

    def to_json(self) -> dict[str, str]:
        return asdict(self)


@dataclass
class Context:
    """What every check may look at. config is None when the configuration does not load (config_error says why).

    ports: serial ports the reader check may probe besides the configured one; None discovers them.
    clock: the terminal's wall clock, compared with the back office's (a seam for tests).
    """

    config: Config | None
    config_error: str | None = None
    ports: Sequence[str] | None = None
    clock: Callable[[], float] = time.time
    _memo: dict[str, Any] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def shared(self, key: str, compute: Callable[[], Any]) -> Any:
        """compute() once per run for checks that look at the same exchange (the back office's reply)."""
        with self._lock:
            if key not in self._memo:
                self._memo[key] = compute()
            return self._memo[key]


CheckFn = Callable[[Context], Check]


def needs_config(name: str) -> Callable[[CheckFn], CheckFn]:
    """A check that has nothing to look at without a configuration says so instead of failing twice."""

    def wrap(fn: CheckFn) -> CheckFn:
        @functools.wraps(fn)
        def checked(ctx: Context) -> Check:
            if ctx.config is None:
                return Check(name, "warn", "not checked: the configuration does not load",
                             "fix the configuration (see the config check), then run kiosk doctor again")
            return fn(ctx)

        return checked

    return wrap


def run_checks(checks: Sequence[tuple[str, CheckFn]], ctx: Context, timeout_s: float = 30.0) -> list[Check]:
    """All checks at once (probing a silent port and a dead camera both take seconds), results in list order.

    A check that raises or overruns becomes a failure of its own: the doctor must report, not crash. Daemon
    threads, not an executor, so that a check stuck in a driver call cannot keep the process from exiting.
    """
    slots: list[Check | None] = [None] * len(checks)

    def work(i: int, name: str, fn: CheckFn) -> None:
        try:
            slots[i] = fn(ctx)
        except Exception as exc:  # a bug or an unforeseen fault in one check must not hide the others
            slots[i] = Check(name, "fail", f"the check itself failed: {type(exc).__name__}: {exc}",
                             "send the bundle from `kiosk logs export FILE` to support")

    threads = [threading.Thread(target=work, args=(i, name, fn), name=f"doctor-{name}", daemon=True)
               for i, (name, fn) in enumerate(checks)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + timeout_s
    for t in threads:
        t.join(max(0.0, deadline - time.monotonic()))
    return [slot or Check(name, "fail", f"no answer within {timeout_s:.0f} s",
                          "the device or service hangs: power-cycle it and run kiosk doctor again")
            for slot, (name, _) in zip(slots, checks, strict=True)]


def nearest_existing(path: Path) -> Path:
    """The path, or its closest ancestor that exists: what a folder created later will inherit."""
    path = path.absolute()
    while not path.exists():
        path = path.parent
    return path


def overall_ok(results: Sequence[Check]) -> bool:
    return all(c.status != "fail" for c in results)


def render_text(results: Sequence[Check]) -> str:
    marks = {"pass": "ok  ", "warn": "WARN", "fail": "FAIL"}
    width = max((len(c.name) for c in results), default=0)
    lines = []
    for c in results:
        lines.append(f"{marks[c.status]}  {c.name:<{width}}  {c.detail}")
        if c.hint:
            lines.append(f"      {'':<{width}}  → {c.hint}")
    return "\n".join(lines)
