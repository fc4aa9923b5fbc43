"""The 双告知 and 备案 notice printed with a license whose scope has 许可 or 备案 items (A4 portrait).

双告知: the resident is told which licence to obtain from which department before carrying out each 许可 item;
备案: which filings were made with the registration. The content comes from the signed license data.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kiosk.documents.pdf import Page, register_cjk_font

TITLE = "经营范围涉及审批、备案事项告知书"
INTRO = ("您申请登记的经营范围中，下列许可项目须在取得相关部门的批准文件或许可证件后方可开展经营活动，"
         "未取得前不得从事相关经营：")
FILED = "下列备案已随本次登记一并办理："


def has_notice(fields: dict[str, Any]) -> bool:
    return bool(fields.get("dual_notices") or fields.get("filings"))


def render_notice(fields: dict[str, Any], font_path: Path | str | None = None) -> bytes:
    page = Page(210, 297, font=register_cjk_font(Path(font_path) if font_path else None))
    page.text(105, 30, TITLE, 16, "center")
    y = 46.0
    lines = [f"名称：{fields.get('name') or ''}", f"统一社会信用代码：{fields['uscc']}"]
    for line in lines:
        page.text(20, y, line, 11)
        y += 8
    if fields.get("dual_notices"):
        y += page.wrapped(20, y + 6, INTRO, 11, 170, 20) + 8
        for n in fields["dual_notices"]:
            y += page.wrapped(24, y, f"· {n['item']}：{n['licence']}（{n['department']}）", 11, 166, 16) + 2
    if fields.get("filings"):
        y += page.wrapped(20, y + 6, FILED, 11, 170, 10) + 8
        for n in fields["filings"]:
            y += page.wrapped(24, y, f"· {n['item']}：{n['filing']}（{n['department']}）", 11, 166, 16) + 2
    page.text(190, y + 16, fields.get("authority", ""), 11, "right")
    return page.finish()
