"""The terminal's words for the printer: one line per failure code and per fault.

A print's failure is a code and parameters (:class:`kiosk.printing.outcome.PrintFailure`: the
driver's :class:`~printer_driver.errors.ErrorCode` values and the print service's
:class:`~kiosk.printing.outcome.ServiceCode`); the fault table (:mod:`printer_driver.faults`)
says what each fault means. This module owns what a terminal user reads about them: what
happened, a colon, what to do next, where the next step is a command (``photolatte printer
clear``), never a kiosk button. Tests check that every code and every fault in the table has
its line here.
"""

from __future__ import annotations

from collections.abc import Callable

from kiosk.printing.outcome import PrintFailure, ServiceCode
from printer_driver.errors import ErrorCode, ParamValue, PrinterError

_CLEAR = "run 'photolatte printer clear'"
_TECH = "call a technician if it repeats"

LOST_WHILE_PRINTING = (
    "Lost the connection while printing: the print may have finished or may still be "
    "running: look at the cup and run 'photolatte printer status' before printing again")


def _p(e: PrintFailure, name: str) -> ParamValue:
    return e.params.get(name)


def _paren(value: ParamValue) -> str:
    return f" ({value})" if value not in (None, "") else ""


def _powder(e: PrintFailure) -> str:
    return str(_p(e, "powder") or "powder")


def _link_lost(e: PrintFailure) -> str:
    if e.print_started:
        return LOST_WHILE_PRINTING
    if _p(e, "during") == "connecting":
        return ("No printer answered on the port: switch the printer on and check the cable "
                "and the port, then retry")
    return ("The printer stopped answering before anything was printed: check the printer's "
            "power and cable, then try again")


def _restarted(e: PrintFailure) -> str:
    if e.print_started:
        return ("The printer restarted during the print and cancelled it: serve a fresh cup "
                "and print again")
    return "The printer restarted before printing anything: print again"


def _aborted(e: PrintFailure) -> str:
    if e.print_started:
        return "The print was cancelled: serve a fresh cup and print again when ready"
    return "The print was cancelled before anything was printed: print again when ready"


def _job(e: PrintFailure) -> str:
    return e.job_id or "?"


