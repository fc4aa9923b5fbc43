"""`kiosk face-compare` — compare the faces in two image files with the configured engine (人证比对).

For technicians and calibration: prints the distance, the band it falls in under the configured thresholds,
the engine and the number of faces found in each image. Nothing is written.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HELP = "Compare the faces in two images (reference, probe) and print score, band and engine."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--reference", required=True, type=Path, help="the reference image (e.g. the card photo)")
    parser.add_argument("--probe", required=True, type=Path, help="the image to compare with it (the live face)")
    parser.add_argument("--json", action="store_true", help="machine-readable output")


def run(args: argparse.Namespace) -> int:
    from facematch.engine import NoFace
    from kiosk.config import ConfigError, load_config
    from kiosk.face.identity import comparer_from_config

    try:
        comparer = comparer_from_config(load_config())
        reference, probe = args.reference.read_bytes(), args.probe.read_bytes()
    except (ConfigError, OSError, ValueError) as exc:
        print(f"kiosk face-compare: {exc}", file=sys.stderr)
        return 2
    if not comparer.available:
        print(f"kiosk face-compare: no comparison possible: {comparer.unavailable_reason}", file=sys.stderr)
        return 2
    try:
        result = comparer.compare_jpeg(reference, probe)
    except NoFace as exc:
        path = args.reference if exc.which == "reference" else args.probe
        print(f"kiosk face-compare: no face found in {path} (未检测到人脸)", file=sys.stderr)
        return 2
    report = {"score": result.score, "band": result.band.value, "engine": result.engine,
              "faces": list(result.faces)}
    if args.json:
        print(json.dumps(report))
    else:
        print(f"score:  {result.score} (distance; lower is more alike)")
        print(f"band:   {result.band.value} (match ≤ {comparer.thresholds.match_max} < refer ≤ "
              f"{comparer.thresholds.refer_max} < no_match)")
        print(f"engine: {result.engine}{' (certified)' if result.certified else ' (advisory, not certified)'}")
        print(f"faces:  {result.faces[0]} in the reference, {result.faces[1]} in the probe")
    return 0
