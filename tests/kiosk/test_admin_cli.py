"""``photolatte pin``: set (asked twice), reset, status."""

from __future__ import annotations

import io
import sys

from kiosk.cli import main
from kiosk.settings import paths
from kiosk.staff.pin import PinStore


def _run(argv, stdin_text, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin_text))
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out + out.err


def test_pin_set_then_status_then_reset(monkeypatch, capsys) -> None:
    code, text = _run(["pin", "set"], "5824\n5824\n", monkeypatch, capsys)
    assert code == 0 and "PIN set" in text
    store = PinStore(paths.data_dir() / paths.PIN_FILE_NAME)
    assert not store.is_default() and store.verify("5824").ok
    code, text = _run(["pin", "status"], "", monkeypatch, capsys)
    assert code == 0 and "PIN: set" in text and "unlocked" in text
    code, text = _run(["pin", "reset"], "", monkeypatch, capsys)
    assert code == 0 and "default" in text and store.is_default()


def test_pin_set_refuses_mismatch_and_short_pins(monkeypatch, capsys, tmp_path) -> None:
    code, text = _run(["pin", "--data-dir", str(tmp_path / "d"), "set"], "5824\n5825\n",
                      monkeypatch, capsys)
    assert code == 1 and "differ" in text
    code, text = _run(["pin", "--data-dir", str(tmp_path / "d"), "set"], "12\n12\n",
                      monkeypatch, capsys)
    assert code == 2 and "4 to 12 digits" in text
    code, text = _run(["pin", "set"], "", monkeypatch, capsys)
    assert code == 2 and "no PIN given" in text
    assert PinStore(tmp_path / "d" / paths.PIN_FILE_NAME).is_default()
