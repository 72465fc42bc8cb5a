"""The technician's built-in test pattern: a mask that shows at a glance whether the printer
places both powders where it should.

Pure NumPy (no Qt). What it draws, for a circle of ``diameter_mm`` at ``pitch_mm``:

- a 1-dot cocoa ring at the edge of the print circle (is the circle centred on the cup?),
- a cocoa cross through the centre, 3 dots wide (straight rows, no skew),
- the left half of an inner ring band in cinnamon, the right half in cocoa (both feeders),
- a checkerboard square in the middle, 4-dot cells, cocoa/cinnamon (dot placement),
- tick marks every 10 mm along the cross (scale: count the ticks).
"""

from __future__ import annotations

import numpy as np

from printer_driver.mask import Mask, grid_size
from printer_driver.powders import CINNAMON, COCOA, FOAM, PowderSet


def make_test_pattern(diameter_mm: float = 76.0, pitch_mm: float = 0.3) -> Mask:
    """The test-pattern mask for the given print geometry (both powders)."""
    n = grid_size(diameter_mm, pitch_mm)
    r_dots = diameter_mm / pitch_mm / 2.0
    pos = np.arange(n, dtype=np.float64) + 0.5 - n / 2.0
    yy, xx = np.meshgrid(pos, pos, indexing="ij")
    rr = np.hypot(yy, xx)
    dots = np.full((n, n), FOAM, np.uint8)

    # Outer ring: the last 1.5 dots inside the circle.
    dots[(rr <= r_dots) & (rr > r_dots - 1.5)] = COCOA
    # Inner band at 70-78 % of the radius: cinnamon on the left, cocoa on the right.
    band = (rr >= 0.70 * r_dots) & (rr <= 0.78 * r_dots)
    dots[band & (xx < 0)] = CINNAMON
    dots[band & (xx >= 0)] = COCOA
    # Cross, 3 dots wide.
    dots[(np.abs(yy) < 1.5) | (np.abs(xx) < 1.5)] = COCOA
    # Ticks every 10 mm along both arms: 5 dots long each side of the cross.
    step = 10.0 / pitch_mm
    for k in range(1, int(r_dots // step) + 1):
        d = k * step
        tick = (np.abs(np.abs(xx) - d) < 1.0) & (np.abs(yy) < 5)
        dots[tick] = COCOA
        tick = (np.abs(np.abs(yy) - d) < 1.0) & (np.abs(xx) < 5)
        dots[tick] = COCOA
    # Checkerboard in the middle (a quarter of the radius square), away from the cross.
    half = 0.25 * r_dots
    square = (np.abs(yy) < half) & (np.abs(xx) < half) & (np.abs(yy) >= 3) & (np.abs(xx) >= 3)
    cells = ((np.floor(yy / 4) + np.floor(xx / 4)) % 2).astype(bool)
    dots[square & cells] = COCOA
    dots[square & ~cells] = CINNAMON
    return Mask.from_levels(dots, diameter_mm=diameter_mm, pitch_mm=pitch_mm,
                            powders=PowderSet.BOTH)
