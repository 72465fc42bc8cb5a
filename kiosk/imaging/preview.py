"""A picture of the cup as the customer will see it: powder dots spread on foam.

Each dot lands as a soft blob whose diameter is ``dot_gain`` × the pitch; overlapping
blobs saturate (coverage = 1 − exp(−density)) as powder does. Cinnamon is laid first,
cocoa on top, in their display colours from the powder table, with a faint grain. Around
the foam: the crema edge, the cup's rim and a hint of saucer. Works at any size; the cup
and grain are cached per size so a live preview costs a few milliseconds per frame; a
picture larger than :data:`CACHED_PX` is drawn in bands of rows, nothing cached, so even a
4096-pixel one takes little more memory than the picture itself.
"""

from __future__ import annotations

from functools import cache, lru_cache

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
#: Largest picture drawn in one piece with its cup and grain cached (the kiosk's 360 and
#: 512 px live and review cups); larger ones are drawn in bands of :data:`BAND_ROWS` rows.
CACHED_PX = 1024
BAND_ROWS = 64
_PROFILE_STEPS = 64


def _radius(size: int, y0: int = 0, y1: int | None = None) -> np.ndarray:
    """Distance from the centre over the side, float32, for rows ``y0:y1`` of a square."""
    pos = np.arange(size, dtype=np.float32) + 0.5 - size / 2.0
    rows = pos[y0:size if y1 is None else y1]
    return np.sqrt(pos[None, :] ** 2 + rows[:, None] ** 2) / size


def _ring(r: np.ndarray, edge: float, px: float) -> np.ndarray:
    """Anti-aliased disc of radius ``edge`` (fraction of side): 1 inside, 0 outside."""
    return np.clip((edge - r) * px + 0.5, 0.0, 1.0)[..., None]


def _cup_colour(r: np.ndarray, size: int, foam_rgb: tuple[int, int, int]) -> np.ndarray:
    """The empty cup seen from above at distances ``r`` (fractions of the side) from the
    centre of a ``size``-pixel picture: float32 ``r.shape + (3,)`` RGB 0..255."""
    img = np.empty((*r.shape, 3), np.float32)
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
    return np.asarray(img * (1 - foam) + np.clip(foam_col, 0, 255) * foam, np.float32)


def _cup_profile(size: int, foam_rgb: tuple[int, int, int]) -> np.ndarray:
    """The cup's colour every 1/64 pixel from the centre to the corner, float32 ``(m, 3)``:
    looked up, it is within ~2 levels of drawing each pixel, in a fraction of the time."""
    steps = _PROFILE_STEPS * size
    r = np.arange(int(0.75 * steps) + 2, dtype=np.float32) / np.float32(steps)
    return _cup_colour(r, size, foam_rgb)


def _cup_rows(profile: np.ndarray, size: int, y0: int, y1: int) -> np.ndarray:
    """Rows ``y0:y1`` of the empty cup from its :func:`_cup_profile`, float32
    ``(y1-y0, size, 3)`` RGB 0..255."""
    idx = np.rint(_radius(size, y0, y1) * (_PROFILE_STEPS * size)).astype(np.intp)
    return np.take(profile, idx, axis=0)


@cache
def _cup(size: int, foam_rgb: tuple[int, int, int]) -> np.ndarray:
    """The whole empty cup, float32 ``(size, size, 3)`` RGB 0..255 (cached, read-only)."""
    img = _cup_colour(_radius(size), size, foam_rgb)
    img.setflags(write=False)
    return img


@cache
def _cup_u8(size: int, foam_rgb: tuple[int, int, int]) -> np.ndarray:
    img = cv2.convertScaleAbs(_cup(size, foam_rgb))
    img.setflags(write=False)
    return img


def _noise_grain(noise: np.ndarray) -> np.ndarray:
    noise = cv2.GaussianBlur(noise, (0, 0), 0.8)
    return 1.0 + 0.06 * (noise - noise.mean()) / (noise.std() + 1e-6)


@cache
def _grain(size: int) -> np.ndarray:
    """Fixed powder grain, float32 ``(size, size)`` around 1.0 (cached per size)."""
    grain = _noise_grain(np.random.default_rng(7).random((size, size), dtype=np.float32))
    grain.setflags(write=False)
    return grain


def _grain_rows(size: int, r0: int, r1: int) -> np.ndarray:
    """Grain for rows ``r0:r1`` of a large picture, float32 ``(r1-r0, size)``: the same kind
    of noise as :func:`_grain`, made per band (seams are below what the eye sees in it)."""
    noise = np.random.default_rng((7, size, r0)).random((r1 - r0, size), dtype=np.float32)
    return _noise_grain(noise)


def _spread_source(mask: Mask, side_px: int) -> tuple[np.ndarray, float]:
    """The dots of each powder scaled to ``side_px`` (channel 0 cinnamon, 1 cocoa) and the
    Gaussian sigma of the powder's spread in those pixels, before the blur. Upscaled (the
    usual case) as uint8 0/1, so a 4096-pixel picture's source is ~17 MB, not ~70."""
    dots = mask.dots
    n = dots.shape[0]
    if side_px < n:
        stack = np.dstack(((dots == CINNAMON), (dots == COCOA))).astype(np.float32)
        up = cv2.resize(stack, (side_px, side_px), interpolation=cv2.INTER_AREA)
    else:
        stack = np.dstack(((dots == CINNAMON), (dots == COCOA))).astype(np.uint8)
        up = cv2.resize(stack, (side_px, side_px), interpolation=cv2.INTER_NEAREST)
    return up, side_px / n


