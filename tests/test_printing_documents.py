"""License and receipt content as a reader sees it (pdftotext, pdffonts, QR), the signature gate, the simulator
printer and the `kiosk license render` command."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest
from printing_fixtures import SAMPLE_FIELDS

from devices.printer.base import PrinterError
from devices.printer.directory import DirectoryPrinter
from devices.printer.factory import printer_from_config
from devices.qr.scanner import QrScanner
from domain.license_signing import LicenseSignatureError, new_private_key_pem, public_key_pem, sign_license
from domain.qr_payloads import parse_receipt_payload
from kiosk.documents.license import LicenseDataError, LicenseRenderer
from kiosk.documents.receipt import ReceiptData, mask_id_number, render_receipt

KEY = new_private_key_pem()
PUBLIC = public_key_pem(KEY)


@pytest.fixture(scope="module")
def renderer() -> LicenseRenderer:
    return LicenseRenderer(name_placeholder="***")


def text_of(pdf: bytes) -> str:
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return out.decode()


def fonts_of(pdf: bytes) -> list[list[str]]:
    out = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return [row.split() for row in out.splitlines()[2:]]


def qr_of(pdf: bytes, dpi: int = 100) -> list[str]:
    png = subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-singlefile", "-"], input=pdf,
                         capture_output=True, check=True).stdout
    return QrScanner().scan(cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_COLOR))


@pytest.mark.parametrize("copy", ["original", "duplicate"])
def test_license_shows_every_field_embeds_its_font_and_links_the_record(renderer: LicenseRenderer,
                                                                       copy: str) -> None:
    pdf = renderer.render_signed(sign_license(SAMPLE_FIELDS, KEY), PUBLIC, copy=copy)
    text = text_of(pdf).replace(" ", "")
    for expected in ("92370702MA3C8XYZ1Q", "青岛市市南区李记便利店", "个体工商户", "李明", "个人经营",
                     "香港中路100号", "2026年11月21日", "许可项目：食品销售；烟草制品零售（依法须经批准的项目",
                     "一般项目：日用百货销售", "青岛市市南区市场监督管理局", "经营范围", "统一社会信用代码"):
        assert expected in text, expected
    assert ("年度报告" in text) == (copy == "duplicate")
    assert "监制" not in text and "gsxt.gov.cn" not in text      # pre-printed on the blank
    fonts = fonts_of(pdf)
    assert fonts and all(row[-5] == "yes" and row[-4] == "yes" for row in fonts)   # embedded, subset
    assert qr_of(pdf) == ["https://www.gsxt.gov.cn/verify?uscc=92370702MA3C8XYZ1Q"]


def test_plain_paper_adds_the_blank(renderer: LicenseRenderer) -> None:
    text = text_of(renderer.render(SAMPLE_FIELDS, plain=True)).replace(" ", "")
    assert "营业执照" in text and "国家市场监督管理总局监制" in text


def test_business_without_a_name_gets_the_placeholder() -> None:
    pdf = LicenseRenderer(name_placeholder="（无字号）").render({**SAMPLE_FIELDS, "name": None})
    assert "（无字号）" in text_of(pdf).replace(" ", "")


def test_forged_or_unsigned_license_is_never_rendered(renderer: LicenseRenderer) -> None:
    signed = sign_license(SAMPLE_FIELDS, KEY)
    forged = {**signed, "fields": {**SAMPLE_FIELDS, "operator": "王五"}}
    with pytest.raises(LicenseSignatureError):
        renderer.render_signed(forged, PUBLIC)
    with pytest.raises(LicenseSignatureError):
        renderer.render_signed({"fields": SAMPLE_FIELDS}, PUBLIC)
    with pytest.raises(LicenseSignatureError):
        renderer.render_signed(signed, public_key_pem(new_private_key_pem()))


def test_incomplete_license_data_is_refused(renderer: LicenseRenderer) -> None:
    with pytest.raises(LicenseDataError, match="premises"):
        renderer.render({k: v for k, v in SAMPLE_FIELDS.items() if k != "premises"})
    with pytest.raises(LicenseDataError):
        renderer.render({**SAMPLE_FIELDS, "registration_date": "21.11.2026"})


def test_long_scope_stays_readable(renderer: LicenseRenderer) -> None:
    long_scope = {**SAMPLE_FIELDS, "scope_general": [f"经营项目{i}号零售服务" for i in range(60)]}
    text = text_of(renderer.render(long_scope)).replace(" ", "").replace("\n", "")
    assert "经营项目59号零售服务" in text


RECEIPT = ReceiptData(receipt_no="R20261121-0042", time=dt.datetime(2026, 11, 21, 9, 30), terminal_id="sd-qd-001",
                      status="manual_review", id_number="370202199001011234",
                      receipt_token="Zx9Qm2Lr7Tt0Vb4Nc8Hd1Jk6Pw3Ys5Ug0Ae2Fo9Ri7Ml", business_name=None)


@pytest.mark.parametrize("paper", ["receipt80", "a4"])
def test_receipt_masks_the_id_and_carries_the_token(paper: str) -> None:
    pdf = render_receipt(RECEIPT, paper=paper)
    text = text_of(pdf).replace(" ", "")
    for expected in ("受理回执", "R20261121-0042", "2026-11-2109:30", "sd-qd-001", "待人工审核", "3702**********1234"):
        assert expected in text, expected
    assert "370202199001011234" not in text
    assert [parse_receipt_payload(code) for code in qr_of(pdf, dpi=150)] == [RECEIPT.receipt_token]
    assert all(row[-5] == "yes" for row in fonts_of(pdf))


def test_mask_keeps_only_the_ends() -> None:
    assert mask_id_number("370202199001011234") == "3702**********1234"
    assert mask_id_number("H01234567") == "H*******7"


def test_directory_printer_writes_each_job_and_injects_faults(tmp_path: Path) -> None:
    printer = printer_from_config(f"dir:{tmp_path}")
    first = printer.submit(b"%PDF-1 one", "license-92370702MA3C8XYZ1Q")
    second = printer.submit(b"%PDF-1 two", "receipt/../R1")
    assert [p.name for p in sorted(tmp_path.iterdir())] == [first.job_id, second.job_id]
    assert (tmp_path / first.job_id).read_bytes() == b"%PDF-1 one"
    assert "/" not in second.job_id.removesuffix(".pdf").replace("..", "")

    broken = printer_from_config(f"dir:{tmp_path}?fail_with=paper_out")
    assert isinstance(broken, DirectoryPrinter)
    with pytest.raises(PrinterError) as caught:
        broken.submit(b"%PDF", "x")
    assert caught.value.code == "paper_out" and "缺纸" in caught.value.message_zh
    broken.fail_with = None
    assert broken.submit(b"%PDF", "x").job_id.startswith("0003-")


def test_render_command_refuses_unsigned_data_and_marks_specimens(tmp_path: Path) -> None:
    fields = tmp_path / "fields.json"
    fields.write_text(json.dumps(SAMPLE_FIELDS, ensure_ascii=False), encoding="utf-8")
    signed = tmp_path / "signed.json"
    signed.write_text(json.dumps(sign_license(SAMPLE_FIELDS, KEY), ensure_ascii=False), encoding="utf-8")
    key = tmp_path / "key.pem"
    key.write_bytes(PUBLIC)
    out = tmp_path / "license.pdf"

    def kiosk(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "kiosk.cli", "license", "render", *args],
                              capture_output=True, text=True, check=False)

    refused = kiosk("--from-json", str(fields), "--out", str(out), "--public-key", str(key))
    assert refused.returncode == 1 and "refusing" in refused.stderr and not out.exists()

    ok = kiosk("--from-json", str(signed), "--out", str(out), "--public-key", str(key), "--copy", "duplicate",
               "--plain")
    assert ok.returncode == 0, ok.stderr
    assert "副" in text_of(out.read_bytes())

    specimen = kiosk("--from-json", str(fields), "--out", str(out), "--unsigned")
    assert specimen.returncode == 0, specimen.stderr
    assert "样张" in text_of(out.read_bytes())


def test_receipt_dataclass_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        RECEIPT.status = "approved"  # type: ignore[misc]
