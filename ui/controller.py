"""The one object the window talks to (Mu's pattern): it owns the session, runs every device and network call
off the UI thread, and reports back through Qt signals, so the core stays plain Python and the widgets never
call devices or the network.

What is said to the back office and how its answers read is kiosk.services' business (the burn-in uses the same
services); this only schedules those calls and turns their results into signals.

Threads: the card reader and the face capture have their own; submission, printing, lookup and evaluation run
on a small pool. Their results come back to the UI thread through `_posted` (a queued signal) and are dropped
if the visit they belong to has ended meanwhile (`_visit` changes on every wipe).
"""

from __future__ import annotations

import dataclasses
import logging
import random
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QImage

from devices.camera.base import Camera, CameraError
from devices.idcard.base import ReaderError
from domain.card import IdCard
from kiosk.face.pipeline import FaceResult
from kiosk.memory import release_free_memory
from kiosk.services.cases import PickupCase, PickupRefused
from kiosk.session import InvalidStep, Outcome, Problem, Purpose, Result, Screen, Session
from kiosk.terminal import Terminal

log = logging.getLogger(__name__)

FACE_COUNTDOWN_S = 3
FACE_ATTEMPTS = 3          # failed captures before the resident is sent to the counter
FACE_MAX_FRAMES = 450      # ~15 s at 30 fps per attempt
GOODBYE_S = 8


