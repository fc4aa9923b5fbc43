"""Drawing primitives shared by the license and the receipt: an embedded CJK font, QR codes, wrapped text.

Coordinates are millimetres from the page's top-left corner, the way a technician measures a pre-printed
blank with a ruler; reportlab's bottom-up points are confined to this module.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Iterator
from pathlib import Path

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.pdfgen.canvas import Canvas

# TrueType-outline CJK fonts, most preferred first. reportlab embeds only TrueType outlines (not CFF .otf),
# so Noto CJK OTFs do not qualify; fonts-wqy-zenhei is the Debian package scripts/setup installs.
FONT_CANDIDATES = (
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/truetype/arphic/uming.ttc"),
)


class FontError(RuntimeError):
    """No usable CJK TrueType font; documents cannot be rendered."""


@functools.cache
def register_cjk_font(font_path: Path | None = None) -> str:
    """Parse the font once per process and register it with reportlab; returns the registered name.

    reportlab subsets and embeds a TTFont into every PDF it is used in, so output never depends on the
    fonts of the printer or of CUPS' filters.
    """
    candidates = (font_path,) if font_path else FONT_CANDIDATES
    for path in candidates:
        if path is None or not path.exists():
            continue
        name = f"KioskCJK-{len(pdfmetrics.getRegisteredFontNames())}"
        try:
            pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=0))
        except TTFError as exc:
            raise FontError(f"{path} is not a usable TrueType font: {exc}") from None
        return name
    raise FontError(f"no CJK TrueType font found (tried {', '.join(str(p) for p in candidates)})")


class Page:
    """One PDF page addressed in millimetres from the top-left, with an x/y offset for printer calibration."""

    def __init__(self, width_mm: float, height_mm: float, font: str,
                 offset_mm: tuple[float, float] = (0.0, 0.0)) -> None:
        self._buffer = io.BytesIO()
        self.height_mm = height_mm
        self.font = font
        self.offset_mm = offset_mm
        # invariant=1 drops timestamps and random ids, so identical input gives identical bytes.
        self.canvas = Canvas(self._buffer, pagesize=(width_mm * mm, height_mm * mm), invariant=1,
                             initialFontName=font, initialFontSize=10)

    def _point(self, x_mm: float, y_mm: float) -> tuple[float, float]:
        dx, dy = self.offset_mm
        return (x_mm + dx) * mm, (self.height_mm - y_mm - dy) * mm

    def text(self, x_mm: float, y_mm: float, text: str, size: float, align: str = "left") -> None:
        """Draw one line with its baseline at y_mm; align says which end of the line sits at x_mm."""
        self.canvas.setFont(self.font, size)
        x, y = self._point(x_mm, y_mm)
        draw = {"left": self.canvas.drawString, "center": self.canvas.drawCentredString,
                "right": self.canvas.drawRightString}[align]
        draw(x, y, text)

    def wrapped(self, x_mm: float, y_mm: float, text: str, size: float, width_mm: float,
                height_mm: float, min_size: float = 6.0) -> float:
        """Draw text wrapped into a box whose first baseline is y_mm, shrinking the font until it fits.

        Returns the height used in mm (lines × leading). Long business scopes must stay inside their area on
        the blank rather than run over the seal; the last resort is the minimum size, overflowing at the bottom.
        """
        while True:
            lines = list(wrap(text, self.font, size, width_mm))
            leading_mm = size * 1.45 / mm
            if size <= min_size or (len(lines) - 1) * leading_mm + size / mm <= height_mm:
                break
            size = max(min_size, size - 0.5)
        for i, line in enumerate(lines):
            self.text(x_mm, y_mm + i * leading_mm, line, size)
        return len(lines) * leading_mm

    def qr(self, x_mm: float, y_mm: float, size_mm: float, payload: str) -> None:
        """A QR code (error correction M) whose top-left corner, quiet zone included, is at x_mm, y_mm."""
        widget = QrCodeWidget(payload, barLevel="M")
        x0, y0, x1, y1 = widget.getBounds()
        side = size_mm * mm
        # initialFontName keeps renderPDF from selecting Helvetica, a font that would not be embedded.
        drawing = Drawing(side, side, transform=[side / (x1 - x0), 0, 0, side / (y1 - y0), 0, 0],
                          initialFontName=self.font)
        drawing.add(widget)
        x, y = self._point(x_mm, y_mm + size_mm)
        renderPDF.draw(drawing, self.canvas, x, y)

    def rect(self, x_mm: float, y_mm: float, width_mm: float, height_mm: float, line_mm: float = 0.5) -> None:
        self.canvas.setLineWidth(line_mm * mm)
        x, y = self._point(x_mm, y_mm + height_mm)
        self.canvas.rect(x, y, width_mm * mm, height_mm * mm)

    def circle(self, cx_mm: float, cy_mm: float, radius_mm: float, line_mm: float = 0.3) -> None:
        self.canvas.setLineWidth(line_mm * mm)
        self.canvas.circle(*self._point(cx_mm, cy_mm), radius_mm * mm)

    def image(self, x_mm: float, y_mm: float, width_mm: float, height_mm: float, path: Path) -> None:
        """A PNG whose top-left corner is at x_mm, y_mm; its transparency is kept (a seal over printed text)."""
        x, y = self._point(x_mm, y_mm + height_mm)
        self.canvas.drawImage(str(path), x, y, width_mm * mm, height_mm * mm, mask="auto")

    def line(self, x1_mm: float, y1_mm: float, x2_mm: float, y2_mm: float, line_mm: float = 0.3) -> None:
        self.canvas.setLineWidth(line_mm * mm)
        self.canvas.line(*self._point(x1_mm, y1_mm), *self._point(x2_mm, y2_mm))

    def finish(self) -> bytes:
        self.canvas.showPage()
        self.canvas.save()
        return self._buffer.getvalue()


# Closing punctuation never starts a line (禁则); it hangs past the right edge instead.
NO_LINE_START = frozenset("，。、；：？！）》」』】”’,.;:?!)")


def wrap(text: str, font: str, size: float, width_mm: float) -> Iterator[str]:
    """Greedy line breaking by glyph width; Chinese text may break between any two characters."""
    limit = width_mm * mm
    for paragraph in text.split("\n"):
        line, line_width = "", 0.0
        for char in paragraph:
            char_width = pdfmetrics.stringWidth(char, font, size)
            if line and line_width + char_width > limit and char not in NO_LINE_START:
                yield line
                line, line_width = "", 0.0
            line += char
            line_width += char_width
        yield line
