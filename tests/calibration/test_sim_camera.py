"""The simulator's camera: a seeded random pose, the stand's marks, and --out photos."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
import serial

import printer_driver.sim as sim
from calibration import charts
from printer_driver.sim.camera import STAND_MARKS_MM, CameraPose, PrinterCamera, SimCamera
from printer_driver.sim.loopback import LoopbackFirmware
from printer_driver.sim.physics import PhysicsTruth, render_printed_cup


def _project(h: np.ndarray, x: float, y: float) -> tuple[float, float]:
    q = h @ np.array([x, y, 1.0])
    return q[0] / q[2], q[1] / q[2]


def test_poses_are_seeded_random_and_within_the_limits() -> None:
    cam = SimCamera(seed=4)
    poses = [cam.pose(i) for i in range(200)]
    assert poses[7] == SimCamera(seed=4).pose(7)
    assert poses[7] != SimCamera(seed=5).pose(7)
    assert max(p.tilt_deg for p in poses) <= 15.0
    assert max(p.tilt_deg for p in poses) > 12.0
    turns = [p.turn_deg for p in poses]
    assert min(turns) < 30 and max(turns) > 330  # any way round
    for p in poses:  # the stand and its marks are always in the frame
        h = p.homography((1024, 768))
        for a in np.linspace(0, 2 * math.pi, 36):
            u, v = _project(h, 54 * math.cos(a), 54 * math.sin(a))
            assert 0 <= u < 1024 and 0 <= v < 768


def test_a_level_camera_sees_the_picture_the_right_way_round() -> None:
    h = CameraPose(tilt_deg=0, turn_deg=0).homography((1024, 768))
    left, _ = _project(h, -10, 0)
    right, _ = _project(h, 10, 0)
    _, top = _project(h, 0, -10)
    _, bottom = _project(h, 0, 10)
    assert left < right and top < bottom


def test_a_shot_is_reproducible_and_shows_the_stand_marks() -> None:
    picture = render_printed_cup(charts.geometry_chart("PL-1").mask.dots, PhysicsTruth())
    cam = SimCamera(seed=9, glare=0.0)
    a, b = cam.shoot(picture, shot=2), cam.shoot(picture, shot=2)
    assert np.array_equal(a.rgb, b.rgb)
    assert not np.array_equal(a.rgb, cam.shoot(picture, shot=3).rgb)
    assert a.rgb.shape == (768, 1024, 3)
    for x, y in STAND_MARKS_MM:  # white on the dark stand
        u, v = _project(a.homography, x, y)
        assert a.rgb[round(v), round(u)].mean() > 180
        u, v = _project(a.homography, x + 3.5, y)
        assert a.rgb[round(v), round(u)].mean() < 90


def test_glare_brightens_the_foam_where_the_shot_says() -> None:
    picture = render_printed_cup(np.zeros((254, 254), np.uint8), PhysicsTruth())
    for shot in range(20):
        with_glare = SimCamera(seed=1, glare=1.0).shoot(picture, shot=shot)
        if with_glare.glare is not None and math.hypot(*with_glare.glare[:2]) < 25:
            break
    else:
        pytest.fail("no shot with a highlight on the foam")
    plain = SimCamera(seed=1, glare=0.0).shoot(picture, shot=shot, pose=with_glare.pose)
    x, y = with_glare.glare[:2]
    u, v = (round(c) for c in _project(with_glare.homography, x, y))
    near = (slice(v - 2, v + 3), slice(u - 2, u + 3))
    assert with_glare.rgb[near].mean() - plain.rgb[near].mean() > 2


def test_printer_camera_photographs_the_latest_print(tmp_path) -> None:
    printer = sim.add_printer(sim.SimPrinter("cam1", sim.SimSettings(speed=50, seed=2),
                                             firmware_factory=LoopbackFirmware))
    camera = PrinterCamera(printer)
    with pytest.raises(LookupError):
        camera()
    port = serial.serial_for_url("sim://cam1", timeout=1.0)
    dots = charts.geometry_chart("PL-1").mask.dots
    printer.machine.start(np.asarray(dots), printer.now())
    assert printer.wait_idle(timeout=30.0)
    first, second = camera(), camera()
    assert first.shape == (768, 1024, 3)
    assert not np.array_equal(first, second)  # a retake is a new pose
    port.close()


def test_sim_out_records_write_what_the_camera_saw(tmp_path) -> None:
    printer = sim.add_printer(sim.SimPrinter(
        "cam2", sim.SimSettings(speed=50, seed=2, out_dir=tmp_path),
        firmware_factory=LoopbackFirmware))
    port = serial.serial_for_url("sim://cam2", timeout=1.0)
    printer.machine.start(np.asarray(charts.geometry_chart("PL-1").mask.dots), printer.now())
    assert printer.wait_idle(timeout=30.0)
    sim.shutdown_all()  # drains the output writer
    record = json.loads((tmp_path / "print-0001.json").read_text())
    assert record["files"]["photo"] == "print-0001-photo.png"
    from PIL import Image

    photo = np.asarray(Image.open(tmp_path / "print-0001-photo.png"))
    assert photo.shape == (768, 1024, 3)
    port.close()