class KioskController(QObject):
    # Emitted from whichever thread moved the session; Qt queues it to the window's thread.
    screen_changed = Signal(str)
    face_countdown = Signal(int)          # 3, 2, 1, then 0 when the camera starts
    face_frame = Signal(QImage)           # live preview (already downscaled)
    face_prompt = Signal(str)             # a kiosk.face guidance or challenge code, "" for none
    face_photo = Signal(bytes)            # the captured photo, for the resident to accept or retake
    face_retry = Signal(str)              # capture did not succeed; the code most often prompted ("" if none)
    submit_failed = Signal(str)           # the application could not be saved (message_zh)
    print_state = Signal(str)             # "printing", "printed", "nothing"
    records_changed = Signal()            # LOOKUP: the resident's records arrived
    wiped = Signal()                      # the visit ended: views drop what they show
    technician_requested = Signal()       # hidden corner gesture; technician mode is wired elsewhere
    card_seen = Signal(str)               # the CardType of every card read, nothing personal (technician test read)
    reader_fault = Signal(str)            # every reader fault reported, in English (technician test read)
    scan_frame = Signal(QImage)           # SCAN: live preview
    scan_notice = Signal(str)             # SCAN: why a code was not accepted: "unknown", "invalid", "other_district"
    pickup_changed = Signal(str)          # PICKUP: "looking", "found", "not_found", "elsewhere", "offline",
                                          # "face", "face_failed", "camera_failed", "checking", "mismatch",
                                          # "throttled", "face_mismatch", "face_unsure"
    pickup_frame = Signal(QImage)         # PICKUP: live preview while the collector's face is taken
    pickup_prompt = Signal(str)           # PICKUP: a kiosk.face guidance or challenge code, "" for none
    reprint_available = Signal(bool)      # RESULT: after a print, whether the one reprint of the visit is left
    card_away = Signal(int)               # the card was lifted mid-form: seconds left to put it back; 0: over
    card_presence = Signal(bool)          # a card lies on the reader (home reminds to take it)
    staff_call = Signal(str)              # 呼叫工作人员: "calling", "coming", "failed"
    _posted = Signal(object)              # a callable to run on the UI thread

    def __init__(self, terminal: Terminal, *, open_camera: Callable[[], Camera] | None = None,
                 rng: random.Random | None = None, start_reader: bool = True,
                 face_countdown_s: int = FACE_COUNTDOWN_S, open_scanner: Callable[[], Camera] | None = None) -> None:
        super().__init__()
        self._terminal = terminal
        self._config = terminal.config
        self._open_camera = open_camera or terminal.open_camera
        self._open_scanner = open_scanner or self._open_camera   # the same camera unless a kiosk has a QR reader
        self._rng = rng or random.Random()
        self._face_countdown_s = face_countdown_s
        self._visit = 0
        self._io = ThreadPoolExecutor(max_workers=2, thread_name_prefix="kiosk-io")
        self._posted.connect(lambda fn: fn())
        self.session: Session = terminal.new_session(on_change=lambda s: self.screen_changed.emit(s.value))
        self.screen_changed.connect(self._entered)
        self.problem_detail = ""          # the device's own message_zh for the PROBLEM screen, if any
        self.card_on_reader = False       # no card data is kept outside the session, only this flag
        self.submitting = False
        self._face_worker: Any = None
        self._face_result: FaceResult | None = None
        self._face_attempts = 0
        self._countdown = QTimer(self, interval=1000, timeout=self._tick_countdown)
        self._countdown_left = 0
        self._goodbye = QTimer(self, singleShot=True, interval=GOODBYE_S * 1000, timeout=self.go_home)
        self._paperwork: Any = None
        self._reader: Any = None
        self._qr_worker: Any = None
        self._pickup_token = ""           # PICKUP: the back office's receipt token of the scanned case
        self._claiming = False
        self._card_grace = QTimer(self, interval=1000, timeout=self._tick_card_grace)
        self._card_grace_left = 0
        self._calling_staff = False
        if start_reader:
            self._start_reader()

    @property
    def terminal(self) -> Terminal:
        return self._terminal

    @property
    def camera_factory(self) -> Callable[[], Camera]:
        return self._open_camera

    @property
    def screen(self) -> Screen:
        return self.session.screen

    @property
    def jurisdiction_code(self) -> str:
        return self._config.division_code

    # --- plumbing ----------------------------------------------------------------------------------------

    def _post(self, fn: Callable[[], None]) -> None:
        """Run fn on the UI thread (from any thread)."""
        self._posted.emit(fn)

    def _for_this_visit(self, fn: Callable[..., None]) -> Callable[..., None]:
        """Wrap a worker callback so it runs on the UI thread and only if the visit is still the same."""
        visit = self._visit

        def deliver(*args: Any) -> None:
            self._post(lambda: fn(*args) if visit == self._visit else None)
        return deliver

    def _in_background(self, work: Callable[[], Any], done: Callable[[Any], None],
                       failed: Callable[[Exception], None], *, this_visit_only: bool = True) -> None:
        """Run work on the I/O pool; done(value) or failed(exc) then runs on the UI thread."""
        visit = self._visit

        def deliver(fn: Callable[[Any], None], arg: Any) -> None:
            self._post(lambda: fn(arg) if not this_visit_only or visit == self._visit else None)

        def run() -> None:
            try:
                value = work()
            except Exception as exc:  # reported to the UI thread, which decides what the resident sees
                deliver(failed, exc)
            else:
                deliver(done, value)
        self._io.submit(run)

    def shutdown(self) -> None:
        self._visit += 1   # late answers from the pool belong to no visit any more
        self._goodbye.stop()
        self._card_grace.stop()
        self._stop_face()
        self._stop_scan()
        if self._reader is not None:
            self._reader.stop()
        self._io.shutdown(wait=True, cancel_futures=True)

    def _entered(self, name: str) -> None:
        screen = Screen(name)
        if screen is Screen.FACE:
            self._face_attempts = 0
            self.start_face()
        else:
            self._stop_face()
        if screen is Screen.SCAN:
            self._start_scan()
        else:
            self._stop_scan()
        if self._card_grace.isActive() and not self.session.card_away:
            self._stop_card_grace()   # the visit ended some other way while the card was away
        if screen is Screen.PROBLEM and self.session.result is None:
            self.wiped.emit()   # the session dropped the resident's data; the views drop what they show
        if screen is Screen.RESULT:
            self._print_result()
        elif screen is Screen.LOOKUP and not self.session.records:
            self._look_up()
        if screen is Screen.GOODBYE:
            self._goodbye.start()
        else:
            self._goodbye.stop()

    # --- home, consent, end of visit -----------------------------------------------------------------------

    def start_registration(self) -> None:
        if self.session.screen is Screen.HOME:
            self.session.start()

    def start_lookup(self, purpose: Purpose = Purpose.LOOKUP) -> None:
        if self.session.screen is Screen.HOME:
            self.session.start_lookup(purpose)

    def consent(self, personal_data: bool, face_photo: bool) -> None:
        if self.session.screen is Screen.CONSENT:
            self.session.consent(personal_data=personal_data, face_photo=face_photo)
            if self.session.screen is Screen.HOME:
                self._end_visit()

    def go_home(self) -> None:
        """End the visit (cancel, goodbye, idle): every trace of it leaves memory and the home screen returns."""
        if self.submitting:
            return  # the answer is on its way; the submitting screen moves on by itself
        self.session.wipe()
        self._end_visit()

    def _end_visit(self) -> None:
        self._visit += 1
        self._stop_face()
        self._stop_card_grace()
        self._countdown.stop()
        self._face_result = None
        self._face_attempts = 0
        self.problem_detail = ""
        self._pickup_token = ""
        self._claiming = False
        self.wiped.emit()
        # What the visit freed goes back to the system (kiosk.memory), off the UI thread.
        self._io.submit(release_free_memory)

    def retry(self) -> None:
        """重试 on the card-unreadable or face-failed screen: back to that step, the visit kept."""
        if self.session.can_retry:
            self.problem_detail = ""
            self.session.retry()
            if self.session.screen is Screen.FACE and not self.card_on_reader:
                self.card_removed()   # lifted while the problem was shown: the usual grace to put it back

    def call_staff(self) -> None:
        """呼叫工作人员 (any screen): raise an alert on the back office's terminals page."""
        if self._calling_staff:
            return
        self._calling_staff = True
        reports, screen = self._terminal.reports, self.session.screen.value

        def done(_answer: object) -> None:
            self._calling_staff = False
            self.staff_call.emit("coming")

        def failed(exc: Exception) -> None:
            self._calling_staff = False
            log.warning("staff call not delivered: %s", exc)
            self.staff_call.emit("failed")
        self.staff_call.emit("calling")
        self._in_background(lambda: reports.call_staff(screen), done, failed, this_visit_only=False)

    def _fail(self, problem: Problem, detail: str = "") -> None:
        self.problem_detail = detail
        self.session.fail(problem)

    # --- card reader ----------------------------------------------------------------------------------------

    def _start_reader(self) -> None:
        from devices.idcard.worker import ReaderWorker

        self._reader = ReaderWorker(self._terminal.open_reader, poll_interval_s=self._config.reader_poll_interval_s,
                                    on_inserted=lambda card: self._post(lambda: self.card_inserted(card)),
                                    on_removed=lambda: self._post(self.card_removed),
                                    on_error=lambda exc: self._post(lambda: self.reader_failed(exc)))
        self._reader.start()

    def card_inserted(self, card: IdCard) -> None:
        self.card_on_reader = True
        self.card_seen.emit(card.card_type.value)
        self.card_presence.emit(True)
        if self.session.card_away:
            self._stop_card_grace()
            self.session.card_returned(card)
            if self.session.screen is Screen.FACE:
                self.start_face()
        elif self.session.screen is Screen.PLACE_CARD:
            self.session.card_read(card)
        elif self.session.screen is Screen.PICKUP:
            self._claim(card)
        # elsewhere the card is not wanted now and its data is not kept

    def card_removed(self) -> None:
        self.card_on_reader = False
        self.card_presence.emit(False)
        if self.session.screen is Screen.FACE:
            self._stop_face()
        elif self.session.screen is Screen.PICKUP and self._face_worker is not None:
            self._stop_face()   # the collector's face is taken only while the card lies on the reader
            self._claiming = False
            self.pickup_changed.emit("found")
        grace_s = self._config.card_grace_s
        if self.session.card_removed(grace=grace_s > 0):
            self._card_grace_left = grace_s
            self.card_away.emit(grace_s)
            self._card_grace.start()

    def _tick_card_grace(self) -> None:
        self._card_grace_left -= 1
        if self._card_grace_left > 0 and self.session.card_away:
            self.card_away.emit(self._card_grace_left)
            return
        self._stop_card_grace()
        self.session.card_grace_over()

    def _stop_card_grace(self) -> None:
        self._card_grace.stop()
        self.card_away.emit(0)

    def reader_failed(self, exc: ReaderError) -> None:
        from devices.idcard.errors import ReaderUnavailable, SamError

        self.reader_fault.emit(str(exc))
        if self.session.screen is not Screen.PLACE_CARD:
            return  # a fault while no card is wanted shows when the next resident places one
        if isinstance(exc, (ReaderUnavailable, SamError)):
            self._fail(Problem.READER_FAILED, exc.message_zh)
        else:
            self._fail(Problem.CARD_UNREADABLE, exc.message_zh)

    # --- face -------------------------------------------------------------------------------------------------

    def start_face(self) -> None:
        """Count down, then capture (also the 重拍 / 重试 button)."""
        if self.session.screen is not Screen.FACE:
            return
        self._stop_face()
        self._face_result = None
        self._countdown_left = self._face_countdown_s
        self.face_countdown.emit(self._countdown_left)
        if self._countdown_left > 0:
            self._countdown.start()
        else:
            self._run_face_worker()

    def _tick_countdown(self) -> None:
        self._countdown_left -= 1
        self.face_countdown.emit(self._countdown_left)
        if self._countdown_left <= 0:
            self._countdown.stop()
            self._run_face_worker()

    def _run_face_worker(self) -> None:
        self._face_worker = self._face_capture(
            on_frame=lambda rgb: self.face_frame.emit(_qimage(rgb)), on_prompt=self.face_prompt.emit,
            on_done=self._for_this_visit(self._face_done), on_error=self._for_this_visit(self._camera_failed))

    def _face_capture(self, *, on_frame: Callable[[np.ndarray], None], on_prompt: Callable[[str], None],
                      on_done: Callable[[FaceResult], None], on_error: Callable[[CameraError], None]) -> Any:
        """A started face capture (the face step's, or the collector's on PICKUP), liveness as configured."""
        from kiosk.face.quality import FaceThresholds
        from ui.face_worker import FaceWorker

        try:
            thresholds = FaceThresholds.from_config(self._config)
        except AttributeError:   # a configuration without face_* keys uses the built-in thresholds
            thresholds = FaceThresholds()
        worker = FaceWorker(self._open_camera, liveness=self._config.liveness_required, thresholds=thresholds,
                            rng=self._rng, max_frames=FACE_MAX_FRAMES, on_frame=on_frame, on_prompt=on_prompt,
                            on_done=on_done, on_error=on_error)
        worker.start()
        return worker

    def _stop_face(self) -> None:
        self._countdown.stop()
        worker, self._face_worker = self._face_worker, None
        if worker is not None:
            worker.stop()

    def _face_done(self, result: FaceResult) -> None:
        self._face_worker = None
        if self.session.screen is not Screen.FACE:
            return
        if result.accepted:
            self._face_result = result
            self.face_photo.emit(result.photo.jpeg)
            return
        self._face_attempts += 1
        if self._face_attempts >= FACE_ATTEMPTS:
            self._fail(Problem.FACE_FAILED)
        else:
            self.face_retry.emit(result.guidance_seen[0] if result.guidance_seen else "")

    def _camera_failed(self, exc: CameraError) -> None:
        self._face_worker = None
        if self.session.screen is Screen.FACE:
            self._fail(Problem.CAMERA_FAILED, exc.message_zh)

    def accept_face(self) -> None:
        result, self._face_result = self._face_result, None
        if result is None or result.photo is None or self.session.screen is not Screen.FACE:
            return
        self.session.face_captured(result.photo.jpeg, result.photo.quality, result.liveness_passed)

    # --- the application ----------------------------------------------------------------------------------------

    def fill(self, **fields: Any) -> None:
        if self.session.screen in (Screen.APPLICATION, Screen.REVIEW):
            self.session.fill(**fields)

    def to_review(self) -> None:
        if self.session.screen is Screen.APPLICATION:
            self.session.to_review()

    def back_to_form(self) -> None:
        if self.session.screen in (Screen.REVIEW, Screen.SIGN) and not self.submitting:
            self.session.back_to_form()

    def to_sign(self) -> None:
        if self.session.screen is Screen.REVIEW:
            self.session.to_sign()

    def submit(self, signature_png: bytes) -> None:
        """Save durably, then wait for the decision, all off the UI thread. A second tap finds `submitting`."""
        if self.submitting or self.session.screen is not Screen.SIGN:
            return
        self.submitting = True
        session, wait_s = self.session, self._config.decision_wait_s

        def work() -> Result:
            key = session.submit(signature_png)
            return session.await_result(key, wait_s)

        def done(_result: Result) -> None:
            self.submitting = False

        def failed(exc: Exception) -> None:
            self.submitting = False
            if isinstance(exc, InvalidStep):
                return
            log.error("submission could not be saved: %s", type(exc).__name__, exc_info=exc)
            self.submit_failed.emit(getattr(exc, "message_zh", "提交未成功，请稍后重试或联系工作人员。"))
        self._in_background(work, done, failed, this_visit_only=False)  # the flag must be reset whatever happens

    # --- result, printing ------------------------------------------------------------------------------------

    def _print_result(self) -> None:
        result, card, name = self.session.result, self.session.draft.card, self.session.draft.name
        if result is None or card is None:
            return
        printer = self._terminal.printer

        def work() -> int:
            if self._paperwork is None:
                from kiosk.paperwork import Paperwork
                self._paperwork = Paperwork(self._config, self._terminal.license_key.current)
            documents = self._paperwork.documents(result, card, name)
            for document in documents:
                printer.wait(printer.submit(document.pdf, document.title))
            return len(documents)

        def failed(exc: Exception) -> None:
            log.error("printing failed: %s", exc)
            self._fail(Problem.PRINTER_FAILED, getattr(exc, "message_zh", ""))

        def done(count: int) -> None:
            if count:
                self.session.note_printed()
            self.print_state.emit("printed" if count else "nothing")
            self.reprint_available.emit(self.session.can_reprint)

        self.print_state.emit("printing")
        self.reprint_available.emit(False)
        self._in_background(work, done, failed)

    def reprint(self) -> None:
        """重新打印: once per visit, after the first print (a jam, a smudge)."""
        if self.session.can_reprint:
            self._print_result()

    def to_evaluation(self) -> None:
        if self.session.screen in (Screen.RESULT, Screen.PROBLEM):
            self.session.to_evaluation()

    def evaluate(self, level: str, comment: str, indicators: dict[str, str], reasons: list[str]) -> None:
        if self.session.screen is not Screen.EVALUATION:
            return
        body = self.session.evaluate(level, comment, indicators, reasons)
        if body is None:
            return
        reports = self._terminal.reports
        # The resident has moved on; a lost evaluation is logged (by the service), never shown.
        self._in_background(lambda: reports.evaluation(body), lambda _: None,
                            lambda exc: log.warning("evaluation not sent: %s", exc))

    def finish(self) -> None:
        if self.session.screen in (Screen.EVALUATION, Screen.RESULT, Screen.PROBLEM, Screen.LOOKUP):
            self.session.finish()

    # --- lookup (查询办件/补打执照, 服务评价) -----------------------------------------------------------------

    def _look_up(self) -> None:
        card = self.session.draft.card
        if card is None:
            return
        cases = self._terminal.cases

        def work() -> list[Result]:
            return cases.records_for(card.id_number)

        def failed(exc: Exception) -> None:
            log.error("lookup failed: %s", exc)
            self.session.found([])
            self.records_changed.emit()

        def done(records: list[Result]) -> None:
            if self.session.screen is Screen.LOOKUP:
                self.session.found(records)
                self.records_changed.emit()
        self._in_background(work, done, failed)

    def choose(self, record: Result) -> None:
        if self.session.screen is Screen.LOOKUP:
            self.session.choose(record)


    # --- QR codes: 扫码填表 (pre-filled application) and 扫描回执二维码 (pick-up at any terminal) -------------------

    def start_scan(self) -> None:
        screen, purpose = self.session.screen, self.session.purpose
        if screen is Screen.HOME or (screen is Screen.PLACE_CARD and purpose is Purpose.LOOKUP):
            self.session.start_scan()

    def _start_scan(self) -> None:
        from ui.qr_worker import QrWorker

        self._stop_scan()
        self._qr_worker = QrWorker(self._open_scanner, on_frame=lambda rgb: self.scan_frame.emit(_qimage(rgb)),
                                   on_code=self._for_this_visit(self.code_scanned),
                                   on_error=self._for_this_visit(self._scan_camera_failed))
        self._qr_worker.start()

    def _stop_scan(self) -> None:
        worker, self._qr_worker = self._qr_worker, None
        if worker is not None:
            worker.stop()

    def _scan_camera_failed(self, exc: CameraError) -> None:
        self._qr_worker = None
        if self.session.screen is Screen.SCAN:
            self._fail(Problem.CAMERA_FAILED, exc.message_zh)

    def code_scanned(self, text: str) -> None:
        """A code the scanner saw: a receipt opens its case, a verified application QR starts a pre-filled
        registration; anything else is refused on the scan screen (the payload is never logged: it may hold a
        mobile number)."""
        from domain.prefill import Prefill
        from domain.qr_payloads import parse_prefill_payload, parse_receipt_payload, payload_kind

        if self.session.screen is not Screen.SCAN:
            return
        kind = payload_kind(text)
        try:
            if kind == "receipt":
                token = parse_receipt_payload(text)
            elif kind == "prefill":
                key = self._terminal.apply_key.known
                if key is None:   # the back office's /apply key is not known yet: nothing can be verified
                    raise ValueError("apply key not known yet")
                prefill = Prefill.from_fields(parse_prefill_payload(text, key))
        except ValueError as exc:   # QrPayloadError, PrefillError
            log.info("%s QR code refused: %s", kind, exc)
            self.scan_notice.emit("invalid")
            return
        if kind == "prefill":
            try:
                self.session.prefill(prefill)
            except ValueError:
                self.scan_notice.emit("other_district")
        elif kind == "receipt":
            self.session.receipt_scanned()
            self._look_up_receipt(token)
        else:
            self.scan_notice.emit("unknown")

    def _look_up_receipt(self, token: str) -> None:
        cases = self._terminal.cases
        self.pickup_changed.emit("looking")

        def done(found: PickupCase) -> None:
            if self.session.screen is Screen.PICKUP:
                self._pickup_token = found.receipt_token
                self.session.pickup_found(found.case)
                self.pickup_changed.emit("found")

        self._in_background(lambda: cases.receipt_case(token), done, self._pickup_failed)

    def _pickup_failed(self, exc: Exception) -> None:
        self._claiming = False
        if not isinstance(exc, PickupRefused):
            log.error("receipt look-up or claim failed: %s", type(exc).__name__, exc_info=exc)
        if self.session.screen is Screen.PICKUP:
            self.pickup_changed.emit(exc.state if isinstance(exc, PickupRefused) else "offline")

    def _claim(self, card: IdCard) -> None:
        """The card placed on PICKUP: the collector's face is taken (pickup_face_check), then the back office
        releases the license only if card and face are the applicant's (same person collects)."""
        case = self.session.pickup
        if self._claiming or case is None or case.outcome is not Outcome.APPROVED or not self._pickup_token:
            return
        self._claiming = True
        if not self._config.pickup_face_check:
            self._send_claim(card, None)
            return
        worker: Any = None

        def for_this_capture(fn: Callable[[Any], None]) -> Callable[[Any], None]:
            def run(arg: Any) -> None:   # a capture stopped meanwhile (card lifted, visit over) is not answered
                if self._face_worker is worker and worker is not None and self.session.screen is Screen.PICKUP:
                    self._face_worker = None
                    fn(arg)
            return self._for_this_visit(run)

        def taken(result: FaceResult) -> None:
            if result.accepted:
                self._send_claim(card, result.photo.jpeg)
            else:
                self._claiming = False
                self.pickup_changed.emit("face_failed")

        def camera_failed(exc: CameraError) -> None:
            log.warning("camera failed while taking the collector's face: %s", exc)
            self._claiming = False
            self.pickup_changed.emit("camera_failed")

        self.pickup_changed.emit("face")
        worker = self._face_worker = self._face_capture(
            on_frame=lambda rgb: self.pickup_frame.emit(_qimage(rgb)), on_prompt=self.pickup_prompt.emit,
            on_done=for_this_capture(taken), on_error=for_this_capture(camera_failed))

    def _send_claim(self, card: IdCard, face_jpeg: bytes | None) -> None:
        cases, token = self._terminal.cases, self._pickup_token

        def work() -> Result:
            return cases.claim(token, card.id_number, face_jpeg=face_jpeg)

        def done(result: Result) -> None:
            self._claiming = False
            if self.session.screen is not Screen.PICKUP:
                return
            if result.outcome is Outcome.APPROVED and result.signed_license is not None:
                self.session.claimed(card, result)
            else:   # the case changed since it was looked up
                self.session.pickup_found(dataclasses.replace(result, signed_license=None))
                self.pickup_changed.emit("found")

        self.pickup_changed.emit("checking")
        self._in_background(work, done, self._pickup_failed)


def _qimage(rgb: np.ndarray) -> QImage:
    height, width, _ = rgb.shape
    # .copy(): the QImage must own its pixels, not borrow the numpy buffer (a known PySide leak/crash source).
    return QImage(rgb.data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()
