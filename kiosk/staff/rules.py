"""The staff roles, their factory-default codes, and what makes a new code acceptable.

Two codes guard the staff side of the kiosk (:mod:`kiosk.staff.codes` stores them):

- the **barista code** opens the barista screen (the queue) behind the hidden hold on a
  single-screen kiosk;
- the **technician PIN** opens the technician screen, and (the higher role) the barista
  screen too.

A new code must be 4 to 12 ASCII digits and not one anybody would try first: not a factory
default (of either role), not one digit repeated (1111), not digits in a row up or down
(1234, 9876, 0123, and round the dial: 7890, 8901). :func:`validate_new_code` says which rule
refused it with a :class:`CodeError` code; each front end has its own words for that code.
No Qt here.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path

from kiosk.settings.datadir import DiskProblem

MIN_DIGITS = 4
MAX_DIGITS = 12


class StaffRole(StrEnum):
    """Who a code belongs to; the technician is the higher role."""

    BARISTA = "barista"
    TECHNICIAN = "technician"

    @property
    def noun(self) -> str:
        """The code's English name for logs and log-level messages ("barista code",
        "technician PIN"); each front end has its own words."""
        return "barista code" if self is StaffRole.BARISTA else "technician PIN"

    @property
    def other(self) -> StaffRole:
        """The other role (a new code must differ from the other role's code)."""
        return StaffRole.TECHNICIAN if self is StaffRole.BARISTA else StaffRole.BARISTA


DEFAULT_CODES: Mapping[StaffRole, str] = {
    StaffRole.BARISTA: "1234",
    StaffRole.TECHNICIAN: "0000",
}
"""The codes a kiosk ships with: they work until changed (and with a real printer the kiosk
takes no orders until they are: :meth:`kiosk.staff.access.StaffAccess.gate`)."""


class CodeErrorCode(StrEnum):
    """Why a new code was refused, or why a code file could not be used (the stable code)."""

    NOT_DIGITS = "not_digits"
    WRONG_LENGTH = "wrong_length"
    IS_DEFAULT = "is_default"
    REPEATED = "repeated"
    SEQUENTIAL = "sequential"
    SAME_AS_OTHER = "same_as_other"
    DAMAGED = "damaged"
    UNKNOWN_FORMAT = "unknown_format"
    DISK_FULL = DiskProblem.DISK_FULL.value
    READ_ONLY = DiskProblem.READ_ONLY.value
    NO_ACCESS = DiskProblem.NO_ACCESS.value
    IO_ERROR = DiskProblem.IO_ERROR.value


REFUSALS = frozenset({
    CodeErrorCode.NOT_DIGITS, CodeErrorCode.WRONG_LENGTH, CodeErrorCode.IS_DEFAULT,
    CodeErrorCode.REPEATED, CodeErrorCode.SEQUENTIAL, CodeErrorCode.SAME_AS_OTHER,
})
"""The codes that refuse a proposed new code (the others are about the file or the disk)."""


class CodeError(ValueError):
    """A new code was refused, or a code file is unusable.

    Attributes:
        code: a :class:`CodeErrorCode`; the front ends have their words for it.
        role: whose code it is.
        path: the code file, for the file's problems (else None).
        params: what the words need (``low``/``high`` digits for ``wrong_length``).
    """

    def __init__(self, code: CodeErrorCode, message: str, *, role: StaffRole,
                 path: Path | None = None, params: Mapping[str, int] | None = None) -> None:
        super().__init__(message)
        self.code = CodeErrorCode(code)
        self.role = StaffRole(role)
        self.path = path
        self.params: dict[str, int] = dict(params or {})

    @property
    def is_disk_problem(self) -> bool:
        """True if the disk refused (full, read-only, no access, I/O error)."""
        return self.code.value in {p.value for p in DiskProblem}

    @property
    def is_refusal(self) -> bool:
        """True if a proposed new code broke a rule (as opposed to a file or disk problem)."""
        return self.code in REFUSALS


def is_repeated(code: str) -> bool:
    """True for one digit over and over (``1111``)."""
    return len(set(code)) == 1


def is_sequential(code: str) -> bool:
    """True for digits in a row, up or down, also round the dial (``1234``, ``9876``,
    ``0123``, ``7890``, ``8901``, ``1098``)."""
    steps = {(int(b) - int(a)) % 10 for a, b in itertools.pairwise(code)}
    return steps in ({1}, {9})


def validate_new_code(code: str, role: StaffRole) -> str:
    """Return ``code`` if it is acceptable as ``role``'s new code, else raise.

    The rules are checked in this order, so the refusal names the first one broken: digits
    only, :data:`MIN_DIGITS` to :data:`MAX_DIGITS` long, not a factory default, not one
    digit repeated, not digits in a row. (That it differs from the other role's code needs
    the other code's hash: :meth:`kiosk.staff.access.StaffAccess.set_code` checks it.)

    Raises:
        CodeError: with the rule's :class:`CodeErrorCode`.
    """
    role = StaffRole(role)

    def refuse(why: CodeErrorCode, message: str, **params: int) -> CodeError:
        return CodeError(why, message, role=role, params=params)

    if not code.isascii() or not code.isdigit():
        raise refuse(CodeErrorCode.NOT_DIGITS, "A staff code is digits only (0-9)")
    if not MIN_DIGITS <= len(code) <= MAX_DIGITS:
        raise refuse(CodeErrorCode.WRONG_LENGTH,
                     f"A staff code has {MIN_DIGITS} to {MAX_DIGITS} digits",
                     low=MIN_DIGITS, high=MAX_DIGITS)
    if code in DEFAULT_CODES.values():
        raise refuse(CodeErrorCode.IS_DEFAULT, "That is a factory-default code")
    if is_repeated(code):
        raise refuse(CodeErrorCode.REPEATED, "One digit repeated is guessed first")
    if is_sequential(code):
        raise refuse(CodeErrorCode.SEQUENTIAL, "Digits in a row are guessed first")
    return code
