"""Loading photos: every format and mode the kiosk may meet, and every way a file goes bad."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import cv2
import numpy as np
import picture_files
import pytest
from PIL import Image, ImageOps

from kiosk.imaging.loading import WORK_SIDE, ImageError, load_photo
from printer_driver.input_files import InputCode

W, H = 64, 48
RED, BLUE = (220, 20, 20), (20, 20, 220)


def encode(img: Image.Image, fmt: str, **kw) -> bytes:
    """``img`` saved to bytes in ``fmt``."""
    buf = io.BytesIO()
    img.save(buf, format=fmt, **kw)
    return buf.getvalue()


def _halves() -> Image.Image:
    """Left half red, right half blue (RGB)."""
    arr = np.zeros((H, W, 3), np.uint8)
    arr[:, : W // 2] = RED
    arr[:, W // 2 :] = BLUE
    return Image.fromarray(arr, "RGB")


def _left_right(pixels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean colour (BGR or grey) of the middle of each half."""
    left = pixels[H // 4 : 3 * H // 4, 4 : W // 2 - 4].reshape(-1, *pixels.shape[2:])
    right = pixels[H // 4 : 3 * H // 4, W // 2 + 4 : W - 4].reshape(-1, *pixels.shape[2:])
    return left.mean(axis=0), right.mean(axis=0)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "BMP", "TIFF"])
def test_rgb_in_every_format_loads_as_bgr(fmt: str) -> None:
    loaded = load_photo(encode(_halves(), fmt))
    assert loaded.pixels.shape == (H, W, 3) and loaded.pixels.dtype == np.uint8
    assert loaded.input_size == (W, H) and loaded.scale == 1.0
    left, right = _left_right(loaded.pixels)
    np.testing.assert_allclose(left, RED[::-1], atol=25)  # BGR order
    np.testing.assert_allclose(right, BLUE[::-1], atol=25)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "BMP", "TIFF"])
