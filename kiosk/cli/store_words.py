"""The CLI's English for order-store errors, keyed by their codes.

The store raises coded errors (:class:`kiosk.orders.errors.StoreError`); the words a person
at the terminal reads, with what to do next, live here. The barista screen has its own
(translated) words for the same codes. The staff codes' words are in
:mod:`kiosk.cli.staff_words`.
"""

from __future__ import annotations

from collections.abc import Mapping

from kiosk.orders.errors import ParamValue, StoreError, StoreErrorCode

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
