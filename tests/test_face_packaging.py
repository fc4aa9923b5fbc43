"""mediapipe is installed without its declared dependencies: OpenCV stays the headless 4.x build, and neither
opencv-contrib 5.x nor jax comes along (scripts/setup, scripts/requirements-nodeps.txt)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, distribution, version
from pathlib import Path

import cv2
import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_opencv_is_the_headless_4x_wheel_with_its_cascades_and_nothing_replaced_it():
    assert cv2.__version__.startswith("4.")
    assert version("opencv-python-headless").startswith("4.")
    for unwanted in ("opencv-contrib-python", "opencv-python", "jax", "jaxlib", "tensorflow"):
        with pytest.raises(PackageNotFoundError):
            distribution(unwanted)


def test_mediapipe_is_the_pinned_version_from_the_hash_checked_step():
    pinned = (ROOT / "scripts" / "requirements-nodeps.txt").read_text()
    assert f"mediapipe=={version('mediapipe')}" in pinned and "--hash=sha256:" in pinned
    assert "--no-deps --require-hashes -r scripts/requirements-nodeps.txt" in (ROOT / "scripts" / "setup").read_text()
