"""Back-office load benchmark: registrations per second and p50/p99 latency, with 50 KB face photos.

The server is `kiosk-backoffice serve` in its own process(es); the load comes from a separate process
(asyncio, keep-alive HTTP/1.1, every request a new applicant and a new Idempotency-Key, signed like a
terminal). Runs SQLite (1 worker) and PostgreSQL (a throwaway cluster, N workers). Everything shares this
machine's cores, so the numbers are lower bounds for a dedicated server.

    .venv/bin/python -m benchmarks.backoffice [--seconds 15] [--connections 16] [--pg-workers 2]
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
from pathlib import Path

from domain.ids import make_resident_id
from domain.signing import sign_headers

TERMINAL, SECRET, DIVISION = "T-BENCH", "bench-secret", "370702"
PATH = "/api/v1/registrations"
PHOTO = random.Random(1).randbytes(50 * 1024)


def _body(rng: random.Random) -> bytes:
    birth = dt.date(rng.randint(1960, 2000), rng.randint(1, 12), rng.randint(1, 28))
    number = make_resident_id(DIVISION, birth, rng.randint(0, 999))
    return json.dumps({
        "applicant": {
            "card": {"card_type": "resident", "name": "王小明", "gender": "男" if int(number[16]) % 2 else "女",
                     "nation": "汉", "birth_date": birth.isoformat(), "id_number": number,
                     "issuer": "潍坊市公安局潍城分局", "valid_from": "2020-01-01", "valid_until": "2040-01-01",
                     "photo_sha256": "0" * 64},
            "phone": "13812345678", "face_jpeg": base64.b64encode(PHOTO).decode(), "face_quality": {},
            "liveness_passed": True, "signature_png": base64.b64encode(b"\x89PNG" + rng.randbytes(2000)).decode(),
        },
        "business": {"name": None, "organization": "individual", "family_members": [], "scope": ["S0001"],
                     "premises": {"division_code": DIVISION, "address": f"胜利西街{rng.randint(1, 999)}号"},
                     "capital_yuan": 50000, "employees": 2},
    }, ensure_ascii=False).encode()


async def _connection(port: int, deadline: float, rng: random.Random, latencies: list[float],
                      statuses: dict[int, int]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    while time.monotonic() < deadline:
        body = _body(rng)
        headers = {"Host": "127.0.0.1", "Content-Type": "application/json", "Content-Length": str(len(body)),
                   "Idempotency-Key": str(uuid.uuid4()), **sign_headers(TERMINAL, SECRET, "POST", PATH, body)}
        request = f"POST {PATH} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
        started = time.perf_counter()
        writer.write(request.encode() + body)
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                      if line.lower().startswith(b"content-length"))
        await reader.readexactly(length)
        latencies.append(time.perf_counter() - started)
        status = int(head.split(b" ", 2)[1])
        statuses[status] = statuses.get(status, 0) + 1
    writer.close()


def _load(port: int, seconds: float, connections: int, seed: int, out: multiprocessing.Queue) -> None:
    latencies: list[float] = []
    statuses: dict[int, int] = {}

    async def run() -> None:
        deadline = time.monotonic() + seconds
        await asyncio.gather(*(_connection(port, deadline, random.Random(seed * 1000 + i), latencies, statuses)
                               for i in range(connections)))

    started = time.monotonic()
    asyncio.run(run())
    out.put((latencies, statuses, time.monotonic() - started))


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
    """User+system CPU seconds of a process and its live children (the uvicorn workers)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    pids = [root_pid]
    children = Path(f"/proc/{root_pid}/task/{root_pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def bench(name: str, db: str, keys: Path, *, workers: int, seconds: float, connections: int,
          clients: int) -> dict[str, float | str]:
    subprocess.run(_cli("create-terminal", "--db", db, "--keys", str(keys), "--id", TERMINAL, "--secret", SECRET,
                        "--division", DIVISION), check=True, capture_output=True)
    port = _free_port()
    server = subprocess.Popen(_cli("serve", "--db", db, "--keys", str(keys), "--port", str(port),
                                   "--workers", str(workers)), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_up(port, server)
        ctx = multiprocessing.get_context("spawn")
        warm = ctx.Queue()
        _load(port, 2, connections, 0, warm)      # warm-up (imports, pools, caches)
        warm.get()
        cpu_before = _tree_cpu_s(server.pid)
        out = ctx.Queue()
        procs = [ctx.Process(target=_load, args=(port, seconds, connections // clients, 1 + i, out))
                 for i in range(clients)]
        for p in procs:
            p.start()
        results = [out.get() for _ in procs]
        for p in procs:
            p.join()
        server_cpu = _tree_cpu_s(server.pid) - cpu_before
    finally:
        server.terminate()
        server.wait(timeout=30)
    latencies = sorted(lat for r in results for lat in r[0])
    statuses: dict[int, int] = {}
    for r in results:
        for k, v in r[1].items():
            statuses[k] = statuses.get(k, 0) + v
    elapsed = max(r[2] for r in results)
    return {
        "engine": name, "workers": workers, "connections": connections,
        "requests": len(latencies), "per_second": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[int(len(latencies) * 0.99) - 1] * 1000,
        "server_cpu_ms": server_cpu * 1000 / len(latencies),
        "statuses": json.dumps(statuses),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--clients", type=int, default=1, help="load-generating processes")
    parser.add_argument("--pg-workers", type=int, default=2)
    parser.add_argument("--only", choices=("sqlite", "postgresql"), default=None)
    args = parser.parse_args()

    from backoffice import throwaway_pg

    rows = []
    with tempfile.TemporaryDirectory(prefix="bo-bench-") as tmp:
        if args.only in (None, "sqlite"):
            rows.append(bench("sqlite", str(Path(tmp) / "bench.sqlite3"), Path(tmp) / "sqlite.keys", workers=1,
                              seconds=args.seconds, connections=args.connections, clients=args.clients))
        if args.only in (None, "postgresql"):
            if not throwaway_pg.available():
                print("PostgreSQL 15 binaries not installed: skipping PostgreSQL", file=sys.stderr)
            else:
                cluster = throwaway_pg.ThrowawayPostgres(settings={"shared_buffers": "256MB"}).start()
                try:
                    rows.append(bench("postgresql", cluster.create_database(), Path(tmp) / "pg.keys",
                                      workers=args.pg_workers, seconds=args.seconds,
                                      connections=args.connections, clients=args.clients))
                finally:
                    cluster.stop()
    print("cpu ms = CPU time of the back-office processes per registration (PostgreSQL's own not included)")
    print(f"cores: {os.cpu_count()}, photo: {len(PHOTO)} bytes, {args.seconds:.0f} s per engine")
    print(f"{'engine':<11} {'workers':>7} {'conns':>5} {'requests':>8} {'reg/s':>8} {'p50 ms':>8} "
          f"{'p99 ms':>8} {'cpu ms':>7}  statuses")
    for r in rows:
        print(f"{r['engine']:<11} {r['workers']:>7} {r['connections']:>5} {r['requests']:>8} "
              f"{r['per_second']:>8.1f} {r['p50_ms']:>8.1f} {r['p99_ms']:>8.1f} {r['server_cpu_ms']:>7.2f}  "
              f"{r['statuses']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
