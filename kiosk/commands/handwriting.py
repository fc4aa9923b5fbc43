"""`kiosk handwriting` — recognise one handwritten character from a stroke file (checks and tests)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HELP = "Recognise one handwritten character from a JSON stroke file; prints the candidates, best first."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--strokes", required=True, type=Path,
                        help="JSON list of strokes, each a list of [x, y] points, y growing downward")
    parser.add_argument("--box", type=int, default=None, help="side of the square writing box (default 1024)")
    parser.add_argument("--limit", type=int, default=10, help="how many candidates (default 10)")
    parser.add_argument("--json", action="store_true", help='print {"candidates": [...]}')


def run(args: argparse.Namespace) -> int:
    from kiosk.handwriting import BOX, HandwritingError, parse_strokes
    from kiosk.handwriting.zinnia import ZinniaRecognizer

    box = BOX if args.box is None else args.box
    try:
        try:
            data = json.loads(args.strokes.read_text(encoding="utf-8"))
        except OSError as e:
            raise HandwritingError(f"无法读取笔画文件 {args.strokes}：{e.strerror}") from e
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            raise HandwritingError(f"笔画文件不是有效的 JSON：{e}") from e
        strokes = parse_strokes(data, box)
        if args.limit < 1:
            raise HandwritingError("--limit 至少为 1")
        candidates = ZinniaRecognizer().candidates(strokes, box, args.limit)
    except HandwritingError as e:
        print(f"kiosk handwriting: {e}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps({"candidates": candidates}, ensure_ascii=False))
    else:
        print(" ".join(candidates))
    return 0
