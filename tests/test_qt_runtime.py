"""The Qt build we ship must survive a long day: PySide6 6.12 on CPython 3.11 aborted after ~100 journeys."""

import subprocess
import sys

LOOP = """
import sys
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
w = QWidget()
before = sys.getrefcount(None)
for _ in range(200_000):
    w.setFixedHeight(10)   # a method returning nothing
print(sys.getrefcount(None) - before)
"""


def test_void_qt_calls_do_not_leak_references_to_none():
    out = subprocess.run([sys.executable, "-c", LOOP], capture_output=True, text=True, timeout=120,
                         env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr[-500:]
    assert abs(int(out.stdout.strip())) < 100
