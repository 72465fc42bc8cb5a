"""The calibration service the technician wizard, the barista's check and
``photolatte calibrate run`` share, on the in-process simulator through the real print
service and driver: a run measures the head (charts printed raw), nothing is kept until it
is accepted, the check passes a calibrated printer and names what is wrong otherwise, and
a bad photo, a broken camera or a cancel never changes the profile."""

from __future__ import annotations

import threading

import numpy as np
import pytest

import printer_driver.sim as sim
from calibration.errors import MeasurementError, Refusal, RunError, RunProblem
from calibration.profile import Geometry
from calibration.store import ProfileStore
from kiosk.camera.base import CameraError
from kiosk.camera.cup import SimPrinterCamera
from kiosk.printing.calibration_service import (
    CalibrationService,
    CheckReason,
    CheckVerdict,
)
from kiosk.printing.calibration_state import CalibrationStatus
from kiosk.printing.profile_lookup import StoreLookup
from kiosk.printing.service import PrintService

SERIAL = "PL2026-0077"
TRUTH = "offset_x=1.2,offset_y=-0.6,rotation=0.8,scale=1.01,gain=1.6,mg_per_dot.cocoa=0.27"


class Noise:
    name = "noise"

    def before_print(self) -> None:
        return None

    def take(self) -> np.ndarray:
        return np.random.default_rng(0).integers(0, 255, (600, 800, 3), dtype=np.uint8)


class Unplugged:
    name = "camera 0"

    def before_print(self) -> None:
        return None

    def take(self) -> np.ndarray:
        raise CameraError("camera 0 is not connected")


@pytest.fixture
def setup(tmp_path):
    """A command-mode print service on a fresh simulated printer, its calibration service."""
    made: list[PrintService] = []

    def make(name: str, truth: str = TRUTH):
        store = ProfileStore(tmp_path / "printers")
        url = f"sim://{name}?speed=60&seed=5&serial={SERIAL}&truth={truth}"
        printer = PrintService(url, on_event=lambda e: None, keep_connected=False,
                               profiles=StoreLookup(store))
        printer.start()
        made.append(printer)
        return CalibrationService(printer, store), SimPrinterCamera(name), store

    yield make
    for printer in made:
        printer.stop()


def test_a_run_measures_the_raw_head_saves_only_when_accepted_and_the_check_then_passes(setup):
    service, camera, _store = setup("cs1")
    assert service.check_printer(camera).reason is CheckReason.NOT_CALIBRATED
    steps: list[tuple[str, str]] = []
    outcome = service.run("all", camera, lambda k, s: steps.append((k, s)))
    g = outcome.profile.geometry
    assert g is not None and outcome.kinds == ("geometry", "tone", "dose")
    assert abs(g.offset_x_mm - 1.2) < 0.25 and abs(g.offset_y_mm + 0.6) < 0.25
    assert abs(g.rotation_deg - 0.8) < 0.3 and abs(g.scale - 1.01) < 0.003
    assert outcome.profile.dose_mg_per_dot["cocoa"] == pytest.approx(0.27, rel=0.05)
    assert ("geometry", "print") in steps and ("dose", "measured") in steps
    overlay = outcome.overlay("geometry")
    assert overlay is not None and overlay.shape == outcome.photos["geometry"].shape
    # Charts went out raw: the simulator printed exactly the chart's dots.
    first = sim.get_printer("cs1").machine.records[0]
    from calibration import charts
    np.testing.assert_array_equal(first.printed, charts.geometry_chart(SERIAL).mask.dots)

    assert service.status().status is CalibrationStatus.NOT_CALIBRATED  # not yet accepted
    service.accept(outcome)
    state = service.status()
    assert state.status is CalibrationStatus.CALIBRATED and state.measured == (
        "geometry", "tone", "dose")
    assert len(service.history()) == 1
    assert SERIAL in service.export_text()

    result = service.check_printer(camera)
    assert result.verdict is CheckVerdict.PASS, result
    assert result.params["offset_mm"] < 0.3 and abs(result.params["rotation_deg"]) < 0.3


def test_the_check_calls_the_technician_when_the_head_moved_since(setup):
    service, camera, store = setup("cs2", truth="offset_x=2.0,rotation=0.2,gain=1.4")
    from calibration.profile import Profile, Provenance

    stale = Profile.blank(SERIAL).with_geometry(
        Geometry(offset_x_mm=0.8, rotation_deg=0.2),
        Provenance("2026-01-01T00:00:00+00:00", "geometry/1", "photo"))
    store.save(stale)
    result = service.check_printer(camera)
    assert result.verdict is CheckVerdict.CALL_TECHNICIAN
    assert result.reason is CheckReason.OFF_CENTRE
    assert result.params["offset_mm"] == pytest.approx(1.2, abs=0.25)
    assert result.overlay() is not None


def test_bad_photos_a_broken_camera_and_a_cancel_change_nothing(setup):
    service, camera, store = setup("cs3")
    with pytest.raises(MeasurementError) as refused:
        service.run("geometry", Noise())
    assert refused.value.refusal is Refusal.NO_CUP
    with pytest.raises(RunError) as broken:
        service.run("geometry", Unplugged())
    assert broken.value.problem is RunProblem.CAMERA_FAILED
    assert broken.value.params["camera"] == "camera 0"
    check = service.check_printer(Unplugged())
    assert check.reason is CheckReason.NOT_CALIBRATED  # nothing to check against yet

    started = threading.Event()

    def on_step(kind: str, stage: str) -> None:
        if stage == "photo":
            started.set()
            service.cancel()

    with pytest.raises(RunError) as cancelled:
        service.run("all", camera, on_step)
    assert started.is_set() and cancelled.value.problem is RunProblem.CANCELLED
    assert store.history(SERIAL) == []
    assert service.status().status is CalibrationStatus.NOT_CALIBRATED
