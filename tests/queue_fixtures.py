"""Shared pieces for the offline-queue tests: synthetic applications, a small real HTTP back office stand-in,
a fault-injecting TCP proxy and the real back office as a subprocess.

Import explicitly: `from queue_fixtures import ...` (pytest puts tests/ on sys.path).
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import json
import random
import select
import socket
import struct
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from domain import signing
from domain.ids import make_resident_id

REPO = Path(__file__).resolve().parents[1]
PYTHON = REPO / ".venv" / "bin" / "python"
TERMINAL_ID = "queue-test-terminal"
SECRET = "queue-test-secret-0123456789"
DIVISION = "370702"
_NAME_CHARS = "甲乙丙丁戊己庚辛壬癸"


def synthetic_name(i: int) -> str:
    """A fictitious, greppable name unique per i: 桩 + the digits of i spelled with heavenly stems."""
    return "桩" + "".join(_NAME_CHARS[int(d)] for d in f"{i:04d}")


def synthetic_id_number(i: int) -> str:
    birth = dt.date(1980, 1, 1) + dt.timedelta(days=i // 1000)
    return make_resident_id(DIVISION, birth, i % 1000)


def synthetic_body(i: int, face_bytes: int = 2048, signature_bytes: int = 512, seed: int = 0) -> dict[str, Any]:
    """An application body in the API shape (domain.application.Application.to_api_json), unique per i."""
    rng = random.Random(seed * 1_000_003 + i)
    number = synthetic_id_number(i)
    photo = rng.randbytes(64)
    return {
        "applicant": {
            "card": {
                "card_type": "resident", "name": synthetic_name(i),
                "gender": "男" if int(number[16]) % 2 else "女", "nation": "汉",
                "birth_date": f"{number[6:10]}-{number[10:12]}-{number[12:14]}", "id_number": number,
                "issuer": "潍坊市公安局潍城分局", "valid_from": "2020-01-01", "valid_until": None,
                "photo_sha256": hashlib.sha256(photo).hexdigest(),
                "address": f"山东省潍坊市潍城区桩测路{i}号",
            },
            "phone": f"139{i:08d}",
            "face_jpeg": base64.b64encode(b"\xff\xd8\xff" + rng.randbytes(face_bytes)).decode(),
            "face_quality": {"score": 0.9},
            "liveness_passed": True,
            "signature_png": base64.b64encode(b"\x89PNG" + rng.randbytes(signature_bytes)).decode(),
        },
        "business": {
            "name": None, "organization": "individual", "family_members": [],
            "scope": ["F5223"], "premises": {"division_code": DIVISION, "address": f"桩测路{i}号{i % 20 + 1}号商铺"},
            "capital_yuan": 50_000, "employees": 2,
        },
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- a small real back office stand-in ------------------------------------------------------------------


class StubBackoffice:
    """Real HTTP on 127.0.0.1 with the back office's idempotency rules: signature checked, same key and same
    body → the stored reply, same key with another body → 422. `script` holds statuses to answer (without
    registering) before behaving normally, to drive retry and dead-letter paths."""

    def __init__(self) -> None:
        self.registrations: Counter[str] = Counter()   # idempotency key → registrations created
        self.requests: list[tuple[str, bytes]] = []     # (key, body) of every POST received
        self.script: list[int | tuple[int, int]] = []   # status, or (status, Retry-After seconds)
        self._replies: dict[str, tuple[str, dict]] = {}
        self._lock = threading.Lock()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                h = self.headers
                if not signing.verify(SECRET, "POST", self.path, "", h[signing.HEADER_TIMESTAMP],
                                      h[signing.HEADER_NONCE], h.get("Idempotency-Key", ""), body,
                                      h[signing.HEADER_SIGNATURE]):
                    return self._send(401, {"detail": "bad signature"})
                key = self.headers["Idempotency-Key"]
                status, reply = stub._handle(key, body)
                if isinstance(status, tuple):
                    status, retry_after = status
                    return self._send(status, reply, {"Retry-After": str(retry_after)})
                self._send(status, reply)

            def _send(self, status: int, reply: dict, headers: dict[str, str] | None = None) -> None:
                data = json.dumps(reply).encode()
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/"
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    def _handle(self, key: str, body: bytes) -> tuple[int | tuple[int, int], dict]:
        with self._lock:
            self.requests.append((key, body))
            if self.script:
                status = self.script.pop(0)
                code = status[0] if isinstance(status, tuple) else status
                return status, {"detail": f"scripted {code}"}
            digest = hashlib.sha256(body).hexdigest()
            if key in self._replies:
                seen, reply = self._replies[key]
                return (200, reply) if seen == digest else (422, {"detail": "key reused with another body"})
            self.registrations[key] += 1
            n = len(self._replies) + 1
            reply = {"registration_id": f"R{n:06d}", "status": "approved", "uscc": f"92370702MA{n:08d}",
                     "reasons": [], "receipt_token": f"tok{n}",
                     "license": {"fields": {"operator": json.loads(body)["applicant"]["card"]["name"]},
                                 "signature": "sig"}}
            self._replies[key] = (digest, reply)
            return 201, reply

    def __enter__(self) -> StubBackoffice:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


# --- the real back office as a subprocess ---------------------------------------------------------------


class BackofficeProcess:
    """`kiosk-backoffice serve` on a SQLite file, with this test terminal enrolled; restartable."""

    def __init__(self, workdir: Path) -> None:
        self.db_url = f"sqlite:///{workdir / 'backoffice.sqlite3'}"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self._proc: subprocess.Popen | None = None
        self._log = workdir / "backoffice.log"
        cli("create-terminal", "--db", self.db_url, "--id", TERMINAL_ID, "--secret", SECRET,
            "--division", DIVISION)

    def start(self) -> None:
        self._proc = subprocess.Popen(
            [str(PYTHON), "-m", "backoffice.cli", "serve", "--db", self.db_url, "--host", "127.0.0.1",
             "--port", str(self.port)], cwd=REPO, stdout=self._log.open("ab"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise RuntimeError(f"back office exited: {self._log.read_text()[-2000:]}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                return
            time.sleep(0.05)
        raise RuntimeError("back office did not start listening")

    def stop(self) -> None:
        if self._proc is not None:
            self._proc.terminate()
            try:
                self._proc.wait(10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
            self._proc = None

    def registrations_per_key(self) -> Counter[str]:
        """Idempotency key → number of registrations, from the back office's own export."""
        out = cli("export", "--db", self.db_url, "--format", "jsonl")
        counts: Counter[str] = Counter()
        for line in out.splitlines():
            if line.strip():
                counts[json.loads(line)["idempotency_key"]] += 1
        return counts

    def __enter__(self) -> BackofficeProcess:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def cli(*args: str) -> str:
    done = subprocess.run([str(PYTHON), "-m", "backoffice.cli", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=60)
    if done.returncode != 0:
        raise RuntimeError(f"kiosk-backoffice {args[0]} failed: {done.stderr[-2000:]}")
    return done.stdout


# --- a fault-injecting TCP proxy ------------------------------------------------------------------------


class FaultProxy:
    """A real TCP proxy in front of the back office. `fault` applies to each new connection while
    `faults_left` > 0, then traffic passes through untouched:

    refuse   – the listening socket is closed (connection refused) until set_fault("none", 0)
    timeout  – forward the request, hold back the server's answer forever
    reset_request  – forward half the request, then RST both sides (the server never sees it whole)
    reset_response – forward the whole request, let the server answer, RST after part of the reply
    http500  – answer 500 without forwarding
    drip     – forward, but drip the reply back one byte every `drip_s`
    """

    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.fault = "none"
        self.faults_left = 0
        self.drip_s = 0.002
        self._lock = threading.Lock()
        self._listener: socket.socket | None = None
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def set_fault(self, fault: str, count: int) -> None:
        with self._lock:
            self.fault, self.faults_left = fault, count
        if fault == "refuse":
            self._close_listener()

    def _take_fault(self) -> str:
        with self._lock:
            if self.faults_left <= 0:
                return "none"
            self.faults_left -= 1
            return self.fault

    def start(self) -> FaultProxy:
        self._stopping.clear()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._close_listener()
        if self._thread:
            self._thread.join(5)

    def _close_listener(self) -> None:
        with self._lock:
            if self._listener is not None:
                # shutdown first: close() alone leaves a socket blocked in accept() listening on Linux
                with contextlib.suppress(OSError):
                    self._listener.shutdown(socket.SHUT_RDWR)
                self._listener.close()
                self._listener = None

    def _serve(self) -> None:
        while not self._stopping.is_set():
            with self._lock:
                refusing = self.fault == "refuse" and self.faults_left > 0
                listener = self._listener
            if refusing:
                time.sleep(0.02)
                continue
            if listener is None:
                listener = socket.socket()
                listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                listener.bind(("127.0.0.1", self.port))
                listener.listen(64)
                listener.settimeout(0.05)
                with self._lock:
                    if self.fault == "refuse" and self.faults_left > 0:  # set_fault raced us
                        listener.close()
                        continue
                    self._listener = listener
            try:
                conn, _ = listener.accept()
            except (TimeoutError, OSError):
                continue
            threading.Thread(target=self._handle, args=(conn, self._take_fault()), daemon=True).start()

    def _handle(self, client: socket.socket, fault: str) -> None:
        with contextlib.ExitStack() as stack:
            stack.callback(client.close)
            if fault == "http500":
                _read_request(client)
                client.sendall(b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\n"
                               b"Content-Length: 13\r\nConnection: close\r\n\r\nproxy says no\n")
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=5)
            except OSError:
                _reset(client)
                return
            stack.callback(upstream.close)
            request = _read_request(client)
            if fault == "reset_request":
                upstream.sendall(request[: len(request) // 2])
                _reset(upstream)
                _reset(client)
                return
            upstream.sendall(request)
            reply = _read_reply(upstream)
            if fault == "timeout":   # the server did the work; the answer never arrives
                self._stopping.wait(30)
                return
            if fault == "reset_response":
                client.sendall(reply[: max(1, len(reply) // 2)])
                _reset(client)
                return
            if fault == "drip":
                for i in range(len(reply)):
                    client.sendall(reply[i:i + 1])
                    time.sleep(self.drip_s)
                return
            client.sendall(reply)


def _reset(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()


def _read_request(sock: socket.socket) -> bytes:
    """One HTTP request (headers + Content-Length body): the kiosk client sends one per connection here."""
    return _read_message(sock)


def _read_reply(sock: socket.socket) -> bytes:
    return _read_message(sock)


def _read_message(sock: socket.socket, timeout_s: float = 10.0) -> bytes:
    data = b""
    deadline = time.monotonic() + timeout_s
    while b"\r\n\r\n" not in data:
        chunk = _recv(sock, deadline)
        if not chunk:
            return data
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    length = 0
    chunked = False
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
        if name.strip().lower() == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
    if chunked:
        while not rest.endswith(b"0\r\n\r\n"):
            chunk = _recv(sock, deadline)
            if not chunk:
                break
            rest += chunk
        return head + b"\r\n\r\n" + rest
    while len(rest) < length:
        chunk = _recv(sock, deadline)
        if not chunk:
            break
        rest += chunk
    return head + b"\r\n\r\n" + rest


def _recv(sock: socket.socket, deadline: float) -> bytes:
    remaining = deadline - time.monotonic()
    if remaining <= 0 or not select.select([sock], [], [], remaining)[0]:
        return b""
    try:
        return sock.recv(65536)
    except OSError:
        return b""


# --- helpers --------------------------------------------------------------------------------------------


def wait_for(predicate: Callable[[], bool], timeout_s: float = 10.0, step_s: float = 0.02) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step_s)
    return predicate()


def file_contains_any(paths: Iterator[Path] | list[Path], needles: list[bytes]) -> list[tuple[str, bytes]]:
    """(file, needle) for every needle found in any file: used to prove no plaintext personal data on disk."""
    found = []
    for path in paths:
        data = path.read_bytes()
        found.extend((str(path), n) for n in needles if n in data)
    return found
