"""Drives the real virtual keyboard and handwriting pad in a fresh process and prints what a resident would
see, as JSON, for tests/test_ui_input.py. A process of its own because the keyboard's input method is chosen
when the QApplication is made, which in a test run may have happened without it.

    python tests/keyboard_probe.py
"""

from __future__ import annotations

import itertools
import json

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from domain.local_words import suggestions
from kiosk.handwriting import BOX, reference
from kiosk.handwriting.zinnia import ZinniaRecognizer
from ui.app import create_application
from ui.keyboard import KeyboardPanel


def wait_until(condition, timeout_ms: int = 5000) -> None:
    for _ in range(timeout_ms // 50):
        if condition():
            return
        QTest.qWait(50)
    raise SystemExit(f"timed out waiting for {condition}")


def tree(item) -> list:
    # Delegates are children in the visual tree, not QObject children: findChildren misses them.
    return [item, *(i for child in item.childItems() for i in tree(child))]


def items(keyboard: KeyboardPanel, name: str) -> list:
    return [i for i in tree(keyboard.rootObject()) if i.objectName() == name and i.isVisible() and i.width() > 0]


def sizes(keyboard: KeyboardPanel, name: str) -> list[list[float]]:
    """[width, height, text pixel size] of each visible item of that name."""
    out = []
    for item in items(keyboard, name):
        text = next(c for c in tree(item) if c.property("font") is not None)
        out.append([item.width(), item.height(), text.property("font").pixelSize()])
    return out


def offered(keyboard: KeyboardPanel) -> list[str]:
    value = keyboard.rootObject().property("offered")   # a JS array from matchLocal, a list from Python
    return value if isinstance(value, list) else value.toVariant()


def draw(keyboard: KeyboardPanel, strokes: list[list[tuple[float, float]]]) -> None:
    """Write with the mouse on the pad's canvas, as a finger would (press, move, release per stroke)."""
    canvas = next(i for i in tree(keyboard.rootObject()) if i.objectName() == "handwritingCanvas")
    origin = canvas.mapToScene(QPointF(0, 0))
    scale = canvas.width() / BOX
    for stroke in strokes:
        points = [QPoint(int(origin.x() + x * scale), int(origin.y() + y * scale)) for x, y in stroke]
        QTest.mousePress(keyboard, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[0])
        for a, b in itertools.pairwise(points):
            for k in range(1, 5):   # the pointer passes through the points between
                QTest.mouseMove(keyboard, a + (b - a) * k / 4)
        QTest.mouseRelease(keyboard, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[-1])


def main() -> None:
    create_application()
    host = QWidget()
    layout = QVBoxLayout(host)
    field = QLineEdit()
    digits, phone = QLineEdit(), QLineEdit()
    digits.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
    phone.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
    keyboard = KeyboardPanel(None, ZinniaRecognizer(), suggestions("370702"))
    layout.addWidget(field)
    layout.addWidget(digits)
    layout.addWidget(phone)
    layout.addWidget(keyboard)
    host.resize(1920, 1080)
    host.show()
    host.activateWindow()
    wait_until(host.isActiveWindow)
    field.setFocus()

    def opened() -> bool:
        QGuiApplication.inputMethod().show()
        return keyboard.height() > 300
    wait_until(opened)
    root = keyboard.rootObject()
    report: dict[str, object] = {}

    root.pressKeys("wei")
    wait_until(lambda: bool(items(keyboard, "pinyinCandidate")))
    report["wei_offered"] = offered(keyboard)
    report["local_sizes"] = sizes(keyboard, "candidate")
    report["pinyin_sizes"] = sizes(keyboard, "pinyinCandidate")
    root.choose("潍坊")
    report["chosen_text"] = field.text()
    report["offered_after_choice"] = offered(keyboard)

    field.clear()
    root.setWriting(True)
    wait_until(lambda: bool(items(keyboard, "handwritingPad")))
    report["writing_panel_height"] = keyboard.height()
    draw(keyboard, reference.strokes("潍"))
    report["written_offered"] = offered(keyboard)
    report["written_sizes"] = sizes(keyboard, "candidate")
    root.choose(report["written_offered"][0])
    report["written_text"] = field.text()
    report["offered_after_writing"] = offered(keyboard)
    draw(keyboard, reference.strokes("坊"))
    report["second_offered"] = offered(keyboard)

    root.setWriting(False)
    report["pad_after_switch_back"] = len(items(keyboard, "handwritingPad"))

    report["text_layout"] = root.layoutName()
    for name, edit in (("digits_layout", digits), ("phone_layout", phone)):
        edit.setFocus()
        QGuiApplication.inputMethod().show()
        QTest.qWait(300)
        report[name] = root.layoutName()
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
