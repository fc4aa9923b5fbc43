"""`kiosk-backoffice serve --workers N` on PostgreSQL: every worker takes connections, a worker that dies is
replaced, and SIGTERM stops them all."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from backoffice_fixtures import application, pg_cluster  # noqa: F401  (fixture)

from backoffice.throwaway_pg import ThrowawayPostgres
from kiosk.backoffice_client import BackofficeClient

REPO = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "backoffice.cli"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _workers(parent: int) -> set[int]:
    children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
    return {int(pid) for pid in children
            if "spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")}


def _socket_inodes(pid: int) -> set[str]:
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    return inodes


def _sockets_on(port: int, state: str) -> set[str]:
    """Inodes of the TCP sockets bound to local `port` in `state` (01 established, 0A listening)."""
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[1].endswith(f":{port:04X}") and fields[3] == state:
            found.add(fields[9])
    return found


def _wait_for(check, timeout: float = 30) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_workers_share_connections_survive_a_crash_and_stop_together(pg_cluster: ThrowawayPostgres,  # noqa: F811
                                                                     tmp_path: Path) -> None:
    db, keys = pg_cluster.create_database(), str(tmp_path / "k.keys")
    made = subprocess.run([*CLI, "create-terminal", "--db", db, "--keys", keys, "--id", "T-W", "--json"],
                          capture_output=True, text=True, cwd=REPO, timeout=60, check=True)
    secret = json.loads(made.stdout)["secret"]
    port = _free_port()
    # The registrations carry no reference photo: a district that does not require 人证比对.
    serve = subprocess.Popen([*CLI, "serve", "--db", db, "--keys", keys, "--port", str(port), "--workers", "2"],
                             cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             env=os.environ | {"KIOSK_BACKOFFICE_FACE_MATCH_REQUIRED": "false"})
    clients: list[BackofficeClient] = []
    try:
        def both_listening() -> bool:
            workers = _workers(serve.pid)
            return len(workers) == 2 and all(_socket_inodes(pid) & _sockets_on(port, "0A") for pid in workers)

        _wait_for(both_listening)

        def submit_from_many() -> set[int]:
            """Sixteen terminals' connections at once; the workers whose sockets hold them."""
            for c in clients:
                c.close()
            clients[:] = [BackofficeClient(f"http://127.0.0.1:{port}/", "T-W", secret) for _ in range(16)]
            deadline = time.monotonic() + 30
            for i, client in enumerate(clients):
                while True:
                    try:
                        reply = client.submit_registration(f"key-{time.monotonic()}-{i}",
                                                           json.dumps(application()).encode())
                        break
                    except Exception:
                        assert time.monotonic() < deadline, "serve did not answer"
                        time.sleep(0.2)
                assert reply.status == 201 and reply.body["status"] == "approved"
            open_connections = _sockets_on(port, "01")
            return {pid for pid in _workers(serve.pid) if _socket_inodes(pid) & open_connections}

        # Each worker accepts on its own socket: sixteen connections all hashed to one would be 1 in 32,768.
        assert len(submit_from_many()) == 2

        victim = min(_workers(serve.pid))
        os.kill(victim, signal.SIGKILL)
        _wait_for(lambda: victim not in _workers(serve.pid) and both_listening())
        assert len(submit_from_many()) == 2
        workers = _workers(serve.pid)

        serve.send_signal(signal.SIGTERM)
        assert serve.wait(timeout=40) == 0
        assert not any(Path(f"/proc/{pid}").exists() for pid in workers)
    finally:
        for c in clients:
            c.close()
        if serve.poll() is None:
            serve.kill()
            serve.wait()
