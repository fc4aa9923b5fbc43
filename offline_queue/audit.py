"""Queue audit trail and technician alerts: one JSON line per event next to the database, never personal data.

Technicians (and `kiosk doctor` / the heartbeat) read alerts from this file; it is append-only and small.
"""

from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from offline_queue.files import fsync_directory

log = logging.getLogger("offline_queue")


@dataclass(frozen=True)
class AuditEvent:
    ts: float
    event: str
    level: str          # "info" or "alert" (a technician must act)
    message: str
    fields: dict[str, Any]


class AuditLog:
    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def beside(cls, db_path: Path) -> AuditLog:
        return cls(db_path.with_name(db_path.name + ".audit.jsonl"))

    def info(self, event: str, message: str, **fields: Any) -> None:
        log.info("%s: %s", event, message)
        self._append("info", event, message, fields)

    def alert(self, event: str, message: str, **fields: Any) -> None:
        log.critical("ALERT %s: %s", event, message)
        self._append("alert", event, message, fields)

    def _append(self, level: str, event: str, message: str, fields: dict[str, Any]) -> None:
        line = json.dumps({"ts": time.time(), "event": event, "level": level, "message": message, **fields},
                          ensure_ascii=False) + "\n"
        try:
            created = not self.path.exists()
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, line.encode())
                os.fsync(fd)
            finally:
                os.close(fd)
            if created:
                fsync_directory(self.path.parent)
        except OSError as exc:  # a full disk must not hide the event: it is in the log at least
            log.error("could not write audit line %s to %s: %s", event, self.path, exc)

    def events(self, level: str | None = None) -> list[AuditEvent]:
        try:
            lines = self.path.read_text("utf-8").splitlines()
        except FileNotFoundError:
            return []
        out = []
        for line in lines:
            try:
                data = json.loads(line)
            except ValueError:
                continue  # a torn last line after a crash
            if level is None or data.get("level") == level:
                ts, event, lvl, msg = (data.pop(k) for k in ("ts", "event", "level", "message"))
                out.append(AuditEvent(ts, event, lvl, msg, data))
        return out
