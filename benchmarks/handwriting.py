"""Handwriting recognition accuracy and speed on public reference strokes (not written by us).

    .venv/bin/python -m benchmarks.handwriting [--count 500]

Feeds the stroke medians of hanzi-writer-data (Make Me a Hanzi) for the most common characters (Jun Da's
frequency list) and the 200 characters most used in Shandong place and shop names through the recognisers,
and prints top-1 / top-5 accuracy for the Chinese model alone and for the combined recogniser the kiosk uses.
Goal: top-5 ≥ 90 % on the 500 most common characters. Data: `./scripts/setup` installs it.
"""

from __future__ import annotations

import argparse
import time

from domain.local_words import local_characters
from kiosk.handwriting import reference
from kiosk.handwriting.zinnia import ZinniaRecognizer


def _measure(name: str, recognizer: ZinniaRecognizer, chars: list[str]) -> None:
    top1 = top5 = 0
    misses = []
    started = time.perf_counter()
    for ch in chars:
        found = recognizer.candidates(reference.strokes(ch), limit=10)
        top1 += bool(found) and found[0] == ch
        top5 += ch in found[:5]
        if ch not in found[:5]:
            misses.append(ch)
    per_char_ms = (time.perf_counter() - started) * 1000 / len(chars)
    print(f"  {name:<28} top-1 {100 * top1 / len(chars):5.1f} %   top-5 {100 * top5 / len(chars):5.1f} %"
          f"   {per_char_ms:5.1f} ms/char   not in top 5: {''.join(misses) or '—'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=500, help="how many of the most common characters")
    args = parser.parse_args()
    if not reference.available():
        raise SystemExit(f"reference strokes missing in {reference.DATA_DIR}: run ./scripts/setup")
    sets = {
        f"{args.count} most common characters": reference.most_common(args.count),
        "200 Shandong place/shop characters": list(local_characters("370000", 200)),
    }
    recognizers = {"Chinese model alone": ZinniaRecognizer(japanese=None), "kiosk (Chinese + Japanese)":
                   ZinniaRecognizer()}
    for title, chars in sets.items():
        print(f"{title}:")
        for name, recognizer in recognizers.items():
            _measure(name, recognizer, chars)


if __name__ == "__main__":
    main()
