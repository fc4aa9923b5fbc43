"""What the terminal tells the back office: a resident's 好差评 and the heartbeat, which nobody waits for (a lost
report is logged, never shown to a resident), and a call for staff (呼叫工作人员), whose delivery the resident
is told of."""

from __future__ import annotations

import logging
from typing import Any

from kiosk.backoffice_client import BackofficeClient, BackofficeUnreachable

log = logging.getLogger(__name__)

ALERT_CALL_STAFF = "call_staff"


class StaffCallFailed(Exception):
    """The call did not reach the back office; the resident is told to look for staff in the hall."""


class ReportService:
    def __init__(self, client: BackofficeClient) -> None:
        self._client = client

    def evaluation(self, body: dict[str, Any]) -> bool:
        """Send the body Session.evaluate returned; True if the back office recorded it."""
        return self._sent("evaluation", lambda: self._client.evaluate(body))

    def heartbeat(self, status: dict[str, Any]) -> bool:
        """Queue depth, device states and versions for the staff's terminals page; True if recorded."""
        return self._sent("heartbeat", lambda: self._client.heartbeat(status))

    def call_staff(self, screen: str) -> None:
        """Raise a call on the back office's terminals page (/staff/terminals). Nothing personal is sent: the
        terminal (from the signature) and the screen the resident is on. StaffCallFailed if not delivered."""
        try:
            reply = self._client.alert(ALERT_CALL_STAFF, {"screen": screen})
        except BackofficeUnreachable as exc:
            raise StaffCallFailed(str(exc)) from exc
        if not reply.ok:
            raise StaffCallFailed(f"HTTP {reply.status}")

    @staticmethod
    def _sent(what: str, send: Any) -> bool:
        try:
            reply = send()
        except BackofficeUnreachable as exc:
            log.warning("%s not sent: %s", what, exc)
            return False
        if not reply.ok:
            log.warning("%s not recorded: HTTP %s", what, reply.status)
        return reply.ok
