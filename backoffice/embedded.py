"""A back office inside the terminal process (SQLite, loopback only) for `kiosk run --simulate` and burn-in."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import uvicorn

from backoffice.app import Backoffice, create_app
from backoffice.terminals import enrol


class EmbeddedBackoffice:
    def __init__(self, db_path: Path, *, terminal_id: str, terminal_secret: str, division_code: str) -> None:
        self._db_path = Path(db_path)
        self._terminal_id = terminal_id
        self._secret = terminal_secret
        self._division = division_code
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._bo: Backoffice | None = None
        self._port = 0

    @property
    def url(self) -> str:
        if not self._port:
            raise RuntimeError("embedded back office not started")
        return f"http://127.0.0.1:{self._port}/"

    @property
    def license_public_key_pem(self) -> bytes:
        if self._bo is None:
            raise RuntimeError("embedded back office not started")
        return self._bo.keys.license_public_pem

    def start(self) -> None:
        self._bo = Backoffice.open(str(self._db_path))
        enrol(self._bo.engine, self._bo.keys, self._terminal_id, secret=self._secret,
              division_code=self._division)
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self._port = sock.getsockname()[1]
        config = uvicorn.Config(create_app(self._bo), log_level="warning", access_log=False, lifespan="off")
        self._server = uvicorn.Server(config)
        # Serving on our already-bound socket avoids the race of picking a free port and binding it later.
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]},
                                        name="embedded-backoffice", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 15
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("embedded back office failed to start")
            time.sleep(0.01)

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=10)
        if self._bo is not None:
            self._bo.engine.dispose()
        self._server = self._thread = None
