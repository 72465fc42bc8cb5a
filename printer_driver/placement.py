"""Where a head's grid really lies over the cup: :class:`HeadGeometry`.

A real head is a little off: its grid centre lands ``offset`` mm from the cup centre, the
grid is turned ``rotation_deg`` clockwise (in pictures: x right, y down) and its pitch is
``scale`` times the nominal one. Dot ``(row, col)`` of an ``(n, n)`` grid at ``pitch`` mm,
meant for the nominal point ``u = ((col + 0.5 - n/2) * pitch, (row + 0.5 - n/2) * pitch)``,
really lands at ``R(rotation) @ (scale * u) + offset`` (the simulator's convention,
``docs/simulator.md``; calibration measures it, ``docs/calibration.md``).

A mask may be *placed* for such a head (:attr:`printer_driver.mask.Mask.placement`): its dots
were laid out so that, printed by that head, the picture lands where a nominal head would
put it. The arithmetic here is shared by the imaging core (placing a target before
dithering) and the print path (placing or re-placing a ready mask, nearest dot).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

#: What a working head can be off by (a measurement beyond it is a mistake, not a head).
LIMITS: dict[str, tuple[float, float]] = {
    "offset_x_mm": (-10.0, 10.0),
    "offset_y_mm": (-10.0, 10.0),
    "rotation_deg": (-15.0, 15.0),
    "scale": (0.8, 1.25),
}


@dataclass(frozen=True)
class HeadGeometry:
    """The head's grid relative to the cup (mm, degrees clockwise, true/nominal pitch)."""

    offset_x_mm: float = 0.0
    offset_y_mm: float = 0.0
    rotation_deg: float = 0.0
    scale: float = 1.0

    @property
    def nominal(self) -> bool:
        """True for a head exactly where it should be (nothing to correct)."""
        return self == HeadGeometry()

    def to_dict(self) -> dict[str, float]:
        return {"offset_x_mm": self.offset_x_mm, "offset_y_mm": self.offset_y_mm,
                "rotation_deg": self.rotation_deg, "scale": self.scale}

    @classmethod
    def from_dict(cls, raw: object) -> HeadGeometry:
        """Read the four numbers back, each within :data:`LIMITS`.

        Raises:
            ValueError: naming the key that is missing, not a number or out of range.
        """
        if not isinstance(raw, dict) or set(raw) != set(LIMITS):
            raise ValueError(f"a head geometry has exactly the keys {sorted(LIMITS)}")
        values: dict[str, float] = {}
        for key, (lo, hi) in LIMITS.items():
            v = raw[key]
            if isinstance(v, bool) or not isinstance(v, int | float):
                raise ValueError(f"head geometry {key} is not a number")
            if not (math.isfinite(v) and lo <= v <= hi):
                raise ValueError(f"head geometry {key}={v} is outside {lo}..{hi}")
            values[key] = float(v)
        return cls(**values)

    def landing_map(self, n: int, pitch_mm: float) -> np.ndarray:
        """2x3 affine from a printed dot's index ``(col, row)`` to the (fractional) nominal
        dot index where it really lands."""
        a = math.radians(self.rotation_deg)
        sr = self.scale * np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])
        c0 = np.array([n / 2.0 - 0.5, n / 2.0 - 0.5])
        offset = np.array([self.offset_x_mm, self.offset_y_mm]) / pitch_mm
        return np.column_stack([sr, c0 - sr @ c0 + offset])


def inverse_affine(m: np.ndarray) -> np.ndarray:
    """The inverse of a 2x3 affine map."""
    full = np.vstack([m, [0.0, 0.0, 1.0]])
    return np.linalg.inv(full)[:2]


def compose_affine(outer: np.ndarray, inner: np.ndarray) -> np.ndarray:
    """``outer ∘ inner`` of two 2x3 affine maps (``inner`` first)."""
    return outer[:, :2] @ inner + np.column_stack([np.zeros((2, 2)), outer[:, 2]])


def replacement_map(new: HeadGeometry | None, old: HeadGeometry | None, n: int,
                    pitch_mm: float) -> np.ndarray:
    """2x3 affine from a dot index of a mask placed for ``new`` to the dot index of the
    same design in a mask placed for ``old`` (None: a nominal head).

    The dot at ``u'`` of the new mask must carry what lands at ``new(u')``; the old mask
    put that at ``old⁻¹(new(u'))``.
    """
    land_new = (new or HeadGeometry()).landing_map(n, pitch_mm)
    land_old = (old or HeadGeometry()).landing_map(n, pitch_mm)
    return compose_affine(inverse_affine(land_old), land_new)


__all__ = ["LIMITS", "HeadGeometry", "compose_affine", "inverse_affine", "replacement_map"]
