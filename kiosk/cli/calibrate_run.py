"""``photolatte calibrate chart KIND --port P`` and ``photolatte calibrate run``: the charts
printed on the machine, and the technician's whole loop unattended.

    photolatte calibrate chart geometry|tone|dose --port P [--powders P] [--json]
    photolatte calibrate run --port P --camera SRC [--kind all|geometry|tone|dose]
                             [--dry-run] [--json]

A chart is printed **raw** (the dots as they are: it measures the head itself), keyed to the
serial the printer reports. ``run`` prints each chart through the kiosk's print service,
photographs the cup with ``--camera`` (``sim``: the in-process simulator's camera over a
``sim://`` port; ``sim://NAME``; the folder a ``photolatte sim --out DIR`` process writes;
or a kiosk camera: ``0``, ``/dev/video0``), measures, retakes a refused photo twice, reads
the dose from the printer's reservoir grams, and saves the new profile (previous versions
kept) unless ``--dry-run``: the same :class:`~kiosk.printing.calibration_service.
CalibrationService` the technician wizard uses. Ctrl-C or SIGTERM stops the run and the
chart being printed; nothing is saved.

Exit codes of ``run`` (``chart --port`` uses ``photolatte print``'s):

    0    measured and saved (with --dry-run: measured, nothing saved)
    1    a chart's photos were all refused, or the profile could not be written: nothing
         saved, the previous profile stays in force
    2    bad input: a bad option, a camera that names nothing usable
    3    the printer cannot be reached, or reports no serial number
    4    a chart could not be printed (a fault, no cup, cancelled on the machine)
    5    the camera gave no photo
    130  stopped with Ctrl-C (143: SIGTERM); nothing saved
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from calibration.errors import RunError
    from kiosk.printing.calibration_service import MeasurementOutcome
    from printer_driver.mask import Mask
    from printer_driver.values import PrinterInfo

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_BAD_INPUT = 2
EXIT_UNREACHABLE = 3
EXIT_PRINT_FAILED = 4
EXIT_CAMERA_FAILED = 5
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143

RUN_EXIT_CODES = """\
exit codes:
  0    measured and saved (--dry-run: measured, nothing saved)
  1    a chart's photos were all refused, or the profile could not be written:
       nothing saved, the previous profile stays in force
  2    bad input: a bad option, a camera that names nothing usable
  3    the printer cannot be reached, or reports no serial number
  4    a chart could not be printed (a fault, no cup, cancelled on the machine)
  5    the camera gave no photo
  130  stopped with Ctrl-C (143: SIGTERM); nothing saved
