"""`kiosk read-card`: read one ID card from the serial reader and print it."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

HELP = "Read one ID card from the serial SAM reader and print it (--json: one read-card JSON object)."

EXIT_NO_CARD, EXIT_CONFIG, EXIT_NO_READER, EXIT_TIMEOUT, EXIT_PROTOCOL, EXIT_CARD, EXIT_SAM = 1, 2, 3, 4, 5, 6, 7

_LABELS = {"card_type": "证件类型", "name": "姓名", "name_en": "英文姓名", "gender": "性别", "nation": "民族",
           "birth_date": "出生日期", "address": "住址", "id_number": "证件号码", "issuer": "签发机关",
           "valid_from": "有效期起", "valid_until": "有效期至", "nationality": "国籍", "pass_number": "通行证号码",
           "issue_count": "签发次数", "photo_sha256": "照片SHA-256"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", help="serial port, e.g. /dev/ttyUSB0; 'sim' reads from a built-in simulator "
                                       "(default: reader_port from the configuration)")
    parser.add_argument("--baud", type=int, help="line speed (default: reader_baud from the configuration)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--timeout", type=float, default=3.0, metavar="S",
                        help="longest wait for one reply, beyond its wire time (default 3)")
    parser.add_argument("--card", type=Path, metavar="FILE.json",
                        help="with --port sim: the card on the simulated reader (default: a resident card)")


def _fail(message: str, code: int) -> int:
    print(f"kiosk read-card: {message}", file=sys.stderr)
    return code


def _exit_code(exc: Exception) -> int:
    from devices.idcard import errors as e

    for kind, code in ((e.ReaderUnavailable, EXIT_NO_READER), (e.ReaderTimeout, EXIT_TIMEOUT),
                       (e.ProtocolError, EXIT_PROTOCOL), (e.HostFrameRejected, EXIT_PROTOCOL),
                       (e.SamError, EXIT_SAM)):
        if isinstance(exc, kind):
            return code
    return EXIT_CARD


def run(args: argparse.Namespace) -> int:
    from devices.idcard.base import ReaderError
    from devices.idcard.serial_reader import SerialCardReader
    from devices.idcard.simulator import ReaderSimulator, load_card, sim_card

    port, baud = args.port, args.baud
    if port is None or baud is None:
        from kiosk.config import ConfigError, load_config

        try:
            config = load_config()
        except ConfigError as exc:
            return _fail(str(exc), EXIT_CONFIG)
        port, baud = port or config.reader_port, baud or config.reader_baud
    simulator = None
    if port == "sim":
        simulator = ReaderSimulator([load_card(args.card) if args.card else sim_card("resident")], baud=baud)
        port = simulator.start()
    reader = SerialCardReader(port, baud, timeout_s=args.timeout)
    try:
        card = reader.read_card()
    except ReaderError as exc:
        return _fail(f"{exc} ({exc.message_zh})", _exit_code(exc))
    finally:
        reader.close()
        if simulator is not None:
            simulator.stop()
    if card is None:
        return _fail("no card on the reader (请将证件放在读卡区)", EXIT_NO_CARD)
    data = card.to_json()
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
    else:
        for key, value in data.items():
            print(f"{_LABELS[key]}: {'长期' if key == 'valid_until' and value is None else value}")
    if card.is_expired(dt.date.today()):
        print(f"kiosk read-card: note: this card expired on {card.valid_until} (证件已过期)", file=sys.stderr)
    return 0
