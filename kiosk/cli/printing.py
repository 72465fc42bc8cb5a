"""``photolatte print``, ``photolatte printer status`` and ``photolatte printer clear``: the
printer from a terminal, through the same print service as the kiosk
(:class:`kiosk.printing.service.PrintService`: the same outcome rules, the same answers from
the driver's fault table, the same bounded abort).

    photolatte print MASK_OR_PHOTO --port URL [--profile FILE | --no-profile] [--cup NAME]
                     [--json]
    photolatte printer status --port URL [--json]
    photolatte printer clear --port URL [--json]

``print`` takes a mask PNG (from ``photolatte render``) or any photo, which is rendered
with the imaging core's defaults for the printer's calibration. The machine's profile
applies as in the kiosk (:mod:`kiosk.cli.print_profile`: "not calibrated" is said in
words). While it works, a progress bar with rows and time left goes to stderr. Exit codes
(also in ``photolatte print --help``):

    0    the printer reports the print done
    1    the printer refused or failed the print (fault, cancelled on the machine, restarted)
    2    bad input: no such picture, not a printer address, not a serial port, bad option,
         a profile file that is damaged or another printer's, a cup the printer lacks
    3    the printer cannot be reached, or stopped answering (given up within 26 s),
         before anything was printed
    4    the link was lost after the printer started printing: the outcome is unknown
    5    stopped with Ctrl-C or SIGTERM, but the printer could not be reached to stop the
         print: it may still be printing
    130  cancelled with Ctrl-C, the printer confirmed the stop
    143  cancelled with SIGTERM (systemd, timeout, kill), the printer confirmed the stop

On failure, one line on stderr says what happened and what to do (the words are
:mod:`kiosk.cli.printer_words`, keyed by code); with ``--json`` a JSON object goes to stdout
as well. Job ids are shown as 8 hex digits, as the protocol and the simulator's records
write them.

The URL is anything ``serial.serial_for_url`` opens: ``/dev/ttyUSB0``, ``socket://host:port``
or the simulated printer ``sim://NAME?speed=20``. ``--dtr off`` opens the port without
asserting DTR, for boards that reboot when it rises (the URL option ``?dtr=off`` does the
same; the default keeps pyserial's behaviour, DTR and RTS asserted).
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING, TextIO, TypeVar

_T = TypeVar("_T")

if TYPE_CHECKING:
    from kiosk.printing.events import PrintProgress, ServiceEvent
    from kiosk.printing.outcome import PrintFailure
    from kiosk.printing.profiles import ProfileLookup
    from kiosk.printing.service import PrintService
    from printer_driver.events import EventCallback
    from printer_driver.values import Timeouts

EXIT_OK = 0
EXIT_PRINT_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_UNREACHABLE = 3
EXIT_OUTCOME_UNKNOWN = 4
EXIT_STOP_UNCONFIRMED = 5
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143

EXIT_CODES_HELP = """\
exit codes:
  0    the printer reports the print done
  1    the printer refused or failed the print (a fault, cancelled on the machine, restart)
  2    bad input: no such picture, not a printer address, not a serial port, bad option,
       a profile file that is damaged or another printer's, a cup the printer lacks
  3    the printer cannot be reached, or stopped answering (given up within 26 s),
       before anything was printed
  4    the connection was lost while printing: the print may have finished or may
       still be running (look at the cup; 'photolatte printer status' tells)
  5    interrupted, but the printer could not be reached to stop the print
  130  cancelled with Ctrl-C (the printer confirmed the stop)
  143  cancelled with SIGTERM (the printer confirmed the stop)
