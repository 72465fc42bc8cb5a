"""``photolatte code`` and ``photolatte pin``: set (asked twice, trivial codes refused with
the reason, "changed" confirmed), reset, status with the orders gate."""

from __future__ import annotations

import io
import sys

import pytest

from kiosk.cli import main
from kiosk.settings import paths
from kiosk.staff.codes import CodeStore
from kiosk.staff.rules import StaffRole


def _run(argv, stdin_text, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin_text))
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out + out.err


def test_pin_set_then_status_then_reset(monkeypatch, capsys) -> None:
    code, text = _run(["pin", "set"], "5824\n5824\n", monkeypatch, capsys)
    assert code == 0 and "Technician PIN changed" in text
    store = CodeStore(paths.data_dir() / paths.PIN_FILE_NAME)
    assert not store.is_default() and store.verify("5824").ok
    code, text = _run(["pin", "status"], "", monkeypatch, capsys)
    assert code == 0 and "PIN: set" in text and "unlocked" in text
    assert "Barista" not in text  # pin status is about the PIN
    code, text = _run(["pin", "reset"], "", monkeypatch, capsys)
    assert code == 0 and "factory default" in text and store.is_default()


def test_pin_set_refuses_mismatch_and_short_pins(monkeypatch, capsys, tmp_path) -> None:
    code, text = _run(["pin", "--data-dir", str(tmp_path / "d"), "set"], "5824\n5825\n",
                      monkeypatch, capsys)
    assert code == 1 and "differ" in text
    code, text = _run(["pin", "--data-dir", str(tmp_path / "d"), "set"], "12\n12\n",
                      monkeypatch, capsys)
    assert code == 2 and "4 to 12 digits" in text
    code, text = _run(["pin", "set"], "", monkeypatch, capsys)
    assert code == 2 and "no technician PIN given" in text
    assert CodeStore(tmp_path / "d" / paths.PIN_FILE_NAME).is_default()


@pytest.mark.parametrize(("typed", "why"), [
    ("1111", "over and over"), ("0000", "factory-default"), ("1234", "factory-default"),
    ("4567", "in a row"), ("9876", "in a row"), ("0123", "in a row"), ("7890", "in a row"),
    ("123", "4 to 12 digits"), ("12a4", "digits only")])
def test_code_set_refuses_trivial_codes_and_says_why(monkeypatch, capsys, tmp_path, typed,
                                                     why) -> None:
    data = tmp_path / "d"
    code, text = _run(["code", "--data-dir", str(data), "set", "barista"], f"{typed}\n{typed}\n",
                      monkeypatch, capsys)
    assert code == 2 and why in text and "changed" not in text
    assert CodeStore(data / paths.BARISTA_CODE_FILE_NAME, role=StaffRole.BARISTA).is_default()


def test_code_set_barista_confirms_and_refuses_the_technician_pin(monkeypatch, capsys,
                                                                  tmp_path) -> None:
    data = ["code", "--data-dir", str(tmp_path)]
    code, text = _run([*data, "set", "technician"], "5824\n5824\n", monkeypatch, capsys)
    assert code == 0 and "Technician PIN changed" in text
    # The barista must not hold the technician PIN: refused, with the reason.
    code, text = _run([*data, "set", "barista"], "5824\n5824\n", monkeypatch, capsys)
    assert code == 2 and "must differ from the technician PIN" in text
    code, text = _run([*data, "set", "barista"], "3971\n3971\n", monkeypatch, capsys)
    assert code == 0 and "Barista code changed" in text
    barista = CodeStore(tmp_path / paths.BARISTA_CODE_FILE_NAME, role=StaffRole.BARISTA)
    assert barista.verify("3971").ok and not barista.verify("1234").ok
    assert b"3971" not in (tmp_path / paths.BARISTA_CODE_FILE_NAME).read_bytes()
    code, text = _run([*data, "reset", "barista"], "", monkeypatch, capsys)
    assert code == 0 and "factory default (1234)" in text and barista.is_default()


def test_code_status_names_the_orders_gate_with_a_real_printer(monkeypatch, capsys,
                                                               tmp_path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text(f'printer_url = "/dev/ttyACM0"\ndata_dir = "{tmp_path / "d"}"\n')
    base = ["code", "--config", str(config)]
    code, text = _run([*base, "status"], "", monkeypatch, capsys)
    assert code == 0
    assert "Barista code: factory default" in text and "Technician PIN: factory default" in text
    assert "Orders: not taken until the factory-default barista code and technician PIN are "\
           "changed" in text
    _run([*base, "set", "barista"], "3971\n3971\n", monkeypatch, capsys)
    code, text = _run([*base, "status"], "", monkeypatch, capsys)
    assert "technician PIN is changed" in text and "Barista code: set" in text
    _run([*base, "set", "technician"], "5824\n5824\n", monkeypatch, capsys)
    code, text = _run([*base, "status"], "", monkeypatch, capsys)
    assert "Orders: taken" in text and "not taken" not in text
    code, text = _run([*base, "reset", "technician"], "", monkeypatch, capsys)
    assert "takes no orders until it is changed" in text


def test_code_status_in_the_demo_says_the_defaults_are_allowed(monkeypatch, capsys,
                                                               tmp_path) -> None:
    code, text = _run(["code", "--data-dir", str(tmp_path), "status"], "", monkeypatch, capsys)
    assert code == 0 and "simulated printer allows the factory defaults" in text
