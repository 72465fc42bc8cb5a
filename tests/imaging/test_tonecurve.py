"""Tone curves: monotone, invert measurements, survive files, sensible defaults."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.imaging import tonecurve
from kiosk.imaging.tonecurve import ToneCurve, ToneCurveError, default_tone_curve

THREE = (0.85, 0.40, 0.12)


@pytest.fixture(autouse=True)
def _no_curve_file_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PHOTOLATTE_NO_CURVE_CACHE", "1")


def test_identity_changes_nothing() -> None:
    img = np.linspace(0, 1, 50, dtype=np.float32).reshape(5, 10)
    out = ToneCurve.identity().apply(img)
    assert out.dtype == np.float32 and out.shape == img.shape
    np.testing.assert_allclose(out, img, atol=1e-7)


def test_from_measurements_inverts_a_known_response() -> None:
    # The printer prints everything 20% darker: to get 0.4 we must ask for 0.5.
    requested = np.linspace(0.1, 0.9, 9)
    curve = ToneCurve.from_measurements(requested, requested * 0.8)
    assert curve.apply(np.array([0.4]))[0] == pytest.approx(0.5, abs=1e-6)
    # Beyond what was measured it clamps to the ends of the chart.
    assert curve.apply(np.array([0.0, 1.0])).tolist() == pytest.approx([0.1, 0.9])


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(2, 40),
    gamma=st.floats(0.4, 2.5),
    darken=st.floats(0.5, 1.0),
    noise=st.floats(0.0, 0.03),
    seed=st.integers(0, 2**16),
)
def test_measured_curves_are_monotone_and_round_trip(
    n: int, gamma: float, darken: float, noise: float, seed: int,
) -> None:
    rng = np.random.default_rng(seed)
    requested = np.sort(rng.uniform(0.1, 0.9, n))
    if np.ptp(requested) < 0.05:
        requested = np.linspace(0.1, 0.9, n)
    response = darken * requested**gamma
    measured = np.clip(response + rng.normal(0, noise, n), 0, 1)  # what a meter reads
    try:
        curve = ToneCurve.from_measurements(requested, measured)
    except ToneCurveError:
        # Only a response that noise made flat or falling overall may be refused.
        assert noise > 0 and not np.all(np.diff(measured) > 0)
        return
    grid = np.linspace(0, 1, 201)
    assert np.all(np.diff(curve.apply(grid)) >= 0)  # never inverts a tone
    if noise == 0.0:  # clean measurements: feeding what it maps to prints what we asked
        np.testing.assert_allclose(curve.apply(response), requested, atol=1e-4)


def test_noisy_non_monotone_measurements_are_smoothed_not_rejected() -> None:
    curve = ToneCurve.from_measurements([0.2, 0.4, 0.6, 0.8], [0.15, 0.36, 0.33, 0.7])
    assert np.all(np.diff(curve.feed) >= 0)
    assert len(curve.desired) == 3  # the two crossing points pooled into one


@pytest.mark.parametrize(
    ("requested", "measured", "match"),
    [
        ([0.5], [0.4], "at least 2"),
        ([0.2, 0.5], [0.4], "at least 2"),
        ([0.2, float("nan")], [0.1, 0.4], "finite"),
        ([0.2, 0.8], [0.7, 0.1], "does not get lighter"),
        ([0.2, 0.8], [0.3, 0.3], "does not get lighter"),
        ([0.2, 0.8], [15.0, 70.0], "not percent"),
    ],
)
def test_bad_measurements_are_refused_with_a_reason(requested, measured, match) -> None:
    with pytest.raises(ToneCurveError, match=match):
        ToneCurve.from_measurements(requested, measured)


def test_constructor_refuses_non_monotone_samples() -> None:
    with pytest.raises(ToneCurveError, match="monotone"):
        ToneCurve((0.1, 0.5, 0.9), (0.2, 0.6, 0.4))
    with pytest.raises(ToneCurveError, match="strictly increasing"):
        ToneCurve((0.1, 0.1), (0.2, 0.3))
    with pytest.raises(ToneCurveError, match=r"0\.\.1"):
        ToneCurve((0.1, 1.5), (0.2, 0.3))


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    curve = ToneCurve.from_measurements([0.12, 0.4, 0.85], [0.1, 0.3, 0.85], source="chart 3")
    path = tmp_path / "tone.json"
    curve.save(path)
    loaded = ToneCurve.load(path)
    assert loaded == curve and loaded.source == "chart 3"
    assert not list(tmp_path.glob("*.tmp"))


@pytest.mark.parametrize(
    ("content", "match"),
    [
        ("", "damaged"),
        ("{not json", "damaged"),
        ("[1, 2]", "not a Photo Latte tone curve"),
        ('{"format": "photolatte.tonecurve", "version": 99, "desired": [], "feed": []}',
         "version 99"),
        ('{"format": "photolatte.tonecurve", "version": 1, "desired": "x", "feed": []}',
         "lists of numbers"),
        ('{"format": "photolatte.tonecurve", "version": 1, "desired": [0, "a"], '
         '"feed": [0, 1]}', "only numbers"),
        ('{"format": "photolatte.tonecurve", "version": 1, "desired": [0, 1], '
         '"feed": [1, 0]}', "monotone"),
    ],
)
def test_malformed_files_name_the_file_and_the_fix(tmp_path: Path, content: str, match) -> None:
    path = tmp_path / "tone.json"
    path.write_text(content)
    with pytest.raises(ToneCurveError, match=match) as info:
        ToneCurve.load(path)
    assert str(path) in str(info.value)


def test_missing_and_binary_files(tmp_path: Path) -> None:
    with pytest.raises(ToneCurveError, match="cannot read"):
        ToneCurve.load(tmp_path / "absent.json")
    (tmp_path / "bin.json").write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ToneCurveError, match=r"cannot read|damaged"):
        ToneCurve.load(tmp_path / "bin.json")


@pytest.mark.parametrize("method", ["floyd-steinberg", "blue-noise"])
def test_default_curve_lightens_mid_tones_to_undo_dot_gain(method: str) -> None:
    curve = default_tone_curve(THREE, 1.5, method)
    mids = np.array([0.3, 0.5, 0.7], np.float32)
    assert np.all(curve.apply(mids) > mids + 0.02)
    assert np.all(np.diff(curve.feed) >= 0)
    assert curve.apply(np.array([0.85]))[0] == pytest.approx(0.85, abs=1e-3)  # foam stays foam
    assert "gain 1.5" in curve.source


def test_default_curve_is_computed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    first = default_tone_curve(THREE, 1.37, "sierra-lite")

    def boom(*args, **kwargs):
        raise AssertionError("recomputed a cached curve")

    monkeypatch.setattr(tonecurve, "measure_response", boom)
    assert default_tone_curve([0.85, 0.4, 0.12], 1.37, method="sierra-lite") is first


def test_default_curve_file_cache_is_used_and_survives_damage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PHOTOLATTE_NO_CURVE_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    tonecurve._default_curve.cache_clear()
    curve = default_tone_curve((0.85, 0.12), 1.61, "jarvis")
    files = list((tmp_path / "photolatte" / "tonecurves").glob("*.json"))
    assert len(files) == 1
    assert json.loads(files[0].read_text())["format"] == "photolatte.tonecurve"
    # A fresh process reads the file instead of recomputing ...
    tonecurve._default_curve.cache_clear()
    monkeypatch.setattr(tonecurve, "measure_response", lambda *a, **k: 1 / 0)
    assert default_tone_curve((0.85, 0.12), 1.61, "jarvis") == curve
    # ... and a damaged file is recomputed, not trusted.
    files[0].write_text("{garbage")
    tonecurve._default_curve.cache_clear()
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_tone_curve((0.85, 0.12), 1.61, "jarvis") == curve
    tonecurve._default_curve.cache_clear()


def test_default_curve_with_unwritable_cache_still_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PHOTOLATTE_NO_CURVE_CACHE")
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker / "sub"))
    tonecurve._default_curve.cache_clear()
    curve = default_tone_curve((0.85, 0.40), 1.44, "stucki")
    assert curve.apply(np.array([0.6]))[0] > 0.6
    tonecurve._default_curve.cache_clear()


def test_bad_gain_is_refused() -> None:
    with pytest.raises(ToneCurveError, match="dot gain"):
        default_tone_curve(THREE, float("nan"))
