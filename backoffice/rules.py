"""The instant-approval (秒批) rules as data: each rule is a reason code, the outcome it forces, the Chinese
message shown to the applicant, and a predicate over pre-gathered facts. Deciding is pure and takes
microseconds; everything that needs the database or an external service is gathered into Facts first.

Outcomes rank approved < manual_review < rejected; the decision is the worst outcome of all rules that fire.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Callable
from dataclasses import dataclass

from backoffice.external import CheckResult
from backoffice.name_register import NameMatch, describe
from backoffice.settings import Settings
from domain.application import Application, FamilyMember, Organization
from domain.card import CardType, IdCard
from domain.names import ClashKind, Finding
from domain.scopes import ScopeItem


class Outcome(enum.IntEnum):
    APPROVED = 0
    MANUAL_REVIEW = 1
    REJECTED = 2

    @property
    def status(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Facts:
    today: dt.date
    application: Application
    terminal_division: str
    id_error_zh: str | None                        # why the ID number is invalid, None when valid
    scope: tuple[tuple[str, ScopeItem | None], ...]   # (code, catalogue entry or None if unknown)
    prior_registration: bool                       # the applicant has an approved or pending registration
    name_findings: tuple[Finding, ...]             # domain.names checks of the proposed name
    name_clash: NameMatch | None                   # the strongest clash with a registered or pending name
    blacklist: CheckResult
    face: CheckResult

    @property
    def age(self) -> int:
        return self.application.applicant.card.age_on(self.today)


@dataclass(frozen=True)
class Reason:
    code: str
    message: str
    outcome: Outcome

    def to_json(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


@dataclass(frozen=True)
class Rule:
    code: str
    outcome: Outcome
    message: str
    fires: Callable[[Facts, Settings], bool]
    detail: Callable[[Facts], str] | None = None    # appended to the message, e.g. the offending items


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    reasons: tuple[Reason, ...]

    @property
    def status(self) -> str:
        return self.outcome.status


def _card(f: Facts) -> IdCard:
    return f.application.applicant.card


def _permit_items(f: Facts) -> list[ScopeItem]:
    return [item for _, item in f.scope if item is not None and item.permit_required]


def dual_notice_allowed(s: Settings, division_code: str) -> bool:
    allowed = {d.strip() for d in s.dual_notice_divisions.split(",") if d.strip()}
    return "*" in allowed or division_code in allowed


def _needs_person(item: ScopeItem) -> bool:
    """A 许可 item a 双告知 notice cannot cover: a 前置 approval, or no approval known to name."""
    return not item.approvals or any(a.stage == "前置" for a in item.approvals)


def _permit_for_review(f: Facts, s: Settings) -> list[ScopeItem]:
    if not dual_notice_allowed(s, f.terminal_division):
        return _permit_items(f)
    return [item for item in _permit_items(f) if _needs_person(item)]


def _no_go(f: Facts, outcome: str) -> list[ScopeItem]:
    kind = f.application.business.premises.premises_type
    return [item for _, item in f.scope if item is not None and kind and item.no_go.get(kind) == outcome]


def _premises_detail(f: Facts, outcome: str) -> str:
    kind = f.application.business.premises.premises_type
    return f"{kind}：" + "、".join(item.name for item in _no_go(f, outcome))


def _clash(f: Facts) -> ClashKind | None:
    return f.name_clash.kind if f.name_clash else None


def _member_verified(m: FamilyMember, accepts_open_engine: bool) -> bool:
    v = m.verification
    return v is not None and v.get("band") == "match" and (v.get("certified") is True or accepts_open_engine)


def _family_verified(f: Facts, s: Settings) -> bool:
    """Every family member verified by card and face on the same visit, each a match by an accepted engine: a
    certified one, or the open one where the district accepts it (as for the applicant)."""
    members = f.application.business.family_members
    accepts_open = s.accepts_open_engine(f.terminal_division)
    return bool(members) and all(_member_verified(m, accepts_open) for m in members)


def _unverified_family(f: Facts) -> str:
    """The members the rule is about: those without a match, else (all matched, by an engine the district does
    not accept) those matched by an uncertified engine."""
    members = f.application.business.family_members
    if not members:
        return "未登记家庭成员"
    unmatched = [m.name for m in members if not _member_verified(m, accepts_open_engine=True)]
    return "、".join(unmatched or [m.name for m in members if not _member_verified(m, accepts_open_engine=False)])


def _house_number(f: Facts, s: Settings) -> bool:
    """A 门牌号, or what the Shandong rules accept in its place: a landmark with bearing and distance, or the
    online shop of a 网络经营场所."""
    p = f.application.business.premises
    if p.online_shop is not None or (p.parts is not None and p.parts.landmark and p.parts.distance_m):
        return True
    return re.search(s.house_number_pattern, p.address) is not None


R, M = Outcome.REJECTED, Outcome.MANUAL_REVIEW

RULES: tuple[Rule, ...] = (
    Rule("card_expired", R, "身份证件已超过有效期限",
         lambda f, s: _card(f).is_expired(f.today)),
    Rule("id_number_invalid", R, "身份证件号码无效",
         lambda f, s: f.id_error_zh is not None, lambda f: f.id_error_zh or ""),
    Rule("age_under_minimum", R, "经营者未满十六周岁，不能登记个体工商户",
         lambda f, s: f.age < s.min_age),
    Rule("age_minor", M, "经营者未满十八周岁，需人工核实是否以自己的劳动收入为主要生活来源",
         lambda f, s: s.min_age <= f.age < s.adult_age),
    Rule("card_not_resident", M, "港澳台居民居住证或外国人永久居留身份证，需人工审核",
         lambda f, s: _card(f).card_type is not CardType.RESIDENT),
    Rule("face_missing", M, "未采集到现场人像，需人工核验身份",
         lambda f, s: not f.application.applicant.face_jpeg),
    Rule("liveness_not_passed", M, "活体检测未通过，需人工核验身份",
         lambda f, s: f.application.applicant.liveness_passed is not True),
    Rule("face_mismatch", M, "现场人像与证件照片比对不一致，需人工核验身份",
         lambda f, s: f.face.outcome == "mismatch"),
    Rule("face_refer", M, "人证比对结果不能确定是否为本人，需人工核验身份",
         lambda f, s: f.face.outcome == "refer"),
    Rule("face_compare_unavailable", M, "人证比对无法进行（无证件照片或比对服务不可用），需人工核验身份",
         lambda f, s: s.face_match_required and f.face.outcome == "unavailable"),
    Rule("face_engine_not_accepted", M, "人证比对引擎未经认证，本辖区不据此自动核准，需人工核验身份",
         lambda f, s: s.face_match_required and f.face.outcome == "pass" and not f.face.certified
         and not s.accepts_open_engine(f.terminal_division)),
    Rule("credit_listed", M, "经营者在信用约束名单中，需人工审核",
         lambda f, s: f.blacklist.outcome == "hit"),
    Rule("scope_empty", M, "未选择经营范围",
         lambda f, s: not f.scope),
    Rule("scope_not_in_catalogue", M, "经营范围不在规范表述目录中，需人工审核",
         lambda f, s: any(item is None for _, item in f.scope),
         lambda f: "、".join(code for code, item in f.scope if item is None)),
    Rule("scope_permit_required", M, "经营范围含许可项目，需人工审核",
         lambda f, s: bool(_permit_for_review(f, s)),
         lambda f: "、".join(item.name for item in _permit_items(f))),
    Rule("scope_premises_prohibited", R, "所选经营范围不得在该类经营场所开展",
         lambda f, s: bool(_no_go(f, "reject")),
         lambda f: _premises_detail(f, "reject")),
    Rule("scope_premises_review", M, "所选经营范围在该类经营场所开展需人工审核",
         lambda f, s: bool(_no_go(f, "review")),
         lambda f: _premises_detail(f, "review")),
    Rule("premises_outside_jurisdiction", M, "经营场所不在本终端所属登记机关辖区内，需人工审核",
         lambda f, s: f.application.business.premises.division_code != f.terminal_division),
    Rule("premises_no_house_number", M, "经营场所地址未写明门牌号，需人工审核",
         lambda f, s: not _house_number(f, s)),
    Rule("family_business", M, "家庭经营成员未在办理现场核验身份证和人像，需人工审核",
         lambda f, s: f.application.business.organization is Organization.FAMILY and not _family_verified(f, s),
         _unverified_family),
    Rule("applicant_has_registration", M, "经营者已有在办或已登记的个体工商户，需人工审核",
         lambda f, s: f.prior_registration),
    Rule("name_identical", R, "名称与本登记机关已登记的同行业名称相同",
         lambda f, s: _clash(f) is ClashKind.IDENTICAL, lambda f: describe(f.name_clash) if f.name_clash else ""),
    Rule("name_similar", M, "名称与本登记机关已有或在办的同行业名称相近，需人工审核",
         lambda f, s: _clash(f) is ClashKind.NEAR, lambda f: describe(f.name_clash) if f.name_clash else ""),
)

_SEVERITY = {"reject": Outcome.REJECTED, "review": Outcome.MANUAL_REVIEW}


def decide(facts: Facts, settings: Settings) -> Decision:
    reasons: list[Reason] = []
    for rule in RULES:
        if rule.fires(facts, settings):
            extra = rule.detail(facts) if rule.detail else ""
            reasons.append(Reason(rule.code, f"{rule.message}：{extra}" if extra else rule.message,
                                  rule.outcome))
    # The name rules (structure, forbidden words and forms, sensitive words) live in domain.names.
    reasons.extend(Reason(f.code, f.message_zh, _SEVERITY[f.severity]) for f in facts.name_findings)
    outcome = max((r.outcome for r in reasons), default=Outcome.APPROVED)
    return Decision(outcome, tuple(reasons))
