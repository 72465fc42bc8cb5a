"""Glare: a highlight on the foam, found in the clean foam around the patches.

A highlight *adds* light, so dividing by the local foam does not remove it, and on a dark
patch a highlight of a few per cent of the foam's brightness is several L*. Around the
patches the foam is seen in many places (the gaps, the ring's zone); its brightness,
relative to its median, is fitted with a smooth background (vignetting, uneven light: a
quadratic) plus one round Gaussian bump (the highlight), by Gauss-Newton from the
brightest spot. The fitted bump is then subtracted from each patch and its surroundings,
and a patch under a strong bump is not read at all.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

MIN_AMPLITUDE = 0.004
"""Bumps weaker than this share of the foam's brightness are noise, not glare."""
MIN_SIGMA_MM = 2.5
"""Narrower bumps are specks, not the soft reflection of a light."""
SIGNIFICANCE = 6.0
"""A bump must be this many standard errors strong to count."""
MAX_CENTRE_MM = 45.0
"""A highlight is on the cup: its centre lies within this distance of the grid centre."""


@dataclass(frozen=True)
class Glare:
    """A fitted highlight: ``amplitude`` (share of the foam's brightness) at ``(x, y)`` mm
    with spread ``sigma`` mm. ``amplitude`` 0 means none."""

    amplitude: float = 0.0
    x_mm: float = 0.0
    y_mm: float = 0.0
    sigma_mm: float = 5.0

    def at(self, pts: np.ndarray) -> np.ndarray:
        """The highlight at ``(k, 2)`` points (grid mm), as a share of the foam."""
        if self.amplitude <= 0:
            return np.zeros(len(pts))
        d2 = (pts[:, 0] - self.x_mm) ** 2 + (pts[:, 1] - self.y_mm) ** 2
        return self.amplitude * np.exp(-d2 / (2 * self.sigma_mm**2))


def _background(pts: np.ndarray) -> np.ndarray:
    x, y = pts[:, 0] / 30.0, pts[:, 1] / 30.0
    return np.column_stack([np.ones(len(x)), x, y, x * x, x * y, y * y])


def _cells(pts: np.ndarray, size_mm: float) -> np.ndarray:
    """Index (0..k-1) of the ``size_mm`` square cell each point falls in."""
    ij = np.floor(pts / size_mm).astype(np.int64) + 4096
    _, inv = np.unique(ij[:, 0] * 8192 + ij[:, 1], return_inverse=True)
    return inv.ravel()


def fit_glare(pts: np.ndarray, rel: np.ndarray) -> Glare:
    """Fit a highlight to foam brightness ``rel`` (value / median - 1) at ``pts`` (mm)."""
    if len(pts) < 50:
        return Glare()
    # Average the samples in 1 mm cells: the same information, a tenth of the work.
    inv = _cells(pts, 1.0)
    counts = np.bincount(inv)
    pts = np.column_stack([np.bincount(inv, weights=pts[:, k]) / counts for k in (0, 1)])
    rel = np.bincount(inv, weights=rel) / counts
    b = _background(pts)
    keep = np.ones(len(rel), bool)
    for _ in range(3):  # robust background first: the bump's samples are outliers to it
        coef = np.linalg.lstsq(b[keep], rel[keep], rcond=None)[0]
        res = rel - b @ coef
        mad = 1.4826 * np.median(np.abs(res[keep])) + 1e-6
        keep = res < 2.5 * mad
    # Where is it brightest? Average residuals in 2 mm cells, take the best cell.
    inv = _cells(pts, 2.0)
    sums = np.bincount(inv, weights=res)
    counts = np.bincount(inv)
    means = np.where(counts >= 3, sums / np.maximum(counts, 1), -np.inf)
    best = int(np.argmax(means))
    if means[best] < MIN_AMPLITUDE:
        return Glare()
    x0, y0 = pts[inv == best].mean(axis=0)
    p = np.r_[coef, means[best], x0, y0, np.log(5.0)]

    def residual(q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        amp, cx, cy, ls = q[6], q[7], q[8], q[9]
        s2 = np.exp(2 * ls)
        dx, dy = pts[:, 0] - cx, pts[:, 1] - cy
        g = np.exp(-(dx * dx + dy * dy) / (2 * s2))
        jac = np.column_stack([b, g, amp * g * dx / s2, amp * g * dy / s2,
                               amp * g * (dx * dx + dy * dy) / s2])
        return rel - (b @ q[:6] + amp * g), jac

    # Levenberg-Marquardt: Gauss-Newton steps, damped whenever one fails to help.
    r, jac = residual(p)
    cost, lam = float(r @ r), 1e-3
    for _ in range(40):
        jtj = jac.T @ jac
        step = np.linalg.solve(jtj + lam * np.diag(np.diag(jtj) + 1e-12), jac.T @ r)
        q = p + step
        q[9] = np.clip(q[9], np.log(MIN_SIGMA_MM), np.log(25.0))
        if np.hypot(q[7], q[8]) > MAX_CENTRE_MM:
            lam *= 10
            continue
        r2, jac2 = residual(q)
        c2 = float(r2 @ r2)
        if c2 < cost:
            p, r, jac, lam = q, r2, jac2, lam / 3
            done = cost - c2 < 1e-10 * max(cost, 1e-12)
            cost = c2
            if done:
                break
        else:
            lam *= 10
            if lam > 1e8:
                break
    if not (np.all(np.isfinite(p)) and p[6] >= MIN_AMPLITUDE):
        return Glare()
    # A bump no stronger than the noise allows (an unlucky cluster of noisy cells) is none.
    dof = max(len(r) - len(p), 1)
    cov = np.linalg.pinv(jac.T @ jac) * float(r @ r) / dof
    if p[6] < SIGNIFICANCE * math.sqrt(max(cov[6, 6], 0.0)):
        return Glare()
    return Glare(float(p[6]), float(p[7]), float(p[8]), float(np.exp(p[9])))
