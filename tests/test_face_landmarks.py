"""Issue 13: capture on landmarks works for the people Haar failed (glasses, elderly) and names the real cause.

Test videos are built from real photos that ship in packages: matplotlib's grace_hopper.jpg (elderly, glasses)
and skimage's astronaut; `kiosk face-check` runs on them as a technician would.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest
import skimage.data
from face_fixtures import HEIGHT, WIDTH, astronaut_renderer, grace_hopper_renderer, noisy, write_video

from kiosk.face import landmarks as lm
from kiosk.face.detect import FaceDetector
from kiosk.face.quality import FaceThresholds, assess

ROOT = Path(__file__).resolve().parent.parent
RENDERERS = {"astronaut": astronaut_renderer, "grace_hopper": grace_hopper_renderer}


def _video(tmp_path: Path, person: str, count: int = 30, darken: float = 1.0, seed: int = 0) -> Path:
    renderer = RENDERERS[person]()
    rng = np.random.default_rng(seed)
    frames = [noisy((renderer.render(center=(0.5 + 0.01 * math.sin(i / 5), 0.5)) * darken).astype(np.uint8), rng)
              for i in range(count)]
    return write_video(tmp_path / f"{person}-{darken}.avi", frames)


def _face_check(source: Path) -> tuple[int, dict]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    done = subprocess.run([sys.executable, "-m", "kiosk.cli", "face-check", "--source", str(source), "--json",
                           "--max-frames", "30"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    return done.returncode, json.loads(done.stdout)


@pytest.mark.parametrize("person", RENDERERS)
def test_face_check_captures_real_photos_including_an_elderly_woman_with_glasses(tmp_path, person):
    code, report = _face_check(_video(tmp_path, person))
    assert code == 0 and report["captured"] is True
    assert report["guidance"] == []
    assert report["quality"]["eyes"] == 2


@pytest.mark.parametrize("person", RENDERERS)
@pytest.mark.parametrize("darken", [0.25, 0.1, 0.03])
def test_face_check_says_too_dark_on_dark_versions_never_no_face(tmp_path, person, darken):
    code, report = _face_check(_video(tmp_path, person, darken=darken))
    assert code == 1 and report["captured"] is False
    assert report["guidance"][0] == "too_dark"
    assert "no_face" not in report["guidance"]


def test_no_face_only_when_there_is_none():
    rng = np.random.default_rng(1)
    scenes = {name: cv2.resize(cv2.cvtColor(getattr(skimage.data, name)(), cv2.COLOR_RGB2BGR), (WIDTH, HEIGHT))
              for name in ("coffee", "rocket", "chelsea")}
    for name, scene in scenes.items():
        report = assess(noisy(scene, rng), FaceThresholds())
        assert report.guidance == ["no_face"], name
    # Darkness with nobody in it is still darkness: the first thing to fix.
    assert assess(noisy(np.full((HEIGHT, WIDTH, 3), 4, np.uint8), rng), FaceThresholds()).guidance == ["too_dark"]


def test_glasses_are_fine_but_glare_hiding_an_eye_asks_to_avoid_the_light():
    renderer = grace_hopper_renderer()
    frame = noisy(renderer.render(), np.random.default_rng(2))
    detector = FaceDetector(track=False)
    try:
        observation = detector.observe(frame)
        assert assess(frame, FaceThresholds(), observation).ok
        eye = observation.eyes[0]
        glare = frame.copy()
        cv2.ellipse(glare, (round(eye.cx), round(eye.cy)), (round(eye.w * 0.6), round(eye.h * 0.9)), 0, 0, 360,
                    (255, 255, 255), -1)
        report = assess(glare, FaceThresholds())
    finally:
        detector.close()
    assert report.guidance[0] == "too_bright"
    assert report.metrics["eye_glare"] > FaceThresholds().max_eye_glare


@pytest.mark.parametrize("person", RENDERERS)
def test_landmarks_put_both_irises_on_the_eyes_and_see_them_close(person):
    renderer = RENDERERS[person]()
    detector = FaceDetector(track=False)
    try:
        open_points = detector.observe(renderer.render()).points
        shut_points = detector.observe(renderer.render(eyes_closed=1.0)).points
    finally:
        detector.close()
    assert open_points is not None and open_points.shape == (lm.LANDMARK_COUNT, 3)
    assert abs(lm.roll_deg(open_points)) < 5 and abs(lm.yaw_ratio(open_points)) < 0.05
    # A drop against the person's own open-eye level, as the blink challenge uses it.
    assert lm.eye_aspect_ratio(shut_points) < 0.7 * lm.eye_aspect_ratio(open_points)
