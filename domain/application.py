"""The application a resident files at the terminal, in the shape of the back office's API body."""

from __future__ import annotations

import base64
import enum
from dataclasses import dataclass, field
from typing import Any

from domain.addresses import AddressParts, OnlineShop, Promise
from domain.card import IdCard


class Organization(enum.StrEnum):
    INDIVIDUAL = "individual"   # 个人经营
    FAMILY = "family"           # 家庭经营


# A family member's relation to the applicant, as the form offers them (家庭经营).
FAMILY_RELATIONS: tuple[str, ...] = ("配偶", "子女", "父母", "兄弟姐妹")


@dataclass(frozen=True)
class FamilyMember:
    name: str
    id_number: str
    relation: str
    # The member verified on this visit by card and face (issue 13): the terminal's 人证比对 of the member's
    # chip photo against the member's live face — band, score, engine, certified, faces. None: not verified
    # (typed in, or no reference photo), which leaves the family case to staff.
    verification: dict[str, Any] | None = None


@dataclass(frozen=True)
class Premises:
    division_code: str   # county-level GB/T 2260 code; fixed to the terminal's jurisdiction
    address: str         # street and house number inside that county
    # 商铺 / 住宅 / 商住 / 网络 (a 网络经营场所): drives the catalogue's no-go rules; None when not stated.
    premises_type: str | None = None
    # The address in its parts (None: free text only, as older terminals and prefill QR codes send it), the
    # online shop for a 网络经营场所, and the 申报承诺书 the resident accepted (None: not shown, older terminals).
    parts: AddressParts | None = None
    online_shop: OnlineShop | None = None
    promise: Promise | None = None

    def to_json(self) -> dict[str, Any]:
        return {"division_code": self.division_code, "address": self.address,
                **({"premises_type": self.premises_type} if self.premises_type else {}),
                **({"parts": self.parts.to_json()} if self.parts else {}),
                **({"online_shop": {"platform": self.online_shop.platform, "url": self.online_shop.url}}
                   if self.online_shop else {}),
                **({"promise_version": self.promise.version, "promise_accepted_at": self.promise.accepted_at}
                   if self.promise else {})}


@dataclass(frozen=True)
class Business:
    name: str | None
    organization: Organization
    scope: tuple[str, ...]           # business-scope catalogue codes
    premises: Premises
    capital_yuan: int
    employees: int
    family_members: tuple[FamilyMember, ...] = ()


@dataclass(frozen=True)
class Applicant:
    card: IdCard
    phone: str
    face_jpeg: bytes
    face_quality: dict[str, Any]
    liveness_passed: bool | None
    signature_png: bytes
    # 人证比对 on the terminal (issue 13): the card's decoded chip photo, and the comparison's band, score,
    # engine and certified flag; empty / None when the terminal had no reference photo.
    reference_jpeg: bytes = b""
    face_comparison: dict[str, Any] | None = None


@dataclass(frozen=True)
class Application:
    applicant: Applicant
    business: Business
    extras: dict[str, Any] = field(default_factory=dict)

    def to_api_json(self) -> dict[str, Any]:
        a, b = self.applicant, self.business
        return {
            "applicant": {
                "card": a.card.to_json(),
                "phone": a.phone,
                "face_jpeg": base64.b64encode(a.face_jpeg).decode("ascii"),
                "face_quality": a.face_quality,
                "liveness_passed": a.liveness_passed,
                "signature_png": base64.b64encode(a.signature_png).decode("ascii"),
                **({"reference_jpeg": base64.b64encode(a.reference_jpeg).decode("ascii")} if a.reference_jpeg
                   else {}),
                **({"face_comparison": a.face_comparison} if a.face_comparison is not None else {}),
            },
            "business": {
                "name": b.name,
                "organization": b.organization.value,
                "family_members": [
                    {"name": m.name, "id_number": m.id_number, "relation": m.relation,
                     **({"verification": m.verification} if m.verification is not None else {})}
                    for m in b.family_members
                ],
                "scope": list(b.scope),
                "premises": b.premises.to_json(),
                "capital_yuan": b.capital_yuan,
                "employees": b.employees,
            },
        }
