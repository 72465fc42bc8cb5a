"""``photolatte render --faces``: every face box in ``--json``, and the choice of faces."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest
from synthetic_faces import group

from kiosk.cli import main


@pytest.fixture(scope="module")
def family(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    photo, faces = group(3, seed=3)
    path = tmp_path_factory.mktemp("family") / "family.png"
    cv2.imwrite(str(path), photo)
    return path, faces


def _render(capsys: pytest.CaptureFixture[str], photo: Path, out: Path, *extra: str) -> dict:
    assert main(["render", str(photo), "-o", str(out), "--json", *extra]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_lists_every_face_from_the_left_and_which_were_framed(
        family: tuple[Path, list], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    photo, faces = family
    summary = _render(capsys, photo, tmp_path / "m.png")
    boxes = summary["faces"]
    assert len(boxes) == 3 and all(len(b) == 4 for b in boxes)
    centres = [b[0] + b[2] / 2 for b in boxes]
    assert centres == sorted(centres)
    for box, face in zip(boxes, faces, strict=True):
        assert abs(box[0] + box[2] / 2 - face.cx) < 0.35 * face.w
    assert summary["framed"] == [1, 2, 3]  # auto: three people posing, all of them
    crop = summary["crop_box"]
    assert crop[2] > max(centres) - min(centres)


@pytest.mark.parametrize(("which", "framed"), [("2", [2]), ("largest", None), ("all", [1, 2, 3])])
def test_faces_option_picks_who_is_framed(family: tuple[Path, list], tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str], which: str,
                                          framed: list[int] | None) -> None:
    photo, _ = family
    summary = _render(capsys, photo, tmp_path / "m.png", "--faces", which)
    if framed is None:
        assert len(summary["framed"]) == 1
    else:
        assert summary["framed"] == framed
    picked = summary["faces"][summary["framed"][0] - 1]
    assert summary["face_box"] == picked or len(summary["framed"]) > 1


def test_the_summary_line_counts_the_faces(family: tuple[Path, list], tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    photo, _ = family
    assert main(["render", str(photo), "-o", str(tmp_path / "m.png")]) == 0
    assert "3 faces found, 3 faces framed" in capsys.readouterr().out


@pytest.mark.parametrize("which", ["0", "-1", "everyone", "1.5"])
def test_a_bad_faces_value_is_refused_with_the_choices(tmp_path: Path, family: tuple[Path, list],
                                                       capsys: pytest.CaptureFixture[str],
                                                       which: str) -> None:
    photo, _ = family
    with pytest.raises(SystemExit) as exit_info:
        main(["render", str(photo), "-o", str(tmp_path / "m.png"), f"--faces={which}"])
    assert exit_info.value.code == 2
    assert "auto, all, largest or a face number" in capsys.readouterr().err
    assert not (tmp_path / "m.png").exists()


def test_a_face_number_past_the_last_face_says_how_many_there_are(
        tmp_path: Path, family: tuple[Path, list], capsys: pytest.CaptureFixture[str]) -> None:
    photo, _ = family
    assert main(["render", str(photo), "-o", str(tmp_path / "m.png"), "--faces", "5"]) == 2
    err = capsys.readouterr().err
    assert "the photo has 3 faces; give a number from 1 to 3" in err
    assert not (tmp_path / "m.png").exists()


def test_no_face_and_a_face_number(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "wall.png"
    cv2.imwrite(str(path), np.full((200, 300, 3), 128, np.uint8))
    assert main(["render", str(path), "-o", str(tmp_path / "m.png"), "--faces", "1"]) == 2
    assert "no face was found" in capsys.readouterr().err
