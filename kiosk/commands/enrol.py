"""`kiosk enrol --backoffice URL --code CODE` — trade a one-time enrolment code for this terminal's identity.

The back office (POST /api/v1/enrolments, unsigned: the terminal has no secret yet) answers with the terminal
id, its secret, its jurisdiction and the license-signing public key. They go into the site configuration
file, rewritten atomically with mode 0600 and its previous owner (the kiosk user), so only the kiosk can read
the secret. The secret is never printed or logged. A signed request then shows whether the enrolment works.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

HELP = "Enrol this terminal with a one-time code from the back office (writes id, secret and URL to the config)."

_ENROL_PATH = "api/v1/enrolments"


class EnrolError(Exception):
    def __init__(self, message: str, message_zh: str) -> None:
        super().__init__(message)
        self.message_zh = message_zh


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--backoffice", required=True, metavar="URL", help="the back office's base URL")
    parser.add_argument("--code", required=True, help="the one-time enrolment code (dashes and case do not matter)")
    parser.add_argument("--ca-file", default="", metavar="PEM",
                        help="CA that signed the back office's certificate (a private CA); kept in the configuration")
    parser.add_argument("--config", type=Path, metavar="FILE",
                        help="configuration file to write (default: $KIOSK_CONFIG or /etc/kiosk/kiosk.toml)")


def redeem(base_url: str, code: str, timeout_s: float = 15.0, ca_file: str = "") -> dict[str, Any]:
    import requests

    url = base_url.rstrip("/") + "/" + _ENROL_PATH
    try:
        resp = requests.post(url, json={"code": code}, timeout=timeout_s, verify=ca_file or True)
    except requests.RequestException as exc:
        raise EnrolError(f"{url} does not answer: {type(exc).__name__}",
                         "无法连接后台，请检查网络和后台地址。") from None
    try:
        body = resp.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        body = {}
    if resp.status_code != 200 or "secret" not in body:
        raise EnrolError(f"enrolment refused: {body.get('detail', f'HTTP {resp.status_code}')}",
                         body.get("message_zh", "后台拒绝了注册请求。"))
    return body


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def updated_config_text(text: str, values: dict[str, str]) -> str:
    """The file with each key's line replaced (or appended), every other line and comment kept."""
    for key, value in values.items():
        line = f"{key} = {_toml_string(value)}"
        pattern = re.compile(rf"^{re.escape(key)}\s*=.*$", re.MULTILINE)
        if pattern.search(text):
            text = pattern.sub(lambda _m, line=line: line, text, count=1)
        else:
            text = (text if text.endswith("\n") or not text else text + "\n") + line + "\n"
    return text


def write_private(path: Path, text: str) -> None:
    """Replace path atomically with text, mode 0600, keeping the old file's owner when run as root."""
    from kiosk.config import load_config

    owner = path.stat() if path.exists() else None
    fd, tmp_name = tempfile.mkstemp(prefix=".kiosk-", suffix=".toml", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        load_config(tmp, env={})   # never leave a configuration the kiosk cannot start with
        if owner is not None and os.geteuid() == 0:
            os.chown(tmp, owner.st_uid, owner.st_gid)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def run(args: argparse.Namespace) -> int:
    from kiosk.config import SITE_FILE, ConfigError, clear_text_to_remote, load_config
    from kiosk.doctor import Context
    from kiosk.doctor.backoffice import enrolment

    if not args.backoffice.startswith(("http://", "https://")):
        print("kiosk enrol: --backoffice must be an http(s) URL", file=sys.stderr)
        return 2
    if clear_text_to_remote(args.backoffice):
        print("kiosk enrol: 明文 http 仅限本机，请改用 https。\n  plain http:// is only allowed to this machine: the "
              "secret and later ID numbers would cross the network unencrypted", file=sys.stderr)
        return 2
    path: Path = args.config or Path(os.environ.get("KIOSK_CONFIG", SITE_FILE))
    base = args.backoffice if args.backoffice.endswith("/") else args.backoffice + "/"
    try:
        reply = redeem(base, args.code, ca_file=args.ca_file)
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        write_private(path, updated_config_text(text, {
            "terminal_id": reply["terminal_id"], "terminal_secret": reply["secret"], "backoffice_url": base,
            "division_code": reply["division_code"],
            "backoffice_ca_file": str(Path(args.ca_file).resolve()) if args.ca_file else ""}))
        config = load_config(path)
    except EnrolError as exc:
        print(f"kiosk enrol: {exc.message_zh}\n  {exc}", file=sys.stderr)
        return 1
    except (ConfigError, OSError) as exc:
        print(f"kiosk enrol: 无法写入配置文件。\n  cannot write {path}: {exc}", file=sys.stderr)
        return 1
    # The key that verifies printed licenses, cached where the terminal looks first when offline.
    config.data_dir.mkdir(parents=True, exist_ok=True)
    (config.data_dir / "license_key.pem").write_text(reply["license_public_key_pem"])
    check = enrolment(Context(config))
    print(f"terminal {config.terminal_id} enrolled with {base} (division {config.division_code}); "
          f"configuration written to {path}")
    print(f"check: {check.status} — {check.detail}")
    if check.status != "pass":
        print(f"  → {check.hint}")
        return 1
    return 0
