"""Everyone who walks in: groups framed together or one face picked, tilted heads, profiles,
close-ups that keep forehead and chin, borders that print nothing, false faces refused."""

from __future__ import annotations

import math
from dataclasses import replace

import cv2
import numpy as np
import pytest
from robust_cases import astronaut, tilted
from synthetic_faces import Face, group, scene

from kiosk.imaging import FaceBox, PortraitResult, RenderSettings, render_portrait
from kiosk.imaging.borders import content_box
from kiosk.imaging.detection import _refuse_parts_of_a_close_up, detect_faces, grey_of, look
from kiosk.imaging.faces import choose_faces
from kiosk.imaging.framing import FACE_OVAL, crop_for_face

NO_PREVIEW = RenderSettings(preview_px=0)


def _in_circle(result: PortraitResult, x: float, y: float, slack: float = 0.0) -> bool:
    """Whether photo point ``(x, y)`` lies inside the printed circle."""
    c = result.crop_box
    r = c.side / 2
    return math.hypot(x - (c.x + r), y - (c.y + r)) <= r * (1 + slack)


def _matches(found: FaceBox, face: Face) -> bool:
    cx, cy = found.centre
    return math.hypot(cx - face.cx, cy - face.cy) < 0.35 * face.w


@pytest.mark.parametrize("n", [2, 3])
def test_a_couple_or_a_family_is_framed_together(n: int) -> None:
    photo, faces = group(n, seed=n)
    result = render_portrait(photo, NO_PREVIEW)
    assert len(result.faces) == n
    assert len(result.framed) == n, "auto frames everyone posing when they are 2 or 3"
    for face in faces:
        assert any(_matches(f, face) for f in result.framed)
        # Each whole face (forehead to chin, cheek to cheek) is on the cup.
        for du, dv in ((-0.45, 0.1), (0.45, 0.1), (0, -0.5), (0, 0.75)):
            assert _in_circle(result, face.cx + du * face.w, face.cy + dv * face.w)
    # As large as the circle allows: the circle is not much wider than the group.
    span = max(f.cx for f in faces) - min(f.cx for f in faces) + 1.3 * max(f.w for f in faces)
    assert result.crop_box.side < 1.2 * span


def test_just_me_frames_the_face_that_was_tapped() -> None:
    photo, faces = group(3, seed=3)
    everyone = render_portrait(photo, NO_PREVIEW)
    for index in range(3):
        me = render_portrait(photo, replace(NO_PREVIEW, faces=index),
                             face_hint=everyone.faces)
        assert me.framed == (everyone.faces[index],)
        assert _matches(me.framed[0], faces[index])
        assert me.crop_box.side < 0.6 * everyone.crop_box.side  # larger on the cup


def test_a_crowd_frames_the_main_face_until_one_is_tapped() -> None:
    photo, _ = group(5, seed=5, width=1200, face_w=140)
    result = render_portrait(photo, NO_PREVIEW)
    assert len(result.faces) == 5 and len(result.framed) == 1
    everyone = render_portrait(photo, replace(NO_PREVIEW, faces="all"),
                               face_hint=result.faces)
    assert len(everyone.framed) == 5


def test_choose_faces_words_and_numbers() -> None:
    big, small, other = FaceBox(300, 200, 100, 100), FaceBox(10, 10, 40, 40), FaceBox(
        500, 210, 90, 90)
    assert choose_faces([big, small], "auto", 640, 480) == (big,)  # a bystander stays out
    assert choose_faces([big, other], "auto", 640, 480) == (big, other)
    assert choose_faces([big, small], "all", 640, 480) == (big, small)
    assert choose_faces([small, big], "largest", 640, 480) == (big,)
    assert choose_faces([small, big], 0, 640, 480) == (small,)
    assert choose_faces([small, big], 7, 640, 480) == (big,)  # gone from a new photo: auto
    assert choose_faces([], "all", 640, 480) == ()
    with pytest.raises(ValueError, match="faces must be"):
        RenderSettings(faces="everyone")
    with pytest.raises(ValueError, match="faces must be"):
        RenderSettings(faces=-1)


