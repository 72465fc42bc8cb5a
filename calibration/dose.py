"""Dose: milligrams of powder per dot, from the dose chart's known dot count.

Either from the printer's reservoir readings (grams, from its status) before and after the
dose chart, or from the grams a technician weighed (a cup printed with the one-powder dose
chart, weighed before and after). A reading that cannot be right (powder added between the
readings, nothing used, a dose no doser drops) is refused, never stored.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from calibration.errors import MeasurementError, Refusal
from calibration.profile import DOSE_RANGE


def _dose(powder: str, grams: float, dots: int) -> float:
    if dots <= 0:
        raise MeasurementError(Refusal.DOSE_MISSING, powder=powder)
    mg = grams * 1000.0 / dots
    lo, hi = DOSE_RANGE
    if not (math.isfinite(mg) and lo <= mg <= hi):
        raise MeasurementError(Refusal.OUT_OF_RANGE, key=f"dose_mg_per_dot.{powder}",
                                 value=round(mg, 4), min=lo, max=hi)
    return mg


def from_reservoir(before: Mapping[str, float], after: Mapping[str, float],
                   dots: Mapping[str, int]) -> dict[str, float]:
    """mg per dot per powder of ``dots`` from reservoir grams ``before`` and ``after``.

    Raises:
        MeasurementError: ``DOSE_MISSING`` (no reading for a powder), ``DOSE_READING``
            (the reservoir did not go down) or ``OUT_OF_RANGE``.
    """
    out = {}
    for powder, n in dots.items():
        if powder not in before or powder not in after:
            raise MeasurementError(Refusal.DOSE_MISSING, powder=powder)
        b, a = float(before[powder]), float(after[powder])
        if not (math.isfinite(a) and math.isfinite(b) and b > a):
            raise MeasurementError(Refusal.DOSE_READING, powder=powder, before_g=b, after_g=a)
        out[powder] = _dose(powder, b - a, int(n))
    return out


def from_weighed(grams: Mapping[str, float], dots: Mapping[str, int]) -> dict[str, float]:
    """mg per dot from grams weighed per powder (each printed alone on the dose chart).

    Raises:
        MeasurementError: ``DOSE_READING`` (not a positive weight) or ``OUT_OF_RANGE``.
    """
    out = {}
    for powder, g in grams.items():
        if powder not in dots:
            raise MeasurementError(Refusal.DOSE_MISSING, powder=powder)
        if not (math.isfinite(g) and g > 0):
            raise MeasurementError(Refusal.DOSE_READING, powder=powder, grams=g)
        out[powder] = _dose(powder, float(g), int(dots[powder]))
    return out
