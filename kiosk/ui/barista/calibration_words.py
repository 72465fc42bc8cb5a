"""Calibration in plain words, for the technician wizard and the barista's check.

The headless calibration speaks in codes with parameters: a refused photo's
:class:`~calibration.errors.Refusal`, a run's :class:`~calibration.errors.RunProblem`, a
profile's :class:`~calibration.errors.ProfileProblem`, the check's
:class:`~kiosk.printing.calibration_service.CheckReason` and the machine's
:class:`~kiosk.printing.calibration_state.CalibrationStatus`. Each is looked up here by code
(context "BaristaCalibration") and filled with its parameters, so every sentence reads in
either language; a test checks that every code has words.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication

from calibration.errors import ProfileProblem, Refusal, RunProblem
from kiosk.printing.calibration_service import CheckReason, CheckResult
from kiosk.printing.calibration_state import CalibrationState, CalibrationStatus
from kiosk.ui.barista.words import failure_words, powder_name
from kiosk.ui.i18n import QT_TRANSLATE_NOOP

translate = QCoreApplication.translate
CONTEXT = "BaristaCalibration"

_KIND = {
    "geometry": QT_TRANSLATE_NOOP("BaristaCalibration", "geometry chart"),
    "tone": QT_TRANSLATE_NOOP("BaristaCalibration", "tone chart"),
    "dose": QT_TRANSLATE_NOOP("BaristaCalibration", "dose chart"),
    "check": QT_TRANSLATE_NOOP("BaristaCalibration", "check target"),
}

_STAGE = {
    "print": QT_TRANSLATE_NOOP("BaristaCalibration", "Printing the {chart}…"),
    "photo": QT_TRANSLATE_NOOP("BaristaCalibration", "Taking the photo of the {chart}…"),
    "retake": QT_TRANSLATE_NOOP(
        "BaristaCalibration", "The photo could not be used: taking another one…"),
    "measured": QT_TRANSLATE_NOOP("BaristaCalibration", "Measured the {chart}."),
}

_STATUS = {
    CalibrationStatus.UNKNOWN_PRINTER: QT_TRANSLATE_NOOP(
        "BaristaCalibration",
        "The printer is not connected yet: its calibration is not known."),
    CalibrationStatus.NO_SERIAL: QT_TRANSLATE_NOOP(
        "BaristaCalibration",
        "The printer reports no serial number, so no calibration can be kept for it. "
        "It prints on factory settings."),
    CalibrationStatus.NOT_CALIBRATED: QT_TRANSLATE_NOOP(
        "BaristaCalibration",
        "Not calibrated: the printer prints on factory settings. Printing works; calibrate "
        "it so pictures land centred and true in tone."),
    CalibrationStatus.CALIBRATED: QT_TRANSLATE_NOOP(
        "BaristaCalibration", "Calibrated on {date} (measured: {sections})."),
    CalibrationStatus.RECOVERED: QT_TRANSLATE_NOOP(
        "BaristaCalibration",
        "The calibration file is damaged: the last good version, saved {date}, is used. "
        "Calibrate again."),
    CalibrationStatus.UNUSABLE: QT_TRANSLATE_NOOP(
        "BaristaCalibration",
        "The calibration file is damaged and no good version is left: the printer prints "
        "on factory settings. Calibrate again."),
}

_SECTION = {
    "geometry": QT_TRANSLATE_NOOP("BaristaCalibration", "geometry"),
    "tone": QT_TRANSLATE_NOOP("BaristaCalibration", "tone"),
    "dose": QT_TRANSLATE_NOOP("BaristaCalibration", "dose"),
}

_REFUSAL = {
    Refusal.PHOTO_UNREADABLE: QT_TRANSLATE_NOOP(
        "BaristaCalibration", "The photo cannot be read: check the camera."),
    Refusal.PHOTO_TOO_LARGE: QT_TRANSLATE_NOOP(
        "BaristaCalibration", "The photo is too large: set the camera to a smaller size."),
    Refusal.NO_CUP: QT_TRANSLATE_NOOP(
        "BaristaCalibration",
        "No cup found in the photo: the whole cup must be seen from above."),
    Refusal.CUP_CUT_OFF: QT_TRANSLATE_NOOP(
        "BaristaCalibration", "The cup is cut off at the photo's edge: move the camera back."),
    Refusal.CUP_TOO_SMALL: QT_TRANSLATE_NOOP(
        "BaristaCalibration", "The cup is too small in the photo: move the camera closer."),
    Refusal.RIM_UNCLEAR: QT_TRANSLATE_NOOP(
        "BaristaCalibration", "The edge of the foam is not clear: light the cup evenly."),
    Refusal.BLURRED: QT_TRANSLATE_NOOP(
        "BaristaCalibration", "The photo is blurred: hold the camera still and let it focus."),
    Refusal.OVER_EXPOSED: QT_TRANSLATE_NOOP(
        "BaristaCalibration", "The photo is too bright: less light, or lower the exposure."),
    Refusal.UNDER_EXPOSED: QT_TRANSLATE_NOOP(
        "BaristaCalibration", "The photo is too dark: more light, or raise the exposure."),
    Refusal.FIDUCIALS_MISSING: QT_TRANSLATE_NOOP(
        "BaristaCalibration",
        "The chart's marks are not on the cup ({found} of {needed} found): print the chart "
        "on a fresh cup."),
    Refusal.CHART_UNKNOWN: QT_TRANSLATE_NOOP(
        "BaristaCalibration", "The chart's code cannot be read: print the chart again."),
    Refusal.WRONG_CHART: QT_TRANSLATE_NOOP(
        "BaristaCalibration", "This is another chart than the one printed: print it again."),
    Refusal.CHART_OTHER_MACHINE: QT_TRANSLATE_NOOP(
        "BaristaCalibration",
        "The chart was printed by another machine: print it on this printer."),
    Refusal.INDEX_MARKS_MISSING: QT_TRANSLATE_NOOP(
        "BaristaCalibration",
        "The stand's two white marks are not both in the photo: keep them in view."),
    Refusal.RESIDUAL_TOO_HIGH: QT_TRANSLATE_NOOP(
        "BaristaCalibration",
        "The marks do not fit well enough ({residual_mm} mm, at most {limit_mm} mm): "
        "photograph again, straight from above."),
    Refusal.OUT_OF_RANGE: QT_TRANSLATE_NOOP(
        "BaristaCalibration",
        "A measured value is beyond what a working printer can be off by: check the cup "
        "and the print head."),
    Refusal.GLARE: QT_TRANSLATE_NOOP(
        "BaristaCalibration",
        "A reflection covers the tone patches: move the light or the camera."),
    Refusal.TONE_NOT_MONOTONE: QT_TRANSLATE_NOOP(
        "BaristaCalibration",
        "The tone patches do not darken step by step: photograph again."),
    Refusal.DOSE_READING: QT_TRANSLATE_NOOP(
        "BaristaCalibration",
        "The reservoir reading did not go down: check the powder and print again."),
    Refusal.DOSE_MISSING: QT_TRANSLATE_NOOP(
        "BaristaCalibration", "No powder weight was read: print the dose chart again."),
    Refusal.INCONSISTENT: QT_TRANSLATE_NOOP(
        "BaristaCalibration", "The photos disagree with each other: photograph again."),
}

_RUN = {
    RunProblem.NOT_CONNECTED: QT_TRANSLATE_NOOP(
        "BaristaCalibration",
        "The printer does not answer: check its power and cable, then try again."),
    RunProblem.PRINTER_BUSY: QT_TRANSLATE_NOOP(
        "BaristaCalibration", "The printer is busy with another print: wait, then try again."),
    RunProblem.NO_SERIAL: QT_TRANSLATE_NOOP(
        "BaristaCalibration",
        "The printer reports no serial number: its calibration cannot be kept. Call the "
        "printer's maker."),
    RunProblem.PRINT_FAILED: QT_TRANSLATE_NOOP(
        "BaristaCalibration", "The chart did not print: {why}"),
    RunProblem.CAMERA_FAILED: QT_TRANSLATE_NOOP(
        "BaristaCalibration", "The camera gave no photo: {reason}"),
    RunProblem.CANCELLED: QT_TRANSLATE_NOOP("BaristaCalibration", "Stopped. Nothing was saved."),
    RunProblem.NOT_CALIBRATED: QT_TRANSLATE_NOOP(
        "BaristaCalibration", "The printer is not calibrated yet: nothing to check against."),
    RunProblem.SERIAL_CHANGED: QT_TRANSLATE_NOOP(
        "BaristaCalibration",
        "Another printer answers now ({found}, not {expected}): start again."),
}

_PROFILE = {
    ProfileProblem.WRITE_FAILED: QT_TRANSLATE_NOOP(
        "BaristaCalibration",
        "Could not write {path}: {reason}. Nothing changed; free some disk space or check "
        "the folder, then try again."),
    ProfileProblem.NO_SUCH_VERSION: QT_TRANSLATE_NOOP(
        "BaristaCalibration", "That version is no longer kept: open the history again."),
}
_PROFILE_OTHER = QT_TRANSLATE_NOOP(
    "BaristaCalibration", "The calibration file cannot be used ({code}): calibrate again.")

_CHECK = {
    CheckReason.NOT_CALIBRATED: QT_TRANSLATE_NOOP(
        "BaristaCalibration", "the printer has never been calibrated."),
    CheckReason.OFF_CENTRE: QT_TRANSLATE_NOOP(
        "BaristaCalibration",
        "the picture lands {offset_mm} mm off centre (at most {limit_mm} mm)."),
    CheckReason.TURNED: QT_TRANSLATE_NOOP(
        "BaristaCalibration",
        "the picture lands turned by {rotation_deg}° (at most {limit_deg}°)."),
    CheckReason.SCALED: QT_TRANSLATE_NOOP(
        "BaristaCalibration",
        "the picture lands {scale_pct} % too large or small (at most {limit_pct} %)."),
    CheckReason.PHOTO_REFUSED: QT_TRANSLATE_NOOP(
        "BaristaCalibration", "the photo of the test cup could not be used: {why}"),
}


def chart_name(kind: str) -> str:
    """"geometry chart", "tone chart", … in the current language."""
    return translate(CONTEXT, _KIND.get(kind, _KIND["geometry"]))


def stage_words(kind: str, stage: str) -> str:
    """What a run is doing now ("Printing the tone chart…")."""
    text = _STAGE.get(stage)
    return translate(CONTEXT, text).format(chart=chart_name(kind)) if text else ""


def sections_words(sections: tuple[str, ...]) -> str:
    """"geometry, tone, dose" in the current language."""
    return ", ".join(translate(CONTEXT, _SECTION[s]) for s in sections if s in _SECTION)


def date_words(iso: str | None) -> str:
    """An ISO time as ``YYYY-MM-DD HH:MM`` (UTC as saved), or "?"."""
    if not iso:
        return "?"
    return iso[:16].replace("T", " ")


def status_words(state: CalibrationState) -> str:
    """The machine's calibration in one or two sentences, for the technician."""
    return translate(CONTEXT, _STATUS[state.status]).format(
        date=date_words(state.saved_at), sections=sections_words(state.measured))


