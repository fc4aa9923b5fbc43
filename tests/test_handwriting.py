"""Handwriting: the stroke format, `kiosk handwriting`, and recognition of public reference strokes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.local_words import local_characters
from kiosk.handwriting import BOX, HandwritingError, parse_strokes, reference
from kiosk.handwriting.fake import FakeRecognizer
from kiosk.handwriting.zinnia import ZinniaRecognizer

# Shandong place/shop characters the recogniser does not put in its first five for the reference strokes
# (benchmarks/handwriting.py prints them): the models' training data writes them in other stroke orders.
KNOWN_LOCAL_MISSES = set("阳河阴成莒邹货铺莲单巨饶张远曲沾禹菏郯钢长")


@pytest.fixture(scope="module")
def recognizer() -> ZinniaRecognizer:
    return ZinniaRecognizer()


@pytest.fixture(scope="module")
def reference_data() -> None:
    assert reference.available(), f"reference strokes missing in {reference.DATA_DIR}: run ./scripts/setup"


def _kiosk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kiosk.cli", *args], capture_output=True, text=True, timeout=60)


points = st.tuples(st.integers(0, BOX), st.integers(0, BOX)).map(list)


@given(st.lists(st.lists(points, min_size=1, max_size=30), min_size=1, max_size=20))
def test_any_strokes_inside_the_box_parse(strokes: list) -> None:
    parsed = parse_strokes(strokes)
    assert [[list(map(int, p)) for p in s] for s in parsed] == strokes


@pytest.mark.parametrize("data, message", [
    ([], "非空"),
    ({"strokes": []}, "非空"),
    ([[]], "第 1 笔"),
    ([[[1, 2, 3]]], "[x, y]"),
    ([[[1, "2"]]], "[x, y]"),
    ([[[1, True]]], "[x, y]"),
    ([[[10, 10]], [[2000, 5]]], "第 2 笔的点 [2000, 5] 超出 1024×1024"),
    ([[[-1, 5]]], "超出"),
])
def test_bad_strokes_are_refused_in_chinese(data: object, message: str) -> None:
    with pytest.raises(HandwritingError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_strokes(data)


@given(st.recursive(st.none() | st.booleans() | st.floats() | st.text(), lambda c: st.lists(c, max_size=4)))
def test_arbitrary_json_is_either_strokes_or_a_clear_error(data: object) -> None:
    try:
        parse_strokes(data)
    except HandwritingError as e:
        assert str(e)


def test_the_test_double_answers_by_stroke_count() -> None:
    fake = FakeRecognizer()
    assert fake.candidates([[(0, 0)], [(1, 1)]])[0] == "十"
    assert fake.candidates([]) == []


def test_command_prints_at_least_five_candidates_best_first(tmp_path, reference_data) -> None:
    # 潍 from the reference strokes, scaled into a 300-px box as a pad of that size would send it.
    strokes = [[[round(x * 300 / BOX), round(y * 300 / BOX)] for x, y in s] for s in reference.strokes("潍")]
    path = tmp_path / "wei.json"
    path.write_text(json.dumps(strokes))
    result = _kiosk("handwriting", "--strokes", str(path), "--box", "300", "--json")
    assert result.returncode == 0, result.stderr
    candidates = json.loads(result.stdout)["candidates"]
    assert len(candidates) >= 5
    assert candidates[0] == "潍"


@pytest.mark.parametrize("content, message", [
    ("not json", "不是有效的 JSON"),
    ("[[[5000, 1]]]", "超出 1024×1024 书写框"),
    ("[]", "非空"),
])
def test_command_refuses_bad_input_with_exit_2(tmp_path, content: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content)
    result = _kiosk("handwriting", "--strokes", str(path), "--json")
    assert result.returncode == 2
    assert message in result.stderr and result.stdout == ""


def test_command_refuses_a_missing_file() -> None:
    result = _kiosk("handwriting", "--strokes", "/nonexistent/strokes.json")
    assert result.returncode == 2 and "无法读取笔画文件" in result.stderr


def test_top5_accuracy_on_the_500_most_common_characters(recognizer, reference_data, capsys) -> None:
    chars = reference.most_common(500)
    assert len(chars) == 500
    misses = [ch for ch in chars if ch not in recognizer.candidates(reference.strokes(ch), limit=5)]
    accuracy = 1 - len(misses) / len(chars)
    with capsys.disabled():
        print(f"\nhandwriting top-5 accuracy, 500 most common characters: {accuracy:.1%}; missed: {''.join(misses)}")
    assert accuracy >= 0.90


def test_shandong_place_and_shop_characters_are_recognised(recognizer, reference_data, capsys) -> None:
    chars = local_characters("370000", 200)
    assert len(chars) == 200 and all(c in chars for c in "潍坊翠便利店济淄烟临沂聊菏泽莱芜枣庄滨德")
    misses = {ch for ch in chars if ch not in recognizer.candidates(reference.strokes(ch), limit=5)}
    with capsys.disabled():
        print(f"\nShandong characters in the top 5: {200 - len(misses)}/200; missed: {''.join(sorted(misses))}")
    assert misses <= KNOWN_LOCAL_MISSES, f"newly missed: {''.join(sorted(misses - KNOWN_LOCAL_MISSES))}"
    assert len(misses) <= 21
