"""Building blocks every screen uses: a debounced touch button, the page frame, the signature pad and the
camera view. No widget here knows the session; screens bind them to it."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QBuffer, QEvent, QIODevice, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QScroller,
    QScrollerProperties,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui import theme

TAP_DEBOUNCE_S = 0.6   # a second tap within this time is the same intention (double tap, bouncing panel)


class TouchButton(QPushButton):
    """`tapped` fires once per intention: repeats inside TAP_DEBOUNCE_S are dropped. Buttons take no focus, so
    tapping one never moves the keyboard's focus away from the field being typed into."""

    tapped = Signal()

    def __init__(self, role: str = "primary", *, checkable: bool = False) -> None:
        super().__init__()
        self.setProperty("role", role)
        self.setCheckable(checkable)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._last_tap = -TAP_DEBOUNCE_S
        self.clicked.connect(self._on_clicked)

    def _on_clicked(self) -> None:
        now = time.monotonic()
        if now - self._last_tap < TAP_DEBOUNCE_S:
            return
        self._last_tap = now
        self.tapped.emit()


def label(object_name: str = "", *, wrap: bool = True, center: bool = False) -> QLabel:
    widget = QLabel()
    widget.setObjectName(object_name)
    widget.setWordWrap(wrap)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    if center:
        widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return widget


def _repolish(widget: QWidget) -> None:
    # A changed object name or property takes effect in the style sheet only once the widget is polished again.
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def set_state(message: QLabel, kind: str) -> None:
    """Colour a message as an "error" (red), "warning" or "ok" (the theme's label styles of those names)."""
    if message.objectName() != kind:
        message.setObjectName(kind)
        _repolish(message)


def mark_invalid(field: QWidget, invalid: bool) -> None:
    """Border a field in red while what it holds keeps the resident from going on."""
    if bool(field.property("invalid")) != invalid:
        field.setProperty("invalid", invalid)
        _repolish(field)


