"""``photolatte render`` from the command line: files, JSON and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from kiosk.cli import main
from printer_driver.mask import Mask

ROOT = Path(__file__).resolve().parents[2]
JSON_KEYS = {"input", "input_size", "face_found", "face_box", "crop_box", "grid_size",
             "dots", "grams", "timings_ms", "mask", "preview", "powders", "diameter_mm",
             "pitch_mm", "style", "dither", "design", "warnings"}


@pytest.fixture()
def photo(tmp_path: Path, astronaut_bgr: np.ndarray) -> Path:
    path = tmp_path / "customer.jpg"
    cv2.imwrite(str(path), astronaut_bgr)
    return path


def test_render_writes_mask_preview_and_json(tmp_path: Path, photo: Path, capsys) -> None:
    out, cup = tmp_path / "mask.png", tmp_path / "cup.png"
    code = main(["render", str(photo), "-o", str(out), "--preview", str(cup), "--json",
                 "--style", "bold", "--powders", "cocoa", "--diameter-mm", "70"])
    assert code == 0
    summary = json.loads(capsys.readouterr().out)
    assert set(summary) >= JSON_KEYS
    assert summary["face_found"] is True and len(summary["face_box"]) == 4
    assert summary["input_size"] == [512, 512] and summary["grid_size"] == 234
    assert summary["powders"] == "cocoa" and summary["style"] == "bold"
    assert summary["dots"]["cinnamon"] == 0 and summary["dots"]["cocoa"] > 0
    assert summary["grams"]["cocoa"] > 0 and summary["timings_ms"]["total"] > 0
    mask = Mask.load_png(out)
    assert mask.dot_counts() == summary["dots"] and mask.diameter_mm == 70
    with Image.open(cup) as img:
        assert img.size == (512, 512) and img.mode == "RGB"


def test_plain_output_is_one_friendly_line(tmp_path: Path, photo: Path, capsys) -> None:
    assert main(["render", str(photo), "-o", str(tmp_path / "m.png")]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and "face found" in out[0] and "254×254" in out[0]


def test_design_instead_of_photo(tmp_path: Path, capsys) -> None:
    out = tmp_path / "heart.png"
    assert main(["render", "--design", "heart", "-o", str(out), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["design"] == "heart" and summary["face_found"] is False
    assert Mask.load_png(out).dot_counts()["cocoa"] > 0


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty"), (b"just some text", "not a photo"), (b"\xff\xd8\xff\xe0\x00\x10JFIF", "")],
    ids=["empty", "text", "truncated"],
)
def test_bad_photo_exits_2_with_one_line_naming_the_file(
    tmp_path: Path, capsys, content: bytes, message: str
) -> None:
    bad = tmp_path / "broken.jpg"
    bad.write_bytes(content)
    out = tmp_path / "m.png"
    assert main(["render", str(bad), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and str(bad) in lines[0] and message in lines[0]
    assert "Traceback" not in err and not out.exists()


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--pitch-mm", "0"], 2, "bad option"),
        (["--darkness", "3"], 2, "darkness"),
        (["--dither", "crayon"], 2, "unknown dither"),
        (["-o", "/nonexistent-dir/m.png"], 1, "cannot write the mask"),
        (["--preview", "cup.nope"], 1, "cannot write the preview"),
        (["-o", ""], 2, "-o needs a file name"),
    ],
)
def test_bad_options_and_outputs(tmp_path: Path, photo: Path, capsys, args, code, message) -> None:
    argv = ["render", str(photo), "-o", str(tmp_path / "m.png"), *args]
    argv = [a if a != "cup.nope" else str(tmp_path / "cup.nope") for a in argv]
    assert main(argv) == code
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0]


def test_needs_a_photo_or_a_design(tmp_path: Path, capsys) -> None:
    assert main(["render", "-o", str(tmp_path / "m.png")]) == 2
    assert "PHOTO" in capsys.readouterr().err


def test_end_to_end_in_a_fresh_process(tmp_path: Path) -> None:
    out = tmp_path / "mask.png"
    demo = ROOT / "assets" / "demo" / "astronaut.jpg"
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "render", str(demo), "-o", str(out), "--json"],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["face_found"] is True and summary["warnings"] == []
    assert Mask.load_png(out).size == 254
    # A fresh process loads numba and its compiled loop (~0.5 s): that is reported as
    # warmup, so "dither" is the dither itself (a 254x254 grid takes a few ms).
    timings = summary["timings_ms"]
    assert "warmup" in timings and timings["dither"] < timings["warmup"], timings
    bad = subprocess.run(
        [sys.executable, "-m", "kiosk", "render", str(tmp_path / "missing.jpg"), "-o", str(out)],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "missing.jpg" in bad.stderr


def test_corrupt_tiff_header_still_gives_exactly_one_line(tmp_path: Path) -> None:
    import io

    buf = io.BytesIO()
    Image.fromarray(np.zeros((120, 160, 3), np.uint8)).save(buf, format="TIFF")
    data = bytearray(buf.getvalue())
    data[91] ^= 0xFF  # samples-per-pixel field: Pillow logs an error of its own
    bad = tmp_path / "scan.tif"
    bad.write_bytes(bytes(data))
    # A fresh process: under pytest, log records go to pytest's handlers, not to stderr.
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "render", str(bad), "-o", str(tmp_path / "m.png")],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "scan.tif" in done.stderr, done.stderr


def _render_in(folder: Path, *args: str) -> int:
    """``photolatte render`` run with ``folder`` as the working directory."""
    import os

    here = Path.cwd()
    os.chdir(folder)
    try:
        return main(["render", *args])
    finally:
        os.chdir(here)


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["same.jpg", "-o", "same.jpg"], ["-o same.jpg", "photo"]),
        (["same.jpg", "-o", "m.png", "--preview", "./same.jpg"], ["--preview", "photo"]),
        (["same.jpg", "-o", "sub/../same.jpg"], ["-o", "photo"]),
        (["same.jpg", "-o", "both.png", "--preview", "both.png"], ["-o both.png", "--preview"]),
        (["same.jpg", "-o", "both.png", "--preview", "sub/../both.png"], ["same file"]),
    ],
    ids=["mask-is-photo", "preview-is-photo", "dotdot", "mask-is-preview", "mask-is-preview-2"],
)
def test_outputs_never_overwrite_the_photo_or_each_other(
        tmp_path: Path, photo: Path, capsys, args: list[str], names: list[str]) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "same.jpg").write_bytes(photo.read_bytes())
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    assert _render_in(tmp_path, *args) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and all(n in lines[0] for n in names), lines
    assert "choose another" in lines[0] or "another name" in lines[0]
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    assert after == before  # the photo is intact and nothing was written


def test_a_link_to_the_photo_is_the_photo(tmp_path: Path, photo: Path, capsys) -> None:
    """Hard and symbolic links name the same file: writing through them replaces the photo."""
    import os

    hard, soft = tmp_path / "hard.jpg", tmp_path / "soft.jpg"
    os.link(photo, hard)
    soft.symlink_to(photo)
    original = photo.read_bytes()
    for link in (hard, soft):
        assert main(["render", str(photo), "-o", str(link)]) == 2
        assert "photo" in capsys.readouterr().err
    assert photo.read_bytes() == original


def test_a_failed_write_leaves_old_files_whole_and_no_temporaries(
        tmp_path: Path, photo: Path, capsys, monkeypatch) -> None:
    """The disk fills up while writing the preview: the mask already there is not
    replaced by a new one without its preview, and no partial file is left behind."""
    import errno
    import os

    mask_path, cup_path = tmp_path / "m.png", tmp_path / "cup.png"
    mask_path.write_bytes(b"yesterday's mask")
    real_fsync, calls = os.fsync, []

    def fsync(fd: int) -> None:  # the second file written (the preview) hits a full disk
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    code = main(["render", str(photo), "-o", str(mask_path), "--preview", str(cup_path)])
    assert code == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "cup.png" in err[0] and "No space left" in err[0]
    assert mask_path.read_bytes() == b"yesterday's mask" and not cup_path.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["customer.jpg", "m.png"]


def test_a_successful_write_leaves_only_the_outputs(tmp_path: Path, photo: Path) -> None:
    import os
    import stat

    out, cup = tmp_path / "m.png", tmp_path / "cup.jpg"
    out.write_bytes(b"old")
    assert main(["render", str(photo), "-o", str(out), "--preview", str(cup)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cup.jpg", "customer.jpg", "m.png"]
    assert Mask.load_png(out).size == 254
    with Image.open(cup) as img:
        assert img.format == "JPEG"
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask  # not a private temp file


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--diameter-mm", "1000"], "20..120 mm"),
        (["--pitch-mm", "inf"], "0.1..2 mm"),
        (["--pitch-mm", "nan"], "0.1..2 mm"),
        (["--diameter-mm", "200", "--pitch-mm", "0.1"], "20..120 mm"),
        (["--diameter-mm", "120", "--pitch-mm", "0.1"], "more than 1024"),
    ],
)
def test_geometry_the_printer_cannot_take_is_refused(tmp_path: Path, photo: Path, capsys,
                                                    args: list[str], words: str) -> None:
    out = tmp_path / "m.png"
    assert main(["render", str(photo), "-o", str(out), *args]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "bad option" in err[0] and words in err[0]
    assert not out.exists()


@pytest.mark.parametrize("px", ["0", "31", "100000"])
def test_preview_size_messages_agree(tmp_path: Path, photo: Path, capsys, px: str) -> None:
    argv = ["render", str(photo), "-o", str(tmp_path / "m.png"),
            "--preview", str(tmp_path / "c.png"), "--preview-px", px]
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"photolatte render: bad option: preview size {px} px is outside 32..4096 px " \
        "(512 is typical)"


def test_missing_photo_says_what_is_missing(tmp_path: Path, photo: Path, capsys) -> None:
    assert main(["render", "-o", str(tmp_path / "m.png")]) == 2
    err = capsys.readouterr().err
    assert "nothing to render" in err and "PHOTO" in err and "not both" not in err
    assert main(["render", str(photo), "--design", "heart", "-o", str(tmp_path / "m.png")]) == 2
    assert "not both" in capsys.readouterr().err


@pytest.mark.parametrize("flag", ["-o", "--preview"])
def test_a_missing_folder_says_what_to_do(tmp_path: Path, photo: Path, capsys,
                                          flag: str) -> None:
    target = tmp_path / "no-such-folder" / "x.png"
    argv = ["render", str(photo), "-o", str(tmp_path / "m.png"), flag, str(target)]
    assert main(argv) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"the folder {target.parent} does not exist" in err[0]
    assert f"create it or choose another {flag} path" in err[0]
    assert not (tmp_path / "m.png").exists()  # checked before anything is written


def test_a_flat_grey_photo_warns_that_nothing_will_print(tmp_path: Path, capsys) -> None:
    grey = tmp_path / "grey.png"
    cv2.imwrite(str(grey), np.full((480, 640, 3), 128, np.uint8))
    assert main(["render", str(grey), "-o", str(tmp_path / "m.png"), "--json"]) == 0
    captured = capsys.readouterr()
    summary = json.loads(captured.out)
    assert summary["dots"] == {"cinnamon": 0, "cocoa": 0}
    assert summary["warnings"] == [{
        "warning": "nothing_to_print", "params": {"kind": "photo"},
        "message": "the photo has no contrast: nothing to print; try another photo"}]
    assert captured.err.strip() == ("photolatte render: warning: the photo has no contrast: "
                                    "nothing to print; try another photo")
    assert main(["render", str(grey), "-o", str(tmp_path / "m.png")]) == 0
    assert "no contrast" in capsys.readouterr().err


def test_a_photo_with_a_face_has_no_warnings(tmp_path: Path, photo: Path, capsys) -> None:
    assert main(["render", str(photo), "-o", str(tmp_path / "m.png"), "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["warnings"] == [] and captured.err == ""


def test_a_device_is_not_replaced_by_a_file(tmp_path: Path, photo: Path, capsys) -> None:
    """Run as root, renaming a temporary over /dev/null would replace the device."""
    import os

    fifo = tmp_path / "pipe.png"
    os.mkfifo(fifo)
    assert main(["render", str(photo), "-o", str(fifo)]) == 1
    assert "not a file" in capsys.readouterr().err
    assert fifo.is_fifo()


def test_writing_through_a_symbolic_link_keeps_the_link(tmp_path: Path, photo: Path) -> None:
    real = tmp_path / "masks" / "today.png"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = tmp_path / "latest.png"
    link.symlink_to(real)
    assert main(["render", str(photo), "-o", str(link)]) == 0
    assert link.is_symlink() and Mask.load_png(real).size == 254
