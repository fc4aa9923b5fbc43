"""The back office's current word on earlier submissions: a returning resident's records, the case behind a
scanned receipt, and the license claim with the applicant's card (pick-up at any terminal)."""

from __future__ import annotations

import base64
import dataclasses
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from domain.qr_payloads import PENDING_TOKEN_PREFIX
from kiosk.backoffice_client import BackofficeClient, BackofficeUnreachable, Reply
from kiosk.lookup import summarised
from kiosk.session import Outcome, Result, result_from_reply

if TYPE_CHECKING:
    from offline_queue.outbox import DeliveryResult, Outbox


class PickupRefused(Exception):
    """A receipt look-up or claim that ends in a notice instead of a case. `state` is what the PICKUP screen
    shows: "elsewhere" (a pending receipt of another terminal's queue), "not_found", "offline", "mismatch" (the
    card is not the applicant's), "throttled" (too many mismatches for this receipt), "face_mismatch" (the face
    at the terminal is not the applicant's), "face_unsure" (no sure face comparison: collect at the counter)."""

    def __init__(self, state: str) -> None:
        super().__init__(state)
        self.state = state


@dataclass(frozen=True)
class PickupCase:
    receipt_token: str     # the back office's token, "" while the case is still in this terminal's queue
    case: Result           # never with its license: that is released only to the applicant's card


_CLAIM_REFUSED = {403: "mismatch", 429: "throttled"}
_CLAIM_CODES = frozenset({"mismatch", "throttled", "face_mismatch", "face_unsure"})


class CaseService:
    def __init__(self, client: BackofficeClient, outbox: Outbox) -> None:
        self._client = client
        self._outbox = outbox

    def records_for(self, id_number: str) -> list[Result]:
        """The resident's submissions on this terminal, newest first, each as the back office sees it now and
        named by shop and day (kiosk.lookup)."""
        return [summarised(self.refreshed(entry), entry.created_at,
                           None if entry.receipt_token else self._outbox.body(entry.idempotency_key))
                for entry in self._outbox.results_for_applicant(id_number)]

    def refreshed(self, entry: DeliveryResult) -> Result:
        """An outbox entry as a Result, with the back office's current answer when it can be had (a case under
        review may have been approved since); what the queue knows otherwise."""
        if entry.receipt_token:
            try:
                reply = self._client.receipt(entry.receipt_token)
                if reply.ok:
                    return result_from_reply(entry.idempotency_key, reply.body)
            except BackofficeUnreachable:
                pass
        if entry.server_status:
            return Result(Outcome(entry.server_status), entry.idempotency_key, registration_id=entry.registration_id,
                          uscc=entry.uscc, receipt_token=entry.receipt_token)
        if entry.status == "dead":
            return Result(Outcome.REJECTED, entry.idempotency_key)
        return Result(Outcome.QUEUED, entry.idempotency_key)

    def receipt_case(self, token: str) -> PickupCase:
        """The case for a scanned receipt token. A "pending:" token names a case in this terminal's own queue;
        another terminal's is unknown here (PickupRefused "elsewhere")."""
        if token.startswith(PENDING_TOKEN_PREFIX):
            entry = self._outbox.result(token.removeprefix(PENDING_TOKEN_PREFIX))
            if entry is None:
                raise PickupRefused("elsewhere")
            if not entry.receipt_token:
                return PickupCase("", self.refreshed(entry))    # not delivered yet, or refused
            token = entry.receipt_token
        reply = self._answer(lambda: self._client.receipt(token))
        if reply.status == 404:
            raise PickupRefused("not_found")
        if not reply.ok:
            raise PickupRefused("offline")
        return PickupCase(token, dataclasses.replace(result_from_reply(token, reply.body), signed_license=None))

    def claim(self, receipt_token: str, id_number: str, *, face_jpeg: bytes | None = None) -> Result:
        """The case with its signed license if the card's number is the applicant's (PickupRefused otherwise).
        face_jpeg, the face taken at this terminal now, goes along for the back office to compare with the face
        filed with the application (same person collects)."""
        body: dict[str, str] = {"id_number": id_number}
        if face_jpeg is not None:
            body["face_photo"] = base64.b64encode(face_jpeg).decode("ascii")
        data = json.dumps(body).encode()
        reply = self._answer(lambda: self._client.request("POST", f"api/v1/receipts/{receipt_token}/claim", data))
        if reply.status in _CLAIM_REFUSED:
            code = reply.body.get("code") if isinstance(reply.body, dict) else None
            raise PickupRefused(code if code in _CLAIM_CODES else _CLAIM_REFUSED[reply.status])
        if not reply.ok:
            raise PickupRefused("offline")
        return result_from_reply(receipt_token, reply.body)

    @staticmethod
    def _answer(send: Callable[[], Reply]) -> Reply:
        try:
            return send()   # signing v2 gives every request a fresh nonce: never resent to dodge a "replay"
        except BackofficeUnreachable:
            raise PickupRefused("offline") from None
