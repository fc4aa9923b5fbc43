"""`kiosk doctor` on real simulated devices: a pty reader, the synthetic camera, a private CUPS, a back office
over HTTP, a real queue file. Each broken device fails with a hint a technician can act on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from doctor_fixtures import (
    DIVISION,
    SECRET,
    TERMINAL,
    backoffice,  # noqa: F401 - fixture
    config_of,
    healthy_values,
    reader,  # noqa: F401 - fixture
    run_doctor,
    write_site_config,
)
from printing_fixtures import cups_server  # noqa: F401 - fixture
from voice_fixtures import voice_pack  # noqa: F401 - fixture

from kiosk.doctor import Check, Context
from kiosk.doctor.core import run_checks
from offline_queue.outbox import Outbox

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def cups_queue(cups_server, monkeypatch):  # noqa: F811
    """A working cups-pdf queue on the private scheduler, which the doctor reaches through CUPS_SERVER."""
    name = f"doctor{time.monotonic_ns() % 10**9}"
    cups_server.add_pdf_queue(name)
    monkeypatch.setenv("CUPS_SERVER", cups_server.socket)
    return name


@pytest.fixture
def healthy(tmp_path, backoffice, reader, cups_queue, voice_pack):  # noqa: F811
    return healthy_values(tmp_path, backoffice, reader.port, cups_queue) | {"voice_pack_dir": str(voice_pack[0])}


def test_all_checks_pass_on_simulated_devices_through_the_cli(tmp_path, healthy):
    site = write_site_config(tmp_path, **healthy)
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")} | {"KIOSK_CONFIG": str(site)}
    done = subprocess.run([sys.executable, "-m", "kiosk.cli", "doctor", "--json"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)
    report = json.loads(done.stdout)
    statuses = {c["name"]: c["status"] for c in report["checks"]}
    assert statuses == dict.fromkeys(("config", "reader", "camera", "face_compare", "printer", "backoffice", "clock",
                                      "enrolment", "queue", "disk", "font", "keyboard", "speech"), "pass"), report
    assert done.returncode == 0
    assert all(set(c) == {"name", "status", "detail", "hint"} for c in report["checks"])
    checks = {c["name"]: c for c in report["checks"]}
    assert "115200 baud, SAM 05.01-20230415" in checks["reader"]["detail"]
    assert "face in" in checks["camera"]["detail"]


def _assert_fails(check: Check, *hint_words: str) -> None:
    assert check.status == "fail", check
    assert check.hint, check
    for word in hint_words:
        assert word in check.hint, check


def test_missing_reader_port_fails_with_a_hint_to_plug_it_in(tmp_path, backoffice):  # noqa: F811
    config = config_of(tmp_path, **healthy_values(tmp_path, backoffice, str(tmp_path / "gone")))
    _assert_fails(run_doctor(config)["reader"], "plug in", "1a86:7523")


def test_silent_port_fails_with_a_hint_about_power_and_cable(tmp_path, backoffice):  # noqa: F811
    master, slave = os.openpty()   # a USB-serial adapter with no reader behind it: the port opens, nobody answers
    try:
        config = config_of(tmp_path, **healthy_values(tmp_path, backoffice, os.ttyname(slave)))
        check = run_doctor(config)["reader"]
    finally:
        os.close(master)
        os.close(slave)
    _assert_fails(check, "power")
    assert "nothing answers" in check.detail


def test_reader_on_another_port_is_found_and_named_in_the_hint(tmp_path, backoffice, reader):  # noqa: F811
    config = config_of(tmp_path, **healthy_values(tmp_path, backoffice, str(tmp_path / "wrong")))
    check = run_doctor(config, ports=[reader.port])["reader"]
    _assert_fails(check, f'reader_port = "{reader.port}"', "reader_baud = 115200")


def test_reader_whose_sam_reports_a_fault_fails(tmp_path, backoffice, reader):  # noqa: F811
    reader.sim.inject("sam_fail", times=2)   # the probe's status command and the check's own
    config = config_of(tmp_path, **healthy_values(tmp_path, backoffice, reader.port))
    _assert_fails(run_doctor(config)["reader"], "power-cycle")


def test_camera_gone_fails_with_a_hint_about_the_cable(tmp_path, backoffice, reader):  # noqa: F811
    pytest.importorskip("devices.camera.opencv_camera", reason="OpenCvCamera has not landed yet")
    values = healthy_values(tmp_path, backoffice, reader.port) | {
        "camera_source": "/dev/video-unplugged"}
    _assert_fails(run_doctor(config_of(tmp_path, **values))["camera"], "USB cable", "camera_source")


def test_disabled_printer_queue_fails_with_the_command_that_restarts_it(tmp_path, healthy, cups_server):  # noqa: F811
    cups_server.admin("cupsdisable", healthy["printer"])
    check = run_doctor(config_of(tmp_path, **healthy))["printer"]
    _assert_fails(check, f"cupsenable {healthy['printer']}")
    assert "disabled" in check.detail


def test_unknown_printer_queue_fails_and_lists_the_queues_there_are(tmp_path, healthy):
    values = healthy | {"printer": "no-such-queue"}
    check = run_doctor(config_of(tmp_path, **values))["printer"]
    _assert_fails(check, "set printer")
    assert healthy["printer"] in check.detail


def test_back_office_down_fails_and_the_checks_that_need_it_say_so(tmp_path, backoffice, reader):  # noqa: F811
    values = healthy_values(tmp_path, backoffice, reader.port) | {
        "backoffice_url": "http://127.0.0.1:9/"}   # discard port: nothing listens
    checks = run_doctor(config_of(tmp_path, **values))
    _assert_fails(checks["backoffice"], "network")
    assert checks["clock"].status == "warn" and checks["enrolment"].status == "warn"


@pytest.mark.parametrize(("skew_s", "status"), [(600, "fail"), (-90, "warn"), (2, "pass")])
def test_clock_skew_against_the_back_office(tmp_path, backoffice, reader, skew_s, status):  # noqa: F811
    config = config_of(tmp_path, **healthy_values(tmp_path, backoffice, reader.port))
    check = run_doctor(config, clock=lambda: time.time() + skew_s)["clock"]
    assert check.status == status, check
    if status != "pass":
        assert "timedatectl" in check.hint
        assert ("ahead" if skew_s > 0 else "behind") in check.detail


def test_wrong_secret_fails_enrolment_with_a_hint_to_enrol_again(tmp_path, backoffice, reader):  # noqa: F811
    values = healthy_values(tmp_path, backoffice, reader.port) | {
        "terminal_secret": SECRET + "-old"}
    _assert_fails(run_doctor(config_of(tmp_path, **values))["enrolment"], "kiosk enrol")


def _queue_with(config, state: str) -> None:
    with Outbox.open(config.queue_path, config.key_file) as box:
        box.enqueue({"applicant": {"name": "test"}})
        if state == "dead":
            claimed = box.claim_next()
            box.mark_dead(claimed.local_id, "HTTP 422 rejected", 422)


def test_queue_with_a_fresh_submission_passes_and_dead_letters_warn(tmp_path, backoffice, reader):  # noqa: F811
    config = config_of(tmp_path, **healthy_values(tmp_path, backoffice, reader.port))
    _queue_with(config, "pending")
    check = run_doctor(config)["queue"]
    assert check.status == "pass" and "1 pending" in check.detail
    _queue_with(config, "dead")
    check = run_doctor(config)["queue"]
    assert check.status == "warn" and "1 dead" in check.detail and "kiosk queue" in check.hint


def test_queue_without_its_key_fails_and_the_doctor_creates_no_new_key(tmp_path, backoffice, reader):  # noqa: F811
    config = config_of(tmp_path, **healthy_values(tmp_path, backoffice, reader.port))
    _queue_with(config, "pending")
    config.key_file.unlink()
    _assert_fails(run_doctor(config)["queue"], "restore")
    assert not config.key_file.exists()


def test_invalid_configuration_fails_and_device_checks_are_not_attempted(tmp_path):
    site = write_site_config(tmp_path, division_code="370700", data_dir=str(tmp_path))
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")} | {"KIOSK_CONFIG": str(site)}
    done = subprocess.run([sys.executable, "-m", "kiosk.cli", "doctor", "--json"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=60)
    checks = {c["name"]: c for c in json.loads(done.stdout)["checks"]}
    assert done.returncode == 1
    assert checks["config"]["status"] == "fail" and "division_code" in checks["config"]["detail"]
    assert checks["reader"]["status"] == "warn" and "configuration" in checks["reader"]["hint"]
    assert checks["font"]["status"] == "pass"   # checks that need no configuration still run


def test_text_output_shows_hints_and_exit_code_follows_failures(tmp_path):
    site = write_site_config(tmp_path, division_code="370700", data_dir=str(tmp_path))
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")} | {"KIOSK_CONFIG": str(site)}
    done = subprocess.run([sys.executable, "-m", "kiosk.cli", "doctor"], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 1
    assert "FAIL  config" in done.stdout and "→ correct the key" in done.stdout


def test_a_check_that_crashes_or_hangs_is_reported_not_fatal():
    def crashes(ctx: Context) -> Check:
        raise OSError("driver fell over")

    def hangs(ctx: Context) -> Check:
        time.sleep(30)
        raise AssertionError("unreachable")

    def fine(ctx: Context) -> Check:
        return Check("fine", "pass", "ok")

    start = time.monotonic()
    results = run_checks([("crashes", crashes), ("hangs", hangs), ("fine", fine)], Context(None), timeout_s=0.5)
    assert time.monotonic() - start < 5
    assert [(c.name, c.status) for c in results] == [("crashes", "fail"), ("hangs", "fail"), ("fine", "pass")]
    assert "driver fell over" in results[0].detail and all(c.hint for c in results[:2])


def test_every_failure_needs_a_hint():
    with pytest.raises(ValueError):
        Check("x", "fail", "broken")


def test_terminal_and_division_appear_in_the_config_check(tmp_path, backoffice, reader):  # noqa: F811
    config = config_of(tmp_path, **healthy_values(tmp_path, backoffice, reader.port))
    check = run_doctor(config)["config"]
    assert check.status == "pass" and TERMINAL in check.detail and DIVISION in check.detail


def test_a_terminal_with_real_devices_but_no_back_office_is_told_to_enrol(tmp_path, backoffice, reader):  # noqa: F811
    values = healthy_values(tmp_path, backoffice, reader.port) | {"backoffice_url": ""}
    check = run_doctor(config_of(tmp_path, **values))["config"]
    assert check.status == "warn" and "kiosk enrol" in check.hint
