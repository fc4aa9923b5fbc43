"""Zinnia (Debian libzinnia0) through ctypes, with the Tegaki models Debian ships.

The simplified-Chinese model alone puts the written character among its first five answers for about 83 % of
the 500 most common characters written in standard stroke order (benchmarks/handwriting.py): its training
data follows other stroke orders for many everyday characters (于, 开, 这 …). The Japanese model was trained
on different writers and conventions, so its answers are interleaved with the Chinese model's, keeping only
characters of GB 2312 (the Chinese model's own set): together they reach about 91 %.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import threading
from collections.abc import Sequence
from pathlib import Path

from kiosk.handwriting.base import BOX, HandwritingError, Stroke, scale_strokes

MODEL_DIR = Path("/usr/share/tegaki/models/zinnia")
CHINESE_MODEL = MODEL_DIR / "handwriting-zh_CN.model"
JAPANESE_MODEL = MODEL_DIR / "handwriting-ja.model"
# The Tegaki models were trained in a 1000×1000 box.
_MODEL_BOX = 1000


class ZinniaUnavailable(HandwritingError):
    pass


def _load_library() -> ctypes.CDLL:
    name = ctypes.util.find_library("zinnia") or "libzinnia.so.0"
    try:
        lib = ctypes.CDLL(name)
    except OSError as e:
        raise ZinniaUnavailable("手写识别库 libzinnia0 未安装（apt-get install libzinnia0）") from e
    p, i, s, f = ctypes.c_void_p, ctypes.c_int, ctypes.c_size_t, ctypes.c_float
    for fn, res, args in [
        ("zinnia_recognizer_new", p, []),
        ("zinnia_recognizer_open", i, [p, ctypes.c_char_p]),
        ("zinnia_recognizer_strerror", ctypes.c_char_p, [p]),
        ("zinnia_recognizer_classify", p, [p, p, s]),
        ("zinnia_recognizer_destroy", None, [p]),
        ("zinnia_character_new", p, []),
        ("zinnia_character_set_width", None, [p, s]),
        ("zinnia_character_set_height", None, [p, s]),
        ("zinnia_character_add", i, [p, s, i, i]),
        ("zinnia_character_destroy", None, [p]),
        ("zinnia_result_value", ctypes.c_char_p, [p, s]),
        ("zinnia_result_score", f, [p, s]),
        ("zinnia_result_size", s, [p]),
        ("zinnia_result_destroy", None, [p]),
    ]:
        getattr(lib, fn).restype = res
        getattr(lib, fn).argtypes = args
    return lib


class ZinniaModel:
    """One opened Zinnia model."""

    def __init__(self, path: Path) -> None:
        self._lib = _load_library()
        if not path.is_file():
            raise ZinniaUnavailable(f"手写识别模型不存在：{path}（apt-get install tegaki-zinnia-simplified-chinese）")
        self._recognizer = self._lib.zinnia_recognizer_new()
        if not self._lib.zinnia_recognizer_open(self._recognizer, str(path).encode()):
            why = self._lib.zinnia_recognizer_strerror(self._recognizer).decode(errors="replace")
            self._lib.zinnia_recognizer_destroy(self._recognizer)
            raise ZinniaUnavailable(f"无法打开手写识别模型 {path}：{why}")
        self.path = path

    def classify(self, strokes: Sequence[Stroke], box: int, limit: int) -> list[tuple[str, float]]:
        lib = self._lib
        character = lib.zinnia_character_new()
        try:
            lib.zinnia_character_set_width(character, _MODEL_BOX)
            lib.zinnia_character_set_height(character, _MODEL_BOX)
            for stroke_id, stroke in enumerate(scale_strokes(strokes, box, _MODEL_BOX)):
                for x, y in stroke:
                    lib.zinnia_character_add(character, stroke_id, x, y)
            result = lib.zinnia_recognizer_classify(self._recognizer, character, limit)
        finally:
            lib.zinnia_character_destroy(character)
        if not result:
            return []
        try:
            return [(lib.zinnia_result_value(result, i).decode("utf-8", errors="replace"),
                     lib.zinnia_result_score(result, i))
                    for i in range(lib.zinnia_result_size(result))]
        finally:
            lib.zinnia_result_destroy(result)


def _is_simplified_hanzi(char: str) -> bool:
    if len(char) != 1 or not "\u4e00" <= char <= "\u9fff":
        return False
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


class ZinniaRecognizer:
    """The Chinese model's answers interleaved with the Japanese model's GB 2312 answers, duplicates dropped.

    The Japanese model is optional: without it (package tegaki-zinnia-japanese absent) only the Chinese model
    answers.
    """

    def __init__(self, chinese: Path = CHINESE_MODEL, japanese: Path | None = JAPANESE_MODEL) -> None:
        self._chinese = ZinniaModel(chinese)
        self._japanese = ZinniaModel(japanese) if japanese is not None and japanese.is_file() else None
        self._lock = threading.Lock()

    def candidates(self, strokes: Sequence[Stroke], box: int = BOX, limit: int = 10) -> list[str]:
        if not strokes:
            return []
        with self._lock:
            chinese = [c for c, _ in self._chinese.classify(strokes, box, limit)]
            japanese = [c for c, _ in self._japanese.classify(strokes, box, 2 * limit)
                        if _is_simplified_hanzi(c)] if self._japanese else []
        merged: list[str] = []
        for i in range(max(len(chinese), len(japanese))):
            for source in (chinese, japanese):
                if i < len(source) and source[i] not in merged:
                    merged.append(source[i])
        return merged[:limit]
