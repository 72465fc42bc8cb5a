"""How a print ended, decided once for every front end.

The driver says what went wrong (an error with a code, parameters and ``print_started``:
whether anything may have landed on the foam). The rules here turn that into an outcome:

==========================================  ===========  ==============  ============
what happened                               outcome      order (store)   CLI exit
==========================================  ===========  ==============  ============
the printer reported the print done         DONE         PRINTED         0
stopped before PRINT (no cup, refused, …)   FAILED       FAILED          1, 2 or 3
stopped after PRINT (fault, abort, restart) INTERRUPTED  INTERRUPTED     1
link lost after PRINT went out              UNKNOWN      INTERRUPTED     4
the kiosk stopped during the print          INTERRUPTED  INTERRUPTED     (130/143/5)
==========================================  ===========  ==============  ============

"UNKNOWN": the printer may have finished the cup or may still be printing; the store keeps
it as INTERRUPTED (someone must look at the cup), the CLI says "outcome unknown".

A failure is a code and parameters (:class:`PrintFailure`), never words: the driver's
:class:`~printer_driver.errors.ErrorCode` values or the service's own :class:`ServiceCode`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from printer_driver.errors import ErrorCode, LinkLostError, ParamValue, PrinterError

if TYPE_CHECKING:
    from kiosk.orders.schema import PrintResult
    from printer_driver.counters import CounterSnapshot
    from printer_driver.faults import FaultInfo
    from printer_driver.values import JobStatus, PrinterInfo, PrinterStatus


class ServiceCode(StrEnum):
    """Failures the print service itself decides (the driver's are ``ErrorCode``)."""

    NOT_CONNECTED = "not_connected"  # the kiosk has no printer link at the tap
    NO_MASK = "no_mask"  # the order's picture was deleted (retention) before printing
    KIOSK_STOPPED = "kiosk_stopped"  # the kiosk closed during the print
    UNEXPECTED = "unexpected"  # a bug below the service; the log has the traceback


class PrintOutcome(StrEnum):
    """How a print ended; see the module docstring's table."""

    DONE = "done"
    FAILED = "failed"
    INTERRUPTED = "interrupted"
    UNKNOWN = "unknown"

    @property
    def store_result(self) -> PrintResult:
        """What the order store records for it."""
        from kiosk.orders.schema import PrintResult  # the store's module loads OpenCV

        return {PrintOutcome.DONE: PrintResult.PRINTED,
                PrintOutcome.FAILED: PrintResult.FAILED}.get(self, PrintResult.INTERRUPTED)


@dataclass(frozen=True)
class PrintFailure:
    """Why a print (or a command) did not succeed: a code and its parameters.

    Attributes:
        code: an ``ErrorCode`` or ``ServiceCode`` value.
        params: the error's parameters (``powder``, ``rows_done``, ``url`` …); a job id
            is 8 lower-case hex digits.
        print_started: something may be on the foam (the driver's ``print_started``, or
            rows reported printed).
        lost_after_print: the link was lost after PRINT went out: nobody knows the end.
        retryable: trying again after fixing the cause is expected to work.
        log: a neutral English line for logs, never shown as a front end's words.
    """

    code: str
    params: Mapping[str, ParamValue] = field(default_factory=dict)
    print_started: bool = False
    lost_after_print: bool = False
    retryable: bool = False
    log: str = ""

    @classmethod
    def from_error(cls, exc: PrinterError, rows_seen: int = 0) -> PrintFailure:
        """The failure a driver error stands for; ``rows_seen``: rows the progress
        reports counted before it (a row on the foam means the print started)."""
        params = dict(exc.params)
        if isinstance(params.get("job_id"), int):
            params["job_id"] = f"{params['job_id']:08x}"
        rows = params.get("rows_done")
        started = exc.print_started or rows_seen > 0 or (isinstance(rows, int) and rows > 0)
        lost = isinstance(exc, LinkLostError) and started
        return cls(exc.code.value, params, started, lost, exc.retryable, str(exc))

    @property
    def outcome(self) -> PrintOutcome:
        """FAILED (nothing printed), INTERRUPTED (something may be on the cup) or UNKNOWN
        (lost after PRINT)."""
        if self.lost_after_print:
            return PrintOutcome.UNKNOWN
        return PrintOutcome.INTERRUPTED if self.print_started else PrintOutcome.FAILED

    @property
    def job_id(self) -> str | None:
        """The printer's job id (8 hex digits) when the failure names one."""
        job = self.params.get("job_id")
        return job if isinstance(job, str) else None

    def to_dict(self) -> dict[str, object]:
        """JSON-able form for ``--json``: code, parameters, flags and the log line."""
        return {"error": self.code, "params": dict(self.params), "retryable": self.retryable,
                "print_started": self.print_started, "log": self.log}


def service_failure(code: ServiceCode, *, print_started: bool = False,
                    log: str = "") -> PrintFailure:
    """One of the service's own failures."""
    return PrintFailure(code.value, {}, print_started, log=log or code.value)


NO_MASK = service_failure(ServiceCode.NO_MASK)
KIOSK_STOPPED = service_failure(ServiceCode.KIOSK_STOPPED, print_started=True)
NOT_CONNECTED = service_failure(ServiceCode.NOT_CONNECTED)

#: Every code a print failure may carry: the driver's and the service's.
ALL_FAILURE_CODES: tuple[str, ...] = (*(c.value for c in ErrorCode),
                                      *(c.value for c in ServiceCode))


@dataclass(frozen=True)
class PrintEnd:
    """A print's end, as the service reports it.

    Attributes:
        order_id: the order printed, or None for a print without an order (a test
            pattern, ``photolatte print``).
        outcome: see :class:`PrintOutcome`.
        job_id: the printer's job id, 8 hex digits (None if nothing was uploaded).
        rows: rows printed (all of them when DONE).
        seconds: from the request to the end, wall seconds.
        failure: why, unless DONE.
        calibration: the label of the printer profile applied, None when not calibrated.
        link: the link's counters at the end (None without a link).
    """

    order_id: int | None
    outcome: PrintOutcome
    job_id: str | None = None
    rows: int = 0
    seconds: float = 0.0
    failure: PrintFailure | None = None
    calibration: str | None = None
    link: CounterSnapshot | None = None


@dataclass(frozen=True)
class ClearOutcome:
    """What acknowledging the printer's faults (Continue, ``printer clear``) achieved.

    ``before``/``after``: the status around CLEAR_FAULT. A fault whose cause is still there
    stays latched; :attr:`remaining` are those someone must still fix and acknowledge
    (the fault table's ``to_acknowledge``), so both front ends answer alike.
    """

    before: PrinterStatus
    after: PrinterStatus

    @property
    def cleared(self) -> tuple[str, ...]:
        """Faults set before and gone after."""
        return tuple(n for n in self.before.fault_names if n not in self.after.fault_names)

    @property
    def remaining(self) -> tuple[FaultInfo, ...]:
        """Faults still latched that need acknowledging once fixed."""
        from printer_driver.faults import to_acknowledge

        return to_acknowledge(self.after.fault_bits)

    @property
    def ok(self) -> bool:
        """Nothing is left to acknowledge (a live condition like no cup may remain)."""
        return not self.remaining


@dataclass(frozen=True)
class PrinterReport:
    """The printer described at one instant (``photolatte printer status``): the
    handshake, a status, and the printer's record of its current or newest job."""

    info: PrinterInfo
    status: PrinterStatus
    last_job: JobStatus | None


__all__ = [
    "ALL_FAILURE_CODES",
    "KIOSK_STOPPED",
    "NOT_CONNECTED",
    "NO_MASK",
    "ClearOutcome",
    "PrintEnd",
    "PrintFailure",
    "PrintOutcome",
    "PrinterReport",
    "ServiceCode",
    "service_failure",
]
