"""Logs carry no personal data: a burn-in of synthetic residents, logged at DEBUG, then every log file and the
support bundle (`kiosk logs export`) are searched for each applicant's name and ID number."""

from __future__ import annotations

import json
import logging
import os
import random
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from doctor_fixtures import write_site_config

from kiosk.burnin import burn_in
from kiosk.commands.doctor import doctor_report
from kiosk.config import load_config
from kiosk.doctor.bundle import export_bundle
from kiosk.logs import configure_logging
from kiosk.terminal import open_terminal

REPO = Path(__file__).resolve().parents[1]
SESSIONS = 8


def _bundle_texts(path: Path) -> dict[str, str]:
    with tarfile.open(path) as tar:
        return {m.name.removeprefix("kiosk-support/"): tar.extractfile(m).read().decode() for m in tar.getmembers()}


@pytest.fixture(scope="module")
def burnt_in(tmp_path_factory):
    """A terminal after a burn-in: its config file, and the applicants that passed through it."""
    tmp_path = tmp_path_factory.mktemp("burn-in")
    with pytest.MonkeyPatch.context() as monkeypatch:
        yield _burn_in(tmp_path, monkeypatch)


def _burn_in(tmp_path, monkeypatch):
    site = write_site_config(tmp_path, data_dir=str(tmp_path / "data"), printer=f"dir:{tmp_path / 'printed'}",
                             terminal_secret="bundle-test-secret-value")
    monkeypatch.setenv("KIOSK_CONFIG", str(site))
    config = load_config()
    configure_logging(config.data_dir / "logs", level=logging.DEBUG)
    applicants, lines = [], []
    try:
        with open_terminal(config, rng=random.Random(7)) as terminal:
            insert = terminal.reader_simulator.insert

            def placed(card):   # the cards the residents lay on the reader, for the search below
                applicants.append(card)
                insert(card)

            terminal.reader_simulator.insert = placed
            summary = burn_in(terminal, SESSIONS, lines.append, random.Random(7))
    finally:
        for handler in logging.getLogger().handlers:
            handler.flush()
    assert summary["failed"] == 0 and len(applicants) == SESSIONS
    return site, config, applicants, lines


def test_burn_in_logs_and_support_bundle_contain_no_applicant_names_or_id_numbers(tmp_path, burnt_in):
    _, config, applicants, lines = burnt_in
    bundle = tmp_path / "support.tar.gz"
    names = export_bundle(bundle, config, doctor_report())

    texts = {str(p): p.read_text(errors="replace") for p in (config.data_dir / "logs").rglob("*") if p.is_file()}
    audit = config.queue_path.with_name(config.queue_path.name + ".audit.jsonl")
    if audit.exists():
        texts[str(audit)] = audit.read_text()
    texts |= {f"bundle:{k}": v for k, v in _bundle_texts(bundle).items()}
    texts["burn-in output"] = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines)
    # The search looks at logs that followed every session (one submission each), not at empty files.
    assert texts[str(config.data_dir / "logs" / "kiosk.log")].count("POST /api/v1/registrations") >= SESSIONS

    for card in applicants:
        for where, text in texts.items():
            assert card.id_number not in text, f"ID number in {where}"
            assert card.name not in text, f"name in {where}"
    assert {"doctor.json", "versions.json", "config/kiosk.toml", "logs/kiosk.log"} <= set(names)


def test_support_bundle_blanks_the_secret_and_is_private(tmp_path, burnt_in):
    _, config, _, _ = burnt_in
    bundle = tmp_path / "support.tar.gz"
    export_bundle(bundle, config, doctor_report())
    texts = _bundle_texts(bundle)
    assert "bundle-test-secret-value" not in "".join(texts.values())
    assert 'terminal_secret = "(removed)"' in texts["config/kiosk.toml"]
    assert oct(bundle.stat().st_mode & 0o777) == "0o600"
    report = json.loads(texts["doctor.json"])
    assert {c["name"] for c in report["checks"]} >= {"config", "reader", "queue"}
    assert json.loads(texts["versions.json"])["packages"]["registration-kiosk"]


def test_logs_export_command_writes_the_bundle(tmp_path, burnt_in):
    site, *_ = burnt_in
    out = tmp_path / "out" / "bundle.tar.gz"
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")} | {"KIOSK_CONFIG": str(site)}
    done = subprocess.run([sys.executable, "-c", "import sys; from kiosk.commands import logs; import argparse; "
                           "p = argparse.ArgumentParser(); logs.add_arguments(p); sys.exit(logs.run(p.parse_args()))",
                           "export", str(out)], cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "doctor.json" in _bundle_texts(out)
