"""Huge bodies are refused while they are read, before anything is parsed: `kiosk-backoffice serve` in its own
process, 100 MiB sent at it, and the server's resident memory measured from /proc."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from domain.signing import sign_headers

CLI = [sys.executable, "-m", "backoffice.cli"]
HUGE = 100 * 1024 * 1024
CHUNK = b"a" * (1024 * 1024)
MAX_GROWTH_KB = 20 * 1024


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int, str]]:
    root = tmp_path_factory.mktemp("limits")
    db = str(root / "bo.sqlite3")
    made = subprocess.run([*CLI, "create-terminal", "--db", db, "--id", "T-BIG", "--json"], check=True,
                          capture_output=True, text=True)
    secret = __import__("json").loads(made.stdout)["secret"]
    port = _free_port()
    proc = subprocess.Popen([*CLI, "serve", "--db", db, "--port", str(port)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(url + "/api/v1/keys/license", timeout=2)
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline and proc.poll() is None, "serve did not start"
                time.sleep(0.2)
        yield url, proc.pid, secret
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _send_huge(port: int, path: str, headers: dict[str, str], *, declare_length: bool) -> int:
    """Stream HUGE bytes (stopping when the server hangs up) and return the status it answered with."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        framing = {"Content-Length": str(HUGE)} if declare_length else {"Transfer-Encoding": "chunked"}
        kind = "application/json" if path.startswith("/api/") else "application/x-www-form-urlencoded"
        head = {"Host": "127.0.0.1", "Content-Type": kind, **framing, **headers}
        sock.sendall((f"POST {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in head.items())
                      + "\r\n").encode())
        try:
            for _ in range(HUGE // len(CHUNK)):
                data = CHUNK if declare_length else b"%x\r\n%s\r\n" % (len(CHUNK), CHUNK)
                sock.sendall(data)
            if not declare_length:
                sock.sendall(b"0\r\n\r\n")
        except OSError:
            pass   # the server answered and closed while we were still sending: what we want
        reply = b""
        try:
            while b"\r\n" not in reply:
                got = sock.recv(4096)
                if not got:
                    break
                reply += got
        except OSError:
            pass
    assert reply.startswith(b"HTTP/1.1 "), reply[:100]
    return int(reply.split()[1])


@pytest.mark.parametrize("declare_length", [True, False], ids=["content-length", "chunked"])
@pytest.mark.parametrize(("path", "expected"), [
    ("/api/v1/registrations", {401}),           # unsigned: refused before one byte of body is read
    ("/api/v1/enrolments", {413}),              # public, small cap
    ("/staff/login", {413}),
    ("/staff/cases/" + "0" * 32 + "/reject", {401}),   # a staff form without a login
    ("/apply", {413}),
])
def test_a_100_mib_body_is_refused_without_the_server_growing(served, path: str, expected: set[int],
                                                              declare_length: bool) -> None:
    url, pid, _ = served
    before = _rss_kb(pid)
    status = _send_huge(int(url.rsplit(":", 1)[1]), path, {}, declare_length=declare_length)
    assert status in expected
    assert _rss_kb(pid) - before < MAX_GROWTH_KB


def test_a_signed_body_over_the_cap_is_413(served) -> None:
    url, pid, secret = served
    before = _rss_kb(pid)
    # Signed over another body: the cap must refuse it before the HMAC could even be checked.
    headers = {"Idempotency-Key": "k-1", **sign_headers("T-BIG", secret, "POST", "/api/v1/registrations", b"",
                                                        idempotency_key="k-1")}
    status = _send_huge(int(url.rsplit(":", 1)[1]), "/api/v1/registrations", headers, declare_length=False)
    assert status == 413
    assert _rss_kb(pid) - before < MAX_GROWTH_KB


def test_an_unsigned_invalid_body_gets_401_not_validation_details(served) -> None:
    url, _, _ = served
    reply = requests.post(url + "/api/v1/registrations", data=b'{"applicant": 1}', timeout=10,
                          headers={"Content-Type": "application/json", "Idempotency-Key": "x"})
    assert reply.status_code == 401
    assert "applicant" not in reply.text
