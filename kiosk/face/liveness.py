"""Challenge–response liveness on FaceMesh landmarks: blink, or turn the head and come back.

What it measures (see docs/FACE.md for what this does and does not stop):
- blink: the eye aspect ratio (lid opening ÷ eye width) drops below blink_ratio × the person's own open-eye
  level, measured while they held still, for a few frames, then comes back. Open-eye levels differ between
  people (0.19–0.35, glasses included), so only a drop against one's own baseline counts.
- turn: the nose tip moves sideways off the eye midpoint (in eye distances) towards the asked side, then comes
  back. This ratio does not change when a flat photo is slid, tilted or scaled, so moving a printed picture
  does not count.
The resident first holds still for a random time (the baseline is taken then, and nothing done before the
prompt counts), and the kind of challenge and the side are drawn at random, so a recording made in advance
has to guess both. Both kinds fail when the face disappears for more than a moment or jumps, so the person
who was photographed is the one who answers the challenge. A replayed video of the person answering live
still passes: no anti-spoofing model ships in a package we may use.
"""

from __future__ import annotations

import collections
import enum
import random
from dataclasses import dataclass
from typing import Any

import numpy as np

from kiosk.face import landmarks as lm
from kiosk.face.detect import Box, FaceDetector, Observation

KINDS = ("blink", "turn")


class LivenessState(enum.Enum):
    PENDING = "pending"
    PASSED = "passed"
    FAILED = "failed"


@dataclass(frozen=True)
class LivenessSettings:
    timeout_frames: int = 240  # 8 s at 30 fps to answer the challenge (the hold-still time included)
    max_gap_frames: int = 15  # frames the face may be lost (e.g. mid-turn) before the challenge fails
    min_hold_frames: int = 8  # the random hold-still before the prompt: at least this many frames …
    max_hold_frames: int = 30  # … and at most this many (0.27–1 s at 30 fps)
    baseline_frames: int = 5  # steady frames the open-eye and straight-ahead baseline is taken from
    steady_yaw: float = 0.03  # the head counts as steady while its yaw ratio varies less than this …
    frontal_yaw: float = 0.06  # … and as facing the camera within this (the slow top of a turn is steady too)
    blink_ratio: float = 0.7  # eye aspect ratio below this share of the baseline counts as closed
    blink_max_frames: int = 12  # a closure longer than this is not a blink (eyes covered, looking down)
    turn_yaw: float = 0.06  # nose offset change, in eye distances, that counts as turned (≈ 12°)
    return_yaw: float = 0.03  # and back within this to count as facing front again

    @classmethod
    def from_config(cls, config: Any) -> LivenessSettings:
        return cls(timeout_frames=config.face_liveness_timeout_frames)


class LivenessChallenge:
    """Feed frames after the photo is taken; the state goes from PENDING to PASSED or FAILED."""

    def __init__(self, kind: str, rng: random.Random, settings: LivenessSettings | None = None,
                 detector: FaceDetector | None = None) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown liveness challenge {kind!r}")
        self.kind = kind
        # Resident's left is the image's right: the camera looks at them, and frames are not mirrored.
        self.direction = rng.choice(("left", "right")) if kind == "turn" else None
        self.settings = settings or LivenessSettings()
        self._hold = rng.randint(self.settings.min_hold_frames, self.settings.max_hold_frames)
        self.state = LivenessState.PENDING
        self.reason = ""  # why it failed, for the technician's log (no personal data)
        self._detector = detector
        self._frames = 0
        self._gap = 0
        self._last_face: Box | None = None
        self._eye_levels: collections.deque[float] = collections.deque(maxlen=15)
        self._recent_yaw: collections.deque[float] = collections.deque(maxlen=self.settings.baseline_frames)
        self._base_yaw: float | None = None  # set when the prompt is given
        self._closed_run = 0
        self._turned = False

    @property
    def instruction(self) -> str:
        """The challenge code (guidance.prompt_zh): what the resident is asked to do."""
        return "blink" if self.kind == "blink" else f"turn_{self.direction}"

    @property
    def prompt(self) -> str:
        """What to show now: hold still until the random wait is over and the baseline is known."""
        return self.instruction if self._asked else "hold_still"

    @property
    def _asked(self) -> bool:
        return self._base_yaw is not None

    def _hold_step(self, points: np.ndarray) -> None:
        """Before the prompt: wait the random time, then until the head is steady; take the baseline there."""
        self._recent_yaw.append(lm.yaw_ratio(points))
        self._eye_levels.append(lm.eye_aspect_ratio(points))
        steady = (len(self._recent_yaw) == self._recent_yaw.maxlen
                  and max(self._recent_yaw) - min(self._recent_yaw) <= self.settings.steady_yaw
                  and abs(float(np.median(self._recent_yaw))) <= self.settings.frontal_yaw)
        if self._frames > self._hold and steady:
            self._base_yaw = float(np.median(self._recent_yaw))

    def feed(self, frame: np.ndarray, observation: Observation | None = None) -> LivenessState:
        if self.state is not LivenessState.PENDING:
            return self.state
        if observation is None:
            if self._detector is None:
                self._detector = FaceDetector()
            observation = self._detector.observe(frame)
        self._frames += 1
        face = observation.face if len(observation.faces) == 1 else None
        if not self._continuous(face):
            return self.state
        points = observation.points
        if points is not None:
            if not self._asked:
                self._hold_step(points)
            elif self.kind == "blink":
                self._blink_step(lm.eye_aspect_ratio(points))
            else:
                self._turn_step(lm.yaw_ratio(points))
        if self.state is LivenessState.PENDING and self._frames >= self.settings.timeout_frames:
            self._fail("timeout")
        return self.state

    def _fail(self, reason: str) -> None:
        self.state, self.reason = LivenessState.FAILED, reason

    def _continuous(self, face: Box | None) -> bool:
        """The same face throughout: lost only briefly, never jumping or changing size abruptly."""
        if face is None:
            self._gap += 1
            if self._last_face is not None and self._gap > self.settings.max_gap_frames:
                self._fail("face_lost")
            return self.state is LivenessState.PENDING
        last = self._last_face
        if last is not None:
            jump = abs(face.cx - last.cx) + abs(face.cy - last.cy)
            size = face.w / last.w
            if jump > 0.5 * last.w * (1 + self._gap) or not 0.7 <= size <= 1.4:
                self._fail("face_changed")
                return False
        self._gap = 0
        self._last_face = face
        return True

    def _blink_step(self, openness: float) -> None:
        # Compared with the recent open-eye level, which follows slow changes (light, a small head movement).
        reference = float(np.median(self._eye_levels))
        if openness < self.settings.blink_ratio * reference:
            self._closed_run += 1
        elif openness > 0.85 * reference:  # hysteresis: half-open frames neither end nor start a blink
            if 0 < self._closed_run <= self.settings.blink_max_frames:
                self.state = LivenessState.PASSED
            self._closed_run = 0
            self._eye_levels.append(openness)

    def _turn_step(self, yaw: float) -> None:
        assert self._base_yaw is not None
        shift = yaw - self._base_yaw
        sign = 1 if self.direction == "left" else -1
        if abs(shift) <= self.settings.return_yaw:
            if self._turned:
                self.state = LivenessState.PASSED
        elif sign * shift >= self.settings.turn_yaw:
            self._turned = True


def random_challenge(rng: random.Random, settings: LivenessSettings | None = None,
                     detector: FaceDetector | None = None) -> LivenessChallenge:
    return LivenessChallenge(rng.choice(KINDS), rng, settings, detector)
