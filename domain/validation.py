"""Field-level checks of an Application before it is submitted: what the resident must correct at the kiosk.

Rules that need a person or the back office's data (permits, duplicates, credit lists) are not here; this only
says whether each field is well-formed and inside the terminal's jurisdiction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from domain import divisions, names, scopes
from domain.application import Application, Business, Organization
from domain.ids import InvalidIdNumber, normalise_id_number, validate_id_number

PHONE = re.compile(r"1[3-9]\d{9}")
MAX_CAPITAL_YUAN = 10**9
MAX_EMPLOYEES = 999


@dataclass(frozen=True)
class FieldError:
    field: str        # dotted path into the API body, e.g. "business.premises.address"
    message_zh: str


def _inside(code: str, division_code: str) -> bool:
    return any(d.code == division_code for d in divisions.lineage(code))


def _other_places_named(address: str, division_code: str) -> list[str]:
    """Counties and cities of the same province, other than our own lineage, that the address mentions."""
    own = {d.code for d in divisions.lineage(division_code)}
    province = divisions.lineage(division_code)[0].code
    places = []
    stack = [province]
    while stack:
        for d in divisions.children(stack.pop()):
            stack.append(d.code)
            if d.code not in own and len(d.name) >= 2 and d.name in address:
                places.append(d.name)
    return places


def _premises(b: Business, division_code: str) -> list[FieldError]:
    errors = []
    here = divisions.full_name(division_code)
    if not _inside(b.premises.division_code, division_code):
        errors.append(FieldError("business.premises.division_code", f"经营场所必须位于本辖区（{here}）内"))
    address = b.premises.address.strip()
    if not address:
        errors.append(FieldError("business.premises.address", "请填写经营场所地址"))
        return errors
    if "号" not in address:
        errors.append(FieldError("business.premises.address", "经营场所地址应写到门牌号，例如“胜利西街100号”"))
    others = _other_places_named(address, division_code)
    if others:
        errors.append(FieldError(
            "business.premises.address", f"经营场所地址中的“{others[0]}”不在本辖区（{here}），请在所在地办理"
        ))
    return errors


def _scope(b: Business) -> list[FieldError]:
    if not b.scope:
        return [FieldError("business.scope", "请至少选择一项经营范围")]
    errors = []
    seen: set[str] = set()
    for i, code in enumerate(b.scope):
        if scopes.get(code) is None:
            errors.append(FieldError(f"business.scope[{i}]", "经营范围不在规范表述目录中，请从目录中选择"))
        elif code in seen:
            errors.append(FieldError(f"business.scope[{i}]", f"经营范围“{scopes.get(code).name}”重复选择"))
        seen.add(code)
    return errors


def _family(app: Application) -> list[FieldError]:
    b = app.business
    if b.organization is not Organization.FAMILY:
        if b.family_members:
            return [FieldError("business.family_members", "个人经营无需填写家庭成员")]
        return []
    if not b.family_members:
        return [FieldError("business.family_members", "家庭经营须至少填写一名参与经营的家庭成员")]
    errors = []
    seen = {normalise_id_number(app.applicant.card.id_number)}
    for i, m in enumerate(b.family_members):
        path = f"business.family_members[{i}]"
        if not m.name.strip():
            errors.append(FieldError(f"{path}.name", "请填写家庭成员姓名"))
        if not m.relation.strip():
            errors.append(FieldError(f"{path}.relation", "请填写家庭成员与经营者的关系"))
        try:
            validate_id_number(m.id_number)
        except InvalidIdNumber as e:
            errors.append(FieldError(f"{path}.id_number", f"家庭成员{e.message_zh}"))
            continue
        number = normalise_id_number(m.id_number)
        if number in seen:
            errors.append(FieldError(f"{path}.id_number", "家庭成员证件号码与经营者或其他成员重复"))
        seen.add(number)
    return errors


def validate_application(
    app: Application, *, division_code: str, require_name_suffix: bool = False
) -> list[FieldError]:
    """Every field error, in form order; [] means the form is complete. division_code is the terminal's county."""
    if not divisions.is_county(division_code):
        raise ValueError(f"terminal division must be county level: {division_code!r}")
    a, b = app.applicant, app.business
    errors = []
    if not PHONE.fullmatch(a.phone):
        errors.append(FieldError("applicant.phone", "请输入11位手机号码，例如13812345678"))
    try:
        validate_id_number(a.card.id_number)
    except InvalidIdNumber as e:
        errors.append(FieldError("applicant.card.id_number", e.message_zh))
    if b.name is not None and b.name.strip():
        errors += [
            FieldError("business.name", f.message_zh)
            for f in names.check_business_name(b.name, division_code, require_suffix=require_name_suffix)
            if f.severity == "reject"
        ]
    errors += _premises(b, division_code)
    errors += _scope(b)
    if not 0 < b.capital_yuan <= MAX_CAPITAL_YUAN:
        errors.append(FieldError("business.capital_yuan", "资金数额应大于0元且不超过10亿元"))
    if not 0 <= b.employees <= MAX_EMPLOYEES:
        errors.append(FieldError("business.employees", f"从业人数应在0至{MAX_EMPLOYEES}人之间"))
    errors += _family(app)
    return errors
