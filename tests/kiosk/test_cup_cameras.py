"""Cameras over the printed cup: the kiosk's simulated camera source shows the simulated
printer's latest print, the folder camera waits for the photo of the print just made by a
'photolatte sim --out' printer, and a spec that names nothing usable says what to write."""

from __future__ import annotations

import numpy as np
import pytest

import printer_driver.sim as sim
from kiosk.camera.base import CameraError
from kiosk.camera.cup import FolderCamera, SimPrinterCamera, SourceCamera, open_cup_camera
from kiosk.camera.reader import open_camera, parse_camera_spec
from kiosk.camera.simcup import SimCupSource
from printer_driver import PrinterDriver
from printer_driver.mask import Mask
from printer_driver.powders import PowderSet


@pytest.fixture(autouse=True)
def _no_simulated_printers_left():
    yield
    sim.shutdown_all()


def _disc() -> Mask:
    n = 254
    pos = (np.arange(n) + 0.5 - n / 2) * 0.3
    xx, yy = np.meshgrid(pos, pos)
    return Mask.from_levels((np.hypot(xx, yy) < 20).astype(np.uint8) * 2,
                            powders=PowderSet.COCOA)


def test_the_kiosk_can_watch_the_simulated_printers_cup():
    assert parse_camera_spec("sim").kind == "sim"
    assert parse_camera_spec("sim://cam1").target == "cam1"
    with PrinterDriver.open("sim://cam1?speed=80") as drv:
        source = open_camera("sim://cam1")
        assert isinstance(source, SimCupSource)
        source.open()
        empty = source.read()
        assert empty is not None and empty.shape == (480, 640, 3)
        drv.print_mask(_disc())
        printed = source.read()
        assert printed is not None and printed.mean() < empty.mean() - 5  # cocoa on the foam
        assert np.array_equal(source.read(), printed)  # holds still between prints
        source.close()
        photo = SourceCamera(SimCupSource("cam1"), settle_frames=1).take()
        assert photo.shape == (480, 640, 3)
        # RGB for calibration: the foam's cocoa is redder than it is blue.
        centre = photo[200:280, 280:360].reshape(-1, 3).mean(axis=0)
        assert centre[0] > centre[2]
    with pytest.raises(CameraError, match="sim://nowhere"):
        SimCupSource("nowhere").open()


def test_the_folder_camera_waits_for_the_photo_of_the_print_just_made(tmp_path):
    out = tmp_path / "prints"
    camera = open_cup_camera(str(tmp_path))
    assert isinstance(camera, FolderCamera)
    camera = FolderCamera(out, wait_s=0.3)
    with pytest.raises(CameraError, match="not a folder"):
        camera.take()
    with PrinterDriver.open(f"sim://cam2?speed=80&out={out}") as drv:
        camera.before_print()
        drv.print_mask(_disc())
        camera.wait_s = 30.0
        first = camera.take()
        assert first.ndim == 3 and first.shape[2] == 3
        assert np.array_equal(camera.take(), first)  # a retake of the same print
        camera.before_print()
        camera.wait_s = 0.3
        with pytest.raises(CameraError, match="no new photo"):
            camera.take()  # nothing printed since


def test_camera_specs_for_a_calibration_run():
    cam = open_cup_camera("sim://", printer_url="sim://bench?speed=20")
    assert isinstance(cam, SimPrinterCamera) and cam.printer_name == "bench"
    assert open_cup_camera("sim://other").name == "sim://other"  # type: ignore[attr-defined]
    with pytest.raises(CameraError, match="--port sim://NAME"):
        open_cup_camera("sim://", printer_url="socket://127.0.0.1:5555")
    with pytest.raises(CameraError, match="has printed nothing"), \
            PrinterDriver.open("sim://cam3?speed=80"):
        open_cup_camera("sim://cam3").take()
    with pytest.raises(CameraError, match="No camera or file"):
        open_cup_camera("no-such-camera")
