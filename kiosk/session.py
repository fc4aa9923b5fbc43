"""One resident's visit as a state machine: plain Python, no widgets, no I/O of its own beyond the
services it is given. The UI shows `session.screen`; burn-in drives the same methods headless.

Data flows one way: card and face in → application → durable queue → back office reply → printer.
Everything personal lives in `Draft` and the outcome, and `wipe()` drops both.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from domain import rating
from domain.addresses import BEARINGS, MAX_DISTANCE_M, AddressParts, OnlineShop, Promise
from domain.application import Applicant, Application, Business, FamilyMember, Organization, Premises
from domain.card import CardType, IdCard
from domain.prefill import Prefill

if TYPE_CHECKING:
    from kiosk.face.identity import IdentityCheck

log = logging.getLogger(__name__)


class Screen(enum.StrEnum):
    """What the resident sees; the UI has one view per member."""

    HOME = "home"                    #: 首页: 个体工商户设立登记 · 查询办件/补打执照 · 服务评价
    CONSENT = "consent"              #: personal-information notice, with a separate consent for the face photo
    PLACE_CARD = "place_card"        #: "请将身份证放在读卡区", the reader is polled
    FACE = "face"                    #: live preview with guidance, then the liveness challenge
    APPLICATION = "application"      #: the form in short steps (name, organisation, scope, premises, ...)
    REVIEW = "review"                #: everything entered, for a last check
    SIGN = "sign"                    #: sign with a finger
    SUBMITTING = "submitting"        #: progress; the submission is already safe in the queue
    RESULT = "result"                #: approved / manual review / rejected / queued (offline)
    EVALUATION = "evaluation"        #: 好差评, five levels and an optional comment
    GOODBYE = "goodbye"              #: reminder to take the card and the papers
    PROBLEM = "problem"              #: what happened and what to do, see `Problem`
    LOOKUP = "lookup"                #: 查询办件/补打执照: the resident's earlier submissions, found by ID card
    SCAN = "scan"                    #: a QR code held to the camera: a receipt (pick-up) or a pre-filled application
    PICKUP = "pickup"                #: a scanned receipt's status; once approved, the applicant's card gets the license


class Problem(enum.StrEnum):
    """Why the PROBLEM screen is shown; each has a plain Chinese explanation in PROBLEM_TEXT."""

    CARD_UNREADABLE = "card_unreadable"
    CARD_EXPIRED = "card_expired"
    UNDER_AGE = "under_age"
    CARD_NOT_SERVED = "card_not_served"
    CARD_PULLED = "card_pulled"
    CARD_CHANGED = "card_changed"
    CAMERA_FAILED = "camera_failed"
    FACE_FAILED = "face_failed"
    PRINTER_FAILED = "printer_failed"
    READER_FAILED = "reader_failed"


class Purpose(enum.StrEnum):
    """Why the resident placed the card: a new registration, or finding an earlier one."""

    REGISTER = "register"
    LOOKUP = "lookup"          # 查询办件/补打执照
    EVALUATE = "evaluate"      # 服务评价 for an earlier visit


PROBLEM_TEXT: dict[Problem, str] = {
    Problem.CARD_UNREADABLE: "身份证读取失败。请把身份证平放在读卡区，不要移动，然后重试。",
    Problem.CARD_EXPIRED: "您的身份证已过有效期，无法在本机办理。请更换证件后再来，或到政务服务大厅窗口办理。",
    Problem.UNDER_AGE: "未满十六周岁不能申请个体工商户登记。",
    Problem.CARD_NOT_SERVED: "本机暂不受理此类证件。请到政务服务大厅窗口办理。",
    Problem.CARD_PULLED: "身份证已被取走，本次办理已取消，已填写的信息已清除。",
    Problem.CARD_CHANGED: "放回的不是刚才的身份证，本次办理已取消，已填写的信息已清除。",
    Problem.CAMERA_FAILED: "摄像头暂时无法使用。请联系工作人员，或到政务服务大厅窗口办理。",
    Problem.FACE_FAILED: "人脸采集未成功。请正对摄像头，保持光线充足后重试。",
    Problem.PRINTER_FAILED: "打印机暂时无法使用。您的申请已提交，可凭受理回执或身份证到任一终端补打。",
    Problem.READER_FAILED: "读卡器暂时无法使用。请联系工作人员，或到政务服务大厅窗口办理。",
}

# Problems the resident can try again on the spot ("重试"), and the screen the retry returns to; the draft is
# kept for them (consents, the card already read).
RETRY_SCREEN: dict[Problem, Screen] = {
    Problem.CARD_UNREADABLE: Screen.PLACE_CARD,
    Problem.FACE_FAILED: Screen.FACE,
}

# Screens on which a lifted card may be put back (Session.card_removed): the visit holds a form worth keeping.
CARD_GRACE_SCREENS = frozenset({Screen.FACE, Screen.APPLICATION, Screen.REVIEW, Screen.SIGN})

# The five levels of 好差评, best first, as the back office's API names them.
EVALUATION_LEVELS: tuple[str, ...] = ("非常满意", "满意", "基本满意", "不满意", "非常不满意")


class Outcome(enum.StrEnum):
    APPROVED = "approved"
    MANUAL_REVIEW = "manual_review"
    REJECTED = "rejected"
    QUEUED = "queued"          # saved on the terminal; delivered when the network returns


MIN_AGE = 16  # 16–17 may apply; the back office routes them to manual review.


class InvalidStep(RuntimeError):
    """A method was called on a screen where it does not apply (e.g. a second tap on submit)."""


@dataclass
class Draft:
    """Everything the resident entered or the devices captured; personal data, dropped by wipe()."""

    card: IdCard | None = None
    face_jpeg: bytes = b""
    face_quality: dict[str, Any] = field(default_factory=dict)
    liveness_passed: bool | None = None
    name: str | None = None
    organization: Organization = Organization.INDIVIDUAL
    family_members: list[FamilyMember] = field(default_factory=list)
    scope: list[str] = field(default_factory=list)
    address: str = ""
    # The structured premises (the address above is their one-line text): type, parts or online shop, and the
    # accepted 申报承诺书; None where the address came as free text (a prefill QR code).
    premises_type: str | None = None
    address_parts: AddressParts | None = None
    online_shop: OnlineShop | None = None
    promise: Promise | None = None
    capital_yuan: int = 0
    employees: int = 1
    phone: str = ""
    signature_png: bytes = b""
    face_consent: bool = False
    prefilled: bool = False        # the business fields came from a signed application QR (扫码填表)
    reference_jpeg: bytes = b""    # the card's chip photo, decoded for 人证比对
    face_comparison: dict[str, Any] | None = None
    identity_compared: bool = False


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    idempotency_key: str
    registration_id: str | None = None
    uscc: str | None = None
    receipt_token: str | None = None
    reasons: tuple[tuple[str, str], ...] = ()
    signed_license: dict[str, Any] | None = None
    business_name: str | None = None   # for the lookup list: the resident knows a case by its name and day
    submitted_on: str = ""             # YYYY-MM-DD


class Session:
    """The resident's journey. `on_change(screen)` fires after every transition (the UI's one hook)."""

    def __init__(self, *, division_code: str, served_card_types: frozenset[CardType],
                 enqueue: Callable[[dict[str, Any]], Any], await_reply: Callable[[str, float], dict | None],
                 today: Callable[[], dt.date] = dt.date.today,
                 on_change: Callable[[Screen], None] | None = None,
                 identity: IdentityCheck | None = None) -> None:
        self._division_code = division_code
        self._identity = identity
        self._served = served_card_types
        self._enqueue = enqueue
        self._await_reply = await_reply
        self._today = today
        self._on_change = on_change or (lambda screen: None)
        self.screen = Screen.HOME
        self.problem: Problem | None = None
        self.draft = Draft()
        self.result: Result | None = None
        self.purpose = Purpose.REGISTER
        self.records: list[Result] = []   # LOOKUP: the resident's earlier submissions, newest first
        self.pickup: Result | None = None  # PICKUP: the scanned receipt's case as looked up (never its license)
        self.prints = 0                    # documents printed in this visit: one reprint is offered after the first
        self.card_away = False             # the card was lifted mid-form; the form waits for it (card_removed)

    # --- navigation -------------------------------------------------------------------------------

    def _go(self, screen: Screen) -> None:
        self.screen = screen
        self._on_change(screen)

    def _expect(self, *screens: Screen) -> None:
        if self.screen not in screens:
            raise InvalidStep(f"not allowed on screen {self.screen.value}")

    def start(self) -> None:
        self._expect(Screen.HOME)
        self._go(Screen.CONSENT)

    def start_lookup(self, purpose: Purpose = Purpose.LOOKUP) -> None:
        """查询办件/补打执照 or 服务评价: identify with the card, then pick an earlier submission."""
        self._expect(Screen.HOME)
        if purpose is Purpose.REGISTER:
            raise ValueError("a registration starts with start()")
        self.purpose = purpose
        self._go(Screen.PLACE_CARD)

    def consent(self, *, personal_data: bool, face_photo: bool) -> None:
        """Both consents are needed to go on; declining either returns home with nothing kept."""
        self._expect(Screen.CONSENT)
        if not (personal_data and face_photo):
            self.wipe()
            return
        self.draft.face_consent = True
        self._go(Screen.PLACE_CARD)

    def fail(self, problem: Problem) -> None:
        """Show a problem screen. Problems before submission also drop the session's personal data."""
        if self.screen in (Screen.HOME, Screen.SUBMITTING, Screen.RESULT, Screen.EVALUATION, Screen.GOODBYE) \
                and problem is not Problem.PRINTER_FAILED:
            return  # nothing of the resident's is on the line any more (e.g. card pulled after submitting)
        if self.result is None and problem not in RETRY_SCREEN:
            self.draft = Draft()
        self.card_away = False
        self.problem = problem
        self._go(Screen.PROBLEM)

    @property
    def can_retry(self) -> bool:
        return self.screen is Screen.PROBLEM and self.problem in RETRY_SCREEN

    def retry(self) -> None:
        """重试 on the problem screen: back to the card or the face step, with what the visit already had."""
        if not self.can_retry:
            raise InvalidStep("nothing to retry here")
        screen, self.problem = RETRY_SCREEN[self.problem], None
        self._go(screen)

    # --- identity ---------------------------------------------------------------------------------

    def card_read(self, card: IdCard) -> None:
        self._expect(Screen.PLACE_CARD)
        if self.purpose is not Purpose.REGISTER:
            self.draft.card = card   # finding one's own earlier case needs no age or validity check
            self._go(Screen.LOOKUP)
            return
        today = self._today()
        if card.card_type not in self._served:
            self.fail(Problem.CARD_NOT_SERVED)
        elif card.is_expired(today):
            self.fail(Problem.CARD_EXPIRED)
        elif card.age_on(today) < MIN_AGE:
            self.fail(Problem.UNDER_AGE)
        else:
            self.draft.card = card
            self._go(Screen.FACE)

    def card_removed(self, grace: bool = True) -> bool:
        """The card left the reader. During the form the visit waits for it (True: the caller gives the resident
        a grace period, then calls card_returned or card_grace_over); without grace the visit ends at once.
        After submission a lifted card is expected."""
        if self.screen not in CARD_GRACE_SCREENS:
            return False
        if not grace:
            self.fail(Problem.CARD_PULLED)
            return False
        self.card_away = True
        return True

    def card_returned(self, card: IdCard) -> None:
        """A card placed while the visit waits for one: the same card carries on, another one ends the visit."""
        if not self.card_away:
            return
        self.card_away = False
        if self.draft.card is None or card.id_number != self.draft.card.id_number:
            self.fail(Problem.CARD_CHANGED)

    def card_grace_over(self) -> None:
        """The card did not come back in time: the visit ends and everything entered is dropped."""
        if self.card_away:
            self.fail(Problem.CARD_PULLED)

    def face_captured(self, jpeg: bytes, quality: dict[str, Any], liveness_passed: bool | None) -> None:
        self._expect(Screen.FACE)
        self.draft.face_jpeg, self.draft.face_quality = jpeg, quality
        self.draft.liveness_passed = liveness_passed
        self._go(Screen.APPLICATION)

    # --- the application ----------------------------------------------------------------------------

    def fill(self, **fields: Any) -> None:
        """Set application fields (name, organization, family_members, scope, address, premises_type,
        address_parts, online_shop, promise, capital_yuan, employees, phone) as the resident moves through the
        form steps."""
        self._expect(Screen.APPLICATION, Screen.REVIEW)
        for key, value in fields.items():
            if key not in _FORM_FIELDS:
                raise KeyError(key)
            if key == "family_members":   # the form's list; a member verified on this visit stays verified
                value = _with_verifications(value, self.draft.family_members)
            setattr(self.draft, key, value)

    def verify_family_member(self, card: IdCard, face_jpeg: bytes, relation: str) -> FamilyMember:
        """A family member (家庭经营) verified on this visit: the member's card placed and live face taken,
        compared like the applicant's (about half a second; call off the UI thread). The member joins the list
        named as on the card, replacing an entry with the same number; band, score and engine go with the
        application, the member's photos do not. Without a reference photo the member stays unverified
        (verification None), which leaves the case to staff."""
        self._expect(Screen.APPLICATION, Screen.REVIEW)
        if self.draft.card is not None and card.id_number == self.draft.card.id_number:
            raise ValueError("the applicant's own card is not a family member's")
        found = self._identity.check(card, face_jpeg) if self._identity is not None else None
        verification = found.comparison.to_json() if found is not None and found.comparison is not None else None
        member = FamilyMember(card.name, card.id_number, relation, verification)
        others = [m for m in self.draft.family_members if m.id_number != card.id_number]
        self.draft.family_members = [*others, member]
        return member

    def compare_identity(self) -> dict[str, Any] | None:
        """人证比对: the card's chip photo against the live photo (about half a second; call off the UI thread).
        Done once per visit; submit() does it when nobody did before. None without a reference photo."""
        d = self.draft
        if not d.identity_compared and self._identity is not None and d.card is not None and d.face_jpeg:
            found = self._identity.check(d.card, d.face_jpeg)
            d.reference_jpeg = found.reference_jpeg
            d.face_comparison = found.comparison.to_json() if found.comparison is not None else None
        d.identity_compared = True
        return d.face_comparison

    def application(self) -> Application:
        d = self.draft
        if d.card is None:
            raise InvalidStep("no card has been read")
        return Application(
            applicant=Applicant(card=d.card, phone=d.phone, face_jpeg=d.face_jpeg,
                                face_quality=d.face_quality, liveness_passed=d.liveness_passed,
                                signature_png=d.signature_png, reference_jpeg=d.reference_jpeg,
                                face_comparison=d.face_comparison),
            business=Business(name=d.name or None, organization=d.organization, scope=tuple(d.scope),
                              premises=Premises(self._division_code, d.address, d.premises_type,
                                                parts=d.address_parts, online_shop=d.online_shop,
                                                promise=d.promise),
                              capital_yuan=d.capital_yuan, employees=d.employees,
                              family_members=tuple(d.family_members)),
        )

    def to_review(self) -> None:
        self._expect(Screen.APPLICATION)
        self._go(Screen.REVIEW)

    def back_to_form(self) -> None:
        self._expect(Screen.REVIEW, Screen.SIGN)
        self._go(Screen.APPLICATION)

    def to_sign(self) -> None:
        self._expect(Screen.REVIEW)
        self._go(Screen.SIGN)

    # --- submission ---------------------------------------------------------------------------------

    def submit(self, signature_png: bytes) -> str:
        """Write the application durably to the queue and return its idempotency key. Only after this
        returns may the resident be told "submitted". A second tap finds the screen changed: InvalidStep."""
        self._expect(Screen.SIGN)
        if not signature_png:
            raise ValueError("signature required")
        self.draft.signature_png = signature_png
        self.compare_identity()
        submission = self._enqueue(self.application().to_api_json())
        self._go(Screen.SUBMITTING)
        return submission.idempotency_key

    def await_result(self, idempotency_key: str, timeout_s: float) -> Result:
        """Wait for the back office's decision; without one in time the submission stays queued."""
        self._expect(Screen.SUBMITTING)
        reply = self._await_reply(idempotency_key, timeout_s)
        self.result = result_from_reply(idempotency_key, reply)
        self._go(Screen.RESULT)
        return self.result

    def to_evaluation(self) -> None:
        self._expect(Screen.RESULT, Screen.PROBLEM)
        self._go(Screen.EVALUATION)

    def evaluate(self, level: str, comment: str = "", indicators: dict[str, str] | None = None,
                 reasons: list[str] | tuple[str, ...] = ()) -> dict[str, Any] | None:
        """Record the 好差评 and say goodbye. `level` is the overall rating (整体满意度); `indicators` the other
        GB/T 39734 indicators rated, `reasons` the standard 差评 reasons ticked (only with 不满意 / 非常不满意).
        Returns the API body to send, or None when the case has no registration number yet (still queued),
        which the back office could not attach it to."""
        self._expect(Screen.EVALUATION)
        if level not in EVALUATION_LEVELS:
            raise ValueError(f"unknown evaluation level {level!r}")
        standard = rating.standard()
        rated = {standard.indicators[0]: level, **(indicators or {})}
        problems = standard.problems(level, rated, list(reasons))
        if problems:
            raise ValueError("；".join(problems))
        registration_id = self.result.registration_id if self.result else None
        self._go(Screen.GOODBYE)
        if registration_id is None:
            return None
        return {"registration_id": registration_id, "level": level, "comment": comment.strip()[:500] or None,
                "indicators": rated, "reasons": list(reasons)}

    # --- lookup (查询办件/补打执照, 服务评价) ---------------------------------------------------------

    def found(self, records: list[Result]) -> None:
        """The resident's earlier submissions, looked up by the controller off the UI thread."""
        self._expect(Screen.LOOKUP)
        self.records = list(records)

    def choose(self, record: Result) -> None:
        """Open one earlier submission: its result (to reprint) or, for 服务评价, the evaluation."""
        self._expect(Screen.LOOKUP)
        if record not in self.records:
            raise InvalidStep("not one of the resident's records")
        self.result = record
        self._go(Screen.EVALUATION if self.purpose is Purpose.EVALUATE else Screen.RESULT)

    def finish(self) -> None:
        self._expect(Screen.EVALUATION, Screen.RESULT, Screen.PROBLEM, Screen.LOOKUP)
        self._go(Screen.GOODBYE)

    # --- QR codes (扫码填表, 扫描回执二维码) and printing again --------------------------------------------

    def start_scan(self) -> None:
        """Hold a code to the camera: from home, or instead of the card when looking a case up."""
        if not (self.screen is Screen.HOME or (self.screen is Screen.PLACE_CARD and self.purpose is Purpose.LOOKUP)):
            raise InvalidStep(f"not allowed on screen {self.screen.value}")
        self._go(Screen.SCAN)

    def prefill(self, prefill: Prefill) -> None:
        """A verified application QR: its fields go into the draft and the registration starts as usual (consent,
        card, face, then the form showing these values for the resident to check)."""
        self._expect(Screen.SCAN)
        if prefill.division_code != self._division_code:
            raise ValueError("the application QR is for another district")
        for key, value in prefill.draft_fields().items():
            setattr(self.draft, key, value)
        self.draft.prefilled = True
        self.purpose = Purpose.REGISTER
        self._go(Screen.CONSENT)

    def receipt_scanned(self) -> None:
        self._expect(Screen.SCAN)
        self.purpose = Purpose.LOOKUP
        self.pickup = None
        self._go(Screen.PICKUP)

    def pickup_found(self, case: Result | None) -> None:
        """The scanned receipt's case as the back office (or this terminal's queue) knows it; None: not found."""
        self._expect(Screen.PICKUP)
        self.pickup = case

    def claimed(self, card: IdCard, result: Result) -> None:
        """The card placed matched the applicant and the back office released the signed license: print it."""
        self._expect(Screen.PICKUP)
        if result.outcome is not Outcome.APPROVED or result.signed_license is None:
            raise InvalidStep("only an approved case with its license can be picked up")
        self.draft.card = card
        self.result = result
        self._go(Screen.RESULT)

    def note_printed(self) -> None:
        self.prints += 1

    @property
    def can_reprint(self) -> bool:
        """Exactly one reprint per visit (a jam, a smudge), and only of what was just printed."""
        return self.screen is Screen.RESULT and self.prints == 1

    def wipe(self) -> None:
        """End the visit: drop every personal trace held by the session and show home."""
        self.draft = Draft()
        self.result = None
        self.problem = None
        self.purpose = Purpose.REGISTER
        self.records = []
        self.pickup = None
        self.prints = 0
        self.card_away = False
        self._go(Screen.HOME)


