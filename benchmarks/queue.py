"""Offline queue benchmark: durable enqueue latency (ours vs persist-queue's SQLite ack queue, same run, same
disk, same submissions with 100 KB of attachments, both fsync on commit) and the drain rate to a local back
office process.

    .venv/bin/python -m benchmarks.queue [--n 300] [--gap-ms 20] [--drain 300]

Both queues run with SQLite's synchronous=FULL (persist-queue sets only journal_mode=WAL; FULL is SQLite's
default, printed below from its own connection), so each put ends with an fdatasync of the -wal file. A plain
sqlite3 INSERT of the same bytes under WAL + FULL is timed too, as the floor. The three take turns put by put
(same disk conditions on a shared machine), each put after an untimed pause of --gap-ms: a kiosk never
enqueues back to back (a visit takes minutes), and work kept off the resident's path (our checkpoints) runs
in such pauses. --gap-ms 0 times a burst instead.

Goals (the queue and terminal-core issues): enqueue p99 ≤ 25 ms with fsync; drain ≥ 100 submissions/s;
ours p50 ≤ 1.2 × persist-queue's and p99 ≤ persist-queue's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import pickle
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from domain.application import Applicant, Application, Business, Organization, Premises
from domain.card import CardType, IdCard
from domain.ids import make_resident_id

DIVISION = "370702"
TERMINAL_ID, SECRET = "bench-terminal", "bench-secret-0123456789"
FACE_BYTES, SIGNATURE_BYTES = 80 * 1024, 20 * 1024   # 100 KB of attachments per submission
WARM_UP = 10


def submissions(n: int, seed: int = 1) -> list[dict[str, Any]]:
    """Distinct fictitious applicants (valid ID numbers), each with 100 KB of random attachment bytes."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        birth = dt.date(1970, 1, 1) + dt.timedelta(days=rng.randrange(12_000))
        number = make_resident_id(DIVISION, birth, rng.randrange(1000))
        card = IdCard(card_type=CardType.RESIDENT, name=f"基准{i}", gender="男" if int(number[16]) % 2 else "女",
                      birth_date=birth.isoformat(), id_number=number, issuer="潍坊市公安局潍城分局",
                      valid_from="2020-01-01", valid_until=None, photo_sha256="0" * 64, nation="汉",
                      address=f"山东省潍坊市潍城区胜利西街{i}号")
        app = Application(
            Applicant(card=card, phone=f"139{rng.randrange(10**8):08d}", face_jpeg=rng.randbytes(FACE_BYTES),
                      face_quality={"score": 0.9}, liveness_passed=True,
                      signature_png=rng.randbytes(SIGNATURE_BYTES)),
            Business(name=None, organization=Organization.INDIVIDUAL, scope=("F5223",),
                     premises=Premises(DIVISION, f"和平路{i}号"), capital_yuan=50_000, employees=2))
        out.append(app.to_api_json())
    return out


def latency_ms(put: Callable[[dict[str, Any]], object], body: dict[str, Any]) -> float:
    start = time.perf_counter()
    put(body)
    return (time.perf_counter() - start) * 1000


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


