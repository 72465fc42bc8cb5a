"""Read a tone chart's patches and fit each powder's monotone tone response.

Each patch is read through the grid's homography (so any camera pose works): the mean
*linear* luminance of its central read window (dots spread and mix in linear light),
divided by the median luminance of the clean foam around it (at least 1.2 mm from any
printed dot). The ratio cancels the exposure and the vignetting, and, times the foam's
reflectance (0.85 in the powder table), is the landed reflectance, reported as CIE L*.

A highlight (glare) adds light instead of multiplying it, which no ratio undoes: it is
fitted in the clean foam (:mod:`calibration.glare`) and subtracted; a patch under a strong
one (:data:`GLARE_LIMIT`), or with uneven foam around it, is left unread, not misread.

Per powder the read steps (and the foam as coverage 0) are fitted by a non-increasing
least-squares curve (pool adjacent violators) in L* against the dots' real coverage, then
sampled at the nominal steps through a monotone cubic (PCHIP).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import cv2
import numpy as np

from calibration import charts
from calibration.colour import lightness, srgb_to_linear
from calibration.errors import MeasurementError, Refusal
from calibration.glare import fit_glare
from calibration.profile import ToneResponse, ToneStep
from printer_driver.powders import default_tones

GLARE_LIMIT = 0.06
"""A patch under a highlight stronger than this share of the foam's brightness is not read
(weaker highlights are subtracted: see :mod:`calibration.glare`)."""
FOAM_MIN_Y = 0.02
UNEVEN_LIMIT = 0.05
"""Foam around a patch varying more than this (interquartile / median): unread."""
MIN_STEPS_READ = 8
"""Of the 12 printed steps per powder, at least this many must be read."""
FIT_LIMIT_L = 3.0
"""Largest RMS scatter (L*) of the read steps about the monotone fit accepted."""
FOAM_CLEAR_MM = 1.2


@dataclass(frozen=True)
class ToneReading:
    """A tone chart read.

    Attributes:
        responses: per powder, the steps and the fitted curve.
        fit_rms: per powder, RMS of the read L* about the fit.
        unread: per powder, how many steps could not be read (glare, smudge).
    """

    responses: dict[str, ToneResponse]
    fit_rms: dict[str, float]
    unread: dict[str, int]


@lru_cache(maxsize=4)
def _clean_foam(chart: charts.Chart) -> np.ndarray:
    """``(k, 2)`` grid mm of dot centres that are clean foam (far from printed dots)."""
    grid = charts.Grid(chart.mask.diameter_mm, chart.mask.pitch_mm)
    printed = (chart.mask.dots > 0).astype(np.uint8)
    r = int(np.ceil(FOAM_CLEAR_MM / grid.pitch_mm))
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1, 2 * r + 1))
    near = cv2.dilate(printed, kernel).astype(bool)
    pos = np.array([grid.mm(i) for i in range(grid.n)])
    xx, yy = np.meshgrid(pos, pos)
    ok = ~near & (np.hypot(xx, yy) < charts.RING_RADIUS_MM + 2.0)
    return np.column_stack([xx[ok], yy[ok]])


def _sample(lum: np.ndarray, h: np.ndarray, pts: np.ndarray) -> np.ndarray:
    q = np.column_stack([pts, np.ones(len(pts))]) @ h.T
    xy = (q[:, :2] / q[:, 2:3]).astype(np.float32)
    out = cv2.remap(lum, xy[:, 0].reshape(1, -1), xy[:, 1].reshape(1, -1), cv2.INTER_LINEAR,
                    borderMode=cv2.BORDER_REPLICATE)
    return out.ravel().astype(np.float64)


def _isotonic_decreasing(y: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Weighted least-squares non-increasing fit (pool adjacent violators)."""
    means: list[float] = []
    weights: list[float] = []
    counts: list[int] = []
    for v, wt in zip(y, w, strict=True):
        means.append(float(v))
        weights.append(float(wt))
        counts.append(1)
        while len(means) > 1 and means[-2] < means[-1]:
            m2, w2, c2 = means.pop(), weights.pop(), counts.pop()
            m1, w1, c1 = means.pop(), weights.pop(), counts.pop()
            means.append((m1 * w1 + m2 * w2) / (w1 + w2))
            weights.append(w1 + w2)
            counts.append(c1 + c2)
    return np.repeat(np.array(means), counts)


