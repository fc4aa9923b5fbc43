"""Hands the back office's reply from the sync worker's thread to the session waiting for it.

The reply holds the signed license data, so it stays in memory only and is dropped once taken.
"""

from __future__ import annotations

import threading
from typing import Any


class ResultBoard:
    def __init__(self) -> None:
        self._replies: dict[str, dict[str, Any]] = {}
        self._changed = threading.Condition()

    def deliver(self, idempotency_key: str, reply: dict[str, Any]) -> None:
        """The sync worker's on_result callback."""
        with self._changed:
            self._replies[idempotency_key] = reply
            self._changed.notify_all()

    def take(self, idempotency_key: str, timeout_s: float) -> dict[str, Any] | None:
        """Wait up to timeout_s for the reply to this submission; None if it has not come (offline)."""
        with self._changed:
            self._changed.wait_for(lambda: idempotency_key in self._replies, timeout=timeout_s)
            return self._replies.pop(idempotency_key, None)

    def discard(self, idempotency_key: str) -> None:
        with self._changed:
            self._replies.pop(idempotency_key, None)
