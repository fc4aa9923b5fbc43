"""The prompts a voice pack holds, taken from the kiosk's own texts so the pack follows every text change.

The source is the translation file ui/translations/kiosk_en.ts (`python -m ui.translations.update` collects
every screen text and core message into it, with its English translation). Spoken are the resident-facing
sentences (ending in 。！？… or asking 请…); technician pages are read, not heard. Texts with numbers
("{0} 秒后开始拍照") are composed at run time from their literal pieces and pre-rendered numbers 0–99, so no
synthesis happens while a resident waits.
"""

from __future__ import annotations

import functools
import hashlib
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from kiosk.voice.pinyin import number_to_hanzi

TRANSLATIONS_FILE = Path(__file__).resolve().parents[2] / "ui" / "translations" / "kiosk_en.ts"
LANGUAGES = ("zh_CN", "en")
SPEEDS = ("normal", "slow")
NUMBERS = range(100)
_STAFF_CONTEXTS = frozenset({"TechnicianMode", "PinPage", "ToolsPage"})
_SENTENCE = re.compile(r"[。！？…]$|请")
_PLACEHOLDER = re.compile(r"\{\d\}")
# A number placeholder stands apart from its words ("{0} 秒", "共 {0} 件"); quoted or glued ones carry names.
_NUMBER_PLACEHOLDER = re.compile(r" \{\d\}|\{\d\} ")
# The screens abbreviate seconds as "s"; a listener needs the word.
_SPOKEN_ENGLISH = ((re.compile(r"\bs\b"), "seconds"),)


@dataclass(frozen=True)
class Prompt:
    id: str
    text: dict[str, str]   # language → text; a language without a text is not spoken in it


@dataclass(frozen=True)
class Template:
    """A text with number placeholders, spoken as piece, number, piece, …; pieces are prompts of their own."""
    id: str
    text: dict[str, str]   # language → text with {0}, {1} …

    def piece_id(self, index: int) -> str:
        return piece_id(self.id, index)


@dataclass(frozen=True)
class Catalogue:
    prompts: tuple[Prompt, ...]
    templates: tuple[Template, ...]

    def ids(self, language: str) -> set[str]:
        return {p.id for p in self.prompts if p.text.get(language)}


def _id(kind: str, text: str) -> str:
    return f"{kind}-{hashlib.sha1(text.encode()).hexdigest()[:10]}"


def english_number(n: int) -> str:
    ones = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
            "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
    tens = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
    if n < 20:
        return ones[n]
    ten, one = divmod(n, 10)
    return tens[ten - 2] + (f"-{ones[one]}" if one else "")


def piece_id(template_id: str, index: int) -> str:
    """The prompt that says a template's literal text before placeholder `index` (or after the last)."""
    return f"{template_id}-{index}"


def number_id(n: int) -> str:
    return f"n-{n}"


def number_text(n: int, language: str) -> str:
    return number_to_hanzi(n) if language == "zh_CN" else english_number(n)


def _messages(path: Path) -> list[tuple[str, str, str]]:
    out = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            out.append((name, message.findtext("source") or "", message.findtext("translation") or ""))
    return out


def _pieces(text: str) -> list[str]:
    return [p.strip() for p in _PLACEHOLDER.split(text)]


def _spoken_english(text: str) -> str:
    for pattern, words in _SPOKEN_ENGLISH:
        text = pattern.sub(words, text)
    return text


@functools.cache
def catalogue(path: Path = TRANSLATIONS_FILE) -> Catalogue:
    prompts: dict[str, Prompt] = {}
    templates: dict[str, Template] = {}
    for context, source, english in _messages(path):
        if context in _STAFF_CONTEXTS or not source:
            continue
        placeholders = _PLACEHOLDER.findall(source)
        if not placeholders:
            if _SENTENCE.search(source):
                prompts.setdefault(source, Prompt(_id("s", source), {"zh_CN": source, "en": english}))
            continue
        if len(placeholders) != len(_NUMBER_PLACEHOLDER.findall(source)):
            continue
        # English only where it keeps the placeholders in the same order, so the pieces line up.
        english = english if _PLACEHOLDER.findall(english) == placeholders else ""
        template = Template(_id("t", source), {"zh_CN": source, "en": english})
        templates.setdefault(source, template)
        zh_pieces, en_pieces = _pieces(source), _pieces(_spoken_english(english)) if english else []
        for i, piece in enumerate(zh_pieces):
            en_piece = en_pieces[i] if en_pieces else ""
            if piece or en_piece:
                prompts[template.piece_id(i)] = Prompt(template.piece_id(i), {"zh_CN": piece, "en": en_piece})
    for n in NUMBERS:
        prompts[number_id(n)] = Prompt(number_id(n), {lang: number_text(n, lang) for lang in LANGUAGES})
    return Catalogue(tuple(prompts.values()), tuple(templates.values()))
