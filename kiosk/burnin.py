"""Burn-in: complete resident sessions, headless, through the real session flow and real simulated
devices (reader on a pty, synthetic face camera, printer writing PDFs), the durable queue and the back office.

After its own visit each resident comes back as at another terminal: scans the receipt (the token the printed
receipt or license carries), the case is looked up and, once approved, claimed with the card and the license
verified (not printed again); then the visit is rated. Both go through the same services (kiosk.services) the
Qt controller uses.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from domain.card import IdCard
from domain.qr_payloads import PENDING_TOKEN_PREFIX
from kiosk.paperwork import Paperwork
from kiosk.services.cases import PickupRefused
from kiosk.session import EVALUATION_LEVELS, Outcome, Result, Session
from kiosk.synthetic import synthetic_business, synthetic_card, synthetic_signature
from kiosk.terminal import Terminal

if TYPE_CHECKING:
    from kiosk.face.pipeline import FaceResult

STAGES = ("read_card", "face", "face_compare", "application", "submit", "decision", "print", "pickup", "rating")


@dataclass
class StageClock:
    totals: dict[str, float] = field(default_factory=lambda: defaultdict(float))

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.totals[name] += time.perf_counter() - start


class BurnInFailure(Exception):
    """One session could not complete; the message says at which step (no personal data)."""


def run_session(terminal: Terminal, paperwork: Paperwork, reader: Any, camera: Any,
                rng: random.Random, clock: StageClock) -> dict[str, Any]:
    """One resident, start to goodbye. Returns the JSON line for this session (no personal data)."""
    config = terminal.config
    card = synthetic_card(rng, config.division_code, dt.date.today())
    terminal.reader_simulator.insert(card)
    session = terminal.new_session()
    try:
        session.start()
        session.consent(personal_data=True, face_photo=True)
        with clock.stage("read_card"):
            read = reader.read_card()
        if read is None or read.id_number != card.id_number:
            raise BurnInFailure("the reader did not return the card placed on it")
        session.card_read(read)
        with clock.stage("face"):
            face = accepted_face(terminal, camera, rng, "face")
        session.face_captured(face.photo.jpeg, face.photo.quality, face.liveness_passed)
        with clock.stage("face_compare"):
            comparison = session.compare_identity()
        with clock.stage("application"):
            business = synthetic_business(rng, config.division_code)
            session.fill(scope=list(business.scope), address=business.address,
                         capital_yuan=business.capital_yuan, employees=business.employees, phone=business.phone)
            session.to_review()
            session.to_sign()
            signature = synthetic_signature(rng)
        with clock.stage("submit"):
            key = session.submit(signature)
        with clock.stage("decision"):
            result = session.await_result(key, config.decision_wait_s)
        with clock.stage("print"):
            for document in paperwork.documents(result, read, session.draft.name):
                job = terminal.printer.submit(document.pdf, document.title)
                terminal.printer.wait(job)
        with clock.stage("pickup"):
            pickup = pick_up(terminal, paperwork, result, read, session.draft.name, camera, rng)
        with clock.stage("rating"):
            session.to_evaluation()
            body = session.evaluate(rng.choice(EVALUATION_LEVELS))
            rated = body is not None and terminal.reports.evaluation(body)
        line: dict[str, Any] = {"status": result.outcome.value, "idempotency_key": key, "uscc": result.uscc,
                                "pickup": pickup, "rated": rated,
                                "face_band": comparison["band"] if comparison else None}
        if result.reasons:
            line["reasons"] = [code for code, _message in result.reasons]
        return line
    finally:
        session.wipe()
        terminal.reader_simulator.remove()


def pick_up(terminal: Terminal, paperwork: Paperwork, result: Result, card: IdCard, name: str | None,
            camera: Any, rng: random.Random) -> str:
    """The resident back with the receipt, as at another terminal: what that visit ended with. "claimed": the
    license was released to the card and the face (pickup_face_check: taken again and compared by the back
    office with the one filed) and verified; otherwise the case's state ("manual_review", "queued", ...)
    or why the look-up or claim ended in a notice ("offline", "not_found", "face_mismatch", ...)."""
    visit: Session = terminal.new_session()
    try:
        visit.start_scan()
        visit.receipt_scanned()
        try:
            found = terminal.cases.receipt_case(result.receipt_token or PENDING_TOKEN_PREFIX + result.idempotency_key)
            visit.pickup_found(found.case)
            if found.case.outcome is not Outcome.APPROVED or not found.receipt_token:
                return found.case.outcome.value
            face_jpeg = (accepted_face(terminal, camera, rng, "face at pick-up").photo.jpeg
                         if terminal.config.pickup_face_check else None)
            claimed = terminal.cases.claim(found.receipt_token, card.id_number, face_jpeg=face_jpeg)
        except PickupRefused as exc:
            return exc.state
        visit.claimed(card, claimed)
        documents = paperwork.documents(claimed, card, name)   # verifies the signature; not printed again
        if not documents or not documents[0].title.startswith("license-"):
            raise BurnInFailure("the claimed license could not be verified")
        return "claimed"
    finally:
        visit.wipe()


def accepted_face(terminal: Terminal, camera: Any, rng: random.Random, what: str) -> FaceResult:
    """A face taken as at the terminal: a failed capture or challenge is retaken, up to three times."""
    from kiosk.face.pipeline import capture_face

    for _attempt in range(3):
        face = capture_face(camera, liveness=terminal.config.liveness_required, rng=rng)
        if face.accepted:
            return face
    raise BurnInFailure(f"{what} not accepted after {face.frames} frames "
                        f"({', '.join(face.guidance_seen)}; {face.liveness_reason})")


def burn_in(terminal: Terminal, sessions: int, emit: Callable[[dict[str, Any]], None],
            rng: random.Random | None = None) -> dict[str, Any]:
    """Run the sessions one after another, emitting each as it is acknowledged, then the summary."""
    rng = rng or random.Random()
    paperwork = Paperwork(terminal.config, terminal.license_key.current)
    counts = {o.value: 0 for o in Outcome} | {"failed": 0}
    clock = StageClock()
    reader = terminal.open_reader()
    camera = terminal.open_camera()
    try:
        for n in range(1, sessions + 1):
            try:
                line = {"session": n} | run_session(terminal, paperwork, reader, camera, rng, clock)
                counts[line["status"]] += 1
            except Exception as exc:  # one failed session must not stop the burn-in; it is counted
                counts["failed"] += 1
                line = {"session": n, "status": "failed", "error": f"{type(exc).__name__}: {exc}"}
            emit(line)
    finally:
        reader.close()
        camera.close()
    queue = terminal.outbox.status()
    heartbeat = terminal.reports.heartbeat({"queue_depth": queue.pending + queue.in_flight})
    summary: dict[str, Any] = {"sessions": sessions, **counts, "heartbeat": heartbeat}
    summary["seconds_per_stage"] = {s: round(clock.totals[s] / max(sessions, 1), 4) for s in STAGES}
    return summary
