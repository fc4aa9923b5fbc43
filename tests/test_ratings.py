"""One rating per registration, from the terminal that filed it or one where the applicant's card matched,
within the rating window; stuffing from a foreign terminal moves nothing (both engines, real HTTP)."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

from backoffice_fixtures import (
    DIVISION,
    application,
    db_url,  # noqa: F401  (fixture)
    pg_cluster,  # noqa: F401  (fixture)
    server,  # noqa: F401  (fixture)
    submit,
)
from pickup_fixtures import post_json
from sqlalchemy import func, select, update

from backoffice.models import evaluations, follow_ups, registrations
from backoffice.terminals import enrol


def _count(running, table) -> int:  # type: ignore[no-untyped-def]
    with running.bo.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def test_a_second_rating_is_409(server) -> None:  # noqa: F811
    _, reply = submit(server, application())
    first = server.client.evaluate({"registration_id": reply["registration_id"], "level": "满意"})
    second = server.client.evaluate({"registration_id": reply["registration_id"], "level": "非常不满意"})
    assert first.status == 201
    assert second.status == 409 and "已评价" in second.body["message_zh"]
    assert _count(server, evaluations) == 1 and _count(server, follow_ups) == 0


def test_simultaneous_ratings_of_one_registration_count_once(server) -> None:  # noqa: F811
    _, reply = submit(server, application())
    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(lambda _: server.client.evaluate(
            {"registration_id": reply["registration_id"], "level": "非常不满意"}).status, range(8)))
    assert sorted(statuses) == [201] + [409] * 7
    assert _count(server, evaluations) == 1 and _count(server, follow_ups) == 1


def test_a_foreign_terminal_cannot_rate_until_the_applicants_card_matched_there(server) -> None:  # noqa: F811
    body = application()
    _, reply = submit(server, body)
    enrol(server.bo.engine, server.bo.keys, "T-FOREIGN", secret="foreign", division_code=DIVISION)
    foreign = server.client_for("T-FOREIGN", "foreign")
    try:
        for _ in range(3):
            refused = foreign.evaluate({"registration_id": reply["registration_id"], "level": "非常不满意"})
            assert refused.status == 403
        assert _count(server, evaluations) == 0 and _count(server, follow_ups) == 0
        matched = post_json(foreign, f"api/v1/receipts/{reply['receipt_token']}/claim",
                            {"id_number": body["applicant"]["card"]["id_number"]})
        assert matched.status == 200
        assert foreign.evaluate({"registration_id": reply["registration_id"], "level": "满意"}).status == 201
    finally:
        foreign.close()


def test_ratings_after_the_window_are_410(server) -> None:  # noqa: F811
    _, reply = submit(server, application())
    # Five working days are at most 19 calendar days, whatever holidays lie between (the longest, 国庆, is 8).
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=server.bo.settings.rating_window_working_days + 14)
    with server.bo.engine.begin() as conn:
        conn.execute(update(registrations).where(registrations.c.registration_id == reply["registration_id"])
                     .values(created_at=long_ago, decided_at=long_ago))
    late = server.client.evaluate({"registration_id": reply["registration_id"], "level": "满意"})
    assert late.status == 410 and "期限" in late.body["message_zh"]
