"""Laying a picture out for a measured head, so it lands centred and true on the cup.

The head's error is a :class:`~printer_driver.placement.HeadGeometry` (calibration measures
it). Each dot is given the design's value at the point where that dot really lands:

- :func:`place_target`: the target reflectance image, bilinear, *before dithering*; the
  dots are then made for the grid as it really lies, so the dither pattern stays clean
  (``docs/calibration.md`` says why this is where geometry is corrected);
- :func:`place_mask`: a ready mask (a mask PNG, a chart), nearest dot: at most half a dot
  (0.15 mm at 0.3 mm pitch) of resampling error per dot, and one ``warpAffine`` of the
  grid (well under a millisecond for 254 dots); a mask already placed for another head is
  re-placed from that head's layout, so nothing is corrected twice;
- :func:`landed_mask`: where a placed mask's dots land, back on the nominal grid (what the
  customer's cup preview shows).

Content the grid cannot reach after the shift is lost: a cup's print diameter should leave
room for the offset.
"""

from __future__ import annotations

import cv2
import numpy as np

from printer_driver.mask import Mask
from printer_driver.placement import HeadGeometry, inverse_affine, replacement_map


def _placed(geometry: HeadGeometry | None) -> HeadGeometry | None:
    return None if geometry is None or geometry.nominal else geometry


def place_target(target: np.ndarray, geometry: HeadGeometry | None, *, pitch_mm: float,
                 fill: float | None = None) -> np.ndarray:
    """``target`` ``(n, n)`` float reflectance laid out for a head with ``geometry``.

    Args:
        target: the wanted reflectance on the nominal grid.
        geometry: the head's error; None or nominal returns ``target`` itself.
        pitch_mm: the grid's dot pitch.
        fill: reflectance where the design has nothing (default: its maximum, foam).

    Returns:
        float32 ``(n, n)``: dot ``u'`` holds ``target`` at the point it lands on.
    """
    if _placed(geometry) is None:
        return target
    assert geometry is not None
    img = np.asarray(target, np.float32)
    if img.ndim != 2 or img.shape[0] != img.shape[1]:
        raise ValueError(f"a target image must be square (n, n), not {img.shape}")
    n = img.shape[0]
    border = float(img.max()) if fill is None else float(fill)
    m = geometry.landing_map(n, pitch_mm)
    return cv2.warpAffine(img, m, (n, n), flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=border)


def _remap(mask: Mask, m: np.ndarray, placement: HeadGeometry | None) -> Mask:
    n = mask.size
    dots = cv2.warpAffine(np.ascontiguousarray(mask.dots), m, (n, n),
                          flags=cv2.INTER_NEAREST | cv2.WARP_INVERSE_MAP,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=0)
    return Mask.from_levels(dots, diameter_mm=mask.diameter_mm, pitch_mm=mask.pitch_mm,
                            powders=mask.powders, placement=placement)


def place_mask(mask: Mask, geometry: HeadGeometry | None) -> Mask:
    """``mask`` laid out for a head with ``geometry`` (None: a nominal head), nearest dot.

    A mask already placed for ``geometry`` comes back as it is; one placed for another head
    is re-placed from that layout (so a kiosk order rendered before a recalibration still
    lands where it should).
    """
    target = _placed(geometry)
    if mask.placement == target:
        return mask
    m = replacement_map(target, mask.placement, mask.size, mask.pitch_mm)
    return _remap(mask, m, target)


def landed_mask(mask: Mask) -> Mask:
    """Where a placed mask's dots land, as dots of the nominal grid (nearest dot); an
    unplaced mask as it is. For pictures of the cup, not for printing."""
    if mask.placement is None:
        return mask
    m = inverse_affine(mask.placement.landing_map(mask.size, mask.pitch_mm))
    return _remap(mask, m, None)


__all__ = ["landed_mask", "place_mask", "place_target"]
