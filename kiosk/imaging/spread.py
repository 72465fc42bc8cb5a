"""The dot-spread model: what a grid of powder dots looks like once it lands on the foam.

A dot of powder does not stay in its cell: it lands as a disc of diameter ``gain`` x
pitch (1.2-2x on real machines), so neighbouring dots overlap and a print comes out
darker than its dot counts suggest. This model renders an index image (0 = foam, i >= 1
the i-th powder, as produced by :func:`kiosk.imaging.dither.dither` or a mask's dot codes)
to a reflectance image ``upsample`` times finer than the dot grid:

- each powder's *coverage* ``c`` at a point combines its dots as independent layers,
  ``1 - c = prod(1 - a_dot)``, where ``a_dot`` is the dot's anti-aliased disc (so a solid
  patch of one powder saturates at that powder's reflectance, not darker);
- the powders then combine multiplicatively, powder on powder:
  ``R = foam * prod_i (1 - c_i * (1 - r_i / foam))``; where cocoa lands on cinnamon the
  result is darker than either.

Because ``log(1 - c)`` is a sum over dots, each powder costs one linear filter
(``cv2.filter2D``) of its dot positions with ``log(1 - a)``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

import cv2
import numpy as np

DEFAULT_UPSAMPLE = 4
_MAX_OPACITY = 1.0 - 1e-4  # a disc's centre: log(1 - a) must stay finite


@lru_cache(maxsize=32)
def dot_kernel(gain: float, upsample: int) -> np.ndarray:
    """``log(1 - a)`` of one dot's disc on the upsampled grid (float32, odd square, read-only).

    The disc has diameter ``gain * upsample`` pixels, centred on its dot's cell (for an
    even ``upsample`` the cell centre falls between pixels, and the kernel is shifted half
    a pixel to match the anchor used by :func:`spread_reflectance`).
    """
    if not (gain > 0 and math.isfinite(gain)) or upsample < 1:
        raise ValueError(f"need gain > 0 and upsample >= 1, got {gain}, {upsample}")
    radius = gain * upsample / 2.0
    shift = (upsample - 1) / 2.0 - upsample // 2  # -0.5 for even upsample, 0 for odd
    half = math.ceil(radius + 1)
    sub = 8  # sub-samples per pixel side for the anti-aliased edge
    offs = (np.arange(sub) + 0.5) / sub - 0.5
    pix = np.arange(-half, half + 1, dtype=np.float64)
    fine = (pix[:, None] + offs[None, :]).ravel() + shift  # correlation flips
    inside = (fine[:, None] ** 2 + fine[None, :] ** 2) <= radius**2
    k = 2 * half + 1
    area = inside.reshape(k, sub, k, sub).mean(axis=(1, 3))
    kernel = np.log1p(-np.minimum(area, _MAX_OPACITY)).astype(np.float32)
    kernel.setflags(write=False)
    return kernel


def spread_reflectance(
    indices: np.ndarray,
    reflectances: Sequence[float],
    *,
    gain: float = 1.5,
    upsample: int = DEFAULT_UPSAMPLE,
) -> np.ndarray:
    """Render dots to reflectance as they look on the foam.

    Args:
        indices: ``(h, w)`` integer array; 0 is foam (no powder), ``i >= 1`` a dot of the
            powder whose full-coverage reflectance is ``reflectances[i]``.
        reflectances: linear-light reflectance per index, ``reflectances[0]`` the foam.
        gain: dot diameter as a multiple of the dot pitch.
        upsample: output pixels per dot pitch.

    Returns:
        ``(h * upsample, w * upsample)`` float32 reflectance.
    """
    idx = np.asarray(indices)
    if idx.ndim != 2:
        raise ValueError(f"indices must be 2-D, got shape {idx.shape}")
    refl = [float(r) for r in reflectances]
    foam = refl[0]
    if not foam > 0:
        raise ValueError("the foam reflectance (reflectances[0]) must be positive")
    if idx.size and int(idx.max()) >= len(refl):
        raise ValueError(f"index {int(idx.max())} has no reflectance (got {len(refl)})")
    h, w = idx.shape
    u = int(upsample)
    kernel = dot_kernel(float(gain), u)
    out = np.full((h * u, w * u), foam, dtype=np.float32)
    if idx.size == 0:
        return out
    factor = np.ones_like(out)
    for i in range(1, len(refl)):
        hits = idx == i
        if not hits.any():
            continue
        delta = np.zeros((h * u, w * u), dtype=np.float32)
        delta[u // 2 :: u, u // 2 :: u] = hits
        log_uncovered = cv2.filter2D(delta, -1, kernel, borderType=cv2.BORDER_CONSTANT)
        coverage = 1.0 - np.exp(log_uncovered)
        factor *= 1.0 - coverage * np.float32(1.0 - refl[i] / foam)
    out *= factor
    return out


def spread_to_grid(
    indices: np.ndarray,
    reflectances: Sequence[float],
    *,
    gain: float = 1.5,
    upsample: int = DEFAULT_UPSAMPLE,
) -> np.ndarray:
    """The spread print averaged back onto the dot grid: ``(h, w)`` float32 reflectance."""
    fine = spread_reflectance(indices, reflectances, gain=gain, upsample=upsample)
    h, w = np.asarray(indices).shape
    return cv2.resize(fine, (w, h), interpolation=cv2.INTER_AREA)
