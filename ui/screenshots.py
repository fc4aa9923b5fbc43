"""Pictures of every screen and every problem screen, reached through the real flow on simulated devices
(reader simulator, synthetic camera, folder printer, embedded or unreachable back office)."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import random
import socket
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from devices.camera.simulated import SimulatedCamera
from devices.idcard.simulator import sim_card
from devices.printer.directory import DirectoryPrinter
from domain.ids import make_resident_id
from kiosk.config import load_config
from kiosk.session import Screen
from kiosk.synthetic import synthetic_card
from kiosk.terminal import open_terminal
from ui.app import Kiosk, build_window, create_application
from ui.journey import Journey, Resident, wait_until

RESOLUTIONS = {"1920x1080": (1920, 1080), "1080x1920": (1080, 1920)}


@contextlib.contextmanager
def _silent_backoffice() -> Iterator[str]:
    """A back office URL whose port takes connections but never answers: the submission waits out the decision
    wait on the SUBMITTING screen (a refused port would show the queued result at once)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(16)
        yield f"http://127.0.0.1:{s.getsockname()[1]}/"


class Shooter:
    def __init__(self, out: Path, resolution: str, log: Callable[[str], None]) -> None:
        self.out, self.resolution, self.log = out, resolution, log
        self.taken: list[Path] = []

    def __call__(self, kiosk: Kiosk, name: str) -> None:
        path = self.out / f"{self.resolution}-{name}.png"
        if path in self.taken:
            return
        wait_until(lambda: True, 0)
        kiosk.window.grab().save(str(path))
        self.taken.append(path)
        self.log(path.name)


def _kiosk(terminal, size: tuple[int, int], **options: object) -> Kiosk:
    kiosk = build_window(terminal, face_countdown_s=0, **options)
    kiosk.window.resize(*size)
    kiosk.window.show()
    return kiosk


def _close(kiosk: Kiosk) -> None:
    kiosk.close()
    kiosk.controller.terminal.reader_simulator.remove()


def render_all(out: Path, log: Callable[[str], None] = print) -> list[Path]:
    create_application()
    out.mkdir(parents=True, exist_ok=True)
    taken: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="kiosk-shots-") as tmp:
        for resolution, size in RESOLUTIONS.items():
            shoot = Shooter(out, resolution, log)
            _online(Path(tmp) / resolution, size, shoot)
            _offline(Path(tmp) / resolution, size, shoot)
            taken += shoot.taken
    return taken


def _config(data_dir: Path, **changes: object):
    settings = {"printer": f"dir:{data_dir / 'printed'}", "reader_port": "sim", "camera_source": "sim",
                "voice_engine": "", "reader_poll_interval_s": 0.05} | changes
    return load_config(env={}, data_dir=data_dir, **settings)


def _online(data_dir: Path, size: tuple[int, int], shoot: Shooter) -> None:
    rng = random.Random(7)
    today = dt.date.today()
    with open_terminal(_config(data_dir, served_card_types="resident")) as terminal:
        kiosk = _kiosk(terminal, size)
        j = Journey(kiosk, on_screen=lambda name: shoot(kiosk, name))
        try:
            card = synthetic_card(rng, "370702", today)
            j.register(Resident(card))
            j.finish(evaluate=True)
            j.take_card()
            j.register(Resident(synthetic_card(rng, "370702", today), permit_scope=True))
            shoot(kiosk, "result-manual_review")
            j.finish(evaluate=False)
            j.take_card()
            # 查询办件 with the first resident's card
            j.tap(j.view(Screen.HOME).lookup_button)
            j.wait_screen(Screen.PLACE_CARD)
            j.place_card(card)
            j.wait_screen(Screen.LOOKUP)
            wait_until(lambda: j.view(Screen.LOOKUP).records.count() > 0, 10, "lookup records")
            shoot(kiosk, "lookup")
            j.tap(j.view(Screen.LOOKUP).home_button)
            j.take_card()
            _problems(j, shoot, kiosk, rng, today)
        finally:
            _close(kiosk)
        kiosk = _kiosk(terminal, size, open_camera=lambda: SimulatedCamera(fail_after=3))
        j = Journey(kiosk, on_screen=lambda name: None)
        try:
            j.start()
            j.place_card(synthetic_card(rng, "370702", today))
            j.wait_screen(Screen.PROBLEM)
            shoot(kiosk, "problem-camera_failed")
        finally:
            _close(kiosk)


