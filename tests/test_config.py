from pathlib import Path

import pytest

from kiosk.config import ConfigError, load_config


def test_defaults_load_and_are_documented():
    config = load_config(env={})
    assert config.division_code == "370702"
    assert config.embedded_backoffice
    text = Path("kiosk/defaults.toml").read_text(encoding="utf-8")
    for key in ("terminal_id", "terminal_secret", "backoffice_url", "data_dir", "reader_port", "reader_baud",
                "camera_source", "printer", "division_code", "idle_timeout_s"):
        # every key has a comment line right above it or in its block
        assert f"\n{key} = " in text


@pytest.mark.parametrize(("name", "value", "attr", "expected"), [
    ("KIOSK_TERMINAL_ID", "t-42", "terminal_id", "t-42"),
    ("KIOSK_BACKOFFICE_URL", "https://bo.example/", "backoffice_url", "https://bo.example/"),
    ("KIOSK_DATA_DIR", "/var/lib/kiosk", "data_dir", Path("/var/lib/kiosk")),
    ("KIOSK_READER_PORT", "/dev/idcard", "reader_port", "/dev/idcard"),
    ("KIOSK_READER_BAUD", "9600", "reader_baud", 9600),
    ("KIOSK_CAMERA_SOURCE", "0", "camera_source", "0"),
    ("KIOSK_PRINTER", "license-a3", "printer", "license-a3"),
    ("KIOSK_DIVISION_CODE", "370705", "division_code", "370705"),
    ("KIOSK_IDLE_TIMEOUT_S", "90", "idle_timeout_s", 90),
    ("KIOSK_LIVENESS_REQUIRED", "false", "liveness_required", False),
])
def test_every_key_can_be_overridden_from_the_environment(name, value, attr, expected):
    assert getattr(load_config(env={name: value}), attr) == expected


@pytest.mark.parametrize(("name", "value"), [
    ("KIOSK_READER_BAUD", "fast"),
    ("KIOSK_READER_BAUD", "12345"),
    ("KIOSK_IDLE_TIMEOUT_S", "2"),
    ("KIOSK_DIVISION_CODE", "370700"),
    ("KIOSK_BACKOFFICE_URL", "ftp://x"),
    ("KIOSK_LIVENESS_REQUIRED", "maybe"),
    ("KIOSK_SERVED_CARD_TYPES", "passport"),
])
def test_invalid_values_stop_start_up_naming_the_key(name, value):
    with pytest.raises(ConfigError) as err:
        load_config(env={name: value})
    assert name.removeprefix("KIOSK_").lower() in str(err.value)


def test_site_file_overrides_defaults_and_env_overrides_site(tmp_path):
    site = tmp_path / "kiosk.toml"
    site.write_text('terminal_id = "from-file"\nidle_timeout_s = 60\n', encoding="utf-8")
    config = load_config(env={"KIOSK_CONFIG": str(site), "KIOSK_IDLE_TIMEOUT_S": "45"})
    assert (config.terminal_id, config.idle_timeout_s) == ("from-file", 45)


def test_unknown_key_in_site_file_is_named(tmp_path):
    site = tmp_path / "kiosk.toml"
    site.write_text('terminal_idd = "typo"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="terminal_idd"):
        load_config(env={"KIOSK_CONFIG": str(site)})


def test_named_site_file_must_exist(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(env={"KIOSK_CONFIG": str(tmp_path / "missing.toml")})
