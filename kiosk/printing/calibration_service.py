"""The technician's calibration and the barista's daily check, headless:
:class:`CalibrationService`.

The same calls serve the technician wizard, the barista's "check the printer" button and
``photolatte calibrate run``. Every print goes through the kiosk's one print path
(:class:`~kiosk.printing.service.PrintService`): calibration charts *raw* (they measure the
head as it is), the check's target *through the profile* (it must land centred). Photos
come from a :class:`~kiosk.camera.cup.CupCamera`. Nothing is saved until :meth:`accept`.

Every call except :meth:`status` blocks (prints take tens of seconds): call them off the
GUI thread. :meth:`cancel` (any thread) stops a run or check at its next step and asks the
printer to stop the chart being printed.

Failures carry codes: :class:`~calibration.errors.MeasurementError` (a photo not trusted,
after the retakes), :class:`~calibration.errors.RunError` (printer, camera, cancelled),
:class:`~calibration.errors.ProfileError` (saving, restoring).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import numpy as np

from calibration.errors import MeasurementError, RunError, RunProblem
from kiosk.camera.base import CameraError
from kiosk.printing.calibration_state import CalibrationState, CalibrationStatus, state_of

if TYPE_CHECKING:
    from calibration.measure import Measurement
    from calibration.profile import Profile
    from calibration.store import ProfileStore, Version
    from kiosk.camera.cup import CupCamera
    from kiosk.printing.outcome import PrintEnd
    from kiosk.printing.service import PrintService
    from printer_driver.mask import Mask

#: Called as a run goes: ``(kind, stage)``; kind ``geometry``/``tone``/``dose``/``check``,
#: stage ``print``, ``photo``, ``retake``, ``measured``.
StepCallback = Callable[[str, str], None]

KINDS = ("geometry", "tone", "dose")
PRINT_TIMEOUT_S = 900.0  # a chart at real speed takes a few minutes at most
RETAKES = 2

#: The barista's check passes when the target lands within these of the cup's centre.
CHECK_OFFSET_MM = 0.5
CHECK_ROTATION_DEG = 0.5
CHECK_SCALE = 0.005


class CheckVerdict(StrEnum):
    """The barista's answer."""

    PASS = "pass"
    CALL_TECHNICIAN = "call_technician"


class CheckReason(StrEnum):
    """Why the check says "call the technician" (besides a :class:`RunProblem`)."""

    NOT_CALIBRATED = "not_calibrated"  # (no measured geometry to check)
    OFF_CENTRE = "off_centre"  # offset_mm, limit_mm, offset_x_mm, offset_y_mm
    TURNED = "turned"  # rotation_deg, limit_deg
    SCALED = "scaled"  # scale_pct, limit_pct
    PHOTO_REFUSED = "photo_refused"  # refusal, and the refusal's parameters


@dataclass(frozen=True)
class CheckResult:
    """What the barista's check found.

    Attributes:
        verdict: pass, or call the technician.
        reason: why not (None on a pass): a :class:`CheckReason` or, when the printer or
            camera stopped it, a :class:`~calibration.errors.RunProblem`.
        params: the reason's facts (see the enums), and on a measurement ``offset_mm``,
            ``rotation_deg``, ``scale_pct`` as found.
        serial: the printer checked (None if unknown).
        measurement: the target's measurement (None if none was made).
        photo: the photo measured, RGB (None if none).
    """

    verdict: CheckVerdict
    reason: CheckReason | RunProblem | None = None
    params: dict[str, Any] = field(default_factory=dict)
    serial: str | None = None
    measurement: Measurement | None = None
    photo: np.ndarray | None = None

    @property
    def passed(self) -> bool:
        return self.verdict is CheckVerdict.PASS

    def overlay(self) -> np.ndarray | None:
        """The photo with what was found drawn on it (rim, fiducials, marks), RGB."""
        if self.measurement is None or self.photo is None:
            return None
        from calibration.overlay import draw_findings

        return draw_findings(self.photo, self.measurement.findings)


