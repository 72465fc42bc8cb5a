"""Everything that can go wrong between a host and the foam printer, as codes and parameters.

One hierarchy, rooted at :class:`PrinterError`. Each error carries:

* ``code``: an :class:`ErrorCode`, stable across versions (logs, ``--json``, stored orders);
* its parameters, both as typed attributes (``powder``, ``rows_done``, ``url`` …) and as the
  :attr:`PrinterError.params` mapping, for a front end to fill its own words;
* ``retryable``: trying again after fixing the cause is expected to work;
* ``print_started`` and ``job_id``, set by :meth:`PrinterDriver.print_job` on the error it
  raises: whether anything may have landed on the foam, and the job it is about;
* ``str()``: one neutral English line for logs that names what happened, never what to
  press: there are no words here about any front end's buttons or commands.

Words for people live in the front ends, keyed by ``code``: the CLI's English table
(``kiosk.cli.printing``) and the barista UI's Qt translation table
(``kiosk.ui.barista.words``); tests check that each has words for every :class:`ErrorCode`.

Printer faults (cup missing, powder empty, jam, …) are subclasses of
:class:`PrinterFaultError` and name the fault they came from (see
:mod:`printer_driver.faults`); link troubles (lost, restarted, protocol) are not faults of
the machine and have their own branch.

This module imports nothing else of the package (``import printer_driver.errors`` is cheap).
"""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

#: A parameter's value: plain JSON-able scalars only, so a front end or a store can keep it.
ParamValue = str | int | float | bool | None


class ErrorCode(StrEnum):
    """Every error the driver raises, by its stable snake_case code."""

    # The port and the link.
    PORT_UNAVAILABLE = "port_unavailable"
    PORT_ADDRESS = "port_address"
    PORT_NOT_SERIAL = "port_not_serial"
    LINK_LOST = "link_lost"
    PRINTER_RESTARTED = "printer_restarted"
    PROTOCOL_VERSION = "protocol_version"
    PROTOCOL_ERROR = "protocol_error"
    DRIVER_CLOSED = "driver_closed"
    # Jobs.
    PRINTER_BUSY = "printer_busy"
    JOB_CORRUPT = "job_corrupt"
    JOB_REJECTED = "job_rejected"
    JOB_NOT_FOUND = "job_not_found"
    ABORTED = "aborted"
    STALLED = "stalled"
    # The machine's faults.
    CUP_MISSING = "cup_missing"
    CUP_REMOVED = "cup_removed"
    POWDER_EMPTY = "powder_empty"
    POWDER_INSUFFICIENT = "powder_insufficient"
    JAM = "jam"
    PRINTER_FAULT = "printer_fault"


class PrinterError(Exception):
    """Base of every driver error (never raised itself).

    Attributes:
        code: the :class:`ErrorCode` (class attribute).
        retryable: True if trying again (after fixing the cause) is expected to work.
        print_started: True once the printer had accepted PRINT (rows may have landed), or
            when the link was lost or the printer restarted after PRINT went out with no
            answer: the print's outcome is then unknown rather than "nothing printed".
            Set by :meth:`PrinterDriver.print_job`; False for every other call.
        job_id: the job the error is about, where known (set by ``print_job``).
    """

    code: ClassVar[ErrorCode]
    retryable: ClassVar[bool] = False
    #: Names of this class's parameters, in :attr:`params` order (typed attributes).
    PARAMS: ClassVar[tuple[str, ...]] = ()

    def __init__(self) -> None:
        super().__init__()
        self.print_started = False
        self.job_id: int | None = None

    @property
    def params(self) -> dict[str, ParamValue]:
        """The error's parameters by name (``job_id`` added when known)."""
        out: dict[str, ParamValue] = {name: getattr(self, name) for name in self.PARAMS}
        if self.job_id is not None:
            out["job_id"] = self.job_id
        return out

    def describe(self) -> str:
        """What happened, in neutral English for logs (no advice)."""
        return self.code.value

    def __str__(self) -> str:
        return self.describe()

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        return f"{type(self).__name__}({args})"

    def to_dict(self) -> dict[str, object]:
        """JSON-able form for ``--json`` output: the code, its parameters, the flags and
        the neutral log line (``log``), never a front end's words."""
        return {
            "error": self.code.value, "params": self.params, "retryable": self.retryable,
            "print_started": self.print_started, "log": str(self),
        }


def _with(reason: str) -> str:
    return f" ({reason})" if reason else ""


# --- the port, the link and the conversation -------------------------------------------


class PortOpenError(PrinterError):
    """The serial port (or device server) could not be opened at all.

    Raised at once, after a single attempt: the driver does not retry a port that will not
    open (a missing device rarely appears within seconds); a caller that should keep
    trying (the kiosk) retries with :mod:`printer_driver.backoff`.
    """

    code = ErrorCode.PORT_UNAVAILABLE
    retryable = True
    PARAMS = ("url", "reason")

    def __init__(self, url: str, reason: str = "") -> None:
        super().__init__()
        self.url = url
        self.reason = reason

    def describe(self) -> str:
        return f"Cannot open the printer port {self.url}{_with(self.reason)}"


