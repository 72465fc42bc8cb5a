"""A group framed together prints heads and shoulders, as one face framed alone does: the
bodies below fade to foam instead of filling the bottom of the cup with powder."""

from __future__ import annotations

import numpy as np
import pytest
from synthetic_faces import Face, group, scene

from kiosk.imaging import PortraitResult, RenderSettings, render_portrait
from printer_driver.mask import circle_mask

NO_PREVIEW = RenderSettings(preview_px=0)

#: The bottom band of the circle: its lowest fifth, by height.
BAND = 0.2
#: Powder allowed there for a group (share of the band's dots). Before the fade, dark
#: shirts covered 76-100 % of it (light ones 2-7 %); with it, 0-0.2 %.
GROUP_BAND_MAX = 0.02
DARK_SHIRT = 0.08


def _powder(result: PortraitResult, rows: slice | None = None) -> float:
    """Share of the circle's dots (in ``rows`` of the grid, default the bottom band) that
    carry powder."""
    dots = np.asarray(result.mask.dots)
    n = dots.shape[0]
    inside = circle_mask(NO_PREVIEW.diameter_mm, NO_PREVIEW.pitch_mm).copy()
    if rows is None:
        rows = slice(round(n * (1 - BAND)), n)
    keep = np.zeros_like(inside)
    keep[rows] = True
    return float((dots[inside & keep] != 0).mean())


def _face_rows(result: PortraitResult, face: Face) -> tuple[slice, slice]:
    n = result.mask.dots.shape[0]
    crop = result.crop_box
    k = n / crop.side
    cx, cy, half = (face.cx - crop.x) * k, (face.cy - crop.y) * k, 0.3 * face.w * k
    return slice(round(cy - half), round(cy + half)), slice(round(cx - half), round(cx + half))


@pytest.mark.parametrize(("n", "seed"), [(2, 1), (2, 2), (3, 3), (3, 4)])
@pytest.mark.parametrize("shirt", [DARK_SHIRT, 0.55], ids=["dark-shirts", "light-shirts"])
def test_a_group_prints_no_band_of_bodies_along_the_bottom(n: int, seed: int,
                                                           shirt: float) -> None:
    photo, faces = group(n, seed=seed, shirt=shirt)
    result = render_portrait(photo, NO_PREVIEW)
    assert len(result.framed) == n
    assert _powder(result) <= GROUP_BAND_MAX, f"bottom band {_powder(result):.3f}"
    # The faces themselves still print: powder on every face (features, shading, skin).
    dots = np.asarray(result.mask.dots)
    for face in faces:
        rows, cols = _face_rows(result, face)
        assert (dots[rows, cols] != 0).mean() > 0.2


def test_one_face_framed_alone_keeps_its_shoulders() -> None:
    """The fade is the single portrait's own head-and-shoulders: a face framed alone in a
    dark shirt still shows the shirt at the bottom of the cup, as before."""
    photo = scene([Face(320, 200, 130, 0.3, shirt=DARK_SHIRT)])
    result = render_portrait(photo, NO_PREVIEW)
    assert len(result.framed) == 1
    assert _powder(result) > 0.2


def test_the_fade_is_measured_where_the_bodies_were(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the fade (every person's shape reaching down as before) the same group in
    dark shirts fills the band: the check above can fail."""
    from kiosk.imaging import background

    photo, _ = group(3, seed=3, shirt=DARK_SHIRT)
    monkeypatch.setattr(background, "BODY_FADE", (10.0, 11.0))  # far below: bodies kept
    assert _powder(render_portrait(photo, NO_PREVIEW)) > 0.5
