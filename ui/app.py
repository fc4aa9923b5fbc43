"""Qt application start-up and wiring: fonts, style, keyboard, voice, idle watch, the window with one view per
screen, and the controller. Views only emit signals; the controller owns the session and the devices."""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from domain import divisions, local_words
from kiosk import sdnotify
from kiosk.handwriting import HandwritingError, Recognizer
from kiosk.handwriting.zinnia import ZinniaRecognizer
from kiosk.session import Purpose, Screen
from kiosk.technician import TechnicianAccess
from kiosk.terminal import Terminal
from ui import theme
from ui.controller import KioskController
from ui.i18n import Language
from ui.idle import IdleWatch
from ui.keyboard import KeyboardPanel, prepare_environment
from ui.main_window import KioskWindow
from ui.screens.application import ApplicationScreen
from ui.screens.consent import ConsentScreen
from ui.screens.home import HomeScreen
from ui.screens.identity import FaceScreen
from ui.screens.outcome import (
    EvaluationScreen,
    GoodbyeScreen,
    LookupScreen,
    ProblemScreen,
    ResultScreen,
    SubmittingScreen,
)
from ui.screens.qr import CardOrCodeScreen, PickupScreen, ScanScreen, show_prefill
from ui.screens.review import ReviewScreen, SignScreen
from ui.technician import TechnicianMode
from ui.voice import Voice

log = logging.getLogger(__name__)

# Screens where the idle countdown does not run: nothing to wipe, or an answer is on its way.
_NOT_IDLE = {Screen.HOME, Screen.SUBMITTING}
_keyboard_data: Path | None = None


def create_application() -> QApplication:
    global _keyboard_data
    app = QApplication.instance()
    if app is None:
        _keyboard_data = prepare_environment()   # the input-method plugin is chosen when the app is made
        app = QApplication(["kiosk"])
    # A touch is handled as a touch or as a click, never both (one touch fires one action).
    app.setAttribute(Qt.ApplicationAttribute.AA_SynthesizeMouseForUnhandledTouchEvents, True)
    app.setAttribute(Qt.ApplicationAttribute.AA_SynthesizeTouchForUnhandledMouseEvents, False)
    app.setFont(theme.load_fonts())
    app.setStyleSheet(theme.STYLE_SHEET)
    return app


@dataclass
class Kiosk:
    """Everything build_window made; tests and the screenshot command drive it through these."""

    window: KioskWindow
    controller: KioskController
    idle: IdleWatch
    voice: Voice
    language: Language
    keyboard: KeyboardPanel
    technician: TechnicianMode

    def close(self) -> None:
        """Stop the devices and timers and let the window go (tests and screenshots open several in turn)."""
        self.technician.shutdown()
        self.controller.shutdown()
        self.idle.set_armed(False)
        QApplication.instance().removeEventFilter(self.idle)
        self.window.close()
        self.window.deleteLater()


@functools.cache   # one per process: the models are 50 MB, mapped once
def _handwriting_recognizer() -> Recognizer | None:
    try:
        return ZinniaRecognizer()
    except HandwritingError as e:   # the pad is hidden; Pinyin still works
        log.warning("handwriting input unavailable: %s", e)
        return None


