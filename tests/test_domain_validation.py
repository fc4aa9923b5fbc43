"""Field-level validation of an application filed at a 潍城区 terminal: errors a resident would be shown."""

import dataclasses
import datetime as dt

import pytest

from domain.application import Applicant, Application, Business, FamilyMember, Organization, Premises
from domain.card import CardType, IdCard
from domain.ids import make_resident_id
from domain.validation import FieldError, validate_application

WEICHENG = "370702"
APPLICANT_ID = make_resident_id(WEICHENG, dt.date(1985, 6, 1), 11)
SPOUSE_ID = make_resident_id(WEICHENG, dt.date(1986, 3, 2), 12)


def application(**business_changes) -> Application:
    card = IdCard(
        card_type=CardType.RESIDENT, name="张三", gender="男", birth_date="1985-06-01", id_number=APPLICANT_ID,
        issuer="潍坊市公安局潍城分局", valid_from="2015-01-01", valid_until="2035-01-01", photo_sha256="0" * 64,
        nation="汉", address="山东省潍坊市潍城区胜利西街1号",
    )
    applicant = Applicant(card=card, phone="13812345678", face_jpeg=b"", face_quality={}, liveness_passed=True,
                          signature_png=b"")
    business = Business(
        name="潍城区张三便利店", organization=Organization.INDIVIDUAL, scope=("S0001", "S0010"),
        premises=Premises(WEICHENG, "潍城区胜利西街100号"), capital_yuan=50_000, employees=2,
    )
    return Application(applicant, dataclasses.replace(business, **business_changes))


def fields(errors: list[FieldError]) -> list[str]:
    return [e.field for e in errors]


def test_clean_application_has_no_errors():
    assert validate_application(application(), division_code=WEICHENG) == []
    assert validate_application(application(name=None), division_code=WEICHENG) == []


def test_phone():
    app = application()
    app = dataclasses.replace(app, applicant=dataclasses.replace(app.applicant, phone="12812345678"))
    (err,) = validate_application(app, division_code=WEICHENG)
    assert err == FieldError("applicant.phone", "请输入11位手机号码，例如13812345678")


@pytest.mark.parametrize(
    ("premises", "field", "message_part"),
    [
        (Premises(WEICHENG, "潍城区胜利西街"), "business.premises.address", "门牌号"),
        (Premises(WEICHENG, "  "), "business.premises.address", "请填写"),
        (Premises(WEICHENG, "潍坊市奎文区东风东街100号"), "business.premises.address", "奎文区"),
        (Premises("370705", "东风东街100号"), "business.premises.division_code", "山东省潍坊市潍城区"),
        (Premises("999999", "东风东街100号"), "business.premises.division_code", "本辖区"),
    ],
)
def test_premises(premises, field, message_part):
    (err,) = validate_application(application(premises=premises), division_code=WEICHENG)
    assert err.field == field and message_part in err.message_zh


def test_scope():
    assert fields(validate_application(application(scope=()), division_code=WEICHENG)) == ["business.scope"]
    errors = validate_application(application(scope=("S0001", "S9999", "S0001")), division_code=WEICHENG)
    assert fields(errors) == ["business.scope[1]", "business.scope[2]"]
    assert "目录" in errors[0].message_zh and "日用百货销售" in errors[1].message_zh


@pytest.mark.parametrize(("capital", "ok"), [(0, False), (-1, False), (1, True), (10**9, True), (10**9 + 1, False)])
def test_capital(capital, ok):
    errors = validate_application(application(capital_yuan=capital), division_code=WEICHENG)
    assert (errors == []) is ok
    assert ok or errors[0].message_zh == "资金数额应大于0元且不超过10亿元"


@pytest.mark.parametrize(("employees", "ok"), [(0, True), (999, True), (1000, False), (-1, False)])
def test_employees(employees, ok):
    assert (validate_application(application(employees=employees), division_code=WEICHENG) == []) is ok


def test_name_reject_findings_become_field_errors_but_review_ones_do_not():
    (err,) = validate_application(application(name="潍城区中国便利店"), division_code=WEICHENG)
    assert err == FieldError("business.name", "名称不能使用“中国”字样")
    assert validate_application(application(name="潍城区雷锋便利店"), division_code=WEICHENG) == []
    (err,) = validate_application(application(name="潍城区张三便利店"), division_code=WEICHENG,
                                  require_name_suffix=True)
    assert err.field == "business.name"


def test_family_members():
    family = Organization.FAMILY
    ok = FamilyMember("李四", SPOUSE_ID, "配偶")
    assert validate_application(application(organization=family, family_members=(ok,)), division_code=WEICHENG) == []
    (err,) = validate_application(application(organization=family), division_code=WEICHENG)
    assert err.field == "business.family_members"
    bad_id = FamilyMember("李四", SPOUSE_ID[:-1] + ("0" if SPOUSE_ID[-1] != "0" else "1"), "配偶")
    (err,) = validate_application(application(organization=family, family_members=(bad_id,)),
                                  division_code=WEICHENG)
    assert err == FieldError("business.family_members[0].id_number", "家庭成员证件号码有一位不对，请对照证件逐位核对")
    twice = (ok, FamilyMember("王五", APPLICANT_ID, ""))
    errors = validate_application(application(organization=family, family_members=twice), division_code=WEICHENG)
    assert fields(errors) == ["business.family_members[1].relation", "business.family_members[1].id_number"]
    (err,) = validate_application(application(family_members=(ok,)), division_code=WEICHENG)
    assert err.message_zh == "个人经营无需填写家庭成员"


def test_errors_come_in_form_order_and_terminal_must_be_a_county():
    app = application(name="奎文区ABC店", scope=(), capital_yuan=0, employees=5000)
    app = dataclasses.replace(app, applicant=dataclasses.replace(app.applicant, phone="110"))
    assert fields(validate_application(app, division_code=WEICHENG)) == [
        "applicant.phone", "business.name", "business.name", "business.scope", "business.capital_yuan",
        "business.employees",
    ]
    with pytest.raises(ValueError):
        validate_application(application(), division_code="370700")
