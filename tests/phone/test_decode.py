"""A phone's photo to pixels: HEIC and the usual formats, upright, shrunk, refused clearly."""

from __future__ import annotations

import io

import numpy as np
import pytest
from phone_support import heic_bytes, jpeg_bytes
from PIL import Image

from kiosk.imaging.loading import WORK_SIDE, ImageError
from kiosk.phone import decode
from kiosk.phone.errors import EMPTY, NOT_A_PHOTO, UNREADABLE, PhoneError


def test_iphone_heic_decodes_in_colour_order():
    photo = decode.decode_photo(heic_bytes(800, 600, (200, 100, 50)))
    assert photo.kind == "heif"
    assert photo.input_size == (800, 600)
    assert photo.pixels.shape == (600, 800, 3)
    b, g, r = photo.pixels[300, 400].astype(int)
    assert abs(r - 200) < 12 and abs(g - 100) < 12 and abs(b - 50) < 12


def test_a_large_heic_is_shrunk_to_the_working_size():
    photo = decode.decode_photo(heic_bytes(1700, 1275))
    assert photo.input_size == (1700, 1275)
    assert max(photo.pixels.shape[:2]) == WORK_SIDE


def test_a_heic_with_too_many_pixels_is_refused_before_decoding(monkeypatch):
    # In this process (the child runs the same function): no pixel is decoded.
    monkeypatch.setattr(decode, "MAX_PIXELS", 100 * 100)
    import pillow_heif

    def no_decoding(*_args, **_kwargs):
        raise AssertionError("decoded a photo that is too large")

    monkeypatch.setattr(pillow_heif.HeifImage, "__array_interface__", property(no_decoding))
    with pytest.raises(ImageError, match="too large"):
        decode.decode_heif(heic_bytes(200, 200))


def test_a_heic_that_crashes_its_decoder_is_a_refused_photo(monkeypatch):
    # A native crash (as a hostile file could cause) ends the child, not the kiosk.
    monkeypatch.setattr(decode.sys, "executable", "/bin/false")
    with pytest.raises(PhoneError) as caught:
        decode.decode_photo(heic_bytes(64, 64))
    assert caught.value.code == UNREADABLE
    assert "decoder failed" in caught.value.detail


def test_a_damaged_heic_is_unreadable():
    data = heic_bytes(320, 240)
    with pytest.raises(PhoneError) as caught:
        decode.decode_photo(data[: len(data) // 2])
    assert caught.value.code == UNREADABLE


def test_a_rotated_jpeg_comes_out_upright():
    photo = decode.decode_photo(jpeg_bytes(640, 480, exif_orientation=6))
    assert photo.kind == "jpeg"
    assert photo.pixels.shape[:2] == (640, 480)
    assert photo.input_size == (480, 640)


def test_a_transparent_png_lies_on_white_foam():
    buf = io.BytesIO()
    Image.new("RGBA", (64, 64), (0, 0, 0, 0)).save(buf, "PNG")
    photo = decode.decode_photo(buf.getvalue())
    assert photo.kind == "png" and np.all(photo.pixels == 255)


@pytest.mark.parametrize(("data", "code"), [
    (b"", EMPTY),
    (b"GIF89", NOT_A_PHOTO),
    (b"hello, this is text", NOT_A_PHOTO),
    (b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00", NOT_A_PHOTO),  # a video
    (b"\xff\xd8\xff\xe0" + b"\x00" * 40, UNREADABLE),
])
def test_refusals_name_their_reason(data, code):
    with pytest.raises(PhoneError) as caught:
        decode.decode_photo(data)
    assert caught.value.code == code
