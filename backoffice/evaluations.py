"""Service ratings (好差评) and the follow-up items a 差评 opens (回访, 核实, 整改, 反馈, 申诉复核)."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from backoffice.audit import Action
from backoffice.china_time import china_day
from backoffice.keys import KeyRing
from backoffice.models import audit_log, evaluations, follow_up_events, follow_ups, registrations
from backoffice.schemas import LEVELS, EvaluationIn, EvaluationOut
from backoffice.workdays import add_working_days

BAD_STARS = 2   # 不满意 (2★) and 非常不满意 (1★) are 差评 and open a follow-up
# The work-item states; a follow-up is open until it reaches one of CLOSED_STATES.
STATES = ("open", "callback", "verifying", "rectifying", "feedback", "appeal", "closed")
CLOSED_STATES = frozenset({"closed"})


class UnknownRegistration(LookupError):
    pass


class RatingRefused(Exception):
    """409 already rated, 403 not this terminal's to rate, 410 the rating window has passed."""

    def __init__(self, status: int, detail: str, message_zh: str) -> None:
        super().__init__(detail)
        self.status, self.message_zh = status, message_zh


def already_rated() -> RatingRefused:
    return RatingRefused(409, "this registration has been rated already", "该办件已评价过，感谢您的反馈")


# Audit actions that show a terminal matched the applicant's card for a registration it did not file.
CARD_MATCHED_ACTIONS = (Action.LICENSE_CLAIMED.value, Action.CLAIM_MATCHED.value)



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


def _may_rate(conn: Connection, terminal_id: str, row: Any) -> bool:
    """The filing terminal, or one where the applicant's card matched the registration (the claim path)."""
    if row.terminal_id == terminal_id:
        return True
    return conn.execute(select(audit_log.c.audit_id).where(
        audit_log.c.registration_id == row.registration_id, audit_log.c.actor == terminal_id,
        audit_log.c.action.in_(CARD_MATCHED_ACTIONS)).limit(1)).first() is not None


def record_evaluation(conn: Connection, keys: KeyRing, terminal_id: str, ev: EvaluationIn, today: dt.date,
                      working_days: int, *, window_working_days: int, supplementary: bool = False) -> EvaluationOut:
    """One rating per registration, within `window_working_days` working days of its decision, from the filing
    terminal or one where the applicant's card matched (a supplementary rating comes through the receipt after
    the card matched in the same request)."""
    row = conn.execute(select(registrations.c.registration_id, registrations.c.terminal_id,
                              registrations.c.created_at, registrations.c.decided_at).where(
        registrations.c.registration_id == ev.registration_id)).first()
    if row is None:
        raise UnknownRegistration(ev.registration_id)
    if not supplementary and not _may_rate(conn, terminal_id, row):
        raise RatingRefused(403, "only the filing terminal, or one where the applicant's card matched, may rate",
                            "请在办理该业务的终端评价，或先刷申请人本人身份证核验")
    until = rating_until(row.decided_at or row.created_at, window_working_days)
    if today > until:
        raise RatingRefused(410, f"ratings for this case were accepted until {until.isoformat()}",
                            f"该办件的评价期限已过（截至{until:%Y年%m月%d日}）")
    if conn.execute(select(evaluations.c.evaluation_id).where(
            evaluations.c.registration_id == ev.registration_id)).first() is not None:
        raise already_rated()
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


def list_follow_ups(engine: Engine, today: dt.date, divisions: frozenset[str], *,
                    open_only: bool = True) -> list[FollowUp]:
    """The follow-ups of registrations in these districts, soonest due first."""
    query = (select(follow_ups, evaluations.c.stars)
             .join(evaluations, evaluations.c.evaluation_id == follow_ups.c.evaluation_id)
             .join(registrations, registrations.c.registration_id == follow_ups.c.registration_id)
             .where(registrations.c.division_code.in_(sorted(divisions)))
             .order_by(follow_ups.c.due_date))
    if open_only:
        query = query.where(follow_ups.c.state.not_in(CLOSED_STATES))
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return [FollowUp(r.follow_up_id, r.evaluation_id, r.registration_id, r.state, r.owner, r.due_date, r.stars,
                     r.state not in CLOSED_STATES and r.due_date < today) for r in rows]


def advance_follow_up(engine: Engine, follow_up_id: str, state: str, actor: str, note: str,
                      divisions: frozenset[str], owner: str | None = None) -> None:
    """Move a follow-up of these districts to a new state with a logged note (the 台账); owner optionally
    (re)assigned. LookupError when there is no such follow-up in these districts."""
    if state not in STATES:
        raise ValueError(f"unknown follow-up state {state!r}")
    now = dt.datetime.now(dt.UTC)
    values: dict[str, object] = {"state": state, "closed_at": now if state in CLOSED_STATES else None}
    if owner is not None:
        values["owner"] = owner
    in_districts = select(registrations.c.registration_id).where(
        registrations.c.division_code.in_(sorted(divisions)))
    with engine.begin() as conn:
        done = conn.execute(update(follow_ups).where(follow_ups.c.follow_up_id == follow_up_id,
                                                     follow_ups.c.registration_id.in_(in_districts)).values(**values))
        if done.rowcount != 1:
            raise LookupError(follow_up_id)
        conn.execute(insert(follow_up_events).values(follow_up_id=follow_up_id, at=now, actor=actor, state=state,
                                                     note=note))
