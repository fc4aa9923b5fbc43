import json
import logging

from kiosk.logs import configure_logging, redact


def test_id_numbers_and_mobile_numbers_are_masked():
    assert redact("id 11010519491231002X ok") == "id 110105********002X ok"
    assert redact("phone 13812345678") == "phone 138****5678"
    assert redact("order 2024010112345678901234") == "order 2024010112345678901234"


def test_log_lines_are_json_and_masked(tmp_path):
    path = configure_logging(tmp_path)
    logging.getLogger("t").warning("card %s read", "11010519491231002X")
    for handler in logging.getLogger().handlers:
        handler.flush()
    line = json.loads(path.read_text(encoding="utf-8").splitlines()[-1])
    assert line["level"] == "WARNING"
    assert "19491231" not in line["message"]
