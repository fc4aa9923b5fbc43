"""QR decoding from camera frames with zbar (pyzbar), for receipt pick-up and pre-filled applications."""

from __future__ import annotations

import cv2
import numpy as np
from pyzbar import pyzbar

from devices.camera.base import Camera


class QrScanner:
    """Decodes the QR codes in a BGR frame. Stateless apart from zbar's own, so one instance serves all."""

    def scan(self, frame: np.ndarray) -> list[str]:
        """Every QR payload in the frame, in zbar's order, without duplicates; [] when there is none."""
        gray = frame if frame.ndim == 2 else cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
        found = pyzbar.decode(gray, symbols=[pyzbar.ZBarSymbol.QRCODE])
        if not found:
            # Glare on a phone screen or a faint thermal print defeats zbar's own binarisation; Otsu helps.
            _, binary = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
            found = pyzbar.decode(binary, symbols=[pyzbar.ZBarSymbol.QRCODE])
        return list(dict.fromkeys(code.data.decode("utf-8", errors="replace") for code in found))

    def scan_camera(self, camera: Camera, max_frames: int = 30) -> list[str]:
        """Read frames until one holds a QR code; [] after max_frames without one."""
        for _ in range(max_frames):
            codes = self.scan(camera.read())
            if codes:
                return codes
        return []
