"""Assembles one terminal from its configuration: back office link and the services that speak to it, durable
queue and its sync worker, devices (real or simulated), printing. `kiosk run` and `kiosk burn-in` both start from
here. Nothing here needs the back office to answer: a terminal starts offline and catches up when it returns.
"""

from __future__ import annotations

import contextlib
import logging
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from devices.camera.base import Camera
from devices.idcard.base import CardReader
from devices.printer.base import Printer
from kiosk.backoffice_client import BackofficeClient
from kiosk.config import Config
from kiosk.results import ResultBoard
from kiosk.services.cases import CaseService
from kiosk.services.license_key import APPLY_KEY_FIELD, LicenseKey
from kiosk.services.reports import ReportService
from kiosk.session import Screen, Session

log = logging.getLogger(__name__)


@dataclass
class Terminal:
    config: Config
    backoffice_url: str
    client: BackofficeClient
    outbox: Any          # offline_queue.outbox.Outbox
    sync: Any            # offline_queue.sync.SyncWorker
    results: ResultBoard
    printer: Printer
    license_key: LicenseKey
    apply_key: LicenseKey     # verifies /apply QR codes; unknown until fetched (such codes are then refused)
    cases: CaseService
    reports: ReportService
    reader_port: str
    realtime: bool
    reader_simulator: Any = None   # devices.idcard.simulator.ReaderSimulator when reader_port == "sim"
    identity: Any = None           # kiosk.face.identity.IdentityCheck: 人证比对 (None: not compared)

    def new_session(self, on_change: Callable[[Screen], None] | None = None) -> Session:
        def enqueue(body: dict[str, Any]) -> Any:
            mark = self.results.mark()   # before the commit: a delivery held back from now on concerns this one
            submission = self.outbox.enqueue(body)
            self.results.expect(submission.idempotency_key, mark)
            self.sync.wake()
            return submission

        return Session(division_code=self.config.division_code, served_card_types=self.config.served_cards,
                       enqueue=enqueue, await_reply=self.results.take, on_change=on_change,
                       identity=self.identity)

    def open_reader(self) -> CardReader:
        from devices.idcard.serial_reader import SerialCardReader

        c = self.config
        return SerialCardReader(self.reader_port, c.reader_baud, timeout_s=c.reader_timeout_s, retries=c.reader_retries)

    def open_camera(self) -> Camera:
        if self.config.camera_source == "sim":
            from devices.camera.simulated import SimulatedCamera

            return SimulatedCamera(realtime=self.realtime)
        from devices.camera.opencv_camera import OpenCvCamera

        return OpenCvCamera(self.config.camera_source, self.config.camera_width, self.config.camera_height)


@contextlib.contextmanager
def connect_backoffice(config: Config) -> Iterator[BackofficeClient]:
    """A signed client for the configured back office, starting the embedded one when no URL is set."""
    with contextlib.ExitStack() as stack:
        url = config.backoffice_url
        if config.embedded_backoffice:
            from backoffice.embedded import EmbeddedBackoffice

            config.data_dir.mkdir(parents=True, exist_ok=True)
            embedded = EmbeddedBackoffice(config.data_dir / "backoffice.sqlite3", terminal_id=config.terminal_id,
                                          terminal_secret=config.terminal_secret,
                                          division_code=config.division_code,
                                          pickup_face_required=config.pickup_face_check)
            embedded.start()
            stack.callback(embedded.stop)
            url = embedded.url
        client = BackofficeClient(url, config.terminal_id, config.terminal_secret, config.backoffice_timeout_s,
                                  ca_file=config.backoffice_ca_file)
        stack.callback(client.close)
        yield client


@contextlib.contextmanager
def open_terminal(config: Config, *, realtime: bool = False, rng: random.Random | None = None) -> Iterator[Terminal]:
    """Start everything the configuration names; stop it all on exit, in reverse order."""
    from devices.printer.factory import printer_from_config
    from offline_queue.outbox import Outbox
    from offline_queue.sync import SyncWorker

    config.data_dir.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as stack:
        client = stack.enter_context(connect_backoffice(config))
        outbox = Outbox.open(config.queue_path, config.key_file)
        stack.callback(outbox.close)
        results = ResultBoard()
        sync = SyncWorker.for_config(outbox, client, config, on_result=results.deliver,
                                     on_held_back=results.held_back, rng=rng)
        sync.start()
        stack.callback(sync.stop)
        license_key = LicenseKey(client, config.data_dir / "license_key.pem", first_retry_s=config.queue_retry_base_s,
                                 max_retry_s=config.queue_retry_max_s)
        apply_key = LicenseKey(client, config.data_dir / "apply_key.pem", first_retry_s=config.queue_retry_base_s,
                               max_retry_s=config.queue_retry_max_s, field=APPLY_KEY_FIELD)
        for key in (license_key, apply_key):
            key.start()
            stack.callback(key.stop)

        simulator = None
        reader_port = config.reader_port
        if reader_port == "sim":
            from devices.idcard.simulator import ReaderSimulator

            simulator = ReaderSimulator(baud=config.reader_baud, realtime=realtime)
            reader_port = simulator.start()
            stack.callback(simulator.stop)

        warm_up_face_pipeline()
        yield Terminal(config=config, backoffice_url=client.base_url, client=client, outbox=outbox, sync=sync,
                       results=results, printer=printer_from_config(config.printer), license_key=license_key,
                       apply_key=apply_key, cases=CaseService(client, outbox), reports=ReportService(client),
                       reader_port=reader_port, realtime=realtime, reader_simulator=simulator,
                       identity=identity_check(config, simulated_reader=simulator is not None))


def warm_up_face_pipeline() -> None:
    """Loading mediapipe and building the first FaceMesh graph takes about a second: done at start-up, not while
    the first resident of the day stands in front of the camera (later sessions build theirs in ~40 ms)."""
    from kiosk.face.detect import FaceDetector

    FaceDetector().close()


def identity_check(config: Config, *, simulated_reader: bool) -> Any:
    """The terminal's 人证比对. Loading the engine checks the CPU for AVX first and logs why comparison is
    off when it cannot run, so the reason is in the journal from start-up on."""
    from kiosk.face.identity import IdentityCheck, comparer_from_config, decoder_from_config

    return IdentityCheck(comparer_from_config(config), decoder_from_config(config, simulated_reader=simulated_reader))
