"""人证比对 on the terminal: the card's chip photo (through a WLT decoder) against the accepted live photo.

The comparison is made when the application is put together (off the UI thread) and travels with it: band,
score, engine and whether the engine is certified, plus the reference photo for the staff's case page. The
back office compares again with its own engine and decides; this result is the terminal's record.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np

from devices.idcard.photo import PHOTO_HEIGHT, PHOTO_WIDTH, PhotoDecoder, SimulationDecoder, load_decoder
from domain.card import IdCard
from facematch.bands import Band, BandThresholds, Comparison
from facematch.engine import Comparer, NoFace, decode_image
from facematch.plugins import load_comparer

log = logging.getLogger(__name__)


def comparer_from_config(config: Any) -> Comparer:
    return load_comparer(config.face_compare_engine,
                         BandThresholds(config.face_compare_match_max, config.face_compare_refer_max),
                         certified=config.face_compare_certified)


def decoder_from_config(config: Any, *, simulated_reader: bool) -> PhotoDecoder | None:
    if config.photo_decoder == "none":
        return None
    decoder = load_decoder()
    if decoder is None and simulated_reader:
        decoder = SimulationDecoder()
    if decoder is None:
        log.info("no WLT decoder installed: no reference photo, identity is left to staff")
    return decoder


@dataclass(frozen=True)
class IdentityResult:
    comparison: Comparison | None  # None: no reference photo (no decoder, or it could not decode)
    reference_jpeg: bytes


class IdentityCheck:
    def __init__(self, comparer: Comparer, decoder: PhotoDecoder | None) -> None:
        self.comparer = comparer
        self.decoder = decoder

    def reference(self, card: IdCard) -> np.ndarray | None:
        if self.decoder is None or not card.photo_wlt:
            return None
        try:
            pixels = self.decoder.decode(card.photo_wlt)
        except Exception as exc:  # a vendor library failing on one card must not end the visit
            log.warning("card photo could not be decoded: %s", type(exc).__name__)
            return None
        return np.frombuffer(pixels, np.uint8).reshape(PHOTO_HEIGHT, PHOTO_WIDTH, 3)

    def check(self, card: IdCard, face_jpeg: bytes) -> IdentityResult:
        reference = self.reference(card)
        if reference is None:
            return IdentityResult(None, b"")
        ok, encoded = cv2.imencode(".jpg", reference, [cv2.IMWRITE_JPEG_QUALITY, 90])
        reference_jpeg = encoded.tobytes() if ok else b""
        try:
            comparison = self.comparer.compare(reference, decode_image(face_jpeg, "probe"))
        except NoFace as exc:
            log.info("face comparison: no face in the %s photo", exc.which)
            comparison = Comparison(Band.REFER, None, self.comparer.engine_name, self.comparer.certified, (0, 0))
        return IdentityResult(comparison, reference_jpeg)
