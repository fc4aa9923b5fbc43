"""The face step of a session: guide until a good photo is taken, then (optionally) run a liveness challenge.

Capture comes first so the resident hears one instruction at a time ("look straight", then "blink"); the
challenge then follows the same face without a break, so the photo belongs to the person who answered it.
FaceSession is driven frame by frame (the UI feeds it from the camera worker); capture_face() is the loop
for commands, benchmarks and the burn-in.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass

import numpy as np

from devices.camera.base import Camera, CameraEnded
from kiosk.face.capture import AutoCapture, CapturedPhoto
from kiosk.face.detect import FaceDetector
from kiosk.face.guidance import QUALITY_CODES
from kiosk.face.liveness import LivenessChallenge, LivenessSettings, LivenessState, random_challenge
from kiosk.face.quality import FaceThresholds, QualityReport


@dataclass(frozen=True)
class FaceStep:
    """What to show after one frame."""

    phase: str  # "capture", "liveness" or "done"
    prompt: str | None  # a guidance or challenge code for guidance.prompt_zh; None when nothing to ask
    report: QualityReport | None  # this frame's quality report during capture


@dataclass(frozen=True)
class FaceResult:
    photo: CapturedPhoto | None
    liveness_passed: bool | None  # None when liveness was not required
    guidance_seen: list[str]  # quality codes prompted during capture, most frequent first
    frames: int
    challenge: str | None = None  # the liveness instruction given ("blink", "turn_left", "turn_right")
    liveness_reason: str = ""  # why the challenge failed: "timeout", "face_lost", "face_changed"

    @property
    def accepted(self) -> bool:
        """A photo was taken and, where required, the liveness challenge was passed."""
        return self.photo is not None and self.liveness_passed is not False


class FaceSession:
    def __init__(self, thresholds: FaceThresholds, *, liveness: bool, rng: random.Random,
                 liveness_settings: LivenessSettings | None = None) -> None:
        self._detector = FaceDetector()
        self._capture = AutoCapture(thresholds, self._detector)
        self._challenge: LivenessChallenge | None = (
            random_challenge(rng, liveness_settings, self._detector) if liveness else None)
        self._prompts: Counter[str] = Counter()
        self.frames = 0

    @property
    def done(self) -> bool:
        if self._capture.photo is None:
            return False
        return self._challenge is None or self._challenge.state is not LivenessState.PENDING

    def feed(self, frame: np.ndarray) -> FaceStep:
        if self.done:
            return FaceStep("done", None, None)
        self.frames += 1
        if self._capture.photo is None:
            observation = self._detector.observe(frame)
            photo = self._capture.feed(frame, observation)
            report = self._capture.last_report
            if photo is None:
                if report is not None and report.primary:
                    self._prompts[report.primary] += 1
                return FaceStep("capture", report.primary if report else None, report)
            if self._challenge is not None:
                # The photo's own frame starts the challenge, so the face is followed from the photo on.
                self._challenge.feed(frame, observation)
        else:
            assert self._challenge is not None  # otherwise done
            self._challenge.feed(frame, self._detector.observe(frame))
        if self.done:
            return FaceStep("done", None, None)
        assert self._challenge is not None
        return FaceStep("liveness", self._challenge.prompt, None)

    def result(self) -> FaceResult:
        order = {code: i for i, code in enumerate(QUALITY_CODES)}
        seen = sorted(self._prompts, key=lambda c: (-self._prompts[c], order[c]))
        challenge = self._challenge
        if challenge is None:
            return FaceResult(self._capture.photo, None, seen, self.frames)
        # A challenge never started (no photo yet) or left unanswered has not been passed.
        return FaceResult(self._capture.photo, challenge.state is LivenessState.PASSED, seen, self.frames,
                          challenge.instruction, challenge.reason)

    @property
    def challenge(self) -> LivenessChallenge | None:
        return self._challenge

    def close(self) -> None:
        """Drop every frame and the photo (session end). result() taken before stays with its caller."""
        self._capture.reset()
        self._detector.close()
        self._challenge = None


def capture_face(camera: Camera, *, liveness: bool, rng: random.Random, max_frames: int = 300,
                 thresholds: FaceThresholds | None = None,
                 liveness_settings: LivenessSettings | None = None) -> FaceResult:
    """Read frames until the photo (and challenge) are done, the source ends, or max_frames have been read.

    CameraError other than the end of a video file propagates to the caller.
    """
    session = FaceSession(thresholds or FaceThresholds(), liveness=liveness, rng=rng,
                          liveness_settings=liveness_settings)
    try:
        while not session.done and session.frames < max_frames:
            try:
                frame = camera.read()
            except CameraEnded:
                break
            session.feed(frame)
        return session.result()
    finally:
        session.close()