def build_window(terminal: Terminal, *, idle_timeout_ms: int | None = None, idle_countdown_s: int | None = None,
                 **controller_options: Any) -> Kiosk:
    config = terminal.config
    controller = KioskController(terminal, **controller_options)
    keyboard = KeyboardPanel(_keyboard_data, _handwriting_recognizer(), local_words.suggestions(config.division_code))
    window = KioskWindow(keyboard)
    voice = Voice(config.voice_engine, config.voice_pack)
    language = Language()
    idle = IdleWatch(idle_timeout_ms or config.idle_timeout_s * 1000, idle_countdown_s or config.idle_countdown_s)
    QApplication.instance().installEventFilter(idle)

    home = HomeScreen(divisions.full_name(config.division_code), config.terminal_id)
    consent = ConsentScreen()
    place_card = CardOrCodeScreen()
    face = FaceScreen()
    form = ApplicationScreen(config.division_code, config.streets)
    review = ReviewScreen()
    sign = SignScreen()
    submitting = SubmittingScreen()
    result = ResultScreen()
    evaluation = EvaluationScreen()
    goodbye = GoodbyeScreen()
    problem = ProblemScreen()
    lookup = LookupScreen()
    scan = ScanScreen()
    pickup = PickupScreen()
    for screen, view in ((Screen.HOME, home), (Screen.CONSENT, consent), (Screen.PLACE_CARD, place_card),
                         (Screen.FACE, face), (Screen.APPLICATION, form), (Screen.REVIEW, review),
                         (Screen.SIGN, sign), (Screen.SUBMITTING, submitting), (Screen.RESULT, result),
                         (Screen.EVALUATION, evaluation), (Screen.GOODBYE, goodbye), (Screen.PROBLEM, problem),
                         (Screen.LOOKUP, lookup), (Screen.SCAN, scan), (Screen.PICKUP, pickup)):
        window.add_view(screen, view)
        view.speak.connect(voice.say)

    c = controller
    home.register_requested.connect(c.start_registration)
    home.lookup_requested.connect(lambda: c.start_lookup(Purpose.LOOKUP))
    home.evaluate_requested.connect(lambda: c.start_lookup(Purpose.EVALUATE))
    consent.answered.connect(c.consent)
    for cancel in (place_card.cancel_requested, face.cancel_requested, form.cancel_requested,
                   goodbye.home_requested, problem.home_requested, lookup.home_requested,
                   scan.cancel_requested, pickup.home_requested):
        cancel.connect(c.go_home)
    face.retake_requested.connect(c.start_face)
    face.accept_requested.connect(c.accept_face)
    c.face_countdown.connect(face.on_countdown)
    c.face_frame.connect(face.on_frame)
    c.face_prompt.connect(face.on_prompt)
    c.face_photo.connect(face.on_photo)
    c.face_retry.connect(face.on_retry)
    form.fields_entered.connect(lambda fields: c.fill(**fields))
    form.review_requested.connect(c.to_review)
    def edit_step(step: str) -> None:
        c.back_to_form()
        form.show_step(step)
    review.edit_requested.connect(edit_step)
    review.confirm_requested.connect(c.to_sign)
    sign.back_requested.connect(c.back_to_form)
    sign.submit_requested.connect(c.submit)
    c.submit_failed.connect(sign.submit_failed)
    c.print_state.connect(result.on_print_state)
    result.evaluate_requested.connect(c.to_evaluation)
    result.done_requested.connect(c.finish)
    problem.evaluate_requested.connect(c.to_evaluation)
    problem.done_requested.connect(c.finish)
    problem.retry_requested.connect(c.retry)
    evaluation.submitted.connect(c.evaluate)
    evaluation.skip_requested.connect(c.finish)
    lookup.chosen.connect(c.choose)
    c.records_changed.connect(lambda: lookup.on_records(c.session.records))
    home.scan_requested.connect(c.start_scan)
    place_card.scan_requested.connect(c.start_scan)
    c.scan_frame.connect(scan.on_frame)
    c.scan_notice.connect(scan.on_notice)
    c.pickup_changed.connect(lambda state: pickup.on_state(state, c.session.pickup))
    c.pickup_frame.connect(pickup.on_frame)
    c.pickup_prompt.connect(pickup.on_prompt)
    result.reprint_requested.connect(c.reprint)
    c.reprint_available.connect(result.on_reprint_available)
    c.screen_changed.connect(lambda name: show_prefill(form, c.session.draft)
                             if name == Screen.APPLICATION.value and c.session.draft.prefilled else None)

    def wiped() -> None:
        for view in window.views.values():
            view.reset()
        keyboard.wipe()
        QGuiApplication.inputMethod().reset()
    c.wiped.connect(wiped)

    def set_care(on: bool) -> None:
        """关怀模式: larger text and targets (the theme at CARE_SCALE), slower speech; for this visit only."""
        window.care_button.setChecked(on)
        QApplication.instance().setStyleSheet(theme.style_sheet(theme.CARE_SCALE if on else 1.0))
        voice.set_slow(on)
    window.care_toggled.connect(set_care)

    def show(name: str) -> None:
        screen = Screen(name)
        if screen is Screen.HOME and window.care_button.isChecked():
            set_care(False)   # the next resident starts in the normal mode
        view = window.views[screen]
        view.enter(controller)
        window.show_screen(screen)
        QGuiApplication.inputMethod().hide()
        idle.set_armed(screen not in _NOT_IDLE)
        voice.say(view.spoken_text())
    c.screen_changed.connect(show)

    idle.countdown.connect(window.idle_overlay.show_seconds)
    idle.countdown.connect(lambda left: voice.say(window.idle_overlay.message.text()) if left == idle.countdown_s
                           else None)
    idle.expired.connect(c.go_home)
    window.idle_overlay.carry_on.connect(idle.poke)

    def card_away(left: int) -> None:
        overlay = window.card_overlay
        if left <= 0:
            overlay.hide()
            return
        overlay.present(overlay.tr("请把身份证放回读卡区"),
                        overlay.tr("{0} 秒内放回同一张身份证，可以继续办理，已填写的信息都会保留。").format(left),
                        figure=str(left))
        if left == config.card_grace_s:
            voice.say(overlay.message.text())
    c.card_away.connect(card_away)
    c.card_presence.connect(home.on_card)

    def staff_call(state: str) -> None:
        overlay = window.staff_overlay
        if state == "calling":
            overlay.present(overlay.tr("正在呼叫工作人员…"), overlay.tr("请稍候。"))
        elif state == "coming":
            overlay.present(overlay.tr("工作人员马上就到"), overlay.tr("请在这里稍候，已填写的信息都会保留。"),
                            overlay.tr("好的"))
        else:
            overlay.present(overlay.tr("呼叫没有送达"), overlay.tr("请向大厅里的工作人员招手，或到服务台寻求帮助。"),
                            overlay.tr("好的"))
        voice.say(overlay.message.text())
    window.call_staff_requested.connect(c.call_staff)
    c.staff_call.connect(staff_call)
    window.staff_overlay.acted.connect(window.staff_overlay.hide)
    window.corner.long_pressed.connect(c.technician_requested)
    technician = TechnicianMode(window, controller, TechnicianAccess.for_config(config))
    c.technician_requested.connect(technician.request)

    def set_language(name: str) -> None:
        keyboard.set_language(name)
        voice.set_language(name)
    window.language_requested.connect(language.toggle)
    window.language_button.setVisible(language.available("en"))   # shown once the English file is shipped
    language.changed.connect(set_language)
    if config.language != "zh_CN":
        language.set(config.language)

    def mute(muted: bool) -> None:
        voice.set_muted(muted)
        window.retranslate()
    window.mute_toggled.connect(mute)

    window.show_screen(controller.screen)
    return Kiosk(window, controller, idle, voice, language, keyboard, technician)


