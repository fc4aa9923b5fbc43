"""kiosk-backoffice: serve the API, enrol terminals, export reports. The schema is migrated at every start."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

_ENV_DB = "KIOSK_BACKOFFICE_DB"
_ENV_KEYS = "KIOSK_BACKOFFICE_KEYS"
_ENV_CONFIG = "KIOSK_BACKOFFICE_CONFIG"


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", required=True,
                   help="database URL (postgresql://user@host/db) or a SQLite file path / sqlite:/// URL")
    p.add_argument("--keys", type=Path, default=None,
                   help="key file (data key + license signing key); default: next to a SQLite file, "
                        "else $KIOSK_BACKOFFICE_KEYS or ./backoffice.keys. Created if missing")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk-backoffice", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="serve API v1 over HTTP (uvicorn)")
    _common(serve)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1,
                       help="worker processes, each accepting on its own SO_REUSEPORT socket (use more than 1 "
                            "with PostgreSQL only; about one per core)")
    serve.add_argument("--config", type=Path, default=None, help="TOML file of back-office settings")
    serve.add_argument("--tls-cert", type=Path, default=None,
                       help="PEM certificate (chain) to serve HTTPS with; with --tls-key. Without them, serve plain "
                            "HTTP only on loopback or behind a TLS reverse proxy (docs/SECURITY.md)")
    serve.add_argument("--tls-key", type=Path, default=None, help="PEM private key of --tls-cert")

    enrol = sub.add_parser("create-terminal", help="enrol a terminal (or rotate its secret) and print it")
    _common(enrol)
    enrol.add_argument("--id", required=True, dest="terminal_id")
    enrol.add_argument("--secret", default=None, help="use this secret instead of a random one")
    enrol.add_argument("--division", default="370702",
                       help="the terminal's county-level jurisdiction (GB/T 2260), default 370702")
    enrol.add_argument("--json", action="store_true", help='print {"terminal_id", "secret"} as JSON')

    export = sub.add_parser("export", help="export registrations (no personal data) for reports")
    _common(export)
    export.add_argument("--format", choices=("csv", "jsonl"), default="csv")
    export.add_argument("--output", type=Path, default=None, help="file to write (default: stdout)")

    user = sub.add_parser("create-staff", help="create a staff account for the web pages (or reset its password)")
    _common(user)
    user.add_argument("--user", required=True, help="login name (at most 32 characters)")
    user.add_argument("--role", required=True, choices=("reviewer", "manager"))
    user.add_argument("--division", action="append", required=True, dest="divisions",
                      help="a county (GB/T 2260) whose cases this account sees; repeat for several")
    user.add_argument("--password-stdin", action="store_true",
                      help="read the password from the first line of stdin instead of prompting twice")

    where = sub.add_parser("set-divisions", help="give a staff account its districts (replacing the old ones)")
    _common(where)
    where.add_argument("--user", required=True)
    where.add_argument("--division", action="append", required=True, dest="divisions",
                       help="a county (GB/T 2260); repeat for several")

    for noun, flag, dest in (("staff", "--user", "username"), ("terminal", "--id", "terminal_id")):
        for verb, what in (("disable", "refuse from now on (audited)"), ("enable", "accept again (audited)")):
            p = sub.add_parser(f"{verb}-{noun}", help=f"{what}: a {noun}")
            _common(p)
            p.add_argument(flag, required=True, dest=dest)
            p.set_defaults(noun=noun, active=verb == "enable")

    code = sub.add_parser("enrolment-code", help="issue a one-time enrolment code for a terminal")
    _common(code)
    code.add_argument("--terminal-id", required=True)
    code.add_argument("--division", default="370702", help="the terminal's county-level jurisdiction")
    code.add_argument("--ttl-hours", type=int, default=24, help="hours the code stays valid (default 24)")
    code.add_argument("--json", action="store_true", help='print {"code", "terminal_id", "expires_at"} as JSON')

    register = sub.add_parser("import-names", help="load the authority's name register (CSV: name,字号,行业,"
                                                   "division,status,date); names are compared with it")
    _common(register)
    register.add_argument("file", type=Path, help="UTF-8 CSV with a header row; loading it again updates")
    return parser


def app_from_env():  # type: ignore[no-untyped-def]
    """uvicorn factory for worker processes: they get their arguments through the environment."""
    from backoffice.app import Backoffice, create_app
    from backoffice.settings import Settings

    config = os.environ.get(_ENV_CONFIG)
    return create_app(Backoffice.open(os.environ[_ENV_DB], keys_path=Path(os.environ[_ENV_KEYS]),
                                      settings=Settings.load(Path(config) if config else None)))


def _serve(args: argparse.Namespace) -> int:
    from backoffice.app import Backoffice
    from backoffice.keys import default_key_path

    if (args.tls_cert is None) != (args.tls_key is None):
        print("kiosk-backoffice: --tls-cert and --tls-key go together", file=sys.stderr)
        return 2
    tls = ({"ssl_certfile": str(args.tls_cert.resolve()), "ssl_keyfile": str(args.tls_key.resolve())}
           if args.tls_cert else {})

    keys = args.keys or default_key_path(args.db)
    Backoffice.open(args.db, keys_path=keys).engine.dispose()   # migrate and create keys once, up front
    os.environ[_ENV_DB] = args.db
    os.environ[_ENV_KEYS] = str(keys.resolve())
    if args.config:
        os.environ[_ENV_CONFIG] = str(args.config.resolve())
    if args.workers > 1:
        from backoffice.serving import serve

        serve("backoffice.cli:app_from_env", host=args.host, port=args.port, workers=args.workers, tls=tls)
    else:
        import uvicorn

        uvicorn.run("backoffice.cli:app_from_env", factory=True, host=args.host, port=args.port,
                    log_level="info", access_log=False, **tls)
    return 0


def _create_terminal(args: argparse.Namespace) -> int:
    from backoffice.app import Backoffice
    from backoffice.terminals import enrol

    bo = Backoffice.open(args.db, keys_path=args.keys)
    try:
        secret = enrol(bo.engine, bo.keys, args.terminal_id, secret=args.secret, division_code=args.division)
    except ValueError as exc:
        print(f"kiosk-backoffice: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps({"terminal_id": args.terminal_id, "secret": secret}))
    else:
        print(f"terminal {args.terminal_id} (division {args.division}) secret: {secret}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from backoffice.app import Backoffice
    from backoffice.export import write

    bo = Backoffice.open(args.db, keys_path=args.keys)
    if args.output:
        with args.output.open("w", encoding="utf-8", newline="") as f:
            count = write(bo.engine, f, args.format)
    else:
        count = write(bo.engine, sys.stdout, args.format)
    print(f"exported {count} registrations", file=sys.stderr)
    return 0


def _create_staff(args: argparse.Namespace) -> int:
    import getpass

    from backoffice.app import Backoffice
    from backoffice.staff import create_staff

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("密码 / password: ")
        if getpass.getpass("再次输入 / again: ") != password:
            print("kiosk-backoffice: the passwords differ", file=sys.stderr)
            return 2
    bo = Backoffice.open(args.db, keys_path=args.keys)
    try:
        create_staff(bo.engine, args.user, args.role, password, args.divisions)
    except ValueError as exc:
        print(f"kiosk-backoffice: {exc}", file=sys.stderr)
        return 2
    print(f"staff account {args.user} ({args.role}, {', '.join(args.divisions)}) saved")
    return 0


def _set_divisions(args: argparse.Namespace) -> int:
    from backoffice.app import Backoffice
    from backoffice.staff import set_divisions

    bo = Backoffice.open(args.db, keys_path=args.keys)
    try:
        set_divisions(bo.engine, args.user, args.divisions, actor="cli")
    except (ValueError, LookupError) as exc:
        print(f"kiosk-backoffice: {exc}", file=sys.stderr)
        return 2
    print(f"staff account {args.user}: {', '.join(args.divisions)}")
    return 0


def _set_active(args: argparse.Namespace) -> int:
    from backoffice import staff, terminals
    from backoffice.app import Backoffice

    bo = Backoffice.open(args.db, keys_path=args.keys)
    name = args.username if args.noun == "staff" else args.terminal_id
    change = staff.set_active if args.noun == "staff" else terminals.set_active
    try:
        change(bo.engine, name, args.active, actor="cli")
    except LookupError:
        print(f"kiosk-backoffice: no {args.noun} {name!r}", file=sys.stderr)
        return 2
    print(f"{args.noun} {name} {'enabled' if args.active else 'disabled'}")
    return 0


def _enrolment_code(args: argparse.Namespace) -> int:
    from backoffice.app import Backoffice
    from backoffice.enrolment import issue_code

    bo = Backoffice.open(args.db, keys_path=args.keys)
    try:
        issued = issue_code(bo.engine, args.terminal_id, division_code=args.division, ttl_hours=args.ttl_hours,
                            created_by="cli")
    except ValueError as exc:
        print(f"kiosk-backoffice: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps({"code": issued.code, "terminal_id": issued.terminal_id,
                          "division_code": issued.division_code, "expires_at": issued.expires_at.isoformat()}))
    else:
        print(f"terminal {issued.terminal_id} enrolment code: {issued.code} "
              f"(single use, valid until {issued.expires_at:%Y-%m-%d %H:%M} UTC)")
    return 0


def _import_names(args: argparse.Namespace) -> int:
    from backoffice.app import Backoffice
    from backoffice.name_register import RegisterFileError, import_names

    bo = Backoffice.open(args.db, keys_path=args.keys)
    try:
        stats = import_names(bo.engine, args.file)
    except (RegisterFileError, OSError) as exc:
        print(f"kiosk-backoffice: {getattr(exc, 'message_zh', exc)}（未导入任何名称）", file=sys.stderr)
        return 2
    print(f"imported {stats.rows} names in {stats.seconds:.1f} s")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    commands = {"serve": _serve, "create-terminal": _create_terminal, "export": _export,
                "create-staff": _create_staff, "enrolment-code": _enrolment_code, "import-names": _import_names,
                "set-divisions": _set_divisions, "disable-staff": _set_active, "enable-staff": _set_active,
                "disable-terminal": _set_active, "enable-terminal": _set_active}
    return commands[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
