"""Plain words for the barista and technician when the kiosk's disk or data files refuse.

The order store and the staff code files raise coded errors
(:class:`kiosk.orders.errors.StoreError`, :class:`kiosk.staff.rules.CodeError`); the disk
codes are shared (``disk_full``, ``read_only``, ``no_access``, ``io_error``). This module
turns a code into one sentence in the current language: what is wrong and who can fix it.
The barista cannot free disk space, so the sentences say to call a technician. The code
files' own words are in :mod:`kiosk.ui.barista.code_words`.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from kiosk.orders.errors import StoreError
from kiosk.ui.i18n import QT_TRANSLATE_NOOP

translate = QCoreApplication.translate

CONTEXT = "BaristaStorage"

DISK_WORDS: dict[str, str] = {
    "disk_full": QT_TRANSLATE_NOOP(
        "BaristaStorage",
        "The kiosk's disk is full, so nothing new can be saved. Call a technician to free "
        "space."),
    "read_only": QT_TRANSLATE_NOOP(
        "BaristaStorage",
        "The kiosk's data folder is read-only, so nothing new can be saved. Call a "
        "technician."),
    "no_access": QT_TRANSLATE_NOOP(
        "BaristaStorage",
        "The kiosk may not write to its data folder. Call a technician to fix its "
        "permissions."),
    "io_error": QT_TRANSLATE_NOOP(
        "BaristaStorage",
        "The kiosk's disk failed to read or write. Call a technician to check it."),
}
"""The shared disk codes, for both the order store and the staff code files."""

_STORE_WORDS: dict[str, str] = {
    "corrupt": QT_TRANSLATE_NOOP(
        "BaristaStorage", "The order list on the disk is damaged. Call a technician."),
    "busy": QT_TRANSLATE_NOOP(
        "BaristaStorage",
        "Another program is using the order list. Try again in a moment; call a technician "
        "if it repeats."),
}


def store_error_words(error: StoreError) -> str:
    """What a failed order-store call means for the barista, in the current language."""
    code = error.code.value
    text = DISK_WORDS.get(code) or _STORE_WORDS.get(code)
    if text:
        return translate(CONTEXT, text)
    return translate(
        "BaristaStorage", "The order list could not be saved ({code}). Call a technician."
    ).format(code=code)
