"""Terminal configuration: documented defaults in defaults.toml, a site file, then KIOSK_<KEY> variables."""

from __future__ import annotations

import dataclasses
import ipaddress
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from domain.card import CardType

DEFAULTS_FILE = Path(__file__).with_name("defaults.toml")
SITE_FILE = Path("/etc/kiosk/kiosk.toml")
ENV_PREFIX = "KIOSK_"


class ConfigError(ValueError):
    """A configuration value is missing or invalid; the message names the key."""


def clear_text_to_remote(url: str) -> bool:
    """True for an http:// URL to anything but this machine: personal data would cross a network in clear."""
    parts = urlsplit(url)
    if parts.scheme != "http":
        return False
    host = parts.hostname or ""
    if host == "localhost":
        return False
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return True   # a name other than localhost may resolve anywhere


@dataclass(frozen=True)
class Config:
    terminal_id: str
    terminal_secret: str
    backoffice_url: str
    backoffice_timeout_s: float
    backoffice_ca_file: str      # PEM of the CA that signed the back office's certificate; "" = system CAs
    division_code: str
    data_dir: Path
    reader_port: str
    reader_baud: int
    reader_poll_interval_s: float
    camera_source: str
    camera_width: int
    camera_height: int
    printer: str
    receipt_paper: str
    idle_timeout_s: int
    idle_countdown_s: int
    card_grace_s: int
    language: str
    served_card_types: str
    decision_wait_s: float
    liveness_required: bool
    pickup_face_check: bool
    license_name_placeholder: str
    verification_url_base: str
    queue_retry_base_s: float
    queue_retry_max_s: float
    queue_breaker_failures: int
    queue_breaker_cooldown_s: float
    queue_dead_retention_days: float
    face_min_width_ratio: float
    face_max_width_ratio: float
    face_center_tolerance: float
    face_max_roll_deg: float
    face_max_yaw_ratio: float
    face_max_pitch_deg: float
    face_min_eye_open: float
    face_max_eye_glare: float
    face_min_sharpness: float
    face_min_brightness: float
    face_max_brightness: float
    face_min_contrast: float
    face_max_light_imbalance: float
    face_consecutive_frames: int
    face_liveness_timeout_frames: int
    face_compare_engine: str
    face_compare_certified: bool
    face_compare_match_max: float
    face_compare_refer_max: float
    photo_decoder: str
    printer_offset_x_mm: float
    printer_offset_y_mm: float
    document_font_path: str
    license_seals_dir: str
    premises_streets: str
    voice_engine: str
    voice_pack_dir: str
    reader_timeout_s: float
    reader_retries: int
    technician_lockout_s: float

    def __post_init__(self) -> None:
        _check(self)

    def replace(self, **changes: Any) -> Config:
        return dataclasses.replace(self, **changes)

    @property
    def embedded_backoffice(self) -> bool:
        return not self.backoffice_url

    @property
    def served_cards(self) -> frozenset[CardType]:
        return frozenset(CardType(t.strip()) for t in self.served_card_types.split(",") if t.strip())

    @property
    def streets(self) -> tuple[str, ...]:
        return tuple(t.strip() for t in self.premises_streets.split(",") if t.strip())

    @property
    def voice_pack(self) -> Path:
        return Path(self.voice_pack_dir) if self.voice_pack_dir else self.data_dir / "voice"

    @property
    def queue_path(self) -> Path:
        return self.data_dir / "queue.sqlite3"

    @property
    def key_file(self) -> Path:
        return self.data_dir / "queue.key"


_VALID_BAUDS = {9600, 19200, 38400, 57600, 115200}


