"""``photolatte printer clear``, terminal wording of faults, port addresses, job ids and
the print command's input checks."""

from __future__ import annotations

import json

import pytest
from driver_helpers import last_line, records, sim_url, small_mask

import printer_driver.sim as sim
from kiosk.cli import main


def _mask_file(tmp_path, seed: int) -> str:
    path = tmp_path / "mask.png"
    small_mask(seed).save_png(path)
    return str(path)


def test_a_jam_cleared_on_the_machine_is_acknowledged_with_printer_clear(tmp_path,
                                                                         capsys) -> None:
    name, url = sim_url("clrjam", faults="jam=0.3")
    path = _mask_file(tmp_path, 40)
    assert main(["print", path, "--port", url]) == 1
    assert "jammed" in last_line(capsys.readouterr().err)
    machine = sim.get_printer(name).machine
    # Still jammed: clear refuses, names the fault and says why.
    assert main(["printer", "clear", "--port", url]) == 1
    out = capsys.readouterr().out
    assert "Still latched      jam  (the cause is still there)" in out
    assert "photolatte printer clear" in out
    machine.clear_jam()  # the barista opens the head and clears it
    assert main(["printer", "status", "--port", url]) == 0
    assert "Faults             jam" in capsys.readouterr().out  # latched until acknowledged
    assert main(["printer", "clear", "--port", url, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is True and data["cleared"] == ["jam"] and data["still"] == []
    assert main(["printer", "status", "--port", url]) == 0
    assert "Faults             none" in capsys.readouterr().out
    assert main(["print", path, "--port", url]) == 0
    assert records(name)[-1].result == "done"


def test_cli_fault_wording_names_the_command_not_a_kiosk_button(tmp_path, capsys) -> None:
    name, url = sim_url("clrcocoa")
    path = _mask_file(tmp_path, 41)
    assert main(["printer", "status", "--port", url]) == 0  # creates the printer
    capsys.readouterr()
    sim.get_printer(name).machine.set_powder("cocoa", 0.0)
    assert main(["print", path, "--port", url]) == 1
    line = last_line(capsys.readouterr().err)
    assert line == ("photolatte: Cocoa is empty: refill it, then run 'photolatte printer "
                    "clear' (or print again)")
    assert main(["printer", "status", "--port", url]) == 0
    out = capsys.readouterr().out
    assert "Continue" not in out and "photolatte printer clear" in out
    assert main(["printer", "clear", "--port", url]) == 1  # still empty
    assert "cocoa_empty" in capsys.readouterr().out


@pytest.mark.parametrize(("port", "code", "words"), [
    ("garbage://x", 2, "Not a printer address: garbage://x"),
    ("not a url", 2, "Not a printer address: not a url"),
    ("sim://demo?speed=abc", 2, "Not a printer address: sim://demo?speed=abc"),
    ("/dev/null", 2, "/dev/null is not a serial port"),
    ("/dev/no-such-printer-port", 3, "switch the printer on and check the cable"),
])
def test_port_addresses_get_the_right_advice_and_exit_code(tmp_path, capsys, port, code,
                                                           words) -> None:
    path = _mask_file(tmp_path, 42)
    assert main(["print", path, "--port", port]) == code
    line = last_line(capsys.readouterr().err)
    assert words in line
    if code == 2 and "Not a printer address" in words:
        assert line.endswith("use /dev/ttyUSB0, socket://HOST:PORT or sim://NAME")


def test_a_regular_file_as_port_is_not_a_serial_port(tmp_path, capsys) -> None:
    fake = tmp_path / "ttyUSB0"
    fake.write_text("")
    assert main(["printer", "status", "--port", str(fake)]) == 2
    assert "is not a serial port" in last_line(capsys.readouterr().err)


def test_job_ids_are_eight_hex_digits_in_text_json_and_sim_records(tmp_path, capsys) -> None:
    name, url = sim_url("hexid")
    out_dir = tmp_path / "prints"
    path = _mask_file(tmp_path, 43)
    url = f"{url}&out={out_dir}"
    assert main(["print", path, "--port", url, "--json"]) == 0
    out, err = capsys.readouterr()
    job = json.loads(out)["job_id"]
    assert isinstance(job, str) and len(job) == 8 and int(job, 16) > 0
    assert f"printed job {job}:" in err
    assert records(name)[-1].job_id == job
    assert sim.get_printer(name).output.wait_for(1, timeout=10.0)
    assert json.loads((out_dir / "print-0001.json").read_text())["job_id"] == job
    assert main(["printer", "status", "--port", url, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["status"]["job_id"] == job


def test_print_checks_its_inputs(tmp_path, capsys) -> None:
    folder = tmp_path / "adir"
    folder.mkdir()
    assert main(["print", str(folder), "--port", "sim://x"]) == 2
    line = last_line(capsys.readouterr().err)
    assert line == (
        f"photolatte: {folder} is a folder, not a picture: give a mask PNG or a photo file")
    for baud in ("0", "-5", "fast"):
        with pytest.raises(SystemExit) as stop:
            main(["print", _mask_file(tmp_path, 44), "--port", "sim://x", "--baud", baud])
        assert stop.value.code == 2
        assert "--baud" in capsys.readouterr().err


def test_print_help_lists_exit_codes_and_the_simulator(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["print", "--help"])
    text = capsys.readouterr().out
    assert "sim://NAME?speed=" in text or "sim://demo?speed=" in text
    for code in ("0 ", "1 ", "2 ", "3 ", "4 ", "5 ", "130", "143"):
        assert f"\n  {code}" in text
