"""The calibration screens at every kiosk size, both languages, for a finger: the
technician's calibration section, each wizard step (choose, cup, working, the geometry and
the tone results, a refused photo, saved), the history and its restore question on the
technician's screen alone at all six sizes; the barista's check line in the barista window
at every size that window is made for (it needs 800 px across and more than 480 px high).
No text cut, nothing off its parent or over another, buttons of 15 mm and 3 mm apart
(96 dpi)."""

from __future__ import annotations

import pytest
from barista_support import close_rig, make_rig, sim_name
from calibration_support import BlurCamera
from fit_check import KIOSK_SIZES, SizeWalk, TouchRule, fit_problems, settle

from kiosk.ui.barista.style import STYLE_SHEET

SERIAL = "PL2026-0202"
TRUTH = "offset_x=1.2,rotation=0.8,gain=1.6"
RULE = TouchRule(96.0)
BARISTA_SIZES = [s for s in KIOSK_SIZES if s[0] >= 800 and s[1] > 480]


@pytest.fixture
def rig(qtbot, tmp_path):
    name = sim_name("calfit")
    camera = BlurCamera(name)
    rig = make_rig(tmp_path, name=name, speed=80, sim_query=f"&serial={SERIAL}&truth={TRUTH}",
                   cup_camera=lambda: camera)
    rig.camera = camera
    qtbot.addWidget(rig.window)
    qtbot.waitUntil(lambda: rig.service.connected, timeout=20_000)
    qtbot.waitUntil(lambda: rig.context.calibration.status().serial == SERIAL, timeout=10_000)
    yield rig
    rig.camera.release()
    close_rig(rig)


def _top_level(qtbot, widget):
    """A calibration page as its own window, styled as in the barista's."""
    widget.setStyleSheet(STYLE_SHEET + widget.styleSheet())
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_the_calibration_screens_fit_every_size_in_both_languages(qtbot, rig):
    from kiosk.ui.barista.calibration_history import CalibrationHistory
    from kiosk.ui.barista.calibration_wizard import CalibrationWizard
    from kiosk.ui.barista.technician import TechnicianView

    calibration = rig.context.calibration
    lang = rig.context.i18n.set_language
    problems: list[str] = []

    # The technician page itself is the staff screens' (its facts grid and code pad are
    # judged there, and need more than 480 px): here its calibration section.
    tech = _top_level(qtbot, TechnicianView(rig.service, rig.staff, calibration=calibration))
    section = tech.calibrate_button.parentWidget()
    for size in KIOSK_SIZES:
        for language in ("en", "ko"):
            lang(language)
            tech.resize(*size)
            tech.page_scroll.ensureWidgetVisible(tech.calibrate_button)
            settle()
            problems.extend(f"{size} technician {language}: {p}"
                            for p in fit_problems(section, RULE))
    lang("en")

    # Each page on its own at every size: the wizard's steps, the history.
    wizard = _top_level(qtbot, CalibrationWizard(calibration))
    walks = [SizeWalk(wizard, size, lang, RULE, "calibration") for size in KIOSK_SIZES]

    def check(state: str) -> None:
        for walk in walks:
            walk.check(state)

    def run(state: str) -> None:
        with qtbot.waitSignal(calibration.runFinished, timeout=60_000):
            wizard.print_button.click()
        assert wizard.step == state, wizard.problem_text.text()

    check("choose")
    wizard.choose_all.click()
    check("cup")
    rig.camera.hold()
    wizard.print_button.click()
    qtbot.waitUntil(lambda: calibration.busy and wizard.stage_text.text() != "")
    check("working")
    with qtbot.waitSignal(calibration.runFinished, timeout=60_000):
        rig.camera.release()
    assert wizard.step == "result"
    check("result-geometry")
    rig.camera.blurred = True
    wizard.measure_again()
    run("problem")
    check("refused")
    rig.camera.blurred = False
    wizard.retry_button.click()
    run("result")
    wizard.next_button.click()
    run("result")
    check("result-tone")
    wizard.next_button.click()
    run("result")
    wizard.next_button.click()
    assert wizard.step == "done"
    check("saved")

    history = _top_level(qtbot, CalibrationHistory(calibration))
    history_walks = [SizeWalk(history, size, lang, RULE, "calibration-history")
                     for size in KIOSK_SIZES]
    history.open()
    history.export()
    for walk in history_walks:
        walk.check("history")
    history.ask_restore(1)
    for walk in history_walks:
        walk.check("restore-question")
    history.answer(False)

    for walk in [*walks, *history_walks]:
        walk.save()
        problems.extend(walk.problems)
    assert all(w.checks == 14 for w in walks) and all(w.checks == 4 for w in history_walks)
    assert not problems, "\n".join(problems)


def test_the_barista_check_line_fits_the_barista_window(qtbot, rig):
    w = rig.window
    rig.add_order(seed=1)
    walks = [SizeWalk(w, size, rig.context.i18n.set_language, RULE, "barista-check")
             for size in BARISTA_SIZES]
    for walk in walks:
        walk.check("not-calibrated")
    with qtbot.waitSignal(rig.context.calibration.checkFinished, timeout=60_000):
        assert w.printer_check.start()
    assert not w.printer_check.result.passed  # never calibrated: call the technician
    for walk in walks:
        walk.check("call-technician")
    problems = [p for walk in walks for p in walk.problems]
    assert not problems, "\n".join(problems)
