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
             "pitch_mm", "style", "dither", "design"}


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
    assert json.loads(done.stdout)["face_found"] is True
    assert Mask.load_png(out).size == 254
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
