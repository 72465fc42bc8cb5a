"""Where a print really landed, judged from the simulator's own picture of the cup (what
the hidden truth did to the dots), never from a measurement: the judge of calibration's
end-to-end tests and benchmark. A cross is the print: its centre and its arms' turn read
off unambiguously."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from printer_driver.mask import Mask
from printer_driver.powders import PowderSet
from printer_driver.sim.physics import render_printed_cup

if TYPE_CHECKING:
    from printer_driver.sim.printer import SimPrinter


def cross() -> Mask:
    """A cocoa cross on the default grid (76 mm, 254 dots): arms 60 mm long, 1.4 mm wide,
    centred on the grid's centre."""
    n = 254
    pos = (np.arange(n) + 0.5 - n / 2) * 0.3
    xx, yy = np.meshgrid(pos, pos)
    bars = ((np.abs(yy) < 0.7) & (np.abs(xx) < 30)) | ((np.abs(xx) < 0.7) & (np.abs(yy) < 30))
    return Mask.from_levels(bars.astype(np.uint8) * 2, powders=PowderSet.COCOA)


def where_the_cross_landed(printer: SimPrinter) -> tuple[float, float, float]:
    """Centre (mm from the cup centre, x right, y down) and turn (degrees clockwise) of the
    cross in the simulator's own picture of the printer's latest cup.

    Raises:
        LookupError: the printer has printed nothing.
    """
    if not printer.machine.records:
        raise LookupError("nothing printed yet")
    record = printer.machine.records[-1]
    pic = render_printed_cup(np.asarray(record.printed), printer.settings.truth)
    c = pic.rgb.shape[0] / 2
    ys, xs = np.nonzero(pic.rgb.sum(axis=2) < 400)
    x = (xs + 0.5 - c) / pic.px_per_mm
    y = (ys + 0.5 - c) / pic.px_per_mm
    on_foam = np.hypot(x, y) < 39.0  # not the dark stand around the cup
    x, y = x[on_foam], y[on_foam]
    arm = np.abs(y - y.mean()) < 1.5  # the horizontal bar
    slope = np.polyfit(x[arm], y[arm], 1)[0]
    return float(x.mean()), float(y.mean()), math.degrees(math.atan(slope))


__all__ = ["cross", "where_the_cross_landed"]
