"""The mask is the printer's input format: its invariants and its PNG round trip."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from printer_driver.mask import Mask, MaskError, circle_mask, grid_size
from printer_driver.powders import PowderSet


def test_default_geometry_is_254_dots_across() -> None:
    assert grid_size(76.0, 0.3) == 254
    circle = circle_mask(76.0, 0.3)
    # area of a 126.67-dot-radius circle: pi r^2 = 50407 dots
    assert abs(int(circle.sum()) - 50407) < 50
    assert not circle[0, 0] and circle[127, 127]


def test_tiny_mask_counts_and_grams() -> None:
    dots = np.array([[0, 1, 0], [2, 2, 1], [0, 1, 0]], np.uint8)
    m = Mask(dots, pitch_mm=1.0, diameter_mm=3.0)
    assert m.dot_counts() == {"cinnamon": 3, "cocoa": 2}
    assert m.grams() == pytest.approx({"cinnamon": 0.0006, "cocoa": 0.0004})


def test_powder_outside_circle_is_refused() -> None:
    dots = np.zeros((3, 3), np.uint8)
    dots[0, 0] = 2
    # 2.5 mm at 1 mm pitch: a 3x3 grid whose corners (1.41 dots out) lie outside r=1.25
    with pytest.raises(MaskError, match="outside the print circle"):
        Mask(dots, pitch_mm=1.0, diameter_mm=2.5)
    assert Mask.from_levels(dots, pitch_mm=1.0, diameter_mm=2.5).dots[0, 0] == 0


def test_codes_must_match_powder_set() -> None:
    dots = np.zeros((3, 3), np.uint8)
    dots[1, 1] = 1
    with pytest.raises(MaskError, match="not allowed"):
        Mask(dots, pitch_mm=1.0, diameter_mm=3.0, powders=PowderSet.COCOA)


def test_dots_are_read_only_copies() -> None:
    src = np.zeros((3, 3), np.uint8)
    m = Mask(src, pitch_mm=1.0, diameter_mm=3.0)
    src[1, 1] = 2
    assert m.dots[1, 1] == 0
    with pytest.raises(ValueError):
        m.dots[1, 1] = 2


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    diameter=st.floats(3.0, 40.0),
    pitch=st.sampled_from([0.25, 0.3, 0.5, 1.0]),
    powders=st.sampled_from(list(PowderSet)),
)
def test_png_round_trip_is_exact(seed: int, diameter: float, pitch: float, powders) -> None:
    n = grid_size(diameter, pitch)
    rng = np.random.default_rng(seed)
    dots = rng.choice(np.array(powders.codes, np.uint8), size=(n, n))
    m = Mask.from_levels(dots, diameter_mm=diameter, pitch_mm=pitch, powders=powders)
    back = Mask.from_png_bytes(m.to_png_bytes())
    assert back == m
    assert back.metadata() == m.metadata()


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "not a readable PNG"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not a readable PNG"),
        (b"hello", "not a readable PNG"),
    ],
)
def test_bad_mask_files_say_what_is_wrong(data: bytes, message: str) -> None:
    with pytest.raises(MaskError, match=message):
        Mask.from_png_bytes(data)


def test_ordinary_png_is_not_a_mask(tmp_path) -> None:
    from PIL import Image

    path = tmp_path / "photo.png"
    Image.new("RGB", (10, 10)).save(path)
    with pytest.raises(MaskError, match="not a Photo Latte mask"):
        Mask.load_png(path)
    with pytest.raises(MaskError, match="cannot read"):
        Mask.load_png(tmp_path / "missing.png")
