"""The audit log of staff actions: who, when, what, which case. Written inside the action's transaction
where the action has one, so an action and its record commit together.

Callers pass fixed Chinese phrases and ids only; free text typed by staff (reject reasons, notes) is kept
with the case or follow-up, not here, because it may name the applicant.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, insert, select

from backoffice.models import audit_log


class Action(enum.StrEnum):
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    VIEW_CASE = "view_case"
    APPROVE = "approve"
    REJECT = "reject"
    CONFIRM = "confirm"
    FOLLOW_UP = "follow_up"
    ENROLMENT_CODE = "enrolment_code"
    ENROLMENT_REDEEMED = "enrolment_redeemed"
    CLAIM_MISMATCH = "claim_mismatch"        # a terminal presented a card that is not the applicant's
    LICENSE_CLAIMED = "license_claimed"      # picked up with a receipt after the card matched
    CLAIM_MATCHED = "claim_matched"          # the card matched at another terminal, nothing to pick up yet
    STAFF_DISABLED = "staff_disabled"
    STAFF_ENABLED = "staff_enabled"
    STAFF_DIVISIONS = "staff_divisions"
    VIEW_FACE = "view_face"
    VIEW_SIGNATURE = "view_signature"
    TRANSFER = "transfer"                    # a case moved to the county its premises lie in
    TERMINAL_DISABLED = "terminal_disabled"
    TERMINAL_ENABLED = "terminal_enabled"


ACTION_ZH = {
    Action.LOGIN: "登录", Action.LOGIN_FAILED: "登录失败", Action.LOGOUT: "退出登录", Action.VIEW_CASE: "查看申请",
    Action.APPROVE: "核准", Action.REJECT: "驳回", Action.CONFIRM: "批量确认", Action.FOLLOW_UP: "差评跟进",
    Action.ENROLMENT_CODE: "签发终端注册码", Action.ENROLMENT_REDEEMED: "终端注册",
    Action.CLAIM_MISMATCH: "领照身份核验不符", Action.LICENSE_CLAIMED: "凭回执领取营业执照",
    Action.CLAIM_MATCHED: "凭回执核验身份一致",
    Action.STAFF_DISABLED: "停用工作人员账号", Action.STAFF_ENABLED: "启用工作人员账号",
    Action.STAFF_DIVISIONS: "设置工作人员辖区", Action.VIEW_FACE: "查看人脸照片", Action.VIEW_SIGNATURE: "查看签名",
    Action.TRANSFER: "移送管辖",
    Action.TERMINAL_DISABLED: "停用终端", Action.TERMINAL_ENABLED: "启用终端",
}


@dataclass(frozen=True)
class Entry:
    audit_id: int
    at: dt.datetime
    actor: str
    action: str
    registration_id: str | None
    target: str | None
    detail: str
    client: str | None

    @property
    def action_zh(self) -> str:
        return ACTION_ZH.get(self.action, self.action)   # StrEnum members hash like their values


def record(conn: Connection, actor: str, action: Action, detail: str, *, registration_id: str | None = None,
           target: str | None = None, client: str | None = None) -> None:
    conn.execute(insert(audit_log).values(at=dt.datetime.now(dt.UTC), actor=actor, action=action.value,
                                          registration_id=registration_id, target=target, detail=detail,
                                          client=client))


def entries(engine: Engine, *, actor: str | None = None, action: str | None = None,
            registration_id: str | None = None, limit: int = 200) -> list[Entry]:
    """Newest first."""
    query = select(audit_log).order_by(audit_log.c.audit_id.desc()).limit(limit)
    if actor:
        query = query.where(audit_log.c.actor == actor)
    if action:
        query = query.where(audit_log.c.action == action)
    if registration_id:
        query = query.where(audit_log.c.registration_id == registration_id)
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return [Entry(r.audit_id, r.at if r.at.tzinfo else r.at.replace(tzinfo=dt.UTC), r.actor, r.action,
                  r.registration_id, r.target, r.detail, r.client) for r in rows]
