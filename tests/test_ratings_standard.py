"""好差评 to GB/T 39734 on the back office: indicators and standard 差评 reasons accepted and stored, a
supplementary rating at any terminal after the card matches within the window, working days from the State
Council's holiday table with 调休 make-up days (both engines)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from backoffice_fixtures import (
    DIVISION,
    application,
    db_url,  # noqa: F401  (fixture)
    pg_cluster,  # noqa: F401  (fixture)
    server,  # noqa: F401  (fixture)
    submit,
)
from pickup_fixtures import post_json
from sqlalchemy import select, update

from backoffice.models import evaluations, follow_ups, registrations
from backoffice.terminals import enrol
from backoffice.workdays import add_working_days

WRONG = "370702199001011236"


@pytest.mark.parametrize(("start", "days", "due"), [
    (dt.date(2026, 11, 20), 1, dt.date(2026, 11, 23)),   # Friday → Monday
    (dt.date(2026, 9, 30), 1, dt.date(2026, 10, 8)),     # over 国庆 (1–7 October 2026)
    (dt.date(2026, 10, 9), 1, dt.date(2026, 10, 10)),    # Saturday 10 October is a 调休 working day
    (dt.date(2026, 2, 13), 1, dt.date(2026, 2, 14)),     # Saturday 14 February (春节 调休) is worked
    (dt.date(2026, 2, 14), 1, dt.date(2026, 2, 24)),     # 春节 15–23 February off
    (dt.date(2026, 9, 24), 5, dt.date(2026, 10, 9)),     # 中秋 and 国庆 both skipped
])
def test_working_days_follow_the_holiday_notice(start: dt.date, days: int, due: dt.date) -> None:
    assert add_working_days(start, days) == due


def test_a_year_without_a_holiday_table_counts_weekdays(caplog) -> None:
    assert add_working_days(dt.date(2099, 1, 2), 1) == dt.date(2099, 1, 5)   # Friday → Monday
    assert "no holiday table for 2099" in caplog.text


def _rating(**extra):
    return {"level": "不满意", "indicators": {"整体满意度": "不满意", "服务效率": "非常不满意",
                                             "服务水平": "满意", "服务态度": "基本满意"},
            "reasons": ["办理时间长", "需要多次跑动"], **extra}


def test_standard_indicators_and_reasons_are_stored(server) -> None:  # noqa: F811
    _, reply = submit(server, application())
    answer = server.client.evaluate({"registration_id": reply["registration_id"], **_rating()})
    assert answer.status == 201 and answer.body["follow_up_id"]
    with server.bo.engine.connect() as conn:
        row = conn.execute(select(evaluations)).one()
    assert json.loads(row.indicators_json)["服务效率"] == "非常不满意"
    assert json.loads(row.reasons_json) == ["办理时间长", "需要多次跑动"] and not row.supplementary


@pytest.mark.parametrize(("change", "message"), [
    ({"indicators": {"环境": "满意"}}, "未知的评价指标“环境”"),
    ({"indicators": {"服务态度": "很好"}}, "评价等级“很好”无效"),
    ({"reasons": ["太贵了"]}, "未知的差评原因“太贵了”"),
    ({"level": "满意"}, "只有“不满意”“非常不满意”的评价可选择差评原因"),
])
def test_a_rating_off_the_standard_is_refused(server, change: dict, message: str) -> None:  # noqa: F811
    _, reply = submit(server, application())
    answer = server.client.evaluate({"registration_id": reply["registration_id"], **_rating(**change)})
    assert answer.status == 422 and message in json.dumps(answer.body, ensure_ascii=False)


def test_terminals_read_the_standard(server) -> None:  # noqa: F811
    body = server.client.request("GET", "api/v1/evaluations/standard").body
    assert body["indicators"] == ["整体满意度", "服务效率", "服务水平", "服务态度"]
    assert "态度生硬" in body["reasons"]["服务态度"] and body["window_working_days"] == 5
    assert body["bad_levels"] == ["不满意", "非常不满意"]


def _later(running, token: str, id_number: str, **extra):
    enrol(running.bo.engine, running.bo.keys, "T-2", secret="s2", division_code=DIVISION)
    return post_json(running.client_for("T-2", "s2"), f"api/v1/receipts/{token}/evaluation",
                     {"id_number": id_number, **_rating(**extra)})


def test_a_supplementary_rating_at_another_terminal_after_the_card_matches(server) -> None:  # noqa: F811
    body = application()
    _, reply = submit(server, body)
    answer = _later(server, reply["receipt_token"], body["applicant"]["card"]["id_number"])
    assert answer.status == 201 and answer.body["follow_up_due"]
    with server.bo.engine.connect() as conn:
        row = conn.execute(select(evaluations)).one()
        assert conn.execute(select(follow_ups.c.registration_id)).scalar_one() == reply["registration_id"]
    assert row.supplementary and row.terminal_id == "T-2"


def test_a_supplementary_rating_with_another_card_is_refused(server) -> None:  # noqa: F811
    _, reply = submit(server, application())
    answer = _later(server, reply["receipt_token"], WRONG)
    assert answer.status == 403 and WRONG not in json.dumps(answer.body)
    bad = _later(server, reply["receipt_token"], WRONG, reasons=["太贵了"])
    assert bad.status == 422 and WRONG not in json.dumps(bad.body, ensure_ascii=False)


def test_after_the_window_a_rating_is_refused_with_the_last_day(server) -> None:  # noqa: F811
    body = application()
    _, reply = submit(server, body)
    long_ago = dt.datetime(2026, 9, 24, 2, tzinfo=dt.UTC)          # decided 24 September 2026 (China time)
    with server.bo.engine.begin() as conn:
        conn.execute(update(registrations).values(decided_at=long_ago, created_at=long_ago))
    answer = _later(server, reply["receipt_token"], body["applicant"]["card"]["id_number"])
    assert answer.status == 410
    assert "2026年10月09日" in answer.body["message_zh"]            # 5 working days over 中秋 and 国庆
