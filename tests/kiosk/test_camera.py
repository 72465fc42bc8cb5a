"""Camera sources: --camera parsing, the demo source, files and folders, an unplugged camera."""

from __future__ import annotations

import itertools
import os
import time

import cv2
import numpy as np
import pytest

from kiosk.camera.reader import (
    CameraError,
    DemoCamera,
    ImageFolder,
    OpenCVDevice,
    VideoFile,
    open_camera,
    parse_camera_spec,
)

COLOURS = [(0, 0, 255), (0, 255, 0), (255, 0, 0), (0, 255, 255), (255, 255, 255)]


@pytest.fixture
def video(tmp_path):
    """A 5-frame MJPG AVI, each frame a flat distinct colour, 64×48 at 10 fps."""
    path = tmp_path / "clip.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 10.0, (64, 48))
    assert writer.isOpened()
    for colour in COLOURS:
        writer.write(np.full((48, 64, 3), colour, np.uint8))
    writer.release()
    return path


@pytest.fixture
def pictures(tmp_path):
    folder = tmp_path / "pics"
    folder.mkdir()
    cv2.imwrite(str(folder / "a.png"), np.full((30, 40, 3), 10, np.uint8))
    cv2.imwrite(str(folder / "b.jpg"), np.full((30, 40, 3), 200, np.uint8))
    (folder / "notes.txt").write_text("not a picture")
    return folder


def _dominant(frame: np.ndarray) -> tuple[int, int, int]:
    return tuple(round(v / 255.0) * 255 for v in frame.reshape(-1, 3).mean(0))


# --- parsing -------------------------------------------------------------------------------

def test_camera_spec_parsing(tmp_path, video, pictures) -> None:
    assert parse_camera_spec("demo").kind == "demo"
    assert parse_camera_spec(" Demo ").kind == "demo"
    assert parse_camera_spec("0").target == 0 and parse_camera_spec(2).kind == "device"
    assert parse_camera_spec("/dev/video7").target == "/dev/video7"
    assert parse_camera_spec(str(video)).kind == "video"
    assert parse_camera_spec(str(pictures)).kind == "folder"
    assert parse_camera_spec(str(pictures / "a.png")).kind == "image"
    assert isinstance(open_camera("demo"), DemoCamera)
    assert isinstance(open_camera("1"), OpenCVDevice)
    assert isinstance(open_camera(str(video)), VideoFile)
    assert isinstance(open_camera(str(pictures)), ImageFolder)
    assert isinstance(open_camera(str(pictures / "b.jpg")), ImageFolder)


@pytest.mark.parametrize("spec", ["", "webcam", "/tmp/definitely/not/here.avi"])
def test_unknown_specs_say_what_is_accepted(spec) -> None:
    with pytest.raises(CameraError, match=r"demo.*camera number.*/dev/video0"):
        parse_camera_spec(spec)


# --- demo ----------------------------------------------------------------------------------

def test_demo_frames_look_like_live_video() -> None:
    cam = DemoCamera(seed=3)
    cam.open()
    frames = [cam.read() for _ in range(5)]
    cam.close()
    for f in frames:
        assert f.shape == (480, 640, 3) and f.dtype == np.uint8
        assert 40 < f.mean() < 220 and f.std() > 20  # a picture, not a flat field
    diffs = [np.abs(a.astype(int) - b).mean() for a, b in itertools.pairwise(frames)]
    assert all(d > 0.5 for d in diffs)  # every frame differs (noise, drift)
    assert max(diffs) < 20  # ... but only a little: it is the same scene


def test_demo_is_deterministic_per_seed_and_does_not_sleep(monkeypatch) -> None:
    def no_sleep(_):
        raise AssertionError("DemoCamera.read slept")

    monkeypatch.setattr(time, "sleep", no_sleep)
    a, b, c = DemoCamera(seed=1), DemoCamera(seed=1), DemoCamera(seed=2)
    for cam in (a, b, c):
        cam.open()
    fa = [a.read() for _ in range(3)]
    fb = [b.read() for _ in range(3)]
    assert all(np.array_equal(x, y) for x, y in zip(fa, fb, strict=True))
    assert np.array_equal(a.frame_at(1), fa[1])
    assert not np.array_equal(c.read(), fa[0])


def test_demo_uses_the_given_photo_or_draws_a_face(tmp_path) -> None:
    photo = tmp_path / "p.png"
    cv2.imwrite(str(photo), np.full((300, 300, 3), (30, 160, 30), np.uint8))
    cam = DemoCamera(photo=photo, noise_sigma=0)
    cam.open()
    assert cam.using_photo and _dominant(cam.read()) == (0, 255, 0)
    drawn = DemoCamera(photo=tmp_path / "missing.jpg")
    drawn.open()
    assert not drawn.using_photo and drawn.read().std() > 20


def test_demo_read_before_open_is_a_camera_error() -> None:
    with pytest.raises(CameraError, match="not open"):
        DemoCamera().read()


# --- files ---------------------------------------------------------------------------------

def test_video_file_plays_and_loops(video) -> None:
    src = open_camera(str(video))
    src.open()
    try:
        assert src.fps == pytest.approx(10.0)
        seen = [_dominant(src.read()) for _ in range(12)]
    finally:
        src.close()
    expected = [COLOURS[i % 5] for i in range(12)]
    assert seen == expected


