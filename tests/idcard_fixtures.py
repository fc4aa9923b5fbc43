"""Shared constants for the ID card tests."""

from __future__ import annotations

SIM_CARD_NAMES = ("resident", "resident_long_term", "hmt_residence", "foreign_2017", "foreign_2023")
FAST_TIMEOUT_S = 0.15   # short enough that dropped-reply retries stay quick, long enough for a loaded CI box
