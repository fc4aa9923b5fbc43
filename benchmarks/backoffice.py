"""Back-office load benchmark: registrations per second and p50/p99 latency, with 50 KB face photos.

The server is `kiosk-backoffice serve` in its own process(es); the load comes from separate processes
(asyncio, keep-alive HTTP/1.1, every request a new applicant and a new Idempotency-Key, signed like a
terminal). Runs SQLite (1 worker) and PostgreSQL (a throwaway cluster, N workers, fsync and
synchronous_commit on). Two measurements per engine:

  capacity  C connections send back to back (closed loop): the most registrations per second.
  rate      requests fall due on a fixed schedule (open loop, --rate per second); latency counts from the
            moment a request was due, so a stalled server cannot hide behind a client that waits for it.

Everything shares this machine's cores (the load generator too), so the numbers are lower bounds for a
dedicated server; the 1-minute load average is printed next to each run.

    .venv/bin/python -m benchmarks.backoffice [--seconds 15] [--connections 16] [--rate 300] [--pg-workers 2]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import datetime as dt
import json
import multiprocessing
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from domain.ids import make_resident_id
from domain.signing import sign_headers

TERMINAL, SECRET, DIVISION = "T-BENCH", "bench-secret", "370702"
PATH = "/api/v1/registrations"
PHOTO = random.Random(1).randbytes(50 * 1024)
_PHOTO_B64 = base64.b64encode(PHOTO).decode()   # the same photo every time: encode it once, not per request
# The throwaway cluster's settings. fsync and synchronous_commit stay on: every acknowledged registration is
# on disk, as in production. backend_flush_after starts writeback of the table pages backends write out (the
# sealed photos, ~20 MB/s at 300/s) as they go; without it every commit stalled for 100-250 ms about 30 s
# into a run (the kernel's delayed writeback, dirty_expire 30 s, queued ahead of the WAL fsyncs). With it the
# worst request of 40 s at 300/s was 35-55 ms.
PG_SETTINGS = {"shared_buffers": "256MB", "max_wal_size": "4GB", "checkpoint_timeout": "30min",
               "backend_flush_after": "256kB"}


def _body(rng: random.Random) -> bytes:
    birth = dt.date(rng.randint(1960, 2000), rng.randint(1, 12), rng.randint(1, 28))
    number = make_resident_id(DIVISION, birth, rng.randint(0, 999))
    return json.dumps({
        "applicant": {
            "card": {"card_type": "resident", "name": "王小明", "gender": "男" if int(number[16]) % 2 else "女",
                     "nation": "汉", "birth_date": birth.isoformat(), "id_number": number,
                     "issuer": "潍坊市公安局潍城分局", "valid_from": "2020-01-01", "valid_until": "2040-01-01",
                     "photo_sha256": "0" * 64},
            "phone": "13812345678", "face_jpeg": _PHOTO_B64, "face_quality": {},
            "liveness_passed": True, "signature_png": base64.b64encode(b"\x89PNG" + rng.randbytes(2000)).decode(),
        },
        "business": {"name": None, "organization": "individual", "family_members": [], "scope": ["S0001"],
                     "premises": {"division_code": DIVISION, "address": f"胜利西街{rng.randint(1, 999)}号"},
                     "capital_yuan": 50000, "employees": 2},
    }, ensure_ascii=False).encode()


def _request(rng: random.Random) -> bytes:
    body = _body(rng)
    key = str(uuid.uuid4())
    headers = {"Host": "127.0.0.1", "Content-Type": "application/json", "Content-Length": str(len(body)),
               "Idempotency-Key": key, **sign_headers(TERMINAL, SECRET, "POST", PATH, body, idempotency_key=key)}
    return (f"POST {PATH} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
            ).encode() + body


async def _connection(port: int, due: Callable[[], float | None], rng: random.Random, latencies: list[float],
                      statuses: dict[int, int]) -> None:
    """One keep-alive connection; `due` gives the time the next request is due, None to stop."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    while True:
        request = _request(rng)   # built before the clock starts: client work is not server latency
        when = due()
        if when is None:
            break
        await asyncio.sleep(when - time.monotonic())
        writer.write(request)
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                      if line.lower().startswith(b"content-length"))
        await reader.readexactly(length)
        latencies.append(time.monotonic() - when)
        status = int(head.split(b" ", 2)[1])
        statuses[status] = statuses.get(status, 0) + 1
    writer.close()


