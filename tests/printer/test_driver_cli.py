"""``photolatte print`` and ``photolatte printer status`` end to end against the simulator:
exit 0 only when the printer says done; otherwise one line saying what happened and what
to do, and an exit code a script can act on."""

from __future__ import annotations

import json

import numpy as np
import pytest
from driver_helpers import last_line, records, sim_url, small_mask

import printer_driver.sim as sim
from kiosk.cli import main


def test_print_a_mask_png_exits_zero_with_json(tmp_path, capsys) -> None:
    name, url = sim_url("cli")
    mask = small_mask(21)
    path = tmp_path / "mask.png"
    mask.save_png(path)
    assert main(["print", str(path), "--port", url, "--json"]) == 0
    out, err = capsys.readouterr()
    result = json.loads(out)
    assert result["ok"] is True and result["rows_printed"] == mask.size
    assert "Printing row" in err  # the progress bar shows rows
    assert np.array_equal(records(name)[-1].printed, mask.dots)


def test_print_with_no_cup_exits_nonzero_with_one_line(tmp_path, capsys) -> None:
    _, url = sim_url("clinocup", cup=0)
    path = tmp_path / "mask.png"
    small_mask(22).save_png(path)
    assert main(["print", str(path), "--port", url]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert last_line(err) == (
        "photolatte: No cup under the printer: place the cup and print again")


def test_print_cup_removed_json_names_the_error(tmp_path, capsys) -> None:
    _, url = sim_url("clicr", faults="cup_removed=0.5")
    path = tmp_path / "mask.png"
    small_mask(23).save_png(path)
    assert main(["print", str(path), "--port", url, "--json"]) == 1
    out, err = capsys.readouterr()
    assert json.loads(out)["error"] == "cup_removed"
    assert last_line(err) == "photolatte: Cup removed during printing: place the cup and reprint"


def test_print_bad_input_and_unreachable_printer(tmp_path, capsys) -> None:
    assert main(["print", str(tmp_path / "nope.png"), "--port", "sim://x"]) == 2
    assert "no such file" in last_line(capsys.readouterr().err)
    path = tmp_path / "mask.png"
    small_mask(24).save_png(path)
    assert main(["print", str(path), "--port", "/dev/no-such-printer-port"]) == 3
    assert last_line(capsys.readouterr().err).endswith("check the cable, then retry")


def test_print_a_file_that_is_no_photo_names_the_file(tmp_path, capsys) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a picture")
    assert main(["print", str(notes), "--port", "sim://x"]) == 2
    line = last_line(capsys.readouterr().err)
    assert str(notes) in line and "JPEG" in line


@pytest.mark.slow  # renders a photo: OpenCV and numba warm-up take seconds
def test_print_a_photo_renders_it_first(capsys) -> None:
    from pathlib import Path

    photo = Path(__file__).resolve().parents[2] / "assets" / "demo" / "astronaut.jpg"
    if not photo.exists():
        pytest.skip("demo photo not in this checkout")
    name, url = sim_url("cliphoto", speed=100)
    assert main(["print", str(photo), "--port", url]) == 0
    rec = records(name)[-1]
    assert rec.result == "done" and rec.rows_total == 254 and rec.printed.any()


def test_printer_status_plain_and_json(capsys) -> None:
    name, url = sim_url("clistat")
    assert main(["printer", "status", "--port", url]) == 0
    out = capsys.readouterr().out
    assert "Printer firmware" in out and "Protocol version   1" in out
    assert "Cocoa" in out and "Faults             none" in out
    sim.get_printer(name).machine.remove_cup()
    assert main(["printer", "status", "--port", url, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["printer"]["protocol_version"] == 1
    assert "cup_missing" in data["status"]["faults"]
    assert set(data["status"]["powder_grams"]) == {"cinnamon", "cocoa"}


def test_printer_status_with_dtr_off_does_not_reboot_a_dtr_reset_board(capsys) -> None:
    _, url = sim_url("clidtr", reset_on_open=1)
    assert main(["printer", "status", "--port", url, "--json"]) == 0
    boot = json.loads(capsys.readouterr().out)["printer"]["boot_id"]
    assert main(["printer", "status", "--port", url, "--dtr", "off", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["printer"]["boot_id"] == boot
    assert main(["printer", "status", "--port", url, "--dtr", "on", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["printer"]["boot_id"] != boot