class ScrollBody(QScrollArea):
    """A screen's body: it scrolls when it does not fit (the keyboard is open, care mode, a portrait panel), by
    finger drag with kinetic flick (QScroller) and by a thin bar."""

    def __init__(self, content: QWidget, *, kinetic: bool = True) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(content)
        if kinetic:
            # Touches reach widgets as synthesised mouse events, so the mouse gesture is the finger's.
            QScroller.grabGesture(self.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
            properties = QScroller.scroller(self.viewport()).scrollerProperties()
            properties.setScrollMetric(QScrollerProperties.ScrollMetric.OvershootDragResistanceFactor, 0.2)
            properties.setScrollMetric(QScrollerProperties.ScrollMetric.OvershootScrollDistanceFactor, 0.1)
            properties.setScrollMetric(QScrollerProperties.ScrollMetric.DragStartDistance, 0.004)
            # A press goes to the button under the finger at once (a delayed press loses quick taps).
            properties.setScrollMetric(QScrollerProperties.ScrollMetric.MousePressEventDelay, 0)
            QScroller.scroller(self.viewport()).setScrollerProperties(properties)

    def reveal(self, widget: QWidget) -> None:
        """Scroll so that widget (a focused field) and a little around it is in view."""
        if self.widget().isAncestorOf(widget) and widget.isVisible():
            margin = max(0, min(48, (self.viewport().height() - widget.height()) // 2))
            centre = widget.mapTo(self.widget(), widget.rect().center())
            self.ensureVisible(centre.x(), centre.y(), 0, widget.height() // 2 + 1 + margin)


class CurrentStack(QStackedWidget):
    """A stack as large as the page it shows (QStackedWidget asks for the largest of all its pages), so one tall
    page neither pushes the keyboard off another nor leaves blank room to scroll on a short one."""

    def __init__(self) -> None:
        super().__init__()
        self.currentChanged.connect(lambda _: self.updateGeometry())

    def sizeHint(self) -> QSize:
        return self.currentWidget().sizeHint() if self.currentWidget() else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        return self.currentWidget().minimumSizeHint() if self.currentWidget() else super().minimumSizeHint()


class ButtonBar(QBoxLayout):
    """The large buttons at the bottom of a screen: side by side when they fit the width, else one above the
    other (a portrait panel, care mode, English labels). They stay in the fixed frame and never scroll away."""

    def __init__(self) -> None:
        super().__init__(QBoxLayout.Direction.LeftToRight)
        self.setSpacing(32)

    def buttons(self) -> list[QWidget]:
        items = (self.itemAt(i).widget() for i in range(self.count()))
        return [w for w in items if w is not None and not w.isHidden()]

    def setGeometry(self, rect: QRect) -> None:
        # Decided on every layout pass, so a label that grows or a button that appears re-fits the bar.
        self.fit(rect.width())
        super().setGeometry(rect)

    def fit(self, width: int) -> None:
        shown = self.buttons()
        needed = sum(w.sizeHint().width() for w in shown) + self.spacing() * max(len(shown) - 1, 0)
        wanted = QBoxLayout.Direction.TopToBottom if needed > width else QBoxLayout.Direction.LeftToRight
        if self.direction() != wanted:
            self.setDirection(wanted)
            self.setSpacing(16 if wanted is QBoxLayout.Direction.TopToBottom else 32)


class Page(QWidget):
    """One screen: the title on top, then the prompt and the body, which scroll, then the large buttons at the
    bottom, which do not. The whole page fits any window height: only the body gives way.

    Texts are set in retranslate(), which also runs when the language changes. Rows added with responsive_row()
    lie side by side on a landscape panel and stack on a portrait one.
    """

    speak = Signal(str)   # a prompt that changed while the screen is shown (face guidance, countdown)
    MARGIN = 64

    def __init__(self, name: str, *, kinetic: bool = True) -> None:
        super().__init__()
        self.setObjectName(name)
        self.title = label("title")
        self.prompt = label("prompt")
        self.body = QVBoxLayout()
        self.body.setSpacing(24)
        self.buttons = ButtonBar()
        self._responsive: list[QBoxLayout] = []
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(16)
        column.addWidget(self.prompt)
        column.addLayout(self.body, 1)
        self.scroll = ScrollBody(content, kinetic=kinetic)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(self.MARGIN, 16, self.MARGIN, 24)
        outer.setSpacing(16)
        outer.addWidget(self.title)
        outer.addWidget(self.scroll, 1)
        outer.addLayout(self.buttons)

    def responsive_row(self) -> QBoxLayout:
        row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        row.setSpacing(32)
        self._responsive.append(row)
        return row

    def add_button(self, role: str = "primary") -> TouchButton:
        button = TouchButton(role)
        self.buttons.addWidget(button)
        return button

    def primary_buttons(self) -> list[QWidget]:
        """The buttons of the bottom bar that are shown (the layout tests check they are on screen)."""
        return self.buttons.buttons()

    def spoken_text(self) -> str:
        """What the voice says when the screen appears."""
        return self.prompt.text() or self.title.text()

    def retranslate(self) -> None:
        """Set every text in the current language."""

    def enter(self, controller: Any) -> None:
        """The screen is about to be shown: take what it displays from the controller's session."""

    def reset(self) -> None:
        """Forget everything the resident entered or saw (session end)."""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def relayout(self) -> None:
        """Stack the responsive rows on a portrait panel, side by side on a landscape one."""
        portrait = self.height() > self.width()
        for row in self._responsive:
            row.setDirection(QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight)

    def resizeEvent(self, event) -> None:
        self.relayout()
        super().resizeEvent(event)
        focused = QApplication.focusWidget()
        if focused is not None:
            self.scroll.reveal(focused)


class SignaturePad(QWidget):
    """Sign with a finger. Touches arrive as synthesised mouse events, so one code path serves both."""

    changed = Signal()
    MIN_INK_PX = 150.0   # total stroke length before a signature counts (a dot or a tick does not)

    def __init__(self) -> None:
        super().__init__()
        self.setMinimumHeight(320)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self._strokes: list[list[QPointF]] = []
        self.ink_length = 0.0

    def clear(self) -> None:
        self._strokes.clear()
        self.ink_length = 0.0
        self.update()
        self.changed.emit()

    @property
    def is_signed(self) -> bool:
        return self.ink_length >= self.MIN_INK_PX

    def add_stroke(self, points: list[QPointF]) -> None:
        """A whole stroke at once (the screenshot and test drivers' finger)."""
        self._strokes.append([])
        for point in points:
            self._extend(point)
        self.changed.emit()

    def _extend(self, point: QPointF) -> None:
        stroke = self._strokes[-1]
        if stroke:
            delta = point - stroke[-1]
            self.ink_length += (delta.x() ** 2 + delta.y() ** 2) ** 0.5
        stroke.append(point)
        self.update()

    def mousePressEvent(self, event) -> None:
        self._strokes.append([])
        self._extend(event.position())

    def mouseMoveEvent(self, event) -> None:
        if self._strokes:
            self._extend(event.position())

    def mouseReleaseEvent(self, event) -> None:
        self.changed.emit()

    def _paint_strokes(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(theme.INK), 6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                            Qt.PenJoinStyle.RoundJoin))
        for stroke in self._strokes:
            if len(stroke) == 1:
                painter.drawPoint(stroke[0])
            elif stroke:
                path = QPainterPath(stroke[0])
                for point in stroke[1:]:
                    path.lineTo(point)
                painter.drawPath(path)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(theme.PAD_PAPER))
        painter.setPen(QPen(QColor(theme.PAD_LINE), 3, Qt.PenStyle.DashLine))
        baseline = self.height() * 0.75
        painter.drawLine(QPointF(40, baseline), QPointF(self.width() - 40, baseline))
        painter.drawRect(self.rect().adjusted(1, 1, -2, -2))
        self._paint_strokes(painter)

    def png(self) -> bytes:
        """The strokes alone, black on white, as PNG bytes."""
        image = QImage(self.size(), QImage.Format.Format_Grayscale8)
        image.fill(QColor("white"))
        painter = QPainter(image)
        self._paint_strokes(painter)
        painter.end()
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        return bytes(buffer.data())


class CameraView(QWidget):
    """The live preview, mirrored like a mirror, with an oval the face should fill and a countdown."""

    def __init__(self) -> None:
        super().__init__()
        self.setMinimumSize(320, 240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._pixmap: QPixmap | None = None
        self.countdown: int | None = None
        self.good = False

    def show_frame(self, image: QImage | None) -> None:
        self._pixmap = None if image is None else QPixmap.fromImage(image.flipped(Qt.Orientation.Horizontal))
        self.update()

    def clear(self) -> None:
        self._pixmap = None
        self.countdown = None
        self.good = False
        self.update()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(theme.CAMERA_BG))
        area = QRectF(self.rect())
        if self._pixmap is not None:
            scaled = self._pixmap.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
            area = QRectF((self.width() - scaled.width()) / 2, (self.height() - scaled.height()) / 2,
                          scaled.width(), scaled.height())
            painter.drawPixmap(area.toRect(), self._pixmap)
        oval_h = area.height() * 0.7
        oval = QRectF(area.center().x() - oval_h * 0.38, area.center().y() - oval_h * 0.5, oval_h * 0.76, oval_h)
        painter.setPen(QPen(QColor(theme.FACE_GOOD if self.good else theme.PAPER), 8, Qt.PenStyle.DashLine))
        painter.drawEllipse(oval)
        if self.countdown is not None:
            font = painter.font()
            font.setPixelSize(int(area.height() * 0.4))
            font.setBold(True)
            painter.setFont(font)
            painter.setPen(QColor("#ffffff"))
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, str(self.countdown))


def image_label(data: bytes, height: int) -> QPixmap:
    pixmap = QPixmap()
    pixmap.loadFromData(data)
    return pixmap.scaledToHeight(height, Qt.TransformationMode.SmoothTransformation) if not pixmap.isNull() else pixmap


def button_row(*buttons: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setSpacing(24)
    for button in buttons:
        row.addWidget(button)
    return row


def button_grid(*buttons: QWidget, columns: int = 2) -> QGridLayout:
    """Buttons in rows of `columns`: for choices whose words would make one row wider than a portrait panel
    in care mode."""
    grid = QGridLayout()
    grid.setSpacing(24)
    for index, button in enumerate(buttons):
        grid.addWidget(button, index // columns, index % columns)
    return grid