def _load(port: int, seconds: float, connections: int, rate: float | None, seed: int,
          out: multiprocessing.Queue) -> None:
    """Send for `seconds`: back to back, or `rate` requests per second spread over the connections."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    start = time.monotonic() + 0.2   # every connection open before the first request falls due
    deadline = start + seconds
    sent = 0

    def due() -> float | None:
        nonlocal sent
        when = start + sent / rate if rate else max(start, time.monotonic())
        if when >= deadline or time.monotonic() >= deadline:
            return None
        sent += 1
        return when

    async def run() -> None:
        await asyncio.gather(*(_connection(port, due, random.Random(seed * 1000 + i), latencies, statuses)
                               for i in range(connections)))

    asyncio.run(run())
    out.put((latencies, statuses, max(time.monotonic(), deadline) - start))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "backoffice.cli", *args]


def _wait_up(port: int, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("server exited")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("server did not come up")


def _tree_cpu_s(root_pid: int) -> float:
    """CPU seconds of a process, its live children (uvicorn workers, PostgreSQL backends) and its children
    that have exited (an autovacuum worker, say), which the kernel adds to the parent's cutime/cstime."""
    def times(pid: int, fields: slice) -> int:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            return 0
        return sum(int(t) for t in stat[fields])

    children = Path(f"/proc/{root_pid}/task/{root_pid}/children")
    live = [int(p) for p in children.read_text().split()] if children.exists() else []
    ticks = times(root_pid, slice(11, 15)) + sum(times(pid, slice(11, 13)) for pid in live)
    return ticks / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Run:
    engine: str
    mode: str
    workers: int
    connections: int
    requests: int
    per_second: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    server_cpu_ms: float
    db_cpu_ms: float | None
    statuses: dict[int, int]
    load_before: float
    load_after: float


def _measure(engine: str, port: int, server_pid: int, db_pid: int | None, *, workers: int, seconds: float,
             connections: int, rate: float | None, clients: int) -> Run:
    ctx = multiprocessing.get_context("spawn")
    load_before = os.getloadavg()[0]
    cpu_before = _tree_cpu_s(server_pid), (_tree_cpu_s(db_pid) if db_pid else 0.0)
    out = ctx.Queue()
    procs = [ctx.Process(target=_load, args=(port, seconds, connections // clients,
                                             rate / clients if rate else None, 1 + i + int(time.time()), out))
             for i in range(clients)]
    for p in procs:
        p.start()
    results = [out.get() for _ in procs]
    for p in procs:
        p.join()
    server_cpu = _tree_cpu_s(server_pid) - cpu_before[0]
    db_cpu = (_tree_cpu_s(db_pid) - cpu_before[1]) if db_pid else None
    latencies = sorted(lat for r in results for lat in r[0])
    statuses: dict[int, int] = {}
    for r in results:
        for k, v in r[1].items():
            statuses[k] = statuses.get(k, 0) + v
    n = len(latencies)
    return Run(engine, f"rate {rate:.0f}/s" if rate else "capacity", workers, connections, n,
               n / max(r[2] for r in results), statistics.median(latencies) * 1000,
               latencies[max(0, int(n * 0.99) - 1)] * 1000, latencies[-1] * 1000, server_cpu * 1000 / n,
               db_cpu * 1000 / n if db_cpu is not None else None, statuses, load_before, os.getloadavg()[0])


