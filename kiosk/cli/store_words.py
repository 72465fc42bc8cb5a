"""The CLI's English for order-store and PIN-file errors, keyed by their codes.

The store and the PIN file raise coded errors (:class:`kiosk.orders.errors.StoreError`,
:class:`kiosk.staff.pin.PinError`); the words a person at the terminal reads, with what to
do next, live here. The barista screen has its own (translated) words for the same codes.
"""

from __future__ import annotations

from collections.abc import Mapping

from kiosk.orders.errors import ParamValue, StoreError, StoreErrorCode
from kiosk.staff.pin import MAX_PIN_DIGITS, MIN_PIN_DIGITS, PinError, PinErrorCode

_C = StoreErrorCode

STORE_WORDS: dict[StoreErrorCode, str] = {
    _C.DISK_FULL: (
        "the disk holding {path} is full; free some space (old logs, other files) and "
        "start the kiosk again"),
    _C.READ_ONLY: (
        "{path} is read-only; set data_dir in the config to a folder the kiosk may write "
        "to, or remount the disk read-write"),
    _C.NO_ACCESS: (
        "the kiosk's user may not use {path}; give it that folder (chown) or set data_dir "
        "in the config to another one"),
    _C.IO_ERROR: (
        "the disk failed reading or writing {path} ({reason}); check the disk, then start "
        "the kiosk again"),
    _C.CANNOT_OPEN: (
        "cannot open the order database {path} ({reason}); set data_dir in the config to a "
        "folder the kiosk may write to"),
    _C.CORRUPT: (
        "the order database {path} is damaged ({reason}). Move the file aside (the kiosk "
        "then starts with an empty queue) and give it to the technician."),
    _C.NEWER_SCHEMA: (
        "{path} was made by a newer Photo Latte (schema {found}, this one knows {known}); "
        "update the software or use another data folder"),
    _C.IN_USE: (
        "Photo Latte is already running on this computer (data folder {path}). Close it "
        "first, or use another data folder."),
    _C.LOCK_UNAVAILABLE: (
        "cannot take the one-kiosk lock {path} ({reason}), so another kiosk might be "
        "using this data folder; make the folder writable or set data_dir to another one"),
    _C.BUSY: (
        "another program kept the order database {path} locked; close it, then try again"),
    _C.CLOSED: "the order database {path} was already closed; start the kiosk again",
    _C.ORDER_NOT_FOUND: "there is no order {order_id}",
    _C.PRINT_JOB_NOT_FOUND: "there is no print job {print_id}",
    _C.PRINT_JOB_FINISHED: "print job {print_id} has already finished ({result})",
    _C.DAMAGED_IMAGE: (
        "the stored picture of order {order_id} is damaged ({reason}); cancel the order"),
}


def fill(template: str, params: Mapping[str, ParamValue]) -> str:
    """``template`` with ``params`` filled in; a missing one reads as ``?``."""

    class _Missing(dict[str, object]):
        def __missing__(self, key: str) -> str:
            return "?"

    return template.format_map(_Missing(params))


def store_error_line(exc: StoreError) -> str:
    """One line for the terminal: what is wrong and what to do."""
    return fill(STORE_WORDS[exc.code], exc.params)


_P = PinErrorCode

PIN_WORDS: dict[PinErrorCode, str] = {
    _P.NOT_DIGITS: "a PIN is digits only (0-9)",
    _P.WRONG_LENGTH: f"a PIN has {MIN_PIN_DIGITS} to {MAX_PIN_DIGITS} digits",
    _P.IS_DEFAULT: "choose a PIN other than the default",
    _P.DAMAGED: (
        "the PIN file {path} is damaged; run 'photolatte pin reset' on the kiosk computer, "
        "then set a new PIN"),
    _P.UNKNOWN_FORMAT: (
        "the PIN file {path} is from another version; run 'photolatte pin reset'"),
    _P.DISK_FULL: (
        "the disk holding {path} is full, so the PIN file cannot be saved; free some space "
        "and try again"),
    _P.READ_ONLY: (
        "{path} is on a read-only disk, so the PIN file cannot be saved; remount it "
        "read-write or set data_dir to a writable folder"),
    _P.NO_ACCESS: "this user may not write {path}; run the command as the kiosk's user",
    _P.IO_ERROR: "the disk failed reading or writing {path}; check the disk and try again",
}


def pin_error_line(exc: PinError) -> str:
    """One line for the terminal about a PIN problem: what is wrong and what to do."""
    return fill(PIN_WORDS[exc.code], {"path": None if exc.path is None else str(exc.path)})
