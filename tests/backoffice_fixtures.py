"""Shared fixtures for the back-office tests: a throwaway PostgreSQL cluster, a fresh database per test on
either engine, a real HTTP server, and builders for valid application bodies.

Import explicitly: `from backoffice_fixtures import *` is avoided; tests import the names they use.
"""

from __future__ import annotations

import base64
import copy
import datetime as dt
import hashlib
import itertools
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from backoffice import throwaway_pg
from backoffice.app import Backoffice, create_app
from backoffice.embedded import ServerThread
from backoffice.settings import Settings
from backoffice.terminals import enrol
from backoffice.throwaway_pg import ThrowawayPostgres
from domain.ids import make_resident_id
from kiosk.backoffice_client import BackofficeClient

DIVISION = "370702"
TERMINAL = "T-TEST-01"
SECRET = "test-secret"
FACE_50KB = bytes(range(256)) * 200   # 51,200 bytes, as large as a real face crop
# For tests about everything but 人证比对 (their bodies carry no reference photo): a district that does not
# require the comparison. The face policy itself is tested in test_backoffice_face_policy.py.
IDENTITY_NOT_REQUIRED = Settings(face_match_required=False)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[ThrowawayPostgres]:
    """One PostgreSQL 15 cluster for the session; skipped only when Debian's binaries are absent."""
    if not throwaway_pg.available():
        pytest.skip("PostgreSQL 15 binaries not installed (/usr/lib/postgresql/15/bin)")
    cluster = ThrowawayPostgres().start()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database on each engine."""
    if request.param == "sqlite":
        return str(tmp_path / "backoffice.sqlite3")
    return request.getfixturevalue("pg_cluster").create_database()


@dataclass
class Running:
    bo: Backoffice
    url: str
    client: BackofficeClient

    def client_for(self, terminal_id: str, secret: str) -> BackofficeClient:
        return BackofficeClient(self.url, terminal_id, secret)


@pytest.fixture
def server(db_url: str, tmp_path: Path) -> Iterator[Running]:
    """A real back office over HTTP on the parametrised database, with one enrolled terminal."""
    yield from running_office(db_url, tmp_path)


def running_office(db_url: str, tmp_path: Path, settings: Settings = IDENTITY_NOT_REQUIRED) -> Iterator[Running]:
    """The `server` fixture's body, for fixtures that need other back-office settings."""
    yield from serve(Backoffice.open(db_url, keys_path=tmp_path / "backoffice.keys", settings=settings))


def serve(bo: Backoffice) -> Iterator[Running]:
    """Serve `bo` over HTTP with one enrolled terminal until the generator is closed."""
    enrol(bo.engine, bo.keys, TERMINAL, secret=SECRET, division_code=DIVISION)
    thread = ServerThread(create_app(bo))
    thread.start()
    url = f"http://127.0.0.1:{thread.port}/"
    client = BackofficeClient(url, TERMINAL, SECRET)
    try:
        yield Running(bo, url, client)
    finally:
        client.close()
        thread.stop()
        bo.engine.dispose()


_serial = itertools.count(1)


def resident_card(*, age: int = 35, valid_until: str | None = "2040-01-01", **overrides: Any) -> dict[str, Any]:
    """A valid resident card of someone exactly `age` years old, with a number no other card in this
    process has (so tests never share an applicant by accident)."""
    n = next(_serial)
    today = dt.date.today()
    birthday = today.replace(day=28) if (today.month, today.day) == (2, 29) else today
    birth = birthday.replace(year=today.year - age) - dt.timedelta(days=1 + n // 1000)
    number = make_resident_id(DIVISION, birth, n % 1000)
    card = {
        "card_type": "resident", "name": "张三", "gender": "男" if int(number[16]) % 2 else "女", "nation": "汉",
        "birth_date": birth.isoformat(), "id_number": number, "issuer": "潍坊市公安局潍城分局",
        "valid_from": "2020-01-01", "valid_until": valid_until,
        "photo_sha256": hashlib.sha256(number.encode()).hexdigest(),
        "address": "山东省潍坊市潍城区胜利西街1号",
    }
    card.update(overrides)
    return card


def application(**changes: Any) -> dict[str, Any]:
    """A rule-clean application body; `changes` maps dotted paths to new values, e.g.
    {"business.organization": "family"}; a value of DELETE removes the key."""
    body: dict[str, Any] = {
        "applicant": {
            "card": resident_card(),
            "phone": "13812345678",
            "face_jpeg": base64.b64encode(FACE_50KB).decode(),
            "face_quality": {"sharpness": 0.9},
            "liveness_passed": True,
            "signature_png": base64.b64encode(b"\x89PNG fake signature").decode(),
        },
        "business": {
            "name": None,
            "organization": "individual",
            "family_members": [],
            "scope": [],
            "premises": {"division_code": DIVISION, "address": "胜利西街100号"},
            "capital_yuan": 50000,
            "employees": 2,
        },
    }
    from domain import scopes

    body["business"]["scope"] = [next(i.code for i in scopes.catalogue() if not i.permit_required)]
    for path, value in changes.items():
        set_path(body, path, value)
    return body


def with_identity_photos(body: dict[str, Any], *, reference: str = "same") -> dict[str, Any]:
    """The body with a real live photo (the simulated camera's astronaut) and, as the terminal sends it, the
    card's decoded chip photo: of the same person ("same"), of someone else ("other", grace_hopper.jpg), or
    none ("none")."""
    import cv2
    import matplotlib.cbook
    import numpy as np

    from devices.camera.simulated import load_portrait
    from devices.idcard.photo import PHOTO_HEIGHT, PHOTO_WIDTH, simulated_chip_photo

    live = cv2.imencode(".jpg", load_portrait(), [cv2.IMWRITE_JPEG_QUALITY, 90])[1].tobytes()
    body = copy.deepcopy(body)
    body["applicant"]["face_jpeg"] = base64.b64encode(live).decode()
    if reference == "none":
        return body
    if reference == "same":
        chip = simulated_chip_photo()
    else:
        with matplotlib.cbook.get_sample_data("grace_hopper.jpg") as f:
            hopper = cv2.imdecode(np.frombuffer(f.read(), np.uint8), cv2.IMREAD_COLOR)
        chip = cv2.resize(hopper[80:420, 130:400], (PHOTO_WIDTH, PHOTO_HEIGHT), interpolation=cv2.INTER_AREA)
    body["applicant"]["reference_jpeg"] = base64.b64encode(cv2.imencode(".jpg", chip)[1].tobytes()).decode()
    return body


DELETE = object()


def set_path(body: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    node = body
    for p in parents:
        node = node[p]
    if value is DELETE:
        del node[last]
    else:
        node[last] = copy.deepcopy(value)


def encode(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False).encode()


def submit(running: Running, body: dict[str, Any] | bytes, key: str | None = None, *,
           terminal: tuple[str, str] = (TERMINAL, SECRET)) -> tuple[int, Any]:
    """POST a registration, signed by the terminal."""
    import requests

    from domain.signing import sign_headers

    raw = body if isinstance(body, bytes) else encode(body)
    path = "/api/v1/registrations"
    key = key or str(uuid.uuid4())
    headers = {"Content-Type": "application/json", "Idempotency-Key": key,
               **sign_headers(terminal[0], terminal[1], "POST", path, raw, idempotency_key=key)}
    resp = requests.post(running.url.rstrip("/") + path, data=raw, headers=headers, timeout=30)
    return resp.status_code, resp.json()
