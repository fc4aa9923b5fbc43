"""Credit codes and the license QR from the provincial registration system (a real HTTP server on localhost
standing in for it): an approval while the province is down waits in the outbox, shown to the terminal as
pending ('approved, license being issued'), and is issued exactly once after the province returns."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from backoffice_fixtures import (
    DIVISION,
    Running,
    application,
    db_url,  # noqa: F401  (fixture)
    pg_cluster,  # noqa: F401  (fixture)
    running_office,
    submit,
)

from backoffice import review
from backoffice.issuance import OutboxWorker
from backoffice.settings import Settings
from backoffice.staff import Role, Staff
from domain.license_signing import verify_license
from domain.uscc import body_from_serial, make_uscc


class FakeProvince:
    """The provincial system's issuing endpoint: one credit code and 市场主体身份码 per Idempotency-Key."""

    def __init__(self) -> None:
        self.issued: dict[str, str] = {}
        self.posts = 0
        self.drop_answers = 0        # issue, then close the connection without answering (a lost reply)
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        probe = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
        self.port = probe.server_address[1]
        probe.server_close()          # down until start(): connections are refused

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def start(self) -> None:
        province = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                key = self.headers["Idempotency-Key"]
                assert self.path == "/api/registrations" and key == body["registration_id"]
                with province._lock:
                    province.posts += 1
                    if key not in province.issued:
                        province.issued[key] = make_uscc(body["division_code"],
                                                         body_from_serial(900_000 + len(province.issued)))
                    uscc = province.issued[key]
                    if province.drop_answers:
                        province.drop_answers -= 1
                        self.close_connection = True
                        self.connection.close()
                        return
                answer = json.dumps({"uscc": uscc, "identity_code": f"SCJG-ID:{uscc}"}).encode()
                self.send_response(201)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


@pytest.fixture
def province() -> Iterator[FakeProvince]:
    fake = FakeProvince()
    yield fake
    fake.stop()


@pytest.fixture
def office(db_url: str, tmp_path: Path, province: FakeProvince) -> Iterator[Running]:  # noqa: F811
    settings = Settings(province_url=province.url, province_timeout_s=1.0, outbox_poll_s=0.1,
                        face_match_required=False)
    for running in running_office(db_url, tmp_path, settings):
        # The test server runs without lifespan events, so the outbox worker is started here.
        worker = OutboxWorker(running.bo.engine, running.bo.keys, running.bo.authority, settings.outbox_poll_s)
        worker.start()
        try:
            yield running
        finally:
            worker.stop()


def _current(office: Running, registration_id: str) -> dict:
    return office.client.registration(registration_id).body


def _wait_issued(office: Running, registration_id: str, timeout_s: float = 20) -> dict:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        time.sleep(1.05)    # a signed request may not repeat within the same second (replay refusal)
        reply = _current(office, registration_id)
        if reply["status"] == "approved":
            return reply
    raise AssertionError("the case was never issued")


def test_province_up_issues_at_once_with_its_identity_code(office: Running, province: FakeProvince) -> None:
    province.start()
    _, reply = submit(office, application())
    assert reply["status"] == "approved"
    fields = verify_license(reply["license"], office.bo.keys.license_public_pem)
    assert fields["uscc"] == reply["uscc"] == province.issued[reply["registration_id"]]
    assert fields["identity_code"] == f"SCJG-ID:{reply['uscc']}"    # the QR the terminal prints


def test_approval_while_the_province_is_down_is_issued_once_after_it_returns(office: Running,
                                                                          province: FakeProvince) -> None:
    _, reply = submit(office, application())
    assert reply["status"] == "manual_review" and reply["uscc"] is None and reply["license"] is None
    assert [r["code"] for r in reply["reasons"]] == ["license_issuing"]
    assert "已核准" in reply["reasons"][0]["message"]
    time.sleep(1.05)                                     # the worker keeps trying against a closed port
    assert _current(office, reply["registration_id"])["status"] == "manual_review"
    province.start()
    issued = _wait_issued(office, reply["registration_id"])
    assert issued["uscc"] == province.issued[reply["registration_id"]]
    assert verify_license(issued["license"], office.bo.keys.license_public_pem)["uscc"] == issued["uscc"]
    posts = province.posts
    time.sleep(0.5)                                      # nothing is asked again once issued
    assert province.posts == posts and list(province.issued) == [reply["registration_id"]]


def test_a_lost_answer_is_asked_again_and_gets_the_same_code(office: Running, province: FakeProvince) -> None:
    province.drop_answers = 3    # the province issues but its answers never arrive, three times
    province.start()
    _, reply = submit(office, application())
    assert reply["status"] == "manual_review"
    issued = _wait_issued(office, reply["registration_id"])
    assert province.posts >= 4 and list(province.issued.values()) == [issued["uscc"]]


def test_a_staff_approval_while_the_province_is_down_waits_and_is_issued_once(office: Running,
                                                                             province: FakeProvince) -> None:
    _, reply = submit(office, application(**{"business.scope": ["F1041"]}))   # a 许可 item: to a person
    assert [r["code"] for r in reply["reasons"]] == ["scope_permit_required"]
    bo = office.bo
    clerk = Staff("li", Role.REVIEWER, frozenset({DIVISION}))
    assert review.approve(bo.engine, bo.keys, bo.checks, bo.settings, reply["registration_id"], clerk, "核实无误",
                          None, bo.authority) is None                          # no code while the province is down
    assert review.case(bo.engine, bo.keys, reply["registration_id"],
                       clerk.divisions).row.status_zh == "已核准，待省级系统赋码"
    province.start()
    issued = _wait_issued(office, reply["registration_id"])
    assert list(province.issued.values()) == [issued["uscc"]]
