"""A throwaway PostgreSQL 15 cluster from Debian's binaries, for tests and benchmarks (not for production).

initdb on a temporary folder, unix socket only, a free port; run as `postgres` when we are root.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def available() -> bool:
    return (PG_BIN / "initdb").exists() and (PG_BIN / "pg_ctl").exists()


def _as_postgres(cmd: list[str]) -> list[str]:
    # initdb and postgres refuse to run as root.
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


class ThrowawayPostgres:
    def __init__(self, *, settings: dict[str, str] | None = None) -> None:
        self._settings = {"listen_addresses": "''", "max_connections": "200", "fsync": "on",
                          **(settings or {})}
        self.root = Path(tempfile.mkdtemp(prefix="bo-pg-"))
        self.port = 0

    def start(self) -> ThrowawayPostgres:
        if os.geteuid() == 0:
            pw = pwd.getpwnam("postgres")
            os.chown(self.root, pw.pw_uid, pw.pw_gid)
        self.root.chmod(0o755)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        data = self.root / "data"
        subprocess.run(_as_postgres([str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
                                     "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]),
                       check=True, capture_output=True)
        self.resume()
        return self

    def resume(self) -> None:
        """Start the server (again, after halt())."""
        options = " ".join([f"-p {self.port}", f"-k {self.root}",
                            *(f"-c {k}={v}" for k, v in self._settings.items())])
        subprocess.run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.root / "data"), "-o", options,
                                     "-l", str(self.root / "log"), "-w", "start"]), check=True, capture_output=True)

    def halt(self) -> None:
        """Stop the server, keeping its data (an outage)."""
        subprocess.run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.root / "data"), "-m", "fast", "-w",
                                     "stop"]), check=True, capture_output=True)

    def stop(self) -> None:
        subprocess.run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.root / "data"), "-m", "fast",
                                     "stop"]), capture_output=True)
        shutil.rmtree(self.root, ignore_errors=True)

    def postmaster_pid(self) -> int:
        return int((self.root / "data" / "postmaster.pid").read_text().split()[0])

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@/{database}?host={self.root}&port={self.port}"

    def create_database(self) -> str:
        """A new empty database; returns its SQLAlchemy URL."""
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(host=str(self.root), port=self.port, user="postgres", dbname="postgres",
                             autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)
