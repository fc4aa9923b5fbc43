"""The back office's license-signing public key. The terminal starts without it (no network needed): the cached
copy is used at once if there is one, and a background thread asks the back office until it answers, then
caches what it got. Until a key is known no license is verified, so none is printed (kiosk.paperwork prints
the receipt instead, and the license is picked up later with it)."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from kiosk.backoffice_client import BackofficeClient, BackofficeUnreachable

log = logging.getLogger(__name__)

KEY_PATH = "api/v1/keys/license"
LICENSE_KEY_FIELD = "public_key_pem"
APPLY_KEY_FIELD = "apply_public_key_pem"   # the separate key of the /apply page's QR codes, same endpoint


class LicenseKey:
    def __init__(self, client: BackofficeClient, cache: Path, *, first_retry_s: float = 2.0,
                 max_retry_s: float = 60.0, field: str = LICENSE_KEY_FIELD) -> None:
        """`field`: which key of the keys endpoint's answer (the license key, or APPLY_KEY_FIELD)."""
        self._client = client
        self._field = field
        self._cache = cache
        self._first_retry_s = first_retry_s
        self._max_retry_s = max_retry_s
        self._lock = threading.Lock()
        self._pem: bytes | None = cache.read_bytes() if cache.exists() else None
        self._fetched = threading.Event()     # the back office answered once in this run
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def known(self) -> bytes | None:
        """The key as known now, without asking anyone (for the UI thread)."""
        with self._lock:
            return self._pem

    def current(self) -> bytes | None:
        """The key, asking the back office once now if none is known yet (a license that just arrived means it
        answers). None: still unknown, verify nothing."""
        return self.known or self.fetch()

    def fetch(self) -> bytes | None:
        """Ask the back office once; cache a new or changed key. None if it did not answer with one."""
        try:
            reply = self._client.request("GET", KEY_PATH)
        except BackofficeUnreachable as exc:
            log.info("license key not fetched: %s", exc)
            return None
        if not reply.ok or not isinstance(reply.body, dict) or self._field not in reply.body:
            log.warning("back office did not give its %s: HTTP %s", self._field, reply.status)
            return None
        pem = reply.body[self._field].encode()
        with self._lock:
            if self._pem != pem:
                self._cache.write_bytes(pem)
            self._pem = pem
        self._fetched.set()
        return pem

    def wait_fetched(self, timeout_s: float) -> bool:
        """True once the back office has given its key in this run (tests, the burn-in's report)."""
        return self._fetched.wait(timeout_s)

    def start(self) -> None:
        """Fetch in the background until the back office answers once (it refreshes a cached key too: keys may
        be rotated)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="license-key", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(15.0)
            self._thread = None

    def _run(self) -> None:
        delay = self._first_retry_s
        while not self._stopping.is_set() and not self._fetched.is_set() and self.fetch() is None:
            self._stopping.wait(delay)
            delay = min(delay * 2, self._max_retry_s)
