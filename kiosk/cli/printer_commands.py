"""``photolatte printer status`` and ``photolatte printer clear``: what the printer says about
itself, and acknowledging its faults, through the print service (the kiosk's Continue gets
the same :class:`~kiosk.printing.outcome.ClearOutcome`). Registered, with the port options
and exit codes, by :mod:`kiosk.cli.printing`.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, TextIO

from kiosk.cli import print_profile
from kiosk.cli import printing as common

if TYPE_CHECKING:
    from kiosk.printing.calibration_state import CalibrationState
    from printer_driver.values import PrinterStatus


def run_status(args: argparse.Namespace) -> int:
    """``photolatte printer status``: identify and status, in plain words or JSON."""
    from kiosk.printing.outcome import PrinterReport

    service = common.service_for(args)
    try:
        report = common.answer(args, service.query())
    finally:
        service.stop()
    if not isinstance(report, PrinterReport):
        return int(report)
    info, st, job = report.info, report.status, report.last_job
    state = _calibration(args, info.serial, info.serial_invalid or "")
    if args.json:
        from kiosk.cli.printer_words import fault_line

        status = {**st.to_dict(), "fault_messages": [fault_line(n) for n in st.fault_names]}
        print(json.dumps({"ok": True, "printer": info.to_dict(), "status": status,
                          "last_job": job.to_dict() if job else None,
                          "calibration": (None if isinstance(state, str)
                                          else print_profile.state_json(state))},
                         sort_keys=True))
        return common.EXIT_OK
    out = sys.stdout
    out.write(f"Printer firmware   {info.firmware}\n")
    out.write(f"Serial number      {info.serial or _unknown_serial(info.serial_invalid)}\n")
    out.write("Calibration        " + (state if isinstance(state, str)
                                       else print_profile.state_line(state)) + "\n")
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
    return common.EXIT_OK


def _calibration(args: argparse.Namespace, serial: str | None, sent: str
                 ) -> CalibrationState | str:
    """The printer's calibration in the data folder, or why it cannot be read."""
    from kiosk.printing.calibration_state import state_of
    from kiosk.printing.profile_lookup import store_lookup

    try:
        folder = print_profile.data_dir(args)
    except ValueError as exc:
        return f"unknown ({exc})"
    return state_of(store_lookup(folder).store, serial, sent=sent)


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

    Exit 0 when no fault that needs acknowledging remains (the service's
    :class:`~kiosk.printing.outcome.ClearOutcome`, the kiosk's Continue answers alike); a
    live condition (no cup, powder low) is named but is nothing ``clear`` can or must do.
    """
    from kiosk.cli.printer_words import fault_line
    from kiosk.printing.outcome import ClearOutcome

    service = common.service_for(args)
    try:
        outcome = common.answer(args, service.clear_faults())
    finally:
        service.stop()
    if not isinstance(outcome, ClearOutcome):
        return int(outcome)
    before, after, stuck = outcome.before, outcome.after, outcome.remaining
    if args.json:
        print(json.dumps({"ok": outcome.ok, "cleared": list(outcome.cleared),
                          "still": list(after.fault_names),
                          "messages": [fault_line(f.name) for f in after.faults]},
                         sort_keys=True))
        return common.EXIT_OK if outcome.ok else common.EXIT_PRINT_FAILED
    out = sys.stdout
    none = "nothing" if before.faults else "nothing: no fault was latched"
    out.write("Cleared            " + (", ".join(outcome.cleared) or none) + "\n")
    if stuck:
        out.write("Still latched      " + ", ".join(f.name for f in stuck) +
                  "  (the cause is still there)\n")
    for f in after.faults:
        out.write(f"  - {fault_line(f.name)}\n")
    if not outcome.ok:
        return common.EXIT_PRINT_FAILED
    waiting = [f for f in after.faults if f.blocks()]
    out.write("The printer is ready to print" +
              (" once the above is done.\n" if waiting else ".\n"))
    return common.EXIT_OK
