"""Find a chart's fiducials in the canvas, say which is which, and fit the grid's homography.

1. *Blobs*: dark, round, fiducial-sized spots on the foam (normalised by the local foam
   brightness so vignetting and glare do not matter), each centred on its darkness.
2. *Identity*: every pair of large blobs (anchor candidates) against every pair of the
   chart's anchors, plain or mirrored, proposes where the ring sits; the proposal that puts
   the most ring fiducials on blobs wins (a RANSAC whose samples are the anchors).
3. *Code*: each code pair of the ring must show exactly one disc; the 14 bits give the
   chart's kind and the machine's serial code.
4. *Homography*: nominal grid mm -> canvas px, fitted by RANSAC and refined on the
   inliers (outliers rejected), with the residual in mm.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from calibration import charts
from calibration.errors import MeasurementError, Refusal

DARK = 0.5
"""A pixel darker than this share of the local foam belongs to a blob (cocoa: ~0.25)."""
MATCH_MM = 1.2
"""A blob within this distance of a predicted fiducial is that fiducial."""
RESIDUAL_LIMIT_MM = 0.15
"""Largest RMS residual of the fiducials about the fitted homography accepted."""


@dataclass(frozen=True)
class Blobs:
    """Dark spots in the canvas: ``xy`` ``(k, 2)`` px, ``area_mm2`` ``(k,)``."""

    xy: np.ndarray
    area_mm2: np.ndarray


def foam_level(grey: np.ndarray, px_per_mm: float) -> np.ndarray:
    """The local foam brightness under everything printed, same shape as ``grey``.

    A grey closing (max then min) 8 mm wide, wider than any fiducial or patch, worked at a
    quarter of the resolution (a full-size closing costs half a second), then smoothed.
    """
    h, w = grey.shape
    f = 4
    small = cv2.resize(grey, (max(1, w // f), max(1, h // f)), interpolation=cv2.INTER_AREA)
    k = max(3, round(8.0 * px_per_mm / f) | 1)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k))
    closed = cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel)
    closed = cv2.GaussianBlur(closed, (0, 0), k / 4)
    return cv2.resize(closed, (w, h), interpolation=cv2.INTER_LINEAR)


def find_blobs(canvas_rgb: np.ndarray, centre: float, radius_px: float,
               px_per_mm: float) -> Blobs:
    """Round dark spots of fiducial size inside ``radius_px`` of the canvas centre."""
    grey = cv2.cvtColor(canvas_rgb, cv2.COLOR_RGB2GRAY).astype(np.float32)
    foam = foam_level(grey, px_per_mm)
    dark = 1.0 - grey / np.maximum(foam, 1.0)
    size = grey.shape[0]
    yy, xx = np.ogrid[:size, :size]
    inside = (xx - centre) ** 2 + (yy - centre) ** 2 < radius_px**2
    binary = ((dark > DARK) & inside).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    xy, areas = [], []
    ppm2 = px_per_mm * px_per_mm
    pad = max(2, round(0.5 * px_per_mm))
    for i in range(1, count):
        x, y, w, h, area = (int(v) for v in stats[i])
        a_mm2 = area / ppm2
        if not 0.8 < a_mm2 < 30.0 or max(w, h) > 2.2 * min(w, h) + 2:
            continue
        fill = area / (w * h)
        if fill < 0.55:  # a disc fills pi/4 of its box; fragments of patches much less
            continue
        x0, y0 = max(x - pad, 0), max(y - pad, 0)
        x1, y1 = min(x + w + pad, size), min(y + h + pad, size)
        own = cv2.dilate((labels[y0:y1, x0:x1] == i).astype(np.uint8),
                         np.ones((2 * pad + 1, 2 * pad + 1), np.uint8)).astype(bool)
        wgt = np.clip(dark[y0:y1, x0:x1] - 0.08, 0.0, None) * own
        total = float(wgt.sum())
        if total <= 0:
            continue
        gy, gx = np.mgrid[y0:y1, x0:x1]
        xy.append(((wgt * gx).sum() / total, (wgt * gy).sum() / total))
        areas.append(a_mm2)
    return Blobs(np.array(xy, np.float64).reshape(-1, 2), np.array(areas, np.float64))


@dataclass(frozen=True)
class Identified:
    """The chart found in the canvas.

    Attributes:
        kind: the chart's kind name (``"geometry"``, ``"tone"``, ``"check"``).
        code: the serial code read off the ring (0 = printed without a serial).
        grid_to_canvas: 3x3 homography from nominal grid mm to canvas px.
        matched_grid: ``(k, 2)`` fiducial positions (grid mm) used in the fit.
        matched_canvas: ``(k, 2)`` where they were found (canvas px).
        rejected: fiducials found but rejected as outliers.
        residual_mm: RMS distance (grid mm) between found and fitted fiducials.
        expected: fiducials the chart has.
    """

    kind: str
    code: int
    grid_to_canvas: np.ndarray
    matched_grid: np.ndarray
    matched_canvas: np.ndarray
    rejected: int
    residual_mm: float
    expected: int


def _apply(h: np.ndarray, pts: np.ndarray) -> np.ndarray:
    q = np.column_stack([pts, np.ones(len(pts))]) @ h.T
    return q[:, :2] / q[:, 2:3]


def _similarity(src: np.ndarray, dst: np.ndarray, mirror: bool) -> np.ndarray:
    """3x3 similarity (optionally mirrored) taking 2 points ``src`` onto ``dst``."""
    s = src[:, 0] + 1j * src[:, 1]
    if mirror:
        s = np.conj(s)
    d = dst[:, 0] + 1j * dst[:, 1]
    alpha = (d[1] - d[0]) / (s[1] - s[0])
    beta = d[0] - alpha * s[0]
    m = np.array([[alpha.real, -alpha.imag, beta.real],
                  [alpha.imag, alpha.real, beta.imag], [0.0, 0.0, 1.0]])
    if mirror:
        m = m @ np.diag([1.0, -1.0, 1.0])
    return m


def _nearest(pred: np.ndarray, blobs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index of the nearest blob to each prediction and the distance (px)."""
    if len(blobs) == 0:
        return np.zeros(len(pred), int), np.full(len(pred), np.inf)
    d = np.hypot(pred[:, None, 0] - blobs[None, :, 0], pred[:, None, 1] - blobs[None, :, 1])
    j = np.argmin(d, axis=1)
    return j, d[np.arange(len(pred)), j]


