"""Working days as the State Council's yearly holiday notice sets them: public holidays off, 调休 make-up
weekend days on. The table is the `chinese-calendar` package's; a year it does not cover yet (the notice comes
out in November or December) falls back to Monday–Friday until the package is updated — logged once a year.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging

import chinese_calendar

log = logging.getLogger(__name__)


@functools.cache
def _warn_uncovered(year: int) -> None:
    log.warning("no holiday table for %d (update chinese-calendar): counting Monday–Friday as working days", year)


def is_working_day(day: dt.date) -> bool:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        _warn_uncovered(day.year)
        return day.weekday() < 5


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The day `days` working days after `start` (start itself not counted)."""
    day = start
    while days > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day
