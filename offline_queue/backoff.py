"""Retry timing: capped exponential backoff with full jitter, and a circuit breaker for an unreachable server."""

from __future__ import annotations

import random
import time
from collections.abc import Callable


def full_jitter(attempt: int, base_s: float, cap_s: float, rng: random.Random) -> float:
    """Uniform in [0, min(cap, base * 2**attempt)]: the AWS "full jitter" schedule, so terminals that lost
    the network together do not all come back at the same instant."""
    return rng.uniform(0.0, min(cap_s, base_s * 2 ** min(attempt, 32)))


class CircuitBreaker:
    """Closed → (fail_max consecutive failures) → open for reset_timeout_s → half-open: one probe decides.

    While open the worker sends nothing at all, so a back office that is down is not hammered; it resumes
    on its own once a probe gets an answer.
    """

    def __init__(self, fail_max: int, reset_timeout_s: float, clock: Callable[[], float] = time.monotonic):
        self.fail_max = fail_max
        self.reset_timeout_s = reset_timeout_s
        self._clock = clock
        self._failures = 0
        self._opened_at: float | None = None

    @property
    def state(self) -> str:
        if self._opened_at is None:
            return "closed"
        return "open" if self._clock() < self._opened_at + self.reset_timeout_s else "half_open"

    def allow(self) -> bool:
        return self.state != "open"

    def seconds_until_probe(self) -> float:
        if self._opened_at is None:
            return 0.0
        return max(0.0, self._opened_at + self.reset_timeout_s - self._clock())

    def success(self) -> None:
        self._failures = 0
        self._opened_at = None

    def failure(self) -> None:
        self._failures += 1
        if self._opened_at is not None or self._failures >= self.fail_max:
            self._opened_at = self._clock()  # a failed probe re-opens for a full period
