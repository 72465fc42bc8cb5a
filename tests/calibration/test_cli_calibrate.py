"""``photolatte calibrate``: charts, measure, show, history, restore, and their exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest
from cal_photos import SERIAL, TRUTH, Shot

from calibration.errors import ProfileProblem, Refusal
from kiosk.cli import main
from kiosk.cli.calibrate_words import PROFILE_WORDS, REFUSAL_WORDS
from printer_driver.mask import Mask


@pytest.fixture(autouse=True)
def _own_folders(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PHOTOLATTE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PHOTOLATTE_CONFIG_DIR", str(tmp_path / "config"))


def _save(tmp_path: Path, name: str, rgb: np.ndarray) -> str:
    path = tmp_path / name
    cv2.imwrite(str(path), np.ascontiguousarray(rgb[:, :, ::-1]))
    return str(path)


@pytest.fixture
def photos(tmp_path: Path, geometry_photo: Shot, tone_photo: Shot) -> tuple[str, str]:
    return (_save(tmp_path, "geometry.png", geometry_photo.rgb),
            _save(tmp_path, "tone.jpg", tone_photo.rgb))


def _profile_file(tmp_path: Path) -> Path:
    return tmp_path / "data" / "printers" / f"{SERIAL}.json"


def test_every_code_has_english_words() -> None:
    assert set(REFUSAL_WORDS) == {r.value for r in Refusal}
    assert set(PROFILE_WORDS) == {p.value for p in ProfileProblem}


@pytest.mark.parametrize("kind", ["geometry", "tone", "dose"])
def test_chart_writes_a_mask_png(tmp_path: Path, capsys, kind: str) -> None:
    out = tmp_path / f"{kind}.png"
    assert main(["calibrate", "chart", kind, "-o", str(out), "--serial", SERIAL]) == 0
    mask = Mask.load_png(out)
    assert sum(mask.dot_counts().values()) > 2000
    assert str(out) in capsys.readouterr().out
    assert main(["calibrate", "chart", kind, "-o", str(tmp_path)]) == 2  # a folder
    assert main(["calibrate", "chart", kind, "-o", str(out), "--serial", "no/such"]) == 2


def test_measure_saves_the_profile_and_show_json_has_the_keys(
        tmp_path: Path, capsys, photos: tuple[str, str]) -> None:
    code = main(["calibrate", "measure", *photos, "--serial", SERIAL,
                 "--weighed", "cocoa=4.93", "--reservoir", "cinnamon=250.0:246.1"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "geometry chart: offset +1.2" in out and "tone chart:" in out
    assert _profile_file(tmp_path).is_file()
    assert main(["calibrate", "show", "--serial", SERIAL, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["status"] == "calibrated" and shown["calibrated"] is True
    assert shown["geometry"]["offset_x_mm"] == pytest.approx(TRUTH.offset_x_mm, abs=0.1)
    assert shown["geometry"]["rotation_deg"] == pytest.approx(TRUTH.rotation_deg, abs=0.1)
    assert shown["dose_mg_per_dot"]["cocoa"] == pytest.approx(4.93 * 1000 / 19716, rel=1e-3)
    assert shown["dose_mg_per_dot"]["cinnamon"] == pytest.approx(3.9 * 1000 / 19716, rel=1e-3)
    assert len(shown["tone"]["cocoa"]["steps"]) == 12
    assert shown["provenance"]["geometry"]["photo"]["width"] == 1024
    assert main(["calibrate", "show", "--serial", SERIAL]) == 0
    text = capsys.readouterr().out
    assert "calibrated" in text and "rotation +0.8" in text


def test_a_refused_photo_saves_nothing_and_exits_1(tmp_path: Path, capsys,
                                                   photos: tuple[str, str]) -> None:
    assert main(["calibrate", "measure", photos[0], "--serial", SERIAL]) == 0
    before = _profile_file(tmp_path).read_bytes()
    blurred = cv2.GaussianBlur(cv2.imread(photos[0]), (0, 0), 6.0)
    bad = tmp_path / "blurred.png"
    cv2.imwrite(str(bad), blurred)
    capsys.readouterr()
    assert main(["calibrate", "measure", photos[1], str(bad), "--serial", SERIAL]) == 1
    err = capsys.readouterr().err
    assert "blurred.png: the photo is blurred" in err and "nothing saved" in err
    assert _profile_file(tmp_path).read_bytes() == before
    # Another machine's chart is refused just the same.
    assert main(["calibrate", "measure", photos[0], "--serial", "PL2026-0001", "--json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["saved"] is False and doc["photos"][0]["refused"]["code"] == "chart_other_machine"


def test_dry_run_measures_and_saves_nothing(tmp_path: Path, capsys,
                                            photos: tuple[str, str]) -> None:
    assert main(["calibrate", "measure", photos[0], "--serial", SERIAL, "--dry-run",
                 "--json", "--overlay", str(tmp_path / "found")]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["dry_run"] is True and doc["saved"] is False
    assert doc["profile"]["geometry"]["scale"] == pytest.approx(TRUTH.scale, rel=1e-3)
    assert Path(doc["photos"][0]["overlay"]).is_file()
    assert not _profile_file(tmp_path).exists()


@pytest.mark.parametrize("args", [
    ["calibrate", "measure", "missing.jpg", "--serial", SERIAL],
    ["calibrate", "measure", "--serial", SERIAL],
    ["calibrate", "measure", "--serial", SERIAL, "--weighed", "cocoa=lots"],
    ["calibrate", "measure", "--serial", SERIAL, "--weighed", "sugar=3"],
    ["calibrate", "show", "--serial", "bad serial"],
    ["calibrate", "restore", "4", "--serial", SERIAL],
])
def test_bad_input_exits_2(capsys, args: list[str]) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("photolatte calibrate: ") and "Traceback" not in err


def test_an_impossible_dose_reading_is_refused(capsys) -> None:
    assert main(["calibrate", "measure", "--serial", SERIAL, "--reservoir",
                 "cocoa=200:201"]) == 1
    assert "cannot be right" in capsys.readouterr().err


def test_not_calibrated_is_said_in_words(capsys) -> None:
    assert main(["calibrate", "show", "--serial", SERIAL]) == 0
    assert "not calibrated" in capsys.readouterr().out
    assert main(["calibrate", "show", "--serial", SERIAL, "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["status"] == "not_calibrated" and doc["geometry"] is None
    assert doc["dose_mg_per_dot"] == {"cinnamon": None, "cocoa": None}


def test_history_and_restore(capsys) -> None:
    for grams in ("4.0", "4.5", "5.0"):
        assert main(["calibrate", "measure", "--serial", SERIAL, "--weighed",
                     f"cocoa={grams}"]) == 0
    capsys.readouterr()
    assert main(["calibrate", "history", "--serial", SERIAL, "--json"]) == 0
    versions = json.loads(capsys.readouterr().out)
    assert [v["version"] for v in versions] == [1, 2, 3] and versions[0]["current"]
    assert main(["calibrate", "restore", "3", "--serial", SERIAL]) == 0
    assert "Restored version 3" in capsys.readouterr().out
    assert main(["calibrate", "show", "--serial", SERIAL, "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["dose_mg_per_dot"]["cocoa"] == pytest.approx(4.0 * 1000 / 19716, rel=1e-3)
    assert main(["calibrate", "history", "--serial", SERIAL]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 4 and "(current)" in lines[0] and "restored version 3" in lines[0]


def test_show_without_a_serial_reads_the_only_profile_or_names_them(capsys) -> None:
    """A technician at one kiosk need not copy its serial; with several machines' profiles
    in the folder they are named, so the next command is obvious."""
    assert main(["calibrate", "show"]) == 2
    assert "no printer is calibrated" in capsys.readouterr().err
    assert main(["calibrate", "measure", "--serial", SERIAL, "--weighed", "cocoa=4.0"]) == 0
    capsys.readouterr()
    assert main(["calibrate", "show", "--json"]) == 0
    out = capsys.readouterr()
    assert json.loads(out.out)["serial"] == SERIAL and SERIAL in out.err
    assert main(["calibrate", "history"]) == 0
    capsys.readouterr()
    assert main(["calibrate", "measure", "--serial", "PL2026-0999", "--weighed",
                 "cocoa=4.0"]) == 0
    capsys.readouterr()
    assert main(["calibrate", "show"]) == 2
    err = capsys.readouterr().err
    assert SERIAL in err and "PL2026-0999" in err and "--serial" in err