@pytest.mark.parametrize("tilt", [-35, -28, 28, 35])
def test_a_head_tilted_up_to_35_degrees_is_found_and_framed(tilt: int) -> None:
    photo, (cx, cy, w) = tilted(tilt)
    result = render_portrait(photo, NO_PREVIEW)
    assert result.face_box is not None, f"tilt {tilt}: no face"
    fx, fy = result.face_box.centre
    assert math.hypot(fx - cx, fy - cy) < w / 3
    assert abs(result.face_box.angle - tilt) <= 20
    face = result.face_box
    for du, dv in ((0, -0.5), (0, 0.7), (-0.45, 0.1), (0.45, 0.1)):  # forehead, chin, cheeks
        assert _in_circle(result, *face.along_head(du, dv))


@pytest.mark.parametrize("tilt", [-35, 35])
def test_a_tilted_synthetic_face_is_found(tilt: int) -> None:
    face = Face(320, 220, 130, 0.3, tilt=tilt)
    found = detect_faces(scene([face]))
    assert len(found) == 1 and _matches(found[0], face)


@pytest.mark.parametrize("lean", [-30, -25, 25, 30])
def test_someone_leaning_beside_an_upright_face_is_found(lean: int) -> None:
    """A couple: one stands upright, the other leans in by 25-30°. The upright face alone
    would end the search; the leaning head's weak upright look sends it on to the turned
    looks, so both are framed."""
    faces = [Face(220, 220, 120, 0.3), Face(430, 230, 115, 0.25, tilt=lean)]
    found = detect_faces(scene(faces))
    assert len(found) == 2, found
    assert _matches(found[0], faces[0]) and _matches(found[1], faces[1])
    assert found[0].angle == 0 and found[1].angle * lean > 0  # leaning the right way


def test_a_face_in_profile_is_found() -> None:
    """scikit-image's cameraman looks to the photo's right, in profile: the frontal
    cascades do not see him, the mirrored profile look does."""
    from skimage import data

    grey = data.camera()
    assert look(grey, 320) == []  # no frontal face to find
    faces = detect_faces(grey)
    assert len(faces) == 1 and faces[0].kind == "profile" and faces[0].facing == 1
    cx, cy = faces[0].centre
    assert abs(cx - 228) < 30 and abs(cy - 150) < 30  # his face, by eye: x 195-262, y 110-190


def test_a_mirrored_look_reports_boxes_where_the_face_is() -> None:
    grey = grey_of(astronaut())
    (plain,) = look(grey, 320)
    (mirrored,) = look(grey, 320, mirror=True)
    assert abs(plain.centre[0] - mirrored.centre[0]) < 6
    assert abs(plain.centre[1] - mirrored.centre[1]) < 6


def test_a_brow_and_eye_inside_a_close_up_is_not_the_face() -> None:
    """The 150 px selfie that gave a 56 px "face" on a brow and an eye: that box is
    refused in favour of the face that fills the photo, so the whole face is framed."""
    selfie = cv2.resize(np.ascontiguousarray(astronaut()[60:200, 160:290]), (150, 162),
                        interpolation=cv2.INTER_AREA)
    grey = grey_of(selfie)
    brow_and_eye = FaceBox(12, 20, 56, 56)
    kept = _refuse_parts_of_a_close_up(grey, [brow_and_eye], 320)
    assert len(kept) == 1 and kept[0].w > 0.6 * 150, kept
    result = render_portrait(selfie, NO_PREVIEW)
    assert result.face_box is not None and result.face_box.w > 0.6 * 150


@pytest.mark.parametrize("box", [(40, 215, 165, 285), (60, 175, 180, 270)],
                         ids=["hair-to-chin", "forehead-to-lips"])
