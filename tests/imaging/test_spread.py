"""The dot-spread model: dots land as discs, powders saturate and stack."""

from __future__ import annotations

import math

import numpy as np
import pytest

from kiosk.imaging.spread import dot_kernel, spread_reflectance, spread_to_grid

LEVELS = (0.85, 0.40, 0.12)


def test_no_dots_is_plain_foam() -> None:
    out = spread_reflectance(np.zeros((6, 7), np.uint8), LEVELS, gain=1.5, upsample=4)
    assert out.shape == (24, 28) and out.dtype == np.float32
    assert np.all(out == np.float32(0.85))


@pytest.mark.parametrize("upsample", [3, 4, 5])
@pytest.mark.parametrize("gain", [1.0, 1.5, 2.0])
def test_one_dot_is_a_disc_of_gain_times_pitch_centred_on_its_cell(gain, upsample) -> None:
    idx = np.zeros((7, 7), np.uint8)
    idx[3, 3] = 2
    out = spread_reflectance(idx, LEVELS, gain=gain, upsample=upsample)
    darkening = (0.85 - out) / (0.85 - 0.12)  # 1 where fully covered
    area_in_cells = darkening.sum() / upsample**2
    assert area_in_cells == pytest.approx(math.pi * (gain / 2) ** 2, rel=0.01)
    yy, xx = np.mgrid[: out.shape[0], : out.shape[1]]
    centre = 3 * upsample + (upsample - 1) / 2
    assert (darkening * yy).sum() / darkening.sum() == pytest.approx(centre, abs=1e-3)
    assert (darkening * xx).sum() / darkening.sum() == pytest.approx(centre, abs=1e-3)
    assert out.min() == pytest.approx(0.12, abs=1e-3)  # the middle is solid cocoa


@pytest.mark.parametrize("code", [1, 2])
def test_solid_patch_saturates_at_the_powder_not_darker(code: int) -> None:
    idx = np.full((20, 20), code, np.uint8)
    out = spread_to_grid(idx, LEVELS, gain=1.8)
    np.testing.assert_allclose(out[4:-4, 4:-4], LEVELS[code], atol=1e-3)


def test_small_gain_leaves_foam_between_dots() -> None:
    # Discs one pitch across cannot tile a square grid: foam shows at the corners.
    out = spread_to_grid(np.full((20, 20), 2, np.uint8), LEVELS, gain=1.0)
    assert out[5:-5, 5:-5].mean() > 0.12 + 0.1


def test_cocoa_on_cinnamon_is_darker_than_either() -> None:
    idx = np.array([[1, 2]] * 2, np.uint8)
    out = spread_reflectance(idx, LEVELS, gain=2.0, upsample=4)
    overlap = out[:, 3:5]  # where the two columns' discs overlap
    assert overlap.min() < 0.12 * 0.40 / 0.85 * 1.01
    assert overlap.min() == pytest.approx(0.85 * (0.40 / 0.85) * (0.12 / 0.85), rel=0.01)


def test_two_tone_indices_use_their_own_reflectance() -> None:
    idx = np.full((12, 12), 1, np.uint8)
    out = spread_to_grid(idx, (0.85, 0.12), gain=1.6)
    np.testing.assert_allclose(out[3:-3, 3:-3], 0.12, atol=1e-3)


def test_kernel_is_cached_and_read_only() -> None:
    k = dot_kernel(1.5, 4)
    assert k is dot_kernel(1.5, 4) and not k.flags.writeable


def test_bad_input() -> None:
    with pytest.raises(ValueError, match="2-D"):
        spread_reflectance(np.zeros(4, np.uint8), LEVELS)
    with pytest.raises(ValueError, match="no reflectance"):
        spread_reflectance(np.full((2, 2), 3, np.uint8), LEVELS)
    with pytest.raises(ValueError, match="gain"):
        spread_reflectance(np.zeros((2, 2), np.uint8), LEVELS, gain=0)
