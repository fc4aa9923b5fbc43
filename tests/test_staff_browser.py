"""The staff flow in a real headless Chromium: login → review queue → case page → approve → audit log, with
the case filed through the real API by a signed terminal request and collected through the receipt lookup."""

from __future__ import annotations

import base64
import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest
from backoffice_fixtures import DIVISION, SECRET, TERMINAL, application, resident_card

from backoffice.app import Backoffice, create_app
from backoffice.embedded import ServerThread
from backoffice.staff import create_staff
from backoffice.terminals import enrol
from domain.license_signing import verify_license
from kiosk.backoffice_client import BackofficeClient

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
USER, PASSWORD = "wangfang", "Shenpi-2026!"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium (/usr/bin/chromium) is not installed")


def face_jpeg() -> bytes:
    """A drawn face (the page must show a real image, not just any bytes)."""
    img = np.full((400, 300, 3), (235, 225, 215), np.uint8)
    cv2.ellipse(img, (150, 190), (95, 125), 0, 0, 360, (160, 190, 225), -1)
    for x in (115, 185):
        cv2.circle(img, (x, 165), 11, (60, 40, 30), -1)
    cv2.ellipse(img, (150, 250), (38, 16), 0, 0, 180, (80, 60, 160), 4)
    return cv2.imencode(".jpg", img)[1].tobytes()


def signature_png() -> bytes:
    img = np.full((150, 600), 255, np.uint8)
    points = np.array([[40 + i * 6, 90 + int(25 * np.sin(i / 4))] for i in range(85)], np.int32)
    cv2.polylines(img, [points], False, 20, 3, cv2.LINE_AA)
    return cv2.imencode(".png", img)[1].tobytes()


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[str, BackofficeClient, Backoffice]]:
    bo = Backoffice.open(str(tmp_path / "bo.sqlite3"), keys_path=tmp_path / "bo.keys")
    enrol(bo.engine, bo.keys, TERMINAL, secret=SECRET, division_code=DIVISION)
    create_staff(bo.engine, USER, "manager", PASSWORD, [DIVISION])
    server = ServerThread(create_app(bo))
    server.start()
    url = f"http://127.0.0.1:{server.port}"
    terminal = BackofficeClient(url, TERMINAL, SECRET)
    try:
        yield url, terminal, bo
    finally:
        terminal.close()
        server.stop()
        bo.engine.dispose()


@pytest.mark.timeout(120)
def test_login_review_approve_audit_in_chromium(live, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    url, terminal, bo = live
    body = application(**{"applicant.card": resident_card(age=17, name="刘小敏"),
                          "applicant.face_jpeg": base64.b64encode(face_jpeg()).decode(),
                          "applicant.signature_png": base64.b64encode(signature_png()).decode(),
                          "business.name": "潍城区小敏奶茶店"})
    filed = terminal.submit_registration(str(uuid.uuid4()), json.dumps(body, ensure_ascii=False).encode())
    assert filed.status == 201 and filed.body["status"] == "manual_review"
    case_id, token = filed.body["registration_id"], filed.body["receipt_token"]

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="zh-CN")
            page.goto(f"{url}/staff/queue")
            expect(page.get_by_role("heading", name="工作人员登录")).to_be_visible()
            page.get_by_label("用户名").fill(USER)
            page.get_by_label("密码").fill(PASSWORD)
            page.get_by_role("button", name="登录").click()

            expect(page.get_by_role("heading", name="审核队列")).to_be_visible()
            row = page.locator("table.list tbody tr", has_text="潍城区小敏奶茶店")
            expect(row).to_contain_text("经营者未满十八周岁")
            row.get_by_role("link").click()

            expect(page.get_by_role("heading", name="申请详情")).to_be_visible()
            expect(page.locator("dl")).to_contain_text(["刘小敏", "潍城区小敏奶茶店"])
            expect(page.locator("table.rules tr.fired")).to_contain_text(["age_minor"])
            assert page.locator("img.face").evaluate("img => img.complete && img.naturalWidth") == 300
            assert page.locator("img.signature").evaluate("img => img.naturalWidth") == 600
            shot = Path(os.environ.get("STAFF_SCREENSHOT_DIR", tmp_path)) / "staff-case-page.png"
            page.screenshot(path=str(shot), full_page=True)

            page.get_by_label("审核意见").fill("已核实劳动收入证明")
            page.locator("#approve").click()
            expect(page.get_by_role("status")).to_contain_text("已核准并赋码")
            uscc = page.locator(".uscc strong").inner_text()

            page.get_by_role("link", name="审计日志").click()
            entry = page.locator("table.audit tbody tr.action-approve")
            expect(entry).to_have_count(1)
            expect(entry).to_contain_text(USER)
            expect(entry).to_contain_text(case_id)
            expect(entry).to_contain_text("核准")
        finally:
            browser.close()

    looked_up = terminal.receipt(token)
    assert looked_up.status == 200 and looked_up.body["status"] == "approved"
    assert looked_up.body["uscc"] == uscc and len(uscc) == 18
    assert verify_license(looked_up.body["license"], bo.keys.license_public_pem)["name"] == "潍城区小敏奶茶店"
