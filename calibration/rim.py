"""Find the cup in a photo, rectify it, and trace its rim to sub-pixel precision.

The cup is the largest bright, round thing on a darker stand. Seen by a tilted camera its
rim is an ellipse; :func:`rectify` maps that ellipse to a circle (an affine map; the
perspective left over is a few per cent and is removed later by the fiducials' homography).
All later work happens in this *canvas*: square, the outer rim a circle of
:data:`CANVAS_RIM_PX` pixels about its centre.

Two edges are traced along rays from the centre: the *outer* rim (cup against the stand:
strong, found first) and the *inner* rim, where the foam meets the cup wall. The inner
rim lies in the foam's plane, so it is the one that says where the cup's centre is and how
big the cup looks (its diameter is the cup profile's foam diameter).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from calibration.errors import MeasurementError, Refusal

CANVAS_RIM_PX = 400.0
"""Radius of the outer rim in the canvas, pixels (~8.5 px/mm on an 82 mm cup)."""
CANVAS_REACH = 1.3
"""The canvas reaches this many outer-rim radii from the centre (the stand's marks)."""
MIN_RIM_PX = 90.0
"""Smallest outer-rim radius (photo pixels) accepted: below it a 2.4 mm disc is < 5 px."""
BLUR_LIMIT_MM = 1.2
"""Widest 10-90 % outer-rim edge accepted (a sharp photo: 0.2-0.7 mm)."""
RAYS = 360


@dataclass(frozen=True)
class Ellipse:
    """An ellipse in photo pixels: centre, semi-axes ``a`` (along ``angle_deg``) and ``b``."""

    cx: float
    cy: float
    a: float
    b: float
    angle_deg: float

    @classmethod
    def from_cv(cls, box: tuple) -> Ellipse:
        (cx, cy), (w, h), ang = box
        return cls(float(cx), float(cy), float(w) / 2, float(h) / 2, float(ang))

    def point(self, phi: np.ndarray) -> np.ndarray:
        """``(len(phi), 2)`` points at parameter angles ``phi``."""
        t = math.radians(self.angle_deg)
        u = np.array([math.cos(t), math.sin(t)])
        v = np.array([-math.sin(t), math.cos(t)])
        return (np.array([self.cx, self.cy]) + np.outer(self.a * np.cos(phi), u)
                + np.outer(self.b * np.sin(phi), v))

    def radial_error(self, pts: np.ndarray) -> np.ndarray:
        """Approximate signed distance (px) of points from the ellipse, outward positive."""
        t = math.radians(self.angle_deg)
        d = pts - np.array([self.cx, self.cy])
        x = d[:, 0] * math.cos(t) + d[:, 1] * math.sin(t)
        y = -d[:, 0] * math.sin(t) + d[:, 1] * math.cos(t)
        rho = np.hypot(x / self.a, y / self.b)
        return (rho - 1.0) * np.hypot(x, y) / np.maximum(rho, 1e-9)


@dataclass(frozen=True)
class Canvas:
    """The photo rectified so the outer rim is a circle.

    Attributes:
        rgb: ``(S, S, 3)`` uint8.
        from_photo: 3x3 map from photo pixels to canvas pixels.
        centre: the canvas centre (the outer rim's centre), pixels.
        rim_out_px: outer rim radius in the canvas (= :data:`CANVAS_RIM_PX`).
        photo_px_per_canvas_px: the photo's resolution relative to the canvas's.
    """

    rgb: np.ndarray
    from_photo: np.ndarray
    centre: float
    rim_out_px: float
    photo_px_per_canvas_px: float


def _grey(rgb: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)


def find_cup(rgb: np.ndarray) -> Ellipse:
    """The cup's outer rim as a rough ellipse in photo pixels.

    Raises:
        MeasurementError: ``NO_CUP``, ``CUP_CUT_OFF`` or ``CUP_TOO_SMALL``.
    """
    h, w = rgb.shape[:2]
    f = min(1.0, 800.0 / max(h, w))
    small = cv2.resize(rgb, (max(1, round(w * f)), max(1, round(h * f))),
                       interpolation=cv2.INTER_AREA) if f < 1 else rgb
    grey = cv2.GaussianBlur(_grey(small), (0, 0), 1.5)
    _, bright = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    bright = cv2.morphologyEx(bright, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(bright, connectivity=8)
    if count < 2:
        raise MeasurementError(Refusal.NO_CUP)
    best = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    area = int(stats[best, cv2.CC_STAT_AREA])
    sh, sw = grey.shape
    if area < 0.02 * sh * sw:
        raise MeasurementError(Refusal.NO_CUP)
    blob = (labels == best).astype(np.uint8)
    contours, _ = cv2.findContours(blob, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    contour = max(contours, key=cv2.contourArea)
    if len(contour) < 20:
        raise MeasurementError(Refusal.NO_CUP)
    ell = Ellipse.from_cv(cv2.fitEllipse(contour))
    pts = contour.reshape(-1, 2).astype(np.float64)
    err = np.abs(ell.radial_error(pts))
    filled = cv2.contourArea(contour)
    round_enough = (
        ell.b > 0 and ell.a > 0 and 0.6 < ell.a / ell.b < 1.0 / 0.6
        and np.median(err) < 0.015 * min(ell.a, ell.b)
        and np.quantile(err, 0.9) < 0.05 * min(ell.a, ell.b)
        and abs(filled / (math.pi * ell.a * ell.b) - 1.0) < 0.06
    )
    pts = contour.reshape(-1, 2)
    at_edge = (pts[:, 0] <= 1) | (pts[:, 1] <= 1) | (pts[:, 0] >= sw - 2) | (pts[:, 1] >= sh - 2)
    if at_edge.any():
        # A cup cut off by the frame: what is in view is an arc of an ellipse.
        # (Dark print cut by the frame notches it: fit robustly, most of it must lie on it.)
        arc = pts[~at_edge].astype(np.float64)
        if len(arc) >= 20 and at_edge.mean() < 0.6:
            keep = np.ones(len(arc), bool)
            for _ in range(4):
                part = Ellipse.from_cv(cv2.fitEllipse(arc[keep].astype(np.float32)))
                gap = np.abs(part.radial_error(arc))
                keep = gap < max(3.0 * np.median(gap[keep]), 1.0)
                if keep.sum() < 20:
                    break
            hull = cv2.contourArea(cv2.convexHull(contour))
            tight = (min(part.a, part.b) > 0 and 0.6 < part.a / part.b < 1.7
                     and np.median(gap[keep]) < 0.01 * min(part.a, part.b)
                     and np.mean(gap < 0.02 * min(part.a, part.b)) > 0.75)
            if tight and cv2.contourArea(contour) > 0.9 * hull:
                raise MeasurementError(Refusal.CUP_CUT_OFF)
        raise MeasurementError(Refusal.NO_CUP)
    if not round_enough:
        raise MeasurementError(Refusal.NO_CUP)
    ell = Ellipse(ell.cx / f + (1 / f - 1) / 2, ell.cy / f + (1 / f - 1) / 2,
                  ell.a / f, ell.b / f, ell.angle_deg)
    if min(ell.a, ell.b) < MIN_RIM_PX:
        raise MeasurementError(Refusal.CUP_TOO_SMALL, radius_px=round(min(ell.a, ell.b)),
                                 minimum_px=MIN_RIM_PX)
    return ell


def _subpixel_peak(d: np.ndarray, i: np.ndarray) -> np.ndarray:
    """Parabolic refinement of peaks at indices ``i`` (one per row) of ``d``."""
    rows = np.arange(d.shape[0])
    i = np.clip(i, 1, d.shape[1] - 2)
    y0, y1, y2 = d[rows, i - 1], d[rows, i], d[rows, i + 1]
    den = y0 - 2 * y1 + y2
    off = np.where(np.abs(den) > 1e-12, 0.5 * (y0 - y2) / np.where(den == 0, 1, den), 0.0)
    return i + np.clip(off, -0.5, 0.5)


def refine_outer(rgb: np.ndarray, ell: Ellipse) -> Ellipse:
    """The outer rim re-fitted to its edge (bright cup to dark stand), sub-pixel."""
    grey = _grey(rgb).astype(np.float32)
    phi = np.linspace(0, 2 * math.pi, 720, endpoint=False)
    rim = ell.point(phi)
    c = np.array([ell.cx, ell.cy])
    length = np.hypot(*(rim - c).T)
    step = 0.4 / length  # ~0.4 px per sample
    t = np.arange(0.9, 1.1, float(np.median(step)))
    pts = c + (rim - c)[:, None, :] * t[None, :, None]
    prof = cv2.remap(grey, pts[..., 0].astype(np.float32), pts[..., 1].astype(np.float32),
                     cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    prof = cv2.GaussianBlur(prof, (0, 0), sigmaX=2.0, sigmaY=0.01)
    d = np.diff(prof, axis=1)
    i = np.argmin(d, axis=1)
    strong = -d[np.arange(len(i)), i] > 0.25 * np.median(-d.min(axis=1))
    ti = (_subpixel_peak(-d, i) + 0.5)
    tt = np.interp(ti, np.arange(len(t)), t)
    edge = c + (rim - c) * tt[:, None]
    edge = edge[strong]
    return _robust_ellipse(edge, ell)


def _robust_ellipse(pts: np.ndarray, fallback: Ellipse) -> Ellipse:
    if len(pts) < 20:
        return fallback
    keep = np.ones(len(pts), bool)
    ell = fallback
    for _ in range(3):
        ell = Ellipse.from_cv(cv2.fitEllipseDirect(pts[keep].astype(np.float32)))
        err = ell.radial_error(pts)
        mad = np.median(np.abs(err[keep] - np.median(err[keep])))
        new = np.abs(err) < max(3.5 * 1.4826 * mad, 0.5)
        if new.sum() < 20 or np.array_equal(new, keep):
            break
        keep = new
    return ell


def rectify(rgb: np.ndarray, ell: Ellipse) -> Canvas:
    """Warp the photo so the outer rim ``ell`` becomes a circle of :data:`CANVAS_RIM_PX`."""
    shrink = CANVAS_RIM_PX / min(ell.a, ell.b)
    src = rgb
    pre = np.eye(3)
    if shrink < 0.7:  # a large photo: shrink it first so the warp does not alias
        f = shrink / 0.8
        src = cv2.resize(rgb, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
        pre = np.array([[f, 0, (f - 1) / 2], [0, f, (f - 1) / 2], [0, 0, 1]])
    t = math.radians(ell.angle_deg)
    rot = np.array([[math.cos(t), math.sin(t)], [-math.sin(t), math.cos(t)]])
    scale = np.diag([CANVAS_RIM_PX / ell.a, CANVAS_RIM_PX / ell.b])
    half = math.ceil(CANVAS_RIM_PX * CANVAS_REACH)
    size = 2 * half + 1
    lin = scale @ rot
    a = np.eye(3)
    a[:2, :2] = lin
    a[:2, 2] = half - lin @ np.array([ell.cx, ell.cy])
    to_src = pre  # photo -> src
    m = a @ np.linalg.inv(to_src)  # src -> canvas
    canvas = cv2.warpAffine(src, m[:2], (size, size), flags=cv2.INTER_LINEAR,
                            borderMode=cv2.BORDER_REPLICATE)
    return Canvas(canvas, a, float(half), CANVAS_RIM_PX, 1.0 / math.sqrt(abs(np.linalg.det(lin))))


def ray_profiles(
    img: np.ndarray, centre: tuple[float, float], r0: float, r1: float, *, rays: int = RAYS,
    step: float = 0.5,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sample ``img`` along ``rays`` rays from ``centre``, radius ``r0..r1`` (canvas px).

    Returns ``(phi (R,), r (T,), samples (R, T[, C]) float32)``.
    """
    phi = np.linspace(0, 2 * math.pi, rays, endpoint=False)
    r = np.arange(r0, r1, step)
    xs = (centre[0] + np.outer(np.cos(phi), r)).astype(np.float32)
    ys = (centre[1] + np.outer(np.sin(phi), r)).astype(np.float32)
    samples = cv2.remap(img.astype(np.float32), xs, ys, cv2.INTER_LINEAR,
                        borderMode=cv2.BORDER_REPLICATE)
    return phi, r, samples


@dataclass(frozen=True)
class RimTrace:
    """The rim as traced in the canvas.

    Attributes:
        inner: ``(k, 2)`` canvas points on the foam's edge.
        outer: ``(m, 2)`` canvas points on the cup's outer edge.
        inner_radius_px: the inner rim's median radius (canvas px).
        foam_rgb, rim_rgb: median colours of the foam and the rim, sRGB 0..255.
        edge_mm_px: the outer edge's 10-90 % width in canvas px.
    """

    inner: np.ndarray
    outer: np.ndarray
    inner_radius_px: float
    foam_rgb: np.ndarray
    rim_rgb: np.ndarray
    edge_px: float


def trace_rim(canvas: Canvas) -> RimTrace:
    """Trace both rim edges in ``canvas``.

    Raises:
        MeasurementError: ``RIM_UNCLEAR`` when the foam's edge cannot be followed.
    """
    c = (canvas.centre, canvas.centre)
    big = canvas.rim_out_px
    phi, r, col = ray_profiles(canvas.rgb, c, 0.55 * big, 1.12 * big)
    grey = col @ np.array([0.299, 0.587, 0.114], np.float32)
    # Outer edge: the steepest fall in brightness near the outer rim.
    d = np.diff(cv2.GaussianBlur(grey, (0, 0), sigmaX=1.5, sigmaY=0.01), axis=1)
    near = (r[:-1] > 0.93 * big) & (r[:-1] < 1.07 * big)
    dd = np.where(near[None, :], d, 0.0)
    io = np.argmin(dd, axis=1)
    ro = np.interp(_subpixel_peak(-dd, io) + 0.5, np.arange(len(r)), r)
    outer = np.column_stack([c[0] + ro * np.cos(phi), c[1] + ro * np.sin(phi)])
    edge_px = _edge_width(grey, r, io)
    # Colours: just inside the outer edge is rim; well inside is foam (or chart).
    rim_rgb = np.median(col[:, (r > 0.955 * big) & (r < 0.985 * big)].reshape(-1, 3), axis=0)
    foam_rgb = np.median(col[:, (r > 0.6 * big) & (r < 0.75 * big)].reshape(-1, 3), axis=0)
    diff = rim_rgb - foam_rgb
    if float(diff @ diff) < 4.0**2:
        raise MeasurementError(Refusal.RIM_UNCLEAR, found=0, needed=RAYS // 2)
    s = ((col - foam_rgb) @ diff) / float(diff @ diff)  # 0 foam .. 1 rim
    s = cv2.GaussianBlur(s.astype(np.float32), (0, 0), sigmaX=1.0, sigmaY=0.01)
    # Rough inner radius: walking in from the rim, where the colour turns to foam.
    inside = (r >= 0.6 * big) & (r <= 0.985 * big)
    rr = r[inside]
    ss = s[:, inside]
    below = ss < 0.5
    last = np.where(below.any(axis=1), len(rr) - 1 - np.argmax(below[:, ::-1], axis=1), -1)
    rough = np.where(last >= 0, rr[np.clip(last, 0, len(rr) - 1)], np.nan)
    rough = rough[np.isfinite(rough)]
    if len(rough) < RAYS // 3:
        raise MeasurementError(Refusal.RIM_UNCLEAR, found=len(rough), needed=RAYS // 2)
    r_in = float(np.median(rough))
    if not 0.62 * big < r_in < 0.98 * big:
        raise MeasurementError(Refusal.RIM_UNCLEAR, found=0, needed=RAYS // 2)
    # Fine inner edge: the steepest rise towards the rim near that radius.
    ds = np.diff(s, axis=1)
    window = (r[:-1] > r_in - 0.035 * big) & (r[:-1] < r_in + 0.035 * big)
    dw = np.where(window[None, :], ds, -np.inf)
    ii = np.argmax(dw, axis=1)
    jump = dw[np.arange(len(ii)), ii]
    ri = np.interp(_subpixel_peak(np.where(np.isfinite(dw), dw, 0), ii) + 0.5,
                   np.arange(len(r)), r)
    ok = jump > 0.35 * np.median(jump)
    if ok.sum() < RAYS // 2:
        raise MeasurementError(Refusal.RIM_UNCLEAR, found=int(ok.sum()), needed=RAYS // 2)
    inner = np.column_stack([c[0] + ri * np.cos(phi), c[1] + ri * np.sin(phi)])[ok]
    return RimTrace(inner, outer, r_in, foam_rgb, rim_rgb, edge_px)


def _edge_width(grey: np.ndarray, r: np.ndarray, io: np.ndarray) -> float:
    """Median 10-90 % width (px) of the outer edge across rays."""
    widths = []
    step = float(r[1] - r[0])
    span = round(0.06 * len(r))
    for k in range(0, grey.shape[0], 4):
        i = int(io[k])
        lo, hi = max(i - span, 0), min(i + span + 1, grey.shape[1])
        p = grey[k, lo:hi]
        if p.size < 8:
            continue
        top, bottom = float(np.median(p[:4])), float(np.median(p[-4:]))
        if top - bottom < 30:
            continue
        frac = (p - bottom) / (top - bottom)
        above90 = np.nonzero(frac >= 0.9)[0]
        below10 = np.nonzero(frac <= 0.1)[0]
        if not len(above90) or not len(below10):
            continue
        a = above90[above90 < below10[0]] if (above90 < below10[0]).any() else above90[:1]
        widths.append((below10[0] - a[-1]) * step)
    return float(np.median(widths)) if widths else math.inf


def check_sharpness(trace: RimTrace, px_per_mm: float) -> None:
    """Refuse a blurred photo (outer edge wider than :data:`BLUR_LIMIT_MM`)."""
    edge_mm = trace.edge_px / px_per_mm
    if not edge_mm <= BLUR_LIMIT_MM:
        raise MeasurementError(Refusal.BLURRED, edge_mm=round(edge_mm, 2),
                                 limit_mm=BLUR_LIMIT_MM)
