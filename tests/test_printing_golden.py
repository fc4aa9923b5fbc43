"""Golden-image layout tests: each document rasterised and compared with a reviewed PNG, within a tolerance.

After an intended layout change, regenerate with UPDATE_GOLDEN=1 and review the PNGs in the diff.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import cv2
import numpy as np
import pytest
from printing_fixtures import SAMPLE_FIELDS

from kiosk.documents.license import LicenseRenderer
from kiosk.documents.receipt import ReceiptData, render_receipt

GOLDEN = Path(__file__).with_name("printing_golden")
DPI = 40
# Anti-aliasing differs a little between poppler/freetype versions; a moved or missing field does not fit.
MAX_DIFFERENT_PIXELS = 0.004

RECEIPT = ReceiptData(receipt_no="R20261121-0042", time=dt.datetime(2026, 11, 21, 9, 30), terminal_id="sd-qd-001",
                      status="manual_review", id_number="370202199001011234",
                      receipt_token="Zx9Qm2Lr7Tt0Vb4Nc8Hd1Jk6Pw3Ys5Ug0Ae2Fo9Ri7Ml",
                      business_name="青岛市市南区李记便利店")


def documents() -> dict[str, bytes]:
    renderer = LicenseRenderer()
    return {
        "license_original_plain": renderer.render(SAMPLE_FIELDS, copy="original", plain=True),
        "license_duplicate_plain": renderer.render(SAMPLE_FIELDS, copy="duplicate", plain=True),
        "license_original_blank": renderer.render(SAMPLE_FIELDS, copy="original"),
        "receipt_80mm": render_receipt(RECEIPT, paper="receipt80"),
        "receipt_a4": render_receipt(RECEIPT, paper="a4"),
    }


def raster(pdf: bytes) -> np.ndarray:
    png = subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", "-singlefile", "-"], input=pdf,
                         capture_output=True, check=True).stdout
    return cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_GRAYSCALE)


@pytest.mark.parametrize("name", list(documents()))
def test_layout_matches_golden_image(name: str) -> None:
    image = raster(documents()[name])
    golden_file = GOLDEN / f"{name}.png"
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        cv2.imwrite(str(golden_file), image)
    assert golden_file.exists(), f"no golden image {golden_file}; create it with UPDATE_GOLDEN=1"
    golden = cv2.imread(str(golden_file), cv2.IMREAD_GRAYSCALE)
    assert image.shape == golden.shape, "page size changed"
    different = float(np.mean(cv2.absdiff(image, golden) > 64))
    assert different <= MAX_DIFFERENT_PIXELS, f"{different:.2%} of pixels differ from {golden_file.name}"


def test_calibration_offset_moves_everything_on_the_blank() -> None:
    dx, dy = 10, 5                                          # whole pixels, so anti-aliasing stays the same
    offset_mm = (dx * 25.4 / DPI, dy * 25.4 / DPI)
    unshifted = raster(LicenseRenderer().render(SAMPLE_FIELDS))
    shifted = raster(LicenseRenderer(offset_mm=offset_mm).render(SAMPLE_FIELDS))
    moved_back = shifted[dy:, dx:]
    assert np.mean(cv2.absdiff(moved_back, unshifted[: moved_back.shape[0], : moved_back.shape[1]]) > 64) < 0.001
    assert np.mean(cv2.absdiff(shifted, unshifted) > 64) > 0.01
    # Plain-paper previews ignore the calibration.
    assert np.array_equal(raster(LicenseRenderer(offset_mm=offset_mm).render(SAMPLE_FIELDS, plain=True)),
                          raster(LicenseRenderer().render(SAMPLE_FIELDS, plain=True)))
