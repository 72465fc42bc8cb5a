"""``photolatte sim``: run a simulated foam printer for the kiosk, the driver or a demo.

    photolatte sim --pty [--link /tmp/photolatte-printer]
    photolatte sim --tcp 5555 [--out prints/] [--speed 1] [--faults drop=1e-4]

The first line on stdout is what to connect to (a device path or a ``socket://`` URL); with
``--pty`` a new line follows if the device reappears under another path after an unplug.
While it runs, type commands on stdin: ``cup off``, ``cup on``, ``refill [POWDER]``,
``empty POWDER``, ``jam``, ``clear jam``, ``unplug [SECONDS]``, ``reset``, ``faults SPEC``,
``status``, ``help``. Ctrl-C (or SIGTERM) switches the printer off.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import queue
import random
import signal
import socket
import sys
import threading
from pathlib import Path
from typing import Any

HELP = (
    "commands: cup off | cup on | refill [cocoa|cinnamon] | empty POWDER | jam | clear jam | "
    "unplug [SECONDS] | reset | faults SPEC | status | quit"
)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``sim`` subcommand."""
    p = subparsers.add_parser(
        "sim",
        help="run a simulated printer on a pseudo-terminal or a TCP port",
        description="Run a simulated foam printer that speaks the printer protocol.",
    )
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--pty", action="store_true", help="serve on a pseudo-terminal")
    where.add_argument("--tcp", type=_tcp_port, metavar="PORT",
                       help="serve on TCP PORT, 1-65535 (0: any free port)")
    p.add_argument("--host", default="127.0.0.1", help="TCP address to listen on")
    p.add_argument("--link", metavar="PATH", help="with --pty: keep a symlink at PATH")
    p.add_argument("--out", metavar="DIR", help="write each print's dots, cup picture, record")
    p.add_argument("--speed", type=float, default=1.0, help="speed factor (default 1: real time)")
    p.add_argument("--baud", type=int, default=115200, help="line rate (default 115200)")
    p.add_argument("--latency-ms", type=float, default=1.0,
                   help="delay per byte each way, like a USB adapter (default 1)")
    p.add_argument("--seed", type=int, default=None,
                   help="seed for faults, boot ids and dot jitter (default: a fresh one each "
                   "run, shown at start, so that a restarted simulator has a new boot id)")
    p.add_argument("--faults", default="", metavar="SPEC",
                   help="e.g. drop=1e-4,flip=1e-4,disconnect_at=30,powder_empty=cocoa@0.5")
    p.add_argument("--truth", default="", metavar="SPEC",
                   help="hidden physics, e.g. offset_x=0.4,rotation=1.5,gain=1.3")
    p.add_argument("--motion", default="", metavar="SPEC",
                   help="head mechanics, e.g. head_speed_mm_s=800,accel_mm_s2=20000,step_s=0.01")
    p.add_argument("--no-cup", action="store_true", help="start with no cup under the head")
    p.add_argument("--reset-on-open", action="store_true",
                   help="reboot the printer when a host connects (like a DTR reset)")
    p.add_argument("--serial", metavar="SERIAL",
                   help="serial number to report, 1-32 of A-Z a-z 0-9 - . _ (default: "
                   "SIM- and a code that is the same in every run)")
    p.add_argument("--protocol", choices=("1.0", "1.1"), default="1.1",
                   help="protocol version to speak (1.0: an older printer; default 1.1)")
    p.set_defaults(func=run)


def _tcp_port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(
            f"{port} is not a TCP port: use 1-65535 (e.g. 5555), or 0 for any free port")
    return port


def _serve_error(args: argparse.Namespace, exc: OSError) -> str:
    """What went wrong starting the server, and what to do about it."""
    why = exc.strerror or str(exc)
    if args.pty:
        if args.link:
            return (f"cannot make the link {args.link} ({why}): pick a --link path in a "
                    "folder you can write, e.g. /tmp/photolatte-printer")
        return f"cannot create a pseudo-terminal ({why}): try --tcp 5555 instead"
    if isinstance(exc, socket.gaierror):
        return (f"cannot listen on {args.host} ({why}): the host name is unknown; use an "
                "address of this machine, e.g. --host 127.0.0.1 or --host 0.0.0.0")
    if exc.errno == errno.EADDRNOTAVAIL:
        return (f"cannot listen on {args.host} ({why}): it is not an address of this "
                "machine; use --host 127.0.0.1, or 0.0.0.0 for every address")
    if exc.errno == errno.EADDRINUSE:
        return f"port {args.tcp} is in use ({why}): try another port, or --tcp 0 for any"
    if exc.errno == errno.EACCES:
        return (f"not allowed to listen on port {args.tcp} ({why}): use a port above 1023, "
                "e.g. --tcp 5555")
    return f"cannot serve on {args.host}:{args.tcp} ({why}): try another --host or --tcp"


def _say(text: str, *, out: Any = None) -> None:
    print(text, file=out or sys.stderr, flush=True)


