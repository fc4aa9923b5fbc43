"""Challenge–response liveness on the shipped Haar cascades: blink, or turn the head and come back.

What it measures (see docs/FACE.md for what this does and does not stop):
- blink: the eyes' texture (grey-level spread in the eye boxes found at the start, which move with the face
  box) drops well below its starting level for a few frames while the face holds still, then comes back.
  A printed photo or a still image never changes there.
- turn: the face box slides sideways towards the asked side by a good part of its width while the shoulders
  below it stay where they were, then the face comes back to the front. Sliding a photo moves the shoulders
  printed on it too (phase correlation of a band below the face), which does not count.
Both kinds fail when the face disappears for more than a moment or jumps, so the person who was
photographed is the one who answers the challenge.
"""

from __future__ import annotations

import collections
import enum
import random
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np

from kiosk.face.detect import Box, FaceDetector, Observation

KINDS = ("blink", "turn")
# The face must stay within this share of its width for this many frames before a turn is measured from
# there; long enough that the slow-down at the far end of a turn does not look like rest.
_REST_FRAMES, _REST_SPREAD = 8, 0.05
_MIN_MATCH = 0.3  # phase-correlation peak below this: the shoulder band changed too much to tell how it moved


class LivenessState(enum.Enum):
    PENDING = "pending"
    PASSED = "passed"
    FAILED = "failed"


