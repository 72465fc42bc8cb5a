"""The staff screens' words for the staff codes: refusals, file problems, tries left, the
lockout's time left. One place, so the entry pad, the technician's pad, the change-code page
and the setup step say the same thing the same way.

Counts use Qt's plural forms (``translate(ctx, "%n tries left", None, n)``): English gets
"1 try left" / "2 tries left" from ``barista_en.ts`` (plural forms only); Korean has one form.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication

from kiosk.staff.rules import CodeError, CodeErrorCode, StaffRole
from kiosk.ui.barista.store_words import DISK_WORDS
from kiosk.ui.i18n import QT_TRANSLATE_NOOP

translate = QCoreApplication.translate

_C = CodeErrorCode
_B, _T = StaffRole.BARISTA, StaffRole.TECHNICIAN

# (code, role) for the words that name the role; (code, None) for the rest.
_WORDS: dict[tuple[CodeErrorCode, StaffRole | None], str] = {
    (_C.NOT_DIGITS, None): QT_TRANSLATE_NOOP("StaffCodes", "A code is digits only."),
    (_C.WRONG_LENGTH, None): QT_TRANSLATE_NOOP(
        "StaffCodes", "A code has {low} to {high} digits. Type it again."),
    (_C.IS_DEFAULT, None): QT_TRANSLATE_NOOP(
        "StaffCodes",
        "That is a factory-default code, which anyone can look up. Choose another."),
    (_C.REPEATED, None): QT_TRANSLATE_NOOP(
        "StaffCodes",
        "One digit over and over (like 1111) is guessed first. Choose another."),
    (_C.SEQUENTIAL, None): QT_TRANSLATE_NOOP(
        "StaffCodes",
        "Digits in a row (like 1234 or 9876) are guessed first. Choose another."),
    (_C.SAME_AS_OTHER, _B): QT_TRANSLATE_NOOP(
        "StaffCodes", "The barista code must differ from the technician PIN. Choose another."),
    (_C.SAME_AS_OTHER, _T): QT_TRANSLATE_NOOP(
        "StaffCodes", "The technician PIN must differ from the barista code. Choose another."),
    (_C.DAMAGED, _B): QT_TRANSLATE_NOOP(
        "StaffCodes",
        "The barista code file is damaged. A technician must run 'photolatte code reset "
        "barista' on the kiosk computer."),
    (_C.DAMAGED, _T): QT_TRANSLATE_NOOP(
        "StaffCodes",
        "The technician PIN file is damaged. A technician must run 'photolatte code reset "
        "technician' on the kiosk computer."),
    (_C.UNKNOWN_FORMAT, _B): QT_TRANSLATE_NOOP(
        "StaffCodes",
        "The barista code file is from another version. A technician must run 'photolatte "
        "code reset barista' on the kiosk computer."),
    (_C.UNKNOWN_FORMAT, _T): QT_TRANSLATE_NOOP(
        "StaffCodes",
        "The technician PIN file is from another version. A technician must run "
        "'photolatte code reset technician' on the kiosk computer."),
}


def code_error_words(error: CodeError) -> str:
    """What a refused code or a code file's problem means, in the current language."""
    code = error.code
    disk = DISK_WORDS.get(code.value)
    if disk:
        return translate("BaristaStorage", disk)
    text = _WORDS.get((code, error.role)) or _WORDS.get((code, None))
    if text:
        return translate("StaffCodes", text).format(**error.params)
    return translate("StaffCodes",
                     "The code could not be used ({code}). Call a technician.").format(
                         code=code.value)


def role_name(role: StaffRole) -> str:
    """"barista code" or "technician PIN", in the current language."""
    if StaffRole(role) is StaffRole.BARISTA:
        return translate("StaffCodes", "barista code")
    return translate("StaffCodes", "technician PIN")


def wrong_code_words(tries_left: int) -> str:
    """After a wrong code: how many tries are left before the pad locks."""
    return translate("StaffCodes", "That code is not right. %n tries left before a lockout.", None,
                     tries_left)


def locked_words(seconds: float) -> str:
    """While the pad is locked: for how long, in words (minutes, or seconds under one)."""
    # (The count goes in as a plain name: pyside6-lupdate misses a call inside the call.)
    if seconds >= 60:
        minutes = math.ceil(seconds / 60)
        return translate("StaffCodes", "Too many wrong codes. The pad is locked; try again in "
                         "%n minutes.", None, minutes)
    whole = max(1, math.ceil(seconds))
    return translate("StaffCodes", "Too many wrong codes. The pad is locked; try again in "
                     "%n seconds.", None, whole)


def changed_words(role: StaffRole) -> str:
    """The confirmation after a code was saved."""
    if StaffRole(role) is StaffRole.BARISTA:
        return translate("StaffCodes", "Barista code changed.")
    return translate("StaffCodes", "Technician PIN changed.")