def _problem(j: Journey, shoot: Shooter, kiosk: Kiosk, name: str, cause: Callable[[], None]) -> None:
    j.start()
    cause()
    j.wait_screen(Screen.PROBLEM)
    shoot(kiosk, f"problem-{name}")
    j.tap(j.view(Screen.PROBLEM).home_button)
    j.wait_screen(Screen.HOME)
    j.take_card()


def _problems(j: Journey, shoot: Shooter, kiosk: Kiosk, rng: random.Random, today: dt.date) -> None:
    adult = synthetic_card(rng, "370702", today)
    expired = dataclasses.replace(adult, valid_until=(today - dt.timedelta(days=30)).isoformat())
    young_birth = dt.date(today.year - 14, 3, 3)
    young = dataclasses.replace(adult, birth_date=young_birth.isoformat(),
                                id_number=make_resident_id("370702", young_birth, 11), valid_until=None)
    _problem(j, shoot, kiosk, "card_expired", lambda: j.place_card(expired))
    _problem(j, shoot, kiosk, "under_age", lambda: j.place_card(young))
    _problem(j, shoot, kiosk, "card_not_served", lambda: j.place_card(sim_card("hmt_residence")))

    def unreadable() -> None:
        j.simulator.inject("read_fail", times=3)
        j.place_card(adult)
    _problem(j, shoot, kiosk, "card_unreadable", unreadable)

    def reader_broken() -> None:
        j.simulator.inject("sam_fail", times=3)
        j.place_card(adult)
    _problem(j, shoot, kiosk, "reader_failed", reader_broken)

    def pulled() -> None:
        j.place_card(adult)
        j.face()
        j.take_card()
    _problem(j, shoot, kiosk, "card_pulled", pulled)

    # idle: the countdown overlay over a half-filled form
    j.start()
    j.place_card(adult)
    j.face()
    kiosk.idle.countdown.emit(kiosk.idle.countdown_s)
    shoot(kiosk, "idle")
    j.controller.go_home()
    j.take_card()

    terminal = j.controller.terminal
    working, terminal.printer = terminal.printer, DirectoryPrinter(terminal.printer.folder, fail_with="paper_out")
    try:
        j.start()
        j.place_card(synthetic_card(rng, "370702", today))
        j.face()
        j.form(Resident(adult))
        j.to_sign()
        j.submit()
        j.wait_screen(Screen.PROBLEM, 30)
        shoot(kiosk, "problem-printer_failed")
        j.tap(j.view(Screen.PROBLEM).done_button)
        j.wait_screen(Screen.GOODBYE)
        j.controller.go_home()
        j.take_card()
    finally:
        terminal.printer = working


def _offline(data_dir: Path, size: tuple[int, int], shoot: Shooter) -> None:
    rng = random.Random(8)
    with _silent_backoffice() as url, \
            open_terminal(_config(data_dir, backoffice_url=url, decision_wait_s=1.5, backoffice_timeout_s=3.0)) \
            as terminal:
        kiosk = _kiosk(terminal, size)
        j = Journey(kiosk)
        try:
            j.start()
            j.place_card(synthetic_card(rng, "370702", dt.date.today()))
            j.face()
            j.form(Resident(j.controller.session.draft.card))
            j.to_sign()
            j.submit()
            j.wait_screen(Screen.SUBMITTING)
            shoot(kiosk, "submitting")
            j.result()
            shoot(kiosk, "result-queued")
            j.finish(evaluate=False)
        finally:
            _close(kiosk)
