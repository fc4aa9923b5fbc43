"""API v1 request and reply bodies. Validation errors become 422 naming the field (never 500)."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, model_validator

from domain import rating
from domain.addresses import BEARINGS, MAX_DISTANCE_M, AddressParts, OnlineShop, Promise
from domain.application import Applicant, Application, Business, FamilyMember, Organization, Premises
from domain.card import CardType, IdCard

MAX_FACE_BYTES = 2_000_000
MAX_SIGNATURE_BYTES = 1_000_000


def _base64(limit: int) -> tuple[BeforeValidator, WithJsonSchema]:
    """A base64 string on the wire, the decoded bytes in the model: a 50 KB photo is decoded once."""
    def decode(value: object) -> bytes:
        if not isinstance(value, str):
            raise ValueError("must be a base64 string")
        try:
            raw = base64.b64decode(value.strip(), validate=True)
        except (binascii.Error, ValueError):
            raise ValueError("not valid base64") from None
        if len(raw) > limit:
            raise ValueError(f"larger than {limit} bytes")
        return raw
    return BeforeValidator(decode), WithJsonSchema({"type": "string", "contentEncoding": "base64"})


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


class CardIn(_Model):
    card_type: CardType
    name: str = Field(min_length=1, max_length=64)
    gender: Literal["男", "女"]
    nation: str | None = Field(default=None, max_length=16)
    birth_date: dt.date
    id_number: str = Field(min_length=1, max_length=32)
    issuer: str | None = Field(default=None, max_length=64)
    valid_from: dt.date
    valid_until: dt.date | None
    photo_sha256: str = Field(pattern=r"^[0-9a-fA-F]{64}$")
    name_en: str | None = Field(default=None, max_length=128)
    address: str | None = Field(default=None, max_length=128)
    nationality: str | None = Field(default=None, max_length=3)
    pass_number: str | None = Field(default=None, max_length=32)
    issue_count: int | None = Field(default=None, ge=0, le=99)

    def to_card(self) -> IdCard:
        data = self.model_dump(mode="json")
        return IdCard.from_json(data)


class FaceComparisonIn(_Model):
    """The terminal's own 人证比对 (recorded; the back office compares again with its own engine)."""

    band: Literal["match", "refer", "no_match"]
    score: float | None = Field(default=None, ge=0, le=10)
    engine: str = Field(min_length=1, max_length=64)
    certified: bool = False
    faces: list[Annotated[int, Field(ge=0, le=100)]] = Field(default_factory=list, max_length=2)


class ApplicantIn(_Model):
    card: CardIn
    phone: str = Field(pattern=r"^\+?[0-9][0-9-]{4,19}$")
    face_jpeg: Annotated[bytes, *_base64(MAX_FACE_BYTES)]
    face_quality: dict[str, Any] = Field(default_factory=dict)
    liveness_passed: bool | None
    signature_png: Annotated[bytes, *_base64(MAX_SIGNATURE_BYTES)]
    reference_jpeg: Annotated[bytes, *_base64(MAX_FACE_BYTES)] = b""   # the card's decoded chip photo
    face_comparison: FaceComparisonIn | None = None


class FamilyMemberIn(_Model):
    name: str = Field(min_length=1, max_length=64)
    id_number: str = Field(min_length=1, max_length=32)
    relation: str = Field(min_length=1, max_length=16)
    # The terminal's 人证比对 of the member's card and face on the same visit; absent: not verified.
    verification: FaceComparisonIn | None = None


class AddressPartsIn(_Model):
    town: str = Field(default="", max_length=30)
    village: str = Field(default="", max_length=30)
    road: str = Field(default="", max_length=30)
    house_number: str = Field(default="", max_length=16)
    room: str = Field(default="", max_length=30)
    landmark: str = Field(default="", max_length=40)
    bearing: Literal["", *BEARINGS] = ""  # type: ignore[valid-type]
    distance_m: int | None = Field(default=None, ge=1, le=MAX_DISTANCE_M)


class OnlineShopIn(_Model):
    platform: str = Field(min_length=1, max_length=40)
    url: str = Field(pattern=r"^https?://[^\s/]+\.\S+$", max_length=200)


class PremisesIn(_Model):
    """Older terminals send division_code and address only; newer ones add the parts, the online shop and the
    accepted 申报承诺书 (its version and when it was accepted), which stay with the case."""

    division_code: str = Field(pattern=r"^[0-9]{6}$")
    address: str = Field(min_length=1, max_length=200)
    premises_type: Literal["商铺", "住宅", "商住", "网络"] | None = None
    parts: AddressPartsIn | None = None
    online_shop: OnlineShopIn | None = None
    promise_version: str | None = Field(default=None, min_length=1, max_length=40)
    promise_accepted_at: dt.datetime | None = None

    @model_validator(mode="after")
    def _promise_whole(self) -> PremisesIn:
        if (self.promise_version is None) != (self.promise_accepted_at is None):
            raise ValueError("promise_version and promise_accepted_at go together")
        return self

    def to_premises(self) -> Premises:
        return Premises(
            self.division_code, self.address, self.premises_type,
            parts=AddressParts(**self.parts.model_dump()) if self.parts else None,
            online_shop=OnlineShop(self.online_shop.platform, self.online_shop.url) if self.online_shop else None,
            promise=(Promise(self.promise_version, self.promise_accepted_at.isoformat())
                     if self.promise_version and self.promise_accepted_at else None))


