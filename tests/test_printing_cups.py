"""Printing through a real CUPS scheduler (started by the suite) to a cups-pdf printer, and its faults."""

from __future__ import annotations

import subprocess
from pathlib import Path

import cv2
import numpy as np
import pytest
from printing_fixtures import SAMPLE_FIELDS, CupsServer, cups_server, wait_for_file  # noqa: F401

from devices.printer.base import JobState, PrinterError
from devices.printer.cups import CupsPrinter, media_for
from devices.qr.scanner import QrScanner
from domain.license_signing import new_private_key_pem, public_key_pem, sign_license
from kiosk.documents.license import LicenseRenderer


@pytest.fixture(scope="module")
def renderer() -> LicenseRenderer:
    return LicenseRenderer()


def raster(pdf: Path, dpi: int = 60) -> np.ndarray:
    png = subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", "-singlefile", str(pdf)],
                         capture_output=True, check=True).stdout
    return cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_GRAYSCALE)


def test_license_printed_through_cups_is_complete(cups_server: CupsServer, renderer: LicenseRenderer,  # noqa: F811
                                                  tmp_path: Path) -> None:
    out = cups_server.add_pdf_queue("kiosk_license")
    key = new_private_key_pem()
    pdf = renderer.render_signed(sign_license(SAMPLE_FIELDS, key), public_key_pem(key), plain=True)
    printer = CupsPrinter("kiosk_license", server=cups_server.socket)

    job = printer.submit(pdf, "license-92370702MA3C8XYZ1Q")
    assert printer.wait(job, timeout_s=60) is JobState.COMPLETED
    printed = wait_for_file(out)

    # The credit code survives as text. cups-pdf goes through PostScript, which drops the ToUnicode maps of
    # the CJK subset fonts, so the name is checked in the document CUPS was given...
    text = subprocess.run(["pdftotext", str(printed), "-"], capture_output=True, text=True, check=True).stdout
    assert SAMPLE_FIELDS["uscc"] in text
    submitted = tmp_path / "submitted.pdf"
    submitted.write_bytes(pdf)
    own_text = subprocess.run(["pdftotext", str(submitted), "-"], capture_output=True, text=True).stdout
    assert SAMPLE_FIELDS["name"] in own_text
    # ...and the printed page must look like that document (same glyphs in the same places), full-size A3.
    printed_img, own_img = raster(printed), raster(submitted)
    assert printed_img.shape == own_img.shape
    assert np.mean(cv2.absdiff(printed_img, own_img) > 96) < 0.01

    fonts = subprocess.run(["pdffonts", str(printed)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows, "the printed license has no fonts at all"
    assert all(row.split()[-5] == "yes" for row in rows), fonts   # the "emb" column

    codes = QrScanner().scan(cv2.cvtColor(raster(printed, dpi=100), cv2.COLOR_GRAY2BGR))
    assert codes == [renderer.verification_url(SAMPLE_FIELDS["uscc"])]
    assert codes[0].endswith("92370702MA3C8XYZ1Q")


def test_disabled_queue_refuses_with_a_plain_message(cups_server: CupsServer, renderer: LicenseRenderer) -> None:  # noqa: F811
    out = cups_server.add_pdf_queue("kiosk_disabled")
    cups_server.admin("cupsdisable", "-r", "maintenance", "kiosk_disabled")
    printer = CupsPrinter("kiosk_disabled", server=cups_server.socket)

    with pytest.raises(PrinterError) as caught:
        printer.submit(renderer.render(SAMPLE_FIELDS, copy="duplicate"), "license-dup")
    assert caught.value.code == "stopped"
    assert caught.value.message_zh.startswith("打印机已暂停使用，请联系工作人员")
    assert "kiosk_disabled" in str(caught.value)      # the technician's alert names the queue
    assert not list(out.glob("*.pdf"))


def test_queue_rejecting_jobs_is_stopped(cups_server: CupsServer) -> None:  # noqa: F811
    cups_server.add_pdf_queue("kiosk_rejecting")
    cups_server.admin("cupsreject", "kiosk_rejecting")
    with pytest.raises(PrinterError) as caught:
        CupsPrinter("kiosk_rejecting", server=cups_server.socket).submit(b"%PDF-1.4\n", "x")
    assert caught.value.code == "stopped"


@pytest.mark.parametrize(("reason", "code", "words", "queue_stops"), [
    ("media-empty-error", "paper_out", "缺纸", True),
    ("media-jam-error", "jam", "卡纸", True),
    ("offline-report", "offline", "未连接", False),   # the backend keeps retrying an unreachable printer
])
def test_fault_while_printing_tells_resident_and_withdraws_job(cups_server: CupsServer,  # noqa: F811
                                                               reason: str, code: str, words: str,
                                                               queue_stops: bool) -> None:
    queue = f"kiosk_fault_{code}"
    cups_server.add_fault_queue(queue, reason)
    printer = CupsPrinter(queue, server=cups_server.socket, poll_interval_s=0.1)
    job = printer.submit(LicenseRenderer().render(SAMPLE_FIELDS, copy="duplicate"), "license-dup")

    with pytest.raises(PrinterError) as caught:
        printer.wait(job, timeout_s=30)
    assert caught.value.code == code
    assert words in caught.value.message_zh
    # The job was cancelled, so it cannot come out unattended once a technician fixes the printer.
    assert job.job_id not in cups_server.lpstat("-W", "not-completed", "-o", queue).stdout
    if queue_stops:
        # The queue stays stopped with its reason, so the next resident is told before anything is sent.
        with pytest.raises(PrinterError) as again:
            printer.submit(b"%PDF-1.4\n", "x")
        assert again.value.code == code


def test_unknown_queue_is_offline(cups_server: CupsServer) -> None:  # noqa: F811
    with pytest.raises(PrinterError) as caught:
        CupsPrinter("no_such_queue", server=cups_server.socket).submit(b"%PDF-1.4\n", "x")
    assert caught.value.code == "offline"
    assert "未连接" in caught.value.message_zh


def test_no_scheduler_is_offline(tmp_path: Path) -> None:
    with pytest.raises(PrinterError) as caught:
        CupsPrinter("kiosk", server=str(tmp_path / "nothing.sock")).submit(b"%PDF-1.4\n", "x")
    assert caught.value.code == "offline"


def test_paper_size_follows_the_document(renderer: LicenseRenderer) -> None:
    assert media_for(renderer.render(SAMPLE_FIELDS, copy="original")) == "A3"
    assert media_for(renderer.render(SAMPLE_FIELDS, copy="duplicate")) == "A4"
    assert media_for(b"%PDF-1.4 /MediaBox [0 0 226.8 362.8]") is None
