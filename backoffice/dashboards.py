"""What the terminals and ratings pages summarise: terminal health from heartbeats, 好差评 figures.

满意率 follows the 好差评 practice in the research notes (section 5): 非常满意, 满意 and 基本满意 count as
satisfied, 不满意 and 非常不满意 are 差评.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, func, select

from backoffice.models import evaluations, registrations, terminal_alerts, terminal_status, terminals
from backoffice.schemas import LEVELS

STALE_AFTER = dt.timedelta(minutes=10)   # several missed heartbeats: the terminal is probably down
ALERT_SHOWN_FOR = dt.timedelta(minutes=30)   # a call for staff older than this has been answered or abandoned
# The terminal's screens (kiosk.session.Screen) in staff words, for "where is the resident who called".
SCREEN_ZH = {"home": "首页", "consent": "告知同意", "place_card": "读取身份证", "face": "拍摄面部照片",
             "application": "填写申请", "review": "核对信息", "sign": "签名", "submitting": "提交中",
             "result": "办理结果", "evaluation": "服务评价", "goodbye": "办理结束", "problem": "遇到问题",
             "lookup": "查询办件", "scan": "扫码", "pickup": "领取执照"}
# Device states that are not faults (heartbeats carry a word per device, or {"status": word, ...}).
_HEALTHY = frozenset({"ok", "ready", "idle", "online", "normal", "pass", "正常"})
SATISFIED_STARS = frozenset({5, 4, 3})
FOLLOW_UP_STATE_ZH = {"open": "待处理", "callback": "回访", "verifying": "核实", "rectifying": "整改",
                      "feedback": "反馈", "appeal": "申诉复核", "closed": "办结"}


@dataclass(frozen=True)
class TerminalHealth:
    terminal_id: str
    division_code: str
    active: bool
    seen_at: dt.datetime | None
    queue_depth: int | None
    faults: list[str]          # "printer: paper_out"
    versions: dict[str, Any]
    stale: bool


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def device_faults(devices: dict[str, Any]) -> list[str]:
    faults = []
    for name, state in sorted(devices.items()):
        word = state.get("status", state.get("state")) if isinstance(state, dict) else state
        if word is True or (isinstance(word, str) and word.strip().lower() in _HEALTHY):
            continue
        faults.append(f"{name}: {word}" if word not in (None, False) else f"{name}: 故障")
    return faults


def terminal_overview(engine: Engine, now: dt.datetime, divisions: frozenset[str]) -> list[TerminalHealth]:
    query = (select(terminals.c.terminal_id, terminals.c.division_code, terminals.c.active, terminal_status.c.seen_at,
                    terminal_status.c.queue_depth, terminal_status.c.devices_json, terminal_status.c.versions_json)
             .outerjoin(terminal_status, terminal_status.c.terminal_id == terminals.c.terminal_id)
             .where(terminals.c.division_code.in_(sorted(divisions)))
             .order_by(terminals.c.terminal_id))
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    out = []
    for r in rows:
        seen = _aware(r.seen_at) if r.seen_at else None
        devices = json.loads(r.devices_json) if r.devices_json else {}
        out.append(TerminalHealth(r.terminal_id, r.division_code, r.active, seen, r.queue_depth,
                                  device_faults(devices), json.loads(r.versions_json) if r.versions_json else {},
                                  seen is None or now - seen > STALE_AFTER))
    return out


@dataclass(frozen=True)
class StaffCall:
    terminal_id: str
    division_code: str
    raised_at: dt.datetime
    screen_zh: str


def recent_staff_calls(engine: Engine, now: dt.datetime, divisions: frozenset[str]) -> list[StaffCall]:
    """Calls for staff (呼叫工作人员) from terminals of these districts in the last ALERT_SHOWN_FOR, newest first."""
    query = (select(terminal_alerts.c.terminal_id, terminals.c.division_code, terminal_alerts.c.raised_at,
                    terminal_alerts.c.detail_json)
             .join(terminals, terminals.c.terminal_id == terminal_alerts.c.terminal_id)
             .where(terminal_alerts.c.kind == "call_staff", terminal_alerts.c.raised_at >= now - ALERT_SHOWN_FOR,
                    terminals.c.division_code.in_(sorted(divisions)))
             .order_by(terminal_alerts.c.raised_at.desc()))
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    calls = []
    for r in rows:
        screen = json.loads(r.detail_json).get("screen", "")
        calls.append(StaffCall(r.terminal_id, r.division_code, _aware(r.raised_at), SCREEN_ZH.get(screen, screen)))
    return calls


@dataclass(frozen=True)
class RatingSummary:
    counts: dict[str, int]    # level → number of ratings, all five levels present
    total: int

    @property
    def satisfied(self) -> int:
        return sum(n for level, n in self.counts.items() if LEVELS[level] in SATISFIED_STARS)

    @property
    def bad(self) -> int:
        return self.total - self.satisfied

    @property
    def satisfaction_rate(self) -> float | None:
        return self.satisfied / self.total if self.total else None


def rating_summary(engine: Engine, since: dt.datetime | None, divisions: frozenset[str]) -> RatingSummary:
    """Ratings of registrations in these districts."""
    query = (select(evaluations.c.level, func.count())
             .join(registrations, registrations.c.registration_id == evaluations.c.registration_id)
             .where(registrations.c.division_code.in_(sorted(divisions)))
             .group_by(evaluations.c.level))
    if since is not None:
        query = query.where(evaluations.c.created_at >= since)
    with engine.connect() as conn:
        found = {level: int(n) for level, n in conn.execute(query)}
    counts = {level: found.get(level, 0) for level in LEVELS}
    return RatingSummary(counts, sum(counts.values()))
