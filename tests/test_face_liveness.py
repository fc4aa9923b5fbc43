"""Liveness: a still photo fails; a synthetic blink or head turn passes; the face must stay the same."""

from __future__ import annotations

import random

import numpy as np
import pytest
from face_fixtures import (
    astronaut_renderer,
    blink_frames,
    grace_hopper_renderer,
    head_turn_frames,
    noisy,
    scenario_frames,
    still_photo_frames,
    write_video,
)

from devices.camera.opencv_camera import OpenCvCamera
from devices.camera.simulated import SimulatedCamera
from kiosk.face.liveness import LivenessChallenge, LivenessSettings, LivenessState
from kiosk.face.pipeline import capture_face

FAST = LivenessSettings(timeout_frames=90, min_hold_frames=3, max_hold_frames=6)


def _challenge(kind: str, direction: str | None = None) -> LivenessChallenge:
    for seed in range(20):
        challenge = LivenessChallenge(kind, random.Random(seed), FAST)
        if challenge.direction == direction:
            return challenge
    raise AssertionError("no seed gives that direction")


def _feed(challenge: LivenessChallenge, frames) -> LivenessState:
    for frame in frames:
        if challenge.feed(frame) is not LivenessState.PENDING:
            break
    return challenge.state


@pytest.mark.parametrize(("kind", "direction"), [("blink", None), ("turn", "left"), ("turn", "right")])
def test_a_still_photo_held_to_the_camera_fails(kind, direction):
    challenge = _challenge(kind, direction)
    assert _feed(challenge, still_photo_frames(100)) is LivenessState.FAILED
    assert challenge.reason == "timeout"


@pytest.mark.parametrize("direction", ["left", "right"])
def test_a_head_turn_passes_the_turn_challenge(direction):
    challenge = _challenge("turn", direction)
    assert challenge.instruction == f"turn_{direction}"
    assert _feed(challenge, head_turn_frames(direction)) is LivenessState.PASSED


def test_turning_the_other_way_does_not_pass():
    challenge = _challenge("turn", "left")
    frames = head_turn_frames("right") + still_photo_frames(60)
    assert _feed(challenge, frames) is LivenessState.FAILED


def test_a_photo_slid_sideways_does_not_count_as_a_turn():
    # The whole picture moves, shoulders included, further than a real head turn moves the face.
    for direction in ("left", "right"):
        challenge = _challenge("turn", direction)
        slide = 0.1 if direction == "left" else -0.1
        assert _feed(challenge, still_photo_frames(100, slide=slide)) is LivenessState.FAILED


def test_a_blink_passes_the_blink_challenge():
    challenge = _challenge("blink")
    assert challenge.instruction == "blink"
    assert _feed(challenge, blink_frames()) is LivenessState.PASSED


def test_eyes_kept_shut_are_not_a_blink():
    renderer = astronaut_renderer()
    rng = np.random.default_rng(1)
    frames = [noisy(renderer.render(eyes_closed=c), rng) for c in [0.0] * 6 + [1.0] * 40 + [0.0] * 6]
    challenge = _challenge("blink")
    assert _feed(challenge, frames + still_photo_frames(60)) is LivenessState.FAILED


def test_another_face_swapped_in_fails_the_challenge():
    elsewhere = scenario_frames("off_center", 6)  # the face jumps across the frame: someone else stepped in
    challenge = _challenge("blink")
    assert _feed(challenge, still_photo_frames(6) + elsewhere + blink_frames()) is LivenessState.FAILED
    assert challenge.reason == "face_changed"


def test_face_gone_for_long_fails_the_challenge():
    challenge = _challenge("turn", "left")
    assert _feed(challenge, still_photo_frames(5) + scenario_frames("no_face", 20)) is LivenessState.FAILED
    assert challenge.reason == "face_lost"


def test_still_photo_video_is_photographed_but_refused(tmp_path):
    path = write_video(tmp_path / "print.avi", still_photo_frames(100))
    result = capture_face(OpenCvCamera(str(path), 640, 480), liveness=True, rng=random.Random(3),
                          liveness_settings=FAST)
    assert result.photo is not None
    assert result.liveness_passed is False and result.liveness_reason == "timeout"
    assert not result.accepted


@pytest.mark.parametrize("seed", range(6))
def test_simulated_camera_passes_any_challenge_within_four_seconds_of_frames(seed):
    # One 54-frame loop of the simulator, after the random hold-still of up to 30 frames.
    result = capture_face(SimulatedCamera(), liveness=True, rng=random.Random(seed))
    assert result.accepted and result.liveness_passed is True
    assert result.frames <= 120


def test_liveness_switched_off_gives_no_verdict():
    result = capture_face(SimulatedCamera(), liveness=False, rng=random.Random(0))
    assert result.accepted and result.liveness_passed is None


def test_the_prompt_waits_a_random_hold_still_and_a_blink_before_it_does_not_count():
    holds = set()
    for seed in range(8):
        challenge = LivenessChallenge("blink", random.Random(seed))
        assert challenge.prompt == "hold_still"
        holds.add(challenge._hold)
    assert len(holds) > 3  # the timing differs from visit to visit
    # A recording that blinks at once (before the prompt) and then stares fails.
    early = LivenessChallenge("blink", random.Random(0), LivenessSettings(timeout_frames=90, min_hold_frames=20,
                                                                          max_hold_frames=20))
    assert _feed(early, blink_frames() + still_photo_frames(70)) is LivenessState.FAILED


def test_blink_behind_glasses_of_an_elderly_woman_passes():
    renderer = grace_hopper_renderer()
    rng = np.random.default_rng(3)
    closure = [0.0] * 8 + [0.5, 1.0, 1.0, 1.0, 0.5] + [0.0] * 8
    frames = [noisy(renderer.render(eyes_closed=c), rng) for c in closure]
    assert _feed(_challenge("blink"), frames) is LivenessState.PASSED
