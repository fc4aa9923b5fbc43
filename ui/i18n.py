"""Chinese first, English on request, through Qt translation files (ui/translations/kiosk_<lang>.qm).

Screens write their texts with self.tr() and set them again on QEvent.LanguageChange, which Qt sends to every
widget when a translator is installed or removed. Texts that come from the plain-Python core (problem
explanations, face prompts, evaluation levels) are translated under the context "kiosk" with core_text(); the
messages the core builds with f-strings are matched against their templates (ui.translations.catalogue).
Refresh the files after changing texts: `python -m ui.translations.update`.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTranslator, Signal

log = logging.getLogger(__name__)

TRANSLATIONS = Path(__file__).with_name("translations")
LANGUAGES = ("zh_CN", "en")
_translating = False   # a translator is installed: worth looking a text up at all


def core_text(text: str) -> str:
    translated = QCoreApplication.translate("kiosk", text)
    if translated != text or not _translating:
        return translated
    from ui.translations.catalogue import templates

    for template, pattern in templates():
        match = pattern.fullmatch(text)
        if match:
            return QCoreApplication.translate("kiosk", template).format(*match.groups())
    # "message：detail", as the back office's reasons come (the detail is the resident's own items)
    head, colon, detail = text.partition("：")
    translated = QCoreApplication.translate("kiosk", head)
    return f"{translated}: {detail}" if colon and translated != head else text


class Language(QObject):
    changed = Signal(str)

    def __init__(self, initial: str = "zh_CN") -> None:
        super().__init__()
        self._translator: QTranslator | None = None
        self.current = "zh_CN"
        if initial != "zh_CN":
            self.set(initial)

    def set(self, language: str) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"unknown language {language!r}")
        app = QCoreApplication.instance()
        if self._translator is not None:
            app.removeTranslator(self._translator)
            self._translator = None
        if language != "zh_CN":
            translator = QTranslator(self)
            if translator.load(str(TRANSLATIONS / f"kiosk_{language}.qm")):
                app.installTranslator(translator)
                self._translator = translator
            else:
                log.error("translation %s missing; staying in Chinese", language)
                language = "zh_CN"
        global _translating
        self.current = language
        _translating = self._translator is not None
        self.changed.emit(language)

    @staticmethod
    def available(language: str) -> bool:
        return language == "zh_CN" or (TRANSLATIONS / f"kiosk_{language}.qm").is_file()

    def toggle(self) -> None:
        self.set("en" if self.current == "zh_CN" else "zh_CN")
