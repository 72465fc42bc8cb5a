"""Everything that can go wrong between the kiosk and the foam printer.

One hierarchy, rooted at :class:`PrinterError`. Every error's message is one plain sentence
a barista can act on: what happened, a colon, what to do next ("Cup removed during printing:
place the cup and reprint"). ``code`` is a stable machine name for logs, ``--json`` output
and the UI's translation tables; ``action`` is the "what to do" half alone.

Printer faults (cup missing, powder empty, jam, …) are subclasses of :class:`PrinterFaultError`
and carry the fault they came from; link troubles (lost, restarted, protocol) are not faults
of the machine and have their own branch.
"""

from __future__ import annotations


class PrinterError(Exception):
    """Base of every driver error.

    Attributes:
        code: stable snake_case name ("cup_removed", "link_lost", …).
        what: what happened, one short clause.
        action: what the barista or technician should do next.
        retryable: True if simply trying again (after ``action``) is expected to work.
    """

    code = "printer_error"
    retryable = False
    #: Set by :meth:`PrinterDriver.print_job` on the error it raises: True once the printer
    #: had accepted PRINT (rows may have landed), or when the link was lost after PRINT
    #: went out with no answer; "lost the link" then means the print's outcome is unknown
    #: rather than "nothing printed".
    print_started = False
    #: The job the error is about, where known (set by ``print_job``).
    job_id: int | None = None

    def __init__(self, what: str, action: str, *, detail: str | None = None) -> None:
        self.what = what
        self.action = action
        self.detail = detail
        super().__init__(f"{what}: {action}")

    @property
    def message(self) -> str:
        """The one line to show: "what happened: what to do"."""
        return str(self)

    def to_dict(self) -> dict:
        """JSON-able form for ``--json`` output and logs."""
        out = {"error": self.code, "message": self.message, "retryable": self.retryable}
        if self.detail:
            out["detail"] = self.detail
        return out


# --- the link and the conversation -----------------------------------------------------


class PortOpenError(PrinterError):
    """The serial port (or device server) could not be opened at all.

    Raised at once, after a single attempt: the driver does not retry a port that will not
    open (a missing device rarely appears within seconds). The message says to retry; the
    kiosk's printer service does so itself, with backoff.
    """

    code = "port_unavailable"
    retryable = True

    def __init__(self, url: str, reason: str = "") -> None:
        super().__init__(
            f"Cannot open the printer port {url}" + (f" ({reason})" if reason else ""),
            "switch the printer on and check the cable, then retry",
            detail=reason or None,
        )
        self.url = url


class PortAddressError(PortOpenError):
    """The port name is no printer address at all: an unknown URL scheme, malformed URL
    options (``sim://x?speed=abc``), a bad line speed, or a bare name that is no device.
    Trying again will not help; the setting must change."""

    code = "port_address"
    retryable = False

    def __init__(self, url: str, reason: str = "") -> None:
        PrinterError.__init__(
            self,
            f"Not a printer address: {url}" + (f" ({reason})" if reason else ""),
            "use /dev/ttyUSB0, socket://HOST:PORT or sim://NAME",
            detail=reason or None,
        )
        self.url = url


class NotSerialPortError(PortOpenError):
    """The path exists but is no serial port (``/dev/null``, a regular file, a folder)."""

    code = "port_not_serial"
    retryable = False

    def __init__(self, url: str, reason: str = "") -> None:
        PrinterError.__init__(
            self,
            f"{url} is not a serial port" + (f" ({reason})" if reason else ""),
            "give the printer's serial device, e.g. /dev/ttyUSB0 or /dev/ttyACM0 "
            "(ls /dev/serial/by-id lists them)",
            detail=reason or None,
        )
        self.url = url


class LinkLostError(PrinterError):
    """The printer stopped answering and reconnecting did not bring it back in time."""

    code = "link_lost"
    retryable = True

    def __init__(self, reason: str = "", *, during: str = "") -> None:
        what = "Lost the connection to the printer" + (f" during {during}" if during else "")
        super().__init__(
            what,
            "check the printer's power and cable, then check the cup and print again",
            detail=reason or None,
        )
        self.during = during


class PrinterRestartedError(PrinterError):
    """The printer rebooted (its boot id changed): any job in progress is void.

    The driver never reprints by itself: the cup may already carry half a picture.
    """

    code = "printer_restarted"

    def __init__(self, old_boot_id: int | None = None, new_boot_id: int | None = None) -> None:
        super().__init__(
            "The printer restarted and cancelled the print",
            "serve a fresh cup and print again",
            detail=f"boot id {old_boot_id} -> {new_boot_id}",
        )
        self.old_boot_id = old_boot_id
        self.new_boot_id = new_boot_id


class ProtocolVersionError(PrinterError):
    """The printer speaks a protocol version this software does not."""

    code = "protocol_version"

    def __init__(self, printer_version: object, supported: object) -> None:
        super().__init__(
            f"The printer speaks protocol {printer_version}, this kiosk speaks {supported}",
            "ask a technician to update the printer firmware or the kiosk software",
        )
        self.printer_version = printer_version
        self.supported = supported


class ProtocolError(PrinterError):
    """The printer answered something that makes no sense here (a bug on one side)."""

    code = "protocol_error"
    retryable = True

    def __init__(self, detail: str) -> None:
        super().__init__(
            "The printer gave an unexpected answer",
            "try again; if it repeats, restart the printer and call a technician",
            detail=detail,
        )


