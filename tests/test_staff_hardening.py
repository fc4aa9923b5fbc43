"""Odd query values never make a staff page fail, and replies carry the caching and transport headers they
should."""

from __future__ import annotations

import pytest
from staff_fixtures import REVIEWER, StaffEnv, sqlite_env  # noqa: F401  (fixture)


@pytest.mark.parametrize("url", [
    "/staff/ratings?days=999999999", "/staff/ratings?days=-5", "/staff/ratings?days=99999999999999999999999",
    "/staff/queue?date_to=9999-12-31", "/staff/queue?date_from=0001-01-01",
    "/staff/queue?status=&date_from=0001-01-01&date_to=9999-12-31",
])
def test_extreme_query_values_give_a_page_not_a_500(sqlite_env: StaffEnv, url: str) -> None:  # noqa: F811
    reply = sqlite_env.login(REVIEWER).get(url)
    assert reply.status_code == 200, reply.text[:300]
