"""Face pipeline throughput and memory at 640×480.

    .venv/bin/python -m benchmarks.face [--seconds 3] [--frames 10000]

Pinned to one core, prints frames per second of FaceMesh detection + 478 landmarks + quality checks (the
per-frame work while the resident is being guided), with the landmark tracking the kiosk uses and with a fresh
detection on every frame, plus two independent pipelines on two Python threads; then the process's RSS while
10,000 frames go through complete face sessions (capture + liveness, a new session after each, each with its
own FaceMesh graph). Goal: ≥ 30 fps on one core (the camera's rate, so no frame is dropped) and flat memory.
"""

from __future__ import annotations

import argparse
import os
import random
import threading
import time

import cv2
import numpy as np

from devices.camera.simulated import LOOP_FRAMES, SimulatedCamera
from kiosk.face.detect import FaceDetector
from kiosk.face.pipeline import FaceSession
from kiosk.face.quality import FaceThresholds, assess


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _frames() -> list[np.ndarray]:
    camera = SimulatedCamera()
    return [camera.read() for _ in range(LOOP_FRAMES)]


def _rate(frames: list[np.ndarray], seconds: float, track: bool) -> float:
    detector = FaceDetector(track=track)
    thresholds = FaceThresholds()
    done, start = 0, time.perf_counter()
    try:
        while time.perf_counter() - start < seconds:
            frame = frames[done % len(frames)]
            assess(frame, thresholds, detector.observe(frame))
            done += 1
    finally:
        detector.close()
    return done / (time.perf_counter() - start)


def _parallel_rate(frames: list[np.ndarray], seconds: float, pipelines: int) -> float:
    rates: list[float] = []
    threads = [threading.Thread(target=lambda: rates.append(_rate(frames, seconds, True)))
               for _ in range(pipelines)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(rates)


def _soak(frames: list[np.ndarray], total: int) -> None:
    thresholds, rng = FaceThresholds(), random.Random(0)
    session = FaceSession(thresholds, liveness=True, rng=rng)
    sessions, accepted = 0, 0
    print(f"  frame      0: RSS {_rss_mb():7.1f} MB")
    for i in range(1, total + 1):
        session.feed(frames[i % len(frames)].copy())  # a fresh array per frame, as from a camera
        if session.done:
            accepted += session.result().accepted
            sessions += 1
            session.close()
            session = FaceSession(thresholds, liveness=True, rng=rng)
        if i % (total // 5) == 0:
            print(f"  frame {i:6d}: RSS {_rss_mb():7.1f} MB  ({sessions} sessions, {accepted} accepted)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="measuring time per rate")
    parser.add_argument("--frames", type=int, default=10_000, help="frames for the memory run")
    args = parser.parse_args()
    frames = _frames()
    core = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {core})  # "one core": mediapipe's and OpenCV's worker threads included
    cv2.setNumThreads(1)
    print(f"face pipeline, 640×480 simulated frames, OpenCV {cv2.__version__}, mediapipe FaceMesh "
          f"(478 landmarks), pinned to CPU {core} of {os.cpu_count()}")
    print("detection + landmarks + quality checks (frames per second, one core):")
    tracked = _rate(frames, args.seconds, True)
    full = _rate(frames, args.seconds, False)
    print(f"  {tracked:6.1f} fps tracking landmarks, {full:6.1f} fps with a fresh detection every frame")
    print(f"  two pipelines on two Python threads, same core: {_parallel_rate(frames, args.seconds, 2):6.1f} fps "
          "together")
    print(f"memory over {args.frames} frames of complete face sessions:")
    _soak(frames, args.frames)


if __name__ == "__main__":
    main()
