"""`kiosk queue` — inspect and drive the offline submission queue (for technicians and scripts)."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

HELP = "Offline queue: status, list, retry, sync now, export dead letters."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="queue_command", required=True, metavar="ACTION")
    p = sub.add_parser("status", help="counts, age of the oldest undelivered submission, last error")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p = sub.add_parser("list", help="submissions, newest first (no personal data)")
    p.add_argument("--state", choices=("pending", "in_flight", "done", "dead"))
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p = sub.add_parser("retry", help="send a dead or waiting submission again now")
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("id", nargs="?", help="local id (number) or idempotency key")
    target.add_argument("--dead", action="store_true", help="every dead letter")
    p = sub.add_parser("sync", help="deliver due submissions now")
    p.add_argument("--until-empty", action="store_true", help="keep going until nothing is pending")
    p.add_argument("--timeout", type=float, default=60.0, metavar="S", help="give up after S seconds (60)")
    p = sub.add_parser("export-dead", help="write dead letters to FILE as JSON lines (mode 0600)")
    p.add_argument("file", type=Path)
    p.add_argument("--include-body", action="store_true",
                   help="also write the decrypted application (personal data: handle the file accordingly)")


def run(args: argparse.Namespace) -> int:
    from kiosk.config import ConfigError, load_config
    from offline_queue.errors import QueueError

    try:
        config = load_config()
        action = {"status": _status, "list": _list, "retry": _retry, "sync": _sync,
                  "export-dead": _export_dead}[args.queue_command]
        return action(args, config)
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    except QueueError as exc:
        print(f"{exc.message_zh}\n{exc}", file=sys.stderr)
        return 2


def _open(config, *, resume: bool = False):
    from offline_queue.outbox import Outbox

    return Outbox.open(config.queue_path, config.key_file, resume=resume)


def _status(args: argparse.Namespace, config) -> int:
    with _open(config) as box:
        status = box.status()
        alerts = box.audit.events("alert")
    if args.json:
        print(json.dumps(status.to_json(), ensure_ascii=False))
        return 0
    age = "-" if status.oldest_age_s is None else f"{status.oldest_age_s:.0f} s"
    print(f"pending {status.pending}  in flight {status.in_flight}  done {status.done}  dead {status.dead}")
    print(f"oldest undelivered: {age}")
    print(f"last error: {status.last_error or '-'}")
    if alerts:
        print(f"technician alerts: {len(alerts)}, latest: {alerts[-1].message}")
    return 0


def _list(args: argparse.Namespace, config) -> int:
    with _open(config) as box:
        entries = box.entries(args.state, args.limit)
    if args.json:
        for e in entries:
            print(json.dumps(e.to_json(), ensure_ascii=False))
        return 0
    now = time.time()
    print(f"{'id':>6}  {'state':<9} {'age':>8} {'tries':>5} {'http':>4}  {'registration':<14} error")
    for e in entries:
        reg = e.uscc or e.registration_id or "-"
        print(f"{e.local_id:>6}  {e.status:<9} {now - e.created_at:>7.0f}s {e.attempts:>5} "
              f"{e.http_status or '-':>4}  {reg:<14} {e.last_error or ''}")
    return 0


def _retry(args: argparse.Namespace, config) -> int:
    with _open(config) as box:
        if args.dead:
            print(f"{box.retry_dead()} dead submissions queued again")
            return 0
        entry = box.retry(int(args.id) if args.id.isdigit() else args.id)
    print(f"submission {entry.local_id} queued again")
    return 0


def _sync(args: argparse.Namespace, config) -> int:
    import contextlib

    from kiosk.terminal import connect_backoffice
    from offline_queue.sync import SyncWorker

    with contextlib.ExitStack() as stack:
        client = stack.enter_context(connect_backoffice(config))
        box = stack.enter_context(_open(config, resume=True))
        worker = SyncWorker.for_config(box, client, config)
        if args.until_empty:
            emptied = worker.sync_until_empty(args.timeout)
        else:
            worker.deliver_due()
            emptied = False
        status = box.status()
    print(f"pending {status.pending}  in flight {status.in_flight}  done {status.done}  dead {status.dead}"
          + (f"  last error: {status.last_error}" if status.pending and status.last_error else ""))
    if args.until_empty and not emptied:
        print(f"queue not empty after {args.timeout:g} s", file=sys.stderr)
        return 1
    return 0


def _export_dead(args: argparse.Namespace, config) -> int:
    with _open(config) as box:
        lines = []
        for entry in box.entries("dead", limit=1_000_000):
            record = entry.to_json()
            if args.include_body:
                body = box.body(entry.idempotency_key)
                record["body"] = None if body is None else json.loads(body)
            lines.append(json.dumps(record, ensure_ascii=False) + "\n")
    fd = os.open(args.file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.writelines(lines)
    print(f"{len(lines)} dead letters written to {args.file}")
    return 0
