"""`kiosk doctor`: independent checks of a terminal, each a function Context → Check(name, status, detail, hint).

Add a check by writing such a function and listing it in CHECKS.
"""

from __future__ import annotations

from kiosk.doctor.backoffice import backoffice, clock, enrolment
from kiosk.doctor.camera import camera
from kiosk.doctor.core import Check, CheckFn, Context, overall_ok, render_text, run_checks
from kiosk.doctor.identity import face_compare
from kiosk.doctor.printer import printer
from kiosk.doctor.queue import queue
from kiosk.doctor.reader import reader
from kiosk.doctor.system import config, disk, font, keyboard, speech

CHECKS: tuple[tuple[str, CheckFn], ...] = (
    ("config", config),
    ("reader", reader),
    ("camera", camera),
    ("face_compare", face_compare),
    ("printer", printer),
    ("backoffice", backoffice),
    ("clock", clock),
    ("enrolment", enrolment),
    ("queue", queue),
    ("disk", disk),
    ("font", font),
    ("keyboard", keyboard),
    ("speech", speech),
)


def diagnose(ctx: Context, timeout_s: float = 30.0) -> list[Check]:
    return run_checks(CHECKS, ctx, timeout_s)


__all__ = ["CHECKS", "Check", "Context", "diagnose", "overall_ok", "render_text"]
