"""Hands the back office's reply from the sync worker's thread to the session waiting for it.

The reply holds the signed license data, so it stays in memory only and is dropped once taken.

The sync worker also says when delivery is held back (the back office refused or did not answer, the circuit
is open, or an earlier submission waits for its retry time): a session that submitted before that moment stops
waiting at once and shows the queued outcome instead of sitting out the whole decision wait.
"""

from __future__ import annotations

import threading
from typing import Any


class ResultBoard:
    def __init__(self) -> None:
        self._replies: dict[str, dict[str, Any]] = {}
        self._held_back = 0                       # how many times delivery was held back so far
        self._expected: dict[str, int] = {}       # key → _held_back just before that submission was queued
        self._given_up: set[str] = set()          # sessions that showed "queued": a late reply is not kept
        self._changed = threading.Condition()

    def mark(self) -> int:
        """Call just before queueing a submission; pass the value to expect() once its key is known."""
        with self._changed:
            return self._held_back

    def expect(self, idempotency_key: str, mark: int) -> None:
        with self._changed:
            self._expected[idempotency_key] = mark

    def deliver(self, idempotency_key: str, reply: dict[str, Any]) -> None:
        """The sync worker's on_result callback."""
        with self._changed:
            if idempotency_key in self._given_up:
                self._given_up.discard(idempotency_key)
                return
            self._replies[idempotency_key] = reply
            self._changed.notify_all()

    def held_back(self) -> None:
        """The sync worker's on_held_back callback: nothing queued so far will be delivered right now."""
        with self._changed:
            self._held_back += 1
            self._changed.notify_all()

    def take(self, idempotency_key: str, timeout_s: float) -> dict[str, Any] | None:
        """Wait up to timeout_s for the reply to this submission; None if it has not come (offline), at once when
        delivery was held back after the submission was queued (see expect())."""
        with self._changed:
            mark = self._expected.pop(idempotency_key, None)

            def answered_or_held() -> bool:
                return idempotency_key in self._replies or (mark is not None and self._held_back > mark)

            self._changed.wait_for(answered_or_held, timeout=timeout_s)
            reply = self._replies.pop(idempotency_key, None)
            if reply is None:
                self._given_up.add(idempotency_key)
            return reply
