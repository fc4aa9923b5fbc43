"""Polls a card reader on a background thread and reports what a resident does: card in, card out, faults.

Callbacks run on the worker thread; ui/ turns them into queued Qt signals, so the UI thread never waits on
the serial line. A reader that fails at the port level (USB adapter pulled) is closed and re-created from
the factory on every later poll until it answers again; the app keeps running meanwhile.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable

from devices.idcard.base import CardReader, ReaderError
from devices.idcard.errors import CardRejected, ReaderUnavailable
from domain.card import IdCard

log = logging.getLogger(__name__)


class ReaderWorker:
    def __init__(self, reader_factory: Callable[[], CardReader], *, poll_interval_s: float,
                 on_inserted: Callable[[IdCard], None], on_removed: Callable[[], None],
                 on_error: Callable[[ReaderError], None]) -> None:
        self._factory = reader_factory
        self._interval = poll_interval_s
        self._on_inserted, self._on_removed, self._on_error = on_inserted, on_removed, on_error
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._reader: CardReader | None = None
        self._card_on_reader = False   # a card was read (or rejected) and has not been taken away yet
        self._reported: type[ReaderError] | None = None   # the fault last reported, to report each once

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("reader worker already started")
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="card-reader", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 10.0) -> None:
        """Stop polling and release the port; waits at most for the command in flight to end."""
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout_s)

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                self._poll_once()
                self._stop.wait(self._interval)
        finally:
            self._drop_reader()

    def _poll_once(self) -> None:
        try:
            if self._reader is None:
                self._reader = self._factory()
            if self._card_on_reader:
                if not self._reader.card_present():
                    self._card_on_reader = False
                    self._emit(self._on_removed)
            else:
                card = self._reader.read_card()
                if card is not None:
                    self._card_on_reader = True
                    self._emit(self._on_inserted, card)
            self._reported = None
        except CardRejected as exc:
            self._card_on_reader = True   # do not re-read the same bad card until it is taken away
            self._report(exc)
        except ReaderUnavailable as exc:
            self._drop_reader()
            self._report(exc)
            if self._card_on_reader:   # nobody can vouch for the card any more; a replug reads it afresh
                self._card_on_reader = False
                self._emit(self._on_removed)
        except ReaderError as exc:
            self._report(exc)
        except Exception as exc:  # a bug in a reader must not kill polling; it is logged and reported
            log.exception("card reader poll failed")
            self._drop_reader()
            self._report(ReaderError(f"unexpected reader failure: {type(exc).__name__}"))

    def _report(self, exc: ReaderError) -> None:
        # A rejected card is reported every time one is placed; a lasting fault only when it starts or changes.
        if isinstance(exc, CardRejected) or type(exc) is not self._reported:
            log.warning("card reader: %s", exc)
            self._emit(self._on_error, exc)
        self._reported = type(exc)

    def _emit(self, callback: Callable[..., None], *args: object) -> None:
        try:
            callback(*args)
        except Exception:
            log.exception("card reader callback failed")

    def _drop_reader(self) -> None:
        if self._reader is not None:
            with contextlib.suppress(ReaderError):
                self._reader.close()
            self._reader = None
