"""The card photo: opaque WLT bytes, decodable only through a licensed vendor library installed as a plug-in.

No open decoder exists and reimplementing WLT is a legal risk (notes §4.2), so the kiosk ships none. A terminal
with a licensed library installs a package that registers a `kiosk.wlt_decoder` entry point naming a
PhotoDecoder subclass; `load_decoder()` finds it.
"""

from __future__ import annotations

import abc
import logging
from importlib.metadata import entry_points

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "kiosk.wlt_decoder"
# Both public captures start with these bytes; a cheap sanity check, not a format guarantee.
WLT_MAGIC = bytes.fromhex("574C66007E00320000FF85")
PHOTO_WIDTH, PHOTO_HEIGHT = 102, 126


class PhotoDecoder(abc.ABC):
    @abc.abstractmethod
    def decode(self, wlt: bytes) -> bytes:
        """1024 WLT bytes → PHOTO_WIDTH × PHOTO_HEIGHT × 3 bytes of BGR pixels, rows top to bottom."""


def looks_like_wlt(data: bytes) -> bool:
    return len(data) == 1024 and data.startswith(WLT_MAGIC)


def load_decoder() -> PhotoDecoder | None:
    """The installed decoder plug-in, or None (the normal case: photos stay opaque)."""
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        try:
            return entry.load()()
        except Exception as exc:  # a broken vendor install must not stop the kiosk
            log.warning("WLT decoder plug-in %s failed to load: %s", entry.name, exc)
    return None
