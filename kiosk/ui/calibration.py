"""The calibration service as the kiosk's windows see it: :class:`QtCalibration`.

A thin Qt adapter over the headless
:class:`~kiosk.printing.calibration_service.CalibrationService` (every rule: what is
printed, measured, refused, saved; the check's verdict), on the kiosk's one print service.
Runs and checks block for tens of seconds, so each goes on one
:class:`~kiosk.ui.workers.BackgroundCall`; its steps and the chart's print progress come
back as signals on the GUI thread. While one runs the print adapter counts the printer as
busy (no order, test print or idle reset meanwhile). No words live here: the technician's
and barista's words are in :mod:`kiosk.ui.barista.calibration_words`, keyed by code.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from calibration.errors import RunError, RunProblem
from kiosk.camera.base import CameraError
from kiosk.printing.calibration_export import write_export
from kiosk.printing.calibration_service import CheckResult, CheckVerdict
from kiosk.ui.workers import BackgroundCall, EventRelay

if TYPE_CHECKING:
    from calibration.profile import Profile
    from calibration.store import Version
    from kiosk.camera.cup import CupCamera
    from kiosk.printing.calibration_service import CalibrationService, MeasurementOutcome
    from kiosk.printing.calibration_state import CalibrationState
    from kiosk.ui.print_adapter import QtPrintService

log = logging.getLogger(__name__)


class QtCalibration(QObject):
    """The kiosk's calibration: one run or check at a time, answers as signals.

    Args:
        printer: the kiosk's print adapter (its service prints the charts).
        service: the calibration service over ``printer.service``.
        camera: opens the camera that photographs the cup (called at the first photo;
            raises :class:`~kiosk.camera.base.CameraError`), see
            :func:`kiosk.camera.cup.kiosk_cup_camera`.
        export_dir: where :meth:`export` writes by default (the data folder's ``exports``).

    Signals (GUI thread):
        step(kind, stage): a run or check moved on (``print``, ``photo``, ``retake``,
            ``measured``; kind ``geometry``/``tone``/``dose``/``check``).
        progress(rows_done, rows_total, seconds_left): the chart printing (-1: unknown).
        runFinished(object): a :class:`MeasurementOutcome`, or the exception that ended
            the run (``MeasurementError``: the photos were refused; ``RunError``).
        checkFinished(object): a :class:`CheckResult` (never an exception for the printer
            or camera: the result says why), or an unexpected exception.
        busyChanged(bool): a run or check started or ended.
        profileChanged(): a profile was saved or restored here.
    """

    step = Signal(str, str)
    progress = Signal(int, int, float)
    runFinished = Signal(object)  # noqa: N815 (Qt naming)
    checkFinished = Signal(object)  # noqa: N815
    busyChanged = Signal(bool)  # noqa: N815
    profileChanged = Signal()  # noqa: N815

    def __init__(self, printer: QtPrintService, service: CalibrationService,
                 camera: Callable[[], CupCamera], *, export_dir: Path,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.printer = printer
        self.service = service
        self.export_dir = export_dir
        self._open_camera = camera
        self._camera: CupCamera | None = None
        self._call = BackgroundCall("calibration", self)
        self._call.done.connect(self._finished)
        self._steps = EventRelay(self._on_step, self)
        self._checking = False
        self._state: CalibrationState | None = None
        self._state_serial: str | None = None
        printer.calibrationProgress.connect(self.progress)

    # --- reading (quick, GUI thread) -------------------------------------------------------

    @property
    def busy(self) -> bool:
        """True while a run or check is in progress."""
        return self._call.running

    def status(self, *, fresh: bool = False) -> CalibrationState:
        """The connected printer's calibration. Kept per printer (the screens ask on every
        status tick; the file is read on the GUI thread): read again after a save or
        restore here, when another printer answers, or when ``fresh`` (a page opening, so
        a profile changed meanwhile by ``photolatte calibrate`` shows)."""
        identity = self.printer.status.identity
        serial = identity.serial if identity is not None else None
        if fresh or self._state is None or serial != self._state_serial:
            self._state, self._state_serial = self.service.status(), serial
        return self._state

    def history(self) -> list[Version]:
        """The kept versions, newest first. Raises ``RunError``/``ProfileError``."""
        return self.service.history()

    # --- runs (answers come as signals) ----------------------------------------------------

    def start_run(self, kind: str) -> bool:
        """Print ``kind``'s chart, photograph and measure it (``runFinished``); False when
        refused (a run, check or print in progress)."""
        return self._start(lambda: self.service.run(kind, self._cup_camera(), self._step),
                           checking=False)

    def start_check(self) -> bool:
        """The barista's daily check (``checkFinished``); False when refused."""
        return self._start(self._check, checking=True)

    def cancel(self) -> None:
        """Stop the run or check at its next step (the chart being printed is stopped)."""
        self.service.cancel()

    def join(self, timeout: float = 5.0) -> None:
        """Wait for a run in progress to end (the window is closing: cancel first)."""
        self._call.join(timeout)

    # --- saving (quick, GUI thread) --------------------------------------------------------

    def accept(self, outcome: MeasurementOutcome) -> Profile:
        """Save the run's profile; prints use it from the next one. Raises ProfileError."""
        profile = self.service.accept(outcome)
        self._state = None
        self.profileChanged.emit()
        return profile

    def restore(self, number: int) -> Profile:
        """Make version ``number`` current again. Raises ProfileError/RunError."""
        profile = self.service.restore(number)
        self._state = None
        self.profileChanged.emit()
        return profile

    def export_text(self) -> str:
        """The profile in force as its JSON text. Raises RunError (``NOT_CALIBRATED``)."""
        return self.service.export_text()

    def write_export(self, text: str, folder: Path | None = None) -> Path:
        """Write ``text`` to a new file in ``folder`` (default :attr:`export_dir`) and
        return where. Raises ProfileError (``WRITE_FAILED``)."""
        serial = self.status().serial or "printer"
        return write_export(text, folder or self.export_dir, serial)

    # --- inside ------------------------------------------------------------------------------

    def _start(self, work: Callable[[], object], *, checking: bool) -> bool:
        if self.busy or self.printer.busy:
            return False
        self._checking = checking
        self.printer.set_calibrating(True)
        if not self._call.start(work):
            self.printer.set_calibrating(False)
            return False
        self.busyChanged.emit(True)
        return True

    def _cup_camera(self) -> CupCamera:
        """The camera (opened once); a camera that cannot be had is a ``RunError``."""
        if self._camera is None:
            try:
                self._camera = self._open_camera()
            except CameraError as exc:
                raise RunError(RunProblem.CAMERA_FAILED, camera="", reason=str(exc)) from exc
        return self._camera

    def _check(self) -> CheckResult:  # the worker thread
        try:
            camera = self._cup_camera()
        except RunError as exc:  # nothing printed: the camera is the reason
            return CheckResult(CheckVerdict.CALL_TECHNICIAN, exc.problem, dict(exc.params))
        return self.service.check_printer(camera, self._step)

    def _step(self, kind: str, stage: str) -> None:  # the worker thread
        self._steps.send((kind, stage))

    def _on_step(self, event: object) -> None:
        if isinstance(event, tuple) and len(event) == 2:
            self.step.emit(str(event[0]), str(event[1]))

    def _finished(self, result: object) -> None:
        self.printer.set_calibrating(False)
        self.busyChanged.emit(False)
        if self._checking:
            self.checkFinished.emit(result)
        else:
            self.runFinished.emit(result)


__all__ = ["QtCalibration"]
