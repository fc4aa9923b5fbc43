"""kiosk.services against a real back office over HTTP: what the pick-up screen and the burn-in are told for
each answer of a receipt look-up and a license claim."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from backoffice_fixtures import (
    FACE_50KB,
    application,
    db_url,  # noqa: F401  (fixture)
    pg_cluster,  # noqa: F401  (fixture)
    server,  # noqa: F401  (fixture)
    submit,
)
from queue_fixtures import free_port

from backoffice import pickup
from domain.license_signing import verify_license
from kiosk.backoffice_client import BackofficeClient
from kiosk.services.cases import CaseService, PickupRefused
from kiosk.session import Outcome
from offline_queue.outbox import Outbox

WRONG = "370702199001011236"
sqlite_only = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@pytest.fixture
def outbox(tmp_path: Path) -> Iterator[Outbox]:
    box = Outbox.open(tmp_path / "queue.sqlite3", tmp_path / "queue.key")
    yield box
    box.close()


def _face_at_the_camera(renderer=None) -> bytes:
    """The photo the pick-up screen takes: the kiosk's own capture with liveness, from a simulated camera
    showing the applicant (the astronaut, as at application time) or someone else."""
    import random

    from devices.camera.simulated import SimulatedCamera
    from kiosk.face.pipeline import capture_face

    camera = SimulatedCamera(renderer=renderer)
    try:
        face = capture_face(camera, liveness=True, rng=random.Random(7))
    finally:
        camera.close()
    assert face.accepted
    return face.photo.jpeg


@sqlite_only
def test_the_same_resident_collects_and_a_different_face_is_refused(server, outbox) -> None:  # noqa: F811
    from backoffice_fixtures import with_identity_photos
    from face_fixtures import grace_hopper_renderer

    body = with_identity_photos(application(), reference="none")   # filed with the astronaut's live photo
    _, reply = submit(server, body)
    id_number = body["applicant"]["card"]["id_number"]
    cases = CaseService(server.client, outbox)
    found = cases.receipt_case(reply["receipt_token"])
    assert found.case.outcome is Outcome.APPROVED and found.case.signed_license is None
    with pytest.raises(PickupRefused) as refused:   # the right card in someone else's hand
        cases.claim(found.receipt_token, id_number, face_jpeg=_face_at_the_camera(grace_hopper_renderer()))
    assert refused.value.state == "face_mismatch"
    claimed = cases.claim(found.receipt_token, id_number, face_jpeg=_face_at_the_camera())
    assert verify_license(claimed.signed_license, server.bo.keys.license_public_pem)["uscc"] == reply["uscc"]


@sqlite_only
def test_a_face_that_cannot_be_compared_is_sent_to_the_counter(server, outbox) -> None:  # noqa: F811
    body = application()   # filed with a placeholder instead of a face: nothing to compare with
    _, reply = submit(server, body)
    cases = CaseService(server.client, outbox)
    with pytest.raises(PickupRefused) as refused:
        cases.claim(reply["receipt_token"], body["applicant"]["card"]["id_number"], face_jpeg=FACE_50KB)
    assert refused.value.state == "face_unsure"
    claimed = cases.claim(reply["receipt_token"], body["applicant"]["card"]["id_number"])   # no face: as before
    assert claimed.signed_license is not None


@sqlite_only
def test_the_same_receipt_looked_up_twice_at_once_is_answered_twice(server, outbox) -> None:  # noqa: F811
    _, reply = submit(server, application())
    cases = CaseService(server.client, outbox)
    first, second = cases.receipt_case(reply["receipt_token"]), cases.receipt_case(reply["receipt_token"])
    assert first == second


@sqlite_only
def test_refusals_become_the_notices_the_pickup_screen_shows(server, outbox, tmp_path) -> None:  # noqa: F811
    _, reply = submit(server, application())
    cases = CaseService(server.client, outbox)
    token = reply["receipt_token"]
    for _ in range(pickup.MAX_MISMATCHES):
        with pytest.raises(PickupRefused) as refused:
            cases.claim(token, WRONG)
        assert refused.value.state == "mismatch"
    with pytest.raises(PickupRefused) as refused:
        cases.claim(token, WRONG)
    assert refused.value.state == "throttled"
    with pytest.raises(PickupRefused) as refused:
        cases.receipt_case("NoSuchReceiptToken123")
    assert refused.value.state == "not_found"
    with pytest.raises(PickupRefused) as refused:
        cases.receipt_case("pending:0b7e2f0e-6a43-4f0e-9d37-1f1c8f6f1a11")   # another terminal's queue
    assert refused.value.state == "elsewhere"
    unreachable = CaseService(BackofficeClient(f"http://127.0.0.1:{free_port()}/", "T", "s", 2.0), outbox)
    with pytest.raises(PickupRefused) as refused:
        unreachable.receipt_case(token)
    assert refused.value.state == "offline"
