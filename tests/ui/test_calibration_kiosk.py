"""The kiosk's calibration on its one print service: the app builds it over the printer
the windows share, photographs the demo's simulated printer with the simulator's camera,
holds the printer while a chart prints (no order or test print in between), and saves
nothing until the technician accepts. Real print service, real simulator, signals."""

from __future__ import annotations

import os

import pytest

from calibration.errors import RunError, RunProblem
from kiosk.camera.cup import SimPrinterCamera, SourceCamera, kiosk_cup_camera
from kiosk.printing.calibration_service import MeasurementOutcome
from kiosk.printing.calibration_state import CalibrationStatus
from kiosk.settings.config import KioskConfig


def test_the_cup_camera_follows_the_printer_and_the_setting(tmp_path):
    sim = kiosk_cup_camera("sim://kiosk?speed=1", "", "demo")
    assert isinstance(sim, SimPrinterCamera) and sim.printer_name == "kiosk"
    real = kiosk_cup_camera("/dev/ttyACM0", "", "demo")
    assert isinstance(real, SourceCamera)  # the kiosk's own camera, not opened yet
    folder = kiosk_cup_camera("/dev/ttyACM0", str(tmp_path), "demo")
    assert folder.name == f"folder {tmp_path}"
    assert KioskConfig(data_dir=tmp_path, calibration_camera="2").calibration_camera == "2"


@pytest.fixture
def kiosk(qtbot, tmp_path):
    from kiosk.ui.app import KioskApp

    name = f"calkiosk{os.getpid()}"
    config = KioskConfig(data_dir=tmp_path,
                         printer_url=f"sim://{name}?speed=60&seed=4&serial=PL2026-0042")
    app = KioskApp(config, barista=False)
    app.context.printer.start()
    qtbot.waitUntil(lambda: app.context.printer.connected, timeout=20_000)
    yield app
    app.shutdown()


def test_a_run_holds_the_printer_and_saves_only_when_accepted(qtbot, kiosk):
    calibration = kiosk.context.calibration
    printer = kiosk.context.printer
    assert calibration is not None and calibration.service.printer is printer.service
    qtbot.waitUntil(lambda: calibration.status().serial == "PL2026-0042", timeout=10_000)
    assert calibration.status().status is CalibrationStatus.NOT_CALIBRATED
    steps: list[tuple[str, str]] = []
    calibration.step.connect(lambda k, s: steps.append((k, s)))
    rows: list[int] = []
    calibration.progress.connect(lambda done, total, left: rows.append(done))
    with qtbot.waitSignal(calibration.runFinished, timeout=60_000) as finished:
        assert calibration.start_run("geometry")
        assert printer.busy and calibration.busy
        assert not calibration.start_check()  # one at a time
        from kiosk.ui.barista.testpattern import make_test_pattern

        assert not printer.test_print(make_test_pattern(76.0, 0.3))
    outcome = finished.args[0]
    assert isinstance(outcome, MeasurementOutcome), outcome
    assert ("geometry", "print") in steps and ("geometry", "measured") in steps
    assert rows and max(rows) > 0
    assert not printer.busy
    assert calibration.status().status is CalibrationStatus.NOT_CALIBRATED  # not yet
    with qtbot.waitSignal(calibration.profileChanged):
        calibration.accept(outcome)
    assert calibration.status().status is CalibrationStatus.CALIBRATED
    assert len(calibration.history()) == 1
    path = calibration.write_export(calibration.export_text())
    assert path.parent == tmp_exports(kiosk) and "PL2026-0042" in path.read_text()


def tmp_exports(kiosk):
    return kiosk.config.data_dir / "exports"


def test_cancel_stops_the_chart_and_keeps_nothing(qtbot, kiosk):
    calibration = kiosk.context.calibration
    assert calibration is not None
    calibration.step.connect(lambda k, s: calibration.cancel() if s == "print" else None)
    with qtbot.waitSignal(calibration.runFinished, timeout=60_000) as finished:
        assert calibration.start_run("geometry")
    error = finished.args[0]
    assert isinstance(error, RunError) and error.problem is RunProblem.CANCELLED
    assert not kiosk.context.printer.busy
    assert calibration.status().status is CalibrationStatus.NOT_CALIBRATED
