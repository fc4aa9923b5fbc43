"""Picking up a license with a receipt: the card at the terminal must be the applicant's (both engines)."""

from __future__ import annotations

import logging

import pytest
from backoffice_fixtures import (
    DIVISION,
    application,
    db_url,  # noqa: F401  (fixture)
    pg_cluster,  # noqa: F401  (fixture)
    server,  # noqa: F401  (fixture)
    submit,
)
from pickup_fixtures import post_json
from sqlalchemy import select

from backoffice import pickup
from backoffice.models import audit_log
from backoffice.terminals import enrol
from domain import scopes
from domain.license_signing import verify_license

PERMIT = next(i.code for i in scopes.catalogue() if i.permit_required)
WRONG = "370702199001011236"


def claim(running, token: str, id_number: str, terminal=("T-2", "s2")):
    enrol(running.bo.engine, running.bo.keys, terminal[0], secret=terminal[1], division_code=DIVISION)
    return post_json(running.client_for(*terminal), f"api/v1/receipts/{token}/claim", {"id_number": id_number})


def test_the_applicants_card_at_another_terminal_gets_the_signed_license(server) -> None:  # noqa: F811
    body = application()
    _, reply = submit(server, body)
    reply_ = claim(server, reply["receipt_token"], body["applicant"]["card"]["id_number"])
    assert reply_.status == 200 and reply_.body["status"] == "approved"
    fields = verify_license(reply_.body["license"], server.bo.keys.license_public_pem)
    assert fields["uscc"] == reply["uscc"] and fields["operator"] == body["applicant"]["card"]["name"]
    assert body["applicant"]["card"]["id_number"] not in repr(reply_.body)


def test_another_card_is_refused_in_chinese_and_counted(server, caplog) -> None:  # noqa: F811
    caplog.set_level(logging.DEBUG)
    _, reply = submit(server, application())
    refused = claim(server, reply["receipt_token"], WRONG)
    assert refused.status == 403 and "不一致" in refused.body["message_zh"]
    assert WRONG not in repr(refused.body) and WRONG not in caplog.text
    with server.bo.engine.connect() as conn:
        rows = conn.execute(select(audit_log).where(audit_log.c.action == pickup.MISMATCH_ACTION)).all()
    assert [(r.actor, r.registration_id) for r in rows] == [("T-2", reply["registration_id"])]
    assert all(WRONG not in r.detail for r in rows)


def test_a_case_under_review_answers_its_status_without_a_license(server) -> None:  # noqa: F811
    body = application(**{"business.scope": [PERMIT]})
    _, reply = submit(server, body)
    assert reply["status"] == "manual_review"
    found = claim(server, reply["receipt_token"], body["applicant"]["card"]["id_number"])
    assert found.status == 200 and found.body["status"] == "manual_review" and found.body["license"] is None


def test_repeated_mismatches_lock_the_receipt_even_for_the_right_card(server) -> None:  # noqa: F811
    body = application()
    _, reply = submit(server, body)
    token = reply["receipt_token"]
    for n in range(pickup.MAX_MISMATCHES):   # at several terminals: the count is the receipt's
        assert claim(server, token, WRONG, (f"T-{n}", f"s{n}")).status == 403
    locked = claim(server, token, body["applicant"]["card"]["id_number"])
    assert locked.status == 429 and "次数过多" in locked.body["message_zh"] and locked.retry_after_s
    # Another receipt is not affected.
    other = application()
    _, reply2 = submit(server, other)
    assert claim(server, reply2["receipt_token"], other["applicant"]["card"]["id_number"]).status == 200


@pytest.mark.parametrize("raw", [b"", b"[]", b'{"id_number": 5}', b'{"id_number": "' + b"1" * 40 + b'"}'])
def test_a_malformed_body_is_422_without_echoing_it(server, raw: bytes) -> None:  # noqa: F811
    _, reply = submit(server, application())
    answer = server.client.request("POST", f"api/v1/receipts/{reply['receipt_token']}/claim", raw)
    assert answer.status == 422 and "1111111111" not in repr(answer.body)


def test_unknown_receipts_and_unsigned_claims(server) -> None:  # noqa: F811
    assert post_json(server.client, "api/v1/receipts/no-such-token/claim", {"id_number": WRONG}).status == 404
    import requests

    unsigned = requests.post(server.url + "api/v1/receipts/x/claim", json={"id_number": WRONG}, timeout=10)
    assert unsigned.status_code == 401


