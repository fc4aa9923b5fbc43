"""Printing through CUPS with its command-line clients (lp, lpstat, cancel) — no Python binding to build.

The queue is checked before a job goes in, so a document is never left waiting in a stopped queue to come
out unattended after the resident has gone; a job that hits a fault while printing is cancelled for the
same reason (the resident is offered the reprint instead).
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import time
from dataclasses import dataclass

from devices.printer.base import JobState, Printer, PrinterError, PrintJob
from devices.printer.faults import fault_from_reasons, printer_error

log = logging.getLogger(__name__)

# ISO sizes in PostScript points, either orientation; the PDF's page size picks the paper (A3 正本, A4 副本).
_MEDIA = {"A3": (841.89, 1190.55), "A4": (595.28, 841.89), "A5": (419.53, 595.28)}
_MEDIABOX = re.compile(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]")
_FAILED_JOB_REASONS = ("job-canceled", "aborted", "job-completed-with-errors", "job-completed-with-warnings")


@dataclass(frozen=True)
class QueueStatus:
    enabled: bool
    accepting: bool
    reasons: tuple[str, ...]
    message: str

    def fault(self) -> str | None:
        return fault_from_reasons(self.reasons) or (None if self.enabled and self.accepting else "stopped")


def media_for(pdf: bytes) -> str | None:
    """The ISO paper name for the PDF's first page, so CUPS neither crops nor scales it; None if unknown."""
    match = _MEDIABOX.search(pdf)
    if not match:
        return None
    size = sorted((float(match.group(1)), float(match.group(2))))
    for name, (short, long) in _MEDIA.items():
        if abs(size[0] - short) < 3 and abs(size[1] - long) < 3:
            return name
    return None


class CupsPrinter(Printer):
    def __init__(self, queue: str, server: str | None = None, poll_interval_s: float = 0.2,
                 command_timeout_s: float = 15.0) -> None:
        """server: a CUPS server ("host:port" or a socket path); None uses $CUPS_SERVER or the local one."""
        self.queue = queue
        self.poll_interval_s = poll_interval_s
        self.command_timeout_s = command_timeout_s
        # The C locale keeps lpstat's output in the English this module parses.
        self._env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
        if server:
            self._env["CUPS_SERVER"] = server

    def _run(self, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
        try:
            return subprocess.run(args, input=stdin, capture_output=True, env=self._env,
                                  timeout=self.command_timeout_s, check=False)
        except FileNotFoundError:
            raise printer_error("offline", f"CUPS client {args[0]!r} is not installed") from None
        except subprocess.TimeoutExpired:
            raise printer_error("offline", f"{args[0]} did not answer within {self.command_timeout_s} s") from None

    def status(self) -> QueueStatus:
        """The queue's state as lpstat reports it; PrinterError("offline") when CUPS or the queue is missing."""
        result = self._run("lpstat", "-l", "-p", self.queue, "-a", self.queue)
        text = result.stdout.decode(errors="replace")
        if result.returncode != 0 or not text.startswith("printer "):
            detail = result.stderr.decode(errors="replace").strip() or text.strip()
            raise printer_error("offline", f"queue {self.queue}: {detail}")
        lines = text.splitlines()
        reasons: tuple[str, ...] = ()
        for line in lines:
            if line.strip().startswith("Alerts:"):
                reasons = tuple(r for r in line.split(":", 1)[1].replace(",", " ").split() if r != "none")
        # A stopped printer's message (the backend's last error) is the line after the "printer" line.
        message = lines[1].strip() if len(lines) > 1 and ":" not in lines[1] else ""
        return QueueStatus(enabled=" disabled " not in lines[0],
                           accepting=f"{self.queue} not accepting" not in text,
                           reasons=reasons, message=message)

    def _raise_if_faulty(self, status: QueueStatus) -> None:
        fault = status.fault()
        if fault:
            raise printer_error(fault, f"queue {self.queue}: reasons {' '.join(status.reasons) or 'none'}, "
                                       f"{'enabled' if status.enabled else 'disabled'}, {status.message!r}")

    def submit(self, pdf: bytes, title: str) -> PrintJob:
        self._raise_if_faulty(self.status())
        args = ["lp", "-d", self.queue, "-t", title]
        media = media_for(pdf)
        if media:
            args += ["-o", f"media={media}"]
        result = self._run(*args, "-", stdin=pdf)
        out = result.stdout.decode(errors="replace")
        match = re.search(r"request id is (\S+)", out)
        if result.returncode != 0 or not match:
            err = result.stderr.decode(errors="replace").strip()
            code = "stopped" if "not accepting" in err else "offline"
            raise printer_error(code, f"lp -d {self.queue} failed: {err or out.strip()}")
        log.info("print job %s accepted by queue %s", match.group(1), self.queue)
        return PrintJob(job_id=match.group(1), title=title)

    def _jobs(self, which: str, detailed: bool = False) -> str:
        args = ["lpstat", "-W", which, "-o", self.queue] + (["-l"] if detailed else [])
        return self._run(*args).stdout.decode(errors="replace")

    def _finished_reasons(self, job_id: str) -> list[str]:
        """job-state-reasons of a finished job from its `lpstat -l` block."""
        block = re.search(rf"^{re.escape(job_id)}\s.*?(?=^\S|\Z)", self._jobs("completed", detailed=True),
                          re.MULTILINE | re.DOTALL)
        alerts = re.search(r"Alerts:(.*)", block.group(0)) if block else None
        return alerts.group(1).replace(",", " ").split() if alerts else []

    def wait(self, job: PrintJob, timeout_s: float = 60.0) -> JobState:
        deadline = time.monotonic() + timeout_s
        pending = re.compile(rf"^{re.escape(job.job_id)}\s", re.MULTILINE)
        while pending.search(self._jobs("not-completed")):
            try:
                self._raise_if_faulty(self.status())
                if time.monotonic() > deadline:
                    raise printer_error("timeout", f"job {job.job_id} not printed after {timeout_s} s")
            except PrinterError:
                self.cancel(job)
                raise
            time.sleep(self.poll_interval_s)
        reasons = self._finished_reasons(job.job_id)
        if any(r.startswith(bad) for r in reasons for bad in _FAILED_JOB_REASONS):
            raise printer_error("failed", f"job {job.job_id} ended with {' '.join(reasons)}")
        return JobState.COMPLETED

    def cancel(self, job: PrintJob) -> None:
        """Withdraw a job; best effort, since the caller is already reporting a fault."""
        result = self._run("cancel", job.job_id)
        if result.returncode != 0:
            log.warning("could not cancel job %s: %s", job.job_id, result.stderr.decode(errors="replace").strip())
