"""``photolatte render`` and ``photolatte print`` judge a picture file the same way.

One table of bad files runs through both commands: each is refused with exit 2 and one
line that names the file and says what to do, the same words on both (only what each wants
instead differs), and ``print --json`` carries the code. Neither hangs on a pipe, reads
``/dev/zero``, prints a traceback for a decompression bomb, or renders a mask as a photo;
a photo that prints nothing gets the same warning from both, in words and in ``--json``.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
import picture_files
import pytest
from PIL import Image

from kiosk.cli import main
from printer_driver.mask import Mask

Maker = Callable[[Path], str]


def _write(name: str, data: bytes) -> Maker:
    def make(folder: Path) -> str:
        (folder / name).write_bytes(data)
        return str(folder / name)
    return make


def _fifo(folder: Path) -> str:
    os.mkfifo(folder / "photo.jpg")
    return str(folder / "photo.jpg")


def _sparse(folder: Path) -> str:
    with open(folder / "huge.jpg", "wb") as f:
        f.truncate(1 << 30)
    return str(folder / "huge.jpg")


def _folder(folder: Path) -> str:
    (folder / "album").mkdir()
    return str(folder / "album")


def _jpeg_cut_off() -> bytes:
    img = Image.fromarray(np.random.default_rng(2).integers(0, 255, (64, 64, 3), np.uint8))
    return picture_files.encode(img, "JPEG")[:400]


# (case, file maker, code, words the line must hold)
BAD_FILES: list[tuple[str, Maker, str, str]] = [
    ("pipe", _fifo, "not_a_file", "is a pipe, not a picture"),
    ("device", lambda folder: "/dev/zero", "not_a_file", "is a device, not a picture"),
    ("folder", _folder, "not_a_file", "is a folder, not a picture"),
    ("1 GiB", _sparse, "too_large", "the file is 1073.7 MB, larger than the 50 MB"),
    ("missing", lambda folder: str(folder / "nope.png"), "no_such_file", "no such file"),
    ("empty", _write("e.jpg", b""), "empty", "the file is empty"),
    ("text", _write("notes.png", b"hello"), "not_a_picture", "use JPEG, PNG, WebP"),
    ("palette bomb", _write("pal.png", picture_files.claiming(
        picture_files.plain_png(16, 16, picture_files.PALETTE), 20000, 20000)),
     "too_many_pixels", "400 megapixels, too large"),
    ("grey bomb", _write("grey.png", picture_files.claiming(picture_files.plain_png(16, 16),
                                                            30000, 30000)),
     "too_many_pixels", "900 megapixels, too large"),
    ("rgba over budget", _write("rgba.png", picture_files.claiming(
        picture_files.plain_png(16, 16, picture_files.RGBA), 7000, 7000)),
     "too_many_pixels", "7000×7000 pixels, too large"),
    ("cut-off jpeg", _write("cut.jpg", _jpeg_cut_off()), "damaged", "(cut off)"),
    ("grey mask", _write("grey-mask.png", picture_files.mask_saved_as(
        picture_files.sample_mask(), "L")), "mask_damaged", "saved as greyscale pixels"),
    ("huge mask", _write("huge-mask.png", picture_files.claiming(
        picture_files.sample_mask().to_png_bytes(), 20000, 20000)),
     "mask_damaged", "20000×20000 pixels, but its mask data says 254×254"),
]


def _run(argv: list[str], seconds: float = 60.0) -> int:
    """``main(argv)``, failing the test instead of hanging if it blocks."""
    result: dict[str, object] = {}
    done = threading.Event()

    def run() -> None:
        try:
            result["code"] = main(argv)
        except BaseException as exc:
            result["error"] = exc
        finally:
            done.set()

    threading.Thread(target=run, daemon=True).start()
    assert done.wait(seconds), f"photolatte {' '.join(argv)} still running after {seconds} s"
    if "error" in result:
        raise result["error"]  # type: ignore[misc]
    return int(result["code"])  # type: ignore[call-overload]


@pytest.mark.parametrize(("make", "code", "words"), [c[1:] for c in BAD_FILES],
                         ids=[c[0] for c in BAD_FILES])
def test_a_bad_file_gets_the_same_one_line_from_render_and_print(
        tmp_path: Path, capsys, make: Maker, code: str, words: str) -> None:
    path = make(tmp_path)
    out = tmp_path / "mask.png"
    assert _run(["render", path, "-o", str(out)]) == 2
    render = capsys.readouterr()
    assert _run(["print", path, "--port", "sim://never-opened", "--json"]) == 2
    printed = capsys.readouterr()
    render_line = render.err.removeprefix("photolatte render: ").rstrip("\n")
    print_line = printed.err.removeprefix("photolatte: ").rstrip("\n")
    assert "\n" not in render_line and "\n" not in print_line, (render.err, printed.err)
    assert path in render_line and words in render_line
    assert render_line == print_line.replace("a mask PNG or a photo file", "a photo file")
    assert json.loads(printed.out)["error"] == code
    assert not out.exists()


def test_a_mask_file_is_printed_but_not_rendered_as_a_photo(tmp_path: Path, capsys) -> None:
    mask = picture_files.sample_mask(5)
    path = tmp_path / "mask.png"
    mask.save_png(path)
    assert _run(["render", str(path), "-o", str(tmp_path / "again.png")]) == 2
    assert capsys.readouterr().err == (
        f"photolatte render: {path} is already a mask, not a photo: print it with "
        f"'photolatte print {path}', or render the photo it came from\n")
    assert _run(["print", str(path), "--port", "sim://parity-mask?speed=200", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["rows_printed"] == mask.size


def test_a_flat_photo_warns_the_same_on_both_commands(tmp_path: Path, capsys) -> None:
    grey = tmp_path / "grey.png"
    cv2.imwrite(str(grey), np.full((480, 640, 3), 128, np.uint8))
    warning = "the photo has no contrast: nothing to print; try another photo"
    expected = [{"warning": "nothing_to_print", "params": {"kind": "photo"},
                 "message": warning}]
    assert _run(["render", str(grey), "-o", str(tmp_path / "m.png"), "--json"]) == 0
    render = capsys.readouterr()
    assert _run(["print", str(grey), "--port", "sim://parity-flat?speed=200", "--json"]) == 0
    printed = capsys.readouterr()
    assert json.loads(render.out)["warnings"] == expected
    assert json.loads(printed.out)["warnings"] == expected
    assert render.err == f"photolatte render: warning: {warning}\n"
    assert f"photolatte: warning: {warning}\n" in printed.err
    assert printed.err.index("warning") < printed.err.index("Sending")  # said before sending


def test_an_empty_mask_warns_before_printing(tmp_path: Path, capsys) -> None:
    path = tmp_path / "blank.png"
    Mask.blank().save_png(path)
    assert _run(["print", str(path), "--port", "sim://parity-blank?speed=200", "--json"]) == 0
    printed = capsys.readouterr()
    assert json.loads(printed.out)["warnings"][0]["params"] == {"kind": "mask"}
    assert "photolatte: warning: the mask has no dots: nothing to print" in printed.err