def test_receipt_lookup_gives_the_license_only_to_the_filing_terminal(server) -> None:  # noqa: F811
    from backoffice.terminals import enrol

    status, reply = submit(server, application())
    assert status == 201 and reply["status"] == "approved"
    own = server.client.receipt(reply["receipt_token"]).body
    assert own["status"] == "approved" and own["license"] is not None
    secret = enrol(server.bo.engine, server.bo.keys, "T-OTHER", division_code="370702")
    other = server.client_for("T-OTHER", secret)
    try:
        elsewhere = other.receipt(reply["receipt_token"]).body
    finally:
        other.close()
    assert elsewhere["status"] == "approved" and elsewhere["uscc"] == reply["uscc"]
    assert elsewhere["license"] is None


# --- same person collects: the face at the terminal against the face filed with the application ------------

def _jpeg_b64(image) -> str:
    import base64

    import cv2

    return base64.b64encode(cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 85])[1].tobytes()).decode()


def _claim_with_face(running, token: str, id_number: str, face_b64: str | None, terminal=("T-3", "s3")):
    enrol(running.bo.engine, running.bo.keys, terminal[0], secret=terminal[1], division_code=DIVISION)
    body = {"id_number": id_number} | ({"face_photo": face_b64} if face_b64 is not None else {})
    return post_json(running.client_for(*terminal), f"api/v1/receipts/{token}/claim", body)


def _filed(server):  # noqa: F811
    from backoffice_fixtures import with_identity_photos

    body = with_identity_photos(application(), reference="none")   # filed with the astronaut's live photo
    _, reply = submit(server, body)
    assert reply["status"] == "approved"
    return body["applicant"]["card"]["id_number"], reply


def test_the_same_resident_collects_and_a_different_face_is_refused(server) -> None:  # noqa: F811
    import cv2
    from face_fixtures import astronaut_renderer, grace_hopper

    id_number, reply = _filed(server)
    token = reply["receipt_token"]
    someone_else = _claim_with_face(server, token, id_number, _jpeg_b64(grace_hopper()))
    assert someone_else.status == 403 and "人像" in someone_else.body["message_zh"]
    # The applicant again, at another terminal's camera: a whole frame, not the filed crop.
    frame = astronaut_renderer().render(scale=0.9)
    same = _claim_with_face(server, token, id_number, _jpeg_b64(cv2.GaussianBlur(frame, (3, 3), 0)))
    assert same.status == 200 and same.body["status"] == "approved"
    assert verify_license(same.body["license"], server.bo.keys.license_public_pem)["uscc"] == reply["uscc"]
    with server.bo.engine.connect() as conn:
        details = [r.detail for r in conn.execute(select(audit_log).where(
            audit_log.c.action == pickup.MISMATCH_ACTION)).all()]
    assert details == ["领照人像核验不符"]


def test_a_face_photo_without_a_face_is_refused_not_waved_through(server) -> None:  # noqa: F811
    import cv2
    import skimage.data

    id_number, reply = _filed(server)
    coffee = cv2.cvtColor(skimage.data.coffee(), cv2.COLOR_RGB2BGR)
    refused = _claim_with_face(server, reply["receipt_token"], id_number, _jpeg_b64(coffee))
    assert refused.status == 403 and "窗口" in refused.body["message_zh"]
    bad = _claim_with_face(server, reply["receipt_token"], id_number, "not base64!")
    assert bad.status == 422


def test_policy_can_require_a_face_photo_at_pick_up(db_url, tmp_path) -> None:  # noqa: F811
    import dataclasses

    from backoffice_fixtures import IDENTITY_NOT_REQUIRED, serve

    from backoffice.app import Backoffice

    settings = dataclasses.replace(IDENTITY_NOT_REQUIRED, pickup_face_required=True)
    for running in serve(Backoffice.open(db_url, keys_path=tmp_path / "k.keys", settings=settings)):
        id_number, reply = _filed(running)
        refused = _claim_with_face(running, reply["receipt_token"], id_number, None)
        assert refused.status == 422 and "人像" in refused.body["message_zh"]
