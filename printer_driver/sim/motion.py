"""How long the head takes to print each row, in simulated seconds.

The head sweeps each row that has powder in it across the print circle's chord (serpentine,
so no return stroke), accelerating and braking on a trapezoidal profile, then steps to the
next row. Its speed along a row is also capped by how fast the powder valves can dose
(dots per second). Rows without powder cost only the step. With the defaults a full
254-dot (76 mm at 0.3 mm) print takes about 20 s.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace

import numpy as np


@dataclass(frozen=True)
class MotionConfig:
    """The head's mechanics.

    Attributes:
        head_speed_mm_s: top speed along a row.
        accel_mm_s2: acceleration and braking.
        step_s: time to step to the next row and reverse (the turnaround).
        dose_rate_dots_s: most dots the valves can dose per second along a row.
        pitch_mm: nominal dot pitch.
        start_s: homing and priming before the first row.
    """

    head_speed_mm_s: float = 1200.0
    accel_mm_s2: float = 40000.0
    step_s: float = 0.006
    dose_rate_dots_s: float = 4500.0
    pitch_mm: float = 0.3
    start_s: float = 0.5

    def __post_init__(self) -> None:
        for name in ("head_speed_mm_s", "accel_mm_s2", "dose_rate_dots_s", "pitch_mm"):
            if not getattr(self, name) > 0:
                raise ValueError(f"motion: {name} must be positive")
        if self.step_s < 0 or self.start_s < 0:
            raise ValueError("motion: step_s and start_s must not be negative")

    @classmethod
    def parse(cls, text: str, base: MotionConfig | None = None) -> MotionConfig:
        """Read ``"head_speed_mm_s=800,step_s=0.01"`` over ``base`` (default: defaults).

        Raises:
            ValueError: naming the unknown or malformed setting.
        """
        names = {f.name for f in fields(cls)}
        changes: dict[str, float] = {}
        for item in filter(None, (part.strip() for part in text.split(","))):
            key, sep, raw = (s.strip() for s in item.partition("="))
            if key not in names:
                raise ValueError(f"motion: unknown setting '{key}'; use one of {sorted(names)}")
            try:
                value = float(raw) if sep else math.nan
            except ValueError:
                value = math.nan
            if not math.isfinite(value):
                raise ValueError(f"motion: '{item}' is not NAME=NUMBER")
            changes[key] = value
        return replace(base or cls(), **changes)

    def sweep_seconds(self, length_mm: float) -> float:
        """Time to travel ``length_mm`` from rest to rest on a trapezoidal profile."""
        if length_mm <= 0:
            return 0.0
        v = min(self.head_speed_mm_s, self.dose_rate_dots_s * self.pitch_mm)
        a = self.accel_mm_s2
        ramp = v * v / a  # distance spent accelerating plus braking
        if length_mm >= ramp:
            return length_mm / v + v / a
        return 2.0 * math.sqrt(length_mm / a)

    def row_seconds(self, dots: np.ndarray) -> np.ndarray:
        """Seconds for each row of an ``(n, n)`` dot grid, shape ``(n,)`` float64.

        A row with powder is swept over the circle's chord at that row.
        """
        dots = np.asarray(dots)
        n = dots.shape[0]
        centre = n / 2.0
        offs = np.arange(n) + 0.5 - centre
        half = np.sqrt(np.maximum(centre**2 - offs**2, 0.0))
        chord_mm = 2.0 * half * self.pitch_mm
        has_powder = dots.reshape(n, -1).any(axis=1)
        sweep = np.array([self.sweep_seconds(c) for c in chord_mm])
        return np.where(has_powder, sweep, 0.0) + self.step_s

    def print_seconds(self, dots: np.ndarray) -> float:
        """Total simulated seconds to print ``dots``, start-up included."""
        return float(self.start_s + self.row_seconds(dots).sum())
