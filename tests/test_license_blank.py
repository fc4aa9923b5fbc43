"""The license on the real 2019 blank: the blank carries 年 月 日, so only the issue date's digits are printed;
the registering authority's electronic seal lands in the 登记机关 area; a calibration page outlines the blank."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest
from printing_fixtures import SAMPLE_FIELDS, make_test_seal

from kiosk.documents.license import LicenseDataError, LicenseRenderer, LicenseTemplate

PT_PER_MM = 72 / 25.4
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


@pytest.fixture(scope="module")
def seals(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("seals")
    make_test_seal(folder / "370702.png", SAMPLE_FIELDS["authority"])
    return folder


def words(pdf: bytes) -> list[tuple[float, float, float, float, str]]:
    """(x0, y0, x1, y1) in mm from the top-left, and the word, as pdftotext -bbox reads them."""
    html = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return [(*(float(v) / PT_PER_MM for v in m.groups()[:4]), m.group(5)) for m in WORD.finditer(html.decode())]


def element(copy: str, kind: str, key: str | None = None) -> dict:
    return next(e for e in LicenseTemplate.load().copies[copy].elements
                if e["kind"] == kind and (key is None or e.get("key") == key))


def red_box_mm(pdf: bytes, dpi: int = 60) -> tuple[float, float, float, float]:
    png = subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-singlefile", "-"], input=pdf,
                         capture_output=True, check=True).stdout
    bgr = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_COLOR).astype(int)
    red = (bgr[:, :, 2] > 150) & (bgr[:, :, 1] < 110) & (bgr[:, :, 0] < 110)
    ys, xs = np.nonzero(red)
    assert len(xs) > 50, "no seal on the page"
    px = 25.4 / dpi
    return xs.min() * px, ys.min() * px, (xs.max() + 1) * px, (ys.max() + 1) * px


@pytest.mark.parametrize("copy", ["original", "duplicate"])
def test_issue_date_prints_digits_only_and_the_seal_sits_in_the_authority_box(seals: Path, copy: str) -> None:
    pdf = LicenseRenderer(seals_dir=seals).render(SAMPLE_FIELDS, copy=copy)
    digits = element(copy, "date_digits", "issue_date")
    line = [w for w in words(pdf) if w[1] <= digits["y"] <= w[3] + 1 and w[0] >= digits["ends"][0] - 20]
    assert [w[4] for w in line] == ["2026", "11", "21"]          # under the pre-printed 年 月 日, nothing else
    for (_, _, x1, _, _), end in zip(line, digits["ends"], strict=True):
        assert x1 == pytest.approx(end, abs=0.6)                   # each number ends before its mark
    text = "".join(w[4] for w in words(pdf))
    assert SAMPLE_FIELDS["authority"] not in text                 # the seal names the authority, not black text
    x, y, w, h = element(copy, "seal")["box"]
    left, top, right, bottom = red_box_mm(pdf)
    assert x <= left and right <= x + w and y <= top and bottom <= y + h, (left, top, right, bottom)


def test_plain_paper_preview_reads_as_a_whole_date(seals: Path) -> None:
    text = "".join(w[4] for w in words(LicenseRenderer(seals_dir=seals).render(SAMPLE_FIELDS, plain=True)))
    assert "2026年11月21日" in text


def test_without_seals_the_authority_is_printed_as_text() -> None:
    text = "".join(w[4] for w in words(LicenseRenderer().render(SAMPLE_FIELDS)))
    assert SAMPLE_FIELDS["authority"] in text
    assert "年" not in text.replace("2026年11月21日", "")   # the registration date prints whole; the issue date not


def test_an_authority_without_a_seal_image_prints_nothing(tmp_path: Path) -> None:
    with pytest.raises(LicenseDataError, match="no seal image for registering authority 370702"):
        LicenseRenderer(seals_dir=tmp_path).render(SAMPLE_FIELDS)


def test_calibrate_command_outlines_the_blank(tmp_path: Path) -> None:
    out = tmp_path / "cal.pdf"
    env = {"KIOSK_PRINTER_OFFSET_X_MM": "1.5", "KIOSK_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "kiosk.cli", "license", "calibrate", "--out", str(out)],
                          capture_output=True, text=True, env=env, cwd=Path(__file__).parent.parent)
    assert done.returncode == 0, done.stderr
    text = "".join(w[4] for w in words(out.read_bytes()))
    for expected in ("营业执照", "登记机关", "年", "月", "日", "[uscc]", "[scope]", "校准页", "+1.5mm"):
        assert expected in text, expected


def test_the_qr_carries_the_provincial_identity_code_when_there_is_one() -> None:
    from test_printing_documents import qr_of

    pdf = LicenseRenderer().render({**SAMPLE_FIELDS, "identity_code": "SCJG-ID:92370702MA3C8XYZ1Q"})
    assert qr_of(pdf) == ["SCJG-ID:92370702MA3C8XYZ1Q"]


def test_the_dual_notice_and_filings_print_on_their_own_page() -> None:
    from test_printing_documents import text_of

    from kiosk.documents.notice import has_notice, render_notice

    fields = {**SAMPLE_FIELDS,
              "dual_notices": [{"item": "食品销售", "licence": "食品经营许可证", "department": "市场监管部门"}],
              "filings": [{"item": "食品销售（仅销售预包装食品）", "filing": "仅销售预包装食品备案文件",
                           "department": "市场监管部门"}]}
    assert has_notice(fields) and not has_notice(SAMPLE_FIELDS)
    text = text_of(render_notice(fields)).replace(" ", "")
    for expected in ("告知书", "食品销售：食品经营许可证（市场监管部门）", "仅销售预包装食品备案文件",
                     SAMPLE_FIELDS["uscc"]):
        assert expected in text, expected