def field_problems(**fields: Any) -> list[str]:
    """What keeps a form step from going on, in plain Chinese (empty: fine). Checks what a resident can fix on
    the spot; the back office's rules decide the rest."""
    problems = []
    if "scope" in fields and not fields["scope"]:
        problems.append("请至少选择一项经营范围")
    if "premises_type" in fields and not fields["premises_type"]:
        problems.append("请选择经营场所类型")
    if fields.get("online_shop") is not None:
        problems += _online_shop_problems(fields["online_shop"])
    elif fields.get("address_parts") is not None:
        problems += _address_problems(fields["address_parts"])
    elif "address" in fields and not _HOUSE_NUMBER.search(fields["address"] or ""):
        problems.append("经营场所请填写到门牌号，例如“胜利西街100号”")
    if "promise" in fields and fields["promise"] is None:
        problems.append("请阅读住所（经营场所）申报承诺书，并点“我承诺”")
    if "capital_yuan" in fields and not 0 < fields["capital_yuan"] <= 100_000_000:
        problems.append("请填写资金数额（元），须大于零")
    if "employees" in fields and not 1 <= fields["employees"] <= 999:
        problems.append("从业人数应在1到999人之间")
    if "phone" in fields and not _MOBILE.fullmatch(fields["phone"] or ""):
        problems.append("请填写11位手机号码")
    if fields.get("organization") == Organization.FAMILY and not fields.get("family_members"):
        problems.append("家庭经营请至少添加一位参加经营的家庭成员")
    return problems