_ANCHORS = np.array(charts.ANCHOR_SLOTS)
_PAIRS = np.array(charts.CODE_PAIRS)


def _ring_score(hit: np.ndarray, large: np.ndarray) -> int:
    """How well blobs fit the ring: anchors on large blobs, one small disc per code pair."""
    anchors = int(np.sum(hit[_ANCHORS] & large[_ANCHORS]))
    small = hit & ~large
    one = small[_PAIRS[:, 0]] ^ small[_PAIRS[:, 1]]
    clean = ~(hit & large)[_PAIRS].any(axis=1)
    return anchors + int(np.sum(one & clean))


def identify(blobs: Blobs, px_per_mm: float, grid: charts.Grid) -> Identified:
    """Which chart this is and where its grid lies in the canvas.

    Raises:
        MeasurementError: ``FIDUCIALS_MISSING``, ``CHART_UNKNOWN`` or
            ``RESIDUAL_TOO_HIGH``.
    """
    slots = np.array([(s[2], s[3]) for s in charts.ring_slots(grid)])
    anchors = slots[list(charts.ANCHOR_SLOTS)]
    ring_needed = len(charts.ANCHOR_SLOTS) + len(charts.CODE_PAIRS)
    if len(blobs.xy) < 6:
        raise MeasurementError(Refusal.FIDUCIALS_MISSING, found=len(blobs.xy),
                                 needed=ring_needed)
    small_area = float(np.median(blobs.area_mm2))
    is_large = blobs.area_mm2 > 1.8 * small_area
    large = np.nonzero(is_large)[0]
    tol = MATCH_MM * px_per_mm
    best: tuple[int, float, np.ndarray] | None = None
    for i in large:
        for j in large:
            if i == j:
                continue
            dst = blobs.xy[[i, j]]
            d_img = float(np.hypot(*(dst[1] - dst[0])))
            for a in range(len(anchors)):
                for b in range(len(anchors)):
                    if a == b:
                        continue
                    src = anchors[[a, b]]
                    d_grid = float(np.hypot(*(src[1] - src[0]))) * px_per_mm
                    if not 0.85 < d_img / d_grid < 1.15:
                        continue
                    for mirror in (False, True):
                        m = _similarity(src, dst, mirror)
                        near, dist = _nearest(_apply(m, slots), blobs.xy)
                        score = _ring_score(dist < tol, is_large[near])
                        cost = float(np.sum(np.minimum(dist, tol) ** 2))
                        if best is None or (score, -cost) > (best[0], -best[1]):
                            best = (score, cost, m)
    if best is None or best[0] < 0.7 * ring_needed:
        found = 0 if best is None else best[0]
        raise MeasurementError(Refusal.FIDUCIALS_MISSING, found=found, needed=ring_needed)
    # The similarity from two anchors is only rough (the canvas keeps some perspective):
    # refine it on every ring slot that has a blob, then read the code pairs.
    h = best[2]
    for tol_mm in (2.5, 1.5, MATCH_MM):
        near, dist = _nearest(_apply(h, slots), blobs.xy)
        hit = dist < tol_mm * px_per_mm
        if hit.sum() < 8:
            break
        hr, _ = cv2.findHomography(slots[hit].astype(np.float32),
                                   blobs.xy[near[hit]].astype(np.float32), cv2.RANSAC,
                                   0.5 * px_per_mm)
        if hr is None:
            break
        h = hr
    _, dist = _nearest(_apply(h, slots), blobs.xy)
    present = dist < tol
    bits = []
    for first, second in charts.CODE_PAIRS:
        if present[first] == present[second]:
            raise MeasurementError(Refusal.CHART_UNKNOWN)
        bits.append(1 if present[first] else 0)
    kind_value, code = charts.decode_bits(bits)
    kind = charts.KIND_NAMES.get(kind_value)
    if kind is None:
        raise MeasurementError(Refusal.CHART_UNKNOWN)
    expected = [slots[k] for k in charts.ANCHOR_SLOTS]
    expected += [slots[first if bit else second]
                 for bit, (first, second) in zip(bits, charts.CODE_PAIRS, strict=True)]
    if kind == "geometry":
        expected += [(p[2], p[3]) for p in charts.lattice_points(grid)]
    grid_pts = np.array(expected, np.float64)
    return _fit(grid_pts, blobs.xy, h, kind, code, px_per_mm)


