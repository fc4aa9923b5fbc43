import subprocess
import sys

import pytest

from kiosk.cli import COMMANDS

KIOSK = [sys.executable, "-m", "kiosk.cli"]


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_kiosk_command_prints_help(command):
    out = subprocess.run([*KIOSK, command, "--help"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "usage: kiosk" in out.stdout


@pytest.mark.parametrize("command", ["serve", "create-terminal", "export"])
def test_every_backoffice_command_prints_help(command):
    out = subprocess.run([sys.executable, "-m", "backoffice.cli", command, "--help"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "usage:" in out.stdout


def test_invalid_config_stops_a_command_with_the_key_named():
    out = subprocess.run([*KIOSK, "burn-in", "--sessions", "1"], capture_output=True, text=True, timeout=60,
                         env={"PATH": "/usr/bin:/bin", "KIOSK_READER_BAUD": "fast"})
    assert out.returncode == 2
    assert "reader_baud" in out.stderr