"""

#: Wall seconds an interrupted print waits for the printer to confirm the stop.
STOP_SECONDS = 10.0
#: Driver deadlines for the commands here (None: the driver's defaults). Tests shorten them.
TIMEOUTS: Timeouts | None = None

_PORT_HELP = (
    "printer port: a device (/dev/ttyUSB0), socket://HOST:PORT, or sim://NAME?speed=20 for "
    "the simulated printer (options: docs/simulator.md)"
)
_ON_OFF = {"on": True, "off": False}
_SIGNAL_EXIT: dict[int, int] = {signal.SIGINT: EXIT_INTERRUPTED,
                                signal.SIGTERM: EXIT_TERMINATED}

STOP_UNCONFIRMED = (
    "Could not reach the printer to stop the print: it may still be printing; press its "
    "stop button or check the cup")


def _baud(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 50 <= value <= 10_000_000:
        raise argparse.ArgumentTypeError(f"{value} is not a line speed: use 50..10000000, "
                                         "e.g. 115200")
    return value


def add_port_options(p: argparse.ArgumentParser, *, port_in: argparse._ActionsContainer |
                     None = None) -> None:
    """``--port`` (required, unless ``port_in`` is a group of alternatives to hold it),
    ``--baud``, ``--dtr``, ``--rts``."""
    (port_in or p).add_argument("--port", required=port_in is None, help=_PORT_HELP)
    p.add_argument("--baud", type=_baud, default=115200, help="line speed (default 115200)")
    p.add_argument("--dtr", choices=sorted(_ON_OFF), default=None,
                   help="DTR as the port opens; 'off' keeps boards that reset on DTR "
                        "from rebooting (default: pyserial's, on)")
    p.add_argument("--rts", choices=sorted(_ON_OFF), default=None,
                   help="RTS as the port opens (default: pyserial's, on)")


def service_for(args: argparse.Namespace,
                on_event: Callable[[ServiceEvent], None] | None = None, *,
                profiles: ProfileLookup | None = None) -> PrintService:
    """A started print service for one command, on the port options of ``args`` (it
    connects at the first request, once); ``profiles``: its calibration lookup (default:
    none, the dots as they are)."""
    from kiosk.printing.profiles import not_calibrated
    from kiosk.printing.service import PrintService
    from printer_driver.driver import PrinterDriver

    def open_driver(url: str, callback: EventCallback) -> PrinterDriver:
        return PrinterDriver.open(
            url, baudrate=args.baud, dtr=_ON_OFF.get(args.dtr), rts=_ON_OFF.get(args.rts),
            timeouts=TIMEOUTS, on_event=callback)

    service = PrintService(args.port, on_event=on_event or _ignore, open_driver=open_driver,
                           profiles=profiles or not_calibrated, keep_connected=False)
    service.start()
    return service


def _ignore(event: ServiceEvent) -> None:
    return None


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``print``, ``printer status`` and ``printer clear`` to the ``photolatte`` command."""
    from kiosk.cli import print_profile, printer_commands
    p = subparsers.add_parser(
        "print", help="print a mask or a photo on the foam printer",
        description="Print a mask PNG, or a photo rendered with the default settings, "
                    "through the printer's calibration (its profile in the data folder). "
                    "Try it without a machine: --port sim://demo?speed=20",
        epilog=EXIT_CODES_HELP, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("image", metavar="MASK_OR_PHOTO", help="mask PNG or photo file")
    add_port_options(p)
    print_profile.add_options(p)
    p.add_argument("--json", action="store_true", help="write the result as JSON to stdout")
    p.set_defaults(func=run_print)

    pr = subparsers.add_parser("printer", help="ask the printer about itself, clear faults")
    prsub = pr.add_subparsers(dest="printer_command", metavar="ACTION")
    st = prsub.add_parser(
        "status", help="firmware, protocol version, powder levels, faults and the last job",
    )
    add_port_options(st)
    print_profile.add_data_options(st)
    st.add_argument("--json", action="store_true", help="write the status as JSON to stdout")
    st.set_defaults(func=printer_commands.run_status)
    cl = prsub.add_parser(
        "clear", help="clear latched faults whose cause is gone (after a jam, a refill)",
        description="Acknowledge the printer's latched faults (jam, empty powder, cup "
                    "lifted). A fault whose cause is still there stays, and is named. "
                    "Exit 0 when nothing blocks printing, 1 when a fault remains.",
    )
    add_port_options(cl)
    cl.add_argument("--json", action="store_true", help="write the result as JSON to stdout")
    cl.set_defaults(func=printer_commands.run_clear)
    pr.set_defaults(func=lambda args: _usage(pr))


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return EXIT_BAD_INPUT


# --- helpers -----------------------------------------------------------------------------


def _fail(args: argparse.Namespace, code: int, message: str, payload: dict) -> int:
    """One line on stderr, and the JSON object on stdout with --json."""
    print(f"photolatte: {message}", file=sys.stderr, flush=True)
    if args.json:
        print(json.dumps({"ok": False, "message": message, **payload}, sort_keys=True))
    return code


def _say(message: str) -> None:
    print(f"photolatte: {message}", file=sys.stderr, flush=True)


#: Failure codes of a printer that could not be reached or understood before printing.
_UNREACHABLE = frozenset({"port_unavailable", "link_lost", "protocol_version"})


def exit_code_for(failure: PrintFailure) -> int:
    """The exit code a failure means (the README's table)."""
    from kiosk.printing.outcome import PrintOutcome

    if failure.code in ("port_address", "port_not_serial"):
        return EXIT_BAD_INPUT
    if failure.outcome is PrintOutcome.UNKNOWN:
        return EXIT_OUTCOME_UNKNOWN
    if failure.code in _UNREACHABLE and not failure.print_started:
        return EXIT_UNREACHABLE
    return EXIT_PRINT_FAILED


def _report_failure(args: argparse.Namespace, failure: PrintFailure) -> int:
    """One line and (with --json) the failure's code, parameters and job id."""
    from kiosk.cli.printer_words import failure_line
    from kiosk.printing.outcome import PrintOutcome

    payload = failure.to_dict()
    if failure.job_id is not None:
        payload["job_id"] = failure.job_id
    if failure.outcome is PrintOutcome.UNKNOWN:
        payload["error"] = "outcome_unknown"
    return _fail(args, exit_code_for(failure), failure_line(failure), payload)


def answer(args: argparse.Namespace, future: Future[_T]) -> _T | int:
    """The future's result, or the exit code after saying what the printer's error means."""
    from kiosk.printing.outcome import PrintFailure
    from printer_driver.errors import PrinterError

    try:
        return future.result()
    except PrinterError as exc:
        return _report_failure(args, PrintFailure.from_error(exc))


class ProgressBar:
    """A one-line progress bar on a stream: redrawn in place on a terminal, a line per
    tenth otherwise (so logs stay readable)."""

    WIDTH = 28

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self._last_key: tuple[str, int] | None = None
        self._dirty = False

    def update(self, event: PrintProgress) -> None:
        """Draw the service's progress of a print (upload in bytes, print in rows)."""
        frac = 1.0 if event.total <= 0 else min(1.0, event.done / event.total)
        if event.phase == "upload":
            label = f"Sending  {event.done / 1024:6.1f}/{event.total / 1024:.1f} KiB"
        else:
            label = f"Printing row {event.done:4d}/{event.total}"
        left = "" if event.seconds_left is None else f"  {_fmt_seconds(event.seconds_left)} left"
        filled = round(frac * self.WIDTH)
        line = f"[{'#' * filled}{'.' * (self.WIDTH - filled)}] {frac:4.0%}  {label}{left}"
        if self.tty:
            self.stream.write("\r" + line + "\x1b[K")
            self._dirty = True
        else:
            key = (event.phase, int(frac * 10))
            if key == self._last_key:
                return
            self._last_key = key
            self.stream.write(line + "\n")
        self.stream.flush()

    def finish(self) -> None:
        """End the bar's line so the next message starts clean."""
        if self._dirty:
            self.stream.write("\n")
            self.stream.flush()
            self._dirty = False


def _fmt_seconds(s: float) -> str:
    s = max(0, round(s))
    return f"{s // 60}:{s % 60:02d}" if s >= 60 else f"{s} s"


# --- print -------------------------------------------------------------------------------


def run_print(args: argparse.Namespace) -> int:
    """``photolatte print``: upload, print, wait until the printer says done
    (:mod:`kiosk.cli.print_run`)."""
    from kiosk.cli.print_run import run_print as run

    return run(args)
