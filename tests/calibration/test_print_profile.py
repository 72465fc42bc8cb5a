"""``photolatte print`` applies the machine's profile, as the kiosk does: the data folder's
profile for the serial the printer reports, ``--profile FILE`` for that printer only,
``--no-profile`` raw; "not calibrated" said in words; measured doses drive the gram estimate
and the low-powder warning; ``printer status`` says whether the machine is calibrated. All
through the real print service, driver and in-process simulator."""

from __future__ import annotations

import json

import numpy as np
import pytest
from cal_profiles import measured

import printer_driver.sim as sim
from calibration import apply
from calibration.store import ProfileStore
from kiosk.cli import main
from kiosk.imaging.placement import place_mask
from kiosk.imaging.settings import RenderSettings
from kiosk.printing.profile_lookup import settings_for
from kiosk.printing.profiles import render_settings
from kiosk.settings.paths import demo_photo
from printer_driver.mask import Mask
from printer_driver.powders import PowderSet

SERIAL = "PL2026-0042"


def _mask(tmp_path, cocoa_share: float = 0.3) -> tuple[Mask, str]:
    rng = np.random.default_rng(3)
    levels = (rng.random((254, 254)) < cocoa_share).astype(np.uint8) * 2
    mask = Mask.from_levels(levels, powders=PowderSet.COCOA)
    path = tmp_path / "mask.png"
    mask.save_png(path)
    return mask, str(path)


def _print(capsys, *argv: str) -> tuple[int, dict, str]:
    code = main(["print", *argv, "--json"])
    out = capsys.readouterr()
    return code, json.loads(out.out.strip().splitlines()[-1]), out.err


def _url(name: str, serial: str = SERIAL) -> str:
    return f"sim://{name}?speed=60&serial={serial}"


def _landed(name: str) -> np.ndarray:
    return np.asarray(sim.get_printer(name).machine.records[-1].printed)


def test_a_printer_without_a_profile_prints_on_nominal_values_and_says_so(tmp_path, capsys):
    mask, path = _mask(tmp_path)
    code, doc, err = _print(capsys, path, "--port", _url("pp1"), "--data-dir", str(tmp_path))
    assert code == 0 and doc["ok"]
    assert doc["calibration"]["status"] == "not_calibrated"
    assert doc["calibration"]["serial"] == SERIAL
    assert f"printer {SERIAL} is not calibrated: printing on nominal values" in err
    assert np.array_equal(_landed("pp1"), mask.dots)  # nothing moved
    assert doc["grams"]["cocoa"] == pytest.approx(mask.grams()["cocoa"], abs=1e-3)

    assert main(["printer", "status", "--port", _url("pp1"), "--data-dir",
                 str(tmp_path)]) == 0
    assert "Calibration        not calibrated: prints use nominal values" in \
        capsys.readouterr().out


def test_the_machines_own_profile_applies_to_every_print_and_status_says_so(tmp_path,
                                                                              capsys):
    profile = ProfileStore.in_data_dir(tmp_path).save(measured(SERIAL))
    assert profile.geometry is not None
    mask, path = _mask(tmp_path)
    code, doc, err = _print(capsys, path, "--port", _url("pp2"), "--data-dir", str(tmp_path))
    assert code == 0
    assert doc["calibration"]["status"] == "calibrated"
    assert doc["calibration"]["measured"] == ["geometry", "tone", "dose"]
    assert f"applying the profile of {SERIAL}" in err and "not calibrated" not in err
    # The dots went out laid out for the measured head, nearest dot.
    expected = place_mask(mask, profile.geometry)
    assert not np.array_equal(expected.dots, mask.dots)
    assert np.array_equal(_landed("pp2"), expected.dots)
    # The gram estimate is the measured dose's (0.19 mg a cocoa dot, not the table's 0.2).
    assert doc["grams"]["cocoa"] == pytest.approx(
        mask.grams(apply.dose_tones(profile))["cocoa"], abs=1e-3)
    assert doc["grams"]["cocoa"] != pytest.approx(mask.grams()["cocoa"], abs=1e-3)

    assert main(["printer", "status", "--port", _url("pp2"), "--data-dir", str(tmp_path),
                 "--json"]) == 0
    status = json.loads(capsys.readouterr().out)["calibration"]
    assert status["status"] == "calibrated" and status["saved_at"] == profile.saved_at
    assert main(["printer", "status", "--port", _url("pp2"), "--data-dir",
                 str(tmp_path)]) == 0
    assert "Calibration        calibrated (geometry, tone, dose; saved" in \
        capsys.readouterr().out


def test_no_profile_prints_the_dots_exactly_as_they_are(tmp_path, capsys):
    ProfileStore.in_data_dir(tmp_path).save(measured(SERIAL))
    mask, path = _mask(tmp_path)
    code, doc, err = _print(capsys, path, "--port", _url("pp3"), "--data-dir", str(tmp_path),
                            "--no-profile")
    assert code == 0 and doc["calibration"]["status"] == "raw"
    assert "printing raw: the dots exactly as they are" in err
    assert np.array_equal(_landed("pp3"), mask.dots)


