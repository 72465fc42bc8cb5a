"""RenderSettings refuses geometry no printer can take, in words that give the range."""

from __future__ import annotations

import math

import pytest

from kiosk.imaging import RenderSettings
from kiosk.imaging.settings import DIAMETER_MM, MAX_DOTS, PITCH_MM
from printer_driver.mask import MAX_GRID, grid_size


@pytest.mark.parametrize(
    ("diameter", "pitch", "words"),
    [
        (1000.0, 0.3, "20..120 mm"),      # a 3334-dot grid, 636 MB, ~615 g of powder
        (10.0, 0.3, "20..120 mm"),
        (math.inf, 0.3, "20..120 mm"),
        (math.nan, 0.3, "20..120 mm"),
        (76.0, math.inf, "0.1..2 mm"),    # was a 1x1 mask
        (76.0, math.nan, "0.1..2 mm"),
        (76.0, 0.05, "0.1..2 mm"),
        (76.0, 0.0, "0.1..2 mm"),
        (76.0, -0.3, "0.1..2 mm"),
        (200.0, 0.1, "20..120 mm"),       # was 2000 dots
        (120.0, 0.1, "1200 dots across, more than 1024"),
    ],
)
def test_geometry_outside_the_printers_range_is_refused(diameter: float, pitch: float,
                                                        words: str) -> None:
    with pytest.raises(ValueError, match=words.replace(".", r"\.")):
        RenderSettings(diameter_mm=diameter, pitch_mm=pitch)


@pytest.mark.parametrize(("diameter", "pitch"), [(20.0, 0.1), (76.0, 0.3), (120.0, 2.0),
                                                 (102.4, 0.1), (120.0, 0.118)])
def test_geometry_inside_the_range_is_accepted(diameter: float, pitch: float) -> None:
    settings = RenderSettings(diameter_mm=diameter, pitch_mm=pitch)
    assert grid_size(settings.diameter_mm, settings.pitch_mm) <= MAX_DOTS


def test_every_grid_allowed_here_fits_the_mask_format() -> None:
    """The mask file's own limit must never refuse what rendering allows."""
    worst = grid_size(DIAMETER_MM[1], PITCH_MM[0])
    assert min(worst, MAX_DOTS) <= MAX_GRID


@pytest.mark.parametrize("px", [1, 31, 4097, 100_000])
def test_preview_size_message_gives_the_range(px: int) -> None:
    with pytest.raises(ValueError, match=r"preview size .* outside 32\.\.4096 px"):
        RenderSettings(preview_px=px)


@pytest.mark.parametrize(("field", "value"), [("darkness", math.nan), ("dot_gain", math.inf),
                                              ("dot_gain", math.nan)])
def test_non_numbers_are_refused(field: str, value: float) -> None:
    with pytest.raises(ValueError):
        RenderSettings(**{field: value})
