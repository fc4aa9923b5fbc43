"""Shared fixtures for the doctor tests: a real back office over HTTP, the reader simulator on a pty behind a
/dev/idcard-like link, and a site configuration file for them. Import explicitly."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from backoffice.embedded import EmbeddedBackoffice
from devices.idcard.simulator import ReaderSimulator
from kiosk.config import Config, load_config
from kiosk.doctor import Check, Context, diagnose

TERMINAL = "T-DOCTOR-01"
SECRET = "doctor-test-secret"
DIVISION = "370702"


@pytest.fixture(scope="module")
def backoffice(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedBackoffice]:
    bo = EmbeddedBackoffice(tmp_path_factory.mktemp("bo") / "bo.sqlite3", terminal_id=TERMINAL,
                            terminal_secret=SECRET, division_code=DIVISION)
    bo.start()
    yield bo
    bo.stop()


@dataclass(frozen=True)
class PluggedReader:
    sim: ReaderSimulator
    port: str       # a symlink to the pty, as udev's /dev/idcard is to /dev/ttyUSB0


@pytest.fixture
def reader(tmp_path: Path) -> Iterator[PluggedReader]:
    sim = ReaderSimulator()
    port = str(tmp_path / "idcard")
    sim.start(port)
    yield PluggedReader(sim, port)
    sim.stop()


def write_site_config(folder: Path, **values: object) -> Path:
    lines = []
    for key, value in values.items():
        lines.append(f"{key} = {value!r}".replace("'", '"') if isinstance(value, str) else f"{key} = {value}")
    path = folder / "kiosk.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def healthy_values(tmp_path: Path, backoffice: EmbeddedBackoffice, reader_port: str,
                   printer: str | None = None) -> dict:
    """A terminal wired to real simulated devices; printer None is the folder printer."""
    printer = printer or f"dir:{tmp_path / 'printed'}"
    return {"terminal_id": TERMINAL, "terminal_secret": SECRET, "backoffice_url": backoffice.url,
            "division_code": DIVISION, "data_dir": str(tmp_path / "data"), "reader_port": reader_port,
            "camera_source": "sim", "printer": printer}


def config_of(tmp_path: Path, **values: object) -> Config:
    return load_config(write_site_config(tmp_path, **values), env={})


def by_name(checks: list[Check]) -> dict[str, Check]:
    return {c.name: c for c in checks}


def run_doctor(config: Config, **context: object) -> dict[str, Check]:
    """The checks, with no other serial port to probe unless the test names some (the host's stay untouched)."""
    context.setdefault("ports", [])
    return by_name(diagnose(Context(config, **context)))  # type: ignore[arg-type]
