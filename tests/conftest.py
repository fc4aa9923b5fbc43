"""Suite-wide set-up: Qt runs without a screen, and no KIOSK_* setting of the machine leaks into a test."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
for _name in [n for n in os.environ if n.startswith("KIOSK_")]:
    del os.environ[_name]

