"""The authority's name register: loaded from CSV with `kiosk-backoffice import-names`, compared with every
proposed name alongside this back office's own registrations, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from backoffice_fixtures import (
    DIVISION,
    application,
    db_url,  # noqa: F401  (fixture)
    pg_cluster,  # noqa: F401  (fixture)
    server,  # noqa: F401  (fixture)
    submit,
)
from sqlalchemy import func, select

from backoffice import cli
from backoffice.models import name_register

TODAY = dt.date.today()
RECENT = (TODAY - dt.timedelta(days=100)).isoformat()
LONG_AGO = (TODAY - dt.timedelta(days=400)).isoformat()
HEADER = "name,字号,行业,division,status,date\n"


def _load(server, tmp_path: Path, rows: str) -> int:  # noqa: F811
    path = tmp_path / "register.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return cli.main(["import-names", "--db", str(server.bo.engine.url.render_as_string(hide_password=False)),
                     "--keys", str(tmp_path / "backoffice.keys"), str(path)])


def _count(server) -> int:  # noqa: F811
    with server.bo.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(name_register)).scalar_one()


@pytest.mark.parametrize(("registered", "proposed", "status", "code"), [
    (f"潍坊市潍城区红光酒业有限公司,红光,酒业,{DIVISION},存续,", "潍城区红光酒厂", "rejected", "name_identical"),
    (f"潍城区鑫源建材店,鑫源,建材,{DIVISION},存续,", "潍城区欣源建材部", "manual_review", "name_similar"),
    (f"潍城区张三便利店,张三,便利,{DIVISION},注销,{RECENT}", "潍城区张三便利部", "rejected", "name_identical"),
    (f"潍城区张三便利店,张三,便利,{DIVISION},变更,{RECENT}", "潍城区张三便利店", "rejected", "name_identical"),
    (f"潍城区张三便利店,张三,便利,{DIVISION},注销,{LONG_AGO}", "潍城区张三便利店", "approved", None),
    ("奎文区张三便利店,张三,便利,370705,存续,", "潍城区张三便利店", "approved", None),   # other authority
])
def test_proposed_names_meet_the_register(server, tmp_path: Path, registered: str, proposed: str,  # noqa: F811
                                          status: str, code: str | None) -> None:
    assert _load(server, tmp_path, registered + "\n") == 0
    _, reply = submit(server, application(**{"business.name": proposed}))
    assert reply["status"] == status
    assert [r["code"] for r in reply["reasons"]] == ([code] if code else [])
    if code:
        assert registered.split(",")[0] in reply["reasons"][0]["message"]


def test_loading_again_updates_instead_of_duplicating(server, tmp_path: Path) -> None:  # noqa: F811
    rows = "".join(f"潍城区{t}便利店,{t},便利,{DIVISION},存续,\n" for t in ("张三", "李四", "王五"))
    assert _load(server, tmp_path, rows) == 0
    assert _load(server, tmp_path, rows) == 0
    assert _count(server) == 3
    # The register later reports 张三便利店 deregistered long ago: its name is free again.
    assert _load(server, tmp_path, f"潍城区张三便利店,张三,便利,{DIVISION},注销,{LONG_AGO}\n") == 0
    assert _count(server) == 3
    assert submit(server, application(**{"business.name": "潍城区张三便利店"}))[1]["status"] == "approved"


@pytest.mark.parametrize(("rows", "message"), [
    (f"潍城区张三便利店,张三,便利,{DIVISION},歇业,\n", "第2行：无法识别的状态"),
    (f"潍城区张三便利店,张三,便利,{DIVISION},注销,\n", "第2行：注销、变更或吊销的名称需填写日期"),
    (f"潍城区张三便利店,张三,便利,{DIVISION},注销,2025/1/1\n", "第2行：日期"),
    (f"潍城区李四便利店,李四,便利,{DIVISION},存续,\n潍城区张三便利店,张三,便利,3707,存续,\n", "第3行"),
])
def test_a_bad_file_loads_nothing_and_says_where(server, tmp_path: Path, capsys, rows: str,  # noqa: F811
                                                  message: str) -> None:
    assert _load(server, tmp_path, rows) == 2
    assert message in capsys.readouterr().err
    assert _count(server) == 0


def test_registrations_made_before_the_upgrade_are_still_compared(tmp_path: Path) -> None:
    import datetime as _dt

    from alembic import command
    from alembic.config import Config as AlembicConfig
    from sqlalchemy import text

    from backoffice.app import Backoffice
    from backoffice.db import MIGRATIONS, make_engine

    db = tmp_path / "old.sqlite3"
    engine = make_engine(str(db))
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", MIGRATIONS)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002_staff")            # the schema before the name register
    now = _dt.datetime.now(_dt.UTC)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO terminals VALUES ('T-OLD', :d, x'00', 1, :now)"), {"d": DIVISION, "now": now})
        conn.execute(text(
            "INSERT INTO registrations (registration_id, terminal_id, idempotency_key, body_sha256, status, uscc, "
            "applicant_key, division_code, business_name, receipt_token, reasons_json, checks_json, payload_sealed, "
            "reply_sealed, decided_by, created_at) VALUES ('r1', 'T-OLD', 'k1', 'h', 'approved', NULL, 'a', :d, "
            "'潍城区张三便利店', 't1', '[]', '[]', x'00', x'00', 'rules', :now)"), {"d": DIVISION, "now": now})
    engine.dispose()
    bo = Backoffice.open(str(db), keys_path=tmp_path / "backoffice.keys")   # migrates to the newest revision
    with bo.engine.connect() as conn:
        row = conn.execute(text("SELECT name_trade, name_pinyin FROM registrations")).one()
    assert tuple(row) == ("张三", "zhang san")
    bo.engine.dispose()