@dataclass(frozen=True)
class MeasurementOutcome:
    """A finished run, not yet saved (:meth:`CalibrationService.accept` saves it).

    Attributes:
        serial: the printer measured.
        kinds: what was measured, in order (``dose`` is missing when the printer reports no
            reservoir grams: weigh it, ``photolatte calibrate measure --weighed``).
        profile: the new profile: the one in force with the measured sections replaced.
        previous: the profile in force before (None: not calibrated).
        measurements: the trusted measurement per photographed chart kind.
        photos: the photo each measurement came from, RGB.
        refused: the photos refused on the way (retaken), in order.
    """

    serial: str
    kinds: tuple[str, ...]
    profile: Profile
    previous: Profile | None
    measurements: Mapping[str, Measurement]
    photos: Mapping[str, np.ndarray]
    refused: tuple[MeasurementError, ...] = ()

    def overlay(self, kind: str) -> np.ndarray | None:
        """The photo of ``kind``'s chart with what was found drawn on it, RGB."""
        m, photo = self.measurements.get(kind), self.photos.get(kind)
        if m is None or photo is None:
            return None
        from calibration.overlay import draw_findings

        return draw_findings(photo, m.findings)

    def followed_by(self, later: MeasurementOutcome) -> MeasurementOutcome:
        """This outcome with the sections ``later`` measured laid over it (the technician
        wizard measures one chart per cup, each a run of its own; a chart measured again
        replaces its earlier measurement). Still unsaved.

        Raises:
            RunError: ``SERIAL_CHANGED``: ``later`` measured another printer.
        """
        if later.serial != self.serial:
            raise RunError(RunProblem.SERIAL_CHANGED, expected=self.serial, found=later.serial)
        profile, new = self.profile, later.profile
        for kind in later.kinds:
            prov = new.provenance.get(kind)
            if prov is None:
                continue
            if kind == "geometry" and new.geometry is not None:
                profile = profile.with_geometry(new.geometry, prov)
            elif kind == "tone":
                profile = profile.with_tone(
                    {p: r for p, r in new.tone.items() if r is not None}, prov)
            elif kind == "dose":
                profile = profile.with_dose(
                    {p: v for p, v in new.dose_mg_per_dot.items() if v is not None}, prov)
        kinds = tuple(dict.fromkeys((*self.kinds, *later.kinds)))
        return MeasurementOutcome(self.serial, kinds, profile.validated(), self.previous,
                                  {**self.measurements, **later.measurements},
                                  {**self.photos, **later.photos},
                                  (*self.refused, *later.refused))


