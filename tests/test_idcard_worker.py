"""The reader worker over a real pty: card in/out events, faults reported once, USB unplug and replug."""

from __future__ import annotations

import dataclasses
import queue
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from idcard_fixtures import FAST_TIMEOUT_S

from devices.idcard import errors
from devices.idcard.serial_reader import SerialCardReader
from devices.idcard.simulator import ReaderSimulator, sim_card
from devices.idcard.worker import ReaderWorker

POLL_S = 0.02


class Events:
    """What the UI would receive, in order, plus the thread each callback ran on."""

    def __init__(self) -> None:
        self.items: queue.Queue[tuple[str, object]] = queue.Queue()
        self.threads: set[str] = set()

    def _put(self, kind: str, value: object = None) -> None:
        self.threads.add(threading.current_thread().name)
        self.items.put((kind, value))

    def inserted(self, card: object) -> None:
        self._put("inserted", card)

    def removed(self) -> None:
        self._put("removed")

    def error(self, exc: object) -> None:
        self._put("error", exc)

    def next(self, timeout: float = 5.0) -> tuple[str, object]:
        return self.items.get(timeout=timeout)

    def quiet_for(self, seconds: float) -> bool:
        try:
            self.items.get(timeout=seconds)
        except queue.Empty:
            return True
        return False


@pytest.fixture
def rig(tmp_path: Path) -> Iterator[tuple[ReaderSimulator, Events, ReaderWorker]]:
    link = str(tmp_path / "idcard")
    simulator = ReaderSimulator()
    simulator.start(link)
    events = Events()
    worker = ReaderWorker(lambda: SerialCardReader(link, timeout_s=FAST_TIMEOUT_S), poll_interval_s=POLL_S,
                          on_inserted=events.inserted, on_removed=events.removed, on_error=events.error)
    worker.start()
    yield simulator, events, worker
    worker.stop()
    simulator.stop()


def test_card_in_and_out(rig) -> None:
    simulator, events, _ = rig
    assert events.quiet_for(0.2)
    simulator.insert(sim_card("foreign_2017"))
    kind, card = events.next()
    assert kind == "inserted" and card == sim_card("foreign_2017")
    assert events.quiet_for(0.2)           # the card lying there is not reported again
    simulator.remove()
    assert events.next() == ("removed", None)
    simulator.insert(sim_card("resident_long_term"))
    kind, card = events.next()
    assert kind == "inserted" and card.valid_until is None
    assert events.threads == {"card-reader"}   # never the caller's (UI) thread


def test_unplug_and_replug_without_restarting(rig) -> None:
    simulator, events, _ = rig
    simulator.insert(sim_card("resident"))
    assert events.next()[0] == "inserted"
    simulator.unplug()
    kind, exc = events.next()
    assert kind == "error" and isinstance(exc, errors.ReaderUnavailable)
    assert exc.message_zh == "读卡器未连接，请联系工作人员。"
    assert events.next() == ("removed", None)
    assert events.quiet_for(0.3)           # a lasting fault is reported once, not every poll
    simulator.replug()
    kind, card = events.next()
    assert kind == "inserted" and card.id_number == sim_card("resident").id_number


def test_rejected_card_is_reported_once_until_taken_away(rig) -> None:
    simulator, events, _ = rig
    simulator.insert(dataclasses.replace(sim_card("resident"), birth_date="1988-05-18"))
    kind, exc = events.next()
    assert kind == "error" and isinstance(exc, errors.InvalidIdNumber)
    assert events.quiet_for(0.2)
    simulator.remove()
    assert events.next() == ("removed", None)
    simulator.insert(sim_card("hmt_residence"))
    assert events.next()[0] == "inserted"


def test_a_card_that_keeps_failing_is_reported_then_read_when_it_settles(rig) -> None:
    simulator, events, _ = rig
    simulator.inject("read_fail", times=6)   # two whole read attempts (3 tries each) fail
    simulator.insert(sim_card("resident"))
    kind, exc = events.next()
    assert kind == "error" and isinstance(exc, errors.CardReadError) and "读卡失败" in exc.message_zh
    assert events.next()[0] == "inserted"


def test_stop_is_prompt_even_with_the_reader_gone(rig) -> None:
    simulator, events, worker = rig
    simulator.unplug()
    assert events.next()[0] == "error"
    start = time.monotonic()
    worker.stop()
    assert time.monotonic() - start < 1.0
