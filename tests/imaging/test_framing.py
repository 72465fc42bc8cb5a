"""Framing: the customer's face is found and fills the circle; no face is never an error."""

from __future__ import annotations

import numpy as np
import pytest

from kiosk.imaging import FaceBox, RenderSettings, render_portrait
from kiosk.imaging.framing import (
    CropBox,
    crop_for_face,
    detect_faces,
    extract_crop,
    main_face,
)

NO_PREVIEW = RenderSettings(preview_px=0)
# The face in skimage's astronaut picture, measured by eye: x 180..275, y 70..190.
ASTRONAUT_FACE_CENTRE = (226.0, 125.0)


def test_crop_for_face_exact_geometry() -> None:
    crop = crop_for_face(FaceBox(40, 40, 20, 20), 100, 100, face_fill=0.5, face_drop=0.1)
    # side = 20 / 0.5 = 40; centre x 50; face centre 50 sits 0.1 × 40 = 4 below crop centre.
    assert crop == CropBox(30.0, 26.0, 40.0)


def test_crop_without_face_is_the_largest_centred_square() -> None:
    crop = crop_for_face(None, 640, 480)
    assert crop.side == 480 and crop.x == 80 and crop.y == 0
    tall = crop_for_face(None, 300, 500)
    assert tall.side == 300 and tall.x == 0 and 0 <= tall.y < 100  # nudged up, not off


def test_extract_crop_pads_outside_the_photo_by_repeating_its_edge() -> None:
    img = np.arange(16, dtype=np.uint8).reshape(4, 4) * 10
    out, valid = extract_crop(img, CropBox(-2, 0, 4), 4)
    assert out[:, :2].tolist() == [[0, 0], [40, 40], [80, 80], [120, 120]]
    assert out[:, 2:].tolist() == img[:, :2].tolist()
    assert valid[:, :2].sum() == 0 and valid[:, 2:].min() == 1


def test_extract_crop_entirely_off_the_photo_is_blank() -> None:
    out, valid = extract_crop(np.zeros((10, 10, 3), np.uint8), CropBox(50, 50, 5), 8)
    assert out.shape == (8, 8, 3) and out.min() == 255 and valid.max() == 0


def test_main_face_prefers_large_and_central() -> None:
    small_centre = FaceBox(290, 210, 60, 60)
    big_corner = FaceBox(0, 0, 80, 80)
    big_centre = FaceBox(270, 190, 100, 100)
    assert main_face([big_corner, big_centre, small_centre], 640, 480) == big_centre
    assert main_face([], 640, 480) is None
    # A much bigger face near the edge still beats a tiny one in the middle.
    assert main_face([FaceBox(0, 100, 200, 200), FaceBox(310, 230, 20, 20)], 640, 480).w == 200


def test_the_astronaut_face_is_found(astronaut_bgr: np.ndarray) -> None:
    faces = detect_faces(astronaut_bgr)
    assert faces, "no face found in a clear frontal portrait"
    cx, cy = main_face(faces, 512, 512).centre
    assert abs(cx - ASTRONAUT_FACE_CENTRE[0]) < 25 and abs(cy - ASTRONAUT_FACE_CENTRE[1]) < 25


def _check_framed(result, face_centre: tuple[float, float]) -> None:
    assert result.face_found
    face, crop = result.face_box, result.crop_box
    # Face box inside the crop, and the face centre near the crop centre (slightly below).
    assert crop.x <= face.x and face.x + face.w <= crop.x + crop.side
    assert crop.y <= face.y and face.y + face.h <= crop.y + crop.side
    ccx, ccy = crop.x + crop.side / 2, crop.y + crop.side / 2
    fx, fy = face.centre
    assert abs(fx - ccx) < 0.05 * crop.side
    assert 0 <= fy - ccy < 0.15 * crop.side
    # The face fills the circle: about half the crop's width.
    assert 0.4 < face.w / crop.side < 0.65
    assert abs(fx - face_centre[0]) < 25 and abs(fy - face_centre[1]) < 25


def test_astronaut_photo_is_framed_on_the_face(astronaut_bgr: np.ndarray) -> None:
    _check_framed(render_portrait(astronaut_bgr, NO_PREVIEW), ASTRONAUT_FACE_CENTRE)


def test_face_off_centre_in_a_camera_frame_is_framed(camera_frame: np.ndarray) -> None:
    # The astronaut is pasted at x 120.., scaled 448/512.
    k = 448 / 512
    centre = (120 + ASTRONAUT_FACE_CENTRE[0] * k, ASTRONAUT_FACE_CENTRE[1] * k)
    result = render_portrait(camera_frame, NO_PREVIEW)
    _check_framed(result, centre)
    assert result.input_size == (640, 480)


def test_face_near_the_edge_gets_a_crop_padded_with_foam(astronaut_bgr: np.ndarray) -> None:
    # Cut the photo just under the chin and left of the face: the crop must reach outside.
    cut = np.ascontiguousarray(astronaut_bgr[60:230, 150:])
    result = render_portrait(cut, NO_PREVIEW)
    assert result.face_found
    crop = result.crop_box
    assert crop.y + crop.side > cut.shape[0] or crop.x < 0
    assert not result.mask.dots[~result.mask.circle].any()


@pytest.mark.parametrize(
    "photo",
    [
        np.full((300, 400, 3), 128, np.uint8),
        np.random.default_rng(5).integers(0, 255, (480, 640, 3), dtype=np.uint8),
        np.tile(np.linspace(0, 255, 640, dtype=np.uint8), (480, 1)),
    ],
    ids=["flat", "noise", "ramp"],
)
def test_no_face_gives_a_centred_crop_and_a_flag(photo: np.ndarray) -> None:
    result = render_portrait(photo, NO_PREVIEW)
    assert result.face_found is False and result.face_box is None
    h, w = photo.shape[:2]
    assert result.crop_box.side == min(h, w)
    assert abs(result.crop_box.x + result.crop_box.side / 2 - w / 2) <= 1


