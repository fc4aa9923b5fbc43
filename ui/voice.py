"""Spoken prompts through QtTextToSpeech when a Mandarin voice is installed (speech-dispatcher + espeak-ng);
silent, and otherwise unaffected, where there is no engine or voice."""

from __future__ import annotations

import logging

from PySide6.QtCore import QLocale, QObject

log = logging.getLogger(__name__)

SLOW_RATE = -0.35   # care mode (关怀模式): QTextToSpeech rate, -1 (slowest) to 1; 0 is the engine's normal pace


class Voice(QObject):
    def __init__(self, engine: str) -> None:
        super().__init__()
        self.muted = False
        self.slow = False          # care mode: prompts are spoken more slowly (read by any speech backend)
        self.language = "zh_CN"
        self._tts = None
        self._has_voice = False
        if not engine:
            return
        try:
            from PySide6.QtTextToSpeech import QTextToSpeech

            if engine not in QTextToSpeech.availableEngines():
                log.info("no %s speech engine; prompts are not spoken", engine)
                return
            self._tts = QTextToSpeech(engine, self)
        except ImportError:   # a Qt build without QtTextToSpeech
            return
        self._apply_locale()

    @property
    def available(self) -> bool:
        return self._tts is not None and self._has_voice

    def _apply_locale(self) -> None:
        wanted = QLocale(QLocale.Language.Chinese, QLocale.Country.China) if self.language == "zh_CN" \
            else QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
        locales = self._tts.availableLocales()
        match = next((loc for loc in locales if loc.language() == wanted.language()), None)
        self._has_voice = match is not None
        if match is not None:
            self._tts.setLocale(match)
        else:
            log.info("no %s voice; prompts are not spoken", wanted.name())

    def set_language(self, language: str) -> None:
        self.language = language
        if self._tts is not None:
            self._apply_locale()

    def say(self, text: str) -> None:
        if self.muted or not text or not self.available:
            return
        self._tts.stop()
        self._tts.say(text)

    def set_slow(self, slow: bool) -> None:
        self.slow = slow
        if self._tts is not None:
            self._tts.setRate(SLOW_RATE if slow else 0.0)

    def set_muted(self, muted: bool) -> None:
        self.muted = muted
        if muted and self._tts is not None:
            self._tts.stop()