class CalibrationService:
    """See the module docstring.

    Args:
        printer: the print service (the kiosk's, or a command's).
        store: the profiles (``ProfileStore.in_data_dir(config.data_dir)``).
        print_timeout_s: the longest a chart may take to print.
    """

    def __init__(self, printer: PrintService, store: ProfileStore, *,
                 print_timeout_s: float = PRINT_TIMEOUT_S) -> None:
        self.printer = printer
        self.store = store
        self.print_timeout_s = print_timeout_s
        self._busy = threading.Lock()
        self._cancel = threading.Event()
        self._kind = ""  # the chart being printed, for a failure's parameters

    # --- reading (quick) -----------------------------------------------------------------

    def status(self, serial: str | None = None) -> CalibrationState:
        """The calibration of ``serial`` (default: the connected printer, from its last
        handshake; ``UNKNOWN_PRINTER`` before one). Reads a small file; never prints."""
        if serial is None:
            identity = self.printer.status.identity
            if identity is None:
                return CalibrationState(CalibrationStatus.UNKNOWN_PRINTER)
            serial = identity.serial or None
        return state_of(self.store, serial)

    def history(self, serial: str | None = None) -> list[Version]:
        """The kept versions of the printer's profile, newest first."""
        return self.store.history(self._known_serial(serial))

    def restore(self, number: int, serial: str | None = None) -> Profile:
        """Make version ``number`` of :meth:`history` current again (saved as a new
        version); it applies from the next print. Raises ``ProfileError``."""
        return self.store.restore(self._known_serial(serial), number)

    def export_text(self, serial: str | None = None) -> str:
        """The profile in force as its JSON file's text (for a technician's records or
        another kiosk: ``photolatte print --profile FILE`` reads it back).

        Raises:
            RunError: ``NOT_CALIBRATED`` (nothing to export).
        """
        state = self.status(self._known_serial(serial))
        if state.profile is None or not state.calibrated:
            raise RunError(RunProblem.NOT_CALIBRATED)
        return state.profile.to_json()

    # --- runs (blocking) -------------------------------------------------------------------

    def cancel(self) -> None:
        """Stop the run or check in progress at its next step (any thread)."""
        if self._busy.locked():
            self._cancel.set()
            self.printer.abort()

    def run(self, kind: str, camera: CupCamera, on_step: StepCallback | None = None, *,
            retakes: int = RETAKES) -> MeasurementOutcome:
        """Print, photograph and measure: ``kind`` ``geometry``, ``tone``, ``dose`` or
        ``all`` (the three in that order). Returns the new profile unsaved.

        Raises:
            MeasurementError: a chart's photos were all refused (nothing is kept).
            RunError: the printer or camera failed, or :meth:`cancel` was called.
        """
        from calibration.profile import Profile
        from calibration.session import run_calibration

        kinds = KINDS if kind == "all" else (kind,)
        if any(k not in KINDS for k in kinds):
            raise ValueError(f"unknown calibration kind {kind!r}: use all, {', '.join(KINDS)}")
        with self._exclusive():
            serial = self._connected_serial()
            state = state_of(self.store, serial)
            base = state.profile or Profile.blank(serial)
            grams = self._grams_reader() if "dose" in kinds else None
            say = on_step or _quiet
            result = run_calibration(
                lambda mask: self._print(mask, camera, raw=True, chart=self._kind),
                lambda: self._photo(camera), serial=serial, profile=base, read_grams=grams,
                kinds=kinds, retakes=retakes, on_step=lambda k, s: self._step(say, k, s))
        done = tuple(k for k in kinds if k in result.measurements or
                     (k == "dose" and grams is not None))
        return MeasurementOutcome(serial, done, result.profile, state.profile,
                                  dict(result.measurements), dict(result.photos),
                                  tuple(result.refused))

    def accept(self, outcome: MeasurementOutcome) -> Profile:
        """Save the outcome's profile as the printer's current one (the previous one stays
        in the history); prints use it from the next one on. Raises ``ProfileError``."""
        return self.store.save(outcome.profile)

    def check_printer(self, camera: CupCamera, on_step: StepCallback | None = None, *,
                      retakes: int = RETAKES) -> CheckResult:
        """The barista's daily check: print the geometry target through the profile on a
        test cup, photograph it, and pass if it lands within ``CHECK_*`` of the centre.
        Never raises for the printer, the camera or a photo: the result says why."""
        from calibration import charts
        from calibration.measure import facts_of, measure_photo

        say = on_step or _quiet
        serial: str | None = None
        try:
            with self._exclusive():
                serial = self._connected_serial()
                state = state_of(self.store, serial)
                if state.profile is None or state.profile.geometry is None:
                    return CheckResult(CheckVerdict.CALL_TECHNICIAN,
                                       CheckReason.NOT_CALIBRATED, serial=serial)
                chart = charts.geometry_chart(serial)
                self._step(say, "check", "print")
                self._print(chart.mask, camera, raw=False, chart="check")
                last: MeasurementError | None = None
                for attempt in range(retakes + 1):
                    self._step(say, "check", "photo" if attempt == 0 else "retake")
                    photo = self._photo(camera)
                    try:
                        m = measure_photo(photo, serial=serial, expect="geometry",
                                          foam_diameter_mm=state.profile.cup().foam_diameter_mm,
                                          facts=facts_of(photo))
                    except MeasurementError as exc:
                        last = exc
                        continue
                    self._step(say, "check", "measured")
                    return _verdict(m, photo, serial)
                assert last is not None
                return CheckResult(CheckVerdict.CALL_TECHNICIAN, CheckReason.PHOTO_REFUSED,
                                   {"refusal": last.code, **last.params}, serial)
        except RunError as exc:
            return CheckResult(CheckVerdict.CALL_TECHNICIAN, exc.problem, dict(exc.params),
                               serial)

    # --- inside ----------------------------------------------------------------------------

    def _exclusive(self) -> _Exclusive:
        return _Exclusive(self)

    def _step(self, say: StepCallback, kind: str, stage: str) -> None:
        if self._cancel.is_set():
            raise RunError(RunProblem.CANCELLED)
        if stage == "print":
            self._kind = kind
        say(kind, stage)

    def _known_serial(self, serial: str | None) -> str:
        if serial is not None:
            return serial
        state = self.status()
        if state.serial is None:
            raise RunError(RunProblem.NO_SERIAL if state.status is CalibrationStatus.NO_SERIAL
                           else RunProblem.NOT_CONNECTED)
        return state.serial

    def _connected_serial(self) -> str:
        """The serial of the printer answering now (asks it)."""
        from printer_driver.errors import PrinterError

        try:
            report = self.printer.query().result(timeout=self.print_timeout_s)
        except PrinterError as exc:
            raise RunError(RunProblem.NOT_CONNECTED, failure=exc.code.value) from exc
        except TimeoutError as exc:
            raise RunError(RunProblem.NOT_CONNECTED, failure="timeout") from exc
        info = report.info
        if info.serial is None:
            raise RunError(RunProblem.NO_SERIAL, sent=info.serial_invalid or "")
        return info.serial

    def _grams_reader(self) -> Callable[[], Mapping[str, float]] | None:
        """Reads the reservoirs (for the dose), None when the printer reports no grams."""
        report = self.printer.query().result(timeout=self.print_timeout_s)
        if not report.status.powder_grams:
            return None

        def read() -> Mapping[str, float]:
            return dict(self.printer.query().result(timeout=self.print_timeout_s)
                        .status.powder_grams)

        return read

    def _print(self, mask: Mask, camera: CupCamera, *, raw: bool, chart: str) -> PrintEnd:
        from kiosk.printing.outcome import PrintOutcome

        if self._cancel.is_set():
            raise RunError(RunProblem.CANCELLED)
        camera.before_print()
        future = self.printer.print_mask(mask, apply_profile=not raw)
        if future is None:
            problem = RunProblem.PRINTER_BUSY if self.printer.busy else RunProblem.NOT_CONNECTED
            raise RunError(problem, chart=chart)
        end = _wait(future, self.print_timeout_s)
        if self._cancel.is_set():
            raise RunError(RunProblem.CANCELLED)
        if end is None:
            self.printer.abort()
            raise RunError(RunProblem.PRINT_FAILED, chart=chart, failure="timeout",
                           print_started=True)
        if end.outcome is not PrintOutcome.DONE:
            failure = end.failure
            raise RunError(RunProblem.PRINT_FAILED, chart=chart,
                           failure=failure.code if failure else end.outcome.value,
                           print_started=bool(failure and failure.print_started),
                           **(dict(failure.params) if failure else {}))
        return end

    def _photo(self, camera: CupCamera) -> np.ndarray:
        if self._cancel.is_set():
            raise RunError(RunProblem.CANCELLED)
        try:
            photo = camera.take()
        except CameraError as exc:
            raise RunError(RunProblem.CAMERA_FAILED, camera=camera.name, reason=str(exc)) \
                from exc
        return np.ascontiguousarray(photo)


