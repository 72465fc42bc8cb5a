"""The printer's faults: one table, and every question about a fault answered from it.

The kiosk, the CLI and the driver ask the same questions about the printer's fault bits
(``Fault`` in :mod:`printer_driver.protocol.constants`, section 9 of ``docs/protocol.md``);
the answers live here and nowhere else:

* does it stop a print from starting? :func:`blocking` (:attr:`FaultInfo.blocks`);
* must someone acknowledge it (CLEAR_FAULT, the barista's Continue, ``photolatte printer
  clear``)? :func:`to_acknowledge` (:attr:`FaultInfo.needs_ack`);
* is it only a warning? :func:`warnings` (:attr:`FaultInfo.severity`);
* may a new PRINT clear it? :func:`clearable_on_print`;
* what error does a print blocked or failed by these bits raise? :func:`error_for_faults`.

Decisions the table records (the kiosk and the CLI used to disagree on the first):

* ``cup_missing`` **blocks a print** (the printer refuses PRINT without a cup) but is
  **live, not latched**: it is the normal state between two cups and placing a cup clears
  it. Nobody presses Continue or runs ``printer clear`` for it, and ``printer clear`` does
  not fail because of it; a print attempted without a cup fails with ``cup_missing``.
* ``cocoa_empty`` / ``cinnamon_empty`` block only a job that uses that powder
  (:func:`blocking` takes the job's powders), but stay latched until acknowledged whatever
  the next job uses, so the barista sees them at once.
* ``cup_removed`` and the two ``*_empty`` faults may be cleared by the barista's next Print
  (the tap says "the cup is in place, the reservoir is refilled"); a ``jam`` never is: it
  needs an explicit acknowledgement after the head was cleared.
* ``job_corrupt`` and ``buffer_overflow`` are latched diagnostics: they never block a print
  (the driver re-sends), nobody must acknowledge them, a technician reads them.
* ``*_low`` are live warnings: refill soon; nothing blocks.
* A fault bit this table does not know (a newer firmware's) is taken as latched and
  blocking: the printer refused or stopped for it, so a person has to look.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from printer_driver import errors
from printer_driver.errors import ErrorCode
from printer_driver.protocol.constants import Fault, PowderBits

#: Both powders: a job whose powders are not known is taken to use both.
ALL_POWDERS = int(PowderBits.COCOA | PowderBits.CINNAMON)
_POWDER_BIT = {"cocoa": int(PowderBits.COCOA), "cinnamon": int(PowderBits.CINNAMON)}


class Severity(StrEnum):
    """How much a fault matters to the people at the kiosk."""

    WARNING = "warning"  # printing goes on; someone should act soon (refill)
    BLOCKING = "blocking"  # a print cannot start (or stopped) until a person acts
    DIAGNOSTIC = "diagnostic"  # the driver copes; a technician reads it in the diagnostics


@dataclass(frozen=True)
class FaultInfo:
    """One row of the fault table.

    Attributes:
        flag: the protocol's fault bit.
        name: stable snake_case name ("cup_missing", …), as logs, ``--json`` and the
            front ends' word tables know it.
        severity: see :class:`Severity`.
        latched: stays set until acknowledged (CLEAR_FAULT) once its cause is gone; False
            for a live fault, reported while its condition lasts (``*_low``, ``cup_missing``).
        clears_on_print: a new PRINT may acknowledge it (the barista's tap on Print).
        powder: the powder it is about, for the powder faults; a powder fault blocks only a
            job that uses that powder.
        error: the error a print stopped or refused by this fault raises (None: no error
            of its own, :class:`OtherFaultError`).
    """

    flag: Fault
    name: str
    severity: Severity
    latched: bool
    clears_on_print: bool = False
    powder: str | None = None
    error: ErrorCode | None = None

    @property
    def bit(self) -> int:
        """The bit number in a ``faults`` field (the job ``fault`` byte is this plus 1)."""
        return int(self.flag).bit_length() - 1

    @property
    def needs_ack(self) -> bool:
        """Must a person acknowledge it (Continue, ``photolatte printer clear``)?"""
        return self.latched and self.severity is Severity.BLOCKING

    def blocks(self, uses: int = ALL_POWDERS) -> bool:
        """Does it stop a job using the powders ``uses`` (PowderBits) from starting?"""
        if self.severity is not Severity.BLOCKING:
            return False
        return self.powder is None or bool(uses & _POWDER_BIT[self.powder])


_B, _W, _D = Severity.BLOCKING, Severity.WARNING, Severity.DIAGNOSTIC

#: Every fault the protocol knows, in the order an error is chosen when several are set
#: (the most urgent first: a jam before a lifted cup before a missing cup before powder).
FAULT_TABLE: tuple[FaultInfo, ...] = (
    FaultInfo(Fault.JAM, "jam", _B, latched=True, error=ErrorCode.JAM),
    FaultInfo(Fault.CUP_REMOVED, "cup_removed", _B, latched=True, clears_on_print=True,
              error=ErrorCode.CUP_REMOVED),
    FaultInfo(Fault.CUP_MISSING, "cup_missing", _B, latched=False,
              error=ErrorCode.CUP_MISSING),
    FaultInfo(Fault.COCOA_EMPTY, "cocoa_empty", _B, latched=True, clears_on_print=True,
              powder="cocoa", error=ErrorCode.POWDER_EMPTY),
    FaultInfo(Fault.CINNAMON_EMPTY, "cinnamon_empty", _B, latched=True, clears_on_print=True,
              powder="cinnamon", error=ErrorCode.POWDER_EMPTY),
    FaultInfo(Fault.JOB_CORRUPT, "job_corrupt", _D, latched=True, error=ErrorCode.JOB_CORRUPT),
    FaultInfo(Fault.BUFFER_OVERFLOW, "buffer_overflow", _D, latched=True),
    FaultInfo(Fault.COCOA_LOW, "cocoa_low", _W, latched=False, powder="cocoa"),
    FaultInfo(Fault.CINNAMON_LOW, "cinnamon_low", _W, latched=False, powder="cinnamon"),
)
_BY_FLAG = {int(f.flag): f for f in FAULT_TABLE}
_BY_NAME = {f.name: f for f in FAULT_TABLE}


def _unknown(bit_value: int) -> FaultInfo:
    bit = bit_value.bit_length() - 1
    return FaultInfo(Fault(bit_value), f"fault_{bit}", _B, latched=True)


def info(flag: int) -> FaultInfo:
    """The row of one fault bit (a synthesised blocking, latched row for an unknown bit)."""
    return _BY_FLAG.get(int(flag)) or _unknown(int(flag))


def by_name(name: str) -> FaultInfo:
    """The row of a fault by its name; ``fault_N`` names an unknown bit N.

    Raises:
        KeyError: no such fault name.
    """
    row = _BY_NAME.get(name)
    if row is not None:
        return row
    bit = name.removeprefix("fault_")
    if bit != name and bit.isdigit() and int(bit) < 32:
        return _unknown(1 << int(bit))
    raise KeyError(name)


def faults_in(bits: int) -> tuple[FaultInfo, ...]:
    """Every fault set in ``bits``, in bit order (unknown bits included)."""
    return tuple(info(1 << b) for b in range(32) if bits >> b & 1)


def _ranked(bits: int) -> list[FaultInfo]:
    known = [f for f in FAULT_TABLE if bits & f.flag]
    return [*known, *(f for f in faults_in(bits) if int(f.flag) not in _BY_FLAG)]


def blocking(bits: int, uses: int = ALL_POWDERS) -> tuple[FaultInfo, ...]:
    """Faults in ``bits`` that stop a job using ``uses`` (PowderBits) from starting."""
    return tuple(f for f in faults_in(bits) if f.blocks(uses))


def to_acknowledge(bits: int) -> tuple[FaultInfo, ...]:
    """Faults in ``bits`` a person must acknowledge once the cause is fixed."""
    return tuple(f for f in faults_in(bits) if f.needs_ack)


def warnings(bits: int) -> tuple[FaultInfo, ...]:
    """Faults in ``bits`` that only warn (printing goes on)."""
    return tuple(f for f in faults_in(bits) if f.severity is Severity.WARNING)


def clearable_on_print(bits: int, uses: int = ALL_POWDERS) -> int:
    """The bits of ``bits`` a new PRINT of a job using ``uses`` may clear: the barista's tap
    acknowledges what stops this job, never an empty reservoir the job does not use (that
    stays latched, and on the barista's screen, until refilled)."""
    return sum(int(f.flag) for f in faults_in(bits) if f.clears_on_print and f.blocks(uses))


def short_powder(bits: int, uses: int) -> str:
    """The powder a POWDER_INSUFFICIENT answer is about: one the job uses that ``bits``
    flags low or empty, else the job's first powder (cocoa before cinnamon)."""
    for f in FAULT_TABLE:
        if f.powder and bits & f.flag and uses & _POWDER_BIT[f.powder]:
            return f.powder
    return "cocoa" if uses & PowderBits.COCOA else "cinnamon"


def error_for_faults(
    bits: int, *, uses: int = ALL_POWDERS, rows_done: int | None = None,
) -> errors.PrinterError:
    """The error for the most urgent fault in ``bits``: first among those that block a job
    using ``uses``, else among any with an error of its own; :class:`OtherFaultError`
    naming the faults otherwise. ``rows_done``: rows printed before the fault stopped it."""
    ranked = _ranked(bits)
    pick = next((f for f in ranked if f.error is not None and f.blocks(uses)), None)
    if pick is None:
        pick = next((f for f in ranked if f.error is not None), None)
    if pick is None:
        names = ", ".join(f.name for f in ranked) or f"0x{bits:x}"
        return errors.OtherFaultError(names)
    return _error(pick, rows_done)


def _error(f: FaultInfo, rows_done: int | None) -> errors.PrinterError:
    code = f.error
    if code is ErrorCode.JAM:
        return errors.JamError(rows_done)
    if code is ErrorCode.CUP_REMOVED:
        return errors.CupRemovedError(rows_done)
    if code is ErrorCode.CUP_MISSING:
        return errors.CupMissingError()
    if code is ErrorCode.POWDER_EMPTY and f.powder:
        return errors.PowderEmptyError(f.powder, rows_done)
    if code is ErrorCode.JOB_CORRUPT:
        return errors.JobCorruptError(f"fault {f.name}")
    return errors.OtherFaultError(f.name)


__all__ = [
    "ALL_POWDERS",
    "FAULT_TABLE",
    "FaultInfo",
    "Severity",
    "blocking",
    "by_name",
    "clearable_on_print",
    "error_for_faults",
    "faults_in",
    "info",
    "short_powder",
    "to_acknowledge",
    "warnings",
]
