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
# After the header, the simulator's synthetic photos carry this, so the simulation decoder never mistakes a
# real card's photo for one of them.
SIMULATED_MARK = b"KIOSK-SIMULATED-FACE"


class PhotoDecoder(abc.ABC):
    @abc.abstractmethod
    def decode(self, wlt: bytes) -> bytes:
        """1024 WLT bytes → PHOTO_WIDTH × PHOTO_HEIGHT × 3 bytes of BGR pixels, rows top to bottom."""


class SimulationDecoder(PhotoDecoder):
    """For the simulator and burn-in: the simulator's synthetic WLT decodes to the chip-sized photo of the face
    the simulated camera shows (devices/camera/assets/face.jpg), so the whole 人证比对 path runs end to end.
    Any other photo is refused: this is no WLT decoder."""

    def decode(self, wlt: bytes) -> bytes:
        if not (looks_like_wlt(wlt) and wlt[len(WLT_MAGIC):].startswith(SIMULATED_MARK)):
            raise ValueError("not a photo from the card simulator")
        return simulated_chip_photo().tobytes()


def simulated_chip_photo():  # -> np.ndarray, PHOTO_HEIGHT × PHOTO_WIDTH × 3 BGR
    """The simulated camera's portrait cut and scaled like a chip photo, with the loss of a small JPEG."""
    import cv2
    import numpy as np

    from devices.camera.simulated import load_portrait

    portrait = load_portrait()  # 260×300, the head centred near (124, 110)
    crop = portrait[0:247, 24:224]
    chip = cv2.resize(crop, (PHOTO_WIDTH, PHOTO_HEIGHT), interpolation=cv2.INTER_AREA)
    ok, jpeg = cv2.imencode(".jpg", chip, [cv2.IMWRITE_JPEG_QUALITY, 60])
    assert ok
    return cv2.imdecode(np.frombuffer(jpeg.tobytes(), np.uint8), cv2.IMREAD_COLOR)


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
