"""A picture of the cup as the customer will see it: powder dots spread on foam.

Each dot lands as a soft blob whose diameter is ``dot_gain`` × the pitch; overlapping
blobs saturate (coverage = 1 − exp(−density)) as powder does. Cinnamon is laid first,
cocoa on top, in their display colours from the powder table, with a faint grain. Around
the foam: the crema edge, the cup's rim and a hint of saucer. Works at any size; the cup
and grain are cached per size so a live preview costs a few milliseconds per frame.
"""

from __future__ import annotations

from functools import cache

import cv2
import numpy as np

from printer_driver.mask import Mask
from printer_driver.powders import CINNAMON, COCOA, FOAM, default_tones

#: Radii as fractions of the picture side (the saucer touches the edges).
PRINT_R = 0.36
FOAM_R = 0.385
INNER_RIM_R = 0.405
OUTER_RIM_R = 0.445
SAUCER_R = 0.497
_TABLE = (214, 206, 196)
_CERAMIC = (250, 248, 244)
_CREMA = (150, 98, 58)


def _radius(size: int) -> np.ndarray:
    pos = np.arange(size, dtype=np.float32) + 0.5 - size / 2.0
    return np.sqrt(pos[None, :] ** 2 + pos[:, None] ** 2) / size


def _ring(r: np.ndarray, edge: float, px: float) -> np.ndarray:
    """Anti-aliased disc of radius ``edge`` (fraction of side): 1 inside, 0 outside."""
    return np.clip((edge - r) * px + 0.5, 0.0, 1.0)[..., None]


@cache
def _cup(size: int, foam_rgb: tuple[int, int, int]) -> np.ndarray:
    """The empty cup seen from above, float32 ``(size, size, 3)`` RGB 0..255 (cached)."""
    r = _radius(size)
    img = np.empty((size, size, 3), np.float32)
    img[:] = _TABLE
    # Saucer with a soft shadow under the cup.
    sau = _ring(r, SAUCER_R, size)
    lift = 0.93 + 0.04 * np.clip((SAUCER_R - r) / 0.05, 0, 1)
    saucer_col = np.array(_CERAMIC, np.float32) * lift[..., None]
    img = img * (1 - sau) + saucer_col * sau
    shadow = np.clip(1 - (r - OUTER_RIM_R) / 0.02, 0, 1) * (r > OUTER_RIM_R)
    img *= 1 - 0.12 * shadow[..., None]
    # Cup: a glazed rim, lighter towards its top edge, then the coffee's crema ring.
    rim = _ring(r, OUTER_RIM_R, size)
    glaze = np.clip((OUTER_RIM_R - r) / (OUTER_RIM_R - INNER_RIM_R), 0, 1)
    rim_col = np.array(_CERAMIC, np.float32) * (0.9 + 0.1 * np.sin(glaze * np.pi))[..., None]
    img = img * (1 - rim) + rim_col * rim
    crema = _ring(r, INNER_RIM_R, size)
    img = img * (1 - crema) + np.array(_CREMA, np.float32) * crema
    # Foam: the tone's colour, slightly brighter in the middle like a domed surface.
    foam = _ring(r, FOAM_R, size)
    foam_col = np.array(foam_rgb, np.float32) * (1.02 - 0.06 * (r / FOAM_R) ** 2)[..., None]
    img = img * (1 - foam) + np.clip(foam_col, 0, 255) * foam
    img.setflags(write=False)
    return img


@cache
def _cup_u8(size: int, foam_rgb: tuple[int, int, int]) -> np.ndarray:
    img = cv2.convertScaleAbs(_cup(size, foam_rgb))
    img.setflags(write=False)
    return img


@cache
def _grain(size: int) -> np.ndarray:
    """Fixed powder grain, float32 ``(size, size)`` around 1.0 (cached per size)."""
    rng = np.random.default_rng(7)
    noise = cv2.GaussianBlur(rng.random((size, size), dtype=np.float32), (0, 0), 0.8)
    grain = 1.0 + 0.06 * (noise - noise.mean()) / (noise.std() + 1e-6)
    grain.setflags(write=False)
    return grain


def coverage(mask: Mask, side_px: int, dot_gain: float = 1.5) -> np.ndarray:
    """Powder coverage of a ``side_px`` square over the print grid.

    Returns float32 ``(side_px, side_px, 2)``: channel 0 cinnamon, 1 cocoa, each 0..1.
    """
    dots = mask.dots
    stack = np.dstack(((dots == CINNAMON), (dots == COCOA))).astype(np.float32)
    n = dots.shape[0]
    interp = cv2.INTER_AREA if side_px < n else cv2.INTER_NEAREST
    up = cv2.resize(stack, (side_px, side_px), interpolation=interp)
    pitch_px = side_px / n
    # A disc of diameter gain × pitch is close to a Gaussian of sigma ~0.35 × that.
    sigma = max(0.35, 0.35 * dot_gain * pitch_px)
    density = cv2.GaussianBlur(up, (0, 0), sigma) * (dot_gain * dot_gain)
    return 1.0 - np.exp(-1.2 * density)


def render_cup(mask: Mask, size_px: int = 512, *, dot_gain: float = 1.5) -> np.ndarray:
    """Draw ``mask`` printed on a cup: RGB uint8 ``(size_px, size_px, 3)``.

    Args:
        mask: any mask (portrait or design), any geometry and powder set.
        size_px: picture side in pixels (>= 32).
        dot_gain: powder spread, dot diameter / pitch (0.5 .. 4).
    """
    if size_px < 32:
        raise ValueError(f"preview size {size_px} px is too small (at least 32)")
    dot_gain = float(min(max(dot_gain, 0.5), 4.0))
    tones = default_tones()
    cup = _cup(size_px, tuple(tones[FOAM].display_rgb))
    img = _cup_u8(size_px, tuple(tones[FOAM].display_rgb)).copy()
    side = max(2, round(2 * PRINT_R * size_px))
    off = (size_px - side) // 2
    counts = mask.dot_counts()
    if any(counts.values()):
        cov = coverage(mask, side, dot_gain)
        a1 = cov[..., 0] * _grain(side)
        a2 = cov[..., 1] * _grain(side)
        np.clip(a1, 0.0, 1.0, out=a1)
        np.clip(a2, 0.0, 1.0, out=a2)
        # Cinnamon first, cocoa over it: out = base·(1−a1)(1−a2) + c1·a1(1−a2) + c2·a2.
        keep = (1.0 - a1) * (1.0 - a2)
        powder = np.stack((a1 * (1.0 - a2), a2), axis=-1).reshape(-1, 2)
        colours = np.array([tones[CINNAMON].display_rgb, tones[COCOA].display_rgb], np.float32)
        region = cup[off:off + side, off:off + side] * keep[..., None]
        region += (powder @ colours).reshape(side, side, 3)
        img[off:off + side, off:off + side] = cv2.convertScaleAbs(region)
    return img
