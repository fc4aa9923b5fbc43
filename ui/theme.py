"""Look and feel for a public touch screen used by people of every age: large type, large targets,
high contrast, no hover effects. Sizes are in device-independent pixels at the kiosk's 1080p panels.

Care mode (关怀模式) draws the same sheet with every size multiplied by CARE_SCALE. `python -m ui.theme` prints
the contrast ratio of every colour pair the sheet uses and the sizes in both modes (tests/test_ui_theme.py
asserts them: WCAG 2.1 1.4.3 text ≥ 4.5:1, 1.4.11 non-text ≥ 3:1).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase

CARE_SCALE = 1.3      # 关怀模式: text and touch targets this much larger

BODY_PX = 32          # ≥ 28 px body text
SMALL_PX = 28         # the smallest text on any screen
PROMPT_PX = 40
TITLE_PX = 56
BIG_PX = 72
BUTTON_TEXT_PX = 40
EDIT_TEXT_PX = 36
BUTTON_MIN_PX = 96    # ≥ 72 px touch targets
CORNER_MIN_PX = 72
CHECK_PX = 56         # checkbox indicator; with its label the row is ≥ 72 px tall
FIELD_MIN_PX = 80
HERO_BUTTON_PX = 160  # the home screen's one main button
CJK_FONT_FILES = (
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
)

INK = "#111111"
PAPER = "#ffffff"
ACCENT = "#0b4ea2"     # government blue
ACCENT_PRESSED = "#083a78"
MUTED = "#3d3d3d"
DANGER = "#a10e0e"
WARN = "#7a4b00"
OK = "#0f5a1f"
PANEL = "#eef2f8"
SOFT = "#e8eef7"       # secondary and choice buttons
CHOICE_BORDER = "#5b7aa8"
OUTLINE = "#767676"    # borders of fields, lists and corner buttons: the lightest grey with 4.5:1 on white
DISABLED_BG = "#6b6b6b"
DISABLED_INK = "#ffffff"
CAMERA_BG = "#20242a"
PAD_PAPER = "#fbfbf4"
PAD_LINE = "#767676"
FACE_GOOD = "#3fbf5f"   # the oval on the dark camera preview once the face is placed well


@dataclass(frozen=True)
class Pair:
    what: str
    foreground: str
    background: str
    text: bool          # text needs 4.5:1; borders, lines and indicators 3:1

    @property
    def ratio(self) -> float:
        return contrast_ratio(self.foreground, self.background)

    @property
    def required(self) -> float:
        return 4.5 if self.text else 3.0


PAIRS: tuple[Pair, ...] = (
    Pair("body text", INK, PAPER, True),
    Pair("hint text", MUTED, PAPER, True),
    Pair("error text and field border", DANGER, PAPER, True),
    Pair("warning text", WARN, PAPER, True),
    Pair("ok text", OK, PAPER, True),
    Pair("big figures", ACCENT, PAPER, True),
    Pair("panel text", INK, PANEL, True),
    Pair("primary button text", PAPER, ACCENT, True),
    Pair("pressed button text", PAPER, ACCENT_PRESSED, True),
    Pair("primary button on the page", ACCENT, PAPER, False),
    Pair("secondary button text", ACCENT, SOFT, True),
    Pair("secondary button border", ACCENT, PAPER, False),
    Pair("choice text", INK, SOFT, True),
    Pair("choice border", CHOICE_BORDER, PAPER, False),
    Pair("chosen choice text", PAPER, ACCENT, True),
    Pair("corner button text", MUTED, PAPER, True),
    Pair("field, list and corner borders, scroll thumb", OUTLINE, PAPER, False),
    Pair("focused field border", ACCENT, PAPER, False),
    Pair("disabled button text", DISABLED_INK, DISABLED_BG, True),
    Pair("disabled button on the page", DISABLED_BG, PAPER, False),
    Pair("progress bar", ACCENT, PAPER, False),
    Pair("list selection text", PAPER, ACCENT, True),
    Pair("signature pad baseline", PAD_LINE, PAD_PAPER, False),
    Pair("signature ink", INK, PAD_PAPER, False),
    Pair("camera oval", PAPER, CAMERA_BG, False),
    Pair("camera oval, face good", FACE_GOOD, CAMERA_BG, False),
    Pair("camera countdown", PAPER, CAMERA_BG, True),
    Pair("overlay box text", INK, PAPER, True),
)


def _luminance(colour: str) -> float:
    def channel(hex2: str) -> float:
        c = int(hex2, 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(colour[i:i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2.1 contrast ratio of two #rrggbb colours, 1 to 21."""
    light, dark = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def sizes(scale: float = 1.0) -> dict[str, int]:
    """Every size the sheet uses, in px, at a scale (1.0 normal, CARE_SCALE in care mode)."""
    base = {"body": BODY_PX, "small": SMALL_PX, "prompt": PROMPT_PX, "title": TITLE_PX, "big": BIG_PX,
            "button_text": BUTTON_TEXT_PX, "field_text": EDIT_TEXT_PX, "button": BUTTON_MIN_PX,
            "corner_button": CORNER_MIN_PX, "checkbox": CHECK_PX, "field": FIELD_MIN_PX,
            "hero_button": HERO_BUTTON_PX}
    return {name: round(px * scale) for name, px in base.items()}


