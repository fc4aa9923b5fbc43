"""Home: what the terminal offers, in three large buttons."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


class HomeScreen(QWidget):
    register_requested = Signal()
    lookup_requested = Signal()
    evaluate_requested = Signal()

    def __init__(self, jurisdiction: str, terminal_id: str) -> None:
        super().__init__()
        self.setObjectName("home")
        title = QLabel("个体工商户设立登记")
        title.setObjectName("title")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        subtitle = QLabel("自助办理 · 约十分钟 · 当场领取营业执照")
        subtitle.setObjectName("subtitle")
        subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.register_button = QPushButton("开始办理 个体工商户设立登记")
        self.lookup_button = QPushButton("查询办件 / 补打执照")
        self.evaluate_button = QPushButton("服务评价")
        for button in (self.lookup_button, self.evaluate_button):
            button.setProperty("role", "secondary")
        self.register_button.clicked.connect(self.register_requested)
        self.lookup_button.clicked.connect(self.lookup_requested)
        self.evaluate_button.clicked.connect(self.evaluate_requested)

        footer = QLabel(f"{jurisdiction}市场监督管理局 · 终端 {terminal_id}")
        footer.setObjectName("subtitle")
        footer.setAlignment(Qt.AlignmentFlag.AlignCenter)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(96, 96, 96, 64)
        layout.setSpacing(40)
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addStretch(1)
        for button in (self.register_button, self.lookup_button, self.evaluate_button):
            layout.addWidget(button)
        layout.addStretch(2)
        layout.addWidget(footer)
