"""Several uvicorn worker processes, each accepting on its own SO_REUSEPORT socket.

uvicorn's own --workers shares one listening socket, and the worker that wakes first accepts every connection
waiting: 16 terminals connecting at once were measured landing 16/0 or 15/1 on two workers, one worker
saturated while the other idled. With a socket per worker the kernel spreads connections across the workers
(by address hash). The parent only supervises: it restarts a worker that dies and stops them all on
SIGTERM/SIGINT.
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
import socket
import time
from multiprocessing.connection import wait
from multiprocessing.process import BaseProcess
from types import FrameType

log = logging.getLogger(__name__)

_RESTART_PAUSE_S = 1.0   # a worker that dies at once must not spin the supervisor
_STOP_GRACE_S = 30.0     # uvicorn finishes in-flight requests on SIGTERM; then it is killed


def _listen(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(2048)
    return sock


def _worker(factory: str, host: str, port: int, log_level: str, tls: dict[str, str]) -> None:
    import uvicorn

    config = uvicorn.Config(factory, factory=True, log_level=log_level, access_log=False, **tls)
    uvicorn.Server(config).run(sockets=[_listen(host, port)])


def serve(factory: str, *, host: str, port: int, workers: int, log_level: str = "info",
          tls: dict[str, str] | None = None) -> None:
    """Run `workers` processes serving the app that `factory` ("module:function") builds, until signalled.
    `tls`: uvicorn's ssl_certfile / ssl_keyfile, when the workers serve HTTPS themselves."""
    if port == 0:
        raise ValueError("several workers need a fixed port: each binds it for itself")
    _listen(host, port).close()   # fail here, once, if the address is taken
    ctx = multiprocessing.get_context("spawn")
    running: dict[int, BaseProcess] = {}
    stopping = False

    def start(slot: int) -> None:
        proc = ctx.Process(target=_worker, args=(factory, host, port, log_level, tls or {}),
                           name=f"backoffice-worker-{slot}")
        proc.start()
        running[slot] = proc
        log.info("worker %d started (pid %s)", slot, proc.pid)

    def stop(_signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True   # the loop below wakes within a second and stops the workers

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        for slot in range(workers):
            start(slot)
        while not stopping:
            wait([p.sentinel for p in running.values()], timeout=1.0)
            for slot, proc in list(running.items()):
                if not proc.is_alive() and not stopping:
                    log.warning("worker %d (pid %s) exited with %s; restarting", slot, proc.pid, proc.exitcode)
                    time.sleep(_RESTART_PAUSE_S)
                    start(slot)
    finally:
        deadline = time.monotonic() + _STOP_GRACE_S
        for proc in running.values():
            if proc.is_alive():
                proc.terminate()
        for proc in running.values():
            proc.join(max(0.0, deadline - time.monotonic()))
            if proc.is_alive():
                proc.kill()
                proc.join()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
