"""An objective figure for how closely a print matches its target, as a person sees it.

Steps (domain reference, "What makes a powder portrait look good"):

1. render the dots with the dot-spread model (:mod:`.spread`), ``upsample`` pixels per dot;
2. low-pass print and target alike with a model of the eye: the Näsänen contrast
   sensitivity ``exp(-f / (0.525 ln L + 3.91))``, ``f`` in cycles per degree at the
   viewing distance, ``L`` the luminance in cd/m² (applied in the frequency domain);
3. convert both to CIE L* (reflectance relative to a perfect white);
4. inside the print circle: L* RMSE, mean L* error (print minus target: negative means
   the print is darker than wanted) and SSIM (Gaussian window of 1.5 dots, on L*).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from kiosk.imaging.spread import DEFAULT_UPSAMPLE, spread_reflectance

DEFAULT_VIEWING_MM = 350.0
DEFAULT_LUMINANCE = 100.0


@dataclass(frozen=True)
class QualityReport:
    """How a print compares with its target inside the circle.

    Attributes:
        rmse_lstar: root-mean-square L* difference (0 is perfect; ~1 is hard to see).
        mean_error_lstar: mean of print L* minus target L*; negative = print too dark.
        ssim: structural similarity of the two L* images, 1 = identical.
    """

    rmse_lstar: float
    mean_error_lstar: float
    ssim: float


def lstar(reflectance: np.ndarray) -> np.ndarray:
    """CIE L* (0..100) of linear-light reflectance (0..1, white = 1), float64."""
    y = np.clip(np.asarray(reflectance, dtype=np.float64), 0.0, None)
    eps = (6.0 / 29.0) ** 3
    f = np.where(y > eps, np.cbrt(y), y / (3 * (6.0 / 29.0) ** 2) + 4.0 / 29.0)
    return 116.0 * f - 16.0


def eye_filter(
    image: np.ndarray,
    pixel_mm: float,
    *,
    viewing_mm: float = DEFAULT_VIEWING_MM,
    luminance: float = DEFAULT_LUMINANCE,
) -> np.ndarray:
    """Low-pass a ``(h, w)`` reflectance image with the Näsänen eye model.

    Args:
        image: ``(h, w)`` reflectance (any float dtype).
        pixel_mm: size of one pixel on the foam in millimetres.
        viewing_mm: eye-to-cup distance in millimetres.
        luminance: adapting luminance in cd/m².

    Returns:
        ``(h, w)`` float64, the image as the eye resolves it (its mean is unchanged).
    """
    img = np.asarray(image, dtype=np.float64)
    if img.ndim != 2 or not (pixel_mm > 0 and viewing_mm > 0 and luminance > 0):
        raise ValueError("need a 2-D image and positive pixel size, distance and luminance")
    h, w = img.shape
    # Pad by reflection so the frequency-domain filter does not wrap one edge onto the
    # other; the kernel's tail is negligible beyond ~1.5 mm at 350 mm.
    pad = min(max(8, math.ceil(1.5 / pixel_mm)), max(h, w))
    big = cv2.copyMakeBorder(img, pad, pad, pad, pad, cv2.BORDER_REFLECT)
    H = cv2.getOptimalDFTSize(big.shape[0])
    W = cv2.getOptimalDFTSize(big.shape[1])
    big = cv2.copyMakeBorder(big, 0, H - big.shape[0], 0, W - big.shape[1], cv2.BORDER_REFLECT)
    mm_per_degree = 2.0 * viewing_mm * math.tan(math.radians(0.5))
    fy = np.fft.fftfreq(H, d=pixel_mm) * mm_per_degree
    fx = np.fft.rfftfreq(W, d=pixel_mm) * mm_per_degree
    f = np.hypot(fy[:, None], fx[None, :])  # cycles per degree
    f0 = 0.525 * math.log(luminance) + 3.91
    spectrum = np.fft.rfft2(big) * np.exp(-f / f0)
    out = np.fft.irfft2(spectrum, s=(H, W))
    return out[pad : pad + h, pad : pad + w]


def _gauss(img: np.ndarray, sigma: float) -> np.ndarray:
    # Same window as skimage's gaussian SSIM: truncated at 3.5 sigma.
    k = 2 * int(3.5 * sigma + 0.5) + 1
    return cv2.GaussianBlur(img, (k, k), sigma, borderType=cv2.BORDER_REFLECT)


def ssim_map(a: np.ndarray, b: np.ndarray, *, data_range: float, sigma: float = 1.5) -> np.ndarray:
    """Per-pixel SSIM (Wang et al. 2004) of two same-shape images, Gaussian window."""
    x = np.asarray(a, dtype=np.float64)
    y = np.asarray(b, dtype=np.float64)
    if x.shape != y.shape or x.ndim != 2:
        raise ValueError(f"SSIM needs two 2-D images of one shape, got {x.shape}, {y.shape}")
    c1 = (0.01 * data_range) ** 2
    c2 = (0.03 * data_range) ** 2
    mx, my = _gauss(x, sigma), _gauss(y, sigma)
    vx = _gauss(x * x, sigma) - mx * mx
    vy = _gauss(y * y, sigma) - my * my
    cxy = _gauss(x * y, sigma) - mx * my
    return ((2 * mx * my + c1) * (2 * cxy + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2))


def compare(
    print_refl: np.ndarray,
    target_refl: np.ndarray,
    pixel_mm: float,
    *,
    inside: np.ndarray | None = None,
    viewing_mm: float = DEFAULT_VIEWING_MM,
    luminance: float = DEFAULT_LUMINANCE,
    ssim_sigma_px: float = 1.5,
) -> QualityReport:
    """Compare two same-shape reflectance images through the eye model.

    ``inside`` (bool, same shape) restricts the figures to the print circle.
    """
    p = np.asarray(print_refl, dtype=np.float64)
    t = np.asarray(target_refl, dtype=np.float64)
    if p.shape != t.shape:
        raise ValueError(f"print {p.shape} and target {t.shape} differ in shape")
    sel = np.ones(p.shape, dtype=bool) if inside is None else np.asarray(inside, dtype=bool)
    if sel.shape != p.shape or not sel.any():
        raise ValueError("the 'inside' mask must match the images and select something")
    lp = lstar(eye_filter(p, pixel_mm, viewing_mm=viewing_mm, luminance=luminance))
    lt = lstar(eye_filter(t, pixel_mm, viewing_mm=viewing_mm, luminance=luminance))
    diff = (lp - lt)[sel]
    smap = ssim_map(lp, lt, data_range=100.0, sigma=ssim_sigma_px)
    return QualityReport(
        rmse_lstar=float(np.sqrt(np.mean(diff * diff))),
        mean_error_lstar=float(diff.mean()),
        ssim=float(smap[sel].mean()),
    )


def evaluate(
    indices: np.ndarray,
    target: np.ndarray,
    levels: Sequence[float],
    *,
    region: np.ndarray | None = None,
    pitch_mm: float = 0.3,
    dot_gain: float = 1.5,
    viewing_mm: float = DEFAULT_VIEWING_MM,
    luminance: float = DEFAULT_LUMINANCE,
    upsample: int = DEFAULT_UPSAMPLE,
) -> QualityReport:
    """Score a dithered print against the reflectance it was meant to show.

    Args:
        indices: ``(n, n)`` dither output, indices into ``levels`` (0 = foam).
        target: ``(n, n)`` wanted reflectance (before any tone curve), linear light.
        levels: tone reflectances, descending, foam first.
        region: ``(n, n)`` bool print circle; outside it the target counts as foam.
        pitch_mm, dot_gain, viewing_mm, luminance, upsample: model parameters.
    """
    idx = np.asarray(indices)
    tgt = np.asarray(target, dtype=np.float32)
    if idx.shape != tgt.shape or idx.ndim != 2:
        raise ValueError(f"indices {idx.shape} and target {tgt.shape} must be one 2-D shape")
    u = int(upsample)
    printed = spread_reflectance(idx, levels, gain=dot_gain, upsample=u)
    if region is not None:
        region = np.asarray(region, dtype=bool)
        tgt = np.where(region, tgt, np.float32(levels[0]))
    fine_target = np.repeat(np.repeat(tgt, u, axis=0), u, axis=1)
    inside = None
    if region is not None:
        inside = np.repeat(np.repeat(region, u, axis=0), u, axis=1)
    return compare(
        printed, fine_target, pitch_mm / u, inside=inside, viewing_mm=viewing_mm,
        luminance=luminance, ssim_sigma_px=1.5 * u,
    )
