"""render_portrait end to end: the mask, the powders, the circle and the result fields."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from kiosk.imaging import ImageError, PortraitResult, RenderSettings, render_portrait
from printer_driver.mask import Mask
from printer_driver.powders import CINNAMON, COCOA, FOAM, PowderSet

STAGES = {"load", "borders", "detect", "crop", "background", "tone", "curve", "dither", "mask",
          "preview", "total"}


def test_defaults_render_a_76_mm_mask_with_both_powders(astronaut_bgr: np.ndarray) -> None:
    result = render_portrait(astronaut_bgr)
    assert isinstance(result, PortraitResult)
    mask = result.mask
    assert isinstance(mask, Mask)
    assert (mask.diameter_mm, mask.pitch_mm, mask.powders) == (76.0, 0.3, PowderSet.BOTH)
    assert mask.dots.shape == (254, 254)
    counts = mask.dot_counts()
    assert counts["cinnamon"] > 1000 and counts["cocoa"] > 300  # a face uses both tones
    assert result.preview.shape == (512, 512, 3) and result.preview.dtype == np.uint8
    assert set(result.timings_ms) == STAGES
    assert all(v >= 0 for v in result.timings_ms.values())
    assert result.input_size == (512, 512)
    assert result.target.shape == (254, 254)


@pytest.mark.parametrize(
    ("powders", "allowed"),
    [("cocoa", {FOAM, COCOA}), ("cinnamon", {FOAM, CINNAMON}), ("both", {FOAM, CINNAMON, COCOA})],
)
def test_powder_sets_use_only_their_powders(astronaut_bgr: np.ndarray, powders: str,
                                            allowed: set[int]) -> None:
    mask = render_portrait(astronaut_bgr, RenderSettings(powders=powders, preview_px=0)).mask
    used = set(np.unique(mask.dots).tolist())
    assert used <= allowed and len(used) == len(allowed)


def test_other_geometry(astronaut_bgr: np.ndarray) -> None:
    mask = render_portrait(astronaut_bgr, RenderSettings(diameter_mm=60, pitch_mm=0.4,
                                                         preview_px=0)).mask
    assert mask.dots.shape == (150, 150) and mask.diameter_mm == 60


def test_darker_button_prints_darker(astronaut_bgr: np.ndarray) -> None:
    def ink(darkness: float) -> float:
        result = render_portrait(astronaut_bgr, RenderSettings(darkness=darkness, preview_px=0))
        return float(result.target[result.mask.circle].mean())

    lighter, normal, darker = ink(-1.0), ink(0.0), ink(1.0)
    assert lighter > normal + 0.01 and normal > darker + 0.01  # reflectance: higher is lighter


def test_bright_background_and_skin_highlights_stay_clean_foam(astronaut_bgr: np.ndarray) -> None:
    result = render_portrait(astronaut_bgr, RenderSettings(preview_px=0))
    n = result.mask.size
    # The top corners of the circle are background (behind the hair): no powder there.
    corner = result.mask.dots[: n // 8, : n // 4]
    assert (corner == FOAM).mean() > 0.98
    foam_target = result.target >= 0.85 - 1e-3
    assert not result.mask.dots[foam_target].any()


def test_path_bytes_and_array_give_the_same_mask(tmp_path, astronaut_bgr: np.ndarray) -> None:
    ok, png = cv2.imencode(".png", astronaut_bgr)
    assert ok
    path = tmp_path / "a.png"
    path.write_bytes(png.tobytes())
    settings_ = RenderSettings(preview_px=0)
    a = render_portrait(astronaut_bgr, settings_).mask
    assert render_portrait(png.tobytes(), settings_).mask == a
    assert render_portrait(path, settings_).mask == a
    assert render_portrait(str(path), settings_).mask == a


def test_grey_photo_works(astronaut_bgr: np.ndarray) -> None:
    grey = cv2.cvtColor(astronaut_bgr, cv2.COLOR_BGR2GRAY)
    result = render_portrait(grey, RenderSettings(preview_px=0))
    assert result.face_found and result.mask.dot_counts()["cocoa"] > 0


@pytest.mark.parametrize("segmentation", ["colour", "grabcut", "oval", "none"])
def test_every_background_method_renders(camera_frame: np.ndarray, segmentation: str) -> None:
    result = render_portrait(camera_frame, RenderSettings(segmentation=segmentation,
                                                          preview_px=0))
    assert result.face_found and result.mask.dot_counts()["cocoa"] > 0


def test_busy_background_is_removed_more_than_with_none(camera_frame: np.ndarray) -> None:
    def background_dots(segmentation: str) -> int:
        result = render_portrait(camera_frame, RenderSettings(segmentation=segmentation,
                                                              preview_px=0))
        n = result.mask.size
        return int(np.count_nonzero(result.mask.dots[:, : n // 6]))  # left strip: noise only

    assert background_dots("colour") < 0.2 * background_dots("none")


def test_unreadable_photo_raises_image_error_with_its_name(tmp_path) -> None:
    bad = tmp_path / "customer.jpg"
    bad.write_text("not a photo")
    with pytest.raises(ImageError, match=r"customer\.jpg"):
        render_portrait(bad)


@settings(max_examples=12, deadline=None)
@given(
    photo=st.one_of(
        arrays(np.uint8, st.tuples(st.integers(16, 120), st.integers(16, 120))),
        arrays(np.uint8, st.tuples(st.integers(16, 120), st.integers(16, 120), st.just(3))),
    ),
    powders=st.sampled_from(list(PowderSet)),
    darkness=st.floats(-1, 1),
    style=st.sampled_from(["portrait", "bold", "soft", "sketch"]),
)
def test_any_picture_gives_a_valid_mask_with_nothing_outside_the_circle(
    photo: np.ndarray, powders: PowderSet, darkness: float, style: str
) -> None:
    result = render_portrait(photo, RenderSettings(powders=powders, darkness=darkness,
                                                   style=style, preview_px=0))
    dots = result.mask.dots
    assert not dots[~result.mask.circle].any()
    assert set(np.unique(dots).tolist()) <= set(PowderSet(powders).codes)
    t = result.target
    assert np.isfinite(t).all() and t.min() >= 0.12 - 1e-6 and t.max() <= 0.85 + 1e-6
