"""Service ratings (好差评) and the follow-up items a 差评 opens (回访, 核实, 整改, 反馈, 申诉复核)."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, insert, select, update

from backoffice.china_time import china_day
from backoffice.keys import KeyRing
from backoffice.models import evaluations, follow_up_events, follow_ups, registrations
from backoffice.schemas import LEVELS, EvaluationIn, EvaluationOut
from backoffice.workdays import add_working_days

BAD_STARS = 2   # 不满意 (2★) and 非常不满意 (1★) are 差评 and open a follow-up
# The work-item states; a follow-up is open until it reaches one of CLOSED_STATES.
STATES = ("open", "callback", "verifying", "rectifying", "feedback", "appeal", "closed")
CLOSED_STATES = frozenset({"closed"})


class UnknownRegistration(LookupError):
    pass


class RatingWindowClosed(Exception):
    """The case was decided more than the window's working days ago (HTTP 410)."""

    def __init__(self, until: dt.date) -> None:
        super().__init__(f"ratings for this case were accepted until {until.isoformat()}")
        self.until = until


def rating_until(decided_or_filed: dt.datetime, window_working_days: int) -> dt.date:
    """The last day a rating is accepted: the window counts working days from the day the case was decided
    (or filed, while it is still pending), in China."""
    return add_working_days(china_day(decided_or_filed), window_working_days)


@dataclass(frozen=True)
class FollowUp:
    follow_up_id: str
    evaluation_id: str
    registration_id: str
    state: str
    owner: str | None
    due_date: dt.date
    stars: int
    overdue: bool


def record_evaluation(conn: Connection, keys: KeyRing, terminal_id: str, ev: EvaluationIn, today: dt.date,
                      working_days: int, *, window_working_days: int | None = None,
                      supplementary: bool = False) -> EvaluationOut:
    exists = conn.execute(select(registrations.c.registration_id, registrations.c.created_at,
                                 registrations.c.decided_at).where(
        registrations.c.registration_id == ev.registration_id)).first()
    if exists is None:
        raise UnknownRegistration(ev.registration_id)
    if window_working_days is not None:
        until = rating_until(exists.decided_at or exists.created_at, window_working_days)
        if today > until:
            raise RatingWindowClosed(until)
    now = dt.datetime.now(dt.UTC)
    stars = LEVELS[ev.level]
    evaluation_id = uuid.uuid4().hex
    conn.execute(insert(evaluations).values(
        evaluation_id=evaluation_id, registration_id=ev.registration_id, terminal_id=terminal_id,
        stars=stars, level=ev.level, tags_json=json.dumps(ev.tags, ensure_ascii=False),
        comment_sealed=keys.seal(ev.comment.encode()) if ev.comment else None, created_at=now,
        indicators_json=json.dumps(ev.indicators, ensure_ascii=False),
        reasons_json=json.dumps(ev.reasons, ensure_ascii=False), supplementary=supplementary))
    if stars > BAD_STARS:
        return EvaluationOut(evaluation_id=evaluation_id, follow_up_id=None, follow_up_due=None)
    follow_up_id = uuid.uuid4().hex
    due = add_working_days(today, working_days)
    conn.execute(insert(follow_ups).values(
        follow_up_id=follow_up_id, evaluation_id=evaluation_id, registration_id=ev.registration_id,
        state="open", owner=None, due_date=due, created_at=now))
    conn.execute(insert(follow_up_events).values(
        follow_up_id=follow_up_id, at=now, actor="system", state="open", note=f"差评（{ev.level}）自动立项"))
    return EvaluationOut(evaluation_id=evaluation_id, follow_up_id=follow_up_id, follow_up_due=due)


def list_follow_ups(engine: Engine, today: dt.date, *, open_only: bool = True) -> list[FollowUp]:
    query = (select(follow_ups, evaluations.c.stars)
             .join(evaluations, evaluations.c.evaluation_id == follow_ups.c.evaluation_id)
             .order_by(follow_ups.c.due_date))
    if open_only:
        query = query.where(follow_ups.c.state.not_in(CLOSED_STATES))
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return [FollowUp(r.follow_up_id, r.evaluation_id, r.registration_id, r.state, r.owner, r.due_date, r.stars,
                     r.state not in CLOSED_STATES and r.due_date < today) for r in rows]


def advance_follow_up(engine: Engine, follow_up_id: str, state: str, actor: str, note: str,
                      owner: str | None = None) -> None:
    """Move a follow-up to a new state with a logged note (the 台账); owner optionally (re)assigned."""
    if state not in STATES:
        raise ValueError(f"unknown follow-up state {state!r}")
    now = dt.datetime.now(dt.UTC)
    values: dict[str, object] = {"state": state, "closed_at": now if state in CLOSED_STATES else None}
    if owner is not None:
        values["owner"] = owner
    with engine.begin() as conn:
        done = conn.execute(update(follow_ups).where(follow_ups.c.follow_up_id == follow_up_id).values(**values))
        if done.rowcount != 1:
            raise LookupError(follow_up_id)
        conn.execute(insert(follow_up_events).values(follow_up_id=follow_up_id, at=now, actor=actor, state=state,
                                                     note=note))
