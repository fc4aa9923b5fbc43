"""`kiosk face-check` as a technician runs it, and the privacy promises of the face step."""

from __future__ import annotations

import gc
import json
import os
import random
import re
import subprocess
import sys
import weakref
from pathlib import Path

from face_fixtures import scenario_frames, write_video

from devices.camera.simulated import SimulatedCamera
from kiosk.face.pipeline import FaceSession, capture_face
from kiosk.face.quality import FaceThresholds

ROOT = Path(__file__).resolve().parent.parent


def _face_check(*args: str) -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    done = subprocess.run([sys.executable, "-m", "kiosk.cli", "face-check", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    return done.returncode, done.stdout


def test_face_check_on_the_simulator_with_liveness_prints_the_json_report():
    code, out = _face_check("--source", "sim", "--liveness", "--json", "--seed", "2")
    report = json.loads(out)
    assert code == 0
    assert report["captured"] is True and report["liveness_passed"] is True
    assert report["frames"] > 0 and report["fps"] > 0
    assert report["guidance"] == []
    assert report["quality"]["width"] == 358 and report["quality"]["jpeg_bytes"] < 100_000


def test_face_check_on_a_dark_video_tells_the_technician_the_light_is_the_problem(tmp_path):
    video = write_video(tmp_path / "dark.avi", scenario_frames("too_dark", 15))
    code, out = _face_check("--source", str(video), "--json")
    report = json.loads(out)
    assert code == 1
    assert report == {"captured": False, "frames": 15, "fps": report["fps"], "guidance": ["too_dark"],
                      "quality": {}, "liveness_passed": None}


def test_face_check_text_output_names_the_prompts_in_chinese(tmp_path):
    video = write_video(tmp_path / "far.avi", scenario_frames("too_far", 10))
    code, out = _face_check("--source", str(video))
    assert code == 1
    assert "too_far (请靠近一点)" in out and "captured:  no" in out


def test_face_check_reports_a_camera_that_cannot_be_opened(tmp_path):
    code, _ = _face_check("--source", str(tmp_path / "nothing.avi"))
    assert code == 2


def test_no_frame_touches_the_disk_during_capture(tmp_path):
    writes: list[str] = []

    def audit(event: str, args: tuple) -> None:
        if event == "open" and armed:
            path, mode, flags = args
            if (mode and any(m in mode for m in "wax+")) or (flags or 0) & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
                writes.append(str(path))

    armed = False
    sys.addaudithook(audit)
    armed = True
    try:
        result = capture_face(SimulatedCamera(), liveness=True, rng=random.Random(5))
    finally:
        armed = False
    assert result.accepted
    assert writes == []
    # And no module of the face step or the cameras has a way of writing images or video.
    for folder in ("kiosk/face", "devices/camera"):
        for source in (ROOT / folder).glob("*.py"):
            assert not re.search(r"imwrite|VideoWriter|\bopen\(|write_bytes|tofile", source.read_text()), source


def test_session_end_drops_every_frame():
    camera = SimulatedCamera()
    session = FaceSession(FaceThresholds(), liveness=True, rng=random.Random(0))
    refs = []
    while not session.done:
        frame = camera.read()
        refs.append(weakref.ref(frame))
        session.feed(frame)
        del frame
    result = session.result()
    session.close()
    gc.collect()
    assert result.photo is not None  # the accepted photo is the one thing that leaves
    assert all(ref() is None for ref in refs)
