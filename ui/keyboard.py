"""Chinese input: the Qt Virtual Keyboard (Pinyin) inside the window, in a QQuickWidget under the screens,
with a handwriting pad beside it (拼音 / 手写) for residents who cannot type pinyin, recognised offline by a
kiosk.handwriting recogniser, and one bar of large candidates that also offers local place and shop words.

There is no Python binding; the input-method plugin is selected by environment variables that must be set
before the QApplication exists (prepare_environment). The Pinyin engine's learning user dictionary is personal
data: it lives in a private temporary folder (XDG_CONFIG_HOME, on tmpfs where there is one) that wipe() resets
and empties at the end of every visit, and that is deleted when the app exits.
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtQuickWidgets import QQuickWidget

from kiosk.handwriting import HandwritingError, Recognizer, parse_strokes

log = logging.getLogger(__name__)

QML = Path(__file__).with_name("keyboard.qml")


def prepare_environment() -> Path:
    """Select the in-app virtual keyboard and give it a private config folder; call before QApplication."""
    os.environ["QT_IM_MODULE"] = "qtvirtualkeyboard"
    os.environ["QT_VIRTUALKEYBOARD_DESKTOP_DISABLE"] = "1"   # no separate top-level keyboard window
    shm = Path("/dev/shm")
    folder = Path(tempfile.mkdtemp(prefix="kiosk-vkb-", dir=shm if shm.is_dir() else None))
    os.environ["XDG_CONFIG_HOME"] = str(folder)
    atexit.register(shutil.rmtree, folder, True)
    return folder


class HandwritingBridge(QObject):
    """What the pad's QML calls when a stroke ends: the recogniser's candidates for all strokes so far."""

    def __init__(self, recognizer: Recognizer | None) -> None:
        super().__init__()
        self.recognizer = recognizer

    @Slot("QVariantList", int, result="QVariantList")
    def recognise(self, strokes: list, box: int) -> list:
        if self.recognizer is None or box <= 0:
            return []
        try:
            return self.recognizer.candidates(parse_strokes(strokes, box), box, limit=10)
        except HandwritingError as e:
            log.warning("handwriting not recognised: %s", e)
            return []


class KeyboardPanel(QQuickWidget):
    def __init__(self, user_data: Path | None, recognizer: Recognizer | None = None,
                 local_words: Sequence[tuple[str, str]] = ()) -> None:
        super().__init__()
        self.user_data = user_data
        self.handwriting = HandwritingBridge(recognizer)
        self.rootContext().setContextProperty("handwriting", self.handwriting)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)   # the keyboard must never take focus from the field
        self.setResizeMode(QQuickWidget.ResizeMode.SizeRootObjectToView)
        self.setAttribute(Qt.WidgetAttribute.WA_AlwaysStackOnTop, False)
        self.setSource(QUrl.fromLocalFile(str(QML)))
        self.available = self.status() == QQuickWidget.Status.Ready and self.rootObject() is not None
        self.setFixedHeight(0)
        if not self.available:
            log.warning("virtual keyboard unavailable: %s", "; ".join(e.toString() for e in self.errors()))
            return
        self.rootObject().setProperty("writingAvailable", recognizer is not None)
        self.rootObject().setProperty("localWords", [{"pinyin": p, "word": w} for p, w in local_words])
        self.rootObject().panelHeightChanged.connect(self._resize)

    def _resize(self) -> None:
        # The panel is as tall as its width makes it; the widget follows, so the screens above shrink.
        height = int(self.rootObject().property("panelHeight") or 0)
        self.setFixedHeight(height)

    def set_language(self, language: str) -> None:
        if self.available:
            self.rootObject().setLocale("en_US" if language == "en" else "zh_CN")

    def wipe(self) -> None:
        """Forget what was typed: reset the engines' user data and empty the folder it lives in."""
        if self.available:
            self.rootObject().wipeUserData()
        if self.user_data is not None and self.user_data.is_dir():
            for child in self.user_data.iterdir():
                shutil.rmtree(child, ignore_errors=True) if child.is_dir() else child.unlink(missing_ok=True)
