"""The printer simulator: every job becomes a PDF file in a folder (config `printer = "dir:PATH"`).

For development, burn-in and tests only: the files hold what a license or receipt shows, so a production
terminal prints through CUPS instead.
"""

from __future__ import annotations

import itertools
import os
import re
import threading
from pathlib import Path

from devices.printer.base import Printer, PrintJob
from devices.printer.faults import MESSAGES_ZH, printer_error


class DirectoryPrinter(Printer):
    """Writes each PDF as NNNN-title.pdf. Set fail_with to a fault code (e.g. "paper_out") to inject faults:
    every submit then fails as a real printer with that fault would, until it is set back to None."""

    def __init__(self, folder: Path | str, fail_with: str | None = None) -> None:
        if fail_with is not None and fail_with not in MESSAGES_ZH:
            raise ValueError(f"unknown printer fault {fail_with!r}; known: {', '.join(MESSAGES_ZH)}")
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.fail_with = fail_with
        self._lock = threading.Lock()
        existing = (int(p.name[:4]) for p in self.folder.glob("[0-9][0-9][0-9][0-9]-*.pdf"))
        self._numbers = itertools.count(max(existing, default=0) + 1)

    def submit(self, pdf: bytes, title: str) -> PrintJob:
        if self.fail_with:
            raise printer_error(self.fail_with, f"simulated by DirectoryPrinter({self.folder})")
        safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", title)[:60] or "job"
        with self._lock:
            path = self.folder / f"{next(self._numbers):04d}-{safe}.pdf"
        # Write then rename, so a reader watching the folder never sees half a document.
        tmp = path.with_suffix(".part")
        tmp.write_bytes(pdf)
        os.replace(tmp, path)
        return PrintJob(job_id=path.name, title=title)
