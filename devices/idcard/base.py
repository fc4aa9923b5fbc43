"""The ID card reader interface: one abstract method, shared by the serial reader and test doubles."""

from __future__ import annotations

import abc

from domain.card import IdCard


class ReaderError(Exception):
    """The reader failed. message_zh is shown to the resident; str(exc) is the English log line."""

    def __init__(self, message: str, message_zh: str = "读卡器故障，请联系工作人员。") -> None:
        super().__init__(message)
        self.message_zh = message_zh


class CardReader(abc.ABC):
    @abc.abstractmethod
    def read_card(self) -> IdCard | None:
        """Find, select and read the card on the reader. None when no card is placed; ReaderError on faults."""

    def card_present(self) -> bool:
        """Whether a card still lies on the reader. Readers that can tell without a full read override this."""
        return self.read_card() is not None

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release the port."""