def run_app(terminal: Terminal, *, full_screen: bool = True, screenshot: Path | None = None,
            quit_after_s: float | None = None) -> int:
    """Show the kiosk and run the event loop; optionally save a screenshot of the first screen and quit."""
    app = create_application()
    QGuiApplication.setOverrideCursor(Qt.CursorShape.BlankCursor)
    kiosk = build_window(terminal)
    window = kiosk.window
    if full_screen:
        # Without a window manager (cage aside, e.g. Xvfb) nobody honours the full-screen hint: size it ourselves.
        # The window is the screen, exactly, and follows it when the panel is rotated.
        screen = app.primaryScreen()
        window.fit_to(screen.geometry())
        screen.geometryChanged.connect(window.fit_to)
        window.showFullScreen()
    else:
        window.fit_to(QRect(0, 0, 1920, 1080))
        window.show()
    # systemd (Type=notify, WatchdogSec): pinged from the UI thread, so a frozen event loop gets restarted.
    sdnotify.ready("home screen shown")
    interval = sdnotify.watchdog_interval_s()
    if interval:
        watchdog = QTimer(app)
        watchdog.timeout.connect(sdnotify.ping)
        watchdog.start(int(interval * 1000))

    def announce() -> None:
        print(f"screen: {window.current_view.objectName()}", flush=True)
        if screenshot is not None:
            window.grab().save(str(screenshot))
    QTimer.singleShot(300, announce)
    if quit_after_s is not None:
        QTimer.singleShot(int(quit_after_s * 1000), app.quit)
    try:
        return app.exec()
    finally:
        sdnotify.stopping()
        kiosk.technician.shutdown()
        kiosk.controller.shutdown()
        window.close()
        # Release the display connection now, while the display (possibly our own Xvfb) still exists.
        app.shutdown()
