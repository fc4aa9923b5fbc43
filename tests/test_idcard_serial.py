"""The serial reader against the simulator over a real pty: every card type, every fault, unplug/replug, CLI."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import select
import subprocess
import sys
import threading
import time
import tty
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from idcard_fixtures import FAST_TIMEOUT_S, SIM_CARD_NAMES

from devices.idcard import errors, protocol
from devices.idcard.base import ReaderError
from devices.idcard.serial_reader import SerialCardReader, probe_baud
from devices.idcard.simulator import FAULTS, SIM_CARDS, ReaderSimulator, sim_card
from domain.card import IdCard

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def sim() -> Iterator[ReaderSimulator]:
    simulator = ReaderSimulator([sim_card("resident")])
    simulator.start()
    yield simulator
    simulator.stop()


@pytest.fixture
def reader(sim: ReaderSimulator) -> Iterator[SerialCardReader]:
    r = SerialCardReader(sim.path or "", timeout_s=FAST_TIMEOUT_S)
    yield r
    r.close()


@pytest.mark.parametrize("name", SIM_CARD_NAMES)
def test_reads_every_card_type(sim: ReaderSimulator, reader: SerialCardReader, name: str) -> None:
    card = sim_card(name)
    sim.insert(card)
    read = reader.read_card()
    assert read == card
    assert read.to_json() == card.to_json()


def test_long_term_card_reads_as_no_expiry(sim: ReaderSimulator, reader: SerialCardReader) -> None:
    sim.insert(sim_card("resident_long_term"))
    card = reader.read_card()
    assert card is not None and card.valid_until is None and not card.is_expired(dt.date(2099, 1, 1))


def test_no_card_is_none_not_an_error(sim: ReaderSimulator, reader: SerialCardReader) -> None:
    sim.remove()
    assert reader.read_card() is None
    assert reader.card_present() is False


def test_expired_card_is_read_and_reported_expired(sim: ReaderSimulator, reader: SerialCardReader) -> None:
    sim.insert(dataclasses.replace(sim_card("resident"), valid_from="2006-01-01", valid_until="2016-01-01"))
    card = reader.read_card()
    assert card is not None and card.is_expired(dt.date.today())


def test_number_disagreeing_with_the_birth_date_is_rejected(sim: ReaderSimulator, reader: SerialCardReader) -> None:
    sim.insert(dataclasses.replace(sim_card("resident"), birth_date="1988-05-18"))
    with pytest.raises(errors.InvalidIdNumber) as info:
        reader.read_card()
    assert info.value.card.birth_date == "1988-05-18"
    assert "证件号码" in info.value.message_zh and "3707" not in str(info.value)


def test_sam_id_and_status(reader: SerialCardReader) -> None:
    assert reader.sam_id() == "05.01-20230415-0012345678-1234567890"
    reader.sam_status()
    reader.reset()
    assert reader.read_new_address() is None


def test_baud_probe_finds_the_reader(sim: ReaderSimulator) -> None:
    assert probe_baud(sim.path or "") == 115200


@pytest.mark.parametrize("fault", [f for f in FAULTS if f != "sam_fail"])
def test_a_single_fault_is_survived(sim: ReaderSimulator, reader: SerialCardReader, fault: str) -> None:
    sim.inject(fault)
    start = time.monotonic()
    card = reader.read_card()
    assert card is not None and card.id_number == sim_card("resident").id_number
    assert time.monotonic() - start < 3 * FAST_TIMEOUT_S + 1.0
    assert reader.read_card() is not None   # nothing stale left on the line


@pytest.mark.parametrize(("fault", "expected", "zh"), [
    ("garbage", None, None),
    ("trailing", None, None),
    ("drop", (errors.ReaderTimeout, errors.ProtocolError), None),
    ("no_reply", errors.ReaderTimeout, "读卡器无响应"),
    ("bad_checksum", errors.ChecksumError, "通信错误"),
    ("select_fail", errors.CardReadError, "读卡失败"),
    ("read_fail", errors.CardReadError, "读卡失败"),
    ("sam_fail", errors.SamError, "读卡器出了故障"),
])
def test_a_lasting_fault_becomes_a_typed_error(sim: ReaderSimulator, reader: SerialCardReader, fault: str,
                                               expected: type | tuple | None, zh: str | None) -> None:
    sim.inject(fault, times=50)
    if expected is None:   # these faults never need a retry: resync and Len-trust handle them
        assert reader.read_card() is not None
        return
    with pytest.raises(expected) as info:
        reader.read_card()
    assert isinstance(info.value, ReaderError)
    assert zh is None or zh in info.value.message_zh


def test_unplug_and_replug_with_the_same_reader(tmp_path: Path) -> None:
    link = str(tmp_path / "idcard")
    simulator = ReaderSimulator([sim_card("hmt_residence")])
    simulator.start(link)
    r = SerialCardReader(link, timeout_s=FAST_TIMEOUT_S)
    try:
        assert r.read_card() is not None
        simulator.unplug()
        assert not os.path.lexists(link)
        for _ in range(2):   # first the open port fails, then the port is missing
            with pytest.raises(errors.ReaderUnavailable) as info:
                r.read_card()
            assert info.value.message_zh == "读卡器未连接，请联系工作人员。"
        simulator.replug()
        card = r.read_card()
        assert card is not None and card.pass_number == "H12345678"
    finally:
        r.close()
        simulator.stop()


def test_realtime_read_takes_the_wire_time_and_the_card_delay() -> None:
    simulator = ReaderSimulator([sim_card("resident")], baud=115200, realtime=True, card_delay_s=0.05)
    path = simulator.start()
    r = SerialCardReader(path)
    try:
        start = time.perf_counter()
        assert r.read_card() is not None
        elapsed = time.perf_counter() - start
    finally:
        r.close()
        simulator.stop()
    wire_bytes = 3 * 10 + 15 + 19 + 1295   # find, select, read requests and replies
    floor = protocol.wire_time(wire_bytes, 115200) + 0.05
    assert floor <= elapsed < floor + 0.5


# --- a hostile device: whatever bytes it answers with, the reader returns or raises a ReaderError ---------

@pytest.fixture
def hostile_pty() -> Iterator[tuple[str, list[bytes]]]:
    master, slave = os.openpty()
    tty.setraw(slave)
    replies: list[bytes] = []
    stop = threading.Event()

    def device() -> None:
        while not stop.is_set():
            if select.select([master], [], [], 0.02)[0]:
                os.read(master, 4096)
                if replies:
                    os.write(master, replies.pop(0))

    thread = threading.Thread(target=device, daemon=True)
    thread.start()
    yield os.ttyname(slave), replies
    stop.set()
    thread.join()
    os.close(master)
    os.close(slave)


_reply = st.one_of(
    st.binary(max_size=80),
    st.sampled_from([bytes.fromhex(h) for h in ("AAAAAA9669000800009F0000000097", "AAAAAA96690005050505",
                                                 "AAAAAA9669000C00009000000000000000009C")]),
    st.builds(lambda sw3, data: protocol.build_response(sw3, data), st.integers(0, 255), st.binary(max_size=40)),
    st.builds(lambda head, tail: protocol.build_response(0x90, head + tail),
              st.sampled_from([b"\x01\x00\x04\x00", b"\x01\x00\x04"]), st.binary(min_size=1270, max_size=1290)),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_reply, min_size=1, max_size=6))
def test_no_reply_stream_makes_the_reader_raise_unexpectedly_or_hang(hostile_pty, replies: list[bytes]) -> None:
    path, queue = hostile_pty
    queue[:] = replies
    r = SerialCardReader(path, timeout_s=0.03, retries=1)
    start = time.monotonic()
    try:
        result = r.read_card()
        assert result is None or isinstance(result, IdCard)
    except ReaderError:
        pass
    finally:
        r.close()
    assert time.monotonic() - start < 5


# --- the commands, as a technician runs them -----------------------------------------------------------

def _command(name: str, *args: str) -> list[str]:
    runner = (f"import argparse, sys; from kiosk.commands import {name} as m; p = argparse.ArgumentParser(); "
              "m.add_arguments(p); sys.exit(m.run(p.parse_args(sys.argv[1:])))")
    return [sys.executable, "-c", runner, *args]


@pytest.fixture
def simulate_reader(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    link = str(tmp_path / "idcard")
    proc = subprocess.Popen(_command("simulate_reader", "--link", link, "--fast"), cwd=REPO, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdout is not None and "simulated reader on" in proc.stdout.readline()
    yield link, proc
    proc.terminate()
    proc.wait(10)


def _tell(proc: subprocess.Popen, line: str) -> None:
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(line + "\n")
    proc.stdin.flush()
    assert proc.stdout.readline().strip() == "ok"


def _read_card(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(_command("read_card", *args), cwd=REPO, capture_output=True, text=True, timeout=60)


_KEYS = {
    "resident": {"address", "nation"},
    "resident_long_term": {"address", "nation"},
    "hmt_residence": {"address", "nation", "pass_number", "issue_count"},
    "foreign_2017": {"name_en", "nation", "nationality"},
    "foreign_2023": {"name_en", "nation", "nationality"},
}
_COMMON = {"card_type", "name", "gender", "birth_date", "id_number", "issuer", "valid_from", "valid_until",
           "photo_sha256"}


def test_read_card_json_for_every_card_type(simulate_reader) -> None:
    link, proc = simulate_reader
    for name, extra in _KEYS.items():
        _tell(proc, f"insert {name}")
        done = _read_card("--port", link, "--baud", "115200", "--json")
        assert done.returncode == 0, done.stderr
        data = json.loads(done.stdout)
        assert set(data) == _COMMON | extra
        assert data == sim_card(name).to_json()
        expected_types = {"resident": "resident", "resident_long_term": "resident", "hmt_residence": "hmt_residence",
                          "foreign_2017": "foreign_permanent_2017", "foreign_2023": "foreign_permanent_2023"}
        assert data["card_type"] == expected_types[name]
    assert data["nationality"] == "KAZ" and data["nation"] is None


def test_read_card_failures_exit_non_zero_with_one_line(simulate_reader, tmp_path: Path) -> None:
    link, proc = simulate_reader
    _tell(proc, "remove")
    no_card = _read_card("--port", link, "--json")
    _tell(proc, f"insert {SIM_CARDS / 'resident.json'}")
    _tell(proc, "fault bad_checksum 30")
    protocol_fault = _read_card("--port", link, "--json", "--timeout", "0.2")
    no_reader = _read_card("--port", str(tmp_path / "missing"), "--baud", "115200", "--json")
    master, slave = os.openpty()   # a port where nothing answers
    try:
        silent = _read_card("--port", os.ttyname(slave), "--baud", "115200", "--json", "--timeout", "0.1")
    finally:
        os.close(master)
        os.close(slave)
    for done, code, words in ((no_card, 1, "no card"), (protocol_fault, 5, "checksum"), (no_reader, 3, "open"),
                              (silent, 4, "no complete reply")):
        assert done.returncode == code, done.stderr
        assert done.stdout == ""
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and words in lines[0]
