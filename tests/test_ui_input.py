"""Chinese input on the real virtual keyboard: large candidates, local words first (潍 for "wei"), and the
handwriting pad written on with the mouse (as a finger would) through the real recogniser."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.handwriting import reference

MIN_TEXT_PX = 32
MIN_TARGET_PX = 72
PROBE = Path(__file__).with_name("keyboard_probe.py")


@pytest.fixture(scope="module")
def seen() -> dict:
    assert reference.available(), "run ./scripts/setup for the reference strokes"
    done = subprocess.run([sys.executable, str(PROBE)], capture_output=True, text=True, timeout=120,
                          env=os.environ | {"QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.splitlines()[-1])


def _assert_large(sizes: list[list[float]], what: str, capsys) -> None:
    assert sizes, f"no {what} shown"
    with capsys.disabled():
        print(f"\n{what}: {len(sizes)} shown; smallest target {min(w for w, _, _ in sizes):.0f}×"
              f"{min(h for _, h, _ in sizes):.0f} px, text {min(p for _, _, p in sizes)} px")
    assert all(w >= MIN_TARGET_PX and h >= MIN_TARGET_PX and px >= MIN_TEXT_PX for w, h, px in sizes), sizes


def test_typing_wei_offers_wei_of_weifang_among_the_first_candidates(seen) -> None:
    assert "潍" in seen["wei_offered"][:5], seen["wei_offered"]


def test_candidate_bars_have_large_text_and_targets(seen, capsys) -> None:
    _assert_large(seen["local_sizes"], "local-word candidates", capsys)
    _assert_large(seen["pinyin_sizes"], "Pinyin engine candidates", capsys)
    _assert_large(seen["written_sizes"], "handwriting candidates", capsys)


def test_choosing_a_local_word_replaces_the_pinyin(seen) -> None:
    assert seen["chosen_text"] == "潍坊"
    assert seen["offered_after_choice"] == []


def test_writing_on_the_pad_offers_the_character_and_types_it(seen) -> None:
    assert seen["writing_panel_height"] >= 360 + MIN_TARGET_PX
    assert len(seen["written_offered"]) >= 5 and seen["written_offered"][0] == "潍", seen["written_offered"]
    assert seen["written_text"] == "潍"
    assert seen["offered_after_writing"] == []    # the pad is clear for the next character
    assert "坊" in seen["second_offered"][:5]


def test_the_switch_goes_back_to_pinyin(seen) -> None:
    assert seen["pad_after_switch_back"] == 0


def test_numeric_fields_get_a_digit_pad(seen) -> None:
    assert seen["text_layout"].endswith("zh_CN/main.qml")
    assert seen["digits_layout"].endswith("/digits.qml")     # amounts
    assert seen["phone_layout"].endswith("/dialpad.qml")     # phone numbers
