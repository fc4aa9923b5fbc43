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