#: One line per failure code, filled from the failure's parameters and flags.
CLI_WORDS: dict[str, Callable[[PrintFailure], str]] = {
    ErrorCode.PORT_UNAVAILABLE: lambda e: (
        f"Cannot open the printer port {_p(e, 'url')}{_paren(_p(e, 'reason'))}: switch the "
        "printer on and check the cable, then retry"),
    ErrorCode.PORT_ADDRESS: lambda e: (
        f"Not a printer address: {_p(e, 'url')}{_paren(_p(e, 'reason'))}: use "
        "/dev/ttyUSB0, socket://HOST:PORT or sim://NAME"),
    ErrorCode.PORT_NOT_SERIAL: lambda e: (
        f"{_p(e, 'url')} is not a serial port{_paren(_p(e, 'reason'))}: give the printer's "
        "serial device, e.g. /dev/ttyUSB0 or /dev/ttyACM0 (ls /dev/serial/by-id lists them)"),
    ErrorCode.LINK_LOST: _link_lost,
    ErrorCode.PRINTER_RESTARTED: _restarted,
    ErrorCode.PROTOCOL_VERSION: lambda e: (
        f"The printer speaks protocol {_p(e, 'printer_version')}, this photolatte speaks "
        f"{_p(e, 'supported')}: update the printer's firmware or photolatte"),
    ErrorCode.PROTOCOL_ERROR: lambda e: (
        f"The printer gave an unexpected answer{_paren(_p(e, 'reason'))}: try again; if it "
        "repeats, restart the printer and report the problem"),
    ErrorCode.DRIVER_CLOSED: lambda e: (
        "The connection to the printer was closed before the command finished: run it again"),
    ErrorCode.PRINTER_BUSY: lambda e: (
        "The printer is busy with another print: wait for it to finish ('photolatte printer "
        "status' shows it), then print again"),
    ErrorCode.JOB_CORRUPT: lambda e: (
        "The picture arrived damaged at the printer and was not printed: print again; if it "
        "repeats, check the cable"),
    ErrorCode.JOB_REJECTED: lambda e: (
        f"The printer cannot print this picture{_paren(_p(e, 'reason'))}: check the mask's "
        "size and powders against 'photolatte printer status'"),
    ErrorCode.JOB_NOT_FOUND: lambda e: (
        f"The printer no longer has print job {_job(e)}: print again"),
    ErrorCode.ABORTED: _aborted,
    ErrorCode.STALLED: lambda e: (
        f"The printer made no progress for {_p(e, 'seconds')} s after row "
        f"{_p(e, 'rows_done')}: check the printer and the cup, stop the print on the "
        "printer, and print again"),
    ErrorCode.CUP_MISSING: lambda e: "No cup under the printer: place the cup and print again",
    ErrorCode.CUP_REMOVED: lambda e: (
        "Cup removed during printing: place the cup and reprint" if e.print_started else
        f"A cup was lifted during an earlier print: place the cup, then {_CLEAR} (or print "
        "again)"),
    ErrorCode.POWDER_EMPTY: lambda e: (
        f"{_powder(e).capitalize()} is empty: refill it, then {_CLEAR} (or print again)"),
    ErrorCode.POWDER_INSUFFICIENT: lambda e: (
        f"Not enough {_powder(e)} left for this picture: refill it, then print again"),
    ErrorCode.JAM: lambda e: (
        f"The print head is jammed: clear the jam (switch the printer off first), then {_CLEAR} "
        f"and print again; {_TECH}"),
    ErrorCode.PRINTER_FAULT: lambda e: (
        f"The printer reports a fault ({_p(e, 'faults')}): {_CLEAR} and try again; {_TECH}"),
    # The print service's own; a command meets only the last, the rest for completeness.
    ServiceCode.NOT_CONNECTED: lambda e: (
        "The printer is not connected: switch it on and check the cable, then retry"),
    ServiceCode.NO_MASK: lambda e: (
        "The order's picture is no longer stored: the customer must order again"),
    ServiceCode.KIOSK_STOPPED: lambda e: (
        "The kiosk stopped during the print: look at the cup before printing again"),
    ServiceCode.UNEXPECTED: lambda e: (
        f"The print stopped on an unexpected error{_paren(e.log)}: look at the cup, print "
        "again and report the problem"),
}


def failure_line(failure: PrintFailure) -> str:
    """The one line a terminal user reads about a failure (a code from a newer version:
    the general line)."""
    words = CLI_WORDS.get(failure.code, CLI_WORDS[ServiceCode.UNEXPECTED])
    return words(failure)


def cli_message(exc: PrinterError) -> str:
    """The one line a terminal user reads about a driver error."""
    return failure_line(PrintFailure.from_error(exc))


#: One line per fault name of :data:`printer_driver.faults.FAULT_TABLE`.
FAULT_WORDS: dict[str, str] = {
    "jam": f"The print head is jammed: clear the jam (switch the printer off first), then "
           f"{_CLEAR}; {_TECH}",
    "cup_removed": f"A cup was lifted during a print: place the cup, then {_CLEAR} (or print "
                   "again)",
    "cup_missing": "No cup under the printer: place one before printing (this clears by itself)",
    "cocoa_empty": f"Cocoa is empty: refill it, then {_CLEAR} (or print again)",
    "cinnamon_empty": f"Cinnamon is empty: refill it, then {_CLEAR} (or print again)",
    "job_corrupt": "A picture arrived damaged and was sent again: check the cable if this "
                   "repeats",
    "buffer_overflow": "The printer's receive buffer overflowed: report it (a host sent more "
                       "than the printer's window)",
    "cocoa_low": "Cocoa is running low: refill it soon",
    "cinnamon_low": "Cinnamon is running low: refill it soon",
}


def fault_line(name: str) -> str:
    """The line for one fault by its name (a fault this table does not know: generic)."""
    words = FAULT_WORDS.get(name)
    if words is not None:
        return words
    return f"The printer reports fault {name}: {_CLEAR}; {_TECH}"
