"""Voice packs: WAV files rendered once, a manifest naming them, and the look-up that plays texts from them.

A pack folder holds one sub-folder per language and speed (`zh_CN-normal`, `zh_CN-slow`, `en-normal` …), each
with a manifest.json:

    {"format": 1, "language": "zh_CN", "speed": "normal", "engine": "…", "licence": "…",
     "prompts": {"<prompt id>": {"file": "<id>.wav", "text": "<what it says>"}, …},
     "templates": {"<template id>": "{0} 秒后开始拍照", …}}

Any folder in that shape works — a pack recorded by a person needs no code change, only the same prompt ids
(`kiosk voice build` writes them; `kiosk doctor` lists what is missing). Texts with numbers are composed from
the template's pieces (`<template id>-<i>`) and the number prompts `n-0` … `n-99`.
"""

from __future__ import annotations

import json
import re
import time
import wave
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kiosk.voice.engines import Engine
from kiosk.voice.prompts import LANGUAGES, SPEEDS, Catalogue, catalogue, number_id, piece_id

FORMAT = 1
MANIFEST = "manifest.json"
# Below this RMS (of full scale) a clip counts as silent: espeak-ng speech sits around 0.1.
SILENCE_RMS = 0.01
_TRIM_LEVEL = 0.005


class PackError(ValueError):
    pass


def pack_folder(root: Path, language: str, speed: str) -> Path:
    return root / f"{language}-{speed}"


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    """Samples as floats in [-1, 1] (mono; 16-bit PCM) and the sample rate."""
    with wave.open(str(path), "rb") as w:
        if w.getsampwidth() != 2:
            raise PackError(f"{path.name}: only 16-bit PCM WAV is supported")
        data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float32) / 32768
        if w.getnchannels() > 1:
            data = data.reshape(-1, w.getnchannels()).mean(axis=1)
        return data, w.getframerate()


def rms(path: Path) -> float:
    samples, _ = read_wav(path)
    return float(np.sqrt(np.mean(samples ** 2))) if samples.size else 0.0


def _trim(path: Path, pad_s: float = 0.05) -> None:
    """Cut leading and trailing silence (engines pad generously; composed texts would stutter)."""
    with wave.open(str(path), "rb") as w:
        params = w.getparams()
        raw = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    loud = np.flatnonzero(np.abs(raw) > _TRIM_LEVEL * 32768)
    if loud.size == 0:
        return
    pad = int(pad_s * params.framerate)
    kept = raw[max(loud[0] - pad, 0): loud[-1] + pad]
    with wave.open(str(path), "wb") as w:
        w.setparams(params)
        w.writeframes(kept.tobytes())


@dataclass
class BuildReport:
    clips: int = 0
    bytes: int = 0
    seconds: float = 0.0


def build(engine: Engine, root: Path, *, languages: tuple[str, ...] = LANGUAGES,
          speeds: tuple[str, ...] = SPEEDS, prompts: Catalogue | None = None,
          progress: Callable[[str], None] = lambda _: None) -> BuildReport:
    """Render every prompt of the catalogue with the engine into root/<language>-<speed>/."""
    prompts = prompts or catalogue()
    report = BuildReport()
    started = time.perf_counter()
    for language in (lang for lang in languages if lang in engine.languages):
        for speed in (s for s in speeds if s in engine.speeds):
            folder = pack_folder(root, language, speed)
            folder.mkdir(parents=True, exist_ok=True)
            entries = {}
            for prompt in prompts.prompts:
                text = prompt.text.get(language)
                if not text:
                    continue
                wav = folder / f"{prompt.id}.wav"
                engine.render(text, language, speed, wav)
                _trim(wav)
                entries[prompt.id] = {"file": wav.name, "text": text}
                report.clips += 1
                report.bytes += wav.stat().st_size
            manifest = {
                "format": FORMAT, "language": language, "speed": speed, "engine": engine.description,
                "licence": engine.licence, "prompts": entries,
                "templates": {t.id: t.text[language] for t in prompts.templates if t.text.get(language)},
            }
            (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
            progress(f"{folder}: {len(entries)} prompts")
    report.seconds = time.perf_counter() - started
    return report


class VoicePack:
    """One language and speed of a pack: finds the WAV files that say a text."""

    def __init__(self, folder: Path) -> None:
        try:
            manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        except FileNotFoundError as e:
            raise PackError(f"no voice pack in {folder} ({MANIFEST} missing): run `kiosk voice build`") from e
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            raise PackError(f"{folder / MANIFEST} is not valid JSON: {e}") from e
        if manifest.get("format") != FORMAT:
            raise PackError(f"{folder / MANIFEST}: unknown format {manifest.get('format')!r}")
        self.folder = folder
        self.manifest = manifest
        self.files = {pid: folder / entry["file"] for pid, entry in manifest["prompts"].items()}
        self._by_text = {_key(entry["text"]): pid for pid, entry in manifest["prompts"].items()}
        self._templates = [(tid, _template_pattern(text)) for tid, text in manifest.get("templates", {}).items()]

    def clips(self, text: str) -> list[Path] | None:
        """The files that say `text` in order, or None when the pack cannot say it."""
        pid = self._by_text.get(_key(text))
        if pid is not None:
            return [self.files[pid]]
        for tid, pattern in self._templates:
            match = pattern.fullmatch(_key(text))
            if match is None:
                continue
            ids = []
            for i, number in enumerate((*match.groups(), None)):
                if piece_id(tid, i) in self.files:
                    ids.append(piece_id(tid, i))
                if number is not None:
                    if int(number) >= 100:
                        ids += [number_id(int(d)) for d in number]   # digit by digit
                    else:
                        ids.append(number_id(int(number)))
            if all(i in self.files for i in ids):
                return [self.files[i] for i in ids]
        return None


def _key(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _template_pattern(template: str) -> re.Pattern[str]:
    """Matches the template's text with whitespace removed (as _key leaves it), capturing the numbers."""
    return re.compile(r"(\d+)".join(re.escape(_key(part)) for part in re.split(r"\{\d\}", template)))


def check(folder: Path, language: str, prompts: Catalogue | None = None) -> list[str]:
    """What is wrong with a pack folder for this software's prompts: [] when every prompt is there and audible."""
    try:
        pack = VoicePack(folder)
    except PackError as e:
        return [str(e)]
    problems = []
    missing = sorted((prompts or catalogue()).ids(language) - pack.files.keys())
    if missing:
        problems.append(f"{len(missing)} prompts missing, e.g. {missing[0]}")
    rates = set()
    for pid, path in sorted(pack.files.items()):
        if not path.is_file():
            problems.append(f"{pid}: file {path.name} missing")
            continue
        try:
            samples, rate = read_wav(path)
        except (PackError, wave.Error, EOFError) as e:
            problems.append(f"{pid}: unreadable WAV ({e})")
            continue
        rates.add(rate)
        if not samples.size or float(np.sqrt(np.mean(samples ** 2))) < SILENCE_RMS:
            problems.append(f"{pid}: silent ({path.name})")
    if len(rates) > 1:
        problems.append(f"clips have different sample rates {sorted(rates)}: composed texts would not play")
    return problems
