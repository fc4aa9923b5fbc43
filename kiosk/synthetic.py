"""Synthetic residents for burn-in and demos: valid, random, fictitious, and ones the approval rules accept."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass

import cv2
import numpy as np

from devices.idcard.simulator import synthetic_photo
from domain import divisions, scopes
from domain.card import CardType, IdCard
from domain.ids import make_resident_id

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建国志红文辉力鹏飞宇浩然欣怡晨阳"
_STREETS = ("胜利西街", "和平路", "向阳路", "东风西街", "北宫西街", "健康西街", "西环路", "福寿西街", "月河路",
            "青年路")


@dataclass(frozen=True)
class SyntheticBusiness:
    scope: tuple[str, ...]
    address: str
    capital_yuan: int
    employees: int
    phone: str


def _validity(issued: dt.date, age_at_issue: int) -> str | None:
    """GB 11643 practice: 10 years under 26, 20 years to 45, 长期 from 46."""
    if age_at_issue >= 46:
        return None
    years = 10 if age_at_issue < 26 else 20
    if (issued.month, issued.day) == (2, 29):
        issued = issued.replace(day=28)  # the card runs to 28 February in a year without a leap day
    return issued.replace(year=issued.year + years).isoformat()


def _police_office(division_code: str) -> str:
    """e.g. 潍坊市公安局潍城分局 for 370702."""
    county = divisions.get(division_code)
    city = divisions.get(county.parent) if county and county.parent else None
    if county is None or city is None:
        return "公安局"
    return f"{city.name}公安局{county.name[:-1] if len(county.name) > 2 else county.name}分局"


def synthetic_card(rng: random.Random, division_code: str, today: dt.date) -> IdCard:
    """An adult resident card, valid today, with a fresh random number registered in division_code."""
    age = rng.randint(20, 65)
    birth = dt.date(today.year - age, rng.randint(1, 12), rng.randint(1, 28))
    number = make_resident_id(division_code, birth, rng.randint(0, 999))
    issued = today - dt.timedelta(days=rng.randint(30, 9 * 365))
    age_at_issue = issued.year - birth.year - ((issued.month, issued.day) < (birth.month, birth.day))
    name = rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.randint(1, 2)))
    photo = synthetic_photo(number)  # decodes (simulation decoder) to the face the simulated camera shows
    return IdCard(
        card_type=CardType.RESIDENT,
        name=name,
        gender="男" if int(number[16]) % 2 else "女",
        nation="汉",
        birth_date=birth.isoformat(),
        address=f"{divisions.full_name(division_code)}{rng.choice(_STREETS)}{rng.randint(1, 300)}号",
        id_number=number,
        issuer=_police_office(division_code),
        valid_from=issued.isoformat(),
        valid_until=_validity(issued, age_at_issue),
        photo_sha256=hashlib.sha256(photo).hexdigest(),
        photo_wlt=photo,
    )


def synthetic_business(rng: random.Random, division_code: str) -> SyntheticBusiness:
    """Only plain 一般项目 (no permit, no 备案) and an address with a house number: approvable, license only."""
    general = [item.code for item in scopes.catalogue() if item.permit_type == "general"]
    return SyntheticBusiness(
        scope=tuple(rng.sample(general, rng.randint(1, 3))),
        address=f"{rng.choice(_STREETS)}{rng.randint(1, 500)}号{rng.randint(1, 20)}号商铺",
        capital_yuan=rng.randrange(10_000, 500_000, 1_000),
        employees=rng.randint(1, 8),
        phone="1" + rng.choice("3589") + "".join(str(rng.randint(0, 9)) for _ in range(9)),
    )


def synthetic_signature(rng: random.Random) -> bytes:
    """A PNG of a handwritten-looking stroke, as the signature pad produces."""
    canvas = np.full((240, 640), 255, np.uint8)
    xs = np.linspace(40, 600, 60)
    ys = 120 + 50 * np.sin(xs / rng.uniform(25, 60) + rng.uniform(0, 6)) + rng.uniform(-10, 10)
    points = np.stack([xs, ys], axis=1).astype(np.int32)
    cv2.polylines(canvas, [points], isClosed=False, color=0, thickness=4, lineType=cv2.LINE_AA)
    ok, png = cv2.imencode(".png", canvas)
    assert ok
    return png.tobytes()
