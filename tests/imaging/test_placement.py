"""Laying a picture out for a measured head: the imaging core places the target before
dithering, a ready mask is placed nearest dot, a mask says what head it was placed for (and
keeps saying it through its PNG), and nothing is corrected twice."""

from __future__ import annotations

import io
import json

import numpy as np
import pytest
from PIL import Image

from kiosk.imaging import RenderSettings
from kiosk.imaging.designs import render_design
from kiosk.imaging.placement import landed_mask, place_mask, place_target
from printer_driver.input_files import InputCode
from printer_driver.mask import PNG_META_KEY, Mask, MaskError
from printer_driver.placement import HeadGeometry
from printer_driver.powders import PowderSet

HEAD = HeadGeometry(offset_x_mm=1.2, offset_y_mm=-0.6, rotation_deg=0.8, scale=1.01)
OTHER = HeadGeometry(offset_x_mm=-0.5, offset_y_mm=0.9, rotation_deg=-1.5, scale=0.99)


def _blob(cx_mm: float = 0.0, cy_mm: float = 0.0, n: int = 254) -> Mask:
    pos = (np.arange(n) + 0.5 - n / 2) * 0.3
    xx, yy = np.meshgrid(pos, pos)
    bars = ((np.abs(yy - cy_mm) < 1.5) & (np.abs(xx - cx_mm) < 25)) | (
        (np.abs(xx - cx_mm) < 1.5) & (np.abs(yy - cy_mm) < 25))
    return Mask.from_levels(bars.astype(np.uint8) * 2, powders=PowderSet.COCOA)


def _centre(mask: Mask) -> tuple[float, float]:
    rows, cols = np.nonzero(mask.dots)
    n = mask.size
    return (float((cols + 0.5 - n / 2).mean() * mask.pitch_mm),
            float((rows + 0.5 - n / 2).mean() * mask.pitch_mm))


def test_a_placed_mask_lands_where_the_nominal_one_was_meant_to():
    mask = _blob()
    placed = place_mask(mask, HEAD)
    assert placed.placement == HEAD and mask.placement is None
    # The placed dots sit at the inverse of the head's error: roughly -offset.
    x, y = _centre(placed)
    assert x == pytest.approx(-1.2, abs=0.1) and y == pytest.approx(0.6, abs=0.1)
    back = landed_mask(placed)
    assert back.placement is None
    assert np.mean(back.dots != mask.dots) < 0.005  # nearest dot: the edges differ a little
    assert place_mask(placed, HEAD) is placed  # already placed for this head: untouched


def test_a_mask_placed_for_another_head_is_re_placed_not_corrected_twice():
    mask = _blob(3.0, -2.0)
    direct = place_mask(mask, HEAD)
    via_other = place_mask(place_mask(mask, OTHER), HEAD)
    assert via_other.placement == HEAD
    assert np.mean(direct.dots != via_other.dots) < 0.01
    assert np.mean(place_mask(direct, None).dots != mask.dots) < 0.005  # back to nominal


def test_the_placement_survives_the_mask_png_and_an_unplaced_file_is_unchanged():
    placed = place_mask(_blob(), HEAD)
    again = Mask.from_png_bytes(placed.to_png_bytes())
    assert again == placed and again.placement == HEAD
    meta = json.loads(Image.open(io.BytesIO(_blob().to_png_bytes()))
                      .info[PNG_META_KEY])
    assert "placement" not in meta  # files for a nominal head are what older versions wrote


def test_a_damaged_placement_in_a_mask_file_is_a_clear_refusal(tmp_path):
    mask = place_mask(_blob(), HEAD)
    img = Image.open(io.BytesIO(mask.to_png_bytes()))
    meta = json.loads(img.info[PNG_META_KEY])
    meta["placement"]["rotation_deg"] = 400
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text(PNG_META_KEY, json.dumps(meta))
    path = tmp_path / "bad.png"
    img.save(path, pnginfo=info)
    with pytest.raises(MaskError) as exc:
        Mask.load_png(path)
    assert exc.value.code is InputCode.MASK_DAMAGED and "rotation_deg" in str(exc.value)


def test_the_imaging_core_places_the_target_before_dithering_and_previews_it_landed():
    plain = render_design("heart", RenderSettings(preview_px=0))
    placed = render_design("heart", RenderSettings(preview_px=0, placement=HEAD))
    assert placed.placement == HEAD and plain.placement is None
    px, py = _centre(plain)
    qx, qy = _centre(placed)
    assert qx - px == pytest.approx(-1.2, abs=0.15) and qy - py == pytest.approx(0.6, abs=0.15)
    # Dithered for the grid as it lies, not resampled after: the same powder either way.
    counts, placed_counts = plain.dot_counts(), placed.dot_counts()
    for powder, count in counts.items():
        assert placed_counts[powder] == pytest.approx(count, rel=0.03)
    lx, ly = _centre(landed_mask(placed))
    assert lx == pytest.approx(px, abs=0.1) and ly == pytest.approx(py, abs=0.1)

    from kiosk.imaging.preview import render_cup

    a = render_cup(plain, 256).astype(int)
    b = render_cup(placed, 256).astype(int)
    assert np.abs(a - b).mean() < 3.0  # the customer sees the cup as it will land


def test_a_target_placed_for_a_nominal_head_is_the_target_itself():
    target = np.random.default_rng(0).random((64, 64)).astype(np.float32)
    assert place_target(target, None, pitch_mm=0.3) is target
    assert place_target(target, HeadGeometry(), pitch_mm=0.3) is target
    with pytest.raises(ValueError):
        place_target(np.zeros((4, 5), np.float32), HEAD, pitch_mm=0.3)
