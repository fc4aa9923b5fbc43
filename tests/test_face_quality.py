"""Each guidance code comes out of a video made to trigger it; a good video yields an ID photo."""

from __future__ import annotations

import random

import cv2
import numpy as np
import pytest
from face_fixtures import SCENARIOS, scenario_frames, write_video

from devices.camera.opencv_camera import OpenCvCamera
from kiosk.config import load_config
from kiosk.face.capture import MAX_JPEG_BYTES, PHOTO_HEIGHT, PHOTO_WIDTH
from kiosk.face.guidance import PROMPTS_ZH, QUALITY_CODES, prompt_zh
from kiosk.face.pipeline import capture_face
from kiosk.face.quality import FaceThresholds, assess


def _run_video(tmp_path, name: str, frames: int = 20):
    path = write_video(tmp_path / f"{name}.avi", scenario_frames(name, frames))
    camera = OpenCvCamera(str(path), 640, 480)
    try:
        return capture_face(camera, liveness=False, rng=random.Random(0))
    finally:
        camera.close()


@pytest.mark.parametrize("code", [c for c in SCENARIOS if c != "good"])
def test_video_made_for_a_problem_gets_its_prompt_and_no_photo(tmp_path, code):
    result = _run_video(tmp_path, code)
    assert result.photo is None
    assert result.frames == 20
    assert result.guidance_seen[0] == code  # the prompt the resident heard most


def test_every_guidance_code_has_a_test_video_and_a_chinese_prompt():
    assert set(QUALITY_CODES) == set(SCENARIOS) - {"good"}
    for code in QUALITY_CODES:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in prompt_zh(code))
    assert PROMPTS_ZH["too_far"] == "请靠近一点"


def test_good_video_is_captured_as_a_small_id_photo_with_a_quality_report(tmp_path):
    result = _run_video(tmp_path, "good")
    assert result.photo is not None
    assert result.guidance_seen == []
    assert result.frames == FaceThresholds().consecutive_frames
    jpeg = result.photo.jpeg
    assert jpeg[:2] == b"\xff\xd8" and len(jpeg) < MAX_JPEG_BYTES
    image = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_COLOR)
    assert image.shape == (PHOTO_HEIGHT, PHOTO_WIDTH, 3)
    quality = result.photo.quality
    assert quality["faces"] == 1 and quality["eyes"] == 2
    assert quality["width"] == PHOTO_WIDTH and quality["jpeg_bytes"] == len(jpeg)
    # The photo itself still shows one frontal face, large in the frame.
    report = assess(cv2.copyMakeBorder(image, 0, 0, 200, 200, cv2.BORDER_REPLICATE),
                    FaceThresholds(max_width_ratio=0.9, center_tolerance=0.5))
    assert report.metrics["faces"] == 1
    assert report.metrics["eyes"] == 2


def test_thresholds_come_from_configuration():
    config = load_config(env={"KIOSK_FACE_MIN_BRIGHTNESS": "190"}, config_file=None)
    thresholds = FaceThresholds.from_config(config)
    assert thresholds.min_brightness == 190
    good = scenario_frames("good", 1)[0]
    assert assess(good, FaceThresholds()).ok
    assert assess(good, thresholds).guidance[0] == "too_dark"


def test_one_broken_frame_restarts_the_count(tmp_path):
    good = scenario_frames("good", 8)
    dark = scenario_frames("too_dark", 1)[0]
    frames = [*good[:3], dark, *good[3:]]
    path = write_video(tmp_path / "flicker.avi", frames)
    result = capture_face(OpenCvCamera(str(path), 640, 480), liveness=False, rng=random.Random(0))
    assert result.photo is not None
    assert result.frames == 4 + FaceThresholds().consecutive_frames
    assert result.guidance_seen == ["too_dark"]
