"""Look and feel for a public touch screen used by people of every age: large type, large targets,
high contrast, no hover effects. Sizes are in device-independent pixels at the kiosk's 1080p panels."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase

BODY_PX = 32          # ≥ 28 px body text
TITLE_PX = 56
BUTTON_MIN_PX = 96    # ≥ 72 px touch targets
CJK_FONT_FILES = (
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
)

INK = "#111111"
PAPER = "#ffffff"
ACCENT = "#0b4ea2"     # government blue; white on it is 8.6:1
ACCENT_PRESSED = "#083a78"
MUTED = "#3d3d3d"

STYLE_SHEET = f"""
QWidget {{ background: {PAPER}; color: {INK}; font-size: {BODY_PX}px; }}
QLabel#title {{ font-size: {TITLE_PX}px; font-weight: bold; }}
QLabel#subtitle {{ font-size: {BODY_PX}px; color: {MUTED}; }}
QPushButton {{
    background: {ACCENT}; color: white; border: none; border-radius: 16px;
    min-height: {BUTTON_MIN_PX}px; padding: 16px 32px; font-size: 40px; font-weight: bold;
}}
QPushButton:pressed {{ background: {ACCENT_PRESSED}; }}
QPushButton[role="secondary"] {{ background: #e8eef7; color: {ACCENT}; border: 3px solid {ACCENT}; }}
QPushButton:disabled {{ background: #9a9a9a; color: #f0f0f0; }}
"""


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
