"""Which code opens which door, and whether the kiosk may take orders with its codes.

Two doors lead to the staff side (:class:`Door`):

- ``STAFF``, the pad behind the hidden hold on a single-screen kiosk: the barista code opens
  the barista screen; the technician PIN opens it too, at the technician screen (the higher
  role: a technician servicing the kiosk must get in without the café's barista code, and
  sees nothing a barista does not). A wrong code there was a guess at *both* codes, so it
  counts against both lockouts: the pad is never a second, unlocked way to guess the PIN.
- ``TECHNICIAN``, the barista screen's Technician button: the technician PIN only.

The factory-default gate (:meth:`StaffAccess.gate`): with a real printer configured (any
printer URL but the built-in simulator, ``sim://``), a code still at its factory default
must be changed before the kiosk takes orders. The built-in demo (``sim://``) works with the
defaults, and the staff screens say so. No Qt here: the kiosk and ``photolatte code`` share
these rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from kiosk.staff.codes import CodeCheck, CodeStore
from kiosk.staff.rules import CodeError, CodeErrorCode, StaffRole, validate_new_code

if TYPE_CHECKING:
    from kiosk.settings.config import KioskConfig

SIMULATED_PRINTER_SCHEME = "sim://"


def is_simulated_printer(printer_url: str) -> bool:
    """True for the built-in simulated printer (the demo): nothing real is printed."""
    return printer_url.strip().lower().startswith(SIMULATED_PRINTER_SCHEME)


class Door(StrEnum):
    """A keypad that leads to the staff side; see the module docstring."""

    STAFF = "staff"
    TECHNICIAN = "technician"


@dataclass(frozen=True)
class CodeGate:
    """Whether the kiosk may take orders with the staff codes it has.

    Attributes:
        demo: the printer is the built-in simulator: the factory defaults are allowed.
        defaults: the roles whose code is still the factory default.
        problems: code files that could not be read (each role at most once).
    """

    demo: bool
    defaults: tuple[StaffRole, ...]
    problems: tuple[CodeError, ...] = ()

    @property
    def takes_orders(self) -> bool:
        """False while a real printer is configured and a factory-default code remains."""
        return self.demo or not self.defaults

    @property
    def must_change(self) -> tuple[StaffRole, ...]:
        """The codes to change before the kiosk takes orders (none in the demo)."""
        return () if self.demo else self.defaults


class StaffAccess:
    """Both staff codes, the doors, and the factory-default gate.

    Args:
        barista: the barista code's store.
        technician: the technician PIN's store.
        printer_url: the configured printer (decides whether the defaults are allowed).
    """

    def __init__(self, barista: CodeStore, technician: CodeStore, *, printer_url: str) -> None:
        if barista.role is not StaffRole.BARISTA or technician.role is not StaffRole.TECHNICIAN:
            raise ValueError("StaffAccess(barista store, technician store), in that order")
        self.barista = barista
        self.technician = technician
        self.printer_url = printer_url

    @classmethod
    def for_config(cls, config: KioskConfig) -> StaffAccess:
        """Both stores in ``config``'s data folder, with its lockout settings."""
        return cls(CodeStore.for_config(config, StaffRole.BARISTA),
                   CodeStore.for_config(config, StaffRole.TECHNICIAN),
                   printer_url=config.printer_url)

    @property
    def demo(self) -> bool:
        """True with the built-in simulated printer."""
        return is_simulated_printer(self.printer_url)

    def store(self, role: StaffRole) -> CodeStore:
        """``role``'s store."""
        return self.barista if StaffRole(role) is StaffRole.BARISTA else self.technician

    def stores(self) -> Iterator[CodeStore]:
        """Barista, then technician."""
        yield self.barista
        yield self.technician

    # --- doors ---------------------------------------------------------------------------

    def check(self, door: Door, code: str) -> CodeCheck:
        """Check ``code`` typed at ``door`` (about 0.1 s per code compared: a worker thread).

        Returns:
            The check of the code that decided: on ``STAFF``, the barista code's (right,
            wrong, or locked) unless the technician PIN was right; ``role`` says whose.

        Raises:
            CodeError: the door's code file cannot be read (nothing was let in).
        """
        if Door(door) is Door.TECHNICIAN:
            return self.technician.verify(code)
        barista_problem: CodeError | None = None
        try:
            first = self.barista.verify(code, count_failure=False)
        except CodeError as exc:  # the technician PIN still opens; the failure still counts
            barista_problem, first = exc, None
        if first is not None and (first.ok or first.locked):
            return first
        try:
            tech = self.technician.verify(code, count_failure=False)
            if tech.ok:
                return tech
            self.technician.count_failure()
        except CodeError:
            pass  # the technician's file is the technician pad's problem, not this pad's
        if barista_problem is not None:
            raise barista_problem
        return self.barista.count_failure()

    def locked_seconds(self, door: Door) -> float:
        """Seconds until ``door``'s pad unlocks (0: open).

        Raises:
            CodeError: the door's code file cannot be read.
        """
        role = StaffRole.TECHNICIAN if Door(door) is Door.TECHNICIAN else StaffRole.BARISTA
        return self.store(role).locked_seconds()

    # --- changing codes ------------------------------------------------------------------

    def set_code(self, role: StaffRole, code: str) -> None:
        """Make ``code`` ``role``'s code: the rules of :func:`validate_new_code`, and not the
        other role's code (a barista must not hold the technician PIN by accident).

        Raises:
            CodeError: refused (the rule's code, ``same_as_other`` included) or the disk
                refused; the old code stays in force either way.
        """
        role = StaffRole(role)
        validate_new_code(code, role)
        try:
            same = self.store(role.other).matches(code)
        except CodeError:
            same = False  # the other file is unreadable: its own pad says so
        if same:
            raise CodeError(CodeErrorCode.SAME_AS_OTHER,
                            f"The {role.noun} must differ from the {role.other.noun}",
                            role=role)
        self.store(role).set_code(code)

    def reset(self, role: StaffRole) -> None:
        """Back to ``role``'s factory default, lockout lifted (``photolatte code reset``).

        Raises:
            CodeError: the disk refused.
        """
        self.store(role).reset()

    # --- the gate ------------------------------------------------------------------------

    def gate(self) -> CodeGate:
        """Which codes are still the factory defaults, and whether orders may be taken.

        Reads two small files (no hashing): cheap enough to ask every few seconds. A file
        that cannot be read counts as no default (it is reported in ``problems``; its pad
        says what to do): the gate is about defaults, and access is refused by the pad.
        """
        defaults: list[StaffRole] = []
        problems: list[CodeError] = []
        for store in self.stores():
            try:
                if store.is_default():
                    defaults.append(store.role)
            except CodeError as exc:
                problems.append(exc)
        return CodeGate(self.demo, tuple(defaults), tuple(problems))