def pchip(x: np.ndarray, y: np.ndarray, at: np.ndarray) -> np.ndarray:
    """Monotone piecewise-cubic (Fritsch-Carlson) interpolation of ``(x, y)`` at ``at``.

    ``x`` strictly increasing; values outside ``x`` clamp to the ends.
    """
    x, y = np.asarray(x, np.float64), np.asarray(y, np.float64)
    at = np.clip(np.asarray(at, np.float64), x[0], x[-1])
    if len(x) == 2:
        return np.interp(at, x, y)
    hk = np.diff(x)
    dk = np.diff(y) / hk
    m = np.zeros_like(y)
    for k in range(1, len(x) - 1):
        if dk[k - 1] * dk[k] > 0:
            w1, w2 = 2 * hk[k] + hk[k - 1], hk[k] + 2 * hk[k - 1]
            m[k] = (w1 + w2) / (w1 / dk[k - 1] + w2 / dk[k])
    m[0], m[-1] = _end_slope(hk[0], hk[1], dk[0], dk[1]), _end_slope(hk[-1], hk[-2], dk[-1],
                                                                       dk[-2])
    i = np.clip(np.searchsorted(x, at, side="right") - 1, 0, len(x) - 2)
    t = (at - x[i]) / hk[i]
    h00, h10 = 2 * t**3 - 3 * t**2 + 1, t**3 - 2 * t**2 + t
    h01, h11 = -2 * t**3 + 3 * t**2, t**3 - t**2
    return h00 * y[i] + h10 * hk[i] * m[i] + h01 * y[i + 1] + h11 * hk[i] * m[i + 1]


def _end_slope(h0: float, h1: float, d0: float, d1: float) -> float:
    m = ((2 * h0 + h1) * d0 - h0 * d1) / (h0 + h1)
    if np.sign(m) != np.sign(d0):
        return 0.0
    if np.sign(d0) != np.sign(d1) and abs(m) > abs(3 * d0):
        return 3 * d0
    return float(m)


def fit_response(coverage: np.ndarray, lstar: np.ndarray, nominal: np.ndarray,
                 foam_lstar: float) -> tuple[np.ndarray, float]:
    """Monotone fit through the foam and the read steps; returns (fitted at ``nominal``,
    RMS of the read steps about the fit)."""
    x = np.r_[0.0, coverage]
    y = np.r_[foam_lstar, lstar]
    order = np.argsort(x, kind="stable")
    x, y = x[order], y[order]
    w = np.ones_like(x)
    w[x == 0.0] = 4.0  # the foam is the reference itself: hold the curve to it
    fitted = _isotonic_decreasing(y, w)
    rms = float(np.sqrt(np.mean((fitted[1:] - y[1:]) ** 2))) if len(y) > 1 else 0.0
    ux = np.unique(x)
    uy = np.array([fitted[x == v].mean() for v in ux])
    if len(ux) < 2:
        return np.full(len(nominal), foam_lstar), rms
    # Strictly decreasing knots for PCHIP: flat runs stay flat.
    return pchip(ux, uy, nominal), rms


def linear_luminance(rgb: np.ndarray) -> np.ndarray:
    """Linear-light luminance Y (float32, same height and width) of an sRGB uint8 image."""
    lut = srgb_to_linear(np.arange(256)).astype(np.float32)
    return (lut[rgb] @ np.array([0.2126, 0.7152, 0.0722], np.float32)).astype(np.float32)


