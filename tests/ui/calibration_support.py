"""A camera for the calibration tests: the simulator's own camera over a named in-process
printer, whose photos a test can put out of focus (a technician's shaky hand)."""

from __future__ import annotations

import threading

import cv2
import numpy as np

from kiosk.camera.cup import SimPrinterCamera


class BlurCamera:
    """The simulator's camera; ``blurred = True`` blurs every photo (sigma 12 px); while
    ``held`` is set a photo waits (up to 60 s) until :meth:`release` (a screen to look at
    mid-run)."""

    def __init__(self, printer_name: str) -> None:
        self.inner = SimPrinterCamera(printer_name)
        self.name = self.inner.name
        self.blurred = False
        self.held = threading.Event()
        self._go = threading.Event()

    def hold(self) -> None:
        self._go.clear()
        self.held.set()

    def release(self) -> None:
        self.held.clear()
        self._go.set()

    def before_print(self) -> None:
        return None

    def take(self) -> np.ndarray:
        if self.held.is_set():
            self._go.wait(60)
        photo = self.inner.take()
        return cv2.GaussianBlur(photo, (0, 0), 12) if self.blurred else photo
