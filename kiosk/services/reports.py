"""What the terminal tells the back office without anyone waiting for it: a resident's 好差评 and the heartbeat.
A lost report is logged, never shown to a resident."""

from __future__ import annotations

import logging
from typing import Any

from kiosk.backoffice_client import BackofficeClient, BackofficeUnreachable

log = logging.getLogger(__name__)


class ReportService:
    def __init__(self, client: BackofficeClient) -> None:
        self._client = client

    def evaluation(self, body: dict[str, Any]) -> bool:
        """Send the body Session.evaluate returned; True if the back office recorded it."""
        return self._sent("evaluation", lambda: self._client.evaluate(body))

    def heartbeat(self, status: dict[str, Any]) -> bool:
        """Queue depth, device states and versions for the staff's terminals page; True if recorded."""
        return self._sent("heartbeat", lambda: self._client.heartbeat(status))

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
