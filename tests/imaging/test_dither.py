"""Dithering: exact results on tiny grids, levels, regions, ordered masks."""

from __future__ import annotations

import numpy as np
import pytest

from kiosk.imaging import _diffusion
from kiosk.imaging.dither import (
    BLUE_NOISE_SIZE,
    ERROR_DIFFUSION,
    METHODS,
    DitherError,
    bayer_matrix,
    blue_noise_mask,
    dither,
    generate_blue_noise,
)
from printer_driver.mask import circle_mask

THREE = (0.85, 0.40, 0.12)
TWO = (0.85, 0.12)


def test_methods_are_the_ones_the_issue_names() -> None:
    assert set(METHODS) == {
        "floyd-steinberg", "atkinson", "jarvis", "stucki", "sierra-lite", "bayer8", "blue-noise",
    }


def test_one_row_ramp_through_floyd_steinberg() -> None:
    # One row: the only neighbour left is to the right, so all the error goes there.
    # 0.2 -> dark (err +.2); .4+.2=.6 -> light (err -.4); .6-.4=.2 -> dark; .8+.2=1 -> light.
    out = dither(np.array([[0.2, 0.4, 0.6, 0.8]]), (1.0, 0.0), serpentine=False)
    assert out.tolist() == [[1, 0, 1, 0]]
    assert out.dtype == np.uint8


def test_two_by_two_floyd_steinberg_by_hand() -> None:
    # Worked by hand with the error shared among in-grid neighbours only (weights rescaled):
    # (0,0) .3 -> dark; (0,1) .4615 -> dark; (1,0) .5885 -> light; (1,1) .2 -> dark.
    target = np.full((2, 2), 0.3)
    assert dither(target, (1.0, 0.0), serpentine=False).tolist() == [[1, 1], [0, 1]]
    # Serpentine: row 1 runs right to left, so (1,1) .6115 -> light, then (1,0) .2 -> dark.
    assert dither(target, (1.0, 0.0), serpentine=True).tolist() == [[1, 1], [1, 0]]


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("levels", [THREE, TWO, (0.85, 0.40), (0.9, 0.6, 0.3, 0.1)])
def test_flat_patch_at_a_level_prints_that_level_everywhere(method: str, levels) -> None:
    for i, value in enumerate(levels):
        out = dither(np.full((37, 41), value, np.float32), levels, method=method)
        assert np.all(out == i), f"{method} at level {value}"


@pytest.mark.parametrize("method", METHODS)
def test_out_of_range_and_nan_are_clipped_not_noise(method: str) -> None:
    target = np.array([[2.0, -1.0, np.nan, 0.85, 0.12]] * 3, np.float32)
    out = dither(target, THREE, method=method)
    assert out[:, 0].tolist() == [0, 0, 0]  # brighter than foam: foam
    assert out[:, 1].tolist() == [2, 2, 2]  # darker than cocoa: cocoa
    assert out[:, 2].tolist() == [0, 0, 0]  # NaN: foam


@pytest.mark.parametrize("method", METHODS)
def test_nothing_outside_the_region_and_no_error_crosses_it(method: str) -> None:
    region = circle_mask(19.2, 0.3)  # 64 dots across
    n = region.shape[0]
    rng = np.random.default_rng(3)
    inside = rng.uniform(0.1, 0.9, (n, n)).astype(np.float32)
    black_out = np.where(region, inside, 0.0).astype(np.float32)
    white_out = np.where(region, inside, 1.0).astype(np.float32)
    a = dither(black_out, THREE, method=method, region=region)
    b = dither(white_out, THREE, method=method, region=region)
    assert not a[~region].any() and not b[~region].any()
    np.testing.assert_array_equal(a, b)  # what lies outside never reaches inside


@pytest.mark.parametrize("method", ["floyd-steinberg", "jarvis", "stucki", "sierra-lite"])
def test_error_diffusion_keeps_the_mean_up_to_the_rim(method: str) -> None:
    # Error is shared among neighbours inside the circle only, so a flat disc keeps its
    # tone right to its edge instead of leaking error (tone) out of the rim.
    region = circle_mask(30.0, 0.3)
    for value in (0.2, 0.5, 0.7):
        out = dither(np.full(region.shape, value, np.float32), THREE, method=method,
                     region=region)
        mean = np.asarray(THREE)[out[region]].mean()
        assert abs(mean - value) < 0.002


def test_serpentine_changes_the_pattern_but_not_the_tone() -> None:
    target = np.full((64, 64), 0.6, np.float32)
    a = dither(target, THREE, serpentine=True)
    b = dither(target, THREE, serpentine=False)
    assert not np.array_equal(a, b)
    for out in (a, b):
        assert abs(np.asarray(THREE)[out].mean() - 0.6) < 0.002