def bench(engine: str, db: str, keys: Path, *, workers: int, seconds: float, connections: int,
          rate: float | None, clients: int, db_pid: int | None = None) -> list[Run]:
    subprocess.run(_cli("create-terminal", "--db", db, "--keys", str(keys), "--id", TERMINAL, "--secret", SECRET,
                        "--division", DIVISION), check=True, capture_output=True)
    port = _free_port()
    server = subprocess.Popen(_cli("serve", "--db", db, "--keys", str(keys), "--port", str(port),
                                   "--workers", str(workers)), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_up(port, server)
        warm = multiprocessing.get_context("spawn").Queue()
        _load(port, 2, connections, None, 0, warm)      # warm-up (imports, pools, caches, prepared statements)
        warm.get()
        runs = [_measure(engine, port, server.pid, db_pid, workers=workers, seconds=seconds,
                         connections=connections, rate=None, clients=clients)]
        if rate:
            # Enough connections that the schedule, not a free connection, decides when a request goes out.
            runs.append(_measure(engine, port, server.pid, db_pid, workers=workers, seconds=seconds,
                                 connections=max(connections, 2 * clients * 16), rate=rate, clients=clients))
        return runs
    finally:
        server.terminate()
        server.wait(timeout=60)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15, help="length of each measurement")
    parser.add_argument("--connections", type=int, default=16, help="connections of the capacity run")
    parser.add_argument("--rate", type=float, default=300, help="registrations/s of the fixed-rate run (0: skip)")
    parser.add_argument("--clients", type=int, default=2,
                        help="load-generating processes (one alone limited the capacity run)")
    parser.add_argument("--pg-workers", type=int, default=2)
    parser.add_argument("--only", choices=("sqlite", "postgresql"), default=None)
    args = parser.parse_args()

    from backoffice import throwaway_pg

    runs: list[Run] = []
    options = {"seconds": args.seconds, "connections": args.connections, "rate": args.rate or None,
               "clients": args.clients}
    with tempfile.TemporaryDirectory(prefix="bo-bench-") as tmp:
        if args.only in (None, "sqlite"):
            runs += bench("sqlite", str(Path(tmp) / "bench.sqlite3"), Path(tmp) / "sqlite.keys", workers=1,
                          **options)
        if args.only in (None, "postgresql"):
            if not throwaway_pg.available():
                print("PostgreSQL 15 binaries not installed: skipping PostgreSQL", file=sys.stderr)
            else:
                cluster = throwaway_pg.ThrowawayPostgres(settings=PG_SETTINGS).start()
                try:
                    runs += bench("postgresql", cluster.create_database(), Path(tmp) / "pg.keys",
                                  workers=args.pg_workers, db_pid=cluster.postmaster_pid(), **options)
                finally:
                    cluster.stop()
    print("cpu ms = CPU time per registration of the back-office processes / of PostgreSQL; "
          "load = 1-minute load average before -> after")
    print(f"cores: {os.cpu_count()}, photo: {len(PHOTO)} bytes, {args.seconds:.0f} s per run, "
          f"PostgreSQL: {', '.join(f'{k}={v}' for k, v in PG_SETTINGS.items())}")
    print(f"{'engine':<11} {'mode':<13} {'wkr':>3} {'conns':>5} {'requests':>8} {'reg/s':>7} {'p50 ms':>7} "
          f"{'p99 ms':>7} {'max ms':>7} {'cpu ms':>6} {'db ms':>6} {'load':>11}  statuses")
    for r in runs:
        db_ms = f"{r.db_cpu_ms:6.2f}" if r.db_cpu_ms is not None else f"{'-':>6}"
        print(f"{r.engine:<11} {r.mode:<13} {r.workers:>3} {r.connections:>5} {r.requests:>8} {r.per_second:>7.1f} "
              f"{r.p50_ms:>7.1f} {r.p99_ms:>7.1f} {r.max_ms:>7.1f} {r.server_cpu_ms:>6.2f} {db_ms} "
              f"{r.load_before:>4.2f} -> {r.load_after:>4.2f}  {json.dumps(r.statuses)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