def _check(c: Config) -> None:
    def need(ok: bool, key: str, why: str) -> None:
        if not ok:
            raise ConfigError(f"invalid configuration: {key} = {getattr(c, key)!r}: {why}")

    need(bool(c.terminal_id.strip()), "terminal_id", "must not be empty")
    need(bool(c.terminal_secret), "terminal_secret", "must not be empty")
    need(c.backoffice_url == "" or c.backoffice_url.startswith(("http://", "https://")),
         "backoffice_url", "must be empty (embedded) or an http(s) URL")
    need(not clear_text_to_remote(c.backoffice_url), "backoffice_url",
         "plain http:// is only allowed to this machine (loopback): ID numbers and face photos would cross the "
         "network unencrypted. Use https:// (set backoffice_ca_file for a private CA) / 明文 http 仅限本机，"
         "请改用 https")
    need(c.backoffice_ca_file == "" or Path(c.backoffice_ca_file).is_file(), "backoffice_ca_file",
         "must be empty (system CAs) or an existing PEM file")
    need(c.backoffice_timeout_s > 0, "backoffice_timeout_s", "must be positive")
    need(len(c.division_code) == 6 and c.division_code.isdigit() and not c.division_code.endswith("00"),
         "division_code", "must be a six-digit county-level GB/T 2260 code")
    need(bool(c.reader_port), "reader_port", "must be a serial port path or 'sim'")
    need(c.reader_baud in _VALID_BAUDS, "reader_baud", f"must be one of {sorted(_VALID_BAUDS)}")
    need(c.reader_poll_interval_s > 0, "reader_poll_interval_s", "must be positive")
    need(bool(c.camera_source), "camera_source", "must be a device index, file, URL or 'sim'")
    need(160 <= c.camera_width <= 4096, "camera_width", "must be between 160 and 4096")
    need(120 <= c.camera_height <= 4096, "camera_height", "must be between 120 and 4096")
    need(bool(c.printer) and c.printer != "dir:", "printer", "must be a CUPS queue name or dir:PATH")
    need(c.receipt_paper in ("receipt80", "a4"), "receipt_paper", "must be 'receipt80' or 'a4'")
    need(c.idle_timeout_s >= 10, "idle_timeout_s", "must be at least 10 seconds")
    need(c.idle_countdown_s >= 3, "idle_countdown_s", "must be at least 3 seconds")
    need(0 <= c.card_grace_s <= 120, "card_grace_s", "must be between 0 and 120 seconds")
    try:
        need(bool(c.served_cards), "served_card_types", "must name at least one card type")
    except ValueError:
        need(False, "served_card_types", f"card types are {', '.join(t.value for t in CardType)}")
    need(c.decision_wait_s >= 0, "decision_wait_s", "must not be negative")
    need(c.language in ("zh_CN", "en"), "language", "must be 'zh_CN' or 'en'")
    need(c.verification_url_base.startswith(("http://", "https://")), "verification_url_base",
         "must be an http(s) URL")
    need(c.queue_retry_base_s > 0, "queue_retry_base_s", "must be positive")
    need(c.queue_retry_max_s >= c.queue_retry_base_s, "queue_retry_max_s", "must be at least queue_retry_base_s")
    need(c.queue_breaker_failures >= 1, "queue_breaker_failures", "must be at least 1")
    need(c.queue_breaker_cooldown_s > 0, "queue_breaker_cooldown_s", "must be positive")
    need(c.queue_dead_retention_days > 0, "queue_dead_retention_days", "must be positive")
    need(0 < c.face_min_width_ratio < c.face_max_width_ratio <= 1, "face_min_width_ratio",
         "must be positive and below face_max_width_ratio (at most 1)")
    need(0 < c.face_center_tolerance <= 0.5, "face_center_tolerance", "must be in (0, 0.5]")
    need(0 < c.face_max_roll_deg <= 45, "face_max_roll_deg", "must be in (0, 45]")
    need(c.face_max_yaw_ratio > 0, "face_max_yaw_ratio", "must be positive")
    need(0 < c.face_max_pitch_deg <= 45, "face_max_pitch_deg", "must be in (0, 45]")
    need(0 <= c.face_min_eye_open < 0.5, "face_min_eye_open", "must be in [0, 0.5)")
    need(0 < c.face_max_eye_glare <= 1, "face_max_eye_glare", "must be in (0, 1]")
    need(c.face_min_sharpness >= 0, "face_min_sharpness", "must not be negative")
    need(0 <= c.face_min_brightness < c.face_max_brightness <= 255, "face_min_brightness",
         "must be below face_max_brightness, both within 0–255")
    need(c.face_min_contrast >= 0, "face_min_contrast", "must not be negative")
    need(0 < c.face_max_light_imbalance <= 2, "face_max_light_imbalance", "must be in (0, 2]")
    need(1 <= c.face_consecutive_frames <= 100, "face_consecutive_frames", "must be between 1 and 100")
    need(c.face_liveness_timeout_frames >= 30, "face_liveness_timeout_frames", "must be at least 30")
    need(c.face_compare_engine != "", "face_compare_engine", "must be 'open', 'none' or a plug-in's name")
    need(not (c.face_compare_certified and c.face_compare_engine in ("open", "none")), "face_compare_certified",
         "only a certified plug-in engine may be marked certified; the open engine is advisory")
    need(0 < c.face_compare_match_max <= c.face_compare_refer_max, "face_compare_match_max",
         "must be positive and at most face_compare_refer_max")
    need(c.photo_decoder in ("auto", "none"), "photo_decoder", "must be 'auto' or 'none'")
    need(abs(c.printer_offset_x_mm) <= 20, "printer_offset_x_mm", "must be within ±20 mm")
    need(abs(c.printer_offset_y_mm) <= 20, "printer_offset_y_mm", "must be within ±20 mm")
    need(c.license_seals_dir == "" or Path(c.license_seals_dir).is_dir(), "license_seals_dir",
         "must be an existing folder of <division>.png seal images")
    need(c.document_font_path == "" or Path(c.document_font_path).is_file(), "document_font_path",
         "must be empty (built-in search) or an existing TrueType font file")
    need(0 < c.reader_timeout_s <= 30, "reader_timeout_s", "must be in (0, 30] seconds")
    need(0 <= c.reader_retries <= 10, "reader_retries", "must be between 0 and 10")
    need(60 <= c.technician_lockout_s <= 86400, "technician_lockout_s", "must be between 60 s and one day")
    need(all(t.strip() for t in c.premises_streets.split(",")) or c.premises_streets == "", "premises_streets",
         "must be comma-separated names without empty entries")
    need(c.voice_engine in ("", "pack"), "voice_engine", "must be 'pack' or empty")


