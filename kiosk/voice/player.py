"""Playing pack clips: aplay (alsa-utils) in a child process, so the UI thread never waits for audio."""

from __future__ import annotations

import logging
import shutil
import subprocess
from pathlib import Path
from typing import Protocol

log = logging.getLogger(__name__)


class Player(Protocol):
    def play(self, clips: list[Path]) -> None:
        """Stop what is playing and play the clips one after another."""
        ...

    def stop(self) -> None: ...


class AplayPlayer:
    def __init__(self, binary: str = "aplay") -> None:
        self.binary = shutil.which(binary)
        self._process: subprocess.Popen[bytes] | None = None
        if self.binary is None:
            log.warning("aplay not found (apt-get install alsa-utils): prompts are not spoken")

    def play(self, clips: list[Path]) -> None:
        self.stop()
        if self.binary is None or not clips:
            return
        try:
            self._process = subprocess.Popen([self.binary, "-q", *map(str, clips)], stdin=subprocess.DEVNULL,
                                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except OSError as e:
            log.warning("cannot start aplay: %s", e)

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=1)
            except subprocess.TimeoutExpired:
                self._process.kill()
        self._process = None


class RecordingPlayer:
    """Remembers what would have played (tests, and terminals without a sound card)."""

    def __init__(self) -> None:
        self.played: list[list[Path]] = []

    def play(self, clips: list[Path]) -> None:
        self.played.append(list(clips))

    def stop(self) -> None:
        pass
