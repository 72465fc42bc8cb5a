"""Cameras that photograph the printed cup for calibration: :class:`CupCamera`.

A calibration run prints a chart and then wants *a photo of that print*. Three kinds:

- :class:`SimPrinterCamera` (``sim://NAME``, or ``sim://`` for the printer being calibrated
  when it is an in-process simulator): the simulator's camera over that printer's latest
  print, a new random pose per photo (a retake is a new photo).
- :class:`FolderCamera` (a folder): the newest ``print-NNNN-photo.png`` that a
  ``photolatte sim --out FOLDER`` process writes after each print; it waits (bounded) for
  the photo of the print just made, so it calibrates a simulator in another process.
- :class:`SourceCamera`: any kiosk camera source (a device number, ``/dev/video0``, the
  kiosk's simulated camera ``sim``), one frame per photo.

Photos are ``(H, W, 3)`` uint8 **RGB** (calibration's convention; camera sources give BGR).
Every failure is a :class:`~kiosk.camera.base.CameraError` whose message says what to do.
"""

from __future__ import annotations

import json
import re
import threading
import time
from pathlib import Path
from typing import Protocol, runtime_checkable
from urllib.parse import unquote, urlsplit

import numpy as np

from kiosk.camera.base import CameraError

#: Wall seconds a folder camera waits for the photo of the print just made.
FOLDER_WAIT_S = 60.0
_PHOTO = re.compile(r"print-(\d{4,})\.json")


@runtime_checkable
class CupCamera(Protocol):
    """What a calibration run photographs the cup with.

    Attributes:
        name: for messages (``"sim://demo"``, ``"folder prints/"``).
    """

    name: str

    def before_print(self) -> None:
        """Called just before a chart is printed: a camera that must wait for the photo of
        *that* print notes what it has seen so far."""

    def take(self) -> np.ndarray:
        """A photo of the cup as it is now, ``(H, W, 3)`` uint8 RGB.

        Raises:
            CameraError: no photo can be had (the message says what to do).
        """


class SimPrinterCamera:
    """The simulator's camera over the in-process simulated printer ``name``."""

    def __init__(self, name: str, *, seed: int | None = None) -> None:
        self.name = f"sim://{name}"
        self.printer_name = name
        self._seed = seed
        self._camera: object | None = None

    def before_print(self) -> None:
        return None

    def take(self) -> np.ndarray:
        import printer_driver.sim as sim
        from printer_driver.sim.camera import PrinterCamera

        try:
            printer = sim.get_printer(self.printer_name)
        except KeyError:
            raise CameraError(f"no simulated printer called '{self.printer_name}' runs in "
                              f"this process: print to sim://{self.printer_name} first, or "
                              "give the folder of 'photolatte sim --out'") from None
        camera = self._camera
        if not isinstance(camera, PrinterCamera) or camera.printer is not printer:
            camera = self._camera = PrinterCamera(printer, seed=self._seed)
        try:
            return camera()
        except LookupError:
            raise CameraError(f"the simulated printer '{self.printer_name}' has printed "
                              "nothing yet") from None


class FolderCamera:
    """The photos ``photolatte sim --out FOLDER`` writes, one per print.

    Args:
        folder: the simulator's ``--out`` folder.
        wait_s: how long :meth:`take` waits for the photo of the print just made.
    """

    def __init__(self, folder: str | Path, *, wait_s: float = FOLDER_WAIT_S) -> None:
        self.folder = Path(folder)
        self.name = f"folder {self.folder}"
        self.wait_s = wait_s
        self._seen = self._newest()
        self._wake = threading.Event()  # never set: a bounded pause between looks

    def _newest(self) -> int:
        """The number of the newest complete print record (its JSON is written last)."""
        try:
            names = [m.group(1) for e in self.folder.iterdir()
                     if (m := _PHOTO.fullmatch(e.name))]
        except FileNotFoundError:
            return 0
        except OSError as exc:
            raise CameraError(f"{self.folder}: cannot read the folder "
                              f"({exc.strerror or exc})") from exc
        return max((int(n) for n in names), default=0)

    def before_print(self) -> None:
        self._seen = self._newest()

    def take(self) -> np.ndarray:
        if not self.folder.is_dir():
            raise CameraError(f"{self.folder} is not a folder: give the folder of "
                              "'photolatte sim --out FOLDER'")
        deadline = time.monotonic() + self.wait_s
        newest = self._newest()
        while newest <= self._seen:
            if time.monotonic() >= deadline:
                raise CameraError(f"no new photo in {self.folder} within {self.wait_s:.0f} s "
                                  "of the print: is 'photolatte sim --out' writing there?")
            self._wake.wait(0.05)
            newest = self._newest()
        return self._read(newest)

    def _read(self, number: int) -> np.ndarray:
        from calibration.errors import MeasurementError
        from calibration.measure import read_photo

        record = self.folder / f"print-{number:04d}.json"
        try:
            doc = json.loads(record.read_text(encoding="utf-8"))
            photo = self.folder / str(doc["files"]["photo"])
        except (OSError, ValueError, KeyError, TypeError):
            photo = self.folder / f"print-{number:04d}-photo.png"
        try:
            rgb, _ = read_photo(photo)
        except MeasurementError as exc:
            raise CameraError(f"{photo}: cannot read the photo "
                              f"({exc.params.get('reason', exc.code)})") from exc
        return rgb