class BusinessIn(_Model):
    name: str | None = Field(default=None, max_length=60)
    organization: Organization
    family_members: list[FamilyMemberIn] = Field(default_factory=list, max_length=20)
    scope: list[Annotated[str, Field(min_length=1, max_length=32)]] = Field(max_length=30)
    premises: PremisesIn
    capital_yuan: int = Field(ge=0, le=10**12)
    employees: int = Field(ge=0, le=100_000)


class RegistrationIn(_Model):
    applicant: ApplicantIn
    business: BusinessIn

    def to_application(self) -> Application:
        a, b = self.applicant, self.business
        return Application(
            applicant=Applicant(card=a.card.to_card(), phone=a.phone, face_jpeg=a.face_jpeg,
                                face_quality=a.face_quality, liveness_passed=a.liveness_passed,
                                signature_png=a.signature_png, reference_jpeg=a.reference_jpeg,
                                face_comparison=(a.face_comparison.model_dump(mode="json")
                                                 if a.face_comparison is not None else None)),
            business=Business(
                name=b.name or None, organization=b.organization, scope=tuple(b.scope),
                premises=b.premises.to_premises(),
                capital_yuan=b.capital_yuan, employees=b.employees,
                family_members=tuple(
                    FamilyMember(m.name, m.id_number, m.relation,
                                 m.verification.model_dump(mode="json") if m.verification is not None else None)
                    for m in b.family_members)),
        )


class ReasonOut(BaseModel):
    code: str
    message: str


class SignedLicense(BaseModel):
    kind: Literal["license"]
    fields: dict[str, Any]
    signature: str            # Ed25519 over the canonical JSON of {"kind", "fields"} (domain.license_signing)


class RegistrationOut(BaseModel):
    registration_id: str
    status: Literal["approved", "manual_review", "rejected"]
    uscc: str | None
    reasons: list[ReasonOut]
    receipt_token: str
    license: SignedLicense | None
    business_name: str | None = None   # on look-ups (GET): how the resident knows the case, with the day filed
    submitted_on: str | None = None    # YYYY-MM-DD, China time


class ScopeOut(BaseModel):
    code: str
    name: str
    permit_required: bool
    industry: str


LEVELS: dict[str, int] = {"非常满意": 5, "满意": 4, "基本满意": 3, "不满意": 2, "非常不满意": 1}


class EvaluationIn(_Model):
    registration_id: str = Field(min_length=1, max_length=32)
    level: Literal["非常满意", "满意", "基本满意", "不满意", "非常不满意"]
    comment: str | None = Field(default=None, max_length=500)
    tags: list[Annotated[str, Field(max_length=16)]] = Field(default_factory=list, max_length=10)
    # GB/T 39734 indicators (整体满意度, 服务效率, 服务水平, 服务态度) each rated on the five levels, and the
    # standard 差评 reasons (only with 不满意 / 非常不满意); domain/data/rating_standard.json lists them.
    indicators: dict[Annotated[str, Field(max_length=16)], Annotated[str, Field(max_length=8)]] = Field(
        default_factory=dict, max_length=10)
    reasons: list[Annotated[str, Field(max_length=32)]] = Field(default_factory=list, max_length=10)

    @model_validator(mode="after")
    def _standard_indicators_and_reasons(self) -> EvaluationIn:
        problems = rating.standard().problems(self.level, self.indicators, self.reasons)
        if problems:
            raise ValueError("；".join(problems))
        return self


class RatingStandardOut(BaseModel):
    levels: list[str]
    bad_levels: list[str]
    indicators: list[str]
    reasons: dict[str, list[str]]
    window_working_days: int     # a rating may be added until this many working days after the case was decided


class EvaluationOut(BaseModel):
    evaluation_id: str
    follow_up_id: str | None
    follow_up_due: dt.date | None


class HeartbeatIn(_Model):
    queue_depth: int = Field(ge=0, le=10**9)
    devices: dict[str, Any] = Field(default_factory=dict)
    versions: dict[str, Any] = Field(default_factory=dict)


class HeartbeatOut(BaseModel):
    server_time: float


class AlertIn(_Model):
    kind: Literal["call_staff"]
    detail: dict[str, Any] = Field(default_factory=dict)   # e.g. {"screen": "application"}; nothing personal


class AlertOut(BaseModel):
    alert_id: int


class LicenseKeyOut(BaseModel):
    algorithm: Literal["Ed25519"]
    public_key_pem: str          # verifies license data (kind "license")
    apply_public_key_pem: str    # verifies pre-filled application QR codes from /apply (kind "apply")


class Problem(BaseModel):
    detail: str
    message_zh: str
    code: str | None = None   # a refused claim: which notice the terminal shows (backoffice.pickup.ClaimRefused)
