"""The public page where a resident pre-fills the business part of an application on a phone (/apply).

No login and no state: a POST only validates the fields and renders them, signed with the /apply key (never
the license key), as a "kiosk-apply:" QR code (inline SVG, no script) to show at a terminal's 扫码填表. A cross-
site POST therefore gains nothing, and there is no CSRF token to manage. The terminal verifies the signature,
so a code printed by anyone else cannot put text into its form; the resident still reads the card, takes the
face photo and reviews every field there.

No `from __future__ import annotations`: FastAPI resolves the handlers' annotations.
"""

from typing import TYPE_CHECKING, Any

import jinja2
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from reportlab.graphics.barcode import qrencoder
from sqlalchemy import select

from backoffice.models import terminals
from backoffice.web.routes import SECURITY_HEADERS, TEMPLATES
from domain import divisions, scopes
from domain.application import Applicant, Application, Business, Organization, Premises
from domain.card import CardType, IdCard
from domain.license_signing import KIND_APPLY, sign_payload
from domain.prefill import MAX_SCOPE_ITEMS, Prefill
from domain.qr_payloads import prefill_payload
from domain.validation import validate_application

if TYPE_CHECKING:
    from backoffice.context import Backoffice

ORG_ZH = {Organization.INDIVIDUAL: "个人经营", Organization.FAMILY: "家庭经营"}
# validate_application needs a whole application; the card, face and family members come at the terminal,
# so their rules are left to it (and a blank optional field is not an error here).
_PLACEHOLDER_CARD = IdCard(CardType.RESIDENT, "-", "男", "1990-01-01", "-", None, "2020-01-01", None, "")
_DEFERRED = ("applicant.card", "business.family_members")


def signed_qr(prefill: Prefill, private_pem: bytes) -> str:
    """The "kiosk-apply:" payload for these fields."""
    return prefill_payload(sign_payload(KIND_APPLY, prefill.to_fields(), private_pem))


def qr_svg(payload: str) -> str:
    """A QR code (error correction M) as a self-contained SVG: one path of unit squares, 4-module quiet zone."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(payload)
    code.make()
    count, border = code.getModuleCount(), 4
    squares = "".join(f"M{c + border},{r + border}h1v1h-1z" for r, row in enumerate(code.modules)
                      for c, dark in enumerate(row) if dark)
    side = count + 2 * border
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {side} {side}" width="320" height="320" '
            f'shape-rendering="crispEdges" role="img" aria-label="申请二维码">'
            f'<rect width="{side}" height="{side}" fill="#fff"/><path fill="#000" d="{squares}"/></svg>')


def field_errors(prefill: Prefill) -> list[str]:
    """domain.validation's messages for the fields the resident filled in, in form order."""
    business = Business(prefill.name, prefill.organization, prefill.scope,
                        Premises(prefill.division_code, prefill.address), prefill.capital_yuan or 1,
                        prefill.employees)
    app = Application(Applicant(_PLACEHOLDER_CARD, prefill.phone or "13800000000", b"", {}, None, b""), business)
    errors = [e.message_zh for e in validate_application(app, division_code=prefill.division_code)
              if not e.field.startswith(_DEFERRED)]
    if prefill.employees < 1:
        errors.append("从业人数（含本人）至少1人")
    if len(prefill.scope) > MAX_SCOPE_ITEMS:
        errors.append(f"经营范围最多选择{MAX_SCOPE_ITEMS}项，其余可在终端上添加")
    return errors


def _number(raw: str) -> int | None:
    raw = raw.strip().replace(",", "").replace("，", "")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 10 else None


def apply_router(bo: "Backoffice") -> APIRouter:
    router = APIRouter()
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    industries: dict[str, list[scopes.ScopeItem]] = {}
    for item in scopes.catalogue():
        industries.setdefault(item.industry_name, []).append(item)

    def served_divisions() -> list[tuple[str, str]]:
        """(code, full name) of every county with an active terminal: only there can the code be used."""
        with bo.engine.connect() as conn:
            codes = conn.execute(select(terminals.c.division_code).where(terminals.c.active).distinct()).scalars()
            return sorted((code, divisions.full_name(code)) for code in codes if divisions.get(code))

    def render(status: int = 200, **context: Any) -> HTMLResponse:
        values = {"division_code": "", "name": "", "organization": "individual", "scope": [], "address": "",
                  "capital": "", "employees": "1", "phone": ""} | context.pop("values", {})
        html = env.get_template("apply.html").render(
            divisions=served_divisions(), industries=industries, ORG_ZH=ORG_ZH, values=values,
            max_scope=MAX_SCOPE_ITEMS, errors=context.pop("errors", []), **context)
        return HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)

    @router.get("/apply", include_in_schema=False)
    def apply_form() -> HTMLResponse:
        return render()

    @router.post("/apply", include_in_schema=False)
    async def apply_submit(request: Request) -> HTMLResponse:
        form = await request.form()
        values = {key: str(form.get(key, ""))[:200].strip() for key in
                  ("division_code", "name", "organization", "address", "capital", "employees", "phone")}
        values["scope"] = [str(code) for code in form.getlist("scope")][:50]
        errors = []
        if values["division_code"] not in {code for code, _ in served_divisions()}:
            errors.append("请选择经营场所所在的区县")
        if values["organization"] not in ORG_ZH:
            errors.append("请选择经营形式")
        capital, employees = _number(values["capital"]) if values["capital"] else 0, _number(values["employees"])
        if capital is None:
            errors.append("资金数额请填写整数（元），可不填")
        if employees is None:
            errors.append("从业人数请填写整数")
        if errors:
            return render(422, values=values, errors=errors)
        prefill = Prefill(values["division_code"], values["name"] or None, Organization(values["organization"]),
                          tuple(dict.fromkeys(values["scope"])), values["address"], capital, employees,
                          values["phone"])
        errors = field_errors(prefill)
        if errors:
            return render(422, values=values, errors=errors)
        payload = signed_qr(prefill, bo.keys.apply_private_pem)
        chosen = [scopes.get(code) for code in prefill.scope]
        return render(values=values, qr=qr_svg(payload), prefill=prefill, chosen=chosen,
                      division_name=divisions.full_name(prefill.division_code))

    return router
