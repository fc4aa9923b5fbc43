"""A back office inside the terminal process (SQLite, loopback only) for `kiosk run --simulate` and burn-in."""

from __future__ import annotations

import dataclasses
import socket
import threading
import time
from pathlib import Path

import uvicorn
from fastapi import FastAPI

from backoffice.app import Backoffice, create_app
from backoffice.settings import Settings
from backoffice.terminals import enrol


class ServerThread:
    """uvicorn serving one app on 127.0.0.1 (a free port) from a background thread."""

    def __init__(self, app: FastAPI) -> None:
        self._app = app
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    def start(self) -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        self._server = uvicorn.Server(uvicorn.Config(self._app, log_level="warning", access_log=False,
                                                     lifespan="off"))
        # Serving on a socket bound here avoids the race of picking a free port and binding it later.
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]},
                                        name="backoffice-server", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 15
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("back office server failed to start")
            time.sleep(0.01)

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=10)
        self._server = self._thread = None


class EmbeddedBackoffice:
    def __init__(self, db_path: Path, *, terminal_id: str, terminal_secret: str, division_code: str,
                 pickup_face_required: bool = False) -> None:
        """pickup_face_required: the terminal takes the face at pick-up, so a claim without one is refused."""
        self._db_path = Path(db_path)
        self._pickup_face_required = pickup_face_required
        self._terminal_id = terminal_id
        self._secret = terminal_secret
        self._division = division_code
        self._bo: Backoffice | None = None
        self._server: ServerThread | None = None

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("embedded back office not started")
        return f"http://127.0.0.1:{self._server.port}/"

    @property
    def license_public_key_pem(self) -> bytes:
        if self._bo is None:
            raise RuntimeError("embedded back office not started")
        return self._bo.keys.license_public_pem

    def start(self) -> None:
        # Simulated visits are approved through a real comparison: the embedded back office accepts the open
        # engine's match (a district's own back office decides that in its settings).
        settings = dataclasses.replace(Settings.load(), face_open_engine_divisions="*",
                                       pickup_face_required=self._pickup_face_required)
        self._bo = Backoffice.open(str(self._db_path), settings=settings)
        enrol(self._bo.engine, self._bo.keys, self._terminal_id, secret=self._secret,
              division_code=self._division)
        self._server = ServerThread(create_app(self._bo))
        self._server.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
        if self._bo is not None:
            self._bo.engine.dispose()
        self._server = None
