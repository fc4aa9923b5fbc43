"""Printing benchmark: font load, warm render times, and approval → job accepted by CUPS.

    .venv/bin/python -m benchmarks.printing [--runs 30]

The CUPS part starts the same private scheduler with a cups-pdf queue as the tests (root needed); without it
that part is skipped and says why.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from printing_fixtures import SAMPLE_FIELDS, CupsServer

from devices.printer.cups import CupsPrinter
from domain.license_signing import new_private_key_pem, public_key_pem, sign_license
from kiosk.documents.license import LicenseRenderer
from kiosk.documents.receipt import ReceiptData, render_receipt


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """(median, worst) in ms."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), max(samples)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs

    start = time.perf_counter()
    renderer = LicenseRenderer()
    print(f"start-up (template + CJK font parse, once):   {(time.perf_counter() - start) * 1000:7.1f} ms")

    key = new_private_key_pem()
    public = public_key_pem(key)
    signed = sign_license(SAMPLE_FIELDS, key)
    receipt = ReceiptData("R20261121-0042", dt.datetime.now(), "sd-qd-001", "manual_review",
                          "370202199001011234", "Zx9Qm2Lr7Tt0Vb4Nc8Hd1Jk6Pw3Ys5Ug0Ae2Fo9Ri7Ml", None)
    cases = {
        "license 正本 (verify + render, warm)": lambda: renderer.render_signed(signed, public, copy="original"),
        "license 副本 (verify + render, warm)": lambda: renderer.render_signed(signed, public, copy="duplicate"),
        "license 正本 plain paper (warm)": lambda: renderer.render(SAMPLE_FIELDS, plain=True),
        "receipt 80 mm (warm)": lambda: render_receipt(receipt, paper="receipt80"),
    }
    renderer.render(SAMPLE_FIELDS)          # first render builds reportlab caches
    for name, fn in cases.items():
        median, worst = timed(fn, runs)
        flag = "ok" if median <= 100 else "OVER 100 ms GOAL"
        print(f"{name:45s} median {median:6.1f} ms  max {worst:6.1f} ms  {flag}")

    missing = [t for t in ("cupsd", "lpadmin", "lp", "lpstat") if not shutil.which(t)]
    if missing or os.geteuid() != 0:
        print(f"approval → CUPS: skipped ({'missing ' + ', '.join(missing) if missing else 'needs root'})")
        return 0
    server = CupsServer(Path(tempfile.mkdtemp(prefix="kiosk-cups-bench-")))
    try:
        server.start()
        server.add_pdf_queue("kiosk_bench")
        printer = CupsPrinter("kiosk_bench", server=server.socket, poll_interval_s=0.05)
        accepted, completed = [], []
        for i in range(min(runs, 10)):
            start = time.perf_counter()
            job = printer.submit(renderer.render_signed(signed, public), f"license-bench-{i}")
            accepted.append((time.perf_counter() - start) * 1000)
            printer.wait(job)
            completed.append((time.perf_counter() - start) * 1000)
        print(f"{'approval → job accepted by CUPS':45s} median {statistics.median(accepted):6.1f} ms  "
              f"max {max(accepted):6.1f} ms")
        print(f"{'approval → job completed (cups-pdf via gs)':45s} median {statistics.median(completed):6.1f} ms  "
              f"max {max(completed):6.1f} ms")
    finally:
        server.stop()
        shutil.rmtree(server.root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
