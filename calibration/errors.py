"""Calibration's errors: a code and its parameters, never a sentence.

Each front end owns its words: the ``photolatte calibrate`` command maps every code to
English (:mod:`kiosk.cli.calibrate_words`), the technician screens will map them to their
translations. ``str(error)`` is for logs only.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class Refusal(StrEnum):
    """Why a photo (or a reading) was not trusted; nothing was measured from it."""

    PHOTO_UNREADABLE = "photo_unreadable"  # path, reason
    PHOTO_TOO_LARGE = "photo_too_large"  # path, size_bytes | pixels, limit
    NO_CUP = "no_cup"  # (nothing like a round cup on a darker stand)
    CUP_CUT_OFF = "cup_cut_off"  # (the cup touches the photo's edge)
    CUP_TOO_SMALL = "cup_too_small"  # radius_px, minimum_px
    RIM_UNCLEAR = "rim_unclear"  # found, needed (rim edge points)
    BLURRED = "blurred"  # edge_mm, limit_mm
    OVER_EXPOSED = "over_exposed"  # clipped_share, limit
    UNDER_EXPOSED = "under_exposed"  # foam_level, minimum
    FIDUCIALS_MISSING = "fiducials_missing"  # found, needed
    CHART_UNKNOWN = "chart_unknown"  # (the chart's code marks cannot be read)
    WRONG_CHART = "wrong_chart"  # kind, expected
    CHART_OTHER_MACHINE = "chart_other_machine"  # chart_code, machine_code
    INDEX_MARKS_MISSING = "index_marks_missing"  # found
    RESIDUAL_TOO_HIGH = "residual_too_high"  # residual_mm, limit_mm, what
    OUT_OF_RANGE = "out_of_range"  # key, value, min, max
    GLARE = "glare"  # powder, readable, needed
    TONE_NOT_MONOTONE = "tone_not_monotone"  # powder, rms_lightness, limit
    DOSE_READING = "dose_reading"  # powder, before_g, after_g | grams
    DOSE_MISSING = "dose_missing"  # powder
    INCONSISTENT = "inconsistent"  # key, spread, limit (several photos of one chart disagree)


class ProfileProblem(StrEnum):
    """Why a profile could not be read, accepted or written."""

    UNREADABLE = "unreadable"  # path, reason
    NOT_A_FILE = "not_a_file"  # path
    TOO_LARGE = "too_large"  # path, size_bytes, limit
    DAMAGED = "damaged"  # path, reason (not JSON, not a profile)
    CHECKSUM = "checksum"  # path
    SCHEMA_TOO_NEW = "schema_too_new"  # version, supported
    UNKNOWN_KEY = "unknown_key"  # key, allowed
    MISSING_KEY = "missing_key"  # key
    WRONG_TYPE = "wrong_type"  # key, expected
    OUT_OF_RANGE = "out_of_range"  # key, value, min, max
    BAD_VALUE = "bad_value"  # key, rule
    SERIAL_MISMATCH = "serial_mismatch"  # expected, found
    BAD_SERIAL = "bad_serial"  # serial, rule
    NO_SUCH_VERSION = "no_such_version"  # version, available
    WRITE_FAILED = "write_failed"  # path, reason


class RunProblem(StrEnum):
    """Why a calibration run or a printer check could not go on (not a photo's fault)."""

    NOT_CONNECTED = "not_connected"  # (the printer does not answer)
    PRINTER_BUSY = "printer_busy"  # (another print is running)
    NO_SERIAL = "no_serial"  # sent (what an invalid serial was, or "")
    PRINT_FAILED = "print_failed"  # failure, chart, print_started (the print service's code)
    CAMERA_FAILED = "camera_failed"  # camera, reason
    CANCELLED = "cancelled"  # (the technician stopped it)
    NOT_CALIBRATED = "not_calibrated"  # (a check needs a measured geometry)
    SERIAL_CHANGED = "serial_changed"  # expected, found (another printer answers now)


class CalibrationError(Exception):
    """Base: ``code`` says what went wrong, ``params`` the facts a message needs."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = str(code)
        self.params = params
        detail = ", ".join(f"{k}={v!r}" for k, v in params.items())
        super().__init__(f"{self.code}({detail})" if detail else self.code)


class MeasurementError(CalibrationError):
    """A photo or a reading was not trusted; ``code`` is a :class:`Refusal`."""

    def __init__(self, code: Refusal, **params: Any) -> None:
        super().__init__(code, **params)
        self.refusal = code


class RunError(CalibrationError):
    """A calibration run or check stopped; ``code`` is a :class:`RunProblem`."""

    def __init__(self, code: RunProblem, **params: Any) -> None:
        super().__init__(code, **params)
        self.problem = code


class ProfileError(CalibrationError):
    """A profile is missing parts, malformed, for another machine or not writable."""

    def __init__(self, code: ProfileProblem, **params: Any) -> None:
        super().__init__(code, **params)
        self.problem = code