def _fit(grid_pts: np.ndarray, blob_xy: np.ndarray, h0: np.ndarray, kind: str, code: int,
         px_per_mm: float) -> Identified:
    """Match every expected fiducial to a blob and fit the homography robustly."""
    h = h0
    tol = MATCH_MM * px_per_mm
    keep = np.zeros(len(grid_pts), bool)
    found = np.zeros((len(grid_pts), 2))
    for _ in range(3):
        j, dist = _nearest(_apply(h, grid_pts), blob_xy)
        matched = dist < tol
        found = blob_xy[j]
        if matched.sum() < 8:
            raise MeasurementError(Refusal.FIDUCIALS_MISSING, found=int(matched.sum()),
                                     needed=len(grid_pts))
        src = grid_pts[matched].astype(np.float32)
        dst = found[matched].astype(np.float32)
        hr, inl = cv2.findHomography(src, dst, cv2.RANSAC, 0.4 * px_per_mm)
        if hr is None:
            raise MeasurementError(Refusal.FIDUCIALS_MISSING, found=int(matched.sum()),
                                     needed=len(grid_pts))
        keep = matched.copy()
        keep[np.nonzero(matched)[0][inl.ravel() == 0]] = False
        h, _ = cv2.findHomography(grid_pts[keep].astype(np.float32),
                                  found[keep].astype(np.float32), 0)
        tol = 0.6 * px_per_mm
    # Trim: drop matches beyond 3.5 robust sigmas, refit once.
    err = _grid_error(h, grid_pts[keep], found[keep])
    mad = 1.4826 * np.median(err) + 1e-6
    good = err < max(3.5 * mad, 0.05)
    idx = np.nonzero(keep)[0]
    keep[idx[~good]] = False
    h, _ = cv2.findHomography(grid_pts[keep].astype(np.float32),
                              found[keep].astype(np.float32), 0)
    err = _grid_error(h, grid_pts[keep], found[keep])
    residual = float(np.sqrt(np.mean(err**2)))
    rejected = int(len(grid_pts) - keep.sum())
    if keep.sum() < 0.7 * len(grid_pts):
        raise MeasurementError(Refusal.FIDUCIALS_MISSING, found=int(keep.sum()),
                                 needed=len(grid_pts))
    if residual > RESIDUAL_LIMIT_MM:
        raise MeasurementError(Refusal.RESIDUAL_TOO_HIGH, residual_mm=round(residual, 3),
                                 limit_mm=RESIDUAL_LIMIT_MM, what="fiducials")
    return Identified(kind, code, h, grid_pts[keep], found[keep], rejected, residual,
                      len(grid_pts))