class PortAddressError(PortOpenError):
    """The port name is no printer address at all: an unknown URL scheme, malformed URL
    options (``sim://x?speed=abc``), a bad line speed, or a bare name that is no device.
    Trying again will not help; the setting must change."""

    code = ErrorCode.PORT_ADDRESS
    retryable = False

    def describe(self) -> str:
        return f"Not a printer address: {self.url}{_with(self.reason)}"


class NotSerialPortError(PortOpenError):
    """The path exists but is no serial port (``/dev/null``, a regular file, a folder)."""

    code = ErrorCode.PORT_NOT_SERIAL
    retryable = False

    def describe(self) -> str:
        return f"{self.url} is not a serial port{_with(self.reason)}"


class LinkLostError(PrinterError):
    """The printer stopped answering, or answered without any progress, and reconnecting
    did not bring it back within the driver's bound (``Timeouts.reconnect_total``).

    ``during`` names what the driver was doing (an English phrase for logs: "the upload",
    "printing", "connecting", …); ``reason`` the last thing that went wrong.
    """

    code = ErrorCode.LINK_LOST
    retryable = True
    PARAMS = ("reason", "during")

    def __init__(self, reason: str = "", *, during: str = "") -> None:
        super().__init__()
        self.reason = reason
        self.during = during

    def describe(self) -> str:
        during = f" during {self.during}" if self.during else ""
        return f"Lost the connection to the printer{during}{_with(self.reason)}"


class PrinterRestartedError(PrinterError):
    """The printer rebooted (its boot id changed): any job in progress is void.

    The driver never reprints by itself: when ``print_started`` is True the cup may carry
    part of a picture; when False (a reboot during the upload) nothing was printed.
    """

    code = ErrorCode.PRINTER_RESTARTED
    retryable = True
    PARAMS = ("old_boot_id", "new_boot_id")

    def __init__(self, old_boot_id: int | None = None, new_boot_id: int | None = None) -> None:
        super().__init__()
        self.old_boot_id = old_boot_id
        self.new_boot_id = new_boot_id

    def describe(self) -> str:
        old = "?" if self.old_boot_id is None else f"{self.old_boot_id:08x}"
        new = "?" if self.new_boot_id is None else f"{self.new_boot_id:08x}"
        what = "the print may have begun" if self.print_started else "nothing was printed"
        return f"The printer restarted (boot id {old} -> {new}); the job is void, {what}"


class ProtocolVersionError(PrinterError):
    """The printer speaks a protocol version this software does not."""

    code = ErrorCode.PROTOCOL_VERSION
    PARAMS = ("printer_version", "supported")

    def __init__(self, printer_version: int, supported: int) -> None:
        super().__init__()
        self.printer_version = printer_version
        self.supported = supported

    def describe(self) -> str:
        return (f"The printer speaks protocol {self.printer_version}, "
                f"this host speaks {self.supported}")


class ProtocolError(PrinterError):
    """The printer answered something that makes no sense here (a bug on one side)."""

    code = ErrorCode.PROTOCOL_ERROR
    retryable = True
    PARAMS = ("reason",)

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason

    def describe(self) -> str:
        return f"Unexpected answer from the printer: {self.reason}"


class DriverClosedError(PrinterError):
    """The driver was closed (or is closing) while a call was still waiting."""

    code = ErrorCode.DRIVER_CLOSED

    def describe(self) -> str:
        return "The printer connection was closed"


# --- jobs ------------------------------------------------------------------------------


class PrinterBusyError(PrinterError):
    """The printer is working on another job (or holds one) and refused a new one."""

    code = ErrorCode.PRINTER_BUSY
    retryable = True
    PARAMS = ("reason",)

    def __init__(self, reason: str = "") -> None:
        super().__init__()
        self.reason = reason

    def describe(self) -> str:
        return f"The printer is busy{_with(self.reason)}"


class JobCorruptError(PrinterError):
    """The job's data did not verify on the printer (CRC-32 mismatch); nothing was printed."""

    code = ErrorCode.JOB_CORRUPT
    retryable = True
    PARAMS = ("reason",)

    def __init__(self, reason: str = "") -> None:
        super().__init__()
        self.reason = reason

    def describe(self) -> str:
        return f"The job arrived damaged at the printer and was not printed{_with(self.reason)}"


class JobRejectedError(PrinterError):
    """The printer refused the job as such (too large, wrong geometry, unknown powder…)."""

    code = ErrorCode.JOB_REJECTED
    PARAMS = ("reason",)

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason

    def describe(self) -> str:
        return f"The printer refused the job: {self.reason}"


