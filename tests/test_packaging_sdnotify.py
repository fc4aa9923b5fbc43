"""kiosk.sdnotify against a real notification socket, as systemd listens on it, and the watchdog pattern the
kiosk unit relies on: pings from a Qt timer on the main thread stop when the event loop freezes."""

from __future__ import annotations

import socket
import time
import uuid

import pytest

from kiosk import sdnotify


@pytest.fixture
def listener(tmp_path):
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    path = tmp_path / "notify"
    sock.bind(str(path))
    sock.settimeout(2)
    yield sock, {"NOTIFY_SOCKET": str(path), "WATCHDOG_USEC": "30000000"}
    sock.close()


def test_ready_status_and_pings_arrive_as_systemd_reads_them(listener):
    sock, env = listener
    assert sdnotify.ready("home screen shown", env=env)
    assert sock.recv(4096) == b"READY=1\nSTATUS=home screen shown"
    assert sdnotify.ping(env=env)
    assert sock.recv(4096) == b"WATCHDOG=1"
    assert sdnotify.stopping(env=env)
    assert sock.recv(4096) == b"STOPPING=1"


def test_abstract_socket_addresses_work():
    name = f"kiosk-test-{uuid.uuid4().hex}"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind("\0" + name)
        sock.settimeout(2)
        assert sdnotify.ping(env={"NOTIFY_SOCKET": "@" + name})
        assert sock.recv(64) == b"WATCHDOG=1"


def test_outside_systemd_every_call_is_a_harmless_no_op(tmp_path):
    assert not sdnotify.ready(env={})
    assert not sdnotify.ping(env={"NOTIFY_SOCKET": str(tmp_path / "gone")})
    assert sdnotify.watchdog_interval_s(env={}) is None
    assert sdnotify.watchdog_interval_s(env={"WATCHDOG_USEC": "0"}) is None


def test_ping_interval_is_half_the_watchdog_timeout():
    assert sdnotify.watchdog_interval_s(env={"WATCHDOG_USEC": "30000000"}) == 15.0


def test_qt_timer_pings_while_the_ui_runs_and_stop_when_it_freezes(listener, qapp):
    from PySide6.QtCore import QTimer

    sock, env = listener
    sock.settimeout(0.05)
    timer = QTimer()
    timer.timeout.connect(lambda: sdnotify.ping(env=env))
    timer.start(20)

    def drain() -> int:
        count = 0
        try:
            while True:
                sock.recv(64)
                count += 1
        except TimeoutError:
            return count

    try:
        running, end = 0, time.monotonic() + 0.4
        while time.monotonic() < end:
            qapp.processEvents()
            running += drain()
        time.sleep(0.4)                 # the main thread is stuck: no event is processed, no timer fires
        frozen = drain()
    finally:
        timer.stop()
    assert running >= 5
    assert frozen == 0
