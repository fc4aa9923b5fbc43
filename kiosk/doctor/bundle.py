"""The support bundle (`kiosk logs export FILE`): logs, a doctor report, versions and the configuration, in one
tar.gz a technician can send. Every text member passes through kiosk.logs.redact on the way in, and secrets
are blanked, so the bundle carries no personal data even if a log line slipped one through."""

from __future__ import annotations

import importlib.metadata
import io
import json
import os
import platform
import re
import subprocess
import tarfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kiosk.config import Config
from kiosk.logs import redact

DISTRIBUTIONS = ("registration-kiosk", "PySide6-Essentials", "PySide6-Addons", "opencv-python-headless", "numpy",
                 "pyserial", "reportlab", "requests", "cryptography", "fastapi", "uvicorn", "SQLAlchemy")
JOURNAL_UNITS = ("kiosk.service", "kiosk-recovery.service")
_SECRET_LINE = re.compile(r'^(\s*terminal_secret\s*=\s*).*$', re.MULTILINE)


def versions() -> dict[str, Any]:
    installed = {}
    for name in DISTRIBUTIONS:
        try:
            installed[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            installed[name] = None
    os_release = Path("/etc/os-release")
    pretty = re.search(r'^PRETTY_NAME="?([^"\n]*)', os_release.read_text()) if os_release.exists() else None
    return {"packages": installed, "python": platform.python_version(), "kernel": platform.release(),
            "os": pretty.group(1) if pretty else platform.platform()}


def _journal() -> str | None:
    """The kiosk units' journal of the last week, when journalctl exists and this user may read it."""
    args = ["journalctl", "--no-pager", "-o", "short-iso", "--since", "-7d", "-n", "20000"]
    for unit in JOURNAL_UNITS:
        args += ["-u", unit]
    try:
        result = subprocess.run(args, capture_output=True, text=True, timeout=30, check=False)
    except (FileNotFoundError, subprocess.TimeoutExpired):
        return None
    return result.stdout if result.returncode == 0 else None


def _log_files(config: Config) -> Iterator[tuple[str, Path]]:
    logs = config.data_dir / "logs"
    if logs.is_dir():
        for path in sorted(logs.iterdir()):
            if path.is_file():
                yield f"logs/{path.name}", path
    audit = config.queue_path.with_name(config.queue_path.name + ".audit.jsonl")
    if audit.is_file():
        yield f"logs/{audit.name}", audit


def members(config: Config | None, report: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(name in the bundle, text) for everything the bundle holds, before redaction."""
    yield "doctor.json", json.dumps(report, ensure_ascii=False, indent=2)
    yield "versions.json", json.dumps(versions(), ensure_ascii=False, indent=2)
    site = Path(os.environ.get("KIOSK_CONFIG", "/etc/kiosk/kiosk.toml"))
    if site.is_file() and os.access(site, os.R_OK):
        yield "config/kiosk.toml", _SECRET_LINE.sub(r'\1"(removed)"', site.read_text(encoding="utf-8"))
    if config is not None:
        for name, path in _log_files(config):
            yield name, path.read_text(encoding="utf-8", errors="replace")
    journal = _journal()
    if journal is not None:
        yield "journal.txt", journal


def export_bundle(out: Path, config: Config | None, report: dict[str, Any]) -> list[str]:
    """Write the bundle (mode 0600: it names the terminal and its faults); returns the member names."""
    out.parent.mkdir(parents=True, exist_ok=True)
    names = []
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
        stamp = time.time()
        for name, text in members(config, report):
            data = redact(text).encode()
            info = tarfile.TarInfo(f"kiosk-support/{name}")
            info.size, info.mtime, info.mode = len(data), int(stamp), 0o600
            tar.addfile(info, io.BytesIO(data))
            names.append(name)
    return names