@dataclass(frozen=True)
class LivenessSettings:
    timeout_frames: int = 240  # 8 s at 30 fps to answer the challenge
    max_gap_frames: int = 15  # frames the face may be lost (e.g. mid-turn) before the challenge fails
    baseline_frames: int = 3  # open-eye frames needed before closures count
    blink_ratio: float = 0.7  # eye texture below this share of the baseline counts as closed
    blink_max_frames: int = 12  # a closure longer than this is not a blink (eyes covered, looking down)
    turn_shift: float = 0.15  # face-box shift, in face widths, that counts as turned
    return_shift: float = 0.07  # and back within this to count as facing front again
    max_body_share: float = 0.35  # shoulders may move at most this share of the face's shift

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
        self.state = LivenessState.PENDING
        self.reason = ""  # why it failed, for the technician's log (no personal data)
        self._detector = detector
        self._frames = 0
        self._gap = 0
        self._last_face: Box | None = None
        self._recent: list[Box] = []
        self._anchor: Box | None = None  # where the face rested before turning
        self._eyes_rel: list[tuple[float, float, float, float]] = []
        self._open_levels: collections.deque[float] = collections.deque(maxlen=15)
        self._closed_run = 0
        self._torso: np.ndarray | None = None
        self._torso_region: tuple[int, int, int, int] | None = None
        self._turned = False
        self._moved_rigidly = False

    @property
    def instruction(self) -> str:
        """The challenge code to prompt (guidance.prompt_zh)."""
        return "blink" if self.kind == "blink" else f"turn_{self.direction}"

    @property
    def needs_eyes(self) -> bool:
        """Whether the next observation must include eye detections (only to start a blink challenge)."""
        return self.kind == "blink" and not self._eyes_rel

    def feed(self, frame: np.ndarray, observation: Observation | None = None) -> LivenessState:
        if self.state is not LivenessState.PENDING:
            return self.state
        if observation is None:
            if self._detector is None:
                self._detector = FaceDetector()
            observation = self._detector.observe(frame, eyes=self.needs_eyes)
        self._frames += 1
        face = observation.face if len(observation.faces) == 1 else None
        if not self._continuous(face):
            return self.state
        if face is not None:
            if self.kind == "blink":
                self._blink_step(frame, face, observation)
            else:
                self._turn_step(face, observation)
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

    # --- blink -----------------------------------------------------------------------------------------

    def _blink_step(self, frame: np.ndarray, face: Box, obs: Observation) -> None:
        if not self._eyes_rel:
            if len(obs.eyes) == 2:
                self._eyes_rel = [((e.x - face.x) / face.w, (e.y - face.y) / face.h, e.w / face.w, e.h / face.h)
                                  for e in obs.eyes]
            return
        openness = self._eye_texture(frame, face)
        if len(self._open_levels) < self.settings.baseline_frames:
            self._open_levels.append(openness)
            return
        # Compared with the recent open-eye level, which follows slow changes (light, a small head movement).
        reference = float(np.median(self._open_levels))
        if openness < self.settings.blink_ratio * reference:
            self._closed_run += 1
        elif openness > 0.85 * reference:  # hysteresis: half-open frames neither end nor start a blink
            if 0 < self._closed_run <= self.settings.blink_max_frames:
                self.state = LivenessState.PASSED
            self._closed_run = 0
            self._open_levels.append(openness)

    def _eye_texture(self, frame: np.ndarray, face: Box) -> float:
        """Grey-level spread in both eye boxes relative to their mean: open eyes show iris, white and lashes."""
        values = []
        for rx, ry, rw, rh in self._eyes_rel:
            box = Box(face.x + rx * face.w, face.y + ry * face.h, rw * face.w, rh * face.h)
            x0, y0, x1, y1 = box.clipped(frame.shape[1], frame.shape[0])
            if x1 - x0 < 4 or y1 - y0 < 4:
                return 0.0
            patch = cv2.cvtColor(cv2.resize(frame[y0:y1, x0:x1], (24, 24), interpolation=cv2.INTER_AREA),
                                 cv2.COLOR_BGR2GRAY)
            values.append(float(patch.std()) / max(float(patch.mean()), 1.0))
        return sum(values) / len(values)

    # --- turn ------------------------------------------------------------------------------------------

    def _turn_step(self, face: Box, obs: Observation) -> None:
        if self._anchor is None:
            self._find_rest(face, obs)
            return
        start = self._anchor
        shift = (face.cx - start.cx) / start.w
        sign = 1 if self.direction == "left" else -1
        if abs(shift) <= self.settings.return_shift:
            if self._turned:
                self.state = LivenessState.PASSED
            self._moved_rigidly = False
        elif sign * shift >= self.settings.turn_shift and not self._turned and not self._moved_rigidly:
            # Judged once per excursion: if the shoulders went along, nothing counts until the face is back.
            self._turned = self._body_still(shift * start.w, obs)
            self._moved_rigidly = not self._turned

    def _find_rest(self, face: Box, obs: Observation) -> None:
        """Anchor the turn where the face has held still for a few frames (it may still be moving at first)."""
        self._recent = [*self._recent[-(_REST_FRAMES - 1):], face]
        if len(self._recent) < _REST_FRAMES:
            return
        spread = max(max(b.cx for b in self._recent) - min(b.cx for b in self._recent),
                     max(b.cy for b in self._recent) - min(b.cy for b in self._recent))
        region = _torso_region(face, obs)
        if spread <= _REST_SPREAD * face.w and region is not None:
            x0, y0, x1, y1 = region
            self._anchor, self._torso_region = face, region
            self._torso = obs.small_gray[y0:y1, x0:x1].astype(np.float32)

    def _body_still(self, face_shift_px: float, obs: Observation) -> bool:
        """The shoulder band matches its starting picture confidently, and moved far less than the face."""
        assert self._torso is not None and self._torso_region is not None
        x0, y0, x1, y1 = self._torso_region
        now = obs.small_gray[y0:y1, x0:x1].astype(np.float32)
        window = cv2.createHanningWindow((now.shape[1], now.shape[0]), cv2.CV_32F)
        (body_dx, _), response = cv2.phaseCorrelate(self._torso, now, window)
        return (response >= _MIN_MATCH
                and abs(body_dx / obs.small_scale) <= self.settings.max_body_share * abs(face_shift_px))


def _torso_region(face: Box, obs: Observation) -> tuple[int, int, int, int] | None:
    """A band across the shoulders, below the chin, in small_gray pixels; None when it is out of the frame."""
    band = Box(face.x - 0.5 * face.w, face.y + 1.2 * face.h, 2 * face.w, 0.5 * face.h).scaled(obs.small_scale)
    height, width = obs.small_gray.shape
    x0, y0, x1, y1 = band.clipped(width, height)
    return (x0, y0, x1, y1) if x1 - x0 >= 16 and y1 - y0 >= 6 else None


def random_challenge(rng: random.Random, settings: LivenessSettings | None = None,
                     detector: FaceDetector | None = None) -> LivenessChallenge:
    return LivenessChallenge(rng.choice(KINDS), rng, settings, detector)
