"""呼叫工作人员: the resident asks for help at the terminal; the back office shows the call on its terminals page
(/staff/terminals) until staff have seen it. Nothing personal is sent: the terminal (from the signature) and
the screen the resident is on."""

from __future__ import annotations

import time
from typing import Any

from kiosk.backoffice_client import BackofficeClient, BackofficeUnreachable

ALERT_CALL_STAFF = "call_staff"


class StaffCallFailed(Exception):
    """The call did not reach the back office; the resident is told to look for staff in the hall."""


def call_staff(client: BackofficeClient, screen: str) -> dict[str, Any]:
    """Raise the call; returns the back office's answer, StaffCallFailed when it could not be delivered."""
    try:
        reply = client.alert(ALERT_CALL_STAFF, {"screen": screen})
        if reply.status == 401:
            # The same body signed twice within one second (a second tap) is a replay: sign it again.
            time.sleep(1.0)
            reply = client.alert(ALERT_CALL_STAFF, {"screen": screen})
    except BackofficeUnreachable as exc:
        raise StaffCallFailed(str(exc)) from exc
    if not reply.ok:
        raise StaffCallFailed(f"HTTP {reply.status}")
    return reply.body