class _Exclusive:
    """One run or check at a time; the cancel flag is fresh for each."""

    def __init__(self, service: CalibrationService) -> None:
        self.service = service

    def __enter__(self) -> None:
        if not self.service._busy.acquire(blocking=False):
            raise RunError(RunProblem.PRINTER_BUSY)
        self.service._cancel.clear()

    def __exit__(self, *exc: object) -> None:
        self.service._busy.release()


def _quiet(kind: str, stage: str) -> None:
    return None


def _wait(future: Future[PrintEnd], seconds: float) -> PrintEnd | None:
    from concurrent.futures import TimeoutError as FutureTimeout

    try:
        return future.result(timeout=seconds)
    except FutureTimeout:
        return None


def _verdict(m: Measurement, photo: np.ndarray, serial: str) -> CheckResult:
    assert m.geometry is not None
    g = m.geometry.geometry
    offset = math.hypot(g.offset_x_mm, g.offset_y_mm)
    found = {"offset_mm": round(offset, 3), "offset_x_mm": round(g.offset_x_mm, 3),
             "offset_y_mm": round(g.offset_y_mm, 3), "rotation_deg": round(g.rotation_deg, 3),
             "scale_pct": round(100 * (g.scale - 1), 3)}
    reason: CheckReason | None = None
    limits: dict[str, float] = {}
    if offset > CHECK_OFFSET_MM:
        reason, limits = CheckReason.OFF_CENTRE, {"limit_mm": CHECK_OFFSET_MM}
    elif abs(g.rotation_deg) > CHECK_ROTATION_DEG:
        reason, limits = CheckReason.TURNED, {"limit_deg": CHECK_ROTATION_DEG}
    elif abs(g.scale - 1) > CHECK_SCALE:
        reason, limits = CheckReason.SCALED, {"limit_pct": 100 * CHECK_SCALE}
    verdict = CheckVerdict.PASS if reason is None else CheckVerdict.CALL_TECHNICIAN
    return CheckResult(verdict, reason, {**found, **limits}, serial, m, photo)


__all__ = ["CHECK_OFFSET_MM", "CHECK_ROTATION_DEG", "CHECK_SCALE", "KINDS", "CalibrationService",
           "CheckReason", "CheckResult", "CheckVerdict", "MeasurementOutcome", "StepCallback"]
