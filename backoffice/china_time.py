"""China Standard Time: the day a case is decided, filed or rated counts in China, wherever the server runs."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")


def today_in_china() -> dt.date:
    return dt.datetime.now(CHINA).date()


def china_day(moment: dt.datetime) -> dt.date:
    """The date in China of a stored timestamp (SQLite returns them naive, in UTC)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone(CHINA).date()
