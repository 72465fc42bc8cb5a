"""``photolatte print`` and ``photolatte printer status``: the printer from a terminal.

    photolatte print MASK_OR_PHOTO --port URL [--json]
    photolatte printer status --port URL [--json]

``print`` takes a mask PNG (from ``photolatte render``) or any photo, which is rendered
first with the imaging core's defaults. While it works, a progress bar with rows and time
left goes to stderr. Exit codes: 0 only when the printer reports the print done;
1 the printer refused or failed the print (fault, cancelled, restarted); 2 bad input;
3 the printer cannot be reached; 130 cancelled with Ctrl-C (the print is aborted
on the printer too). On failure, one line on stderr says what happened and
what to do; with ``--json`` a JSON object goes to stdout as well.

The URL is anything ``serial.serial_for_url`` opens: ``/dev/ttyUSB0``, ``socket://host:port``
or the simulated printer ``sim://NAME?speed=20``. ``--dtr off`` opens the port without
asserting DTR, for boards that reboot when it rises (the URL option ``?dtr=off`` does the
same; the default keeps pyserial's behaviour, DTR and RTS asserted).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from pathlib import Path
from typing import TextIO

EXIT_OK = 0
EXIT_PRINT_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_UNREACHABLE = 3
EXIT_INTERRUPTED = 130

_PORT_HELP = (
    "printer port: a device (/dev/ttyUSB0), socket://HOST:PORT, or sim://NAME for the "
    "simulated printer"
)
_ON_OFF = {"on": True, "off": False}


def _add_port_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--port", required=True, help=_PORT_HELP)
    p.add_argument("--baud", type=int, default=115200, help="line speed (default 115200)")
    p.add_argument("--dtr", choices=sorted(_ON_OFF), default=None,
                   help="DTR as the port opens; 'off' keeps boards that reset on DTR "
                        "from rebooting (default: pyserial's, on)")
    p.add_argument("--rts", choices=sorted(_ON_OFF), default=None,
                   help="RTS as the port opens (default: pyserial's, on)")


def _open_driver(args: argparse.Namespace, **kwargs):
    """``PrinterDriver.open`` with the port options of ``args``."""
    from printer_driver import PrinterDriver

    return PrinterDriver.open(
        args.port, baudrate=args.baud, dtr=_ON_OFF.get(args.dtr), rts=_ON_OFF.get(args.rts),
        **kwargs)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``print`` and ``printer status`` to the ``photolatte`` command."""
    p = subparsers.add_parser(
        "print", help="print a mask or a photo on the foam printer",
        description="Print a mask PNG, or a photo rendered with the default settings.",
    )
    p.add_argument("image", metavar="MASK_OR_PHOTO", help="mask PNG or photo file")
    _add_port_options(p)
    p.add_argument("--json", action="store_true", help="write the result as JSON to stdout")
    p.set_defaults(func=run_print)

    pr = subparsers.add_parser("printer", help="ask the printer about itself")
    prsub = pr.add_subparsers(dest="printer_command", metavar="ACTION")
    st = prsub.add_parser(
        "status", help="firmware, protocol version, powder levels and faults",
    )
    _add_port_options(st)
    st.add_argument("--json", action="store_true", help="write the status as JSON to stdout")
    st.set_defaults(func=run_status)
    pr.set_defaults(func=lambda args: _usage(pr))


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return EXIT_BAD_INPUT


# --- helpers -----------------------------------------------------------------------------


def _fail(args: argparse.Namespace, code: int, message: str, payload: dict) -> int:
    """One line on stderr, and the JSON object on stdout with --json."""
    print(f"photolatte: {message}", file=sys.stderr)
    if getattr(args, "json", False):
        print(json.dumps({"ok": False, **payload}, sort_keys=True))
    return code


def _exit_code_for(exc: Exception) -> int:
    from printer_driver.errors import LinkLostError, PortOpenError, ProtocolVersionError

    if isinstance(exc, PortOpenError | LinkLostError | ProtocolVersionError):
        return EXIT_UNREACHABLE
    return EXIT_PRINT_FAILED


