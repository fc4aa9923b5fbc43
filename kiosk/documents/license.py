"""The business license (营业执照) as a PDF: 正本 on A3 landscape, 副本 on A4 landscape.

By default only what the terminal prints goes on the page — the credit code, QR code, field names and values,
the registering authority's electronic seal, the digits of the issue date (the blank carries 年 月 日), and on
the 副本 the annual-report reminder — at the positions of license_template.json, to land on the pre-printed
official blank. Plain-paper mode also draws what the blank carries (border, title, 年 月 日, footer) for previews
and tests; the calibration page outlines every area of the blank for aligning the tray.

The seal is chosen by the license's own credit code (characters 3–8 are the registering authority's division):
`<seals_dir>/<division>.png`, a PNG with a transparent background. Without a seals folder the authority's name
is printed as text in the seal area.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from domain.license_signing import LicenseSignatureError, verify_license
from kiosk.documents.pdf import Page, register_cjk_font

__all__ = ["LicenseDataError", "LicenseRenderer", "LicenseSignatureError", "LicenseTemplate", "scope_text"]

TEMPLATE_FILE = Path(__file__).with_name("license_template.json")
DEFAULT_VERIFICATION_URL_BASE = "https://www.gsxt.gov.cn/verify?uscc="
REQUIRED_FIELDS = ("uscc", "name", "type", "operator", "organization", "premises", "registration_date",
                   "scope_permit", "scope_general", "authority", "issue_date")

Copy = Literal["original", "duplicate"]


class LicenseDataError(ValueError):
    """The license data lacks a field or has one in the wrong form, or its authority has no seal; nothing is
    printed."""


@dataclass(frozen=True)
class CopyLayout:
    page_mm: tuple[float, float]
    elements: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class LicenseTemplate:
    wording: dict[str, str]
    copies: dict[str, CopyLayout]

    @classmethod
    def load(cls, path: Path = TEMPLATE_FILE) -> LicenseTemplate:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        copies = {name: CopyLayout(tuple(c["page_mm"]), tuple(c["elements"])) for name, c in data["copies"].items()}
        missing = {"original", "duplicate"} - set(copies)
        if missing:
            raise ValueError(f"license template {path} has no layout for {sorted(missing)}")
        return cls(wording=data["wording"], copies=copies)


def scope_text(permit: list[str], general: list[str], wording: dict[str, str]) -> str:
    """经营范围 in the 规范化 form: 许可项目 and 一般项目 listed apart, each with its standard closing sentence."""
    sep = wording["item_separator"]
    parts = []
    if permit:
        parts.append(wording["permit_prefix"] + sep.join(permit) + wording["permit_suffix"])
    if general:
        parts.append(wording["general_prefix"] + sep.join(general) + wording["general_suffix"])
    return "".join(parts)


class LicenseRenderer:
    """Renders licenses; construct once at start-up (parsing the CJK font is the slow part) and reuse."""

    def __init__(self, template: Path | str | None = None, font_path: Path | str | None = None,
                 name_placeholder: str = "***", verification_url_base: str = DEFAULT_VERIFICATION_URL_BASE,
                 offset_mm: tuple[float, float] = (0.0, 0.0), seals_dir: Path | str | None = None) -> None:
        self.template = LicenseTemplate.load(Path(template) if template else TEMPLATE_FILE)
        self.seals_dir = Path(seals_dir) if seals_dir else None
        self.font = register_cjk_font(Path(font_path) if font_path else None)
        self.name_placeholder = name_placeholder
        self.verification_url_base = verification_url_base
        self.offset_mm = offset_mm

    @classmethod
    def for_config(cls, config: Any) -> LicenseRenderer:
        """The renderer a terminal configures (kiosk.config.Config)."""
        return cls(font_path=config.document_font_path or None, name_placeholder=config.license_name_placeholder,
                   verification_url_base=config.verification_url_base,
                   offset_mm=(config.printer_offset_x_mm, config.printer_offset_y_mm),
                   seals_dir=config.license_seals_dir or None)

    def verification_url(self, uscc: str) -> str:
        return self.verification_url_base + uscc

    def render_signed(self, signed: dict[str, Any], public_key_pem: bytes, copy: Copy = "original",
                      plain: bool = False) -> bytes:
        """Render only what the back office signed; LicenseSignatureError for unsigned or altered data."""
        return self.render(verify_license(signed, public_key_pem), copy=copy, plain=plain)

    def render(self, fields: dict[str, Any], copy: Copy = "original", plain: bool = False,
               specimen: bool = False) -> bytes:
        """The PDF for one copy. Calibration offsets apply to printing on blanks, not to plain-paper previews.

        specimen marks the page 样张 (not valid as a license): for calibration prints from unsigned data.
        """
        values = self._values(fields)
        seal = self.seal_for(values["uscc"])
        layout = self.template.copies[copy]
        page = Page(*layout.page_mm, font=self.font, offset_mm=(0.0, 0.0) if plain else self.offset_mm)
        for element in layout.elements:
            if (element.get("preprinted") and not plain) or (element.get("without_seal") and seal):
                continue
            if element["kind"] == "seal":
                if seal:
                    page.image(*_seal_square(element), seal)
                continue
            self._draw(page, element, values)
        if specimen:
            width, height = layout.page_mm
            page.text(width / 2, height / 2, "样张　不作为营业执照使用", width / 14, "center")
        return page.finish()

    def seal_for(self, uscc: str) -> Path | None:
        """The electronic seal of the authority that issued this credit code, None when seals are not used."""
        if self.seals_dir is None:
            return None
        path = self.seals_dir / f"{uscc[2:8]}.png"
        if not path.is_file():
            raise LicenseDataError(f"no seal image for registering authority {uscc[2:8]} ({path})")
        return path

    def calibration(self, copy: Copy = "original") -> bytes:
        """A page outlining every area of the blank at the configured offset: print it on plain paper, lay it
        on a blank against the light, and adjust printer_offset_x_mm / printer_offset_y_mm until they match."""
        width, height = self.template.copies[copy].page_mm
        page = Page(width, height, font=self.font, offset_mm=self.offset_mm)
        for e in self.template.copies[copy].elements:
            kind = e["kind"]
            if kind == "border" or (kind == "text" and e.get("preprinted")):
                self._draw(page, e, {})
            elif kind == "field":
                top = e["y"] - e["size"] * 0.353
                page.rect(e["x"], top, e.get("label_mm", 0) + e["width"], e["height"] + e["size"] * 0.353, 0.1)
                page.text(e["x"] + 1, e["y"], f"[{e['key']}]", 6)
            elif kind == "qr":
                page.rect(e["x"], e["y"], e["size"], e["size"], 0.2)
            elif kind == "seal":
                x, y, w, h = e["box"]
                page.rect(x, y, w, h, 0.2)
                page.circle(*_seal_centre(e), e["size"] / 2, 0.2)
            elif kind == "date_digits":
                for end in e["ends"]:
                    page.rect(end - e["size"] * 0.8, e["y"] - e["size"] * 0.353, e["size"] * 0.8,
                              e["size"] * 0.353, 0.1)
        for x, y in ((5, 5), (width - 5, 5), (5, height - 5), (width - 5, height - 5)):   # corner marks
            page.line(x - 4, y, x + 4, y, 0.1)
            page.line(x, y - 4, x, y + 4, 0.1)
        page.text(width / 2, height - 8, f"校准页　偏移 x {self.offset_mm[0]:+.1f} mm　y {self.offset_mm[1]:+.1f} mm",
                  8, "center")
        return page.finish()

    def _values(self, fields: dict[str, Any]) -> dict[str, str]:
        missing = [k for k in REQUIRED_FIELDS if k not in fields]
        if missing:
            raise LicenseDataError(f"license data lacks {', '.join(missing)}")
        wording = self.template.wording
        try:
            return {
                "uscc": str(fields["uscc"]),
                "name": fields["name"] or self.name_placeholder,
                "type": str(fields["type"]),
                "operator": str(fields["operator"]),
                "organization": str(fields["organization"]),
                "premises": str(fields["premises"]),
                "registration_date": _date(fields["registration_date"], wording["date_format"]),
                "scope": scope_text(list(fields["scope_permit"]), list(fields["scope_general"]), wording),
                "authority": str(fields["authority"]),
                "issue_date": _date(fields["issue_date"], wording["date_format"]),
                "issue_date_iso": dt.date.fromisoformat(fields["issue_date"]).isoformat(),
                # The provincial system's 市场主体身份码 where it issued one, else the gsxt verification URL.
                "qr": str(fields.get("identity_code") or self.verification_url(str(fields["uscc"]))),
            }
        except (TypeError, ValueError) as exc:
            raise LicenseDataError(f"license data malformed: {exc}") from None

    def _draw(self, page: Page, e: dict[str, Any], values: dict[str, str]) -> None:
        kind = e["kind"]
        if kind == "text":
            page.text(e["x"], e["y"], e["text"], e["size"], e.get("align", "left"))
        elif kind == "field":
            x = e["x"]
            if e.get("label"):
                page.text(x, e["y"], e["label"], e["size"])
                x += e["label_mm"]
            page.wrapped(x, e["y"], values[e["key"]], e["size"], e["width"], e["height"])
        elif kind == "qr":
            page.qr(e["x"], e["y"], e["size"], values["qr"])
        elif kind == "date_digits":
            day = dt.date.fromisoformat(values[e["key"] + "_iso"])
            for number, end in zip((day.year, day.month, day.day), e["ends"], strict=True):
                page.text(end, e["y"], str(number), e["size"], "right")
        elif kind == "border":
            page.rect(e["x"], e["y"], e["w"], e["h"], e.get("line", 0.5))
        else:
            raise ValueError(f"license template: unknown element kind {kind!r}")


def _date(value: str, fmt: str) -> str:
    day = dt.date.fromisoformat(value)
    return fmt.format(year=day.year, month=day.month, day=day.day)


def _seal_centre(e: dict[str, Any]) -> tuple[float, float]:
    x, y, w, h = e["box"]
    return x + w / 2, y + h / 2


def _seal_square(e: dict[str, Any]) -> tuple[float, float, float, float]:
    """(x, y, width, height) of the seal image: a square of the seal's size centred in its box."""
    cx, cy = _seal_centre(e)
    size = e["size"]
    return cx - size / 2, cy - size / 2, size, size
