"""The acknowledgement receipt (受理回执) for cases waiting for staff or for the network.

It carries a QR code with the receipt token, so the resident can check the status and pick up the license at
any terminal. The ID number is printed masked: the slip may be lost or left in the tray.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from domain.qr_payloads import receipt_payload
from kiosk.documents.pdf import Page, register_cjk_font

Paper = Literal["receipt80", "a4"]

STATUS_ZH = {
    "manual_review": "已受理，待人工审核",
    "queued": "已受理，网络恢复后自动提交",
    "approved": "已核准",
    "rejected": "未予核准",
}


@dataclass(frozen=True)
class ReceiptData:
    receipt_no: str
    time: dt.datetime
    terminal_id: str
    status: str
    id_number: str
    receipt_token: str
    business_name: str | None = None


@dataclass(frozen=True)
class _Paper:
    width_mm: float
    height_mm: float
    margin_mm: float
    title_size: float
    body_size: float
    label_mm: float
    qr_mm: float


# The 80 mm roll prints 72 mm wide on common thermal heads; the page length is what the content needs.
PAPERS: dict[str, _Paper] = {
    "receipt80": _Paper(80, 128, 4, 13, 8.5, 17, 40),
    "a4": _Paper(210, 297, 25, 20, 12, 32, 60),
}

FOOTER = "请妥善保管本回执。可在任一自助终端扫描上方二维码查询办理进度；核准后，凭本人身份证即可领取营业执照。"


def mask_id_number(id_number: str) -> str:
    """Keep the first four and last four characters: enough for the resident to recognise, not to reuse."""
    keep = 4 if len(id_number) > 10 else 1
    return id_number[:keep] + "*" * max(0, len(id_number) - 2 * keep) + id_number[-keep:]


def render_receipt(data: ReceiptData, paper: Paper = "a4", font_path: Path | None = None) -> bytes:
    p = PAPERS[paper]
    page = Page(p.width_mm, p.height_mm, font=register_cjk_font(font_path))
    inner = p.width_mm - 2 * p.margin_mm
    line_mm = p.body_size * 0.353 * 1.9
    gap_mm = p.body_size * 0.353 * 0.6
    y = p.margin_mm + p.title_size * 0.353
    page.text(p.width_mm / 2, y, "个体工商户设立登记", p.title_size, "center")
    y += p.title_size * 0.353 * 1.6
    page.text(p.width_mm / 2, y, "受 理 回 执", p.title_size, "center")
    y += line_mm
    page.line(p.margin_mm, y, p.width_mm - p.margin_mm, y)
    y += line_mm
    rows = [
        ("回执编号", data.receipt_no),
        ("受理时间", data.time.strftime("%Y-%m-%d %H:%M")),
        ("受理终端", data.terminal_id),
        ("办理状态", STATUS_ZH.get(data.status, data.status)),
        ("证件号码", mask_id_number(data.id_number)),
        ("名　　称", data.business_name or "（未使用名称）"),
    ]
    for label, value in rows:
        page.text(p.margin_mm, y, label, p.body_size)
        y += page.wrapped(p.margin_mm + p.label_mm, y, value, p.body_size, inner - p.label_mm, line_mm * 2)
        y += gap_mm
    page.qr((p.width_mm - p.qr_mm) / 2, y, p.qr_mm, receipt_payload(data.receipt_token))
    y += p.qr_mm + line_mm
    page.wrapped(p.margin_mm, y, FOOTER, p.body_size, inner, line_mm * 4)
    return page.finish()
