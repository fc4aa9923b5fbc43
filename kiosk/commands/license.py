"""`kiosk license render` — a license PDF from its data, for staff reprints and printer calibration."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HELP = "Render a business license PDF from license data (reprints, printer calibration)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    render = sub.add_parser("render", help="write the PDF of one copy of a license",
                            description="Write the PDF of one copy. The JSON is either signed license data "
                                        "({\"fields\": ..., \"signature\": ...}, checked against --public-key) "
                                        "or, with --unsigned, bare fields for calibration prints marked 样张.")
    render.add_argument("--from-json", required=True, type=Path, metavar="FILE", help="license data (JSON)")
    render.add_argument("--out", required=True, type=Path, metavar="PDF", help="output PDF file")
    render.add_argument("--copy", choices=("original", "duplicate"), default="original",
                        help="正本 (A3, default) or 副本 (A4)")
    render.add_argument("--plain", action="store_true",
                        help="plain paper: also draw border, title and footer of the blank (previews)")
    render.add_argument("--public-key", type=Path, metavar="PEM",
                        help="back office license public key (default: DATA_DIR/license_key.pem)")
    render.add_argument("--unsigned", action="store_true",
                        help="accept data without a signature; the page is marked 样张 (calibration prints)")
    calibrate = sub.add_parser("calibrate", help="write a page outlining the blank's areas at the configured offset",
                               description="Print it on plain paper and lay it on a blank against the light: "
                                           "borders, title, 年 月 日, field areas, QR and seal areas are outlined. "
                                           "Adjust printer_offset_x_mm / printer_offset_y_mm until they match.")
    calibrate.add_argument("--out", required=True, type=Path, metavar="PDF", help="output PDF file")
    calibrate.add_argument("--copy", choices=("original", "duplicate"), default="original",
                           help="正本 (A3, default) or 副本 (A4)")


def run(args: argparse.Namespace) -> int:
    from domain.license_signing import LicenseSignatureError
    from kiosk.config import ConfigError, load_config
    from kiosk.documents.license import LicenseDataError, LicenseRenderer

    try:
        config = load_config()
        data = json.loads(args.from_json.read_text(encoding="utf-8")) if args.action == "render" else None
    except (ConfigError, OSError, ValueError) as exc:
        print(f"kiosk license: {exc}", file=sys.stderr)
        return 2
    renderer = LicenseRenderer.for_config(config)
    if args.action == "calibrate":
        args.out.write_bytes(renderer.calibration(args.copy))
        print(f"wrote {args.out} (calibration page, {args.copy}, offset {renderer.offset_mm} mm)")
        return 0
    try:
        if args.unsigned:
            fields = data.get("fields", data)
            pdf = renderer.render(fields, copy=args.copy, plain=args.plain, specimen=True)
        else:
            key_file = args.public_key or config.data_dir / "license_key.pem"
            pdf = renderer.render_signed(data, key_file.read_bytes(), copy=args.copy, plain=args.plain)
    except OSError as exc:
        print(f"kiosk license: cannot read the public key: {exc}", file=sys.stderr)
        return 2
    except LicenseSignatureError as exc:
        print(f"kiosk license: refusing to render: {exc} (use --unsigned only for test prints)", file=sys.stderr)
        return 1
    except LicenseDataError as exc:
        print(f"kiosk license: {exc}", file=sys.stderr)
        return 1
    args.out.write_bytes(pdf)
    print(f"wrote {args.out} ({args.copy}{', plain paper' if args.plain else ''}, {len(pdf)} bytes)")
    return 0