def test_a_tight_close_up_keeps_forehead_and_chin(box: tuple[int, int, int, int]) -> None:
    """The astronaut's face, measured by eye: forehead at y 70, chin at y 190, cheeks at
    x 180 and 275. Whatever part of that the photo shows is inside the circle."""
    y0, y1, x0, x1 = box
    photo = np.ascontiguousarray(astronaut()[y0:y1, x0:x1])
    result = render_portrait(photo, NO_PREVIEW)
    assert result.face_found
    h, w = photo.shape[:2]
    for x, y in ((226, 70), (226, 190), (180, 135), (275, 135)):
        px, py = min(max(x - x0, 0), w), min(max(y - y0, 0), h)
        assert _in_circle(result, px, py, slack=0.02), (x, y)


def test_a_tilted_close_up_keeps_its_chin_along_the_head() -> None:
    """A head tilted 30° in a photo barely larger than the face: the chin, down the
    head's axis (below and to the right), stays on the cup."""
    face = FaceBox(10, 10, 100, 100, angle=30)
    crop = crop_for_face(face, 120, 140)
    r = crop.side / 2
    down, _, half_h = FACE_OVAL
    chin = face.along_head(0.0, down + half_h)
    assert chin[0] > face.centre[0]  # turned: the chin moves to the right
    assert math.hypot(chin[0] - crop.x - r, min(chin[1], 140) - crop.y - r) <= r * 1.001
    assert crop_for_face(FaceBox(100, 100, 100, 100, angle=30), 1000, 1000) == crop_for_face(
        FaceBox(100, 100, 100, 100), 1000, 1000)  # room enough: framed as upright


@pytest.mark.parametrize(("top", "bottom", "left", "right", "level"), [
    (40, 40, 40, 40, 0), (30, 30, 30, 30, 255), (70, 70, 0, 0, 0), (0, 0, 90, 90, 10)],
    ids=["black-frame", "white-frame", "letterbox", "pillarbox"])
def test_borders_are_set_aside_and_print_nothing(top: int, bottom: int, left: int, right: int,
                                                 level: int) -> None:
    inner = astronaut()
    photo = cv2.copyMakeBorder(inner, top, bottom, left, right, cv2.BORDER_CONSTANT,
                               value=(level, level, level))
    ok, buf = cv2.imencode(".jpg", photo, [cv2.IMWRITE_JPEG_QUALITY, 85])
    assert ok
    result = render_portrait(buf.tobytes(), NO_PREVIEW)
    x0, y0, x1, y1 = result.content_box
    h, w = photo.shape[:2]
    assert abs(x0 - left) <= 3 and abs(y0 - top) <= 3
    assert abs(x1 - (w - right)) <= 3 and abs(y1 - (h - bottom)) <= 3
    # Framed as the photo without the border is, and no powder where the border was.
    plain = render_portrait(inner, NO_PREVIEW)
    assert result.face_box is not None and plain.face_box is not None
    assert abs(result.face_box.centre[0] - left - plain.face_box.centre[0]) < 6
    dots = np.asarray(result.mask.dots)
    n = dots.shape[0]
    crop = result.crop_box
    cols = crop.x + (np.arange(n) + 0.5) * crop.side / n
    rows = crop.y + (np.arange(n) + 0.5) * crop.side / n
    outside = ((cols[None, :] < x0) | (cols[None, :] > x1) | (rows[:, None] < y0)
               | (rows[:, None] > y1))
    assert outside.any() or (crop.x >= x0 and crop.y >= y0)
    assert not dots[outside].any(), "the border printed as powder"


@pytest.mark.parametrize("photo", [
    np.tile(np.linspace(0, 255, 640, dtype=np.uint8), (480, 1)),
    np.full((480, 640), 255, np.uint8),
    cv2.cvtColor(scene([Face(320, 200, 130, 0.3)], wall=0.9), cv2.COLOR_BGR2GRAY),
], ids=["ramp", "white", "light-wall"])
def test_a_gradient_a_blank_or_a_plain_wall_is_no_border(photo: np.ndarray) -> None:
    h, w = photo.shape
    assert content_box(photo) == (0, 0, w, h)
