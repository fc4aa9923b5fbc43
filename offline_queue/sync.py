"""The sync worker: sends queued submissions in order, at least once, and files each answer.

2xx → done (non-personal result kept, personal data purged); 408/409/425/429, 5xx and no answer at all →
retry later with the schedule stored in the row; any other 4xx → dead letter for a technician. The back
office deduplicates on the Idempotency-Key, so resending after a crash or a lost reply registers nothing twice.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from kiosk.backoffice_client import BackofficeClient, BackofficeUnreachable, Reply
from offline_queue.backoff import CircuitBreaker, full_jitter
from offline_queue.errors import QueueError
from offline_queue.outbox import MIN_RESEND_GAP_S, Claimed, Outbox

if TYPE_CHECKING:
    from kiosk.config import Config

log = logging.getLogger("offline_queue.sync")

# 409: the first attempt is still being processed (IETF idempotency draft); 408/425/429: come back later.
RETRYABLE_4XX = frozenset({408, 409, 425, 429})
_PURGE_EVERY_S = 3600.0
_MAX_ERROR_CHARS = 300


class SyncWorker:
    def __init__(self, outbox: Outbox, client: BackofficeClient, *,
                 on_result: Callable[[str, dict], None] | None = None,
                 on_held_back: Callable[[], None] | None = None, rng: random.Random | None = None,
                 base_delay_s: float = 2.0, max_delay_s: float = 300.0, breaker_failures: int = 3,
                 breaker_cooldown_s: float = 30.0, dead_retention_days: float = 30.0,
                 poll_interval_s: float = 5.0, min_resend_gap_s: float = MIN_RESEND_GAP_S) -> None:
        """on_result(idempotency_key, reply_json) is called once the back office accepted a submission (2xx),
        with the full reply in memory only. Dead letters do not call it: outbox.result(key) shows them.
        on_held_back() is called after a pass that leaves submissions pending (refused, no answer, 5xx, circuit
        open, the head waiting for its retry time): nothing queued so far will be delivered right now."""
        self._outbox = outbox
        self._client = client
        self._on_result = on_result
        self._on_held_back = on_held_back
        self._rng = rng or random.Random()
        self._base_delay_s = base_delay_s
        self._max_delay_s = max_delay_s
        self._breaker = CircuitBreaker(breaker_failures, breaker_cooldown_s)
        self._dead_retention_days = dead_retention_days
        self._poll_interval_s = poll_interval_s
        self._min_resend_gap_s = min_resend_gap_s
        self._pass_lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._last_purge = float("-inf")

    @classmethod
    def for_config(cls, outbox: Outbox, client: BackofficeClient, config: Config, *,
                   on_result: Callable[[str, dict], None] | None = None,
                   on_held_back: Callable[[], None] | None = None,
                   rng: random.Random | None = None) -> SyncWorker:
        """A worker with the terminal's queue_* settings."""
        return cls(outbox, client, on_result=on_result, on_held_back=on_held_back, rng=rng,
                   base_delay_s=config.queue_retry_base_s, max_delay_s=config.queue_retry_max_s,
                   breaker_failures=config.queue_breaker_failures, breaker_cooldown_s=config.queue_breaker_cooldown_s,
                   dead_retention_days=config.queue_dead_retention_days)

    @property
    def paused(self) -> bool:
        """True while the circuit breaker holds delivery back because the back office is unreachable."""
        return not self._breaker.allow()

    # --- one pass ---------------------------------------------------------------------------------------

    def deliver_due(self) -> int:
        """Send due submissions oldest first until one must wait; returns how many reached done or dead."""
        finished = 0
        held = False
        with self._pass_lock:
            while not self._stopping.is_set():
                if not self._breaker.allow():
                    held = True
                    break
                claimed = self._outbox.claim_next()
                if claimed is None:
                    due = self._outbox.next_due_at()   # a head still pending waits for its retry time
                    held = due is not None and due > time.time()
                    break
                if not self._attempt(claimed):
                    held = True
                    break  # the head waits for its retry time and nothing overtakes it
                finished += 1
        if held and self._on_held_back is not None:
            self._on_held_back()
        return finished

    def _attempt(self, claimed: Claimed) -> bool:
        try:
            reply = self._client.submit_registration(claimed.idempotency_key, claimed.body)
        except BackofficeUnreachable as exc:
            self._breaker.failure()
            self._retry(claimed, _clip(str(exc)), None, None)
            return False
        if reply.ok:
            self._breaker.success()
            body = reply.body if isinstance(reply.body, dict) else {"detail": reply.body}
            self._outbox.mark_done(claimed.local_id, reply.status, summarise(body))
            self._notify(claimed.idempotency_key, body)
            return True
        if reply.status >= 500 or reply.status in RETRYABLE_4XX:
            if reply.status >= 500:
                self._breaker.failure()
            else:
                self._breaker.success()
            self._retry(claimed, f"HTTP {reply.status}: {error_reason(reply)}", reply.status, reply.retry_after_s)
            return False
        self._breaker.success()
        self._outbox.mark_dead(claimed.local_id, f"HTTP {reply.status}: {error_reason(reply)}", reply.status,
                               {"reply_sha256": _digest(reply.body)})
        return True

    def _retry(self, claimed: Claimed, error: str, status: int | None, retry_after_s: float | None) -> None:
        if retry_after_s is not None:
            delay = min(max(retry_after_s, 0.0), self._max_delay_s)  # the server knows best, within our cap
        else:
            delay = full_jitter(claimed.attempts, self._base_delay_s, self._max_delay_s, self._rng)
        delay = max(delay, self._min_resend_gap_s)
        log.warning("submission %d attempt %d failed (%s); next try in %.1f s",
                    claimed.local_id, claimed.attempts + 1, error, delay)
        self._outbox.mark_retry(claimed.local_id, error, delay, status)

    def _notify(self, key: str, body: dict) -> None:
        if self._on_result is None:
            return
        try:
            self._on_result(key, body)
        except Exception:  # the session's printing trouble must not stall the queue
            log.exception("on_result callback failed for submission %s", key)

    # --- background thread ------------------------------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name="queue-sync", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 15.0) -> None:
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
            self._thread = None

    def wake(self) -> None:
        """Deliver now (e.g. right after an enqueue) instead of at the next poll."""
        self._wake.set()

    def _run(self) -> None:
        while not self._stopping.is_set():
            self._wake.clear()
            try:
                self._purge_expired()
                self.deliver_due()
            except QueueError as exc:
                log.error("queue pass failed: %s", exc)
                self._recover_after_error()
                self._stopping.wait(self._poll_interval_s)
            except Exception:
                log.exception("unexpected error in the queue pass")
                self._recover_after_error()
                self._stopping.wait(self._poll_interval_s)
            self._wake.wait(self._idle_wait())

    def _recover_after_error(self) -> None:
        try:
            self._outbox.requeue_in_flight()  # a row claimed before the error must not stay stuck
        except QueueError as exc:
            log.error("could not requeue in-flight submissions: %s", exc)

    def _purge_expired(self) -> None:
        if time.monotonic() - self._last_purge >= _PURGE_EVERY_S:
            self._outbox.purge_dead(self._dead_retention_days)
            self._last_purge = time.monotonic()

    def _idle_wait(self) -> float:
        if not self._breaker.allow():
            return max(0.01, min(self._breaker.seconds_until_probe(), self._poll_interval_s))
        due = self._outbox.next_due_at()
        if due is None:
            return self._poll_interval_s
        return max(0.01, min(due - time.time(), self._poll_interval_s))

    # --- for commands and tests -------------------------------------------------------------------------

    def sync_until_empty(self, timeout_s: float) -> bool:
        """Deliver until nothing is pending or in flight; False if time ran out first (dead letters don't count)."""
        deadline = time.monotonic() + timeout_s
        while True:
            self.deliver_due()
            status = self._outbox.status()
            if status.pending + status.in_flight == 0:
                return True
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            self._stopping.wait(min(remaining, self._idle_wait()))


