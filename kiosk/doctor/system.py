"""Checks that need no device: configuration, disk, and the software the UI needs (CJK font, virtual
keyboard, the voice pack). Hints name Debian packages because install.sh is how a terminal gets them."""

from __future__ import annotations

import ctypes.util
import importlib.util
import json
import os
import shutil
import subprocess
from pathlib import Path

from kiosk.doctor.core import Check, Context, nearest_existing, needs_config

# The back office issues real secrets; this one ships in defaults.toml for simulation only.
_DEFAULT_SECRET = "sim-terminal-secret-change-me"
DISK_FAIL_BYTES = 500 * 2**20   # below this the queue can no longer accept an application with its photo
DISK_WARN_BYTES = 2 * 2**30


def config(ctx: Context) -> Check:
    if ctx.config is None:
        return Check("config", "fail", ctx.config_error or "the configuration does not load",
                     "correct the key named above in /etc/kiosk/kiosk.toml (or the KIOSK_* variable that sets "
                     "it); every key is documented in kiosk/defaults.toml")
    c = ctx.config
    simulated = [name for name, sim in (("reader", c.reader_port == "sim"), ("camera", c.camera_source == "sim"),
                                        ("printer", c.printer.startswith("dir:")),
                                        ("back office", c.embedded_backoffice)) if sim]
    detail = f"terminal {c.terminal_id}, division {c.division_code}"
    if c.terminal_secret == _DEFAULT_SECRET and not c.embedded_backoffice:
        return Check("config", "fail", detail + ": still the simulation secret with a real back office",
                     "enrol the terminal: kiosk enrol --backoffice URL --code CODE (code from the back office)")
    if c.embedded_backoffice and c.reader_port != "sim":
        return Check("config", "warn", detail + ": not enrolled, so applications would never leave this terminal",
                     "enrol the terminal: kiosk enrol --backoffice URL --code CODE (code from the back office)")
    # Simulated devices are a legitimate set-up (demonstration terminals, CI): say so, do not warn.
    return Check("config", "pass", detail + (f"; simulated: {', '.join(simulated)}" if simulated else ""))


@needs_config("disk")
def disk(ctx: Context) -> Check:
    assert ctx.config is not None
    data_dir = ctx.config.data_dir
    where = nearest_existing(data_dir)
    free = shutil.disk_usage(where).free
    detail = f"{free / 2**30:.1f} GiB free for {data_dir}"
    if not os.access(where, os.W_OK):
        return Check("disk", "fail", f"{detail}, but {where} is not writable by this user",
                     f"run as the kiosk user (sudo kiosk doctor) or fix ownership: chown -R kiosk: {where}")
    if free < DISK_FAIL_BYTES:
        return Check("disk", "fail", detail, "free space: journalctl --vacuum-size=100M; remove old files in "
                     f"{data_dir}/printed; then kiosk logs export and clear {data_dir}/logs")
    if free < DISK_WARN_BYTES:
        return Check("disk", "warn", detail, "free space soon (journalctl --vacuum-size=100M, old printed PDFs)")
    return Check("disk", "pass", detail)


def font(ctx: Context) -> Check:
    """Documents embed a TrueType CJK font (reportlab); the Qt UI finds its Chinese font through fontconfig."""
    from kiosk.documents.pdf import FONT_CANDIDATES

    configured = ctx.config.document_font_path if ctx.config else ""
    candidates = (Path(configured),) if configured else FONT_CANDIDATES
    embedded = next((p for p in candidates if p.exists()), None)
    try:
        listed = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=10,
                                check=False).stdout.split()
    except FileNotFoundError:
        listed = []
    if embedded is None:
        return Check("font", "fail", f"no TrueType CJK font for printed documents (looked for "
                     f"{', '.join(map(str, candidates))})",
                     "apt-get install fonts-wqy-zenhei" + (f", or correct document_font_path = \"{configured}\""
                                                           if configured else ""))
    if not listed:
        return Check("font", "fail", f"fontconfig lists no Chinese font (documents use {embedded})",
                     "apt-get install fonts-wqy-zenhei fontconfig")
    return Check("font", "pass", f"documents: {embedded}; UI: {len(listed)} Chinese font(s)")


def _qt_dir() -> Path | None:
    """PySide6's Qt folder, found without importing Qt (the doctor stays fast and works without a display)."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "Qt"


# The Pinyin keyboard needs pieces from both wheels; libpulse because its QML components link QtMultimedia.
_KEYBOARD_FILES = (
    ("plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", "PySide6-Essentials"),
    ("qml/QtQuick/VirtualKeyboard/Plugins/Pinyin/libqtvkbpinyinplugin.so", "PySide6-Essentials"),
    ("lib/libQt6VirtualKeyboard.so.6", "PySide6-Addons"),
)


def keyboard(ctx: Context) -> Check:
    qt = _qt_dir()
    if qt is None:
        return Check("keyboard", "fail", "PySide6 is not installed",
                     "reinstall the application: packaging/install.sh (it installs the virtual environment)")
    missing = [(rel, wheel) for rel, wheel in _KEYBOARD_FILES if not (qt / rel).exists()]
    if missing:
        return Check("keyboard", "fail", f"virtual keyboard file missing: {missing[0][0]}",
                     f"/opt/kiosk/venv/bin/pip install --force-reinstall {missing[0][1]}")
    if ctypes.util.find_library("pulse") is None:
        return Check("keyboard", "fail", "libpulse.so.0 is missing: the keyboard's QML components do not load",
                     "apt-get install libpulse0")
    return Check("keyboard", "pass", "Qt virtual keyboard with Pinyin")


def speech(ctx: Context) -> Check:
    """Spoken prompts: every prompt of this software is in the voice pack in use, for each language and speed,
    as a readable, non-silent WAV, and aplay is there to play them."""
    if ctx.config is None:
        return Check("speech", "warn", "configuration does not load: voice pack not checked")
    if ctx.config.voice_engine == "":
        return Check("speech", "pass", "spoken prompts switched off (voice_engine = \"\")")
    from kiosk.voice import pack
    from kiosk.voice.prompts import LANGUAGES, SPEEDS

    root = ctx.config.voice_pack
    build = f"kiosk voice build --out {root}  (or copy a recorded pack there; docs/VOICE.md)"
    for language in LANGUAGES:
        for speed in SPEEDS:
            problems = pack.check(pack.pack_folder(root, language, speed), language)
            if problems:
                return Check("speech", "fail", f"voice pack {language}-{speed}: {problems[0]}"
                             + (f" (+{len(problems) - 1} more)" if len(problems) > 1 else ""), build)
    if shutil.which("aplay") is None:
        return Check("speech", "fail", "aplay is missing: the voice pack cannot be played",
                     "apt-get install alsa-utils")
    engine = json.loads((pack.pack_folder(root, "zh_CN", "normal") / pack.MANIFEST).read_text())["engine"]
    return Check("speech", "pass", f"voice pack {root} complete and audible ({engine})")
