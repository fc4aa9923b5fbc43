"""Home: what the terminal offers, in three large buttons."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal

from ui.widgets import Page, TouchButton, label


class HomeScreen(Page):
    register_requested = Signal()
    lookup_requested = Signal()
    evaluate_requested = Signal()
    scan_requested = Signal()       # 扫码填表: a pre-filled application (or a receipt) held to the camera

    def __init__(self, jurisdiction: str, terminal_id: str) -> None:
        super().__init__("home")
        self._jurisdiction, self._terminal_id = jurisdiction, terminal_id
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.register_button = TouchButton()
        self.lookup_button = TouchButton("secondary")
        self.evaluate_button = TouchButton("secondary")
        self.scan_button = TouchButton("secondary")
        self.register_button.setObjectName("hero")   # taller, from the theme
        self.register_button.tapped.connect(self.register_requested)
        self.lookup_button.tapped.connect(self.lookup_requested)
        self.evaluate_button.tapped.connect(self.evaluate_requested)
        self.scan_button.tapped.connect(self.scan_requested)
        self.footer = label("subtitle", center=True)
        self.take_card = label("big", center=True)   # a card left on the reader by the last visit
        self.card_left = False
        self.body.addWidget(self.take_card)
        self.body.addStretch(1)
        self.body.addWidget(self.register_button)
        row = self.responsive_row()
        row.addWidget(self.lookup_button)
        row.addWidget(self.scan_button)
        row.addWidget(self.evaluate_button)
        self.body.addLayout(row)
        self.body.addStretch(2)
        self.body.addWidget(self.footer)
        self.retranslate()

    def enter(self, controller) -> None:
        self.card_left = controller.card_on_reader
        self.retranslate()

    def on_card(self, present: bool) -> None:
        self.card_left = present
        self.retranslate()

    def retranslate(self) -> None:
        self.take_card.setText(self.tr("请取走身份证"))
        self.take_card.setVisible(self.card_left)
        self.title.setText(self.tr("个体工商户设立登记"))
        self.prompt.setText(self.tr("自助办理 · 约十分钟 · 当场领取营业执照"))
        self.register_button.setText(self.tr("开始办理 个体工商户设立登记"))
        self.lookup_button.setText(self.tr("查询办件 / 补打执照"))
        self.evaluate_button.setText(self.tr("服务评价"))
        self.scan_button.setText(self.tr("扫码填表"))
        self.footer.setText(self.tr("{0}市场监督管理局 · 终端 {1}").format(self._jurisdiction, self._terminal_id))

    def spoken_text(self) -> str:
        if self.card_left:   # the visit ended (finished, timed out) with the card still on the reader
            return self.tr("请取走您的身份证。")
        return self.tr("您好，请点击屏幕开始办理。")
