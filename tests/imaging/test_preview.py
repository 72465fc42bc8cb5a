"""The cup preview: any size, foam where there is no powder, darker where powder lies."""

from __future__ import annotations

import numpy as np
import pytest

from kiosk.imaging.preview import PRINT_R, render_cup
from printer_driver.mask import Mask
from printer_driver.powders import CINNAMON, COCOA, FOAM, default_tones

TONES = default_tones()


def _mask(fill: int, *, half: bool = False) -> Mask:
    n = 254
    dots = np.full((n, n), fill, np.uint8)
    if half:
        dots[:, n // 2 :] = FOAM
    return Mask.from_levels(dots)


def _centre(img: np.ndarray, k: int = 8) -> np.ndarray:
    c = img.shape[0] // 2
    return img[c - k : c + k, c - k : c + k].reshape(-1, 3).mean(axis=0)


@pytest.mark.parametrize("size", [32, 100, 360, 512, 777])
def test_any_size(size: int) -> None:
    img = render_cup(_mask(COCOA, half=True), size)
    assert img.shape == (size, size, 3) and img.dtype == np.uint8


def test_blank_mask_shows_plain_foam_inside_a_cup() -> None:
    img = render_cup(Mask.blank(), 400)
    np.testing.assert_allclose(_centre(img), TONES[FOAM].display_rgb, atol=8)
    corner = img[2, 2].astype(int)
    assert np.abs(corner - np.array(TONES[FOAM].display_rgb)).sum() > 20  # table, not foam


@pytest.mark.parametrize("code", [CINNAMON, COCOA])
def test_full_powder_shows_the_powder_colour(code: int) -> None:
    img = render_cup(_mask(code), 400)
    np.testing.assert_allclose(_centre(img), TONES[code].display_rgb, atol=20)


def test_powder_areas_are_darker_than_foam() -> None:
    img = render_cup(_mask(COCOA, half=True), 512).astype(float).sum(axis=2)
    c, r = 256, int(PRINT_R * 512 * 0.5)
    left = img[c - 20 : c + 20, c - r : c - 10].mean()
    right = img[c - 20 : c + 20, c + 10 : c + r].mean()
    assert left < right - 200


def test_more_dot_gain_spreads_sparse_dots_further() -> None:
    dots = np.zeros((254, 254), np.uint8)
    dots[::4, ::4] = COCOA
    mask = Mask.from_levels(dots)
    tight = render_cup(mask, 512, dot_gain=1.0).astype(float).mean()
    spread = render_cup(mask, 512, dot_gain=2.5).astype(float).mean()
    assert spread < tight - 3


def test_single_powder_and_other_geometry_masks_preview() -> None:
    dots = np.zeros((150, 150), np.uint8)
    dots[60:90, 60:90] = CINNAMON
    mask = Mask.from_levels(dots, diameter_mm=60, pitch_mm=0.4, powders="cinnamon")
    img = render_cup(mask, 300)
    assert _centre(img, 4)[2] < TONES[FOAM].display_rgb[2] - 50  # cinnamon is less blue


def test_too_small_is_refused() -> None:
    with pytest.raises(ValueError, match="too small"):
        render_cup(Mask.blank(), 16)


def test_a_large_preview_drawn_in_bands_looks_like_one_drawn_whole(monkeypatch) -> None:
    """Above CACHED_PX the cup is drawn a band of rows at a time (bounded memory); it must
    look the same: the cup within a level or two, the powder within the grain's noise."""
    import kiosk.imaging.preview as preview

    mask = _mask(COCOA, half=True)
    size = preview.CACHED_PX + 100
    banded = render_cup(mask, size).astype(int)
    monkeypatch.setattr(preview, "CACHED_PX", 2 * size)
    whole = render_cup(mask, size).astype(int)
    diff = np.abs(banded - whole).max(axis=2)
    r = int(PRINT_R * size)
    c = size // 2
    outside = np.ones_like(diff, bool)
    outside[c - r - 8:c + r + 8, c - r - 8:c + r + 8] = False
    assert np.mean(diff[outside] <= 2) > 0.999  # the cup, saucer and table
    # The powder: the grain is other noise of the same strength, so compare what the eye
    # sees, each row's mean colour across the cocoa half (a seam between bands would show).
    rows = slice(c - r // 2, c + r // 2)
    cocoa = slice(c - r + 20, c - 20)
    band_rows = banded[rows, cocoa].mean(axis=1)
    whole_rows = whole[rows, cocoa].mean(axis=1)
    assert np.abs(band_rows - whole_rows).max() < 6  # a few levels: the grain's noise
    assert np.abs(band_rows.mean(axis=0) - whole_rows.mean(axis=0)).max() < 1
    assert abs(banded[rows, cocoa].std() - whole[rows, cocoa].std()) < 2
