"""Spoken prompts from voice packs: WAV files rendered once per language and speed, played at run time."""

from pathlib import Path

from kiosk.voice.pack import PackError, VoicePack, pack_folder


def open_pack(root: Path, language: str, speed: str = "normal") -> VoicePack:
    """The pack for language and speed; a slow pack falls back to the normal one (an engine with one rate)."""
    folder = pack_folder(root, language, speed)
    if speed != "normal" and not folder.is_dir():
        folder = pack_folder(root, language, "normal")
    return VoicePack(folder)


__all__ = ["PackError", "VoicePack", "open_pack"]