class SourceCamera:
    """One frame of a kiosk camera source per photo.

    Args:
        source: a :class:`~kiosk.camera.reader.CameraSource` (opened on first use).
        settle_frames: frames skipped after opening (a webcam's exposure settles).
        wait_s: how long to wait for a frame.
    """

    def __init__(self, source: object, *, settle_frames: int = 3, wait_s: float = 5.0
                 ) -> None:
        from kiosk.camera.reader import CameraSource

        if not isinstance(source, CameraSource):
            raise TypeError("not a camera source")
        self.source: CameraSource = source
        self.name = source.name
        self.settle_frames = settle_frames
        self.wait_s = wait_s
        self._open = False
        self._wake = threading.Event()

    def before_print(self) -> None:
        return None

    def take(self) -> np.ndarray:
        if not self._open:
            self.source.open()
            self._open = True
            for _ in range(self.settle_frames):
                self._frame()
        return _rgb(self._frame())

    def _frame(self) -> np.ndarray:
        deadline = time.monotonic() + self.wait_s
        while True:
            frame = self.source.read()
            if frame is not None:
                return frame
            if time.monotonic() >= deadline:
                raise CameraError(f"{self.name} gave no picture in {self.wait_s:.0f} s")
            self._wake.wait(0.02)

    def close(self) -> None:
        self.source.close()
        self._open = False


def _rgb(pixels: np.ndarray) -> np.ndarray:
    import cv2

    if pixels.ndim == 2:
        return cv2.cvtColor(pixels, cv2.COLOR_GRAY2RGB)
    return np.ascontiguousarray(cv2.cvtColor(pixels, cv2.COLOR_BGR2RGB))


def sim_name(url: str | None) -> str | None:
    """The printer name of a ``sim://NAME?...`` URL, None for anything else."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme.lower() != "sim":
        return None
    from printer_driver.sim.config import DEFAULT_NAME

    return unquote(parts.netloc or parts.path.strip("/")) or DEFAULT_NAME


def open_cup_camera(spec: str, *, printer_url: str | None = None) -> CupCamera:
    """The camera ``--camera SPEC`` names for a calibration run.

    Args:
        spec: ``sim://`` (the in-process simulated printer at ``printer_url``),
            ``sim://NAME``, a folder (``photolatte sim --out``), or a kiosk camera
            (``0``, ``/dev/video0``, ``sim``: see :func:`kiosk.camera.reader.open_camera`).
        printer_url: the printer being calibrated.

    Raises:
        CameraError: the spec names nothing usable; says what to write instead.
    """
    text = spec.strip()
    if text.lower().startswith("sim://"):
        name = sim_name(text) if text.lower() != "sim://" else None
        if text.lower() == "sim://" or name is None:
            name = sim_name(printer_url)
            if name is None:
                raise CameraError("'--camera sim://' photographs an in-process simulated "
                                  "printer: use it with --port sim://NAME, or give the "
                                  "folder of 'photolatte sim --out'")
        return SimPrinterCamera(name)
    path = Path(text).expanduser()
    if path.is_dir():
        return FolderCamera(path)
    from kiosk.camera.reader import open_camera

    return SourceCamera(open_camera(text))


def kiosk_cup_camera(printer_url: str, calibration_camera: str = "",
                     kiosk_camera: str = "demo") -> CupCamera:
    """The camera the kiosk photographs calibration cups with (the technician wizard and
    the barista's check): the ``calibration_camera`` setting when given (any spec of
    :func:`open_cup_camera`); else, for an in-process simulated printer, the simulator's
    camera over it; else the kiosk's own camera (``camera`` setting). Nothing is opened
    until the first photo.

    Raises:
        CameraError: the spec names nothing usable; says what to write instead.
    """
    if calibration_camera.strip():
        return open_cup_camera(calibration_camera, printer_url=printer_url)
    name = sim_name(printer_url)
    if name is not None:
        return SimPrinterCamera(name)
    from kiosk.camera.reader import open_camera

    return SourceCamera(open_camera(kiosk_camera))


__all__ = ["FOLDER_WAIT_S", "CupCamera", "FolderCamera", "SimPrinterCamera", "SourceCamera",
           "kiosk_cup_camera", "open_cup_camera", "sim_name"]
