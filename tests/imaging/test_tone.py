"""Tone mapping and settings: exact values on tiny arrays, ranges, styles and overrides."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from kiosk.imaging import STYLES, RenderSettings, ToneParams, render_portrait
from kiosk.imaging.background import foreground_alpha, person_prior
from kiosk.imaging.framing import FaceBox
from kiosk.imaging.tone import (
    lstar,
    lstar_to_y,
    reflectance_lut,
    srgb_to_linear,
    stretch,
    to_reflectance,
    tone_map,
)

FOAM, COCOA = 0.85, 0.12
PLAIN = ToneParams(smooth_sigma=0, clahe_clip=0, feature_boost=0, sharpen=0,
                   stretch_low=0, stretch_high=100, highlight_clip=1.0)


def test_colour_science_reference_values() -> None:
    assert float(srgb_to_linear(1.0)) == pytest.approx(1.0)
    assert float(srgb_to_linear(0.5)) == pytest.approx(0.21404, abs=1e-5)
    assert float(lstar(0.18)) == pytest.approx(49.496, abs=1e-3)
    assert float(lstar_to_y(lstar(0.37))) == pytest.approx(0.37)


def test_reflectance_lut_spans_cocoa_to_foam_monotonically() -> None:
    lut = reflectance_lut(COCOA, FOAM)
    assert lut[0] == pytest.approx(COCOA, abs=1e-6) and lut[-1] == pytest.approx(FOAM, abs=1e-6)
    assert np.all(np.diff(lut) > 0)
    # Photo L* maps linearly onto print L*: mid grey is not the linear mid reflectance.
    grey = 511 / 1023
    photo_l = float(lstar(srgb_to_linear(grey)))
    print_l = lstar(COCOA) + (lstar(FOAM) - lstar(COCOA)) * photo_l / 100
    assert lut[511] == pytest.approx(float(lstar_to_y(print_l)), abs=1e-5)
    assert abs(lut[511] - (COCOA + FOAM) / 2) > 0.01


def test_tiny_ramp_maps_exactly_to_print_reflectance() -> None:
    grey = np.array([[0, 255], [255, 0]], np.uint8)
    out = tone_map(grey, None, PLAIN, darkness=0.0, dark=COCOA, foam=FOAM)
    np.testing.assert_allclose(out, [[COCOA, FOAM], [FOAM, COCOA]], atol=1e-6)


def test_highlight_clip_turns_bright_skin_into_clean_foam() -> None:
    f = np.tile(np.linspace(0.0, 1.0, 101, dtype=np.float32), (4, 1))
    out = to_reflectance(stretch(f, None, 0, 100, clip=0.8), PLAIN, 0.0, COCOA, FOAM)
    assert out[0, 0] == pytest.approx(COCOA) and np.all(out[:, 80:] == np.float32(FOAM))
    assert COCOA < out[0, 50] < FOAM


def test_the_lift_to_foam_leaves_dark_and_mid_tones_nearly_as_they_are() -> None:
    """Dark skin keeps its own lightness: the lift that makes the highlights foam grows
    with the tone, instead of lifting every tone by one factor as before (0.3 -> 0.33)."""
    f = np.tile(np.linspace(0.0, 1.0, 101, dtype=np.float32), (4, 1))
    v = stretch(f, None, 0, 100, clip=0.92)
    assert np.all(np.abs(v[0, :36] - f[0, :36]) < 0.01)  # up to 0.35: within 1 %
    assert np.all(np.diff(v[0]) >= 0) and np.all(v[0, 92:] == 1.0)
    assert v[0, 85] > 0.9  # bright skin and highlights still lifted towards foam


def test_darkness_moves_mid_tones_and_keeps_the_ends() -> None:
    v = np.array([0.0, 0.5, 1.0], np.float32)
    lighter, normal, darker = (to_reflectance(v, PLAIN, d, COCOA, FOAM) for d in (-1, 0, 1))
    assert lighter[1] > normal[1] > darker[1]
    for out in (lighter, normal, darker):
        assert out[0] == pytest.approx(COCOA) and out[2] == pytest.approx(FOAM)


def test_stretch_uses_the_person_only_and_survives_flat_images() -> None:
    f = np.linspace(0.3, 0.6, 64 * 64, dtype=np.float32).reshape(64, 64)
    weight = np.zeros_like(f)
    weight[32:] = 1  # the person: values 0.45..0.6
    out = stretch(f, weight, 0, 100)
    assert out[63, 63] == pytest.approx(1.0, abs=0.02) and out[32, 0] == pytest.approx(0, abs=0.02)
    # A flat frame (covered lens, blank wall) has no picture: clean foam, not a solid
    # disc of powder at its grey level.
    flat = np.full((16, 16), 0.4, np.float32)
    assert np.array_equal(stretch(flat, None, 1, 99), np.ones_like(flat))


def test_eyes_stay_dark_feature_boost_darkens_small_dark_spots() -> None:
    grey = np.full((40, 40), 170, np.uint8)
    grey[18:22, 18:22] = 110  # a small dark feature, like a pupil
    grey[:, 30:] = 20  # a wide dark area (clothes) so the stretch has a range
    base = dataclasses.replace(PLAIN, feature_boost=0.0)
    boosted = dataclasses.replace(PLAIN, feature_boost=1.0, feature_dots=9)
    a = tone_map(grey, None, base, darkness=0, dark=COCOA, foam=FOAM)
    b = tone_map(grey, None, boosted, darkness=0, dark=COCOA, foam=FOAM)
    assert b[20, 20] < a[20, 20] - 0.05
    assert b[5, 5] == pytest.approx(a[5, 5], abs=1e-3)  # flat skin untouched
    assert b[20, 35] == pytest.approx(a[20, 35], abs=1e-3)  # large dark areas untouched


def test_background_fades_exactly_to_foam() -> None:
    grey = np.random.default_rng(0).integers(0, 255, (32, 32), dtype=np.uint8)
    alpha = np.zeros((32, 32), np.float32)
    alpha[8:24, 8:24] = 1
    out = tone_map(grey, alpha, ToneParams(), darkness=0, dark=COCOA, foam=FOAM)
    assert np.all(out[alpha == 0] == np.float32(FOAM))
    assert out[alpha == 1].min() < 0.5


@settings(max_examples=25, deadline=None)
@given(
    grey=arrays(np.uint8, st.tuples(st.integers(8, 64), st.integers(8, 64))),
    style=st.sampled_from(sorted(STYLES)),
    darkness=st.floats(-1, 1),
)
def test_target_is_always_printable(grey: np.ndarray, style: str, darkness: float) -> None:
    p = RenderSettings(style=style).tone()
    out = tone_map(grey, None, p, darkness=darkness, dark=COCOA, foam=FOAM)
    assert out.dtype == np.float32 and out.shape == grey.shape
    assert np.isfinite(out).all() and out.min() >= COCOA - 1e-6 and out.max() <= FOAM + 1e-6


def test_person_prior_covers_face_and_not_the_top_corners() -> None:
    prior = person_prior(64, FaceBox(24, 20, 16, 16))
    assert prior[28, 32] == 1.0 and prior[39, 32] == 1.0  # face and neck (0.7 widths down)
    assert prior[60, 32] == 0.0  # chest, 2 widths down: head and shoulders only
    assert prior[0, 0] == 0.0 and prior[0, 63] == 0.0
    alpha = foreground_alpha(np.zeros((64, 64, 3), np.uint8), np.ones((64, 64), np.float32),
                             FaceBox(24, 20, 16, 16), method="oval")
    assert alpha[28, 32] > 0.95 and alpha[0, 0] == 0.0


# --- settings -----------------------------------------------------------------------


def test_settings_defaults_are_the_documented_ones() -> None:
    s = RenderSettings()
    assert (s.diameter_mm, s.pitch_mm, s.powders.value, s.style) == (76.0, 0.3, "both", "portrait")
    assert s.darkness == 0.0 and s.tone() == ToneParams()
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.darkness = 1.0  # type: ignore[misc]


def test_style_presets_apply_and_explicit_values_win() -> None:
    bold = RenderSettings(style="bold")
    assert bold.tone().clahe_clip == STYLES["bold"]["clahe_clip"]
    assert RenderSettings(style="bold", clahe_clip=1.0).tone().clahe_clip == 1.0
    # Switching style keeps explicit overrides and takes the new style's other values.
    soft = RenderSettings(style="bold", sharpen=0.0).with_style("soft")
    assert soft.tone().sharpen == 0.0 and soft.tone().dither == STYLES["soft"]["dither"]


@pytest.mark.parametrize(
    "bad",
    [{"style": "glamour"}, {"darkness": 1.5}, {"segmentation": "magic"}, {"face_fill": 0.05},
     {"pitch_mm": 0}, {"dot_gain": 9}, {"stretch_low": 90, "stretch_high": 10},
     {"powders": "vanilla"}, {"preview_px": 10}, {"dither": "crayon"},
     {"diameter_mm": 2000}],
)
def test_bad_settings_are_refused(bad: dict) -> None:
    with pytest.raises(ValueError):
        RenderSettings(**bad)


def test_styles_are_genuinely_different(astronaut_bgr: np.ndarray) -> None:
    masks = {name: render_portrait(astronaut_bgr, RenderSettings(style=name, preview_px=0)).mask
             for name in STYLES}
    names = sorted(masks)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            differ = np.mean(masks[a].dots != masks[b].dots)
            assert differ > 0.05, f"{a} and {b} look the same"
    ink = {k: sum(m.dot_counts().values()) for k, m in masks.items()}
    assert ink["sketch"] < ink["portrait"]  # a sketch is lines on foam


def test_cli_style_choices_match_the_styles() -> None:
    from kiosk.cli import render

    assert set(render._STYLE_NAMES) == set(STYLES)