def load_mask(path: str):
    """The mask to print: a mask PNG as is, any other image rendered with the defaults.

    Raises:
        MaskError / ImageError / OSError with a message naming the file.
    """
    from printer_driver.mask import Mask, MaskError

    p = Path(path)
    data = p.read_bytes()  # OSError names the file
    if data.startswith(b"\x89PNG"):
        try:
            return Mask.from_png_bytes(data, name=str(p))
        except MaskError as exc:
            if "not a Photo Latte mask" not in str(exc):
                raise
    from kiosk.imaging import render_portrait  # heavy: OpenCV, only for photos

    return render_portrait(data, name=str(p)).mask


class ProgressBar:
    """A one-line progress bar on a stream: redrawn in place on a terminal, a line per
    tenth otherwise (so logs stay readable)."""

    WIDTH = 28

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = bool(getattr(stream, "isatty", lambda: False)())
        self._last_key: tuple[str, int] | None = None
        self._dirty = False

    def update(self, event) -> None:
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


def run_print(args: argparse.Namespace) -> int:
    """``photolatte print``: upload, print, wait until the printer says done."""
    from printer_driver import PrinterError
    from printer_driver.events import ProgressEvent
    from printer_driver.mask import MaskError

    try:
        mask = load_mask(args.image)
    except FileNotFoundError:
        return _fail(args, EXIT_BAD_INPUT, f"{args.image}: no such file: check the name",
                     {"error": "bad_input"})
    except (MaskError, OSError) as exc:
        return _fail(args, EXIT_BAD_INPUT, f"{exc}", {"error": "bad_input"})
    except Exception as exc:  # the imaging core's ImageError and friends
        if type(exc).__name__ != "ImageError":
            raise
        return _fail(args, EXIT_BAD_INPUT, f"{exc}", {"error": "bad_input"})

    bar = ProgressBar(sys.stderr)

    def on_event(event) -> None:
        if isinstance(event, ProgressEvent):
            bar.update(event)

    started = time.monotonic()
    try:
        with _open_driver(args, on_event=on_event) as drv:
            try:
                result = drv.print_mask(mask)
            except KeyboardInterrupt:
                # Ctrl-C means stop the machine too, not just this program.
                bar.finish()
                with contextlib.suppress(PrinterError):
                    drv.abort()
                return _fail(args, EXIT_INTERRUPTED,
                             "Print cancelled: serve a fresh cup and print again",
                             {"error": "aborted"})
            counters = drv.counters.snapshot()
    except PrinterError as exc:
        bar.finish()
        return _fail(args, _exit_code_for(exc), exc.message, exc.to_dict())
    bar.finish()
    elapsed = time.monotonic() - started
    print(
        f"photolatte: printed job {result.job_id}: {result.rows_printed} rows "
        f"in {elapsed:.1f} s.",
        file=sys.stderr,
    )
    if args.json:
        print(json.dumps({
            "ok": True, "job_id": result.job_id, "rows_printed": result.rows_printed,
            "seconds": round(elapsed, 3), "link": counters.to_dict(),
        }, sort_keys=True))
    return EXIT_OK


# --- printer status ----------------------------------------------------------------------


def run_status(args: argparse.Namespace) -> int:
    """``photolatte printer status``: identify and status, in plain words or JSON."""
    from printer_driver import PrinterError

    try:
        with _open_driver(args) as drv:
            info = drv.identify()
            st = drv.status()
    except PrinterError as exc:
        return _fail(args, _exit_code_for(exc), exc.message, exc.to_dict())
    if args.json:
        print(json.dumps({"ok": True, "printer": info.to_dict(), "status": st.to_dict()},
                         sort_keys=True))
        return EXIT_OK
    out = sys.stdout
    out.write(f"Printer firmware   {info.firmware}\n")
    out.write(f"Protocol version   {info.protocol_version}\n")
    out.write(f"State              {st.state}\n")
    for powder, grams in st.powder_grams.items():
        flag = "  EMPTY" if powder in st.empty else ("  low" if powder in st.low else "")
        out.write(f"{powder.capitalize():<19}{grams:.1f} g{flag}\n")
    if st.faults:
        out.write("Faults             " + ", ".join(st.fault_names) + "\n")
        for line in st.fault_messages():
            out.write(f"  - {line}\n")
    else:
        out.write("Faults             none\n")
    if st.job_id is not None:
        out.write(f"Job                {st.job_id}: row {st.rows_done}/{st.rows_total}\n")
    return EXIT_OK
