"""The technician's loop in one call, against the in-process simulator through the driver:
print each chart, photograph the cup, measure, read the dose; then a print corrected with
the new profile lands on the cup's centre, judged from the simulator's own picture."""

from __future__ import annotations

import math

import numpy as np
import pytest

import printer_driver.sim as sim
from calibration import apply, charts
from calibration.errors import MeasurementError, Refusal
from calibration.session import run_calibration
from printer_driver import PrinterDriver
from printer_driver.mask import Mask
from printer_driver.sim.camera import PrinterCamera
from printer_driver.sim.landing import cross, where_the_cross_landed

SERIAL = "PL2026-0099"
TRUTH = "offset_x=1.2,offset_y=-0.6,rotation=0.8,scale=1.015,gain=1.6,mg_per_dot.cocoa=0.27"


def test_the_loop_calibrates_the_simulator_and_a_corrected_cross_lands_centred() -> None:
    drv = PrinterDriver.open(f"sim://loop1?speed=50&seed=5&truth={TRUTH}")
    try:
        printer = sim.get_printer("loop1")
        camera = PrinterCamera(printer)
        steps: list[tuple[str, str]] = []
        result = run_calibration(
            drv.print_mask, camera, serial=SERIAL,
            read_grams=lambda: drv.status().powder_grams,
            on_step=lambda kind, stage: steps.append((kind, stage)))
        truth = printer.settings.truth
        g = result.profile.geometry
        assert g is not None
        assert math.hypot(g.offset_x_mm - truth.offset_x_mm,
                          g.offset_y_mm - truth.offset_y_mm) < 0.25
        assert abs(g.rotation_deg - truth.rotation_deg) < 0.3
        assert abs(g.scale / truth.scale - 1) < 0.003
        assert result.profile.dose_mg_per_dot["cocoa"] == pytest.approx(0.27, rel=0.05)
        assert result.profile.tone["cocoa"] is not None
        assert ("dose", "measured") in steps and ("tone", "measured") in steps
        assert set(result.measurements) == {"geometry", "tone"}

        drv.print_mask(cross())
        x, y, turn = where_the_cross_landed(printer)
        assert math.hypot(x - 1.2, y + 0.6) < 0.3 and abs(turn - 0.8) < 0.3  # the head's error

        drv.print_mask(apply.correct_geometry(cross(), g))
        x, y, turn = where_the_cross_landed(printer)
        assert math.hypot(x, y) < 0.3 and abs(turn) < 0.3
    finally:
        drv.close()


def test_a_refused_photo_is_retaken_and_a_hopeless_camera_saves_nothing() -> None:
    picture = charts.geometry_chart(SERIAL)
    printed: list[Mask] = []
    from cal_photos import shoot

    good = shoot(picture.mask.dots).rgb
    noise = np.random.default_rng(1).integers(0, 255, good.shape, dtype=np.uint8)
    photos = iter([noise, good])
    result = run_calibration(printed.append, lambda: next(photos), serial=SERIAL,
                             kinds=("geometry",))
    assert [e.refusal for e in result.refused] == [Refusal.NO_CUP]
    assert result.profile.geometry is not None and len(printed) == 1

    with pytest.raises(MeasurementError) as info:
        run_calibration(printed.append, lambda: noise, serial=SERIAL, kinds=("geometry",),
                        retakes=2)
    assert info.value.refusal is Refusal.NO_CUP
