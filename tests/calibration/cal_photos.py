"""Charts printed under a known truth and photographed by the simulator's camera."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from calibration import charts
from printer_driver.sim.camera import SimCamera
from printer_driver.sim.physics import PhysicsTruth, render_printed_cup

SERIAL = "PL2026-0042"
TRUTH = PhysicsTruth(offset_x_mm=1.2, offset_y_mm=-0.7, rotation_deg=0.8, scale=1.012,
                     dot_gain=1.6)


@dataclass(frozen=True)
class Shot:
    rgb: np.ndarray
    truth: PhysicsTruth


def shoot(chart: charts.Chart | np.ndarray, truth: PhysicsTruth = TRUTH, *, seed: int = 3,
          shot: int = 0, glare: float = 0.0) -> Shot:
    """``chart`` (or dots) printed under ``truth`` and photographed from a random pose."""
    dots = chart.mask.dots if isinstance(chart, charts.Chart) else chart
    picture = render_printed_cup(dots, truth, seed=seed)
    return Shot(SimCamera(seed, glare=glare).shoot(picture, shot=shot).rgb, truth)
