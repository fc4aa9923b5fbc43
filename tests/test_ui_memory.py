"""Visits leave nothing behind in the kiosk process: no widgets, Qt objects, images or threads pile up from one
resident to the next, and what a visit freed is given back to the system (kiosk.memory)."""

from __future__ import annotations

import collections
import gc
import subprocess
import sys
import threading

import pytest
from PySide6.QtWidgets import QApplication
from shiboken6 import Shiboken
from ui_fixtures import app, journey, kiosk, resident, terminal

from ui.journey import pump

__all__ = ["app", "journey", "kiosk", "terminal"]   # fixtures, imported explicitly
pytestmark = pytest.mark.no_qt_log


def _alive() -> tuple[collections.Counter, int, list[str]]:
    pump()
    gc.collect()
    wrappers = collections.Counter(type(o).__name__ for o in Shiboken.getAllValidWrappers())
    # The I/O pool starts its second thread only when two jobs first overlap; it is bounded either way. The
    # embedded back office's worker pool (AnyIO) grows with overlapping requests and lets idle threads go.
    threads = sorted(t.name for t in threading.enumerate() if not t.name.startswith(("kiosk-io", "AnyIO worker")))
    return wrappers, len(QApplication.allWidgets()), threads


def test_visits_leave_no_qt_objects_images_or_threads_behind(journey):
    journey.complete(resident(21))    # the first visit builds what is made once (paperwork, search index)
    before = _alive()
    for seed in (22, 23):
        journey.complete(resident(seed))
    wrappers, widgets, threads = _alive()
    assert widgets == before[1]
    assert threads == before[2]
    assert wrappers - before[0] == collections.Counter()


CHURN = """
import subprocess
import sys
import threading
from kiosk.memory import release_free_memory

def rss_kib():
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))

# Blocks under glibc's mmap threshold, each pinned in place by a small neighbour that stays: freeing the big
# ones leaves ~60 MB of holes the allocator would otherwise keep.
blocks, pins = [], []

def churn():
    for _ in range(600):
        blocks.append(bytearray(100_000))
        pins.append(bytearray(1_000))   # over pymalloc's 512 bytes: from the same heap
    blocks.clear()

worker = threading.Thread(target=churn)
worker.start()
worker.join()
before = rss_kib()
release_free_memory()
print(before - rss_kib())
"""


def test_freed_heap_pages_go_back_to_the_system():
    # In a fresh interpreter: how much a long test process has already fragmented its heap is not ours to know.
    out = subprocess.run([sys.executable, "-c", CHURN], capture_output=True, text=True, timeout=120, check=True)
    assert int(out.stdout.strip()) > 30_000
