"""The mask is the printer's input format: its invariants and its PNG round trip."""

from __future__ import annotations

import io
import json
import os
import struct
import zlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, PngImagePlugin

from printer_driver.input_files import InputCode
from printer_driver.mask import PNG_META_KEY, Mask, MaskError, circle_mask, grid_size
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
    ("data", "code"),
    [
        (b"", InputCode.NOT_A_MASK),
        (b"hello", InputCode.NOT_A_MASK),
        (b"\xff\xd8\xff\xe0 a JPEG", InputCode.NOT_A_MASK),
        (b"\x89PNG\r\n\x1a\n\x00\x00", InputCode.DAMAGED),
    ],
)
def test_bad_mask_files_say_what_is_wrong(data: bytes, code: InputCode) -> None:
    with pytest.raises(MaskError) as err:
        Mask.from_png_bytes(data, name="m.png")
    assert err.value.code is code and str(err.value).startswith("m.png: ")


def test_ordinary_png_is_not_a_mask(tmp_path) -> None:
    path = tmp_path / "photo.png"
    Image.new("RGB", (10, 10)).save(path)
    with pytest.raises(MaskError, match="not a Photo Latte mask") as err:
        Mask.load_png(path)
    assert err.value.code is InputCode.NOT_A_MASK
    with pytest.raises(MaskError, match="no such file") as err:
        Mask.load_png(tmp_path / "missing.png")
    assert err.value.code is InputCode.NO_SUCH_FILE


def test_load_png_reads_only_regular_files(tmp_path) -> None:
    """A pipe or a device is refused from its stat: no hang, no 4 GB of /dev/zero."""
    fifo = tmp_path / "mask.png"
    os.mkfifo(fifo)
    for path, kind in ((fifo, "pipe"), ("/dev/zero", "device"), (tmp_path, "folder")):
        with pytest.raises(MaskError) as err:
            Mask.load_png(path)
        assert err.value.code is InputCode.NOT_A_FILE and err.value.params == {"kind": kind}


def _with_meta(img: Image.Image, meta: dict) -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text(PNG_META_KEY, json.dumps(meta))
    buf = io.BytesIO()
    img.save(buf, format="PNG", pnginfo=info)
    return buf.getvalue()


def _claiming(data: bytes, width: int, height: int) -> bytes:
    """The PNG with its header saying ``width`` × ``height`` (the pixels do not follow)."""
    ihdr = struct.pack(">II", width, height) + data[24:29]
    return data[:16] + ihdr + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr)) + data[33:]


def test_a_mask_saved_in_another_mode_is_an_error_not_a_picture() -> None:
    mask = Mask.from_levels(np.random.default_rng(3).integers(0, 3, (254, 254)))
    grey = Image.fromarray(np.asarray(mask.dots) * 100, "L")
    with pytest.raises(MaskError, match="saved as greyscale pixels") as err:
        Mask.from_png_bytes(_with_meta(grey, mask.metadata()), name="m.png")
    assert err.value.code is InputCode.MASK_DAMAGED
    colour = Image.open(io.BytesIO(mask.to_png_bytes())).convert("RGB")
    with pytest.raises(MaskError, match="saved as colour pixels"):
        Mask.from_png_bytes(_with_meta(colour, mask.metadata()))


def test_a_huge_png_with_mask_data_is_refused_before_decoding() -> None:
    """A 20000² PNG claiming to be a mask: its size is checked against its data (and the
    printer's 4096 dots) before a pixel is decoded, instead of a decompression-bomb trace."""
    mask = Mask.blank()
    data = _claiming(mask.to_png_bytes(), 20000, 20000)
    with pytest.raises(MaskError, match="20000×20000 pixels, but its mask data says 254×254") \
            as err:
        Mask.from_png_bytes(data)
    assert err.value.code is InputCode.MASK_DAMAGED
    meta = {**mask.metadata(), "diameter_mm": 7600.0}
    with pytest.raises(MaskError, match="more than the 4096") as err:
        Mask.from_png_bytes(_claiming(_with_meta(Image.new("P", (8, 8)), meta), 25334, 25334))
    assert err.value.code is InputCode.MASK_DAMAGED


@pytest.mark.parametrize(
    ("meta", "code", "message"),
    [
        ({"version": 9}, InputCode.MASK_TOO_NEW, "format 9 is newer"),
        ({"powders": "saffron"}, InputCode.MASK_DAMAGED, "mask data is damaged"),
        ({"pitch_mm": "fine"}, InputCode.MASK_DAMAGED, "mask data is damaged"),
        ({"size": 3, "diameter_mm": 0.9}, InputCode.MASK_DAMAGED, "254×254 pixels"),
    ],
)
def test_damaged_mask_data_is_named(meta: dict, code: InputCode, message: str) -> None:
    mask = Mask.blank()
    img = Image.open(io.BytesIO(mask.to_png_bytes()))
    with pytest.raises(MaskError, match=message) as err:
        Mask.from_png_bytes(_with_meta(img, {**mask.metadata(), **meta}))
    assert err.value.code is code


def test_dots_outside_the_powder_set_make_a_damaged_mask() -> None:
    mask = Mask.blank(powders=PowderSet.COCOA)
    dots = np.zeros((254, 254), np.uint8)
    dots[127, 127] = 1  # cinnamon in a cocoa-only mask
    img = Image.frombytes("P", (254, 254), dots.tobytes())
    with pytest.raises(MaskError, match="not allowed with powders 'cocoa'") as err:
        Mask.from_png_bytes(_with_meta(img, mask.metadata()))
    assert err.value.code is InputCode.MASK_DAMAGED