class PrinterBusyError(PrinterError):
    """The printer is working on another job (or holds one) and refused a new one."""

    code = "printer_busy"
    retryable = True

    def __init__(self, detail: str = "") -> None:
        super().__init__(
            "The printer is busy with another print",
            "wait for it to finish, or cancel it on the printer screen, then print again",
            detail=detail or None,
        )


class JobCorruptError(PrinterError):
    """The job's data did not verify on the printer (CRC-32 mismatch); nothing was printed."""

    code = "job_corrupt"
    retryable = True

    def __init__(self, detail: str = "") -> None:
        super().__init__(
            "The picture arrived damaged at the printer and was not printed",
            "print again; if it repeats, call a technician to check the cable",
            detail=detail or None,
        )


class JobRejectedError(PrinterError):
    """The printer refused the job as such (too large, wrong geometry, unknown powder…)."""

    code = "job_rejected"

    def __init__(self, detail: str) -> None:
        super().__init__(
            "The printer cannot print this picture",
            "choose another design; a technician should check the cup profile",
            detail=detail,
        )


class JobNotFoundError(PrinterError):
    """The printer has no record of the job (e.g. it was replaced by a newer one)."""

    code = "job_not_found"
    retryable = True

    def __init__(self, job_id: int) -> None:
        super().__init__(
            f"The printer no longer has print job {job_id:08x}",
            "print again",
        )
        self.job_id = job_id


class JobAbortedError(PrinterError):
    """The print was cancelled (the abort button, or on the printer)."""

    code = "aborted"

    def __init__(self, detail: str = "") -> None:
        super().__init__(
            "The print was cancelled",
            "serve a fresh cup and print again when ready",
            detail=detail or None,
        )


class DriverClosedError(PrinterError):
    """The driver was closed (or is closing) while a call was still waiting."""

    code = "driver_closed"

    def __init__(self) -> None:
        super().__init__("The printer connection was closed", "reconnect to the printer")


# --- the machine's own faults ---------------------------------------------------------


class PrinterFaultError(PrinterError):
    """A latched fault on the machine. ``fault`` is the fault's name as the printer sent it."""

    code = "printer_fault"

    def __init__(self, what: str, action: str, *, fault: str, detail: str | None = None):
        super().__init__(what, action, detail=detail)
        self.fault = fault


class CupMissingError(PrinterFaultError):
    """No cup under the head when the print was to start."""

    code = "cup_missing"
    retryable = True

    def __init__(self) -> None:
        super().__init__(
            "No cup under the printer", "place the cup and press Print again", fault="cup_missing"
        )


class CupRemovedError(PrinterFaultError):
    """The cup was lifted while the picture was being printed: that cup is spoiled."""

    code = "cup_removed"
    retryable = True

    def __init__(self, rows_done: int | None = None) -> None:
        super().__init__(
            "Cup removed during printing",
            "place the cup and reprint",
            fault="cup_removed",
            detail=None if rows_done is None else f"{rows_done} rows were printed",
        )
        self.rows_done = rows_done


class PowderEmptyError(PrinterFaultError):
    """A powder reservoir ran out; ``powder`` is "cocoa" or "cinnamon"."""

    code = "powder_empty"
    retryable = True

    def __init__(self, powder: str, rows_done: int | None = None) -> None:
        super().__init__(
            f"{powder.capitalize()} is empty",
            "refill it, then press Continue",
            fault=f"{powder}_empty",
            detail=None if rows_done is None else f"{rows_done} rows were printed",
        )
        self.powder = powder
        self.rows_done = rows_done


class PowderLowError(PrinterFaultError):
    """Not enough of a powder left for this picture; the print did not start."""

    code = "powder_insufficient"
    retryable = True

    def __init__(self, powder: str) -> None:
        super().__init__(
            f"Not enough {powder} left for this picture",
            "refill it, then press Print again",
            fault=f"{powder}_low",
        )
        self.powder = powder


class PrinterStalledError(PrinterError):
    """The printer says it is printing but no row has advanced for a long time."""

    code = "stalled"

    def __init__(self, seconds: float, rows_done: int) -> None:
        super().__init__(
            "The printer stopped making progress",
            "check the printer and the cup, cancel the print on the printer, and print again",
            detail=f"no new row for {seconds:.0f} s after row {rows_done}",
        )


class JamError(PrinterFaultError):
    """The print head or a powder feeder is jammed."""

    code = "jam"

    def __init__(self, detail: str = "") -> None:
        super().__init__(
            "The print head is jammed",
            "switch the printer off, clear the jam, switch it on and print again; "
            "call a technician if it repeats",
            fault="jam",
            detail=detail or None,
        )


class OtherFaultError(PrinterFaultError):
    """A fault this driver has no specific advice for (a newer firmware's code)."""

    code = "printer_fault"

    def __init__(self, fault: str) -> None:
        super().__init__(
            f"The printer reports a fault ({fault})",
            "clear it on the printer and try again; call a technician if it repeats",
            fault=fault,
        )


__all__ = [
    "CupMissingError",
    "CupRemovedError",
    "DriverClosedError",
    "JamError",
    "JobAbortedError",
    "JobCorruptError",
    "JobNotFoundError",
    "JobRejectedError",
    "LinkLostError",
    "NotSerialPortError",
    "OtherFaultError",
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
