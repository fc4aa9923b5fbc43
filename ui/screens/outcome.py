"""After the application: submitting, the result with printing, evaluation, goodbye; the problem screen;
and the lookup list (查询办件/补打执照, 服务评价)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QProgressBar

from domain import rating
from kiosk.session import EVALUATION_LEVELS, PROBLEM_TEXT, Outcome, Problem, Result
from ui.i18n import core_text
from ui.widgets import Page, TouchButton, label


class SubmittingScreen(Page):
    def __init__(self) -> None:
        super().__init__("submitting")
        bar = QProgressBar()
        bar.setRange(0, 0)   # indeterminate: the wait is the back office's, not ours to measure
        bar.setTextVisible(False)
        self.note = label("hint", center=True)
        self.body.addStretch(1)
        self.body.addWidget(bar)
        self.body.addWidget(self.note)
        self.body.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("正在提交"))
        self.prompt.setText(self.tr("您的申请已安全保存，正在等待审核结果，请稍候。"))
        self.note.setText(self.tr("请不要取走身份证。"))


class ResultScreen(Page):
    """The outcome first, in large type; then whether the papers are printed; then the details. "完成" ends
    the visit (primary); the evaluation is offered beside it."""

    evaluate_requested = Signal()
    done_requested = Signal()
    reprint_requested = Signal()

    def __init__(self) -> None:
        super().__init__("result")
        self.prompt.hide()    # the outcome leads; nothing stands above it
        self.headline = label("big", center=True)
        self.explanation = label("prompt", center=True)
        self.printing = label("prompt", center=True)
        self.detail = label("panel")
        self.take_card = label("warning", center=True)
        for widget in (self.headline, self.explanation, self.printing, self.detail, self.take_card):
            self.body.addWidget(widget)
        self.body.addStretch(1)
        self.evaluate_button = self.add_button("secondary")
        self.reprint_button = self.add_button("secondary")
        self.done_button = self.add_button()
        self.done_button.tapped.connect(self.done_requested)
        self.reprint_button.tapped.connect(self.reprint_requested)
        self.evaluate_button.tapped.connect(self.evaluate_requested)
        self.result: Result | None = None
        self.print_state = "printing"
        self.can_reprint = False
        self.retranslate()

    def enter(self, controller: Any) -> None:
        self.result = controller.session.result
        self.print_state = "printing"
        self.can_reprint = False
        self.retranslate()

    def on_reprint_available(self, available: bool) -> None:
        self.can_reprint = available
        self.retranslate()

    def on_print_state(self, state: str) -> None:
        self.print_state = state
        self.retranslate()
        self.speak.emit(self.printing.text() or self.take_card.text())

    def reset(self) -> None:
        self.result = None
        self.can_reprint = False
        self.retranslate()

    def spoken_text(self) -> str:
        return f"{self.headline.text()}。{self.explanation.text()}"

    def retranslate(self) -> None:
        r = self.result
        outcome = r.outcome if r else Outcome.QUEUED
        self.title.setText(self.tr("办理结果"))
        if outcome is Outcome.APPROVED:
            self.headline.setText(self.tr("登记成功"))
            self.explanation.setText(self.tr("恭喜您，个体工商户登记已核准。"))
            self.detail.setText(self.tr("统一社会信用代码：{0}").format(r.uscc if r else ""))
            papers = (self.tr("正在打印营业执照，请稍候…"), self.tr("营业执照已打印好，请取走。"))
        elif outcome is Outcome.MANUAL_REVIEW:
            self.headline.setText(self.tr("已受理，等待审核"))
            self.explanation.setText(self.tr("您的申请已提交，需要工作人员审核。可凭受理回执或身份证查询结果、领取执照。"))
            self.detail.setText("\n".join(core_text(message) for _, message in (r.reasons if r else ())) or
                                self.tr("审核一般在3个工作日内完成，结果将以短信通知。"))
            papers = (self.tr("正在打印受理回执，请稍候…"), self.tr("受理回执已打印好，请取走收好。"))
        elif outcome is Outcome.REJECTED:
            self.headline.setText(self.tr("未能受理"))
            self.explanation.setText(self.tr("您的申请暂不能在本机办理，请到政务服务大厅窗口咨询。"))
            self.detail.setText("\n".join(core_text(message) for _, message in (r.reasons if r else ())))
            papers = (self.tr("正在打印，请稍候…"), self.tr("打印完成，请取走打印的材料。"))
        else:
            self.headline.setText(self.tr("已保存，网络恢复后自动提交"))
            self.explanation.setText(self.tr("网络暂时中断。您的申请已安全保存在本机，网络恢复后会自动提交，无需重新办理。"))
            self.detail.setText(self.tr("可凭受理回执或身份证在任一终端查询结果。"))
            papers = (self.tr("正在打印受理回执，请稍候…"), self.tr("受理回执已打印好，请取走收好。"))
        self.printing.setText({"printing": papers[0], "printed": papers[1]}.get(self.print_state, ""))
        self.printing.setVisible(bool(self.printing.text()))
        self.detail.setVisible(bool(self.detail.text()))
        self.take_card.setText(self.tr("请取走您的身份证。"))
        self.done_button.setText(self.tr("完成"))
        self.reprint_button.setText(self.tr("重新打印（限一次）"))
        self.reprint_button.setVisible(self.can_reprint)
        self.evaluate_button.setText(self.tr("评价本次服务"))
        self.evaluate_button.setVisible(bool(r and r.registration_id))


class EvaluationScreen(Page):
    """好差评 to GB/T 39734: the overall rating (整体满意度) on the five levels, the other indicators (服务效率,
    服务水平, 服务态度) likewise, and for 不满意 / 非常不满意 the standard 差评 reasons to tick."""

    submitted = Signal(str, str, object, object)     # level, comment, {indicator: level}, [reason]
    skip_requested = Signal()

    def __init__(self) -> None:
        super().__init__("evaluation")
        self.standard = rating.standard()
        self.level_buttons = self._level_grid(self.body, lambda i: self._choose(i))
        self.indicator_labels: dict[str, QLabel] = {}
        self.indicator_buttons: dict[str, list[TouchButton]] = {}
        for name in self.standard.indicators[1:]:
            self.indicator_labels[name] = label()
            self.body.addWidget(self.indicator_labels[name])
            self.indicator_buttons[name] = self._level_grid(self.body, lambda i, n=name: self._rate(n, i))
        self.reasons_label = label()
        self.reason_buttons: dict[str, TouchButton] = {}
        reasons = QGridLayout()   # two columns, as the levels
        reasons.setSpacing(16)
        for index, reason in enumerate(sorted(self.standard.all_reasons, key=self._reason_order)):
            button = TouchButton("choice", checkable=True)
            button.tapped.connect(lambda r=reason: self._tick(r))
            reasons.addWidget(button, index // 2, index % 2)
            self.reason_buttons[reason] = button
        self.comment_label = label()
        self.comment = QLineEdit()
        self.comment.setMaxLength(200)
        self.comment.setInputMethodHints(Qt.InputMethodHint.ImhSensitiveData)
        self.body.addWidget(self.reasons_label)
        self.body.addLayout(reasons)
        self.body.addWidget(self.comment_label)
        self.body.addWidget(self.comment)
        self.body.addStretch(1)
        self.skip_button = self.add_button("secondary")
        self.submit_button = self.add_button()
        self.skip_button.tapped.connect(self.skip_requested)
        self.submit_button.tapped.connect(self._submit)
        self.reset()

    def _reason_order(self, reason: str) -> tuple[int, int]:
        """Grouped by indicator, in the standard's order."""
        for group, name in enumerate(self.standard.indicators):
            if reason in self.standard.reasons.get(name, ()):
                return group, self.standard.reasons[name].index(reason)
        return len(self.standard.indicators), 0

    @staticmethod
    def _level_grid(body: Any, chosen: Any) -> list[TouchButton]:
        buttons = [TouchButton("choice", checkable=True) for _ in EVALUATION_LEVELS]
        grid = QGridLayout()   # two columns: five long labels never fit side by side on a portrait panel
        grid.setSpacing(16)
        for index, button in enumerate(buttons):
            button.tapped.connect(lambda i=index: chosen(i))
            grid.addWidget(button, index // 2, index % 2)
        body.addLayout(grid)
        return buttons

    def _choose(self, index: int) -> None:
        self.level = index
        if EVALUATION_LEVELS[index] not in self.standard.bad_levels:
            self.reasons.clear()   # reasons go only with a 差评
        self.retranslate()

    def _rate(self, indicator: str, index: int) -> None:
        self.ratings[indicator] = EVALUATION_LEVELS[index]
        self.retranslate()

    def _tick(self, reason: str) -> None:
        self.reasons.symmetric_difference_update({reason})
        self.retranslate()

    def _bad(self) -> bool:
        return self.level is not None and EVALUATION_LEVELS[self.level] in self.standard.bad_levels

    def _submit(self) -> None:
        if self.level is not None:
            self.submitted.emit(EVALUATION_LEVELS[self.level], self.comment.text(), dict(self.ratings),
                                sorted(self.reasons, key=self._reason_order))

    def reset(self) -> None:
        self.level: int | None = None
        self.ratings: dict[str, str] = {}
        self.reasons: set[str] = set()
        self.comment.clear()
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("服务评价"))
        self.prompt.setText(self.tr("请对本次服务作出评价。"))
        for index, button in enumerate(self.level_buttons):
            button.setText(core_text(EVALUATION_LEVELS[index]))
            button.setChecked(index == self.level)
        for name, buttons in self.indicator_buttons.items():
            self.indicator_labels[name].setText(core_text(name) + self.tr("（可不评）"))
            for index, button in enumerate(buttons):
                button.setText(core_text(EVALUATION_LEVELS[index]))
                button.setChecked(self.ratings.get(name) == EVALUATION_LEVELS[index])
        bad = self._bad()
        self.reasons_label.setText(self.tr("请选择不满意的原因（可多选）"))
        self.reasons_label.setVisible(bad)
        for reason, button in self.reason_buttons.items():
            button.setText(core_text(reason))
            button.setChecked(reason in self.reasons)
            button.setVisible(bad)
        self.comment_label.setText(self.tr("意见或建议（可不填）"))
        self.skip_button.setText(self.tr("跳过"))
        self.submit_button.setText(self.tr("提交评价"))
        self.submit_button.setEnabled(self.level is not None)