def test_unreadable_video_is_a_clear_error(tmp_path) -> None:
    bad = tmp_path / "broken.mp4"
    bad.write_bytes(b"\x00" * 1000)
    with pytest.raises(CameraError, match=r"Cannot play .*MJPG"):
        open_camera(str(bad)).open()


def test_image_folder_cycles_pictures_and_skips_others(pictures) -> None:
    src = ImageFolder(pictures, fps=10, hold_seconds=0.2)  # 2 frames per picture
    src.open()
    levels = [int(src.read().mean()) for _ in range(6)]
    assert levels[:2] == [10, 10] and levels[2:4] == [200, 200] and levels[4] == 10
    frame = src.read()  # 7th read: picture b again
    frame[:] = 0  # callers may draw on their frame; the source is not affected
    assert int(src.read().mean()) == 200


def test_image_folder_skips_an_unreadable_picture(pictures) -> None:
    (pictures / "0-broken.png").write_bytes(b"not a png")
    src = ImageFolder(pictures, hold_seconds=0.1, fps=10)
    src.open()
    assert int(src.read().mean()) in (10, 200)


def test_empty_or_all_broken_folder_says_what_to_do(tmp_path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(CameraError, match=r"No pictures in .*add \.jpg or \.png"):
        ImageFolder(empty).open()
    (empty / "x.png").write_bytes(b"junk")
    src = ImageFolder(empty)
    src.open()
    with pytest.raises(CameraError, match="None of the pictures"):
        src.read()


def test_a_picture_swapped_for_a_pipe_is_skipped_not_waited_on(tmp_path) -> None:
    """Pictures are read by the imaging core's loader: a pipe is refused from its stat."""
    cv2.imwrite(str(tmp_path / "a.png"), np.full((48, 64, 3), 200, np.uint8))
    cv2.imwrite(str(tmp_path / "b.png"), np.full((48, 64, 3), 40, np.uint8))
    src = ImageFolder(tmp_path, fps=10, hold_seconds=0.1)  # one frame per picture
    src.open()
    (tmp_path / "a.png").unlink()
    os.mkfifo(tmp_path / "a.png")  # nobody will ever write to it
    frames = [src.read() for _ in range(3)]
    assert [int(f.mean()) for f in frames] == [40, 40, 40]


def test_big_pictures_are_shrunk_to_camera_size(tmp_path) -> None:
    cv2.imwrite(str(tmp_path / "big.png"), np.zeros((2000, 3000, 3), np.uint8))
    src = open_camera(str(tmp_path / "big.png"))
    src.open()
    height, width, channels = src.read().shape
    # Read by the imaging core's loader first (at most 1280 wide): rounding twice may cost
    # the height one row.
    assert (width, channels) == (640, 3) and abs(height - 427) <= 1


# --- a real camera device --------------------------------------------------------------------

def test_missing_device_path_says_check_the_cable() -> None:
    with pytest.raises(CameraError,
                       match="No camera at /dev/video99: check the cable, then press Retry"):
        OpenCVDevice("/dev/video99").open()


def test_device_that_will_not_open(monkeypatch) -> None:
    class Closed:
        def isOpened(self) -> bool:
            return False

        def release(self) -> None:
            pass

    with pytest.raises(CameraError, match="No camera at camera 3: check the cable"):
        OpenCVDevice(3, capture_factory=lambda _: Closed()).open()


def test_unplugged_device_raises_camera_error(video) -> None:
    # OpenCV's own capture on a finite stream: after its last frame, read() fails for good,
    # exactly as when a USB camera is pulled out.
    dev = OpenCVDevice(0, capture_factory=lambda _: cv2.VideoCapture(str(video)))
    dev.open()
    frames = [dev.read() for _ in range(5)]
    assert all(f is not None and f.shape == (48, 64, 3) for f in frames)
    assert dev.read() is None and dev.read() is None  # a dropped frame or two is tolerated
    with pytest.raises(CameraError, match="stopped sending pictures: check the cable"):
        dev.read()
    dev.close()
    dev.close()  # twice is fine


def test_grey_device_frames_become_bgr() -> None:
    class Grey:
        def isOpened(self):
            return True

        def set(self, *a):
            return True

        def read(self):
            return True, np.full((48, 64), 90, np.uint8)

        def release(self):
            pass

    dev = OpenCVDevice(0, capture_factory=lambda _: Grey())
    dev.open()
    assert dev.read().shape == (48, 64, 3)


@pytest.mark.parametrize("photo", [None, "missing.jpg"], ids=["astronaut", "drawn"])
def test_demo_frames_centre_the_face_like_a_customer_at_the_kiosk(tmp_path, photo) -> None:
    from kiosk.camera.demo import _largest_face

    cam = DemoCamera(photo=None if photo is None else tmp_path / photo)
    cam.open()
    for i in (0, 40, 95):
        face = _largest_face(cam.frame_at(i))
        assert face is not None, i
        x, y, w, h = face
        assert 0.2 * 640 < w < 0.5 * 640
        assert abs(x + w / 2 - 320) < 80 and abs(y + h / 2 - 240) < 80
