"""One resend for a request the back office took for a replay."""

from __future__ import annotations

import time
from collections.abc import Callable

from kiosk.backoffice_client import Reply

_REPLAY = 401


def resent_once_on_replay(send: Callable[[], Reply]) -> Reply:
    """Send; on 401 send once more a second later. The HMAC signature covers the request and a timestamp to the
    second, so the same request signed twice within one second (a receipt scanned again at once, a card placed
    again) reads as a replay; the next second's signature does not. Goes away with per-request nonces."""
    reply = send()
    if reply.status == _REPLAY:
        time.sleep(1.0)
        reply = send()
    return reply
