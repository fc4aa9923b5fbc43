"""Look and feel for a public touch screen used by people of every age: large type, large targets,
high contrast, no hover effects. Sizes are in device-independent pixels at the kiosk's 1080p panels."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase

BODY_PX = 32          # ≥ 28 px body text
SMALL_PX = 28         # the smallest text on any screen
TITLE_PX = 56
BUTTON_MIN_PX = 96    # ≥ 72 px touch targets
CHECK_PX = 56         # checkbox indicator; with its label the row is ≥ 72 px tall
CJK_FONT_FILES = (
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
)

INK = "#111111"
PAPER = "#ffffff"
ACCENT = "#0b4ea2"     # government blue; white on it is 8.6:1
ACCENT_PRESSED = "#083a78"
MUTED = "#3d3d3d"      # 10.6:1 on white
DANGER = "#a10e0e"     # 8.3:1 on white
WARN = "#7a4b00"       # 7.4:1 on white
OK = "#0f5a1f"         # 8.4:1 on white
PANEL = "#eef2f8"

STYLE_SHEET = f"""
QWidget {{ background: {PAPER}; color: {INK}; font-size: {BODY_PX}px; }}
QLabel#title {{ font-size: {TITLE_PX}px; font-weight: bold; }}
QLabel#subtitle, QLabel#hint {{ font-size: {BODY_PX}px; color: {MUTED}; }}
QLabel#prompt {{ font-size: 40px; }}
QLabel#big {{ font-size: 72px; font-weight: bold; color: {ACCENT}; }}
QLabel#error {{ color: {DANGER}; font-size: {BODY_PX}px; }}
QLabel#warning {{ color: {WARN}; font-size: {BODY_PX}px; }}
QLabel#ok {{ color: {OK}; font-size: {BODY_PX}px; }}
QLabel#panel {{ background: {PANEL}; border-radius: 16px; padding: 24px; }}
QPushButton {{
    background: {ACCENT}; color: white; border: none; border-radius: 16px;
    min-height: {BUTTON_MIN_PX}px; padding: 16px 32px; font-size: 40px; font-weight: bold;
}}
QPushButton:pressed {{ background: {ACCENT_PRESSED}; }}
QPushButton[role="secondary"] {{ background: #e8eef7; color: {ACCENT}; border: 3px solid {ACCENT}; }}
QPushButton[role="choice"] {{ background: #e8eef7; color: {INK}; border: 3px solid #8aa2c8; font-size: {BODY_PX}px;
    font-weight: normal; text-align: left; }}
QPushButton[role="choice"]:checked {{ background: {ACCENT}; color: white; border-color: {ACCENT}; }}
QPushButton[role="corner"] {{ background: transparent; color: {MUTED}; border: 2px solid #c8c8c8;
    min-height: 72px; min-width: 72px; padding: 4px 16px; font-size: {SMALL_PX}px; font-weight: normal; }}
QPushButton:disabled {{ background: #9a9a9a; color: #f0f0f0; border: none; }}
QLineEdit {{ min-height: 80px; border: 3px solid #6b6b6b; border-radius: 12px; padding: 0 16px; font-size: 36px; }}
QLineEdit:focus {{ border-color: {ACCENT}; }}
QCheckBox {{ min-height: 80px; spacing: 24px; font-size: {BODY_PX}px; }}
QCheckBox::indicator {{ width: {CHECK_PX}px; height: {CHECK_PX}px; }}
QProgressBar {{ min-height: 40px; border: 2px solid {ACCENT}; border-radius: 12px; text-align: center; }}
QProgressBar::chunk {{ background: {ACCENT}; }}
QScrollBar:vertical {{ width: 40px; }}
QListWidget {{ border: 2px solid #c8c8c8; border-radius: 12px; }}
QListWidget::item {{ min-height: 80px; padding: 8px 16px; border-bottom: 1px solid #dddddd; }}
QListWidget::item:selected {{ background: {ACCENT}; color: white; }}
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
