"""Applying a profile: geometry pre-corrected so dots land true, measured tone curves,
measured doses, cup print diameters."""

from __future__ import annotations

import math

import numpy as np
import pytest
from cal_profiles import measured

from calibration import apply
from calibration.profile import Geometry, Profile
from calibration.tone import pchip
from printer_driver.mask import Mask
from printer_driver.powders import PowderSet, default_tones
from printer_driver.sim.physics import PhysicsTruth

GEO = Geometry(offset_x_mm=2.1, offset_y_mm=-1.4, rotation_deg=2.5, scale=1.04)
TRUTH = PhysicsTruth(offset_x_mm=2.1, offset_y_mm=-1.4, rotation_deg=2.5, scale=1.04)


def _disc_mask(radius_mm: float = 6.0, at: tuple[float, float] = (0.0, 0.0)) -> Mask:
    n = 254
    pos = (np.arange(n) + 0.5 - n / 2) * 0.3
    xx, yy = np.meshgrid(pos, pos)
    dots = ((xx - at[0]) ** 2 + (yy - at[1]) ** 2 <= radius_mm**2).astype(np.uint8) * 2
    return Mask.from_levels(dots, powders=PowderSet.COCOA)


def _landed(mask: Mask) -> tuple[np.ndarray, np.ndarray]:
    rows, cols = np.nonzero(mask.dots)
    return TRUTH.dot_positions_mm(rows, cols, mask.size, mask.pitch_mm)


def test_a_corrected_mask_lands_where_the_design_meant_it() -> None:
    design = _disc_mask(6.0, at=(5.0, -3.0))
    x, y = _landed(design)
    assert math.hypot(x.mean() - 5.0, y.mean() + 3.0) > 2.0  # uncorrected: off by the error
    corrected = apply.correct_geometry(design, GEO)
    assert isinstance(corrected, Mask)
    x, y = _landed(corrected)
    assert x.mean() == pytest.approx(5.0, abs=0.1) and y.mean() == pytest.approx(-3.0, abs=0.1)
    # The same size (scale undone) and the same number of dots within a few per cent.
    r = np.hypot(x - x.mean(), y - y.mean())
    assert r.max() == pytest.approx(6.0, abs=0.35)
    assert corrected.dot_counts()["cocoa"] == pytest.approx(design.dot_counts()["cocoa"] / 1.04**2,
                                                           rel=0.03)


def test_a_corrected_target_image_is_resampled_before_dithering() -> None:
    n = 254
    pos = (np.arange(n) + 0.5 - n / 2) * 0.3
    xx, yy = np.meshgrid(pos, pos)
    target = np.where(np.hypot(xx, yy + 8.0) < 5.0, 0.12, 0.85).astype(np.float32)
    out = apply.correct_geometry(target, GEO)
    assert isinstance(out, np.ndarray) and out.shape == target.shape and out.dtype == np.float32
    assert out.max() == pytest.approx(0.85)  # the border is foam
    rows, cols = np.nonzero(out < 0.4)
    x, y = TRUTH.dot_positions_mm(rows, cols, n, 0.3)
    assert x.mean() == pytest.approx(0.0, abs=0.1) and y.mean() == pytest.approx(-8.0, abs=0.1)


def test_no_geometry_changes_nothing() -> None:
    mask = _disc_mask()
    assert apply.correct_geometry(mask, None) is mask
    assert apply.correct_geometry(mask, Geometry()) is mask


def test_the_measured_tone_curve_inverts_the_measured_response() -> None:
    profile = measured()
    tones = default_tones()
    foam, ink = tones[0].reflectance, tones[2].reflectance
    curve = apply.tone_curve_for(profile, PowderSet.COCOA)
    assert curve is not None and "PL2026-0001" in curve.source
    resp = profile.tone["cocoa"]
    assert resp is not None
    from calibration.colour import lightness, reflectance

    nominal = np.r_[0.0, [s.nominal for s in resp.steps]]
    lstar = np.r_[lightness(foam), [s.fitted for s in resp.steps]]
    for wanted in (0.7, 0.5, 0.3, 0.15):
        feed = float(curve.apply(np.array([wanted]))[0])
        coverage = (foam - feed) / (foam - ink)
        landed = float(reflectance(pchip(nominal, lstar, np.array([coverage])))[0])
        assert landed == pytest.approx(wanted, abs=0.01)


def test_both_powders_make_one_monotone_curve_over_the_whole_range() -> None:
    curve = apply.tone_curve_for(measured(), PowderSet.BOTH)
    assert curve is not None
    feeds = curve.apply(np.linspace(0.05, 0.85, 50))
    assert np.all(np.diff(feeds) >= 0)
    assert feeds[0] < default_tones()[1].reflectance < feeds[-1]  # cocoa used for the darks


def test_without_a_measured_tone_the_default_curve_is_kept() -> None:
    assert apply.tone_curve_for(None, PowderSet.BOTH) is None
    assert apply.tone_curve_for(Profile.blank("PL-1"), PowderSet.COCOA) is None
    half = measured()
    half = Profile(half.serial, tone={"cinnamon": half.tone["cinnamon"], "cocoa": None})
    assert apply.tone_curve_for(half, PowderSet.CINNAMON) is not None
    assert apply.tone_curve_for(half, PowderSet.BOTH) is None


def test_measured_doses_drive_gram_estimates() -> None:
    mask = _disc_mask()
    dots = mask.dot_counts()["cocoa"]
    assert mask.grams()["cocoa"] == pytest.approx(dots * 0.2 / 1000)
    assert mask.grams(apply.dose_tones(measured()))["cocoa"] == pytest.approx(dots * 0.19 / 1000)
    assert apply.dose_tones(None) == default_tones()


def test_cup_profiles_set_the_print_diameter() -> None:
    assert apply.print_diameter(None) == 76.0
    assert apply.print_diameter(measured(), "standard") == 76.0
    with pytest.raises(KeyError):
        apply.print_diameter(measured(), "bowl")
