"""The technician's calibration wizard and history, and the barista's daily check, on the
barista window over the real print service and an in-process simulated printer whose head
is off (1.2 mm, 0.8°, 1 % large): every chart printed, photographed by the simulator's
camera and measured for real; the tests wait on the calibration's signals.

What a technician relies on: nothing is saved until Save; the profile saved is what the
charts showed; history grows and restore brings an older version back (after asking); a
refused photo says why and keeps the profile in force; the barista's check passes a
calibrated printer and calls the technician, with the reason, when the head moved since.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from barista_support import close_rig, make_rig
from calibration_support import BlurCamera

from calibration.errors import Refusal
from kiosk.printing.calibration_state import CalibrationStatus

SERIAL = "PL2026-0101"
TRUTH = "offset_x=1.2,offset_y=-0.6,rotation=0.8,scale=1.01,gain=1.6"
RUN_MS = 60_000


@pytest.fixture
def rig(qtbot, tmp_path):
    from barista_support import sim_name

    name = sim_name("calwiz")
    camera = BlurCamera(name)
    rig = make_rig(tmp_path, name=name, speed=60,
                   sim_query=f"&serial={SERIAL}&truth={TRUTH}", cup_camera=lambda: camera)
    rig.camera = camera
    qtbot.addWidget(rig.window)
    qtbot.waitUntil(lambda: rig.service.connected, timeout=20_000)
    qtbot.waitUntil(lambda: rig.context.calibration.status().serial == SERIAL, timeout=10_000)
    yield rig
    close_rig(rig)


def _measure(qtbot, wizard) -> None:
    """The cup is in place: print the chart, wait for its result."""
    assert wizard.step == "cup"
    with qtbot.waitSignal(wizard.calibration.runFinished, timeout=RUN_MS):
        wizard.print_button.click()
        assert wizard.step == "working"
    assert wizard.step == "result", wizard.problem_text.text()


def _calibrate_geometry(qtbot, rig) -> None:
    rig.window.open_technician()
    tech = rig.window.technician
    tech.calibrate_button.click()
    tech.wizard.choose_geometry.click()
    _measure(qtbot, tech.wizard)
    tech.wizard.next_button.click()
    assert tech.wizard.step == "done"
    tech.wizard.done_button.click()


def test_the_wizard_measures_every_chart_and_saves_only_at_the_end(qtbot, rig):
    w = rig.window
    calibration = rig.context.calibration
    assert "Not calibrated" in w.printer_check.text.text()  # the barista reads it plainly
    w.open_technician()
    tech = w.technician
    assert tech.calibration_text.text().startswith("Not calibrated")
    tech.calibrate_button.click()
    wizard = tech.wizard
    assert w.pages.currentWidget() is tech and tech.pages.currentWidget() is wizard
    assert wizard.step == "choose"
    wizard.choose_all.click()

    _measure(qtbot, wizard)  # geometry
    assert wizard.photo.has_picture and not wizard.plot.isVisible()
    assert "turned +0.8" in wizard.figures.text()
    assert wizard.next_button.text() == "Next: the tone chart"
    wizard.next_button.click()
    _measure(qtbot, wizard)  # tone
    assert wizard.plot.isVisible() and set(wizard.plot.powders) == {"cocoa", "cinnamon"}
    wizard.next_button.click()
    _measure(qtbot, wizard)  # dose, read from the reservoirs
    assert "mg" in wizard.figures.text()
    assert wizard.next_button.text() == "Save the calibration"
    assert calibration.status().status is CalibrationStatus.NOT_CALIBRATED  # not yet
    assert calibration.history() == []

    wizard.next_button.click()
    assert wizard.step == "done"
    state = calibration.status()
    assert state.status is CalibrationStatus.CALIBRATED
    assert state.measured == ("geometry", "tone", "dose")
    g = state.profile.geometry
    assert abs(g.offset_x_mm - 1.2) < 0.25 and abs(g.rotation_deg - 0.8) < 0.3
    assert len(calibration.history()) == 1
    wizard.done_button.click()
    assert tech.pages.currentIndex() == 0 and tech.calibration_text.text().startswith(
        "Calibrated on")
    assert "Not calibrated" not in w.printer_check.text.text()


def test_history_grows_restore_asks_first_and_export_says_where(qtbot, rig):
    calibration = rig.context.calibration
    _calibrate_geometry(qtbot, rig)
    first = calibration.status().profile
    rig.sim.settings = replace(rig.sim.settings, truth=replace(
        rig.sim.settings.truth, offset_x_mm=2.0))  # the head was knocked
    _calibrate_geometry(qtbot, rig)
    assert abs(calibration.status().profile.geometry.offset_x_mm - 2.0) < 0.25

    tech = rig.window.technician
    tech.history_button.click()
    history = tech.history
    assert tech.pages.currentWidget() is history
    assert [r.version.number for r in history.rows] == [1, 2]
    assert not history.rows[0].button.isVisible()  # the one in force: nothing to restore
    history.rows[1].button.click()
    assert history.pages.currentIndex() == 1 and "Restore the calibration" in \
        history.question.text()
    history.no_button.click()  # asked, declined: nothing changed
    assert len(calibration.history()) == 2
    history.rows[1].button.click()
    history.yes_button.click()
    assert len(history.rows) == 3 and "Restored" in history.note.text()
    assert calibration.status().profile.geometry == first.geometry

    path = history.export()
    assert path is not None and path.parent == rig.context.config.data_dir / "exports"
    assert str(path) in history.note.text() and history.text.isVisible()
    assert history.text.toPlainText().strip() == path.read_text().strip()
    from calibration.store import read_profile_file

    # The file reads back as the profile in force (print --profile FILE, another kiosk).
    assert read_profile_file(path, serial=SERIAL).geometry == first.geometry


def test_a_refused_photo_says_why_offers_a_retake_and_keeps_the_profile(qtbot, rig):
    calibration = rig.context.calibration
    _calibrate_geometry(qtbot, rig)
    saved = calibration.status().profile

    rig.camera.blurred = True
    tech = rig.window.technician
    tech.open_wizard()
    wizard = tech.wizard
    wizard.choose_geometry.click()
    with qtbot.waitSignal(calibration.runFinished, timeout=RUN_MS):
        wizard.print_button.click()
    assert wizard.step == "problem"
    assert wizard.problem_code.text() == f"Code: {Refusal.BLURRED.value}"
    assert "blurred" in wizard.problem_text.text()
    assert calibration.status().profile == saved and len(calibration.history()) == 1

    rig.camera.blurred = False
    wizard.retry_button.click()
    _measure(qtbot, wizard)
    wizard.discard_button.click()  # leaving without saving keeps the profile too
    assert tech.pages.currentIndex() == 0
    assert calibration.status().profile == saved and len(calibration.history()) == 1


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_barista_check_passes_then_calls_the_technician_when_the_head_moved(
        qtbot, rig, lang):
    _calibrate_geometry(qtbot, rig)
    rig.window.show_orders()
    rig.context.i18n.set_language(lang)
    check = rig.window.printer_check
    with qtbot.waitSignal(rig.context.calibration.checkFinished, timeout=RUN_MS):
        assert check.start()
        assert not check.button.isEnabled()  # one check at a time; the printer is busy
    assert check.result is not None and check.result.passed, check.text.text()
    passed = check.text.text()

    rig.sim.settings = replace(rig.sim.settings, truth=replace(
        rig.sim.settings.truth, offset_x_mm=2.2))  # knocked since the calibration
    with qtbot.waitSignal(rig.context.calibration.checkFinished, timeout=RUN_MS):
        check.button.click()
    assert check.result is not None and not check.result.passed
    failed = check.text.text()
    assert check.result.params["offset_mm"] > 0.5
    if lang == "en":
        assert passed.startswith("Pass")
        assert failed.startswith("Call the technician: the picture lands")
    else:
        assert "Pass" not in passed and "Call the technician" not in failed
        assert f"{check.result.params['offset_mm']:.2f}" in failed  # the reason's figure


def test_a_profile_saved_by_the_command_line_shows_when_the_technician_opens_the_page(
        qtbot, rig):
    from calibration.profile import Geometry, Profile, Provenance
    from calibration.store import ProfileStore

    w = rig.window
    w.open_technician()
    assert w.technician.calibration_text.text().startswith("Not calibrated")
    # 'photolatte calibrate restore' (or measure) on the same data folder, meanwhile.
    ProfileStore.in_data_dir(rig.context.config.data_dir).save(
        Profile.blank(SERIAL).with_geometry(
            Geometry(offset_x_mm=1.2, rotation_deg=0.8),
            Provenance("2026-01-01T00:00:00+00:00", "geometry/1", "photo")))
    w.show_orders()
    w.open_technician()
    assert w.technician.calibration_text.text().startswith("Calibrated on")
