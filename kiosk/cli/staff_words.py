"""The CLI's English for the staff codes: each refusal and file problem, keyed by its code.

The code stores raise :class:`kiosk.staff.rules.CodeError` with a code and parameters; the
words a person at the terminal reads, with what to do next, live here. The staff screens
have their own (translated) words for the same codes (``kiosk/ui/barista/code_words.py``).
"""

from __future__ import annotations

from kiosk.cli.store_words import fill
from kiosk.staff.rules import CodeError, CodeErrorCode, StaffRole

_C = CodeErrorCode

ROLE_NAMES: dict[StaffRole, str] = {
    StaffRole.BARISTA: "barista code",
    StaffRole.TECHNICIAN: "technician PIN",
}

CODE_WORDS: dict[CodeErrorCode, str] = {
    _C.NOT_DIGITS: "a {what} is digits only (0-9)",
    _C.WRONG_LENGTH: "a {what} has {low} to {high} digits",
    _C.IS_DEFAULT: "that is a factory-default code, which anyone can look up; choose another",
    _C.REPEATED: "one digit over and over (like 1111) is guessed first; choose another",
    _C.SEQUENTIAL: (
        "digits in a row, up or down (like 1234 or 9876), are guessed first; choose another"),
    _C.SAME_AS_OTHER: (
        "the {what} must differ from the {other}, or one person holds both; choose another"),
    _C.DAMAGED: (
        "the {what} file {path} is damaged; run 'photolatte code reset {role}' on the kiosk "
        "computer, then set a new one"),
    _C.UNKNOWN_FORMAT: (
        "the {what} file {path} is from another version; run 'photolatte code reset {role}'"),
    _C.DISK_FULL: (
        "the disk holding {path} is full, so the {what} cannot be saved; free some space "
        "and try again"),
    _C.READ_ONLY: (
        "{path} is on a read-only disk, so the {what} cannot be saved; remount it "
        "read-write or set data_dir to a writable folder"),
    _C.NO_ACCESS: "this user may not write {path}; run the command as the kiosk's user",
    _C.IO_ERROR: "the disk failed reading or writing {path}; check the disk and try again",
}


def code_error_line(exc: CodeError) -> str:
    """One line for the terminal about a staff code: what is wrong and what to do."""
    params: dict[str, str | int | None] = {
        "what": ROLE_NAMES[exc.role], "other": ROLE_NAMES[exc.role.other],
        "role": exc.role.value, "path": None if exc.path is None else str(exc.path),
        **exc.params,
    }
    return fill(CODE_WORDS[exc.code], params)
