"""The license data the terminal prints, built from an approved application and signed by the back office."""

from __future__ import annotations

import datetime as dt
from typing import Any

from domain import divisions
from domain.application import Application, Organization
from domain.license_signing import sign_license
from domain.scopes import ScopeItem

_ORGANIZATION_ZH = {Organization.INDIVIDUAL: "个人经营", Organization.FAMILY: "家庭经营"}


def authority_name(division_code: str) -> str:
    """The registering authority, e.g. 潍坊市潍城区市场监督管理局 for 370702."""
    county = divisions.get(division_code)
    if county is None:
        return "市场监督管理局"
    city = divisions.get(county.parent) if county.parent else None
    prefix = county.name
    # A county under a prefecture-level city carries the city's name; provinces are left out.
    if city is not None and city.parent is not None:
        prefix = city.name + county.name
    return f"{prefix}市场监督管理局"


def premises_text(division_code: str, address: str) -> str:
    full = divisions.full_name(division_code)
    county = divisions.get(division_code)
    if address.startswith(full) or (county is not None and address.startswith(county.name)):
        return address
    return full + address


def license_fields(app: Application, uscc: str, scope: list[ScopeItem], day: dt.date,
                   authority_division: str, identity_code: str | None = None) -> dict[str, Any]:
    """`authority_division` is the county that registers the business: the same one whose code is in the
    credit code's 3rd-8th characters, so the license never names one county and carries another's code."""
    b = app.business
    fields = {
        "uscc": uscc,
        "name": b.name,
        "type": "个体工商户",
        "operator": app.applicant.card.name,
        "organization": _ORGANIZATION_ZH[b.organization],
        "premises": premises_text(b.premises.division_code, b.premises.address),
        "registration_date": day.isoformat(),
        "scope_permit": [item.name for item in scope if item.permit_required],
        "scope_general": [item.name for item in scope if not item.permit_required],
        "authority": authority_name(authority_division),
        "issue_date": day.isoformat(),
    }
    if identity_code:   # the 市场主体身份码 the provincial system issued: the license QR carries it
        fields["identity_code"] = identity_code
    notices = dual_notices(scope)
    if notices:
        fields["dual_notices"] = notices
    filed = filings(scope)
    if filed:
        fields["filings"] = filed
    return fields


def dual_notices(scope: list[ScopeItem]) -> list[dict[str, str]]:
    """双告知: for each 许可 item, the licence to obtain and the department that grants it, before operating."""
    return [{"item": item.name, "licence": a.licence, "department": a.department}
            for item in scope if item.permit_required for a in item.approvals if a.stage == "后置"]


def filings(scope: list[ScopeItem]) -> list[dict[str, str]]:
    """备案 made together with the registration (多证合一) for general-with-备案 items."""
    return [{"item": item.name, "filing": a.licence, "department": a.department}
            for item in scope if item.needs_filing for a in item.approvals if a.stage == "备案"]


def signed_license(app: Application, uscc: str, scope: list[ScopeItem], day: dt.date,
                   private_pem: bytes, authority_division: str, identity_code: str | None = None) -> dict[str, Any]:
    return sign_license(license_fields(app, uscc, scope, day, authority_division, identity_code), private_pem)
