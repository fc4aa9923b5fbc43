"""1:1 face comparison (人证比对) on real photos shipped in packages: error rates at the configured bands, and time.

    .venv/bin/python -m benchmarks.face_compare [--no-download]

Identities: skimage's astronaut (Eileen Collins), matplotlib's grace_hopper.jpg, and, fetched with pip from
PyPI (hash-checked, cached under ~/.cache/kiosk-benchmarks), the test photos inside the face_recognition 1.3.0
sdist: three different photos of Barack Obama and one of Joe Biden. Each photo also yields transformed copies
(half size, darker, brighter, gamma, JPEG 10/30/60, ±10° rotation, blur, grey, and a 102×126 chip-sized JPEG
like the card's photo). Genuine pairs: two images of one person (copies of one photo, or different photos);
impostor pairs: images of two people. Prints, for the open engine at its thresholds, the false-match rate
(impostor pairs banded "match"), the false-non-match rate (genuine pairs not banded "match"), how many pairs
of each kind land in "refer", and the time to embed one image (detection + 5-point alignment + ResNet).
Caveat (docs/FACE.md): no Asian identity is measured here.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import statistics
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import cv2
import matplotlib.cbook
import numpy as np
import skimage.data

from facematch.bands import Band, BandThresholds
from facematch.plugins import load_comparer
from kiosk.face.detect import FaceDetector

SDIST = "face_recognition-1.3.0.tar.gz"
SDIST_SHA256 = "5e5efdd1686aa566af0d3cc1313b131e4b197657a8ffd03669e6d3fad92705ec"
SDIST_PHOTOS = {"obama": "Barack Obama", "obama2": "Barack Obama", "obama3": "Barack Obama", "biden": "Joe Biden"}
CACHE = Path.home() / ".cache" / "kiosk-benchmarks"


def _decode(data: bytes) -> np.ndarray:
    return cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)


def _sdist_photos(download: bool) -> list[tuple[str, str, np.ndarray]]:
    path = CACHE / SDIST
    if not path.exists() and download:
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:",
                        "face_recognition==1.3.0", "-d", str(CACHE)], check=False, capture_output=True)
    if not path.exists() or hashlib.sha256(path.read_bytes()).hexdigest() != SDIST_SHA256:
        print("  (face_recognition sdist not available: different-photo pairs of one person are skipped)")
        return []
    found = []
    with tarfile.open(path) as tar:
        for name, person in SDIST_PHOTOS.items():
            member = tar.extractfile(f"face_recognition-1.3.0/tests/test_images/{name}.jpg")
            assert member is not None
            found.append((name, person, _decode(member.read())))
    return found


def _photos(download: bool) -> list[tuple[str, str, np.ndarray]]:
    with matplotlib.cbook.get_sample_data("grace_hopper.jpg") as f:
        hopper = _decode(f.read())
    return [("astronaut", "Eileen Collins", cv2.cvtColor(skimage.data.astronaut(), cv2.COLOR_RGB2BGR)),
            ("grace_hopper", "Grace Hopper", hopper), *_sdist_photos(download)]


def _jpeg(image: np.ndarray, quality: int) -> np.ndarray:
    return _decode(cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])[1].tobytes())


def _rotate(image: np.ndarray, degrees: float) -> np.ndarray:
    h, w = image.shape[:2]
    return cv2.warpAffine(image, cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0), (w, h),
                          borderMode=cv2.BORDER_REPLICATE)


def _chip(image: np.ndarray, detector: FaceDetector) -> np.ndarray | None:
    """Cut around the face like the card photo (head and shoulders top, 102:126) at 102×126, JPEG quality 50."""
    face = detector.observe(image).face
    if face is None:
        return None
    h = 1.9 * face.h
    w = h * 102 / 126
    x0, y0 = round(face.cx - w / 2), round(face.cy - 0.5 * h)
    pad = max(0, -x0, -y0, x0 + round(w) - image.shape[1], y0 + round(h) - image.shape[0])
    padded = cv2.copyMakeBorder(image, pad, pad, pad, pad, cv2.BORDER_REPLICATE)
    crop = padded[y0 + pad:y0 + pad + round(h), x0 + pad:x0 + pad + round(w)]
    return _jpeg(cv2.resize(crop, (102, 126), interpolation=cv2.INTER_AREA), 50)


def _variants(image: np.ndarray, detector: FaceDetector) -> dict[str, np.ndarray]:
    gray = cv2.cvtColor(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), cv2.COLOR_GRAY2BGR)
    table = (np.linspace(0, 1, 256) ** 0.6 * 255).astype(np.uint8)
    out = {"original": image, "half size": cv2.resize(image, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA),
           "darker": cv2.convertScaleAbs(image, alpha=0.55), "brighter": cv2.convertScaleAbs(image, beta=45),
           "gamma 0.6": cv2.LUT(image, table), "jpeg 10": _jpeg(image, 10), "jpeg 30": _jpeg(image, 30),
           "jpeg 60": _jpeg(image, 60), "rotated +10°": _rotate(image, 10), "rotated -10°": _rotate(image, -10),
           "blurred": cv2.GaussianBlur(image, (0, 0), 2), "grey": gray}
    chip = _chip(image, detector)
    if chip is not None:
        out["chip 102×126 jpeg 50"] = chip
    return out


def _kiosk_photo_times(engine, runs: int = 5) -> list[float]:
    """What the terminal embeds on every visit: the auto-captured ID photo of the simulated camera."""
    import random

    from devices.camera.simulated import SimulatedCamera
    from kiosk.face.pipeline import capture_face

    photo = capture_face(SimulatedCamera(), liveness=False, rng=random.Random(0)).photo
    assert photo is not None
    image = _decode(photo.jpeg)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        engine.embed(image)
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-download", action="store_true", help="do not fetch the face_recognition sdist")
    args = parser.parse_args()
    thresholds = BandThresholds()
    comparer = load_comparer("open", thresholds, certified=False)
    if not comparer.available:
        sys.exit(f"open engine unavailable: {comparer.unavailable_reason}")
    engine = comparer.engine
    detector = FaceDetector(track=False)
    print(f"open engine {engine.name}: bands match ≤ {thresholds.match_max} < refer ≤ {thresholds.refer_max} "
          "< no_match")
    embeddings: list[tuple[str, str, str, np.ndarray]] = []  # (photo, person, variant, vector)
    times: dict[str, list[float]] = {"full-size photos": [], "chip 102×126": []}
    missed = []
    for photo, person, image in _photos(not args.no_download):
        for variant, picture in _variants(image, detector).items():
            started = time.perf_counter()
            vector, _faces = engine.embed(picture)
            elapsed = time.perf_counter() - started
            times["chip 102×126" if variant.startswith("chip") else "full-size photos"].append(elapsed)
            if vector is None:
                missed.append(f"{photo}/{variant}")
            else:
                embeddings.append((photo, person, variant, vector))
    detector.close()
    times["the kiosk's 358×441 ID photo"] = _kiosk_photo_times(engine)
    people = sorted({e[1] for e in embeddings})
    print(f"{len(embeddings)} embeddings of {len(people)} people ({', '.join(people)}); no face found in "
          f"{len(missed)}: {', '.join(missed) or '-'}")

    kinds: dict[str, list[float]] = {"genuine, same photo": [], "genuine, different photos": [], "impostor": []}
    for a, b in itertools.combinations(embeddings, 2):
        distance = float(np.linalg.norm(a[3] - b[3]))
        kind = "impostor" if a[1] != b[1] else "genuine, same photo" if a[0] == b[0] else "genuine, different photos"
        kinds[kind].append(distance)
    print(f"{'pairs':28s} {'n':>6s} {'min':>6s} {'median':>7s} {'max':>6s} {'match':>7s} {'refer':>7s} "
          f"{'no_match':>8s}")
    for kind, distances in kinds.items():
        if not distances:
            continue
        bands = [thresholds.band(d) for d in distances]
        counts = {band: bands.count(band) for band in Band}
        print(f"{kind:28s} {len(distances):6d} {min(distances):6.3f} {statistics.median(distances):7.3f} "
              f"{max(distances):6.3f} {counts[Band.MATCH]:7d} {counts[Band.REFER]:7d} {counts[Band.NO_MATCH]:8d}")
    genuine = kinds["genuine, same photo"] + kinds["genuine, different photos"]
    impostor = kinds["impostor"]
    fmr = sum(d <= thresholds.match_max for d in impostor) / max(len(impostor), 1)
    fnmr = sum(d > thresholds.match_max for d in genuine) / max(len(genuine), 1)
    fmr_refer = sum(d <= thresholds.refer_max for d in impostor) / max(len(impostor), 1)
    fnmr_refer = sum(d > thresholds.refer_max for d in genuine) / max(len(genuine), 1)
    print(f"FMR  (impostor banded match, ≤ {thresholds.match_max}): {fmr:.2%} of {len(impostor)}")
    print(f"FNMR (genuine not banded match, > {thresholds.match_max}): {fnmr:.2%} of {len(genuine)} "
          f"(different photos: {sum(d > thresholds.match_max for d in kinds['genuine, different photos'])} "
          f"of {len(kinds['genuine, different photos'])})")
    print(f"at the refer bound {thresholds.refer_max}: impostors at or below {fmr_refer:.2%}, "
          f"genuine above {fnmr_refer:.2%}")
    for label, values in times.items():
        if values:
            print(f"embedding time, {label}: median {statistics.median(values) * 1000:.0f} ms, "
                  f"max {max(values) * 1000:.0f} ms over {len(values)}")


if __name__ == "__main__":
    main()