class GoodbyeScreen(Page):
    home_requested = Signal()

    def __init__(self) -> None:
        super().__init__("goodbye")
        self.reminder = label("big", center=True)
        self.body.addStretch(1)
        self.body.addWidget(self.reminder)
        self.body.addStretch(1)
        self.home_button = self.add_button()
        self.home_button.tapped.connect(self.home_requested)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("办理结束"))
        self.prompt.setText(self.tr("请取走您的身份证和打印的材料。感谢您的使用，再见！"))
        self.reminder.setText(self.tr("请取走身份证"))
        self.home_button.setText(self.tr("返回首页"))


class ProblemScreen(Page):
    home_requested = Signal()
    evaluate_requested = Signal()
    done_requested = Signal()
    retry_requested = Signal()     # 重试 in place: an unreadable card, a face capture that did not succeed

    def __init__(self) -> None:
        super().__init__("problem")
        self.explanation = label("prompt")
        self.detail = label("hint")
        self.body.addStretch(1)
        self.body.addWidget(self.explanation)
        self.body.addWidget(self.detail)
        self.body.addStretch(1)
        self.home_button = self.add_button("secondary")
        self.evaluate_button = self.add_button("secondary")
        self.done_button = self.add_button()
        self.retry_button = self.add_button()
        self.home_button.tapped.connect(self.home_requested)
        self.evaluate_button.tapped.connect(self.evaluate_requested)
        self.done_button.tapped.connect(self.done_requested)
        self.retry_button.tapped.connect(self.retry_requested)
        self.problem: Problem | None = None
        self.detail_zh = ""
        self.after_submission = False
        self.can_retry = False
        self.retranslate()

    def enter(self, controller: Any) -> None:
        self.problem = controller.session.problem
        self.detail_zh = controller.problem_detail
        self.after_submission = controller.session.result is not None
        self.can_retry = controller.session.can_retry
        self.retranslate()

    def reset(self) -> None:
        self.problem, self.detail_zh, self.after_submission, self.can_retry = None, "", False, False
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("遇到问题"))
        self.prompt.setText(self.tr("请看下面的说明。"))
        self.explanation.setText(core_text(PROBLEM_TEXT[self.problem]) if self.problem else "")
        self.detail.setText(core_text(self.detail_zh) if self.detail_zh else "")
        self.home_button.setText(self.tr("返回首页"))
        self.evaluate_button.setText(self.tr("评价本次服务"))
        self.done_button.setText(self.tr("完成"))
        self.retry_button.setText(self.tr("重试"))
        self.retry_button.setVisible(self.can_retry)
        # After submission the case is safe: finish the visit normally; before it, only home makes sense.
        self.home_button.setVisible(not self.after_submission)
        self.evaluate_button.setVisible(self.after_submission)
        self.done_button.setVisible(self.after_submission)

    def spoken_text(self) -> str:
        return self.explanation.text()