class JobNotFoundError(PrinterError):
    """The printer has no record of the job (e.g. it was replaced by a newer one)."""

    code = ErrorCode.JOB_NOT_FOUND
    retryable = True

    def __init__(self, job_id: int) -> None:
        super().__init__()
        self.job_id = job_id

    def describe(self) -> str:
        return f"The printer has no record of job {self.job_id or 0:08x}"


class JobAbortedError(PrinterError):
    """The print was cancelled (the abort button, or on the printer)."""

    code = ErrorCode.ABORTED
    PARAMS = ("reason",)

    def __init__(self, reason: str = "") -> None:
        super().__init__()
        self.reason = reason

    def describe(self) -> str:
        return f"The print was cancelled{_with(self.reason)}"


class PrinterStalledError(PrinterError):
    """The printer says it is printing but no row has advanced for ``seconds``."""

    code = ErrorCode.STALLED
    PARAMS = ("seconds", "rows_done")

    def __init__(self, seconds: float, rows_done: int) -> None:
        super().__init__()
        self.seconds = round(seconds, 1)
        self.rows_done = rows_done

    def describe(self) -> str:
        return (f"The printer made no progress for {self.seconds:.0f} s "
                f"after row {self.rows_done}")


# --- the machine's own faults ---------------------------------------------------------


class PrinterFaultError(PrinterError):
    """A fault of the machine. ``fault`` is the fault's name in
    :mod:`printer_driver.faults` ("cup_removed", "cocoa_empty", …)."""

    def __init__(self, fault: str) -> None:
        super().__init__()
        self.fault = fault


def _rows(rows_done: int | None) -> str:
    return "" if rows_done is None else f" ({rows_done} rows printed)"


class CupMissingError(PrinterFaultError):
    """No cup under the head when the print was to start; nothing was printed."""

    code = ErrorCode.CUP_MISSING
    retryable = True

    def __init__(self) -> None:
        super().__init__("cup_missing")

    def describe(self) -> str:
        return "No cup under the printer"


class CupRemovedError(PrinterFaultError):
    """The cup was lifted while the picture was being printed (that cup is spoiled), or a
    lifted cup's fault was still latched when a print was to start."""

    code = ErrorCode.CUP_REMOVED
    retryable = True
    PARAMS = ("rows_done",)

    def __init__(self, rows_done: int | None = None) -> None:
        super().__init__("cup_removed")
        self.rows_done = rows_done

    def describe(self) -> str:
        return f"The cup was removed during printing{_rows(self.rows_done)}"


class PowderEmptyError(PrinterFaultError):
    """A powder reservoir ran out; ``powder`` is "cocoa" or "cinnamon"."""

    code = ErrorCode.POWDER_EMPTY
    retryable = True
    PARAMS = ("powder", "rows_done")

    def __init__(self, powder: str, rows_done: int | None = None) -> None:
        super().__init__(f"{powder}_empty")
        self.powder = powder
        self.rows_done = rows_done

    def describe(self) -> str:
        return f"{self.powder.capitalize()} is empty{_rows(self.rows_done)}"


class PowderLowError(PrinterFaultError):
    """Not enough of a powder left for this picture; the print did not start."""

    code = ErrorCode.POWDER_INSUFFICIENT
    retryable = True
    PARAMS = ("powder",)

    def __init__(self, powder: str) -> None:
        super().__init__(f"{powder}_low")
        self.powder = powder

    def describe(self) -> str:
        return f"Not enough {self.powder} left for this picture"


class JamError(PrinterFaultError):
    """The print head or a powder feeder is jammed."""

    code = ErrorCode.JAM
    PARAMS = ("rows_done",)

    def __init__(self, rows_done: int | None = None) -> None:
        super().__init__("jam")
        self.rows_done = rows_done

    def describe(self) -> str:
        return f"The print head is jammed{_rows(self.rows_done)}"


class OtherFaultError(PrinterFaultError):
    """A fault this driver has no specific error for (a newer firmware's, a diagnostic
    one); ``faults`` names every such fault, comma-separated."""

    code = ErrorCode.PRINTER_FAULT
    PARAMS = ("faults",)

    def __init__(self, faults: str) -> None:
        super().__init__(faults)
        self.faults = faults

    def describe(self) -> str:
        return f"The printer reports a fault ({self.faults})"


__all__ = [
    "CupMissingError",
    "CupRemovedError",
    "DriverClosedError",
    "ErrorCode",
    "JamError",
    "JobAbortedError",
    "JobCorruptError",
    "JobNotFoundError",
    "JobRejectedError",
    "LinkLostError",
    "NotSerialPortError",
    "OtherFaultError",
    "ParamValue",
    "PortAddressError",
    "PortOpenError",
    "PowderEmptyError",
    "PowderLowError",
    "PrinterBusyError",
    "PrinterError",
    "PrinterFaultError",
    "PrinterRestartedError",
    "PrinterStalledError",
    "ProtocolError",
    "ProtocolVersionError",
]