def _coverage_rows(up: np.ndarray, pitch_px: float, dot_gain: float, r0: int,
                   r1: int) -> np.ndarray:
    """Coverage (float32 ``(r1-r0, side, 2)``, 0..1) for rows ``r0:r1``, blurring a band with
    enough rows around it that the result equals blurring the whole picture."""
    # A disc of diameter gain × pitch is close to a Gaussian of sigma ~0.35 × that.
    sigma = max(0.35, 0.35 * dot_gain * pitch_px)
    halo = int(4 * sigma) + 2  # OpenCV's float kernel reaches ~4 sigma
    a, b = max(0, r0 - halo), min(up.shape[0], r1 + halo)
    band = up[a:b].astype(np.float32)
    density = cv2.GaussianBlur(band, (0, 0), sigma)[r0 - a:r1 - a] * (dot_gain * dot_gain)
    return 1.0 - np.exp(-1.2 * density)


def coverage(mask: Mask, side_px: int, dot_gain: float = 1.5) -> np.ndarray:
    """Powder coverage of a ``side_px`` square over the print grid.

    Returns float32 ``(side_px, side_px, 2)``: channel 0 cinnamon, 1 cocoa, each 0..1.
    """
    up, pitch_px = _spread_source(mask, side_px)
    return _coverage_rows(up, pitch_px, dot_gain, 0, side_px)


def _lay(base: np.ndarray, colour: tuple[int, int, int], share: np.ndarray) -> np.ndarray:
    """``base`` (float32 ``(h, w, 3)``) with powder of ``colour`` laid over ``share`` (float32
    ``(h, w)``, 0..1) of each pixel. OpenCV's per-pixel blend: ~6x numpy's broadcasting
    (a 512 px live cup spent 1.6 ms here per powder)."""
    return cv2.blendLinear(base, _paint(base.shape[0], base.shape[1], colour), 1.0 - share,
                           share)


@lru_cache(maxsize=8)
def _paint(h: int, w: int, colour: tuple[int, int, int]) -> np.ndarray:
    """A plain float32 ``(h, w, 3)`` picture of ``colour`` (cached: filling one costs more
    than the blend)."""
    paint = np.empty((h, w, 3), np.float32)
    paint[:] = colour
    paint.setflags(write=False)
    return paint


def render_cup(mask: Mask, size_px: int = 512, *, dot_gain: float = 1.5) -> np.ndarray:
    """Draw ``mask`` printed on a cup: RGB uint8 ``(size_px, size_px, 3)``.

    Args:
        mask: any mask (portrait or design), any geometry and powder set; a mask placed
            for a measured head is drawn as it will land (centred and true), not as its
            dots lie on the grid.
        size_px: picture side in pixels (>= 32); above :data:`CACHED_PX` drawn in bands.
        dot_gain: powder spread, dot diameter / pitch (0.5 .. 4).
    """
    if size_px < 32:
        raise ValueError(f"preview size {size_px} px is too small (at least 32)")
    if mask.placement is not None:
        from kiosk.imaging.placement import landed_mask

        mask = landed_mask(mask)
    dot_gain = float(min(max(dot_gain, 0.5), 4.0))
    tones = default_tones()
    r, g, b = tones[FOAM].display_rgb
    foam = (r, g, b)
    cached = size_px <= CACHED_PX
    img = _cup_u8(size_px, foam).copy() if cached else np.empty((size_px, size_px, 3),
                                                                 np.uint8)
    side = max(2, round(2 * PRINT_R * size_px))
    off = (size_px - side) // 2
    source = _spread_source(mask, side) if any(mask.dot_counts().values()) else None
    colours = [tones[CINNAMON].display_rgb, tones[COCOA].display_rgb]
    step = size_px if cached else BAND_ROWS
    profile = None if cached else _cup_profile(size_px, foam)
    for y0 in range(0, size_px, step):
        y1 = min(size_px, y0 + step)
        cup = _cup(size_px, foam)[y0:y1] if profile is None else _cup_rows(profile, size_px,
                                                                            y0, y1)
        if not cached:
            img[y0:y1] = cv2.convertScaleAbs(cup)
        r0, r1 = max(y0, off) - off, min(y1, off + side) - off
        if source is None or r0 >= r1:
            continue
        cov = _coverage_rows(*source, dot_gain, r0, r1)
        grain = _grain(side)[r0:r1] if cached else _grain_rows(side, r0, r1)
        # Cinnamon first, cocoa over it: each powder covers what lies below by its share.
        region = np.ascontiguousarray(cup[off + r0 - y0:off + r1 - y0, off:off + side])
        for channel, colour in enumerate(colours):
            share = np.clip(cov[..., channel] * grain, 0.0, 1.0)
            region = _lay(region, colour, share)
        img[off + r0:off + r1, off:off + side] = cv2.convertScaleAbs(region)
    return img
