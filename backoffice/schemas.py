"""API v1 request and reply bodies. Validation errors become 422 naming the field (never 500)."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

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


class ApplicantIn(_Model):
    card: CardIn
    phone: str = Field(pattern=r"^\+?[0-9][0-9-]{4,19}$")
    face_jpeg: Annotated[bytes, *_base64(MAX_FACE_BYTES)]
    face_quality: dict[str, Any] = Field(default_factory=dict)
    liveness_passed: bool | None
    signature_png: Annotated[bytes, *_base64(MAX_SIGNATURE_BYTES)]


class FamilyMemberIn(_Model):
    name: str = Field(min_length=1, max_length=64)
    id_number: str = Field(min_length=1, max_length=32)
    relation: str = Field(min_length=1, max_length=16)


class PremisesIn(_Model):
    division_code: str = Field(pattern=r"^[0-9]{6}$")
    address: str = Field(min_length=1, max_length=200)


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
                                signature_png=a.signature_png),
            business=Business(
                name=b.name or None, organization=b.organization, scope=tuple(b.scope),
                premises=Premises(b.premises.division_code, b.premises.address),
                capital_yuan=b.capital_yuan, employees=b.employees,
                family_members=tuple(FamilyMember(m.name, m.id_number, m.relation) for m in b.family_members)),
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


class LicenseKeyOut(BaseModel):
    algorithm: Literal["Ed25519"]
    public_key_pem: str          # verifies license data (kind "license")
    apply_public_key_pem: str    # verifies pre-filled application QR codes from /apply (kind "apply")


class Problem(BaseModel):
    detail: str
    message_zh: str