class LookupScreen(Page):
    chosen = Signal(object)     # a kiosk.session.Result
    home_requested = Signal()

    def __init__(self) -> None:
        super().__init__("lookup")
        self.records = QListWidget()
        self.records.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.records.itemClicked.connect(lambda item: self.chosen.emit(self._records[self.records.row(item)]))
        self.status = label("hint", center=True)
        self.body.addWidget(self.status)
        self.body.addWidget(self.records, 1)
        self.home_button = self.add_button("secondary")
        self.home_button.tapped.connect(self.home_requested)
        self._records: list[Result] | None = None
        self.retranslate()

    def enter(self, controller: Any) -> None:
        self._records = None
        self.retranslate()

    def on_records(self, records: list[Result]) -> None:
        self._records = records
        self.retranslate()
        self.speak.emit(self.status.text())

    def reset(self) -> None:
        self._records = None
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("查询办件 / 补打执照"))
        self.prompt.setText(self.tr("点选一件办件，可查看结果、补打执照或回执，或进行评价。"))
        status = {Outcome.APPROVED: self.tr("已核准（可补打营业执照）"), Outcome.MANUAL_REVIEW: self.tr("审核中"),
                  Outcome.REJECTED: self.tr("未能受理"), Outcome.QUEUED: self.tr("待网络恢复后提交")}
        self.records.clear()
        if self._records is None:
            self.status.setText(self.tr("正在查询，请稍候…"))
        elif not self._records:
            self.status.setText(self.tr("本机没有查到您的办件记录。"))
        else:
            self.status.setText(self.tr("共 {0} 件").format(len(self._records)))
        for record in self._records or ():
            # What the resident recognises: the shop's name, the day, and where the case stands.
            parts = (record.business_name or self.tr("个体工商户设立登记"), record.submitted_on, status[record.outcome])
            self.records.addItem(QListWidgetItem(" · ".join(part for part in parts if part)))
        self.home_button.setText(self.tr("返回首页"))