def test_a_profile_file_applies_to_its_own_printer_and_is_refused_for_another(tmp_path,
                                                                              capsys):
    exported = tmp_path / "PL2026-0042.json"
    exported.write_text(measured(SERIAL).to_json(), encoding="utf-8")
    empty = tmp_path / "empty-data"
    mask, path = _mask(tmp_path)

    code, doc, err = _print(capsys, path, "--port", _url("pp4", "PL2026-0099"),
                            "--profile", str(exported), "--data-dir", str(empty))
    assert code == 2 and not doc["ok"]
    assert "PL2026-0042" in err and "PL2026-0099" in err  # both serials named
    assert doc["error"] == "serial_mismatch"
    assert sim.get_printer("pp4").machine.records == []  # nothing was printed

    code, doc, err = _print(capsys, path, "--port", _url("pp5"), "--profile", str(exported),
                            "--data-dir", str(empty))
    assert code == 0
    assert doc["calibration"]["status"] == "calibrated"
    assert doc["calibration"]["source"] == "file"
    geometry = measured(SERIAL).geometry
    assert geometry is not None
    assert np.array_equal(_landed("pp5"), place_mask(mask, geometry).dots)


def test_a_damaged_profile_file_is_refused_before_the_printer_is_touched(tmp_path, capsys):
    bad = tmp_path / "profile.json"
    bad.write_text(measured(SERIAL).to_json().replace('"scale": 1.012', '"scale": 3'),
                   encoding="utf-8")
    _, path = _mask(tmp_path)
    code, doc, err = _print(capsys, path, "--port", _url("pp6"), "--profile", str(bad))
    assert code == 2 and not doc["ok"]
    assert "checksum does not match" in err
    assert "pp6" not in sim.printer_names()


def test_measured_doses_drive_the_low_powder_warning(tmp_path, capsys):
    heavy = measured(SERIAL)
    prov = heavy.provenance["dose"]
    assert prov is not None
    heavy = heavy.with_dose({"cinnamon": 0.21, "cocoa": 0.6}, prov)
    ProfileStore.in_data_dir(tmp_path).save(heavy)
    mask, path = _mask(tmp_path, cocoa_share=0.5)
    table_g = mask.grams()["cocoa"]  # at the powder table's 0.2 mg a dot
    measured_g = mask.grams(apply.dose_tones(heavy))["cocoa"]  # 3x that
    assert measured_g > 2 * table_g

    main(["printer", "status", "--port", _url("pp7")])  # the printer, switched on
    capsys.readouterr()
    sim.get_printer("pp7").machine.set_powder("cocoa", (table_g + measured_g) / 2)
    code, doc, err = _print(capsys, path, "--port", _url("pp7"), "--data-dir", str(tmp_path))
    assert code == 0  # a warning, not a refusal: the barista may refill meanwhile
    short = [w for w in doc["warnings"] if w["warning"] == "powder_short"]
    assert len(short) == 1 and short[0]["params"]["powder"] == "cocoa"
    assert f"needs about {measured_g:.1f} g of cocoa" in err

    code, doc, err = _print(capsys, path, "--port", _url("pp7"), "--data-dir", str(tmp_path),
                            "--no-profile")  # the table's dose: enough left, no warning
    assert code == 0
    assert [w for w in doc["warnings"] if w["warning"] == "powder_short"] == []


def test_a_photo_is_rendered_for_the_printer_with_the_measured_curve_and_geometry(
        tmp_path, capsys):
    profile = ProfileStore.in_data_dir(tmp_path).save(measured(SERIAL))
    code, doc, _ = _print(capsys, str(demo_photo()), "--port", _url("pp8"), "--data-dir",
                          str(tmp_path))
    assert code == 0 and doc["calibration"]["status"] == "calibrated"
    from kiosk.imaging.pipeline import render_portrait

    wanted = render_settings(settings_for(profile, None), RenderSettings(preview_px=0))
    assert wanted.tone_curve is not None and wanted.placement == profile.geometry
    expected = render_portrait(demo_photo().read_bytes(), wanted).mask
    nominal = render_portrait(demo_photo().read_bytes(), RenderSettings(preview_px=0)).mask
    assert not np.array_equal(expected.dots, nominal.dots)
    assert np.array_equal(_landed("pp8"), expected.dots)


def test_an_unknown_cup_is_refused_naming_the_printers_cups(tmp_path, capsys):
    _, path = _mask(tmp_path)
    code, doc, err = _print(capsys, path, "--port", _url("pp9"), "--data-dir", str(tmp_path),
                            "--cup", "bucket")
    assert code == 2 and doc["error"] == "cup" and "bucket" in err and "standard" in err
    assert sim.get_printer("pp9").machine.records == []


def test_a_chart_file_is_printed_raw_even_on_a_calibrated_printer(tmp_path, capsys):
    from calibration import charts

    ProfileStore.in_data_dir(tmp_path).save(measured(SERIAL))
    for kind in ("geometry", "tone", "dose"):
        chart = charts.chart_for(kind, SERIAL if kind != "dose" else None)
        path = tmp_path / f"{kind}.png"
        chart.mask.save_png(path)
        code, doc, err = _print(capsys, str(path), "--port", _url("pp10"), "--data-dir",
                                str(tmp_path))
        assert code == 0 and doc["calibration"]["status"] == "raw", kind
        assert f"is a {kind} calibration chart: it is printed raw" in err
        assert np.array_equal(_landed("pp10"), chart.mask.dots), kind
    assert charts.chart_kind(Mask.from_levels(np.zeros((254, 254), np.uint8))) is None
    assert charts.chart_kind(_mask(tmp_path)[0]) is None  # any other mask goes through
