"""TLS end to end with a private CA made here (as government networks run their own): `kiosk-backoffice serve
--tls-cert/--tls-key`, a full burn-in of the terminal against it trusting only that CA, HSTS on every reply, and
a terminal that refuses plain http:// to anything but this machine."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import trustme

from kiosk.backoffice_client import BackofficeClient, BackofficeUnreachable
from kiosk.config import ConfigError, load_config

BACKOFFICE = [sys.executable, "-m", "backoffice.cli"]
KIOSK = [sys.executable, "-m", "kiosk.cli"]
SESSIONS = 12


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def tls_backoffice(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, str]]:
    root = tmp_path_factory.mktemp("tls")
    ca = trustme.CA(organization_name="某政务外网测试根CA")
    issued = ca.issue_cert("127.0.0.1", "localhost")
    ca.cert_pem.write_to_path(str(root / "ca.pem"))
    issued.cert_chain_pems[0].write_to_path(str(root / "cert.pem"))
    issued.private_key_pem.write_to_path(str(root / "key.pem"))
    db = str(root / "bo.sqlite3")
    made = subprocess.run([*BACKOFFICE, "create-terminal", "--db", db, "--id", "T-TLS", "--json"], check=True,
                          capture_output=True, text=True)
    secret = json.loads(made.stdout)["secret"]
    port = _free_port()
    proc = subprocess.Popen([*BACKOFFICE, "serve", "--db", db, "--port", str(port), "--tls-cert",
                             str(root / "cert.pem"), "--tls-key", str(root / "key.pem")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            # The district accepts the open face engine, as the embedded back office does, so
                            # simulated visits are approved through a real comparison.
                            env={**os.environ, "KIOSK_BACKOFFICE_FACE_OPEN_ENGINE_DIVISIONS": "370702"})
    url = f"https://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(url + "api/v1/keys/license", timeout=2, verify=str(root / "ca.pem"))
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline and proc.poll() is None, "serve --tls-cert did not start"
                time.sleep(0.2)
        yield url, root, secret
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:   # uvicorn waits for idle keep-alive connections of other tests
            proc.kill()
            proc.wait()


def _kiosk_env(url: str, root: Path, secret: str, **extra: str) -> dict[str, str]:
    return {**os.environ, "KIOSK_BACKOFFICE_URL": url, "KIOSK_TERMINAL_ID": "T-TLS", "KIOSK_TERMINAL_SECRET": secret,
            "KIOSK_DIVISION_CODE": "370702", "KIOSK_BACKOFFICE_CA_FILE": str(root / "ca.pem"),
            "KIOSK_CONFIG": str(root / "absent.toml"), "QT_QPA_PLATFORM": "offscreen", **extra}


def test_a_full_burn_in_over_tls_with_a_private_ca(tls_backoffice, tmp_path: Path) -> None:
    url, root, secret = tls_backoffice
    (root / "absent.toml").write_text("")
    run = subprocess.run([*KIOSK, "burn-in", "--sessions", str(SESSIONS), "--json", "--seed", "7",
                          "--data-dir", str(tmp_path / "data"), "--print-dir", str(tmp_path / "printed")],
                         env=_kiosk_env(url, root, secret), capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    summary = json.loads(run.stdout.strip().splitlines()[-1])
    assert summary["sessions"] == SESSIONS and summary["failed"] == 0
    assert summary["approved"] > 0
    assert list((tmp_path / "printed").iterdir())


def test_replies_over_tls_carry_hsts_and_the_wrong_trust_fails(tls_backoffice) -> None:
    url, root, secret = tls_backoffice
    reply = requests.get(url + "api/v1/keys/license", timeout=10, verify=str(root / "ca.pem"))
    assert reply.headers["strict-transport-security"].startswith("max-age=")
    trusting = BackofficeClient(url, "T-TLS", secret, ca_file=str(root / "ca.pem"))
    system_only = BackofficeClient(url, "T-TLS", secret)           # the private CA is not a system CA
    try:
        assert trusting.scopes().status == 200
        with pytest.raises(BackofficeUnreachable, match="SSLError"):
            system_only.scopes()
    finally:
        trusting.close()
        system_only.close()


@pytest.mark.parametrize("url", ["http://10.20.30.40:8000/", "http://backoffice.example/", "http://[fe80::1]/"])
def test_plain_http_to_another_machine_refuses_to_start(url: str, tmp_path: Path) -> None:
    (tmp_path / "none.toml").write_text("")
    with pytest.raises(ConfigError, match=r"backoffice_url.*loopback"):
        load_config(env={"KIOSK_BACKOFFICE_URL": url})
    run = subprocess.run([*KIOSK, "burn-in", "--sessions", "1", "--data-dir", str(tmp_path)],
                         env={**os.environ, "KIOSK_BACKOFFICE_URL": url, "KIOSK_CONFIG": str(tmp_path / "none.toml")},
                         capture_output=True, text=True, timeout=60)
    assert run.returncode != 0 and "https" in run.stderr and "loopback" in run.stderr


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000/", "http://localhost:8000/", "http://[::1]:8000/",
                                 "https://backoffice.example/"])
def test_https_anywhere_and_http_to_this_machine_are_accepted(url: str) -> None:
    assert load_config(env={"KIOSK_BACKOFFICE_URL": url}).backoffice_url == url
