"""1:1 comparison (人证比对): bands on real photos, `kiosk face-compare`, the AVX guard, model licences."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest
import skimage.data
from face_fixtures import grace_hopper

from facematch.bands import Band, BandThresholds
from facematch.cpu import CPUINFO_ENV, has_avx
from facematch.plugins import NO_AVX, load_comparer

ROOT = Path(__file__).resolve().parent.parent


def _astronaut() -> np.ndarray:
    return cv2.cvtColor(skimage.data.astronaut(), cv2.COLOR_RGB2BGR)


def _chip(image: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
    """A 102×126 JPEG at low quality, the size and loss of the card's chip photo."""
    x0, y0, x1, y1 = box
    small = cv2.resize(image[y0:y1, x0:x1], (102, 126), interpolation=cv2.INTER_AREA)
    return cv2.imdecode(cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, 50])[1], cv2.IMREAD_COLOR)


@pytest.fixture(scope="module")
def comparer():
    return load_comparer("open", BandThresholds(), certified=False)


def test_a_chip_sized_copy_matches_and_another_person_does_not(comparer):
    astronaut, hopper = _astronaut(), grace_hopper()
    same = comparer.compare(_chip(astronaut, (110, 20, 350, 320)), astronaut)
    other = comparer.compare(_chip(hopper, (130, 80, 400, 420)), astronaut)
    assert same.band is Band.MATCH and same.score < 0.5
    assert other.band is Band.NO_MATCH and other.score > 0.6
    assert same.engine == "dlib-resnet-v1" and same.certified is False and same.faces == (1, 1)


def _cli(*args: str, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")} | (env_extra or {})
    return subprocess.run([sys.executable, "-m", "kiosk.cli", "face-compare", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_face_compare_command_prints_score_band_engine_and_faces(tmp_path):
    reference, probe = tmp_path / "chip.jpg", tmp_path / "live.jpg"
    cv2.imwrite(str(reference), _chip(_astronaut(), (110, 20, 350, 320)))
    cv2.imwrite(str(probe), _astronaut()[0:300, 100:360])
    done = _cli("--reference", str(reference), "--probe", str(probe), "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert set(report) == {"score", "band", "engine", "faces"}
    assert report["band"] == "match" and isinstance(report["score"], float)
    assert report["faces"] == [1, 1] and report["engine"] == "dlib-resnet-v1"


def test_face_compare_without_a_face_says_which_image_and_exits_2(tmp_path):
    face, coffee = tmp_path / "face.jpg", tmp_path / "coffee.jpg"
    cv2.imwrite(str(face), _astronaut())
    cv2.imwrite(str(coffee), cv2.cvtColor(skimage.data.coffee(), cv2.COLOR_RGB2BGR))
    done = _cli("--reference", str(face), "--probe", str(coffee))
    assert done.returncode == 2
    assert "no face found in" in done.stderr and "coffee.jpg" in done.stderr


def test_without_avx_dlib_is_never_imported_and_every_case_is_referred(tmp_path, caplog):
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text("processor\t: 0\nflags\t\t: fpu vme sse sse2 ssse3 sse4_1 sse4_2\n")
    assert not has_avx(cpuinfo)
    # In a fresh interpreter: loading the comparer must not import dlib (it would die: Illegal instruction).
    code = ("import sys, logging; logging.basicConfig(); from facematch.plugins import load_comparer; "
            "from facematch.bands import BandThresholds; c = load_comparer('open', BandThresholds(), certified=False); "
            "r = c.compare(None, None); print(r.band.value, r.score, c.available, 'dlib' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env=os.environ | {CPUINFO_ENV: str(cpuinfo)})
    assert done.stdout.split() == ["refer", "None", "False", "False"]
    assert f"face comparison disabled: {NO_AVX}" in done.stderr


def test_the_open_engine_cannot_be_marked_certified():
    with pytest.raises(ValueError):
        load_comparer("open", BandThresholds(), certified=True)


def test_an_engine_that_is_not_installed_degrades_to_refer():
    comparer = load_comparer("vendor-x", BandThresholds(), certified=True)
    assert not comparer.available and comparer.certified is False
    assert comparer.compare(_astronaut(), _astronaut()).band is Band.REFER


def test_no_code_ever_references_the_68_point_model():
    # Its training data (iBUG 300-W) forbids commercial use; the package installs it anyway.
    forbidden = ("shape_predictor_68", "pose_predictor_model_location")
    for folder in ("facematch", "kiosk", "backoffice", "devices", "domain", "ui", "offline_queue", "benchmarks"):
        for path in (ROOT / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            assert not any(name in text for name in forbidden), path


def test_doctor_warns_without_avx_and_passes_with_it(tmp_path, monkeypatch):
    from kiosk.config import load_config
    from kiosk.doctor import Context
    from kiosk.doctor.identity import face_compare

    config = load_config(env={}, config_file=None)
    assert face_compare(Context(config)).status == "pass"
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text("flags\t\t: fpu sse sse2\n")
    monkeypatch.setenv(CPUINFO_ENV, str(cpuinfo))
    check = face_compare(Context(config))
    assert check.status == "warn" and "AVX" in check.detail and "staff" in check.hint
