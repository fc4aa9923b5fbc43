"""查询办件: how an earlier submission is named in the resident's list. The back office's answer carries the
shop's name and the day it was filed; when it cannot be asked (offline, or the case is still queued here), the
day comes from the terminal's queue and the name from the stored application, which stays on the terminal
until it is delivered."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
from typing import Any

from kiosk.session import Result


def summarised(result: Result, created_at: float, stored_body: bytes | None) -> Result:
    """result with business_name and submitted_on filled from the queue where the back office gave none."""
    changes: dict[str, Any] = {}
    if not result.submitted_on:
        changes["submitted_on"] = dt.datetime.fromtimestamp(created_at).date().isoformat()
    if result.business_name is None and stored_body:
        # A body that is not the API's we know leaves the name out: the list shows the day and status only.
        with contextlib.suppress(ValueError, KeyError, TypeError, AttributeError):
            changes["business_name"] = json.loads(stored_body)["business"].get("name")
    return dataclasses.replace(result, **changes) if changes else result