def _address_problems(parts: AddressParts) -> list[str]:
    problems = []
    if not parts.town:
        problems.append("请选择或填写乡镇（街道）")
    if not parts.road and not parts.landmark:
        problems.append("请选择或填写街（路）")
    if parts.house_number:
        if not re.fullmatch(r"\d+(-\d+)?号?", parts.house_number):
            problems.append("门牌号请填写数字，例如“100”")
    elif not parts.landmark:
        problems.append("请填写门牌号；没有门牌号的，请填写附近标志物及方位、距离")
    elif parts.bearing not in BEARINGS or not 0 < (parts.distance_m or 0) <= MAX_DISTANCE_M:
        problems.append(f"请选择经营场所在标志物的哪一侧，并填写距离（1到{MAX_DISTANCE_M}米）")
    return problems


def _online_shop_problems(shop: OnlineShop) -> list[str]:
    problems = []
    if not shop.platform:
        problems.append("请填写电子商务平台名称")
    if not re.fullmatch(r"https?://[^\s/]+\.\S+", shop.url):
        problems.append("请填写网店网址，以 http:// 或 https:// 开头")
    return problems


def _with_verifications(members: list[FamilyMember], before: list[FamilyMember]) -> list[FamilyMember]:
    """The members as given, each keeping the verification it had when its number and name are unchanged."""
    checked = {(m.id_number, m.name): m.verification for m in before if m.verification is not None}
    return [m if m.verification is not None or (m.id_number, m.name) not in checked
            else replace(m, verification=checked[(m.id_number, m.name)]) for m in members]


_HOUSE_NUMBER = re.compile(r"\d+\s*号")
_MOBILE = re.compile(r"1[3-9]\d{9}")

_FORM_FIELDS = frozenset({"name", "organization", "family_members", "scope", "address", "premises_type",
                          "address_parts", "online_shop", "promise", "capital_yuan", "employees", "phone"})


def result_from_reply(key: str, reply: dict[str, Any] | None) -> Result:
    if reply is None:
        return Result(Outcome.QUEUED, key)
    return Result(
        outcome=Outcome(reply["status"]),
        idempotency_key=key,
        registration_id=reply.get("registration_id"),
        uscc=reply.get("uscc"),
        receipt_token=reply.get("receipt_token"),
        reasons=tuple((r.get("code", ""), r.get("message", "")) for r in reply.get("reasons", [])),
        signed_license=reply.get("license"),
        business_name=reply.get("business_name"),
        submitted_on=reply.get("submitted_on") or "",
    )