def _settings(args: argparse.Namespace) -> Any:
    from printer_driver.sim.config import settings_from_options

    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**31)
    raw = {
        "speed": str(args.speed), "baud": str(args.baud), "seed": str(seed),
        "faults": args.faults, "truth": args.truth, "motion": args.motion,
        "cup": "0" if args.no_cup else "1",
        "reset_on_open": "1" if args.reset_on_open else "0",
        "latency_ms": str(args.latency_ms),
        "protocol": args.protocol,
    }
    if args.serial is not None:
        raw["serial"] = args.serial
    if args.out:
        raw["out"] = args.out
    return settings_from_options(raw)


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted; 0 on a clean stop, 2 on bad options or a busy port."""
    from printer_driver.sim import SimConfigError, SimPrinter

    try:
        settings = _settings(args)
    except SimConfigError as exc:
        _say(f"photolatte sim: {exc}")
        return 2
    if args.out:
        try:
            Path(args.out).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            _say(f"photolatte sim: cannot write to {args.out} ({exc.strerror}); pick another --out")
            return 2
    printer = SimPrinter("cli", settings)
    printer.add_listener(_report_print)
    stop = threading.Event()
    old = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    server: Any = None
    try:
        printer.start()
        try:
            server = _serve(args, printer)
        except OSError as exc:
            _say(f"photolatte sim: {_serve_error(args, exc)}")
            return 2
        _say(f"simulated printer {printer.serial} ready (protocol 1.{settings.protocol_minor}, "
             f"speed x{settings.speed:g}, {settings.baud} baud, seed {settings.seed}, "
             f"faults: {settings.faults}); {HELP}")
        _command_loop(printer, stop)
    except KeyboardInterrupt:
        pass
    finally:
        if server is not None:
            server.stop()
        printer.stop()
        signal.signal(signal.SIGTERM, old)
    _say("simulated printer switched off.")
    return 0


def _serve(args: argparse.Namespace, printer: Any) -> Any:
    if args.pty:
        from printer_driver.sim.pty import PtyServer

        first = True

        def announce(path: str) -> None:
            nonlocal first
            if not first:
                _say("printer reappeared at:")
            first = False
            _say(args.link or path, out=sys.stdout)

        return PtyServer(printer, link=args.link, on_path=announce).start()
    from printer_driver.sim.tcp import TcpServer

    server = TcpServer(printer, host=args.host, port=args.tcp).start()
    _say(server.url, out=sys.stdout)
    return server


def _report_print(record: Any, summary: dict) -> None:
    took = (record.ended_at or record.started_at) - record.started_at
    faults = f" ({', '.join(record.faults)})" if record.faults else ""
    job = f" (job {record.job_id})" if record.job_id else ""
    _say(f"print {record.index}{job} {record.result}{faults}: {record.rows_done}/"
         f"{record.rows_total} rows in {took:.1f} s")


def _command_loop(printer: Any, stop: threading.Event, fd: int | None = None) -> None:
    """Run stdin's commands (or those on ``fd``) until ``quit`` or ``stop``.

    Lines are split here from raw reads, so several lines written at once all run at once
    (a buffered ``readline`` after ``select`` would hold back all but the first). At end of
    input the printer keeps serving, e.g. when started with ``</dev/null``.
    """
    if fd is None:
        try:
            fd = sys.stdin.fileno() if sys.stdin is not None else None
        except (OSError, ValueError, AttributeError):  # no usable stdin
            fd = None
    lines: queue.Queue[str | None] = queue.Queue()
    if fd is not None:
        threading.Thread(target=_read_lines, args=(fd, lines), name="sim-stdin",
                         daemon=True).start()
    else:
        lines.put(None)
    stdin_open = True
    while not stop.is_set():
        if not stdin_open:
            stop.wait(0.5)
            continue
        try:
            line = lines.get(timeout=0.2)
        except queue.Empty:
            continue
        if line is None:
            stdin_open = False
            continue
        if line.strip() in ("quit", "exit"):
            return
        with contextlib.suppress(Exception):
            reply = command(printer, line)
            if reply:
                _say(reply)


def _read_lines(fd: int, lines: queue.Queue) -> None:
    """Put each line read from ``fd`` on ``lines``; None at end of input."""
    buf = b""
    try:
        while True:
            try:
                chunk = os.read(fd, 4096)
            except InterruptedError:
                continue
            except OSError:
                break
            if not chunk:
                break
            buf += chunk
            *complete, buf = buf.split(b"\n")
            for raw in complete:
                lines.put(raw.decode("utf-8", "replace"))
        if buf.strip():
            lines.put(buf.decode("utf-8", "replace"))
    finally:
        lines.put(None)


def command(printer: Any, line: str) -> str:
    """Carry out one stdin command on ``printer``; returns the reply to show."""
    words = line.strip().lower().split()
    if not words:
        return ""
    m = printer.machine
    try:
        match words:
            case ["cup", "off" | "remove" | "removed"]:
                m.remove_cup()
                return "cup removed"
            case ["cup", "on" | "place" | "placed"]:
                m.place_cup()
                return "cup placed"
            case ["refill"]:
                for powder in ("cinnamon", "cocoa"):
                    m.refill(powder)
                return "both reservoirs full"
            case ["refill", powder]:
                m.refill(powder)
                return f"{powder} reservoir full"
            case ["empty", powder]:
                m.set_powder(powder, 0.0)
                return f"{powder} reservoir empty"
            case ["jam"]:
                m.jam()
                return "head jammed"
            case ["clear", "jam"]:
                m.clear_jam()
                return "jam cleared"
            case ["unplug"]:
                printer.unplug()
                return "unplugged"
            case ["unplug", seconds]:
                printer.unplug(float(seconds))
                return f"unplugged for {float(seconds):g} s"
            case ["reset"]:
                printer.reset()
                return "printer reset"
            case ["faults", *spec]:
                printer.set_faults(",".join(spec))
                return f"faults now: {printer.faults}"
            case ["status"]:
                grams = ", ".join(f"{k} {v:.1f} g" for k, v in m.powder_grams().items())
                cur = m.current
                job = f"printing row {cur.rows_done}/{cur.rows_total}" if cur else "idle"
                cup = "cup present" if m.cup_present() else "no cup"
                return f"{job}; {cup}; {grams}; jammed: {m.jammed()}"
            case _:
                return HELP
    except ValueError as exc:
        return f"not done: {exc}"