"""

PROG = "photolatte calibrate"

_STAGES = {"print": "printing the chart", "photo": "photographing the cup",
           "retake": "the photo was refused: photographing again",
           "measured": "measured"}

_RUN_WORDS = {
    "not_connected": "the printer does not answer ({failure}): switch it on and check the "
                     "cable",
    "printer_busy": "the printer is busy with another print: wait for it, then run again",
    "no_serial": "the printer reports no serial number, so no profile can be kept for it: "
                 "ask for a firmware that reports one",
    "print_failed": "the {chart} chart could not be printed ({failure}): fix the printer "
                    "('photolatte printer status'), place a fresh cup, and run again",
    "camera_failed": "{reason}",
    "cancelled": "stopped: nothing saved, the previous profile stays in force",
    "serial_changed": "another printer answers now ({found}, not {expected}): nothing saved",
}

_RUN_EXIT = {"not_connected": EXIT_UNREACHABLE, "no_serial": EXIT_UNREACHABLE,
             "printer_busy": EXIT_PRINT_FAILED, "print_failed": EXIT_PRINT_FAILED,
             "camera_failed": EXIT_CAMERA_FAILED, "serial_changed": EXIT_UNREACHABLE}


def register_run(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add ``calibrate run`` (``common``: the data-folder options every action takes)."""
    from kiosk.cli.printing import add_port_options

    run = sub.add_parser(
        "run", parents=[common], help="the whole calibration unattended: print, photograph, "
        "measure, save", description="Print each chart on the printer (raw), photograph the "
        "cup, measure it, read the dose from the reservoirs, and save the machine's new "
        "profile (the previous versions are kept). Place a fresh cup before each chart "
        "(the simulator does it by itself). Try it without hardware: --port "
        "'sim://demo?speed=20' --camera sim",
        epilog=RUN_EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_port_options(run)
    run.add_argument("--camera", metavar="SRC", required=True,
                     help="what photographs the cup: 'sim' (the simulator's camera over a "
                          "sim:// port), sim://NAME, the folder of 'photolatte sim --out', "
                          "or a kiosk camera (0, /dev/video0)")
    run.add_argument("--kind", choices=("all", "geometry", "tone", "dose"), default="all",
                     help="what to measure (default all: geometry, tone, dose)")
    run.add_argument("--dry-run", action="store_true", help="measure, save nothing")
    run.add_argument("--json", action="store_true", help="one JSON object on stdout")
    run.set_defaults(func=run_calibration)


def _say(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr, flush=True)


def run_words(error: RunError) -> str:
    """The English sentence for a run's stop."""
    template = _RUN_WORDS.get(error.code, error.code.replace("_", " "))
    try:
        return template.format(**{"failure": "no answer", "chart": "calibration",
                                  "reason": "the camera failed", **error.params})
    except (KeyError, ValueError, IndexError):
        return error.code.replace("_", " ")


# --- chart --port ---------------------------------------------------------------------------


def print_chart(args: argparse.Namespace) -> int:
    """``calibrate chart KIND --port P``: print the chart raw, keyed to the printer's serial,
    through ``photolatte print``'s run (progress, Ctrl-C, exit codes)."""
    import numpy as np

    from calibration import charts
    from kiosk.cli.print_profile import ProfileChoice
    from kiosk.cli.print_run import PrintRun
    from kiosk.printing.profiles import not_calibrated
    from printer_driver.mask import Mask
    from printer_driver.powders import PowderSet

    def chart(info: PrinterInfo) -> Mask:
        made = charts.chart_for(args.kind, info.serial, powders=PowderSet(args.powders))
        _say(f"printing the {made.name} chart raw (the head as it is)"
             + (f" for printer {info.serial}" if info.serial and args.kind != "dose" else ""))
        return made.mask

    placeholder = Mask.from_levels(np.zeros((1, 1), np.uint8), diameter_mm=0.3)  # replaced
    return PrintRun(args, placeholder, choice=ProfileChoice(not_calibrated, "none"),
                    chart=chart).run()


# --- run ------------------------------------------------------------------------------------


def run_calibration(args: argparse.Namespace) -> int:
    """``calibrate run``: see the module docstring."""
    from calibration.errors import MeasurementError, ProfileError, RunError
    from kiosk.camera.base import CameraError
    from kiosk.camera.cup import open_cup_camera, sim_name
    from kiosk.cli import print_profile
    from kiosk.cli.calibrate_words import describe
    from kiosk.cli.printing import service_for
    from kiosk.printing.calibration_service import CalibrationService
    from kiosk.printing.profile_lookup import store_lookup

    try:
        folder = print_profile.data_dir(args)
    except ValueError as exc:
        return _fail(args, EXIT_BAD_INPUT, str(exc), {"error": "config"})
    spec = args.camera
    if spec.strip().lower() == "sim" and sim_name(args.port) is not None:
        spec = "sim://"  # the simulator's camera over the printer being calibrated
    try:
        camera = open_cup_camera(spec, printer_url=args.port)
    except CameraError as exc:
        return _fail(args, EXIT_BAD_INPUT, str(exc), {"error": "camera"})
    lookup = store_lookup(folder)
    service = service_for(args, profiles=lookup)
    calibration = CalibrationService(service, lookup.store)
    stopped: list[int] = []

    def on_signal(signum: int, frame: object) -> None:
        stopped.append(signum)
        calibration.cancel()

    old: dict[int, Any] = {}
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGINT, signal.SIGTERM):
            old[signum] = signal.signal(signum, on_signal)
    started = time.monotonic()
    try:
        outcome = calibration.run(args.kind, camera, on_step=_step)
        seconds = time.monotonic() - started
        saved = None if args.dry_run else calibration.accept(outcome)
    except MeasurementError as exc:
        return _fail(args, EXIT_REFUSED, f"{describe(exc)}; nothing saved, the previous "
                     "profile stays in force", {"error": exc.code,
                                                "params": _plain(exc.params)})
    except RunError as exc:
        code = (EXIT_TERMINATED if stopped and stopped[0] == signal.SIGTERM else
                EXIT_INTERRUPTED if stopped else _RUN_EXIT.get(exc.code, EXIT_PRINT_FAILED))
        return _fail(args, code, run_words(exc), {"error": exc.code,
                                                   "params": _plain(exc.params)})
    except ProfileError as exc:
        return _fail(args, EXIT_REFUSED, describe(exc), {"error": exc.code})
    finally:
        service.stop()
        for sig, handler in old.items():
            signal.signal(sig, handler)
    return _report(args, outcome, saved is not None, seconds, str(lookup.store.path(
        outcome.serial)))


def _step(kind: str, stage: str) -> None:
    _say(f"{kind}: {_STAGES.get(stage, stage)}")


def _report(args: argparse.Namespace, outcome: MeasurementOutcome, saved: bool,
            seconds: float, path: str) -> int:
    from kiosk.cli.calibrate_words import describe, summary_lines

    if args.json:
        print(json.dumps({
            "ok": True, "serial": outcome.serial, "kinds": list(outcome.kinds),
            "saved": saved, "dry_run": bool(args.dry_run), "path": path,
            "seconds": round(seconds, 2),
            "refused": [{"code": e.code, "params": _plain(e.params), "message": describe(e)}
                        for e in outcome.refused],
            "previous": None if outcome.previous is None else outcome.previous.to_dict(),
            "profile": outcome.profile.to_dict()}, indent=1, sort_keys=True))
        return EXIT_OK
    for refusal in outcome.refused:
        print(f"a photo was refused and taken again: {describe(refusal)}")
    if "dose" not in outcome.kinds and args.kind in ("all", "dose"):
        print("dose: not measured (the printer reports no reservoir grams): weigh it, "
              "'photolatte calibrate measure --weighed POWDER=GRAMS'")
    print(f"Printer {outcome.serial}: measured {', '.join(outcome.kinds)} in "
          f"{seconds:.1f} s")
    for line in summary_lines(outcome.profile):
        print(line)
    print(f"Saved the profile: {path}" if saved else "Dry run: nothing saved.")
    return EXIT_OK


def _fail(args: argparse.Namespace, code: int, message: str, payload: dict[str, Any]) -> int:
    _say(message)
    if args.json:
        print(json.dumps({"ok": False, "message": message, **payload}, sort_keys=True))
    return code


def _plain(value: Any) -> Any:
    from kiosk.cli.calibrate_words import plain

    return plain(value)


__all__ = ["RUN_EXIT_CODES", "print_chart", "register_run", "run_calibration", "run_words"]
