"""Kiosk UI benchmark: cold start to the home screen, screen transition time, and resident-set growth over
many automated journeys on simulated devices (reader on a pty, synthetic camera).

    .venv/bin/python -m benchmarks.ui [--journeys 500] [--backoffice separate|embedded]

The journeys talk to a back office in its own process by default (`kiosk-backoffice serve`, as a real terminal
talks to a remote one), so the resident set measured is the kiosk's alone; `--backoffice embedded` runs it
inside the kiosk process as `kiosk run --simulate` does. Cold start always uses the embedded one.

Goals: cold start ≤ 2 s, transition ≤ 100 ms, RSS growth ≤ 20 MB over 500 journeys. Growth that stops after a
few dozen journeys is glibc keeping freed memory in its per-thread arenas (it disappears with MALLOC_ARENA_MAX=2;
the kiosk trims the heap after every visit, kiosk.memory); growth that goes on after journey 51 is a leak.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def cold_start_child(data_dir: str) -> None:
    """Runs in a fresh interpreter: from nothing imported to the home screen painted."""
    start = float(os.environ["KIOSK_BENCH_T0"])
    from PySide6.QtWidgets import QApplication

    from kiosk.config import load_config
    from kiosk.terminal import open_terminal
    from ui.app import build_window, create_application

    create_application()
    config = load_config(env={}, data_dir=Path(data_dir), printer=f"dir:{data_dir}/printed", voice_engine="")
    with open_terminal(config) as terminal:
        kiosk = build_window(terminal)
        kiosk.window.resize(1920, 1080)
        kiosk.window.show()
        QApplication.processEvents()
        kiosk.window.grab()   # painted, not just created
        print(f"{time.time() - start:.3f}", flush=True)
        kiosk.controller.shutdown()


def cold_start(runs: int = 3) -> list[float]:
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(runs):
            env = dict(os.environ, KIOSK_BENCH_T0=repr(time.time()))
            out = subprocess.run([sys.executable, "-m", "benchmarks.ui", "--cold-start-child", tmp], env=env,
                                 capture_output=True, text=True, check=True).stdout
            times.append(float(out.strip().splitlines()[-1]))
    return times


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def separate_backoffice(folder: Path, terminal_id: str, secret: str, division: str) -> Iterator[str]:
    """`kiosk-backoffice serve` in its own process with the terminal enrolled; yields its URL."""
    cli = [sys.executable, "-m", "backoffice.cli"]
    db = str(folder / "backoffice.sqlite3")
    subprocess.run([*cli, "create-terminal", "--db", db, "--id", terminal_id, "--secret", secret,
                    "--division", division], check=True, capture_output=True)
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    server = subprocess.Popen([*cli, "serve", "--db", db, "--port", str(port)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(url + "api/v1/keys/license", timeout=1).close()
                break
            except urllib.error.HTTPError:   # answering, if not to an unsigned request
                break
            except (urllib.error.URLError, ConnectionError):
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the back office did not start") from None
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(10)


def journeys(count: int, backoffice: str = "separate") -> tuple[list[float], list[float]]:
    """Run `count` whole journeys; returns (transition times in s, RSS samples in MB of this process)."""
    from kiosk.config import load_config
    from kiosk.synthetic import synthetic_card
    from kiosk.terminal import open_terminal
    from ui import widgets
    from ui.app import build_window, create_application
    from ui.journey import Journey, Resident

    widgets.TAP_DEBOUNCE_S = 0.05   # a brisk resident; the debounce itself is not what is measured
    create_application()
    transitions: list[float] = []
    rss: list[float] = []
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        config = load_config(env={}, data_dir=Path(tmp), printer=f"dir:{tmp}/printed", voice_engine="",
                             reader_poll_interval_s=0.05)
        if backoffice == "separate":
            url = stack.enter_context(separate_backoffice(Path(tmp), config.terminal_id, config.terminal_secret,
                                                          config.division_code))
            config = dataclasses.replace(config, backoffice_url=url)
        with open_terminal(config) as terminal:
            kiosk = build_window(terminal, face_countdown_s=0)
            kiosk.window.resize(1920, 1080)
            kiosk.window.show()
            # Transition: from the session moving to the new view being current and painted.
            moved: list[float] = []
            session = kiosk.controller.session
            notify = session._on_change

            def session_moved(screen: object) -> None:
                moved.append(time.perf_counter())
                notify(screen)
            session._on_change = session_moved

            def painted(_: str) -> None:
                kiosk.window.current_view.repaint()
                if moved:
                    transitions.append(time.perf_counter() - moved.pop())
            kiosk.controller.screen_changed.connect(painted)
            journey = Journey(kiosk)
            rng = random.Random(1)
            for n in range(count):
                journey.complete(Resident(synthetic_card(rng, config.division_code, dt.date.today())))
                if n % 10 == 0 or n == count - 1:
                    rss.append(_rss_mb())
                if n % 50 == 0:
                    print(f"  journey {n + 1}/{count}: RSS {rss[-1]:.1f} MB", file=sys.stderr, flush=True)
            kiosk.controller.shutdown()
    return transitions, rss


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--journeys", type=int, default=500)
    parser.add_argument("--backoffice", choices=("separate", "embedded"), default="separate",
                        help="where the journeys' back office runs (default: its own process)")
    parser.add_argument("--cold-start-child", metavar="DIR")
    args = parser.parse_args()
    if args.cold_start_child:
        cold_start_child(args.cold_start_child)
        return
    starts = cold_start()
    print(f"cold start to home screen: median {statistics.median(starts):.2f} s "
          f"(runs {', '.join(f'{t:.2f}' for t in starts)}; goal ≤ 2 s)")
    transitions, rss = journeys(args.journeys, args.backoffice)
    ms = sorted(t * 1000 for t in transitions)
    print(f"screen transition: median {statistics.median(ms):.1f} ms, p95 {ms[int(len(ms) * 0.95)]:.1f} ms, "
          f"max {ms[-1]:.1f} ms over {len(ms)} transitions (goal ≤ 100 ms)")
    warm = rss[min(1, len(rss) - 1)]   # after the first journey: fonts, QML and models are loaded
    print(f"resident set of the kiosk process (back office {args.backoffice}): {rss[0]:.1f} MB after journey 1, "
          f"{warm:.1f} MB after journey 11, {rss[-1]:.1f} MB after {args.journeys}; "
          f"growth {rss[-1] - warm:+.1f} MB (goal ≤ 20 MB)")
    if len(rss) > 6:   # a leak keeps growing after the warm-up; fragmentation levels off
        print(f"  of which after journey 51: {rss[-1] - rss[5]:+.1f} MB")


if __name__ == "__main__":
    main()