def style_sheet(scale: float = 1.0) -> str:
    s = sizes(scale)
    return f"""
QWidget {{ background: {PAPER}; color: {INK}; font-size: {s["body"]}px; }}
QLabel#title {{ font-size: {s["title"]}px; font-weight: bold; }}
QLabel#subtitle, QLabel#hint {{ font-size: {s["body"]}px; color: {MUTED}; }}
QLabel#prompt {{ font-size: {s["prompt"]}px; }}
QLabel#big {{ font-size: {s["big"]}px; font-weight: bold; color: {ACCENT}; }}
QLabel#error {{ color: {DANGER}; font-size: {s["body"]}px; font-weight: bold; }}
QLabel#warning {{ color: {WARN}; font-size: {s["body"]}px; }}
QLabel#ok {{ color: {OK}; font-size: {s["body"]}px; }}
QLabel#panel {{ background: {PANEL}; border-radius: 16px; padding: 24px; }}
QPushButton {{
    background: {ACCENT}; color: white; border: none; border-radius: 16px;
    min-height: {s["button"]}px; padding: 16px 32px; font-size: {s["button_text"]}px; font-weight: bold;
}}
QPushButton:pressed {{ background: {ACCENT_PRESSED}; }}
QPushButton#hero {{ min-height: {s["hero_button"]}px; }}
QPushButton[role="secondary"] {{ background: {SOFT}; color: {ACCENT}; border: 3px solid {ACCENT}; }}
QPushButton[role="choice"] {{ background: {SOFT}; color: {INK}; border: 3px solid {CHOICE_BORDER};
    font-size: {s["body"]}px; font-weight: normal; text-align: left; }}
QPushButton[role="choice"]:checked {{ background: {ACCENT}; color: white; border-color: {ACCENT}; }}
QPushButton[role="corner"] {{ background: transparent; color: {MUTED}; border: 2px solid {OUTLINE};
    min-height: {s["corner_button"]}px; min-width: {s["corner_button"]}px; padding: 4px 16px;
    font-size: {s["small"]}px; font-weight: normal; }}
QPushButton[role="corner"]:checked {{ background: {ACCENT}; color: white; border-color: {ACCENT}; }}
QPushButton:disabled {{ background: {DISABLED_BG}; color: {DISABLED_INK}; border: none; }}
QLineEdit {{ min-height: {s["field"]}px; border: 3px solid {OUTLINE}; border-radius: 12px; padding: 0 16px;
    font-size: {s["field_text"]}px; }}
QLineEdit:focus {{ border-color: {ACCENT}; }}
QLineEdit[invalid="true"] {{ border: 4px solid {DANGER}; }}
QCheckBox {{ min-height: {s["field"]}px; spacing: 24px; font-size: {s["body"]}px; }}
QCheckBox::indicator {{ width: {s["checkbox"]}px; height: {s["checkbox"]}px; }}
QProgressBar {{ min-height: 40px; border: 2px solid {ACCENT}; border-radius: 12px; text-align: center; }}
QProgressBar::chunk {{ background: {ACCENT}; }}
QScrollBar:vertical {{ width: 16px; background: transparent; border: none; }}
QScrollBar::handle:vertical {{ background: {OUTLINE}; border-radius: 8px; min-height: 64px; }}
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0; }}
QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical {{ background: transparent; }}
QListWidget {{ border: 2px solid {OUTLINE}; border-radius: 12px; }}
QListWidget::item {{ min-height: {s["field"]}px; padding: 8px 16px; border-bottom: 1px solid {OUTLINE}; }}
QListWidget::item:selected {{ background: {ACCENT}; color: white; }}
"""


STYLE_SHEET = style_sheet()


def load_fonts() -> QFont:
    """Register the CJK TrueType font shipped on the terminal and return the UI's base font."""
    for path in CJK_FONT_FILES:
        if path.exists():
            font_id = QFontDatabase.addApplicationFont(str(path))
            families = QFontDatabase.applicationFontFamilies(font_id)
            if families:
                font = QFont(families[0])
                font.setPixelSize(BODY_PX)
                return font
    font = QFont()
    font.setPixelSize(BODY_PX)
    return font


def report() -> str:
    """Contrast of every colour pair and the sizes in normal and care mode, as a table."""
    lines = [f"{'pair':40} {'fg':8} {'bg':8} {'ratio':>6} {'need':>5}  verdict"]
    for pair in PAIRS:
        verdict = "ok" if pair.ratio >= pair.required else "FAIL"
        lines.append(f"{pair.what:40} {pair.foreground:8} {pair.background:8} {pair.ratio:6.2f} "
                     f"{pair.required:5.1f}  {verdict}")
    normal, care = sizes(), sizes(CARE_SCALE)
    lines.append("")
    lines.append(f"{'size (px)':40} {'normal':>8} {'care':>8} {'×':>6}")
    for name in normal:
        lines.append(f"{name:40} {normal[name]:8d} {care[name]:8d} {care[name] / normal[name]:6.2f}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(report())
