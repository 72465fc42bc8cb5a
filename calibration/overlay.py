"""Draw what a measurement found over its photo: rim, fiducials, stand marks, patches.

For the technician to see at a glance whether the measurement looked where it should
(``photolatte calibrate measure --overlay``, and the wizard's "what was found" step).
Green: the rim traced and the fiducials used; blue crosses: where the fit puts the
fiducials; yellow: the stand's marks; orange: tone patch read windows.
"""

from __future__ import annotations

import cv2
import numpy as np

from calibration.measure import Findings

_SHIFT = 4  # sub-pixel drawing: coordinates in 1/16 px


def _pt(p: np.ndarray) -> tuple[int, int]:
    return round(float(p[0]) * 16), round(float(p[1]) * 16)


def draw_findings(rgb: np.ndarray, found: Findings) -> np.ndarray:
    """A copy of ``rgb`` (``(H, W, 3)`` uint8) with the findings drawn on it."""
    out = np.ascontiguousarray(rgb).copy()
    scale = max(1, round(max(out.shape[:2]) / 800))
    cx, cy, a, b, ang = found.rim_outer
    cv2.ellipse(out, ((cx, cy), (2 * a, 2 * b), ang), (60, 200, 60), scale, cv2.LINE_AA)
    for p in found.rim_inner[::3]:
        cv2.circle(out, _pt(p), 16 * scale, (60, 220, 60), -1, cv2.LINE_AA, _SHIFT)
    for p in found.fiducials:
        cv2.circle(out, _pt(p), 16 * 5 * scale, (60, 220, 60), scale, cv2.LINE_AA, _SHIFT)
    for p in found.expected:
        x, y = _pt(p)
        d = 16 * 3 * scale
        cv2.line(out, (x - d, y), (x + d, y), (60, 120, 255), scale, cv2.LINE_AA, _SHIFT)
        cv2.line(out, (x, y - d), (x, y + d), (60, 120, 255), scale, cv2.LINE_AA, _SHIFT)
    for p in found.marks:
        cv2.circle(out, _pt(p), 16 * 8 * scale, (250, 220, 40), 2 * scale, cv2.LINE_AA, _SHIFT)
    for quad in found.patches:
        pts = np.round(quad * 16).astype(np.int32).reshape(-1, 1, 2)
        cv2.polylines(out, [pts], True, (255, 150, 40), scale, cv2.LINE_AA, _SHIFT)
    return out
