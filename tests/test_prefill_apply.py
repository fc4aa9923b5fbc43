"""The public /apply page: a resident's fields come back as a signed "kiosk-apply:" QR a terminal accepts."""

from __future__ import annotations

import base64
import json
import re

import pytest
import requests
from backoffice_fixtures import (
    application,
    db_url,  # noqa: F401  (fixture)
    pg_cluster,  # noqa: F401  (fixture)
    server,  # noqa: F401  (fixture)
    submit,
)
from pickup_fixtures import render_svg

from devices.qr.scanner import QrScanner
from domain import scopes
from domain.application import Organization
from domain.license_signing import LicenseSignatureError, verify_license
from domain.prefill import Prefill
from domain.qr_payloads import QrPayloadError, parse_prefill_payload, prefill_payload

SCOPE = [i.code for i in scopes.catalogue() if not i.permit_required][:2]
FIELDS = {"division_code": "370702", "name": "潍坊市潍城区李记便利店", "organization": "individual",
          "scope": SCOPE, "address": "胜利西街100号", "capital": "50000", "employees": "2", "phone": "13812345678"}


def post(server, **changes) -> requests.Response:   # noqa: F811
    return requests.post(server.url + "apply", data=FIELDS | changes, timeout=10)


def scanned(html: str) -> str:
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    codes = QrScanner().scan(render_svg(svg))
    assert len(codes) == 1
    return codes[0]


def test_the_page_renders_without_login_or_script(server) -> None:  # noqa: F811
    page = requests.get(server.url + "apply", timeout=10)
    assert page.status_code == 200 and "手机预填申请" in page.text
    assert "潍坊市潍城区" in page.text and "日用百货销售" in page.text
    assert "<script" not in page.text and "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert page.headers["Cache-Control"] == "no-store"


def test_fields_become_a_qr_that_the_terminal_verifies_with_the_back_office_key(server) -> None:  # noqa: F811
    page = post(server)
    assert page.status_code == 200 and "申请二维码已生成" in page.text
    payload = scanned(page.text)
    keys = requests.get(server.url + "api/v1/keys/license", timeout=10).json()
    prefill = Prefill.from_fields(parse_prefill_payload(payload, keys["apply_public_key_pem"].encode()))
    assert prefill == Prefill("370702", "潍坊市潍城区李记便利店", Organization.INDIVIDUAL, tuple(SCOPE),
                              "胜利西街100号", 50000, 2, "13812345678")


def test_a_tampered_code_is_refused_at_the_terminal(server) -> None:  # noqa: F811
    payload = scanned(post(server).text)
    public_key = server.bo.keys.apply_public_pem
    encoded = payload.removeprefix("kiosk-apply:")
    signed = json.loads(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
    signed["fields"]["address"] = "胜利西街999号"
    with pytest.raises(QrPayloadError) as refused:
        parse_prefill_payload(prefill_payload(signed), public_key)
    assert "无效或已被改动" in refused.value.message_zh


def test_a_signed_license_is_not_an_application_and_an_application_is_not_a_license(server) -> None:  # noqa: F811
    keys = server.bo.keys
    assert keys.apply_public_pem != keys.license_public_pem
    _, reply = submit(server, application())
    assert verify_license(reply["license"], keys.license_public_pem)["uscc"]
    for key in (keys.apply_public_pem, keys.license_public_pem):
        with pytest.raises(QrPayloadError):
            parse_prefill_payload(prefill_payload(reply["license"]), key)
    encoded = scanned(post(server).text).removeprefix("kiosk-apply:")
    applied = json.loads(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
    for key in (keys.apply_public_pem, keys.license_public_pem):     # the /apply page never signs a license
        with pytest.raises(LicenseSignatureError):
            verify_license(applied, key)
        with pytest.raises(LicenseSignatureError):
            verify_license({**applied, "kind": "license"}, key)


@pytest.mark.parametrize(("changes", "message"), [
    ({"address": "胜利西街"}, "门牌号"),
    ({"scope": []}, "请至少选择一项经营范围"),
    ({"scope": ["X9999"]}, "不在规范表述目录"),
    ({"phone": "12345"}, "11位手机号码"),
    ({"name": "潍坊市潍城区中国便利店"}, "中国"),
    ({"capital": "五万"}, "资金数额"),
    ({"division_code": "110101"}, "区县"),
    ({"address": "青岛市市南区香港中路100号"}, "不在本辖区"),
])
def test_what_the_rules_refuse_is_shown_in_chinese_with_the_entries_kept(server, changes, message) -> None:  # noqa: F811
    page = post(server, **changes)
    assert page.status_code == 422 and message in page.text and "<svg" not in page.text
    assert "胜利西街" in page.text or "address" in changes


def test_optional_fields_may_stay_empty(server) -> None:  # noqa: F811
    page = post(server, name="", capital="", phone="")
    prefill = Prefill.from_fields(parse_prefill_payload(scanned(page.text), server.bo.keys.apply_public_pem))
    assert (prefill.name, prefill.capital_yuan, prefill.phone) == (None, 0, "")
