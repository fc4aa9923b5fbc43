"""Suite-wide set-up: Qt runs without a screen, and no KIOSK_* setting of the machine leaks into a test."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
for _name in [n for n in os.environ if n.startswith("KIOSK_")]:
    del os.environ[_name]


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Tests marked `no_qt_log` run with Qt's own message handler. pytest-qt removes its Python handler only after
    a test's call phase, so a test skipped in set-up leaves it installed; the virtual keyboard's QML loader thread
    then logs through it while the UI thread waits in `setSource` holding the GIL, and the run hangs for good."""
    if item.get_closest_marker("no_qt_log") is not None:
        from PySide6.QtCore import qInstallMessageHandler

        qInstallMessageHandler(None)
