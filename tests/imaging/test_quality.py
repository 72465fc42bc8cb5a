"""The objective quality figure: eye model, L*, SSIM, and the sign of the tone error."""

from __future__ import annotations

import math

import numpy as np
import pytest

from kiosk.imaging.dither import dither
from kiosk.imaging.quality import compare, evaluate, eye_filter, lstar, ssim_map
from kiosk.imaging.tonecurve import default_tone_curve
from printer_driver.mask import circle_mask

LEVELS = (0.85, 0.40, 0.12)


@pytest.fixture(autouse=True)
def _no_curve_file_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PHOTOLATTE_NO_CURVE_CACHE", "1")


def _portrait_like(n: int) -> np.ndarray:
    yy, xx = np.mgrid[:n, :n] / n
    img = 0.5 + 0.3 * np.sin(7 * xx) * np.cos(5 * yy) - 0.2 * ((xx - 0.5) ** 2 < 0.01)
    return np.clip(img, 0.12, 0.85).astype(np.float32)


def test_lstar_known_values() -> None:
    assert lstar(np.array([1.0, 0.18, 0.0])) == pytest.approx([100.0, 49.496, 0.0], abs=1e-3)
    assert lstar(np.array([0.85]))[0] == pytest.approx(93.88, abs=0.01)


def test_eye_filter_keeps_the_mean_and_low_frequencies_but_blurs_the_dots() -> None:
    n, px = 256, 0.075  # 0.3 mm pitch, 4 pixels per dot
    checker = np.indices((n, n)).sum(axis=0) // 4 % 2 * 0.7 + 0.1  # one dot per cell
    out = eye_filter(checker, px)
    assert out.mean() == pytest.approx(checker.mean(), abs=1e-3)
    assert out[32:-32, 32:-32].std() < 0.25 * checker.std()
    # 5 mm stripes (a feature of a face) at 350 mm are 1.22 cycles per degree: the
    # Näsänen model at 100 cd/m² keeps exp(-1.22 / 6.33) = 82 % of their contrast.
    x = np.arange(n) * px
    stripes = np.tile(0.5 + 0.3 * np.sin(2 * math.pi * x / 5.0), (n, 1))
    kept = eye_filter(stripes, px)[n // 2, 64:-64]
    cpd = 2 * 350 * math.tan(math.radians(0.5)) / 5.0
    expected = math.exp(-cpd / (0.525 * math.log(100) + 3.91))
    assert np.ptp(kept) / np.ptp(stripes) == pytest.approx(expected, abs=0.02)


def test_eye_filter_blurs_less_up_close() -> None:
    checker = (np.indices((128, 128)).sum(axis=0) // 4 % 2).astype(float)
    near = eye_filter(checker, 0.075, viewing_mm=150).std()
    far = eye_filter(checker, 0.075, viewing_mm=600).std()
    assert near > far


def test_ssim_matches_scikit_image() -> None:
    skm = pytest.importorskip("skimage.metrics")
    rng = np.random.default_rng(1)
    a = rng.uniform(0, 100, (64, 80))
    b = np.clip(a + rng.normal(0, 10, a.shape), 0, 100)
    ours = ssim_map(a, b, data_range=100.0)[5:-5, 5:-5].mean()
    ref = skm.structural_similarity(
        a, b, data_range=100.0, gaussian_weights=True, sigma=1.5, use_sample_covariance=False,
    )
    assert ours == pytest.approx(ref, abs=1e-6)


def test_identical_print_and_target_score_perfectly() -> None:
    img = _portrait_like(120)
    report = compare(img, img, 0.075)
    assert report.rmse_lstar == pytest.approx(0.0, abs=1e-9)
    assert report.mean_error_lstar == pytest.approx(0.0, abs=1e-9)
    assert report.ssim == pytest.approx(1.0, abs=1e-9)


@pytest.mark.parametrize(("factor", "sign"), [(0.8, -1), (1.1, 1)])
def test_darker_print_gives_negative_mean_error_lighter_positive(factor, sign) -> None:
    img = _portrait_like(120)
    report = compare(img * factor, img, 0.075)
    assert np.sign(report.mean_error_lstar) == sign
    assert report.rmse_lstar >= abs(report.mean_error_lstar) > 1.0


def test_figures_count_only_inside_the_circle() -> None:
    img = _portrait_like(64)
    inside = np.zeros((64, 64), bool)
    inside[16:48, 16:48] = True
    broken = img.copy()
    broken[:4] = 0.0  # damage far outside the selected area
    report = compare(broken, img, 0.3, inside=inside)
    assert report.rmse_lstar < 0.5 and abs(report.mean_error_lstar) < 0.5


def test_all_foam_target_and_no_dots_is_perfect() -> None:
    region = circle_mask(12.0, 0.3)
    n = region.shape[0]
    report = evaluate(np.zeros((n, n), np.uint8), np.full((n, n), 0.85, np.float32),
                      LEVELS, region=region)
    assert report.rmse_lstar == pytest.approx(0.0, abs=1e-6)
    assert report.ssim == pytest.approx(1.0, abs=1e-6)


def test_tone_curve_removes_the_dark_bias_dot_gain_causes() -> None:
    region = circle_mask(30.0, 0.3)
    target = _portrait_like(region.shape[0])
    raw = evaluate(dither(target, LEVELS, region=region), target, LEVELS, region=region,
                   dot_gain=1.5)
    curve = default_tone_curve(LEVELS, 1.5)
    fixed = evaluate(dither(curve.apply(target), LEVELS, region=region), target, LEVELS,
                     region=region, dot_gain=1.5)
    assert raw.mean_error_lstar < -2.0  # uncompensated prints are several L* too dark
    assert abs(fixed.mean_error_lstar) < 1.0
    assert fixed.rmse_lstar < raw.rmse_lstar


def test_shape_mismatch_is_refused() -> None:
    with pytest.raises(ValueError, match="shape"):
        compare(np.zeros((4, 4)), np.zeros((4, 5)), 0.1)
    with pytest.raises(ValueError, match="one 2-D shape"):
        evaluate(np.zeros((4, 4), np.uint8), np.zeros((5, 5)), LEVELS)
