"""The business license (营业执照) as a PDF: 正本 on A3 landscape, 副本 on A4 landscape.

By default only what the terminal prints goes on the page — the credit code, QR code, field names and values,
registration authority and date, and on the 副本 the annual-report reminder — at the positions of
license_template.json, to land on the pre-printed official blank. Plain-paper mode also draws what the blank
carries (border, title, footer) for previews and tests.
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
    """The license data lacks a field or has one in the wrong form; nothing is printed."""


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
                 offset_mm: tuple[float, float] = (0.0, 0.0)) -> None:
        self.template = LicenseTemplate.load(Path(template) if template else TEMPLATE_FILE)
        self.font = register_cjk_font(Path(font_path) if font_path else None)
        self.name_placeholder = name_placeholder
        self.verification_url_base = verification_url_base
        self.offset_mm = offset_mm

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
        layout = self.template.copies[copy]
        page = Page(*layout.page_mm, font=self.font, offset_mm=(0.0, 0.0) if plain else self.offset_mm)
        for element in layout.elements:
            if element.get("preprinted") and not plain:
                continue
            self._draw(page, element, values)
        if specimen:
            width, height = layout.page_mm
            page.text(width / 2, height / 2, "样张　不作为营业执照使用", width / 14, "center")
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
            page.qr(e["x"], e["y"], e["size"], self.verification_url(values["uscc"]))
        elif kind == "border":
            page.rect(e["x"], e["y"], e["w"], e["h"], e.get("line", 0.5))
        else:
            raise ValueError(f"license template: unknown element kind {kind!r}")


def _date(value: str, fmt: str) -> str:
    day = dt.date.fromisoformat(value)
    return fmt.format(year=day.year, month=day.month, day=day.day)
