"""Fixtures for the kiosk UI tests: a real terminal (embedded back office, reader simulator on a pty,
synthetic camera, printer writing PDFs into a folder) and the real window driven by ui.journey."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.config import Config, load_config
from kiosk.synthetic import synthetic_card
from kiosk.terminal import open_terminal
from ui.app import Kiosk, build_window, create_application
from ui.journey import Journey, Resident


def kiosk_config(data_dir: Path, **changes: object) -> Config:
    settings = {"printer": f"dir:{data_dir / 'printed'}", "reader_port": "sim", "camera_source": "sim",
                "voice_engine": "", "decision_wait_s": 10.0, "reader_poll_interval_s": 0.05} | changes
    return load_config(env={}, data_dir=data_dir, **settings)


def submissions(terminal) -> int:
    status = terminal.outbox.status()
    return status.pending + status.in_flight + status.done + status.dead


def printed(terminal) -> list[str]:
    return sorted(p.name for p in terminal.printer.folder.glob("*.pdf"))


def resident(seed: int = 1, **changes: object) -> Resident:
    return Resident(synthetic_card(random.Random(seed), "370702", dt.date.today()), **changes)


@pytest.fixture(scope="module")
def app():
    return create_application()


@pytest.fixture(scope="module")
def terminal(app, tmp_path_factory) -> Iterator:
    with open_terminal(kiosk_config(tmp_path_factory.mktemp("kiosk"))) as t:
        yield t


def open_kiosk(terminal, **options: object) -> Kiosk:
    kiosk = build_window(terminal, face_countdown_s=0, **options)
    kiosk.window.resize(1920, 1080)
    kiosk.window.show()
    return kiosk


@pytest.fixture
def kiosk(terminal, qtbot) -> Iterator[Kiosk]:
    k = open_kiosk(terminal)
    yield k
    close_kiosk(k)


def close_kiosk(kiosk: Kiosk) -> None:
    kiosk.close()
    kiosk.controller.terminal.reader_simulator.remove()


@pytest.fixture
def journey(kiosk) -> Journey:
    return Journey(kiosk)
