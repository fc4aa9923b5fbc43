"""ID card reader benchmark: host-side processing per read, and end-to-end reads against the physical floor.

    .venv/bin/python -m benchmarks.idcard [--reads N] [--card-delay S] [--baud B]

Host processing is everything the host does for one find/select/read apart from waiting on the line: frame
building, reassembly, parsing and number checks (goal < 2 ms). End-to-end reads go through pyserial to the
realtime simulator on a pty; the floor is the wire time of every byte exchanged plus the card delay
(goal: within 10 %).
"""

from __future__ import annotations

import argparse
import statistics
import time

from devices.idcard import protocol as p
from devices.idcard.card_codec import decode_card, split_read_base
from devices.idcard.checks import check_card
from devices.idcard.serial_reader import SerialCardReader
from devices.idcard.simulator import ReaderSimulator, encode_card, sim_card

FIND_OK = p.build_response(0x9F, bytes(4))
SELECT_OK = p.build_response(0x90, bytes(8))


def host_read(replies: list[bytes], chunk: int) -> None:
    """One read's host work, replies arriving in pieces of `chunk` bytes."""
    for op, reply in zip((p.FIND, p.SELECT, p.READ_BASE), replies, strict=True):
        assert op.frame
        scanner = p.FrameScanner()
        payload = None
        for i in range(0, len(reply), chunk):
            scanner.feed(reply[i:i + chunk])
            scanner.wanted()
            payload = scanner.next_payload()
        assert payload is not None
    card = decode_card(*split_read_base(p.Response.from_payload(payload).data)[:2])
    check_card(card)


def bench_host(iterations: int = 2000) -> None:
    replies = [FIND_OK, SELECT_OK, encode_card(sim_card("resident"))]
    host_read(replies, 4096)   # warm caches (division table, imports)
    for label, chunk in (("whole frames", 4096), ("64-byte pieces", 64)):
        times = []
        for _ in range(iterations):
            start = time.perf_counter()
            host_read(replies, chunk)
            times.append(time.perf_counter() - start)
        print(f"host processing per full read ({label}): median {statistics.median(times) * 1e3:.3f} ms, "
              f"p99 {sorted(times)[int(len(times) * 0.99)] * 1e3:.3f} ms  (goal < 2 ms)")


def bench_end_to_end(reads: int, card_delay_s: float, baud: int) -> None:
    simulator = ReaderSimulator([sim_card("resident")], baud=baud, realtime=True, card_delay_s=card_delay_s)
    reader = SerialCardReader(simulator.start(), baud)
    try:
        reader.read_card()   # open the port, warm up
        times = []
        for _ in range(reads):
            start = time.perf_counter()
            assert reader.read_card() is not None
            times.append(time.perf_counter() - start)
    finally:
        reader.close()
        simulator.stop()
    exchanged = len(p.FIND.frame) + len(FIND_OK) + len(p.SELECT.frame) + len(SELECT_OK) + len(p.READ_BASE.frame) + 1295
    floor = p.wire_time(exchanged, baud) + card_delay_s
    mean = statistics.mean(times)
    print(f"end-to-end read at {baud} baud, card delay {card_delay_s * 1e3:.0f} ms, {reads} reads: "
          f"mean {mean * 1e3:.1f} ms, min {min(times) * 1e3:.1f} ms, max {max(times) * 1e3:.1f} ms")
    print(f"  physical floor: 1295-byte reply {p.wire_time(1295, baud) * 1e3:.1f} ms; all {exchanged} bytes "
          f"exchanged {p.wire_time(exchanged, baud) * 1e3:.1f} ms + card delay = {floor * 1e3:.1f} ms")
    print(f"  mean / floor = {mean / floor:.3f}  (goal <= 1.10)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reads", type=int, default=10)
    parser.add_argument("--card-delay", type=float, default=0.6, metavar="S")
    parser.add_argument("--baud", type=int, default=115200)
    args = parser.parse_args()
    bench_host()
    bench_end_to_end(args.reads, args.card_delay, args.baud)


if __name__ == "__main__":
    main()