def test_face_hint_skips_detection_and_is_used(camera_frame: np.ndarray) -> None:
    hint = FaceBox(300, 100, 120, 120)
    result = render_portrait(camera_frame, NO_PREVIEW, face_hint=hint)
    assert "detect" not in result.timings_ms
    assert result.face_found and result.face_box == pytest.approx(hint)
    assert result.crop_box.side == pytest.approx(120 / NO_PREVIEW.face_fill)


def test_face_hint_is_in_original_pixels_for_big_photos(astronaut_bgr: np.ndarray) -> None:
    import cv2

    big = cv2.resize(astronaut_bgr, (2560, 2560))  # loaded at half size internally
    first = render_portrait(big, NO_PREVIEW)
    assert first.face_found and first.input_size == (2560, 2560)
    fx, fy = first.face_box.centre
    assert abs(fx - 5 * ASTRONAUT_FACE_CENTRE[0]) < 100
    assert abs(fy - 5 * ASTRONAUT_FACE_CENTRE[1]) < 100
    again = render_portrait(big, NO_PREVIEW, face_hint=first.face_box)
    assert again.crop_box == pytest.approx(first.crop_box)
    assert again.mask == first.mask


def test_small_face_in_a_big_photo_is_found(astronaut_bgr: np.ndarray) -> None:
    import cv2

    canvas = np.full((1200, 1600, 3), 90, np.uint8)
    canvas[300:900, 700:1300] = cv2.resize(astronaut_bgr, (600, 600))
    result = render_portrait(canvas, NO_PREVIEW)
    k = 600 / 512
    _check_framed(result, (700 + ASTRONAUT_FACE_CENTRE[0] * k, 300 + ASTRONAUT_FACE_CENTRE[1] * k))


def test_renders_from_two_threads_match_serial_ones(camera_frame: np.ndarray,
                                                    astronaut_bgr: np.ndarray) -> None:
    from concurrent.futures import ThreadPoolExecutor

    photos = [camera_frame, astronaut_bgr] * 3
    serial = [render_portrait(p, NO_PREVIEW) for p in photos]
    with ThreadPoolExecutor(2) as pool:
        parallel = list(pool.map(lambda p: render_portrait(p, NO_PREVIEW), photos))
    for a, b in zip(serial, parallel, strict=True):
        assert a.face_box == b.face_box and a.mask == b.mask


def _thumbnail(source: str, side: int, resample: int, fmt: str, how: str = "thumbnail") -> bytes:
    """The demo photo (``demo``) or skimage's original (``sk``) shrunk to ``side`` px with
    Pillow's ``thumbnail`` (reducing in steps) or a plain ``resize``."""
    import io
    from pathlib import Path

    from PIL import Image
    from skimage import data

    if source == "demo":
        img = Image.open(Path(__file__).resolve().parents[2] / "assets" / "demo" / "astronaut.jpg")
    else:
        img = Image.fromarray(data.astronaut())
    img = img.convert("RGB")
    if how == "resize":
        img = img.resize((side, side), resample)
    else:
        img.thumbnail((side, side), resample)
    buf = io.BytesIO()
    img.save(buf, fmt)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("source", "side", "resample", "fmt", "how"),
    [("demo", 64, 3, "JPEG", "resize"), ("demo", 96, 3, "JPEG", "thumbnail"),
     ("sk", 96, 2, "JPEG", "thumbnail"), ("sk", 72, 4, "JPEG", "thumbnail"),
     ("sk", 112, 0, "PNG", "thumbnail")],
)
def test_a_tiny_thumbnail_gets_no_made_up_close_up_face(source: str, side: int, resample: int,
                                                       fmt: str, how: str) -> None:
    """Thumbnails whose real face is 12-25 px, too small to see: the close-up search used
    to report a face filling the photo (e.g. [0, -10, 53, 53] at 64 px) and the print
    framed the wrong thing. No face is the honest answer: a centred crop, flagged."""
    result = render_portrait(_thumbnail(source, side, resample, fmt, how), NO_PREVIEW)
    assert not result.face_found and result.face_box is None, result.face_box
    assert result.crop_box.as_list() == [0, 0, side, side]


def test_a_small_real_face_in_a_thumbnail_is_still_found() -> None:
    """At 112 px the face is 21 px, big enough to see: it is found where it is."""
    result = render_portrait(_thumbnail("demo", 112, 4, "PNG"), NO_PREVIEW)
    assert result.face_found and result.face_box is not None
    cx, cy = result.face_box.centre
    k = 112 / 512
    assert abs(cx - ASTRONAUT_FACE_CENTRE[0] * k) < 6 and abs(cy - ASTRONAUT_FACE_CENTRE[1] * k) < 6


@pytest.mark.parametrize("crop", [(75, 175, 180, 270), (60, 190, 170, 280)])
@pytest.mark.parametrize("zoom", [0.5, 1.0, 2.0])
def test_a_real_close_up_is_still_found_at_any_size(astronaut_bgr: np.ndarray,
                                                    crop: tuple[int, ...], zoom: float) -> None:
    """The check that drops made-up close-ups keeps real ones, small or large."""
    import cv2

    y0, y1, x0, x1 = crop
    photo = cv2.resize(np.ascontiguousarray(astronaut_bgr[y0:y1, x0:x1]), None, fx=zoom, fy=zoom)
    faces = detect_faces(photo)
    assert len(faces) == 1
    h, w = photo.shape[:2]
    assert faces[0].w > 0.8 * min(h, w)
