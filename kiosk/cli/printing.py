"""``photolatte print``, ``photolatte printer status`` and ``photolatte printer clear``: the
printer from a terminal.

    photolatte print MASK_OR_PHOTO --port URL [--json]
    photolatte printer status --port URL [--json]
    photolatte printer clear --port URL [--json]

``print`` takes a mask PNG (from ``photolatte render``) or any photo, which is rendered
first with the imaging core's defaults. While it works, a progress bar with rows and time
left goes to stderr. Exit codes (also in ``photolatte print --help``):

    0    the printer reports the print done
    1    the printer refused or failed the print (fault, cancelled on the machine, restarted)
    2    bad input: no such picture, not a printer address, not a serial port, bad option
    3    the printer cannot be reached, or stopped answering (given up within 26 s),
         before anything was printed
    4    the link was lost after the printer started printing: the outcome is unknown
    5    stopped with Ctrl-C or SIGTERM, but the printer could not be reached to stop the
         print: it may still be printing
    130  cancelled with Ctrl-C, the printer confirmed the stop
    143  cancelled with SIGTERM (systemd, timeout, kill), the printer confirmed the stop

On failure, one line on stderr says what happened and what to do; with ``--json`` a JSON
object goes to stdout as well. Job ids are shown as 8 hex digits, as the protocol and the
simulator's records write them.

The URL is anything ``serial.serial_for_url`` opens: ``/dev/ttyUSB0``, ``socket://host:port``
or the simulated printer ``sim://NAME?speed=20``. ``--dtr off`` opens the port without
asserting DTR, for boards that reboot when it rises (the URL option ``?dtr=off`` does the
same; the default keeps pyserial's behaviour, DTR and RTS asserted).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import signal
import sys
import threading
import time
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from kiosk.printing.inputs import InputWarning, Picture
    from printer_driver.counters import CounterSnapshot
    from printer_driver.driver import PrinterDriver
    from printer_driver.errors import PrinterError
    from printer_driver.events import Event, EventCallback, ProgressEvent
    from printer_driver.mask import Mask
    from printer_driver.values import FinishedPrint, JobHandle, PrinterStatus, Timeouts

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
  2    bad input: no such picture, not a printer address, not a serial port, bad option
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
CANCELLED = "Print cancelled: serve a fresh cup and print again"


def _baud(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 50 <= value <= 10_000_000:
        raise argparse.ArgumentTypeError(f"{value} is not a line speed: use 50..10000000, "
                                         "e.g. 115200")
    return value


def _add_port_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--port", required=True, help=_PORT_HELP)
    p.add_argument("--baud", type=_baud, default=115200, help="line speed (default 115200)")
    p.add_argument("--dtr", choices=sorted(_ON_OFF), default=None,
                   help="DTR as the port opens; 'off' keeps boards that reset on DTR "
                        "from rebooting (default: pyserial's, on)")
    p.add_argument("--rts", choices=sorted(_ON_OFF), default=None,
                   help="RTS as the port opens (default: pyserial's, on)")


def _open_driver(args: argparse.Namespace, *,
                 on_event: EventCallback | None = None) -> PrinterDriver:
    """``PrinterDriver.open`` with the port options of ``args``."""
    from printer_driver.driver import PrinterDriver

    return PrinterDriver.open(
        args.port, baudrate=args.baud, dtr=_ON_OFF.get(args.dtr), rts=_ON_OFF.get(args.rts),
        timeouts=TIMEOUTS, on_event=on_event)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``print``, ``printer status`` and ``printer clear`` to the ``photolatte`` command."""
    p = subparsers.add_parser(
        "print", help="print a mask or a photo on the foam printer",
        description="Print a mask PNG, or a photo rendered with the default settings. "
                    "Try it without a machine: --port sim://demo?speed=20",
        epilog=EXIT_CODES_HELP, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("image", metavar="MASK_OR_PHOTO", help="mask PNG or photo file")
    _add_port_options(p)
    p.add_argument("--json", action="store_true", help="write the result as JSON to stdout")
    p.set_defaults(func=run_print)

    pr = subparsers.add_parser("printer", help="ask the printer about itself, clear faults")
    prsub = pr.add_subparsers(dest="printer_command", metavar="ACTION")
    st = prsub.add_parser(
        "status", help="firmware, protocol version, powder levels, faults and the last job",
    )
    _add_port_options(st)
    st.add_argument("--json", action="store_true", help="write the status as JSON to stdout")
    st.set_defaults(func=run_status)
    cl = prsub.add_parser(
        "clear", help="clear latched faults whose cause is gone (after a jam, a refill)",
        description="Acknowledge the printer's latched faults (jam, empty powder, cup "
                    "lifted). A fault whose cause is still there stays, and is named. "
                    "Exit 0 when nothing blocks printing, 1 when a fault remains.",
    )
    _add_port_options(cl)
    cl.add_argument("--json", action="store_true", help="write the result as JSON to stdout")
    cl.set_defaults(func=run_clear)
    pr.set_defaults(func=lambda args: _usage(pr))


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return EXIT_BAD_INPUT


# --- helpers -----------------------------------------------------------------------------


def _fail(args: argparse.Namespace, code: int, message: str, payload: dict) -> int:
    """One line on stderr, and the JSON object on stdout with --json."""
    print(f"photolatte: {message}", file=sys.stderr, flush=True)
    if getattr(args, "json", False):
        print(json.dumps({"ok": False, "message": message, **payload}, sort_keys=True))
    return code


def _say(message: str) -> None:
    print(f"photolatte: {message}", file=sys.stderr, flush=True)


def _exit_code_for(exc: Exception) -> int:
    from printer_driver.errors import (
        LinkLostError,
        NotSerialPortError,
        PortAddressError,
        PortOpenError,
        ProtocolVersionError,
    )

    if isinstance(exc, PortAddressError | NotSerialPortError):
        return EXIT_BAD_INPUT
    if isinstance(exc, LinkLostError) and exc.print_started:
        return EXIT_OUTCOME_UNKNOWN
    if isinstance(exc, PortOpenError | LinkLostError | ProtocolVersionError):
        return EXIT_UNREACHABLE
    return EXIT_PRINT_FAILED


def _error_payload(exc: PrinterError) -> dict[str, object]:
    """The error's JSON: its code and parameters (job ids as 8 hex digits, as everywhere)."""
    out = exc.to_dict()
    params = dict(exc.params)
    if isinstance(params.get("job_id"), int):
        params["job_id"] = f"{params['job_id']:08x}"
        out["job_id"] = params["job_id"]
    out["params"] = params
    return out


def _report_error(args: argparse.Namespace, exc: PrinterError) -> int:
    from kiosk.cli.printer_words import cli_message
    from printer_driver.errors import LinkLostError

    payload = _error_payload(exc)
    if isinstance(exc, LinkLostError) and exc.print_started:
        payload["error"] = "outcome_unknown"
    return _fail(args, _exit_code_for(exc), cli_message(exc), payload)


class ProgressBar:
    """A one-line progress bar on a stream: redrawn in place on a terminal, a line per
    tenth otherwise (so logs stay readable)."""

    WIDTH = 28

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = bool(getattr(stream, "isatty", lambda: False)())
        self._last_key: tuple[str, int] | None = None
        self._dirty = False

    def update(self, event: ProgressEvent) -> None:
        """Draw a :class:`ProgressEvent`."""
        frac = event.fraction
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


def _load(args: argparse.Namespace) -> Picture | int:
    """The picture to print (a mask PNG as it is, a photo rendered with the defaults, judged
    as ``render`` judges it), or an exit code after saying what is wrong with the file. Its
    warnings are said here, before anything is sent."""
    from kiosk.cli.input_words import input_error_line, warning_line
    from kiosk.printing.inputs import read_picture
    from printer_driver.input_files import InputError

    try:
        picture = read_picture(args.image)
    except InputError as exc:
        return _fail(args, EXIT_BAD_INPUT, input_error_line(exc), exc.to_dict())
    for warning in picture.warnings:
        _say(f"warning: {warning_line(warning)}")
    return picture


def run_print(args: argparse.Namespace) -> int:
    """``photolatte print``: upload, print, wait until the printer says done."""
    picture = _load(args)
    if isinstance(picture, int):
        return picture
    return _PrintRun(args, picture.mask, picture.warnings).run()


class _PrintRun:
    """One print from a terminal. The driver works in a thread of its own while the main
    thread waits for it or for a signal (Ctrl-C, SIGTERM): an interrupt then stops the
    print on the machine, within :data:`STOP_SECONDS`, and says truthfully whether the
    printer confirmed it."""

    def __init__(self, args: argparse.Namespace, mask: Mask,
                 warnings: tuple[InputWarning, ...] = ()) -> None:
        self.args = args
        self.mask = mask
        self.warnings = warnings
        self.bar = ProgressBar(sys.stderr)
        self.wake = threading.Event()  # the worker ended or a signal came
        self.done = threading.Event()
        self.signals: list[int] = []
        self.second_signal = threading.Event()  # stop waiting for the printer's answer
        self.lock = threading.Lock()  # guards cancelled / drv / job between the threads
        self.cancelled = False
        self.drv: PrinterDriver | None = None
        self.job: JobHandle | None = None
        self.result: FinishedPrint | None = None
        self.error: BaseException | None = None
        self.counters: CounterSnapshot | None = None
        self.started = time.monotonic()

    # --- the worker thread ---------------------------------------------------------------

    def _on_event(self, event: Event) -> None:
        from printer_driver.events import ProgressEvent

        if isinstance(event, ProgressEvent) and not self.cancelled:
            self.bar.update(event)

    def _work(self) -> None:
        from printer_driver import PrinterError

        drv = None
        try:
            drv = _open_driver(self.args, on_event=self._on_event)
            with self.lock:
                if self.cancelled:
                    return
                self.drv = drv
            job = drv.upload(self.mask)
            with self.lock:
                self.job = job
                cancelled = self.cancelled
            if cancelled:  # stopped before PRINT: take the job off the printer
                with contextlib.suppress(PrinterError):
                    drv.abort(job.id)
                return
            self.result = drv.print_job(job)
            self.counters = drv.counters.snapshot()
        except BaseException as exc:  # handed to the main thread to report
            self.error = exc
        finally:
            if drv is not None and self.drv is None:
                drv.close()
            self.done.set()
            self.wake.set()

    # --- the main thread -----------------------------------------------------------------

    def _on_signal(self, signum: int, frame: object) -> None:
        self.signals.append(signum)
        if len(self.signals) > 1:
            self.second_signal.set()
        self.wake.set()

    def run(self) -> int:
        old: dict[int, Any] = {}  # the handlers to restore (signal's own loose type)
        if threading.current_thread() is threading.main_thread():
            for sig in _SIGNAL_EXIT:
                old[sig] = signal.signal(sig, self._on_signal)
        worker = threading.Thread(target=self._work, name="photolatte-print", daemon=True)
        try:
            worker.start()
            while not self.done.is_set() and not self.signals:
                self.wake.wait(0.25)
                self.wake.clear()
            if self.signals and not self.done.is_set():
                return self._stop()
            return self._report()
        finally:
            for sig, handler in old.items():
                signal.signal(sig, handler)
            drv = self.drv
            if drv is not None:
                drv.close()
            worker.join(2.0)

    def _report(self) -> int:
        from printer_driver import PrinterError

        self.bar.finish()
        exc = self.error
        if exc is not None:
            if isinstance(exc, PrinterError):
                return _report_error(self.args, exc)
            raise exc
        result = self.result
        if result is None:  # the worker stopped before PRINT (a signal came first)
            return _fail(self.args, EXIT_INTERRUPTED, CANCELLED, {"error": "aborted"})
        elapsed = time.monotonic() - self.started
        _say(f"printed job {result.job_id:08x}: {result.rows_printed} rows in {elapsed:.1f} s.")
        if self.args.json:
            from kiosk.cli.input_words import warning_json

            print(json.dumps({
                "ok": True, "job_id": f"{result.job_id:08x}",
                "rows_printed": result.rows_printed, "seconds": round(elapsed, 3),
                "link": self.counters.to_dict() if self.counters else {},
                "warnings": [warning_json(w) for w in self.warnings],
            }, sort_keys=True))
        return EXIT_OK

    def _stop(self) -> int:
        """Cancel the print on the machine after a signal, bounded by STOP_SECONDS; a
        second signal gives up waiting (and says so) instead of vanishing silently."""
        self.bar.finish()
        code = _SIGNAL_EXIT.get(self.signals[0], EXIT_INTERRUPTED)
        _say("Stopping the print…")
        with self.lock:
            self.cancelled = True
            drv, job = self.drv, self.job
        if drv is None:  # still connecting: the worker will not upload or print
            return _fail(self.args, code, CANCELLED, {"error": "aborted"})
        outcome = drv.abort_within(STOP_SECONDS, job.id if job is not None else None,
                                   give_up=self.second_signal)
        if not outcome.confirmed:
            drv.close()  # ends the worker's waits
            detail = str(outcome.error) if outcome.error else "no answer in time"
            return _fail(self.args, EXIT_STOP_UNCONFIRMED, STOP_UNCONFIRMED,
                         {"error": "stop_unconfirmed", "detail": detail})
        # The printer answered. If the print had already ended by itself, say how.
        self.done.wait(min(5.0, STOP_SECONDS))
        if self.done.is_set() and self.error is None and self.result is not None:
            return self._report()
        return _fail(self.args, code, CANCELLED, {"error": "aborted"})


# --- printer status and printer clear ---------------------------------------------------


def _last_job(drv: Any, st: Any) -> Any:
    """The printer's record of its current or newest job, or None."""
    if st.job_id is None:
        return None
    return drv.job_state(st.job_id)


def run_status(args: argparse.Namespace) -> int:
    """``photolatte printer status``: identify and status, in plain words or JSON."""
    from printer_driver import PrinterError

    try:
        with _open_driver(args) as drv:
            info = drv.identify()
            st = drv.status()
            job = _last_job(drv, st)
    except PrinterError as exc:
        return _report_error(args, exc)
    if args.json:
        from kiosk.cli.printer_words import fault_line

        status = {**st.to_dict(), "fault_messages": [fault_line(n) for n in st.fault_names]}
        print(json.dumps({"ok": True, "printer": info.to_dict(), "status": status,
                          "last_job": job.to_dict() if job else None}, sort_keys=True))
        return EXIT_OK
    out = sys.stdout
    out.write(f"Printer firmware   {info.firmware}\n")
    out.write(f"Serial number      {info.serial or _unknown_serial(info.serial_invalid)}\n")
    out.write(f"Protocol version   {info.protocol}\n")
    out.write(f"State              {st.state}\n")
    for powder, grams in st.powder_grams.items():
        flag = "  EMPTY" if powder in st.empty else ("  low" if powder in st.low else "")
        out.write(f"{powder.capitalize():<19}{grams:.1f} g{flag}\n")
    _write_faults(out, st)
    if job is not None:
        out.write(f"Last job           {job.describe()}\n")
    else:
        out.write("Last job           none since the printer started\n")
    return EXIT_OK


def _unknown_serial(sent: str | None) -> str:
    if sent:
        return f"unknown (the printer sent {sent!r}, which is no valid serial: ask a technician)"
    return "unknown (the printer does not report one)"


def _write_faults(out: TextIO, st: PrinterStatus) -> None:
    from kiosk.cli.printer_words import fault_line

    if st.faults:
        out.write("Faults             " + ", ".join(st.fault_names) + "\n")
        for f in st.faults:
            out.write(f"  - {fault_line(f.name)}\n")
    else:
        out.write("Faults             none\n")


def run_clear(args: argparse.Namespace) -> int:
    """``photolatte printer clear``: send CLEAR_FAULT, then say what is still latched.

    Exit 0 when no fault that needs acknowledging remains (:func:`faults.to_acknowledge`);
    a live condition (no cup, powder low) is named but is nothing ``clear`` can or must do.
    """
    from kiosk.cli.printer_words import fault_line
    from printer_driver import faults
    from printer_driver.errors import JobCorruptError, PrinterError, PrinterFaultError

    try:
        with _open_driver(args) as drv:
            before = drv.status()
            # A fault whose cause is still there stays latched; the status after says which.
            with contextlib.suppress(PrinterFaultError, JobCorruptError):
                drv.clear_fault()
            after = drv.status()
    except PrinterError as exc:
        return _report_error(args, exc)
    cleared = [n for n in before.fault_names if n not in after.fault_names]
    stuck = faults.to_acknowledge(after.fault_bits)
    ok = not stuck
    if args.json:
        print(json.dumps({"ok": ok, "cleared": cleared, "still": list(after.fault_names),
                          "messages": [fault_line(f.name) for f in after.faults]},
                         sort_keys=True))
        return EXIT_OK if ok else EXIT_PRINT_FAILED
    out = sys.stdout
    none = "nothing" if before.faults else "nothing: no fault was latched"
    out.write("Cleared            " + (", ".join(cleared) or none) + "\n")
    if stuck:
        out.write("Still latched      " + ", ".join(f.name for f in stuck) +
                  "  (the cause is still there)\n")
    for f in after.faults:
        out.write(f"  - {fault_line(f.name)}\n")
    if not ok:
        return EXIT_PRINT_FAILED
    waiting = [f for f in after.faults if f.blocks()]
    out.write("The printer is ready to print" +
              (" once the above is done.\n" if waiting else ".\n"))
    return EXIT_OK