def _grid_error(h: np.ndarray, grid_pts: np.ndarray, canvas_pts: np.ndarray) -> np.ndarray:
    """Distance (grid mm) between grid points and found points mapped back to the grid."""
    back = _apply(np.linalg.inv(h), canvas_pts)
    return np.hypot(*(back - grid_pts).T)


def to_grid(h: np.ndarray, canvas_pts: np.ndarray) -> np.ndarray:
    """Canvas px -> nominal grid mm through the inverse of ``h``."""
    return _apply(np.linalg.inv(h), np.asarray(canvas_pts, np.float64).reshape(-1, 2))


def to_canvas(h: np.ndarray, grid_pts: np.ndarray) -> np.ndarray:
    """Nominal grid mm -> canvas px through ``h``."""
    return _apply(h, np.asarray(grid_pts, np.float64).reshape(-1, 2))


def stand_marks(canvas_rgb: np.ndarray, centre: float, rim_out_px: float,
                px_per_mm: float) -> np.ndarray:
    """Bright round spots on the stand just outside the rim: ``(k, 2)`` canvas px."""
    grey = cv2.cvtColor(canvas_rgb, cv2.COLOR_RGB2GRAY).astype(np.float32)
    size = grey.shape[0]
    yy, xx = np.ogrid[:size, :size]
    rr = np.sqrt((xx - centre) ** 2 + (yy - centre) ** 2)
    ring = (rr > 1.025 * rim_out_px) & (rr < (1.0 + 0.28) * rim_out_px)
    stand = float(np.median(grey[ring]))
    rim_level = float(np.median(grey[(rr > 0.96 * rim_out_px) & (rr < 0.985 * rim_out_px)]))
    if rim_level - stand < 40:
        return np.zeros((0, 2))
    level = (grey - stand) / (rim_level - stand)
    binary = ((level > 0.5) & ring).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    out = []
    for i in range(1, count):
        x, y, w, h, area = (int(v) for v in stats[i])
        a_mm2 = area / px_per_mm**2
        if not 2.0 < a_mm2 < 30.0 or max(w, h) > 2.0 * min(w, h) + 2:
            continue
        if area / (w * h) < 0.55:
            continue
        pad = 2
        x0, y0 = max(x - pad, 0), max(y - pad, 0)
        x1, y1 = min(x + w + pad, size), min(y + h + pad, size)
        wgt = np.clip(level[y0:y1, x0:x1], 0.0, 1.2) * (labels[y0:y1, x0:x1] == i)
        wgt = cv2.dilate(wgt, np.ones((3, 3), np.uint8))
        wgt = np.clip(level[y0:y1, x0:x1], 0.0, 1.2) * (wgt > 0)
        gy, gx = np.mgrid[y0:y1, x0:x1]
        t = float(wgt.sum())
        if t > 0:
            out.append(((wgt * gx).sum() / t, (wgt * gy).sum() / t))
    return np.array(out, np.float64).reshape(-1, 2)

