"""The printer interface: one abstract method that takes a finished PDF, and the job it becomes."""

from __future__ import annotations

import abc
import enum
from dataclasses import dataclass


class JobState(enum.StrEnum):
    QUEUED = "queued"
    PRINTING = "printing"
    COMPLETED = "completed"
    FAILED = "failed"


class PrinterError(Exception):
    """Printing failed. message_zh is shown to the resident; str(exc) goes to the technician's alert.

    code names the fault for alerts and tests (see devices.printer.faults), e.g. "paper_out", "jam".
    """

    def __init__(self, message: str, message_zh: str = "打印机暂时无法使用，请联系工作人员。",
                 code: str = "failed") -> None:
        super().__init__(message)
        self.message_zh = message_zh
        self.code = code


@dataclass(frozen=True)
class PrintJob:
    job_id: str
    title: str


class Printer(abc.ABC):
    @abc.abstractmethod
    def submit(self, pdf: bytes, title: str) -> PrintJob:
        """Hand a PDF to the printer; PrinterError when it cannot be accepted.

        The title shows up in spooler logs, so it must carry no personal data (a receipt number or a credit
        code is fine, a name is not).
        """

    def wait(self, job: PrintJob, timeout_s: float = 60.0) -> JobState:
        """Block until the job has printed (COMPLETED); PrinterError when it cannot.

        A printer that cannot track jobs reports COMPLETED.
        """
        return JobState.COMPLETED
