"""Refresh the translation files after texts changed: `python -m ui.translations.update`.

pyside6-lupdate collects the screens' self.tr() texts; the core's messages (catalogue.core_texts) are added
under the context "kiosk"; translations already made are kept, new texts are left for a translator (Qt
Linguist, or by hand in the .ts) and counted; pyside6-lrelease then compiles the .qm the kiosk loads.
Exits 1 while any text is untranslated, so CI can insist on complete files.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from ui.translations.catalogue import ROOT, core_texts

HERE = Path(__file__).parent
BIN = Path(sys.executable).parent
CORE_CONTEXT = "kiosk"
LANGUAGES = ("en",)


def _sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (*(ROOT / "ui").glob("*.py"), *(ROOT / "ui/screens").glob("*.py")))


def _translations(ts: Path) -> dict[tuple[str, str], str]:
    if not ts.exists():
        return {}
    known = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            text = message.findtext("translation") or ""
            if text:
                known[(name, message.findtext("source", ""))] = text
    return known


def _message(parent: ET.Element, source: str, translation: str) -> None:
    message = ET.SubElement(parent, "message")
    ET.SubElement(message, "source").text = source
    element = ET.SubElement(message, "translation")
    if translation:
        element.text = translation
    else:
        element.set("type", "unfinished")


def update(language: str) -> int:
    """Refresh one language's .ts and .qm; returns how many texts still need a translation."""
    ts = HERE / f"kiosk_{language}.ts"
    known = _translations(ts)
    subprocess.run([str(BIN / "pyside6-lupdate"), *_sources(), "-locations", "none", "-no-obsolete",
                    "-source-language", "zh_CN", "-target-language", language, "-ts", str(ts)],
                   cwd=ROOT, check=True, capture_output=True)
    tree = ET.parse(ts)
    root = tree.getroot()
    for context in root.findall("context"):
        if context.findtext("name") == CORE_CONTEXT:
            root.remove(context)
    for context in root.iter("context"):   # lupdate keeps translations, except of texts it saw vanish
        name = context.findtext("name", "")
        for message in context.iter("message"):
            element = message.find("translation")
            old = known.get((name, message.findtext("source", "")))
            if element is not None and old and not element.text:
                element.text = old
                element.attrib.pop("type", None)
    core = ET.SubElement(root, "context")
    ET.SubElement(core, "name").text = CORE_CONTEXT
    for text in core_texts():
        _message(core, text, known.get((CORE_CONTEXT, text), ""))
    ET.indent(tree, "    ")
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    subprocess.run([str(BIN / "pyside6-lrelease"), str(ts), "-qm", str(ts.with_suffix(".qm"))],
                   check=True, capture_output=True)
    return sum(1 for m in root.iter("message") if not (m.findtext("translation") or ""))


def main() -> int:
    missing = {language: update(language) for language in LANGUAGES}
    for language, count in missing.items():
        print(f"kiosk_{language}: {count} text(s) untranslated" if count else f"kiosk_{language}: complete")
    return 1 if any(missing.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
