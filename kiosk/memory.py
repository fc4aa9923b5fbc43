"""Give the heap's free pages back to the system between visits.

A visit allocates and frees tens of megabytes (camera frames, face models' buffers, PDFs, the keyboard's QML)
on several threads. glibc keeps what was freed inside its arenas, scattered between live blocks, so the
resident set climbs for the first few dozen visits although nothing is leaked (benchmarks.ui: Python objects,
Qt wrappers, widgets and threads stay constant). malloc_trim(0) returns every free page of every arena; after
a visit it also drops the pages that held the resident's data instead of keeping them in the process.
"""

from __future__ import annotations

import ctypes
import functools
from collections.abc import Callable


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        trim = ctypes.CDLL(None).malloc_trim   # the C library this process already uses
    except (OSError, AttributeError):   # not glibc (musl, macOS): nothing to do
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


def release_free_memory() -> bool:
    """Return free heap pages to the system; True if any were released. Safe from any thread."""
    trim = _malloc_trim()
    return bool(trim(0)) if trim is not None else False
