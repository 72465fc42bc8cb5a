"""Colour arithmetic for measuring prints: sRGB to linear light, luminance and CIE L*.

Photos are sRGB-coded. Powder mixes add in linear light, so every average is taken there;
lightness is reported as CIE L* of the landed reflectance (foam is the packaged table's
foam reflectance, 0.85 = L* 93.9).
"""

from __future__ import annotations

import numpy as np

_LUMA = np.array([0.2126, 0.7152, 0.0722])  # Rec. 709 / sRGB primaries


def srgb_to_linear(values: np.ndarray) -> np.ndarray:
    """sRGB-coded 0..255 values to linear light 0..1 (float64, same shape)."""
    c = np.asarray(values, np.float64) / 255.0
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def luminance(rgb: np.ndarray) -> np.ndarray:
    """Relative luminance Y (linear, 0..1) of sRGB-coded ``(..., 3)`` values."""
    return srgb_to_linear(rgb) @ _LUMA


def lightness(reflectance: np.ndarray | float) -> np.ndarray:
    """CIE L* (0..100) of a reflectance (linear, 0..1, white = 1)."""
    y = np.clip(np.asarray(reflectance, np.float64), 0.0, None)
    f = np.where(y > (6 / 29) ** 3, np.cbrt(y), y / (3 * (6 / 29) ** 2) + 4 / 29)
    return 116.0 * f - 16.0


def reflectance(lstar: np.ndarray | float) -> np.ndarray:
    """The reflectance (linear, 0..1) of a CIE L* value; inverse of :func:`lightness`."""
    f = (np.asarray(lstar, np.float64) + 16.0) / 116.0
    return np.where(f > 6 / 29, f**3, 3 * (6 / 29) ** 2 * (f - 4 / 29))