class PlainSqlite:
    """The floor: one INSERT of the pickled body per transaction, WAL + synchronous=FULL, nothing else."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.execute("CREATE TABLE q (id INTEGER PRIMARY KEY AUTOINCREMENT, data BLOB NOT NULL)")

    def put(self, body: dict[str, Any]) -> None:
        data = pickle.dumps(body)
        self.db.execute("BEGIN IMMEDIATE")
        self.db.execute("INSERT INTO q (data) VALUES (?)", (data,))
        self.db.execute("COMMIT")


def bench_enqueue(workdir: Path, bodies: list[dict[str, Any]], gap_s: float) -> dict[str, list[float]]:
    import persistqueue

    from offline_queue.outbox import Outbox

    box = Outbox.open(workdir / "ours.sqlite3", workdir / "ours.key")
    theirs = persistqueue.SQLiteAckQueue(str(workdir / "persistqueue"), auto_commit=True)
    plain = PlainSqlite(workdir / "plain.sqlite3")
    modes = {name: db.execute("PRAGMA synchronous").fetchone()[0]
             for name, db in (("ours", box._db), ("persist-queue", theirs._putter), ("plain", plain.db))}
    print("synchronous (2 = FULL): " + ", ".join(f"{k} {v}" for k, v in modes.items()))
    puts = {"ours": box.enqueue, "persist-queue": theirs.put, "plain sqlite3 WAL+FULL": plain.put}
    results: dict[str, list[float]] = {name: [] for name in puts}
    for i, body in enumerate(bodies):
        for name, put in puts.items():
            time.sleep(gap_s)
            ms = latency_ms(put, body)
            if i >= WARM_UP:
                results[name].append(ms)
    box.close()
    theirs.close()
    plain.db.close()
    return results


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_drain(workdir: Path, bodies: list[dict[str, Any]]) -> tuple[float, float]:
    """Seconds to deliver every submission to `kiosk-backoffice serve` on loopback, and the rate."""
    from kiosk.backoffice_client import BackofficeClient
    from offline_queue.outbox import Outbox
    from offline_queue.sync import SyncWorker

    db_url = f"sqlite:///{workdir / 'backoffice.sqlite3'}"
    cli = [sys.executable, "-m", "backoffice.cli"]
    subprocess.run([*cli, "create-terminal", "--db", db_url, "--id", TERMINAL_ID, "--secret", SECRET,
                    "--division", DIVISION], check=True, capture_output=True)
    port = _free_port()
    server = subprocess.Popen([*cli, "serve", "--db", db_url, "--host", "127.0.0.1", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("back office did not start") from None
                time.sleep(0.05)
        box = Outbox.open(workdir / "drain.sqlite3", workdir / "drain.key")
        for body in bodies:
            box.enqueue(body)
        worker = SyncWorker(box, BackofficeClient(f"http://127.0.0.1:{port}/", TERMINAL_ID, SECRET))
        start = time.perf_counter()
        if not worker.sync_until_empty(300):
            raise RuntimeError(f"drain did not finish: {box.status()}")
        seconds = time.perf_counter() - start
        status = box.status()
        box.close()
        if status.done != len(bodies):
            raise RuntimeError(f"not all delivered: {status}")
        return seconds, len(bodies) / seconds
    finally:
        server.terminate()
        server.wait(10)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.queue", description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300, help="enqueues per implementation (300)")
    parser.add_argument("--gap-ms", type=float, default=20.0, help="untimed pause before each put (20)")
    parser.add_argument("--drain", type=int, default=300, help="submissions to drain (300)")
    parser.add_argument("--dir", type=Path, help="where to put the files (default: a temp dir on ./var)")
    args = parser.parse_args(argv)

    bodies = submissions(args.n + WARM_UP)
    size_kb = len(json.dumps(bodies[0]).encode()) / 1024
    base = args.dir or Path("var")
    base.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=base) as tmp:
        workdir = Path(tmp)
        print(f"submission: {FACE_BYTES // 1024} KB face + {SIGNATURE_BYTES // 1024} KB signature "
              f"= {size_kb:.0f} KB JSON; {args.n} enqueues each, taking turns, {args.gap_ms:g} ms apart; "
              f"files in {workdir.resolve().parent}")
        results = bench_enqueue(workdir, bodies, args.gap_ms / 1000)
        print(f"{'durable enqueue':<28}{'p50 ms':>8}{'p99 ms':>8}{'max ms':>8}{'mean ms':>9}")
        for name, values in results.items():
            print(f"{name:<28}{percentile(values, 50):>8.2f}{percentile(values, 99):>8.2f}"
                  f"{max(values):>8.2f}{statistics.fmean(values):>9.2f}")
        (ours50, ours99), (theirs50, theirs99) = ((percentile(results[k], 50), percentile(results[k], 99))
                                                  for k in ("ours", "persist-queue"))
        print(f"enqueue p99 goal ≤ 25 ms: {'met' if ours99 <= 25 else 'MISSED'}; "
              f"p50 ≤ 1.2 × persist-queue's: {'met' if ours50 <= 1.2 * theirs50 else 'MISSED'} "
              f"({ours50 / theirs50:.2f} ×); p99 ≤ persist-queue's: {'met' if ours99 <= theirs99 else 'MISSED'} "
              f"({ours99:.2f} vs {theirs99:.2f})")
        seconds, rate = bench_drain(workdir, submissions(args.drain, seed=2))
        print(f"drain to local back office: {args.drain} submissions in {seconds:.2f} s = {rate:.0f}/s "
              f"(goal ≥ 100/s: {'met' if rate >= 100 else 'MISSED'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
