"""`kiosk enrol` against a real back office over HTTP: a one-time code becomes the terminal's identity in its
configuration file, readable only by the kiosk user, and the secret is never shown."""

from __future__ import annotations

import argparse
import os
import pwd
import stat
import uuid

import pytest

from backoffice.app import Backoffice, create_app
from backoffice.embedded import ServerThread
from backoffice.enrolment import issue_code
from kiosk.commands import enrol
from kiosk.config import load_config


def new_terminal() -> str:
    """A terminal id per test: the back office caches a terminal's secret for up to 30 s after re-enrolment."""
    return f"T-ENROL-{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="module")
def backoffice(tmp_path_factory):
    bo = Backoffice.open(str(tmp_path_factory.mktemp("bo") / "bo.sqlite3"))
    server = ServerThread(create_app(bo))
    server.start()
    yield bo, f"http://127.0.0.1:{server.port}"
    server.stop()
    bo.engine.dispose()


@pytest.fixture
def site(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text(f'# printer of this branch\nprinter = "branch"\ndata_dir = "{tmp_path / "data"}"\n'
                    'terminal_id = "sim-terminal-01"\n')
    return path


def _enrol(url: str, code: str, site, capsys) -> tuple[int, str]:
    parser = argparse.ArgumentParser()
    enrol.add_arguments(parser)
    rc = enrol.run(parser.parse_args(["--backoffice", url, "--code", code, "--config", str(site)]))
    out = capsys.readouterr()
    return rc, out.out + out.err


def test_code_becomes_the_terminals_identity_in_a_private_config(backoffice, site, capsys):
    bo, url = backoffice
    terminal = new_terminal()
    issued = issue_code(bo.engine, terminal, division_code="370702", created_by="test")
    rc, output = _enrol(url, issued.code.lower().replace("-", " "), site, capsys)   # typed loosely
    assert rc == 0, output
    config = load_config(site, env={})
    assert (config.terminal_id, config.backoffice_url, config.division_code) == (terminal, url + "/", "370702")
    assert config.printer == "branch" and "# printer of this branch" in site.read_text()   # the rest is kept
    assert stat.S_IMODE(site.stat().st_mode) == 0o600
    assert config.terminal_secret not in output and "check: pass" in output
    assert (config.data_dir / "license_key.pem").read_text().startswith("-----BEGIN PUBLIC KEY-----")


def test_a_used_code_is_refused_in_chinese_and_the_config_is_untouched(backoffice, site, capsys):
    bo, url = backoffice
    issued = issue_code(bo.engine, new_terminal(), division_code="370702", created_by="test")
    assert _enrol(url, issued.code, site, capsys)[0] == 0
    before = site.read_text()
    rc, output = _enrol(url, issued.code, site, capsys)
    assert rc == 1 and "已被使用" in output
    assert site.read_text() == before


def test_unreachable_back_office_says_so(site, capsys):
    rc, output = _enrol("http://127.0.0.1:9", "ABCD-EFGH-JKLM-NPQR", site, capsys)
    assert rc == 1 and "无法连接后台" in output
    assert "terminal_secret" not in site.read_text()


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to hand the file to another user")
def test_run_as_root_the_file_stays_the_kiosk_users(backoffice, site, capsys):
    bo, url = backoffice
    nobody = pwd.getpwnam("nobody")
    os.chown(site, nobody.pw_uid, nobody.pw_gid)
    issued = issue_code(bo.engine, new_terminal(), division_code="370702", created_by="test")
    rc, output = _enrol(url, issued.code, site, capsys)
    assert rc == 0, output
    assert site.stat().st_uid == nobody.pw_uid


def test_config_text_update_replaces_keys_and_appends_new_ones():
    text = 'terminal_id = "old"\n# keep me\n'
    out = enrol.updated_config_text(text, {"terminal_id": 'T"1', "backoffice_url": "https://bo/"})
    assert out == 'terminal_id = "T\\"1"\n# keep me\nbackoffice_url = "https://bo/"\n'