def read_patches(lum: np.ndarray, h: np.ndarray, chart: charts.Chart) -> ToneReading:
    """Read every patch of ``chart`` in a photo through ``h`` (grid mm -> photo px).

    ``lum`` is the photo's linear luminance (:func:`linear_luminance`): patches are sampled
    from it directly, so every average is taken in linear light (resampling sRGB codes
    first would darken the dot texture by up to 2 L*).

    Raises:
        MeasurementError: ``GLARE`` (too few steps readable) or ``TONE_NOT_MONOTONE``.
    """
    foam_pts = _clean_foam(chart)
    foam_all = _sample(lum, h, foam_pts)
    foam_level = float(np.median(foam_all))
    if not foam_level > 0:
        raise MeasurementError(Refusal.UNDER_EXPOSED, foam_level=0.0, minimum=FOAM_MIN_Y)
    glare = fit_glare(foam_pts, foam_all / foam_level - 1.0)
    foam_clean = foam_all - glare.at(foam_pts) * foam_level
    foam_reflectance = default_tones()[0].reflectance
    foam_l = float(lightness(foam_reflectance))
    step = chart.mask.pitch_mm / 3.0
    per: dict[str, list[tuple[charts.Patch, float | None]]] = {p: [] for p in charts.POWDER_CODES}
    for patch in chart.patches:
        half = patch.read_half_mm
        g = np.arange(-half + step / 2, half, step)
        gx, gy = np.meshgrid(patch.x_mm + g, patch.y_mm + g)
        window = np.column_stack([gx.ravel(), gy.ravel()])
        shine = glare.at(window)
        inner = _sample(lum, h, window) - shine * foam_level
        lo, hi = patch.size_mm / 2 + 0.9, patch.size_mm / 2 + 3.6
        dx = np.abs(foam_pts[:, 0] - patch.x_mm)
        dy = np.abs(foam_pts[:, 1] - patch.y_mm)
        ring = (np.maximum(dx, dy) >= lo) & (np.maximum(dx, dy) <= hi)
        value: float | None = None
        if ring.sum() >= 20 and shine.max() <= GLARE_LIMIT:
            around = foam_clean[ring]
            local = float(np.median(around))
            q1, q3 = np.quantile(around, [0.25, 0.75])
            if local > 0 and (q3 - q1) / local <= UNEVEN_LIMIT:
                ratio = max(float(inner.mean()) / local, 1e-4)
                value = float(lightness(ratio * foam_reflectance))
        per[patch.powder].append((patch, value))
    responses: dict[str, ToneResponse] = {}
    fit_rms: dict[str, float] = {}
    unread: dict[str, int] = {}
    for powder, items in per.items():
        items.sort(key=lambda it: it[0].nominal)
        read = [(p, v) for p, v in items if v is not None]
        unread[powder] = len(items) - len(read)
        if len(read) < MIN_STEPS_READ:
            raise MeasurementError(Refusal.GLARE, powder=powder, readable=len(read),
                                     needed=MIN_STEPS_READ)
        cov = np.array([p.coverage for p, _ in read])
        lst = np.array([v for _, v in read], np.float64)
        nominal = np.array([p.nominal for p, _ in items])
        fitted, rms = fit_response(cov, lst, nominal, foam_l)
        if rms > FIT_LIMIT_L:
            raise MeasurementError(Refusal.TONE_NOT_MONOTONE, powder=powder,
                                     rms_lightness=round(rms, 2), limit=FIT_LIMIT_L)
        fitted = np.minimum.accumulate(np.clip(fitted, 0.0, 100.0))
        steps = tuple(ToneStep(p.nominal, p.coverage, v, float(f))
                      for (p, v), f in zip(items, fitted, strict=True))
        responses[powder] = ToneResponse(charts.TONE_DITHER, steps)
        fit_rms[powder] = rms
    return ToneReading(responses, fit_rms, unread)
