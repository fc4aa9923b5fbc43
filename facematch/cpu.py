"""Whether this CPU can run dlib-bin: its wheels are built with AVX and die with "Illegal instruction" (a
signal, not an exception) on CPUs without it, as many Celeron J/N kiosk boards are. So the flag is read from
/proc/cpuinfo before dlib is ever imported."""

from __future__ import annotations

import os
from pathlib import Path

# Another cpuinfo file to read instead of the machine's (tests of the degraded path on an AVX machine).
CPUINFO_ENV = "FACEMATCH_CPUINFO"


def has_avx(cpuinfo: Path | None = None) -> bool:
    path = cpuinfo or Path(os.environ.get(CPUINFO_ENV) or "/proc/cpuinfo")
    try:
        text = path.read_text(encoding="ascii", errors="replace")
    except OSError:
        return False  # unknown: importing dlib could kill the process, so assume the worst
    for line in text.splitlines():
        if line.startswith("flags"):
            return "avx" in line.partition(":")[2].split()
    return False
