"""Turn everything around the customer into plain foam.

A busy café behind the customer would print as noise, so the pipeline fades it to foam.
The person's shape comes from the face box: a head oval plus a shoulder oval (the *prior*).
Inside a generous version of that shape a colour model (face/hair/clothes colours against
the crop's border colours) or GrabCut decides pixel by pixel; everything is worked out on a
small 64 × 64 copy (≈1 ms) and the soft result is scaled up to the grid.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import cv2
import numpy as np

from kiosk.imaging.faces import FaceBox

Faces = FaceBox | Sequence[FaceBox] | None

#: Where each person fades to foam below the face, in face widths below its centre:
#: fully there down to the first, gone from the second. One face framed alone (its
#: circle ends ~0.84 widths below the centre) keeps what it showed; in a group framed
#: together, the bodies below the shoulders no longer print as a band of powder.
BODY_FADE = (0.8, 1.3)

SMALL = 64  # working side for segmentation: enough for a head-and-shoulders silhouette


def _ellipse(size: int, cx: float, cy: float, ax: float, ay: float,
             angle: float = 0.0) -> np.ndarray:
    """Normalised elliptic distance (1.0 on the ellipse) on a ``size`` grid (pixel centres),
    the ellipse turned ``angle``° counter-clockwise."""
    pos = np.arange(size, dtype=np.float32) + 0.5
    if not angle:
        dx = ((pos - cx) / max(ax, 1e-3))[None, :]
        dy = ((pos - cy) / max(ay, 1e-3))[:, None]
        return np.sqrt(dx * dx + dy * dy)
    a = math.radians(angle)
    x, y = pos[None, :] - cx, pos[:, None] - cy
    u = (x * math.cos(a) - y * math.sin(a)) / max(ax, 1e-3)
    v = (x * math.sin(a) + y * math.cos(a)) / max(ay, 1e-3)
    return np.sqrt(u * u + v * v)


def _as_list(faces: Faces) -> list[FaceBox]:
    if faces is None:
        return []
    return [faces] if isinstance(faces, FaceBox) else list(faces)


def _soft(dist: np.ndarray, edge: float) -> np.ndarray:
    """1 inside distance ``1 - edge``, 0 beyond ``1 + edge``, linear between."""
    return np.clip((1.0 + edge - dist) / (2.0 * edge), 0.0, 1.0)


def person_prior(size: int, face: Faces, edge: float = 0.15,
                 grow: float = 1.0) -> np.ndarray:
    """Soft head-and-shoulders silhouette, float32 ``(size, size)`` in 0..1, of one person
    per face (several: everyone together).

    ``face`` is in the coordinates of this ``size`` grid; ``grow`` scales the shape (1.25
    gives the "might be the person" region). Without a face: a centred portrait oval.
    """
    faces = _as_list(face)
    if not faces:
        d = _ellipse(size, size / 2.0, size * 0.47, size * 0.42 * grow, size * 0.52 * grow)
        return _soft(d, edge).astype(np.float32)
    rows = np.arange(size, dtype=np.float32)[:, None] + 0.5
    alpha = np.zeros((size, size), np.float32)
    top, end = BODY_FADE
    for f in faces:
        w = f.w
        # Haar boxes span brows to mouth: hair rises ~1 face width above the centre, the
        # chin sits ~0.65 below; shoulders spread ~1.5 widths each side from below the
        # chin. The shape stays upright for a tilted head: the hair and shoulders mostly
        # do, and a turned oval cut the hair of heads tilted 20° (robustness set).
        cx, cy = f.centre
        head = _ellipse(size, cx, cy - 0.15 * w, 0.72 * w * grow, 0.9 * w * grow)
        neck = _ellipse(size, cx, cy + 0.9 * w, 0.42 * w * grow, 0.6 * w * grow)
        body = _ellipse(size, cx, cy + 2.0 * w, 1.6 * w * grow, 1.05 * w * grow)
        one = _soft(np.minimum(np.minimum(head, neck), body), edge)
        # Head and shoulders, as one face framed alone shows them: the body below fades
        # to foam (in a group framed together it filled the lower cup with powder).
        fade = np.clip((cy + end * w - rows) / ((end - top) * w), 0.0, 1.0)
        np.maximum(alpha, one * fade, out=alpha)
    return alpha


def _colour_index(small: np.ndarray) -> tuple[np.ndarray, int]:
    """Histogram bin per pixel: 8×8×8 BGR bins, or 32 grey bins."""
    if small.ndim == 2:
        return (small >> 3).astype(np.int32).ravel(), 32
    q = (small >> 5).astype(np.int32)
    return (q[..., 0] * 64 + q[..., 1] * 8 + q[..., 2]).ravel(), 512


def _colour_model(small: np.ndarray, sure_fg: np.ndarray, sure_bg: np.ndarray) -> np.ndarray:
    """Per-pixel probability of being the person from two colour histograms."""
    idx, bins = _colour_index(small)
    fg = np.bincount(idx, weights=sure_fg.ravel(), minlength=bins) + 0.5
    bg = np.bincount(idx, weights=sure_bg.ravel(), minlength=bins) + 0.5
    fg /= fg.sum()
    bg /= bg.sum()
    p = (fg / (fg + bg)).astype(np.float32)
    return p[idx].reshape(small.shape[:2])


def _grabcut(small: np.ndarray, core: np.ndarray, prior: np.ndarray,
             region: np.ndarray) -> np.ndarray:
    bgr = small if small.ndim == 3 else cv2.cvtColor(small, cv2.COLOR_GRAY2BGR)
    init: np.ndarray = np.full(small.shape[:2], cv2.GC_BGD, np.uint8)
    init[region > 0.05] = cv2.GC_PR_BGD
    init[prior > 0.5] = cv2.GC_PR_FGD
    init[core > 0.5] = cv2.GC_FGD
    bgd, fgd = np.zeros((1, 65), np.float64), np.zeros((1, 65), np.float64)
    try:
        cv2.grabCut(bgr, init, (0, 0, 0, 0), bgd, fgd, 2, cv2.GC_INIT_WITH_MASK)  # rect unused
    except cv2.error:  # degenerate colours (e.g. a flat frame): keep the oval
        return prior
    return ((init == cv2.GC_FGD) | (init == cv2.GC_PR_FGD)).astype(np.float32)


def foreground_alpha(crop: np.ndarray, valid: np.ndarray, face: Faces, *,
                     method: str = "colour", feather: float = 0.06) -> np.ndarray:
    """How much of each grid cell is the customer: float32 ``(n, n)``, 1 person, 0 foam.

    Args:
        crop: the square crop, uint8 ``(n, n, 3)`` BGR or ``(n, n)`` grey.
        valid: float32 ``(n, n)``, 0 where the crop lies outside the photo.
        face: face box(es) in crop (grid) coordinates: one, several (everyone framed
            together) or None.
        method: ``colour``, ``grabcut``, ``oval`` or ``none``.
        feather: width of the fade to foam as a fraction of the side.
    """
    n = crop.shape[0]
    if method == "none":
        return valid.astype(np.float32, copy=True)
    k = SMALL / n
    small_faces = [f.scaled(k) for f in _as_list(face)]
    prior = person_prior(SMALL, small_faces)
    if method != "oval" and small_faces:
        small = cv2.resize(crop, (SMALL, SMALL), interpolation=cv2.INTER_AREA)
        region = person_prior(SMALL, small_faces, grow=1.3)
        core = np.zeros((SMALL, SMALL), np.float32)
        for f in small_faces:
            cx, cy = f.centre
            core = np.maximum(core, _soft(_ellipse(SMALL, cx, cy, 0.38 * f.w, 0.5 * f.w,
                                                   f.angle), 0.1))
        if method == "grabcut":
            decided = _grabcut(small, core, prior, region)
        else:
            sure_bg = (region < 0.02).astype(np.float32)
            if sure_bg.sum() < 0.05 * SMALL * SMALL:  # the person fills the crop
                decided = prior
            else:
                p = _colour_model(small, np.maximum(core, (prior > 0.9) * 0.5), sure_bg)
                decided = np.clip((p - 0.3) / 0.4, 0.0, 1.0)
                # Fill pinholes (eyes, teeth that match the wall colour) and drop specks.
                decided = cv2.morphologyEx(decided, cv2.MORPH_CLOSE, _KERNEL)
                decided = cv2.morphologyEx(decided, cv2.MORPH_OPEN, _KERNEL)
        prior = np.maximum(core, np.minimum(region, np.maximum(decided, 0.2 * prior)))
    sigma = max(0.5, feather * SMALL / 2.0)
    prior = cv2.GaussianBlur(prior, (0, 0), sigma)
    alpha = cv2.resize(prior, (n, n), interpolation=cv2.INTER_LINEAR)
    # Faint tails of the fade would print as lone dots scattered over the foam: cut them.
    alpha = np.clip((alpha - 0.12) * (1.0 / 0.88), 0.0, 1.0)
    if valid.min() < 1.0:
        # Where the crop runs past the photo's edge, fade the photo out rather than cut it
        # with a straight line across the cup (close-ups, faces near an edge).
        edge = max(1.0, feather * n / 4.0)
        soft = cv2.GaussianBlur(valid, (0, 0), edge)
        valid = np.clip((soft - 0.5) * 2.0, 0.0, 1.0) * valid
    return alpha * valid


_KERNEL = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5))