def test_grey_in_every_format_loads_as_grey(fmt: str) -> None:
    grey = _halves().convert("L")
    px = load_photo(encode(grey, fmt)).pixels
    if px.ndim == 3:  # WebP has no grey mode: it stores three equal channels
        assert fmt == "WEBP" and np.ptp(px.astype(int), axis=2).max() <= 3
        px = px[..., 1]
    assert px.shape == (H, W)
    left, right = _left_right(px)
    expected = np.asarray(grey)[H // 2]
    assert abs(float(left) - expected[10]) < 8 and abs(float(right) - expected[-10]) < 8


@pytest.mark.parametrize("fmt", ["PNG", "WEBP", "TIFF"])
def test_transparent_parts_become_white_foam(fmt: str) -> None:
    rgba = _halves().convert("RGBA")
    alpha = np.full((H, W), 255, np.uint8)
    alpha[:, W // 2 :] = 0
    rgba.putalpha(Image.fromarray(alpha))
    loaded = load_photo(encode(rgba, fmt, **({"lossless": True} if fmt == "WEBP" else {})))
    left, right = _left_right(loaded.pixels)
    np.testing.assert_allclose(left, RED[::-1], atol=10)
    np.testing.assert_allclose(right, (255, 255, 255), atol=1)


@pytest.mark.parametrize("fmt", ["PNG", "BMP", "TIFF", "GIF"])
def test_palette_images_load(fmt: str) -> None:
    loaded = load_photo(encode(_halves().quantize(4), fmt))
    left, right = _left_right(loaded.pixels)
    np.testing.assert_allclose(left, RED[::-1], atol=10)
    np.testing.assert_allclose(right, BLUE[::-1], atol=10)


@pytest.mark.parametrize("fmt", ["JPEG", "TIFF"])
def test_cmyk_images_load(fmt: str) -> None:
    loaded = load_photo(encode(_halves().convert("CMYK"), fmt))
    left, right = _left_right(loaded.pixels)
    assert left[2] > 150 > left[0]  # red stays red
    assert right[0] > 150 > right[2]


@pytest.mark.parametrize("fmt", ["PNG", "TIFF"])
def test_16_bit_grey_uses_its_full_range(fmt: str) -> None:
    ramp = np.tile(np.linspace(0, 65535, W).astype(np.uint16), (H, 1))
    loaded = load_photo(encode(Image.fromarray(ramp), fmt))
    assert loaded.pixels.dtype == np.uint8
    assert loaded.pixels[0, 0] == 0 and loaded.pixels[0, -1] == 255
    assert abs(int(loaded.pixels[0, W // 2]) - 128) <= 3  # not clipped to white


def test_16_bit_colour_tiff_loads() -> None:
    arr = np.zeros((H, W, 3), np.uint16)
    arr[:, : W // 2] = (5000, 5000, 60000)  # BGR: red
    ok, buf = cv2.imencode(".tiff", arr)
    assert ok
    loaded = load_photo(buf.tobytes())
    assert loaded.pixels.dtype == np.uint8
    left, right = _left_right(loaded.pixels)
    assert left[2] > 220 and left[0] < 30 and right.max() < 5


def test_one_bit_image_loads() -> None:
    bits = _halves().convert("L").point(lambda v: 255 * (v > 60)).convert("1")
    loaded = load_photo(encode(bits, "PNG"))
    assert set(np.unique(loaded.pixels).tolist()) == {0, 255}


def test_exif_orientation_is_applied() -> None:
    # Stored 60 wide × 30 high with a dark left third; orientation 6 means "rotate 90° clockwise
    # to view", which puts the stored left edge at the top of the upright picture.
    arr = np.full((30, 60), 240, np.uint8)
    arr[:, :20] = 10
    exif = Image.Exif()
    exif[0x0112] = 6
    loaded = load_photo(encode(Image.fromarray(arr), "JPEG", exif=exif.tobytes()))
    assert loaded.pixels.shape == (60, 30)
    assert loaded.input_size == (30, 60)
    assert loaded.pixels[:15].mean() < 40 and loaded.pixels[25:].mean() > 200


def test_path_and_bytes_give_the_same_pixels(tmp_path: Path) -> None:
    data = encode(_halves(), "PNG")
    (tmp_path / "p.png").write_bytes(data)
    a = load_photo(tmp_path / "p.png").pixels
    b = load_photo(str(tmp_path / "p.png")).pixels
    assert np.array_equal(a, load_photo(data).pixels) and np.array_equal(a, b)


def test_big_photos_are_shrunk_early_and_sizes_reported_in_the_original() -> None:
    big = Image.fromarray(np.full((3000, 4000, 3), 128, np.uint8))
    loaded = load_photo(encode(big, "JPEG"))
    assert max(loaded.pixels.shape[:2]) == WORK_SIDE
    assert loaded.input_size == (4000, 3000)
    assert loaded.scale == pytest.approx(WORK_SIDE / 4000)


# --- arrays (camera frames) ---------------------------------------------------------


def test_bgr_frame_passes_unchanged() -> None:
    frame = np.random.default_rng(1).integers(0, 255, (480, 640, 3), dtype=np.uint8)
    loaded = load_photo(frame)
    assert np.array_equal(loaded.pixels, frame) and loaded.input_size == (640, 480)


def test_bgra_frame_is_composited_on_white() -> None:
    frame = np.zeros((20, 20, 4), np.uint8)
    frame[..., 3] = 0
    frame[:10, :, :] = (0, 0, 200, 255)
    px = load_photo(frame).pixels
    assert px[0, 0].tolist() == [0, 0, 200] and px[15, 0].tolist() == [255, 255, 255]


@pytest.mark.parametrize(
    ("array", "expected"),
    [
        (np.full((20, 20), 65535, np.uint16), 255),
        (np.full((20, 20), 1.0, np.float32), 255),
        (np.full((20, 20), 0.5, np.float64), 128),
        (np.full((20, 20, 1), 7, np.uint8), 7),
    ],
)
def test_grey_arrays_of_any_depth(array: np.ndarray, expected: int) -> None:
    px = load_photo(array).pixels
    assert px.shape == (20, 20) and px.dtype == np.uint8 and int(px[0, 0]) == expected


@pytest.mark.parametrize("shape", [(20, 20, 2), (20,), (20, 20, 3, 1)])
def test_arrays_that_are_not_images_are_refused(shape: tuple[int, ...]) -> None:
    with pytest.raises(ImageError, match="not an image"):
        load_photo(np.zeros(shape, np.uint8))


def test_nan_array_is_refused() -> None:
    arr = np.zeros((20, 20), np.float32)
    arr[3, 3] = np.nan
    with pytest.raises(ImageError, match="invalid"):
        load_photo(arr)


# --- bad files --------------------------------------------------------------------------


def _png_claiming(width: int, height: int) -> bytes:
    """A small PNG whose header claims ``width`` × ``height`` (a decompression bomb)."""
    data = bytearray(encode(Image.new("L", (8, 8)), "PNG"))
    ihdr = struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return bytes(data)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_bytes(b""), "empty"),
        (lambda p: p.write_text("hello, this is not a photo\n"), "not a photo"),
        (lambda p: p.write_bytes(encode(_halves(), "JPEG")[:300]), "damaged or incomplete"),
        (lambda p: p.write_bytes(_png_claiming(40000, 40000)), "too large"),
        (lambda p: p.write_bytes(_png_claiming(9000, 9000)), "too large"),
        (lambda p: p.write_bytes(encode(_halves(), "ICO")), "not supported"),
        (lambda p: p.write_bytes(encode(Image.new("RGB", (8, 8)), "PNG")), "only 8×8"),
    ],
    ids=["empty", "text", "truncated-jpeg", "bomb", "over-limit", "unsupported", "tiny"],
)
def test_bad_files_raise_a_clear_image_error(tmp_path: Path, make, message: str) -> None:
    path = tmp_path / "customer.jpg"
    make(path)
    with pytest.raises(ImageError) as err:
        load_photo(path)
    text = str(err.value)
    assert text.startswith(str(path)) and message in text
    assert "\n" not in text


def test_truncated_png_is_reported_as_damaged(tmp_path: Path) -> None:
    data = encode(Image.fromarray(np.random.default_rng(0).integers(0, 255, (200, 200, 3),
                                                                    dtype=np.uint8)), "PNG")
    with pytest.raises(ImageError, match="damaged"):
        load_photo(data[: len(data) // 2], name="cut.png")


def test_missing_file_and_folder_say_so(tmp_path: Path) -> None:
    with pytest.raises(ImageError, match="no such file"):
        load_photo(tmp_path / "nope.jpg")
    with pytest.raises(ImageError, match="folder"):
        load_photo(tmp_path)


def test_wrong_argument_type_is_an_image_error() -> None:
    with pytest.raises(ImageError, match="expected a file path"):
        load_photo(12345)  # type: ignore[arg-type]


def test_huge_transparent_rotated_png_is_shrunk_and_turned(tmp_path: Path) -> None:
    arr = np.zeros((3000, 6000, 4), np.uint8)
    arr[..., 3] = 255
    arr[:, 3000:, 3] = 0  # right half transparent: white foam
    exif = Image.Exif()
    exif[0x0112] = 8  # rotate 90° counter-clockwise to view: the right half goes on top
    data = encode(Image.fromarray(arr, "RGBA"), "PNG", exif=exif.tobytes(), compress_level=1)
    loaded = load_photo(data)
    assert loaded.input_size == (3000, 6000)
    assert loaded.pixels.shape[:2] == (WORK_SIDE, WORK_SIDE // 2)
    top, bottom = loaded.pixels[: WORK_SIDE // 2 - 8], loaded.pixels[WORK_SIDE // 2 + 8 :]
    assert top.min() == 255 and bottom.max() == 0


def test_damaged_exif_is_ignored_not_fatal() -> None:
    data = bytearray(encode(_halves(), "JPEG", exif=b"Exif\x00\x00MM\x00*\x00\x00\x00\x08\xff\xff"))
    loaded = load_photo(bytes(data))
    assert loaded.pixels.shape == (H, W, 3)


# --- memory: what decoding would cost is known, and bounded, before decoding ------------


def _refused(data: bytes) -> ImageError:
    with pytest.raises(ImageError) as err:
        load_photo(data, name="p")
    return err.value


@pytest.mark.parametrize(
    ("colour_type", "accepted"),
    [(picture_files.GREY, True), (picture_files.PALETTE, True), (picture_files.RGB, False),
     (picture_files.RGBA, False)],
    ids=["grey", "palette", "rgb", "rgba"],
)
def test_the_decode_budget_depends_on_what_a_pixel_costs(colour_type: int,
                                                         accepted: bool) -> None:
    """7000×7000 (49 MP) fits the budget at a byte a pixel; in colour (4 bytes a pixel once
    decoded, ~200 MB) it is refused from the header, before any decoding."""
    data = picture_files.claiming(picture_files.plain_png(16, 16, colour_type), 7000, 7000)
    error = _refused(data)
    if accepted:  # past the budget: decoding starts and finds the pixels cut off
        assert error.code is InputCode.DAMAGED
    else:
        assert error.code is InputCode.TOO_MANY_PIXELS and error.params["kind"] == "PNG"
        assert error.params["width"] == 7000 and error.params["limit_mp"] < 49


def test_a_progressive_jpeg_pays_for_every_coefficient() -> None:
    """libjpeg keeps all DCT coefficients of a progressive JPEG, even decoding at 1/8."""
    img = Image.new("RGB", (64, 48), (90, 120, 150))
    baseline = picture_files.jpeg_claiming(encode(img, "JPEG", subsampling=0), 7000, 6500)
    progressive = picture_files.jpeg_claiming(
        encode(img, "JPEG", progressive=True, subsampling=0), 7000, 6500)
    assert load_photo(baseline).input_size == (7000, 6500)  # decoded at 1/4: cheap
    error = _refused(progressive)
    assert error.code is InputCode.TOO_MANY_PIXELS
    assert error.params["kind"] == "progressive JPEG"


@pytest.mark.parametrize(("size", "limit"), [((16000, 16000), 60), ((4000, 4000), 8)])
def test_a_webp_is_sized_before_libwebp_allocates_its_canvas(size: tuple[int, int],
                                                             limit: int) -> None:
    """Over the 60 MP of any photo, or over what a WebP may have (~16 bytes a pixel)."""
    small = encode(Image.new("RGB", (16, 16), (200, 30, 30)), "WEBP", lossless=True)
    error = _refused(picture_files.webp_claiming(small, *size))
    assert error.code is InputCode.TOO_MANY_PIXELS and error.params["limit_mp"] == limit
    assert load_photo(picture_files.webp_claiming(small, 1000, 1000)).input_size == (1000, 1000)


def test_pillows_own_bomb_refusal_becomes_ours() -> None:
    error = _refused(picture_files.claiming(picture_files.plain_png(16, 16), 20000, 20000))
    assert error.code is InputCode.TOO_MANY_PIXELS and error.params["megapixels"] == 400


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_matches_pillows_transpose(orientation: int) -> None:
    rng = np.random.default_rng(orientation)
    arr = rng.integers(0, 255, (30, 50), dtype=np.uint8)
    exif = Image.Exif()
    exif[0x0112] = orientation
    data = encode(Image.fromarray(arr), "PNG", exif=exif.tobytes())
    expected = np.asarray(ImageOps.exif_transpose(Image.open(io.BytesIO(data))))
    loaded = load_photo(data)
    assert np.array_equal(loaded.pixels, expected)
    assert loaded.input_size == (expected.shape[1], expected.shape[0])


def test_strips_shrink_like_one_piece_with_no_seams() -> None:
    """A large picture converted and shrunk a strip at a time equals shrinking it whole."""
    x, y = np.arange(2600, dtype=np.uint16), np.arange(2563, dtype=np.uint16)[:, None]
    arr = np.dstack(np.broadcast_arrays((x * 255 // 2600).astype(np.uint8),
                                        (y * 255 // 2563).astype(np.uint8),
                                        ((x + y) % 256).astype(np.uint8)))
    loaded = load_photo(encode(Image.fromarray(arr), "PNG", compress_level=1))
    # The whole picture box-averaged 2×2 (the odd last row dropped), then shrunk to 1280
    # wide: what the loader does, in one piece.
    boxes = arr[:2562, :, ::-1].reshape(1281, 2, 1300, 2, 3).sum(axis=(1, 3), dtype=np.uint16)
    whole = cv2.resize(((boxes + 2) // 4).astype(np.uint8), (1280, 1261),
                       interpolation=cv2.INTER_AREA)
    assert loaded.pixels.shape == (1261, 1280, 3)
    assert np.abs(loaded.pixels.astype(int) - whole).max() <= 1


def test_large_16_bit_grey_is_shrunk_and_scaled_to_8_bits() -> None:
    ramp = np.tile(np.linspace(0, 65535, 3000).astype(np.uint16), (2600, 1))
    loaded = load_photo(encode(Image.fromarray(ramp), "PNG", compress_level=1))
    assert loaded.pixels.dtype == np.uint8 and loaded.pixels.shape == (1109, 1280)
    assert loaded.pixels[:, 0].max() <= 1 and loaded.pixels[:, -1].min() >= 254
    assert abs(int(loaded.pixels[500, 640]) - 128) <= 2


def test_large_transparent_palette_image_is_white_where_clear() -> None:
    arr = np.zeros((2700, 2700), np.uint8)
    arr[:, 1350:] = 1
    img = Image.fromarray(arr, "P")
    img.putpalette([200, 20, 20, 0, 0, 0] + [0] * 762)
    loaded = load_photo(encode(img, "PNG", transparency=1))
    left, right = loaded.pixels[:, :600], loaded.pixels[:, 700:]
    assert np.abs(left.astype(int) - (20, 20, 200)).max() <= 1 and right.min() == 255


def test_large_16_bit_arrays_are_shrunk_before_conversion() -> None:
    frame = np.full((3000, 4000, 3), 65535, np.uint16)
    frame[:, :2000] = 0
    px = load_photo(frame).pixels
    assert px.shape == (960, 1280, 3) and px.dtype == np.uint8
    assert px[:, :600].max() == 0 and px[:, 700:].min() == 255
