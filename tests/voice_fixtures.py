"""A voice pack rendered once per test session with the default engine (espeak-ng + pypinyin)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kiosk.voice import pack
from kiosk.voice.engines import EspeakEngine


@pytest.fixture(scope="session")
def voice_pack(tmp_path_factory) -> tuple[Path, pack.BuildReport]:
    root = tmp_path_factory.mktemp("voice")
    started = time.perf_counter()
    report = pack.build(EspeakEngine(), root)
    report.seconds = time.perf_counter() - started
    return root, report
