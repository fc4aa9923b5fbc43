"""Chinese input on the real virtual keyboard: large candidates, local words first (潍 for "wei"), and the
handwriting pad written on with the mouse (as a finger would) through the real recogniser."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from domain.local_words import suggestions
from kiosk.handwriting import BOX, reference
from kiosk.handwriting.zinnia import ZinniaRecognizer
from ui.app import create_application
from ui.keyboard import KeyboardPanel

# pytest-qt's Qt message capture deadlocks while the virtual keyboard's QML loads (a warning from a loader thread).
pytestmark = pytest.mark.no_qt_log

MIN_TEXT_PX = 32
MIN_TARGET_PX = 72


@pytest.fixture(scope="module")
def app():
    return create_application()


def _wait_until(condition, timeout_ms: int = 5000) -> None:
    # Not pytest-qt's qtbot: its session QApplication would exist before the keyboard's environment is set.
    for _ in range(timeout_ms // 50):
        if condition():
            return
        QTest.qWait(50)
    raise AssertionError("timed out")


@pytest.fixture
def typing(app):
    host = QWidget()
    layout = QVBoxLayout(host)
    field = QLineEdit()
    keyboard = KeyboardPanel(None, ZinniaRecognizer(), suggestions("370702"))
    layout.addWidget(field)
    layout.addWidget(keyboard)
    host.resize(1920, 1080)
    host.show()
    host.activateWindow()
    field.setFocus()

    def opened() -> bool:
        QGuiApplication.inputMethod().show()
        return keyboard.height() > 300
    _wait_until(opened)
    yield field, keyboard
    QGuiApplication.inputMethod().hide()
    QGuiApplication.inputMethod().reset()
    host.close()
    host.deleteLater()


def _tree(item) -> list:
    # Delegates are children in the visual tree, not QObject children: findChildren misses them.
    return [item, *(i for child in item.childItems() for i in _tree(child))]


def _items(keyboard: KeyboardPanel, name: str) -> list:
    return [i for i in _tree(keyboard.rootObject()) if i.objectName() == name and i.isVisible() and i.width() > 0]


def _offered(keyboard: KeyboardPanel) -> list[str]:
    offered = keyboard.rootObject().property("offered")   # a JS array from matchLocal, a list from Python
    return offered if isinstance(offered, list) else offered.toVariant()


def _sizes(keyboard: KeyboardPanel, name: str) -> list[tuple[float, float, int]]:
    out = []
    for item in _items(keyboard, name):
        texts = [c for c in _tree(item) if c.property("font") is not None]
        out.append((item.width(), item.height(), texts[0].property("font").pixelSize()))
    return out


def _assert_large(sizes: list[tuple[float, float, int]], what: str, capsys) -> None:
    assert sizes, f"no {what} shown"
    with capsys.disabled():
        smallest = (min(w for w, _, _ in sizes), min(h for _, h, _ in sizes), min(p for _, _, p in sizes))
        print(f"\n{what}: {len(sizes)} shown; smallest target {smallest[0]:.0f}×{smallest[1]:.0f} px, "
              f"text {smallest[2]} px")
    assert all(w >= MIN_TARGET_PX and h >= MIN_TARGET_PX and px >= MIN_TEXT_PX for w, h, px in sizes), sizes


def test_typing_wei_offers_wei_of_weifang_first_in_large_candidates(typing, capsys) -> None:
    field, keyboard = typing
    keyboard.rootObject().pressKeys("wei")
    _wait_until(lambda: bool(_items(keyboard, "pinyinCandidate")))
    offered = _offered(keyboard)
    assert "潍" in offered[:5], offered
    _assert_large(_sizes(keyboard, "candidate"), "local-word candidates", capsys)
    _assert_large(_sizes(keyboard, "pinyinCandidate"), "Pinyin engine candidates", capsys)
    keyboard.rootObject().choose("潍坊")
    assert field.text() == "潍坊"
    assert _offered(keyboard) == []   # the pinyin was replaced, not left behind


def _draw(keyboard: KeyboardPanel, strokes: list[list[tuple[float, float]]]) -> None:
    """Write with the mouse on the pad's canvas, as a finger would (press, move, release per stroke)."""
    from PySide6.QtQuick import QQuickItem
    canvas = keyboard.rootObject().findChild(QQuickItem, "handwritingCanvas")
    origin = canvas.mapToScene(QPointF(0, 0))
    scale = canvas.width() / BOX
    for stroke in strokes:
        points = [QPoint(int(origin.x() + x * scale), int(origin.y() + y * scale)) for x, y in stroke]
        QTest.mousePress(keyboard, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[0])
        for a, b in zip(points, points[1:], strict=False):
            for k in range(1, 5):   # the pointer passes through the points between
                QTest.mouseMove(keyboard, a + (b - a) * k / 4)
        QTest.mouseRelease(keyboard, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[-1])


def test_writing_on_the_pad_offers_the_character_and_types_it(typing, capsys) -> None:
    assert reference.available(), "run ./scripts/setup for the reference strokes"
    field, keyboard = typing
    root = keyboard.rootObject()
    root.setWriting(True)
    _wait_until(lambda: bool(_items(keyboard, "handwritingPad")))
    assert keyboard.height() >= 360 + 72
    _draw(keyboard, reference.strokes("潍"))
    offered = _offered(keyboard)
    assert len(offered) >= 5 and offered[0] == "潍", offered
    _assert_large(_sizes(keyboard, "candidate"), "handwriting candidates", capsys)
    root.choose(offered[0])
    assert field.text() == "潍"
    assert _offered(keyboard) == []   # the pad is clear for the next character
    _draw(keyboard, reference.strokes("坊"))
    assert "坊" in _offered(keyboard)[:5]


def test_the_switch_goes_back_to_pinyin(typing) -> None:
    _, keyboard = typing
    root = keyboard.rootObject()
    root.setWriting(True)
    root.setWriting(False)
    assert not _items(keyboard, "handwritingPad")
    assert root.property("writing") is False
