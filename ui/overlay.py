"""A message over the whole window, in a white box: the idle countdown, the request to put the card back, the
call for staff. The box is as wide as the window allows and as tall as its wrapped text needs, so nothing in
it is ever clipped (the idle countdown's seconds once were)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ui.widgets import TouchButton, label

MAX_BOX_WIDTH = 1400


class Overlay(QWidget):
    acted = Signal()   # the box's button was tapped

    def __init__(self, parent: QWidget, name: str) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet(f"QWidget#{name} {{ background: rgba(0, 0, 0, 170); }}")
        self.box = QWidget(self)
        self.box.setObjectName("overlaybox")
        self.box.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.box.setStyleSheet("QWidget#overlaybox { background: white; border-radius: 24px; }")
        self.message = label("title", center=True)
        self.figure = label("big", center=True)    # the seconds left, when there is a countdown
        self.detail = label("prompt", center=True)
        self.button = TouchButton()
        self.button.tapped.connect(self.acted)
        inner = QVBoxLayout(self.box)
        inner.setContentsMargins(64, 48, 64, 48)
        inner.setSpacing(32)
        for widget in (self.message, self.figure, self.detail, self.button):
            inner.addWidget(widget)
        parent.installEventFilter(self)
        self.hide()

    def present(self, message: str, detail: str, button: str = "", figure: str = "") -> None:
        self.message.setText(message)
        self.figure.setText(figure)
        self.figure.setVisible(bool(figure))
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self.button.setText(button)
        self.button.setVisible(bool(button))
        self._place()
        self.show()
        self.raise_()

    def _place(self) -> None:
        parent = self.parentWidget()
        self.setGeometry(parent.rect())
        width = min(parent.width() - 2 * 48, MAX_BOX_WIDTH)
        self.box.setFixedWidth(width)
        height = min(self.box.layout().totalHeightForWidth(width), parent.height() - 2 * 24)
        self.box.setFixedHeight(height)
        self.box.move((parent.width() - width) // 2, (parent.height() - height) // 2)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.StyleChange) and self.isVisible():
            self._place()
        return False

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.StyleChange and self.isVisible():
            self._place()