def _coerce(key: str, raw: Any, kind: type) -> Any:
    """Turn a TOML value or an environment string into the field's type, naming the key on failure."""
    try:
        if kind is bool:
            if isinstance(raw, bool):
                return raw
            text = str(raw).strip().lower()
            if text in ("1", "true", "yes", "on"):
                return True
            if text in ("0", "false", "no", "off"):
                return False
            raise ValueError("expected true or false")
        if kind is int:
            if isinstance(raw, bool):
                raise ValueError("expected a whole number")
            return int(raw)
        if kind is float:
            return float(raw)
        if kind is Path:
            return Path(str(raw))
        if not isinstance(raw, str):
            raise ValueError("expected text")
        return raw
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"invalid configuration: {key} = {raw!r}: {exc}") from None


_FIELD_TYPES: dict[str, type] = {
    f.name: {"str": str, "int": int, "float": float, "bool": bool, "Path": Path}[str(f.type)]
    for f in dataclasses.fields(Config)
}


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid configuration file {path}: {exc}") from None
    unknown = sorted(set(data) - set(_FIELD_TYPES))
    if unknown:
        raise ConfigError(f"invalid configuration file {path}: unknown key {unknown[0]!r}")
    return data


def load_config(
    config_file: Path | None = None, env: dict[str, str] | None = None, **overrides: Any
) -> Config:
    """Defaults, then the site file, then KIOSK_* variables, then explicit overrides (for tests and commands)."""
    env = os.environ if env is None else env
    values: dict[str, Any] = _read_toml(DEFAULTS_FILE)
    site = config_file or Path(env.get("KIOSK_CONFIG", SITE_FILE))
    if site.exists():
        values.update(_read_toml(site))
    elif config_file is not None or "KIOSK_CONFIG" in env:
        raise ConfigError(f"configuration file {site} does not exist")
    for key in _FIELD_TYPES:
        name = ENV_PREFIX + key.upper()
        if name in env:
            values[key] = env[name]
    values.update(overrides)
    missing = sorted(set(_FIELD_TYPES) - set(values))
    if missing:
        raise ConfigError(f"invalid configuration: {missing[0]} is missing")
    return Config(**{k: _coerce(k, values[k], t) for k, t in _FIELD_TYPES.items()})