def summarise(body: dict[str, Any]) -> dict[str, Any]:
    """What stays on the terminal after acknowledgement: ids, status, credit code, receipt token, hashes."""
    registration_id = body.get("registration_id", body.get("id"))
    license_data = body.get("license")
    out: dict[str, Any] = {
        "registration_id": None if registration_id is None else str(registration_id),
        "status": body.get("status"),
        "uscc": body.get("uscc"),
        "receipt_token": body.get("receipt_token"),
        "reply_sha256": _digest(body),
    }
    if license_data is not None:
        out["license_sha256"] = _digest(license_data)
    return out


def error_reason(reply: Reply) -> str:
    """A short reason for technicians, built from the server's codes and messages but never from echoed
    input (FastAPI's 422 detail repeats the submitted values, which may be an ID number)."""
    body = reply.body
    if isinstance(body, dict):
        detail = body.get("detail")
        if isinstance(detail, list):
            parts = [f"{'.'.join(str(p) for p in d.get('loc', ()))}: {d.get('type') or d.get('msg')}"
                     for d in detail if isinstance(d, dict)]
            return _clip("; ".join(parts) or "validation failed")
        for key in ("code", "title", "error"):
            if isinstance(body.get(key), str):
                more = detail if isinstance(detail, str) else ""
                return _clip(f"{body[key]} {more}".strip())
        if isinstance(detail, str):
            return _clip(detail)
        return "no reason given"
    return _clip(str(body)) if body else "no reason given"


def _clip(text: str) -> str:
    return text if len(text) <= _MAX_ERROR_CHARS else text[:_MAX_ERROR_CHARS - 1] + "…"


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