def test_compiled_loop_matches_the_python_loop_with_every_edge_check() -> None:
    # The Python loop is run with no "interior" fast path: every dot takes the checked
    # path, so this also proves the fast path changes nothing.
    rng = np.random.default_rng(7)
    target = rng.uniform(0.12, 0.85, (23, 31)).astype(np.float32)  # within the levels
    region = rng.random((23, 31)) > 0.2
    levels = np.asarray(THREE)
    for method in ERROR_DIFFUSION:
        from kiosk.imaging.dither import _kernel

        dy, dx, fwd, back, w = _kernel(method, 31)
        expected = np.zeros((23, 31), np.uint8)
        no_fast_path = np.zeros(region.shape, bool)
        mids = (levels[:-1] + levels[1:]) / 2
        _diffusion.diffuse_py(target.copy(), levels, mids, region, no_fast_path, dy, dx, fwd,
                              back, w, True, expected)
        got = dither(target, THREE, method=method, region=region)
        np.testing.assert_array_equal(got, expected)


def test_warm_up_readies_the_compiled_loop_in_the_background() -> None:
    from kiosk.imaging.dither import warm_up

    thread = warm_up()
    assert thread is not None
    thread.join(timeout=60)
    assert not thread.is_alive()
    assert _diffusion.diffuse.signatures  # compiled (or loaded from the disk cache)
    assert warm_up(background=False) is None


def test_bad_arguments_say_what_is_wrong() -> None:
    flat = np.zeros((4, 4), np.float32)
    with pytest.raises(DitherError, match="unknown dither method 'halftone'"):
        dither(flat, THREE, method="halftone")
    with pytest.raises(DitherError, match="descending"):
        dither(flat, (0.12, 0.85))
    with pytest.raises(DitherError, match="2 to 4 levels"):
        dither(flat, (0.5,))
    with pytest.raises(DitherError, match="2-D"):
        dither(np.zeros((4, 4, 3)), THREE)
    with pytest.raises(DitherError, match="region"):
        dither(flat, THREE, region=np.ones((3, 3), bool))


def test_empty_grid() -> None:
    assert dither(np.zeros((0, 5), np.float32), THREE).shape == (0, 5)


def test_bayer_matrix_is_the_classic_one() -> None:
    assert bayer_matrix(2).tolist() == [[0, 2], [3, 1]]
    m = bayer_matrix(8)
    assert sorted(m.ravel().tolist()) == list(range(64))
    assert m[0, :4].tolist() == [0, 32, 8, 40]


def test_ordered_dither_midway_uses_half_the_cells_of_each_level() -> None:
    # Exactly halfway between foam and cinnamon: half the cells of every 8x8 tile dark.
    out = dither(np.full((16, 16), (0.85 + 0.40) / 2, np.float32), THREE, method="bayer8")
    assert set(np.unique(out)) == {0, 1}
    assert (out[:8, :8] == 1).sum() == 32
    np.testing.assert_array_equal(out[:8, :8] == 1, bayer_matrix(8) < 32)  # low ranks first


def test_blue_noise_mask_is_a_permutation_of_ranks() -> None:
    m = blue_noise_mask()
    assert m.shape == (BLUE_NOISE_SIZE, BLUE_NOISE_SIZE)
    assert np.array_equal(np.sort(m.ravel()), np.arange(BLUE_NOISE_SIZE**2))


def test_shipped_blue_noise_mask_is_what_the_generator_makes() -> None:
    np.testing.assert_array_equal(generate_blue_noise(), blue_noise_mask())


def _low_frequency_share(ranks: np.ndarray) -> float:
    n = ranks.shape[0]
    power = np.abs(np.fft.fft2(ranks - ranks.mean())) ** 2
    f = np.hypot(*np.meshgrid(np.fft.fftfreq(n), np.fft.fftfreq(n), indexing="ij")) * n
    return float(power[(f > 0) & (f <= 4)].mean() / power[f > 0].mean())


def test_blue_noise_has_no_low_frequency_energy() -> None:
    white = np.random.default_rng(0).permutation(BLUE_NOISE_SIZE**2).reshape(64, 64)
    assert _low_frequency_share(white) > 0.5  # the check can tell white noise apart
    assert _low_frequency_share(blue_noise_mask()) < 0.01
    # ... and a blue-noise dither of a flat grey has no clumps: every 8x8 block of a
    # 25% patch holds 16 +- 4 dark dots.
    out = dither(np.full((64, 64), 0.85 - 0.25 * 0.45, np.float32), THREE,
                 method="blue-noise")
    counts = (out == 1).reshape(8, 8, 8, 8).sum(axis=(1, 3))
    assert counts.min() >= 12 and counts.max() <= 20
