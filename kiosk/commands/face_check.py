"""`kiosk face-check` — run the face pipeline on a camera, video or the simulator and report what it saw.

For technicians at installation: checks that the camera delivers frames fast enough and that the light at the
terminal lets a good photo be taken. Nothing is written to disk; the photo is only described.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time

HELP = "Check the camera and lighting: run face capture on a source and print what it saw."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source", help="camera index ('0'), video file, stream URL or 'sim' "
                                         "(default: camera_source from the configuration)")
    parser.add_argument("--liveness", action="store_true", help="also run a liveness challenge after the photo")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--max-frames", type=int, default=300, help="give up after this many frames (300)")
    parser.add_argument("--seed", type=int, help="seed for the challenge choice (default: random)")


def run(args: argparse.Namespace) -> int:
    from devices.camera.base import CameraError
    from devices.camera.factory import open_camera
    from kiosk.config import ConfigError, load_config
    from kiosk.face.liveness import LivenessSettings
    from kiosk.face.pipeline import capture_face
    from kiosk.face.quality import FaceThresholds

    try:
        config = load_config()
    except ConfigError as exc:
        print(f"kiosk face-check: {exc}", file=sys.stderr)
        return 2
    source = args.source or config.camera_source
    camera = open_camera(source, config.camera_width, config.camera_height, realtime=False)
    started = time.perf_counter()
    try:
        result = capture_face(camera, liveness=args.liveness, rng=random.Random(args.seed),
                              max_frames=args.max_frames, thresholds=FaceThresholds.from_config(config),
                              liveness_settings=LivenessSettings.from_config(config))
    except CameraError as exc:
        print(f"kiosk face-check: {exc} / {exc.message_zh}", file=sys.stderr)
        return 2
    finally:
        camera.close()
    elapsed = time.perf_counter() - started
    report = {
        "captured": result.photo is not None,
        "frames": result.frames,
        "fps": round(result.frames / elapsed, 1) if elapsed > 0 else None,
        "guidance": result.guidance_seen,
        "quality": result.photo.quality if result.photo else {},
        "liveness_passed": result.liveness_passed,
    }
    if args.liveness:
        report["challenge"] = result.challenge
        report["liveness_reason"] = result.liveness_reason
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        _print_text(report)
    return 0 if result.accepted else 1


def _print_text(report: dict) -> None:
    from kiosk.face.guidance import prompt_zh

    photo = report["quality"]
    print("captured:  " + (f"yes, {photo['width']}×{photo['height']} JPEG, {photo['jpeg_bytes'] // 1024} KB"
                           if report["captured"] else "no"))
    print(f"frames:    {report['frames']} at {report['fps']} fps")
    print("guidance:  " + (", ".join(f"{c} ({prompt_zh(c)})" for c in report["guidance"]) or "none"))
    if photo:
        print("quality:   " + ", ".join(f"{k}={v}" for k, v in photo.items()))
    if report["liveness_passed"] is None:
        print("liveness:  not checked")
    else:
        outcome = "passed" if report["liveness_passed"] else f"failed ({report['liveness_reason'] or 'no photo'})"
        print(f"liveness:  {report['challenge']}: {outcome}")
