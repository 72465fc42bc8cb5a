"""The simulator's camera as a kiosk camera source: ``--camera sim`` or ``sim://NAME``.

With no hardware, the kiosk's camera can look at the in-process simulated printer's cup
(:class:`printer_driver.sim.camera.PrinterCamera`): each frame is the latest print as the
simulator's camera sees it (one pose per print, so the picture holds still between prints),
an empty cup before the first. The technician's calibration and the barista's check then
run end to end on the demo. A photo costs ~0.2 s to draw, so it is drawn once per print.
"""

from __future__ import annotations

import numpy as np

from kiosk.camera.base import FRAME_HEIGHT, FRAME_WIDTH, CameraError

FPS = 5.0
#: The name of the kiosk's built-in simulated printer (``printer_url`` ``sim://kiosk``).
KIOSK_PRINTER = "kiosk"


class SimCupSource:
    """A camera source over a simulated printer's cup.

    Args:
        printer: the printer's name; None: the only one running in this process (or the
            kiosk's built-in one).
    """

    is_live = False
    fps = FPS

    def __init__(self, printer: str | None = None) -> None:
        self.printer_name = printer
        self.name = f"sim://{printer}" if printer else "simulated camera"
        self._camera: object | None = None
        self._frame: np.ndarray | None = None
        self._prints = -1

    def _find(self) -> str:
        import printer_driver.sim as sim

        if self.printer_name is not None:
            return self.printer_name
        names = sim.printer_names()
        if len(names) == 1:
            return names[0]
        if KIOSK_PRINTER in names:
            return KIOSK_PRINTER
        raise CameraError("the simulated camera looks at a simulated printer, and none is "
                          "running yet (or several are: name one with --camera sim://NAME)")

    def open(self) -> None:
        import printer_driver.sim as sim
        from printer_driver.sim.camera import PrinterCamera

        name = self._find()
        try:
            printer = sim.get_printer(name)
        except KeyError:
            raise CameraError(f"no simulated printer called '{name}' is running: start "
                              f"the kiosk with --printer sim://{name}") from None
        self._camera = PrinterCamera(printer)
        self._prints = -1

    def read(self) -> np.ndarray | None:
        from printer_driver.sim.camera import PrinterCamera

        camera = self._camera
        if not isinstance(camera, PrinterCamera):
            raise CameraError("the simulated camera is not open")
        if not camera.printer.running:
            raise CameraError("the simulated printer was switched off")
        prints = camera.prints
        if prints != self._prints or self._frame is None:
            import cv2

            from kiosk.camera.files import fit_frame

            rgb = camera(empty_cup=True)
            self._frame = fit_frame(cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR), FRAME_WIDTH,
                                    FRAME_HEIGHT)
            self._prints = prints
        return self._frame.copy()

    def close(self) -> None:
        self._camera = None
        self._frame = None


__all__ = ["KIOSK_PRINTER", "SimCupSource"]