def barista_status_words(state: CalibrationState) -> str:
    """The barista's line: only when the printer has no calibration in force ("" else)."""
    if state.status in (CalibrationStatus.NOT_CALIBRATED, CalibrationStatus.UNUSABLE):
        return translate("BaristaCalibration",
                         "Not calibrated: printing works, but ask the technician to calibrate.")
    return ""


def _fill(text: str, params: Mapping[str, Any]) -> str:
    safe = {k: (f"{v:.2f}" if isinstance(v, float) else v) for k, v in params.items()}
    try:
        return text.format(**safe)
    except (KeyError, IndexError, ValueError):  # a code's parameters changed: no crash
        return text.split("{")[0].rstrip(" (:")


def refusal_words(code: str, params: Mapping[str, Any] | None = None) -> str:
    """Why a photo was refused, and what to do."""
    source = _REFUSAL.get(Refusal(code)) if code in Refusal.__members__.values() else None
    if source is None:
        return translate(
            "BaristaCalibration", "The photo could not be used ({code}): photograph again."
                         ).format(code=code)
    return _fill(translate(CONTEXT, source), params or {})


def run_problem_words(code: str, params: Mapping[str, Any] | None = None) -> str:
    """Why a run or check stopped, and what to do."""
    params = dict(params or {})
    if code not in RunProblem.__members__.values():
        return translate("BaristaCalibration", "Stopped ({code}): try again.").format(code=code)
    if code == RunProblem.PRINT_FAILED:
        from kiosk.printing.outcome import PrintFailure

        failure = PrintFailure(str(params.get("failure", "unexpected")),
                               {k: v for k, v in params.items()
                                if k not in ("failure", "chart", "print_started")},
                               print_started=bool(params.get("print_started", True)))
        params["why"] = failure_words(failure)
    params.setdefault("reason", "")
    return _fill(translate(CONTEXT, _RUN[RunProblem(code)]), params)


