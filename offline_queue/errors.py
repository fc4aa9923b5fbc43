"""Queue failures a resident or technician must hear about: each carries a plain-Chinese message_zh."""

from __future__ import annotations


class QueueError(Exception):
    """Base class. str(exc) is the English log message; message_zh is what the screen shows."""

    message_zh = "申请暂时无法保存，请联系现场工作人员。"

    def __init__(self, message: str, message_zh: str | None = None) -> None:
        super().__init__(message)
        if message_zh is not None:
            self.message_zh = message_zh


class QueueStorageFull(QueueError):
    """The disk (or SQLite's page limit) is full: the submission was NOT saved."""

    message_zh = "终端存储空间已满，本次申请未能保存，请联系现场工作人员处理。"


class QueueCorrupt(QueueError):
    """The database file is damaged. On open it is moved aside and technicians are alerted."""

    message_zh = "终端数据文件损坏，已通知技术人员，请稍后再试或联系现场工作人员。"


class QueueKeyError(QueueError):
    """The key file is missing, unreadable, too open, or does not match the database."""

    message_zh = "终端加密密钥异常，已停止保存申请，请联系技术人员。"


class UnknownSubmission(QueueError):
    """A technician named a queue entry that does not exist (or can no longer be retried)."""

    message_zh = "找不到该申请记录。"
