"""Spoken prompts from the voice pack (kiosk.voice): the screen's text is looked up in the pack of the current
language and speed and its pre-rendered clips are played; nothing is synthesised while a resident waits. A
text the pack cannot say stays silent (and is logged once), the screen still shows it."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject

from kiosk.voice import PackError, VoicePack, open_pack
from kiosk.voice.player import AplayPlayer, Player

log = logging.getLogger(__name__)


class Voice(QObject):
    def __init__(self, engine: str, pack_root: Path | None = None, player: Player | None = None) -> None:
        super().__init__()
        self.muted = False
        self.language = "zh_CN"
        self.slow = False
        self._root = pack_root if engine == "pack" else None
        self._player = player or (AplayPlayer() if self._root is not None else None)
        self._pack: VoicePack | None = None
        self._unsaid: set[str] = set()
        self._open()

    @property
    def available(self) -> bool:
        return self._pack is not None and self._player is not None

    def _open(self) -> None:
        self._pack = None
        if self._root is None:
            return
        try:
            self._pack = open_pack(self._root, self.language, "slow" if self.slow else "normal")
        except PackError as e:
            log.warning("prompts are not spoken: %s", e)

    def set_language(self, language: str) -> None:
        self.language = language
        self._open()

    def set_slow(self, slow: bool) -> None:
        """Care mode speaks from the slow pack."""
        self.slow = slow
        self._open()

    def say(self, text: str) -> None:
        if self.muted or not text or not self.available:
            return
        clips = self._pack.clips(text)
        if clips is None:
            if text not in self._unsaid:
                self._unsaid.add(text)
                log.info("the voice pack has no clip for %r", text)
            return
        self._player.play(clips)

    def set_muted(self, muted: bool) -> None:
        self.muted = muted
        if muted and self._player is not None:
            self._player.stop()
