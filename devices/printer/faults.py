"""Printer faults: CUPS printer-state-reasons → a fault code, and each code's message for the resident."""

from __future__ import annotations

from collections.abc import Iterable

from devices.printer.base import PrinterError

_AFTER = "您的办理结果已保存，工作人员处理后即可补打。"

MESSAGES_ZH = {
    "paper_out": "打印机缺纸，请联系工作人员添加纸张。" + _AFTER,
    "jam": "打印机卡纸，请联系工作人员处理。" + _AFTER,
    "cover_open": "打印机舱门未关好，请联系工作人员处理。" + _AFTER,
    "offline": "打印机未连接，请联系工作人员。" + _AFTER,
    "stopped": "打印机已暂停使用，请联系工作人员。" + _AFTER,
    "timeout": "打印时间过长，请联系工作人员。" + _AFTER,
    "failed": "打印未能完成，请联系工作人员。" + _AFTER,
}

# IPP printer-state-reasons keywords (RFC 8011 §5.4.12, PWG 5100.x) by fault, most specific first.
_REASONS = (
    ("paper_out", ("media-empty", "media-needed", "input-tray-missing")),
    ("jam", ("media-jam",)),
    ("cover_open", ("door-open", "cover-open", "interlock-open")),
    ("offline", ("offline", "shutdown", "connecting-to-device", "timed-out")),
    ("stopped", ("paused", "stopped")),
)


def fault_from_reasons(reasons: Iterable[str]) -> str | None:
    """The fault a printer's state reasons amount to; None when it can print.

    "-warning" reasons (media-low, toner-low) do not stop printing and map to nothing.
    """
    bases = {r.removesuffix("-error").removesuffix("-report") for r in reasons if not r.endswith("-warning")}
    for code, keywords in _REASONS:
        if bases & set(keywords):
            return code
    return None


def printer_error(code: str, detail: str) -> PrinterError:
    """A PrinterError for a fault code: the resident's message and an English line for the alert."""
    return PrinterError(f"printer fault {code}: {detail}", MESSAGES_ZH.get(code, MESSAGES_ZH["failed"]), code)