def profile_problem_words(code: str, params: Mapping[str, Any] | None = None) -> str:
    """Why saving, restoring or reading a profile failed."""
    source = _PROFILE.get(ProfileProblem(code)) if code in ProfileProblem.__members__.values() \
        else None
    if source is None:
        return translate(CONTEXT, _PROFILE_OTHER).format(code=code)
    return _fill(translate(CONTEXT, source), params or {})


def error_words(error: BaseException) -> str:
    """Any calibration error in words (a refusal, a run's problem, a profile's)."""
    from calibration.errors import MeasurementError, ProfileError, RunError

    if isinstance(error, MeasurementError):
        return refusal_words(error.code, error.params)
    if isinstance(error, RunError):
        return run_problem_words(error.code, error.params)
    if isinstance(error, ProfileError):
        return profile_problem_words(error.code, error.params)
    return translate(
        "BaristaCalibration", "Something unexpected went wrong ({what}): try again; if it "
                     "repeats, see the kiosk's log.").format(what=type(error).__name__)


def check_words(result: CheckResult) -> str:
    """The barista check's answer: "Pass" or "Call the technician: <reason>"."""
    if result.passed:
        return translate("BaristaCalibration", "Pass: the printer prints centred and straight.")
    reason = result.reason
    if isinstance(reason, CheckReason):
        params = dict(result.params)
        if reason is CheckReason.PHOTO_REFUSED:
            params["why"] = refusal_words(str(params.get("refusal", "")), params)
        why = _fill(translate(CONTEXT, _CHECK[reason]), params)
    elif reason is not None:
        why = run_problem_words(reason, result.params)
    else:
        why = ""
    return translate("BaristaCalibration", "Call the technician: {why}").format(why=why)


def powder_words(powder: str) -> str:
    """The powder's name, as the barista screens say it."""
    return powder_name(powder)


__all__ = ["barista_status_words", "chart_name", "check_words", "date_words", "error_words",
           "powder_words", "profile_problem_words", "refusal_words", "run_problem_words",
           "sections_words", "stage_words", "status_words"]
