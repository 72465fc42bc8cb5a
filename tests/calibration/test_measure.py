"""Measuring one photo: what it finds, and every photo it must refuse (with its code)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from cal_photos import SERIAL, TRUTH, Shot, shoot

from calibration import charts
from calibration.errors import MeasurementError, Refusal
from calibration.measure import measure_photo, read_photo
from printer_driver.sim.camera import STAND_MARK_RADIUS_MM, SimCamera
from printer_driver.sim.physics import render_printed_cup


def _refusal(rgb: np.ndarray, **kw) -> Refusal:
    with pytest.raises(MeasurementError) as info:
        measure_photo(rgb, serial=SERIAL, **kw)
    return info.value.refusal


def test_a_geometry_photo_gives_the_truth_and_how_well_it_fits(geometry_photo: Shot) -> None:
    m = measure_photo(geometry_photo.rgb, serial=SERIAL)
    assert (m.kind, m.chart, m.code) == ("geometry", "geometry/1", charts.serial_code(SERIAL))
    assert m.geometry is not None
    g = m.geometry.geometry
    assert g.offset_x_mm == pytest.approx(TRUTH.offset_x_mm, abs=0.1)
    assert g.offset_y_mm == pytest.approx(TRUTH.offset_y_mm, abs=0.1)
    assert g.rotation_deg == pytest.approx(TRUTH.rotation_deg, abs=0.1)
    assert g.scale == pytest.approx(TRUTH.scale, rel=1e-3)
    assert m.fiducial_rms_mm < 0.05 and m.geometry.fiducials_used >= 50
    assert m.photo.width == 1024 and len(m.photo.sha256) == 64
    assert len(m.findings.marks) == 2 and len(m.findings.rim_inner) > 200


def test_a_mirrored_photo_measures_the_same(geometry_photo: Shot) -> None:
    straight = measure_photo(geometry_photo.rgb, serial=SERIAL).geometry
    mirrored = measure_photo(np.ascontiguousarray(geometry_photo.rgb[:, ::-1]),
                             serial=SERIAL).geometry
    assert straight is not None and mirrored is not None
    a, b = straight.geometry, mirrored.geometry
    assert b.offset_x_mm == pytest.approx(a.offset_x_mm, abs=0.05)
    assert b.offset_y_mm == pytest.approx(a.offset_y_mm, abs=0.05)
    assert b.rotation_deg == pytest.approx(a.rotation_deg, abs=0.05)


def test_a_tone_photo_gives_a_monotone_response_per_powder(tone_photo: Shot) -> None:
    m = measure_photo(tone_photo.rgb, serial=SERIAL, expect="tone")
    assert m.kind == "tone" and m.tone is not None
    for powder, response in m.tone.responses.items():
        fitted = [s.fitted for s in response.steps]
        assert len(fitted) == 12 and fitted == sorted(fitted, reverse=True)
        assert fitted[0] < 93.9 and fitted[-1] < fitted[0] - 20, powder
    darkest = {p: r.steps[-1].fitted for p, r in m.tone.responses.items()}
    assert darkest["cocoa"] < darkest["cinnamon"]


def test_random_pictures_are_not_cups() -> None:
    from skimage import data

    noise = np.random.default_rng(0).integers(0, 256, (600, 800, 3), dtype=np.uint8)
    assert _refusal(noise) is Refusal.NO_CUP
    assert _refusal(np.ascontiguousarray(data.astronaut())) is Refusal.NO_CUP
    assert _refusal(np.full((480, 640, 3), 200, np.uint8)) is Refusal.NO_CUP
    with pytest.raises(MeasurementError) as info:
        measure_photo(np.zeros((10, 10), np.uint8))
    assert info.value.refusal is Refusal.PHOTO_UNREADABLE


def test_an_empty_cup_has_no_chart(empty_cup_photo: Shot) -> None:
    assert _refusal(empty_cup_photo.rgb) is Refusal.FIDUCIALS_MISSING


def test_a_blurred_photo_is_refused(geometry_photo: Shot) -> None:
    blurred = cv2.GaussianBlur(geometry_photo.rgb, (0, 0), 6.0)
    assert _refusal(blurred) is Refusal.BLURRED


def test_an_over_or_under_exposed_photo_is_refused(geometry_photo: Shot) -> None:
    bright = np.clip(geometry_photo.rgb.astype(np.float32) * 1.5, 0, 255).astype(np.uint8)
    assert _refusal(bright) is Refusal.OVER_EXPOSED
    dark = (geometry_photo.rgb.astype(np.float32) * 0.22).astype(np.uint8)
    assert _refusal(dark) is Refusal.UNDER_EXPOSED


def test_a_cup_cut_off_or_too_far_away_is_refused(geometry_photo: Shot) -> None:
    rgb = geometry_photo.rgb
    cols = np.nonzero((rgb.mean(axis=2) > 200).any(axis=0))[0]
    half = np.ascontiguousarray(rgb[:, : (cols[0] + cols[-1]) // 2])
    assert _refusal(half) is Refusal.CUP_CUT_OFF
    tiny = cv2.resize(rgb, (256, 192), interpolation=cv2.INTER_AREA)
    assert _refusal(tiny) is Refusal.CUP_TOO_SMALL


def test_a_chart_printed_for_another_machine_is_refused(geometry_photo: Shot) -> None:
    with pytest.raises(MeasurementError) as info:
        measure_photo(geometry_photo.rgb, serial="PL2026-0043")
    assert info.value.refusal is Refusal.CHART_OTHER_MACHINE
    assert info.value.params["chart_code"] == charts.serial_code(SERIAL)
    # A chart printed without a serial is anybody's.
    assert measure_photo(shoot(charts.geometry_chart(None)).rgb, serial=SERIAL).code == 0


def test_the_wrong_kind_of_chart_is_refused(tone_photo: Shot) -> None:
    assert _refusal(tone_photo.rgb, expect="geometry") is Refusal.WRONG_CHART


def test_without_the_stand_marks_the_turn_is_unknown(geometry_photo: Shot) -> None:
    cam = SimCamera(3, glare=0.0)
    picture = render_printed_cup(charts.geometry_chart(SERIAL).mask.dots, TRUTH, seed=3)
    shot = cam.shoot(picture, shot=0)
    rgb = shot.rgb.copy()
    for y in (-STAND_MARK_RADIUS_MM, STAND_MARK_RADIUS_MM):
        q = shot.homography @ np.array([0.0, y, 1.0])
        cv2.circle(rgb, (round(q[0] / q[2]), round(q[1] / q[2])), 14, (58, 52, 48), -1)
    assert _refusal(rgb) is Refusal.INDEX_MARKS_MISSING


def test_smudged_fiducials_are_rejected_as_outliers_not_trusted(geometry_photo: Shot) -> None:
    chart = charts.geometry_chart(SERIAL)
    dots = chart.mask.dots.copy()
    grid = charts.Grid()
    # Three lattice fiducials printed 1 mm off where they belong (a smudge, a bump).
    for f in [f for f in chart.fiducials if f.role == "lattice"][:3]:
        col, row = round(grid.index(f.x_mm)), round(grid.index(f.y_mm))
        block = dots[row - 5:row + 6, col - 5:col + 6].copy()
        dots[row - 5:row + 6, col - 5:col + 6] = 0
        dots[row - 5:row + 6, col - 2:col + 9] = block
    m = measure_photo(shoot(dots).rgb, serial=SERIAL)
    assert m.geometry is not None and m.geometry.fiducials_rejected >= 3
    assert m.geometry.geometry.offset_x_mm == pytest.approx(TRUTH.offset_x_mm, abs=0.1)


def test_a_photo_file_is_read_with_its_facts(tmp_path, geometry_photo: Shot) -> None:
    path = tmp_path / "cup.jpg"
    cv2.imwrite(str(path), geometry_photo.rgb[:, :, ::-1], [cv2.IMWRITE_JPEG_QUALITY, 92])
    rgb, facts = read_photo(path)
    assert rgb.shape == geometry_photo.rgb.shape and facts.width == 1024
    m = measure_photo(rgb, serial=SERIAL, facts=facts)
    assert m.geometry is not None
    assert m.geometry.geometry.offset_x_mm == pytest.approx(TRUTH.offset_x_mm, abs=0.1)
    for bad, code in ((tmp_path / "none.jpg", Refusal.PHOTO_UNREADABLE),
                      (tmp_path, Refusal.PHOTO_UNREADABLE)):
        with pytest.raises(MeasurementError) as info:
            read_photo(bad)
        assert info.value.refusal is code
    (tmp_path / "junk.jpg").write_bytes(b"not a picture at all")
    with pytest.raises(MeasurementError) as info:
        read_photo(tmp_path / "junk.jpg")
    assert info.value.refusal is Refusal.PHOTO_UNREADABLE


def test_a_fifo_or_a_device_is_refused_without_blocking(tmp_path) -> None:
    import os

    fifo = tmp_path / "photo.jpg"
    os.mkfifo(fifo)
    for path in (fifo, "/dev/zero"):
        with pytest.raises(MeasurementError) as info:
            read_photo(path)
        assert info.value.params["input_code"] == "not_a_file"
