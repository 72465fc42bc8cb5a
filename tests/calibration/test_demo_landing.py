"""Issue 7's end-to-end accuracy on the demo's own printer, through the real commands: the
demo printer starts uncalibrated, so a printed cross lands where its head's error puts it;
after ``photolatte calibrate run`` the same print lands within 0.3 mm and 0.3° of the cup's
centre, judged from the simulator's own picture of the cup."""

from __future__ import annotations

import math

import printer_driver.sim as sim
from kiosk.cli import main
from kiosk.settings.config import KioskConfig
from printer_driver.sim.config import demo_truth, parse_sim_url
from printer_driver.sim.landing import cross, where_the_cross_landed
from printer_driver.sim.physics import PhysicsTruth


def test_the_demos_printers_start_uncalibrated_and_others_perfect() -> None:
    truth = demo_truth()
    assert math.hypot(truth.offset_x_mm, truth.offset_y_mm) > 1.0
    assert truth.rotation_deg >= 0.5 and truth.dot_gain == 1.6
    assert parse_sim_url("sim://demo?speed=20")[1].truth == truth
    assert parse_sim_url(KioskConfig().printer_url)[1].truth == truth  # the kiosk's own
    assert parse_sim_url("sim://demo?truth=")[1].truth == PhysicsTruth()  # asked perfect
    assert parse_sim_url("sim://demo?truth=gain=2")[1].truth == PhysicsTruth(dot_gain=2)
    assert parse_sim_url("sim://bench")[1].truth == PhysicsTruth()
    name, settings, _ = parse_sim_url("sim://demo")
    assert settings.serial_for(name).startswith("SIM-")  # a serial to keep its profile by


def test_calibrate_run_brings_the_demo_printers_cross_to_the_cup_centre(tmp_path,
                                                                         capsys) -> None:
    port = "sim://demo?speed=60&seed=4"
    path = tmp_path / "cross.png"
    cross().save_png(path)
    data = ["--data-dir", str(tmp_path / "data")]

    assert main(["print", str(path), "--port", port, *data]) == 0
    assert "is not calibrated" in capsys.readouterr().err
    printer = sim.get_printer("demo")
    truth = printer.settings.truth
    x, y, turn = where_the_cross_landed(printer)
    assert math.hypot(x - truth.offset_x_mm, y - truth.offset_y_mm) < 0.3  # the head's error
    assert abs(turn - truth.rotation_deg) < 0.3

    assert main(["calibrate", "run", "--port", port, "--camera", "sim", *data]) == 0
    capsys.readouterr()

    assert main(["print", str(path), "--port", port, *data]) == 0
    assert "applying the profile of" in capsys.readouterr().err
    x, y, turn = where_the_cross_landed(printer)
    assert math.hypot(x, y) < 0.3 and abs(turn) < 0.3
