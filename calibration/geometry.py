"""Offset, rotation and scale of the head's grid relative to the cup, from one photo.

Everything is solved in *nominal grid millimetres*, through the homography the fiducials
gave (which removes the camera's perspective whatever its pose):

- the foam's edge (inner rim) maps to a circle there, since the grid and the cup differ
  by a similarity: its centre is the cup centre in grid coordinates and its radius the
  foam radius divided by the head's scale (the cup profile's foam diameter is the ruler);
- the stand's two index marks lie on the machine's front-back axis: the direction between
  them gives the head's rotation. Their height above or below the foam does not matter
  (a parallel plane maps to the foam's by a homothety, which keeps directions).

Convention (``docs/simulator.md``): a dot meant for nominal ``u`` lands at
``R(rotation) @ (scale * u) + offset`` mm from the cup centre, x right, y to the front,
rotation clockwise in the picture.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from calibration.errors import MeasurementError, Refusal
from calibration.profile import GEOMETRY_RANGES, Geometry

RIM_RESIDUAL_LIMIT_MM = 0.25
"""Largest RMS scatter of the foam's edge about its fitted circle accepted."""


@dataclass(frozen=True)
class Circle:
    """A fitted circle: centre, radius, RMS residual and the points kept."""

    cx: float
    cy: float
    r: float
    rms: float
    used: int


def fit_circle(pts: np.ndarray) -> Circle:
    """Robust circle through ``(k, 2)`` points: algebraic start, geometric refinement,
    points beyond 3.5 robust sigmas dropped."""
    pts = np.asarray(pts, np.float64)
    keep = np.ones(len(pts), bool)
    cx = cy = r = 0.0
    for _ in range(4):
        p = pts[keep]
        a = np.column_stack([p[:, 0], p[:, 1], np.ones(len(p))])
        b = -(p[:, 0] ** 2 + p[:, 1] ** 2)
        d, e, f = np.linalg.lstsq(a, b, rcond=None)[0]
        cx, cy = -d / 2, -e / 2
        r = math.sqrt(max(cx * cx + cy * cy - f, 1e-12))
        for _ in range(5):  # Gauss-Newton on the geometric distance
            dx, dy = p[:, 0] - cx, p[:, 1] - cy
            rho = np.hypot(dx, dy)
            res = rho - r
            jac = np.column_stack([-dx / rho, -dy / rho, -np.ones(len(p))])
            step = np.linalg.lstsq(jac, -res, rcond=None)[0]
            cx, cy, r = cx + step[0], cy + step[1], r + step[2]
        err = np.abs(np.hypot(pts[:, 0] - cx, pts[:, 1] - cy) - r)
        mad = 1.4826 * np.median(err[keep]) + 1e-9
        new = err < max(3.5 * mad, 0.02)
        if np.array_equal(new, keep) or new.sum() < 10:
            break
        keep = new
    err = np.hypot(pts[keep, 0] - cx, pts[keep, 1] - cy) - r
    return Circle(float(cx), float(cy), float(r), float(np.sqrt(np.mean(err**2))),
                  int(keep.sum()))


def _opposite_pair(marks: np.ndarray, centre: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The two marks most nearly opposite each other about ``centre``."""
    best: tuple[float, int, int] | None = None
    for i in range(len(marks)):
        for j in range(i + 1, len(marks)):
            a, b = marks[i] - centre, marks[j] - centre
            ra, rb = float(np.hypot(*a)), float(np.hypot(*b))
            if min(ra, rb) <= 0 or not 0.85 < ra / rb < 1.0 / 0.85:
                continue
            cos = float(a @ b) / (ra * rb)
            if cos > math.cos(math.radians(165)):
                continue
            if best is None or cos < best[0]:
                best = (cos, i, j)
    if best is None:
        raise MeasurementError(Refusal.INDEX_MARKS_MISSING, found=len(marks))
    return marks[best[1]], marks[best[2]]


@dataclass(frozen=True)
class GeometryFit:
    """A geometry measurement and how good it is.

    Attributes:
        geometry: the head's offset, rotation and scale.
        cup_centre_grid_mm: the cup centre in nominal grid mm.
        rim: the foam's edge fitted in grid mm.
        fiducial_rms_mm: RMS residual of the fiducials about their homography.
        fiducials_used, fiducials_rejected: fiducials in the fit / rejected as outliers.
    """

    geometry: Geometry
    cup_centre_grid_mm: tuple[float, float]
    rim: Circle
    fiducial_rms_mm: float
    fiducials_used: int
    fiducials_rejected: int


def solve(inner_grid: np.ndarray, marks_grid: np.ndarray, foam_diameter_mm: float, *,
          fiducial_rms_mm: float, fiducials_used: int, fiducials_rejected: int) -> GeometryFit:
    """Geometry from the foam's edge and the stand's marks, both in nominal grid mm.

    Raises:
        MeasurementError: ``RIM_UNCLEAR``, ``RESIDUAL_TOO_HIGH`` (rim),
            ``INDEX_MARKS_MISSING`` or ``OUT_OF_RANGE``.
    """
    if len(inner_grid) < 60:
        raise MeasurementError(Refusal.RIM_UNCLEAR, found=len(inner_grid), needed=60)
    rim = fit_circle(inner_grid)
    if rim.rms > RIM_RESIDUAL_LIMIT_MM:
        raise MeasurementError(Refusal.RESIDUAL_TOO_HIGH, residual_mm=round(rim.rms, 3),
                                 limit_mm=RIM_RESIDUAL_LIMIT_MM, what="rim")
    centre = np.array([rim.cx, rim.cy])
    back, front = _opposite_pair(marks_grid, centre)
    v = front - back
    # The marks lie on the machine's y axis: in grid coordinates that axis is turned by
    # -rotation. Which mark is which does not matter: take the turn within +-90 degrees.
    alpha = math.degrees(math.atan2(v[1], v[0]))
    rotation = (90.0 - alpha + 90.0) % 180.0 - 90.0
    scale = foam_diameter_mm / 2.0 / rim.r
    a = math.radians(rotation)
    rot = np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])
    offset = -scale * (rot @ centre)
    geometry = Geometry(offset_x_mm=float(offset[0]), offset_y_mm=float(offset[1]),
                        rotation_deg=float(rotation), scale=float(scale))
    for key, (lo, hi) in GEOMETRY_RANGES.items():
        value = getattr(geometry, key)
        if not lo <= value <= hi:
            raise MeasurementError(Refusal.OUT_OF_RANGE, key=f"geometry.{key}",
                                     value=round(value, 3), min=lo, max=hi)
    return GeometryFit(geometry, (rim.cx, rim.cy), rim, fiducial_rms_mm, fiducials_used,
                       fiducials_rejected)
