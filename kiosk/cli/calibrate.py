"""``photolatte calibrate``: charts, measuring photos of them, and the machine's profile.

    photolatte calibrate chart geometry|tone|dose -o MASK.png [--serial S] [--powders P]
    photolatte calibrate chart geometry|tone|dose --port P [--powders P] [--json]
    photolatte calibrate run --port P --camera SRC [--kind K] [--dry-run] [--json]
    photolatte calibrate measure PHOTO... --serial S [--cup NAME] [--weighed POWDER=G]...
                      [--reservoir POWDER=BEFORE:AFTER]... [--overlay DIR] [--dry-run] [--json]
    photolatte calibrate show [--serial S] [--json]     (no --serial: the only profile here)
    photolatte calibrate history [--serial S] [--json]
    photolatte calibrate restore N [--serial S]

``chart --port`` and ``run`` are :mod:`kiosk.cli.calibrate_run`'s (its own exit codes).
Exit codes: 0 done; 1 a photo or reading was refused (nothing saved) or the profile could
not be written (the previous one stays in force); 2 bad input (no such photo, a bad
option, an unknown version). The words are :mod:`kiosk.cli.calibrate_words`'s; calibration
itself speaks in codes (:mod:`calibration.errors`).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.cli.calibrate_words import describe, plain, summary_lines

if TYPE_CHECKING:
    from calibration.store import ProfileStore

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_BAD_INPUT = 2
PROG = "photolatte calibrate"

# --- the parser ------------------------------------------------------------------------------


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``calibrate`` and its actions to the ``photolatte`` command."""
    from kiosk.cli.calibrate_run import register_run
    from kiosk.cli.printing import add_port_options

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--serial", metavar="SERIAL",
                        help="the printer's serial number (the profile is kept per serial)")
    common.add_argument("--config", metavar="FILE", help="kiosk config file (TOML)")
    common.add_argument("--data-dir", metavar="DIR",
                        help="data folder holding the profiles (default: from the config)")
    p = subparsers.add_parser(
        "calibrate", help="measure the printer: charts, photos, the machine's profile",
        description="Calibrate a printer: print a chart, photograph the cup, measure the "
        "photo, keep the result as the machine's profile (one per serial, last 10 "
        "versions kept).",
        epilog="Exit codes: 0 done, 1 refused photo or reading (nothing saved) or the profile "
        "could not be written, 2 bad input.")
    sub = p.add_subparsers(dest="calibrate_command", metavar="ACTION", required=True)

    chart = sub.add_parser(
        "chart", parents=[common], help="print a chart on the printer, or write it as a PNG",
        description="Print a calibration chart raw on the printer (--port: keyed to the "
        "serial it reports), or write it as a mask PNG (-o) to print later with "
        "'photolatte print --no-profile'.",
        epilog="Exit codes: with -o 0 written, 1 not written, 2 bad input; with --port "
        "those of 'photolatte print'.")
    chart.add_argument("kind", choices=("geometry", "tone", "dose"))
    where = chart.add_mutually_exclusive_group(required=True)
    where.add_argument("-o", "--output", metavar="MASK.png", help="write the chart here")
    add_port_options(chart, port_in=where)
    chart.add_argument("--powders", choices=("both", "cocoa", "cinnamon"), default="both",
                       help="dose chart only: the powders to print (weigh one at a time)")
    chart.add_argument("--json", action="store_true",
                       help="with --port: the print's result as JSON on stdout")
    chart.set_defaults(func=run_chart, cup=None, image="chart")
    register_run(sub, common)

    measure = sub.add_parser(
        "measure", parents=[common], help="measure photos of printed charts",
        description="Measure photos of printed geometry and tone charts (any camera; the "
        "whole cup and the stand's two marks in view) and dose readings, and save them in "
        "the machine's profile. Nothing is saved if any photo or reading is refused.")
    measure.add_argument("photos", metavar="PHOTO", nargs="*")
    measure.add_argument("--cup", metavar="NAME",
                         help="the cup photographed (a cup of the profile; default its first)")
    measure.add_argument("--weighed", metavar="POWDER=GRAMS", action="append", default=[],
                         help="grams of one powder weighed after printing its dose chart")
    measure.add_argument("--reservoir", metavar="POWDER=BEFORE:AFTER", action="append",
                         default=[], help="the printer's reservoir grams before and after "
                         "the dose chart")
    measure.add_argument("--overlay", metavar="DIR",
                         help="write each photo with what was found drawn on it into DIR")
    measure.add_argument("--dry-run", action="store_true", help="measure, save nothing")
    measure.add_argument("--json", action="store_true", help="one JSON object on stdout")
    measure.set_defaults(func=run_measure)

    show = sub.add_parser("show", parents=[common], help="the machine's profile")
    show.add_argument("--json", action="store_true", help="the profile as JSON")
    show.set_defaults(func=run_show)

    history = sub.add_parser("history", parents=[common], help="the saved versions")
    history.add_argument("--json", action="store_true", help="as JSON")
    history.set_defaults(func=run_history)

    restore = sub.add_parser("restore", parents=[common],
                             help="make an earlier version current again")
    restore.add_argument("version", type=int, metavar="N",
                         help="the version number from 'photolatte calibrate history'")
    restore.set_defaults(func=run_restore)


def _say(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr)


def _serial(args: argparse.Namespace) -> str | None:
    from calibration.errors import ProfileError
    from calibration.profile import check_serial

    if not args.serial:
        _say("give the printer's serial with --serial (photolatte printer status shows it)")
        return None
    try:
        return check_serial(args.serial)
    except ProfileError as exc:
        _say(describe(exc))
        return None


def _serial_and_store(args: argparse.Namespace) -> tuple[str, ProfileStore] | None:
    """The machine to read (``--serial``, or the only one with a profile in the data
    folder) and its store; None after saying what is missing."""
    store = _store(args)
    if store is None:
        return None
    if args.serial:
        serial = _serial(args)
        return None if serial is None else (serial, store)
    known = store.serials()
    if len(known) == 1:
        _say(f"printer {known[0]} (the only profile in {store.folder})")
        return known[0], store
    if known:
        _say("give the printer's serial with --serial: profiles here for "
             + ", ".join(known))
    else:
        _say(f"no printer is calibrated in {store.folder} yet; calibrate one with "
             "'photolatte calibrate run --port PORT --camera SRC'")
    return None


def _store(args: argparse.Namespace) -> ProfileStore | None:
    from calibration.store import ProfileStore
    from kiosk.settings.config import ConfigError, KioskConfig

    overrides = {"data_dir": args.data_dir} if args.data_dir else None
    try:
        config = KioskConfig.from_sources(args.config, overrides)
    except ConfigError as exc:
        _say(str(exc))
        return None
    return ProfileStore.in_data_dir(config.data_dir)


# --- chart -------------------------------------------------------------------------------------


def run_chart(args: argparse.Namespace) -> int:
    if args.port:
        from kiosk.cli.calibrate_run import print_chart

        return print_chart(args)
    from calibration import charts
    from calibration.errors import ProfileError
    from calibration.profile import check_serial
    from printer_driver.powders import PowderSet

    serial = None
    if args.serial:
        try:
            serial = check_serial(args.serial)
        except ProfileError as exc:
            _say(describe(exc))
            return EXIT_BAD_INPUT
    chart = charts.chart_for(args.kind, serial, powders=PowderSet(args.powders))
    out = Path(args.output)
    if out.is_dir():
        _say(f"{out}: is a folder; name the PNG to write")
        return EXIT_BAD_INPUT
    try:
        _write_bytes(out, chart.mask.to_png_bytes())
    except OSError as exc:
        _say(f"{out}: cannot write the chart ({exc.strerror or exc})")
        return EXIT_REFUSED
    counts = chart.mask.dot_counts()
    detail = ", ".join(f"{n} {p} dots" for p, n in counts.items() if n)
    keyed = f" for printer {serial}" if serial else " (not keyed to a printer: add --serial)"
    print(f"{chart.name} chart{keyed if args.kind != 'dose' else ''}: {out} ({detail})")
    return EXIT_OK


def _write_bytes(path: Path, data: bytes) -> None:
    import contextlib
    import os

    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


# --- measure ---------------------------------------------------------------------------------


def _pairs(items: list[str], *, ranged: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in items:
        powder, sep, value = item.partition("=")
        powder = powder.strip()
        if not sep or powder not in ("cinnamon", "cocoa"):
            raise ValueError(f"'{item}': write POWDER={'BEFORE:AFTER' if ranged else 'GRAMS'}"
                             ", POWDER cinnamon or cocoa")
        try:
            if ranged:
                before, _, after = value.partition(":")
                out[powder] = (float(before), float(after))
            else:
                out[powder] = float(value)
        except ValueError:
            raise ValueError(f"'{item}': not a number of grams") from None
    return out


def _geometry_line(m: Any) -> str:
    g = m.geometry.geometry
    return (f"offset {g.offset_x_mm:+.2f} mm, {g.offset_y_mm:+.2f} mm; rotation "
            f"{g.rotation_deg:+.2f}° clockwise; scale {g.scale:.4f} (fiducials "
            f"{m.geometry.fiducials_used}, residual {m.geometry.fiducial_rms_mm:.3f} mm; rim "
            f"{m.geometry.rim.rms:.3f} mm)")


def _tone_line(m: Any) -> str:
    parts = []
    for powder, resp in m.tone.responses.items():
        read = sum(s.lightness is not None for s in resp.steps)
        parts.append(f"{powder} {read}/{len(resp.steps)} steps, L* {resp.steps[0].fitted:.1f}"
                     f"..{resp.steps[-1].fitted:.1f}")
    worst = max(m.tone.fit_rms.values())
    return "; ".join(parts) + f" (fit scatter {worst:.2f} L*)"


def _consistent(kind: str, found: list[Any]) -> Any:
    """The best of several measurements of one kind, or a refusal if they disagree."""
    from calibration.errors import MeasurementError, Refusal

    if kind == "geometry":
        geo = [m.geometry.geometry for m in found]
        spread_mm = max(abs(a.offset_x_mm - b.offset_x_mm) + abs(a.offset_y_mm - b.offset_y_mm)
                        for a in geo for b in geo)
        spread_deg = max(abs(a.rotation_deg - b.rotation_deg) for a in geo for b in geo)
        if spread_mm > 0.25:
            raise MeasurementError(Refusal.INCONSISTENT, key="offset",
                                     spread=f"{spread_mm:.2f} mm", limit="0.25 mm")
        if spread_deg > 0.3:
            raise MeasurementError(Refusal.INCONSISTENT, key="rotation",
                                     spread=f"{spread_deg:.2f}°", limit="0.3°")
        return min(found, key=lambda m: m.fiducial_rms_mm)
    curves = [[s.fitted for r in m.tone.responses.values() for s in r.steps] for m in found]
    spread = max(max(abs(x - y) for x, y in zip(a, b, strict=True))
                 for a in curves for b in curves)
    if spread > 2.0:
        raise MeasurementError(Refusal.INCONSISTENT, key="tone",
                                 spread=f"{spread:.1f} L*", limit="2 L*")
    return min(found, key=lambda m: max(m.tone.fit_rms.values()))


def run_measure(args: argparse.Namespace) -> int:
    from calibration import charts, dose
    from calibration.errors import MeasurementError, ProfileError, Refusal
    from calibration.measure import measure_photo, read_photo
    from calibration.profile import Profile
    from calibration.session import merge_dose, merge_measurement

    serial = _serial(args)
    if serial is None:
        return EXIT_BAD_INPUT
    try:
        weighed = _pairs(args.weighed, ranged=False)
        reservoir = _pairs(args.reservoir, ranged=True)
    except ValueError as exc:
        _say(str(exc))
        return EXIT_BAD_INPUT
    if not args.photos and not weighed and not reservoir:
        _say("nothing to measure: give photos of printed charts, --weighed or --reservoir")
        return EXIT_BAD_INPUT
    store = _store(args)
    if store is None:
        return EXIT_BAD_INPUT
    try:
        loaded = store.load(serial)
        base = loaded.profile or Profile.blank(serial)
    except ProfileError as exc:
        _say(f"{describe(exc)}; starting a new profile")
        base = Profile.blank(serial)
    try:
        cup = base.cup(args.cup)
    except KeyError:
        _say(f"no cup called '{args.cup}' in the profile (cups: "
             f"{', '.join(c.name for c in base.cups)})")
        return EXIT_BAD_INPUT

    report: list[dict[str, Any]] = []
    by_kind: dict[str, list[Any]] = {}
    refused = bad_input = False
    for name in args.photos:
        entry: dict[str, Any] = {"photo": name}
        try:
            rgb, facts = read_photo(name)
            m = measure_photo(rgb, serial=serial, foam_diameter_mm=cup.foam_diameter_mm,
                              facts=facts)
        except MeasurementError as exc:
            entry.update(ok=False, refused={"code": exc.code, "params": plain(exc.params),
                                            "message": describe(exc)})
            if exc.refusal in (Refusal.PHOTO_UNREADABLE, Refusal.PHOTO_TOO_LARGE):
                bad_input = True
            else:
                refused = True
            if not args.json:
                _say(f"{name}: {describe(exc)}")
            report.append(entry)
            continue
        by_kind.setdefault(m.kind, []).append(m)
        entry.update(ok=True, kind=m.kind, chart=m.chart, seconds=round(m.seconds, 3))
        if m.geometry is not None:
            entry["geometry"] = plain(m.geometry.geometry.__dict__)
            entry["residual_mm"] = round(m.fiducial_rms_mm, 4)
            line = _geometry_line(m)
        elif m.tone is not None:
            entry["tone"] = {p: [s.fitted for s in r.steps] for p, r in m.tone.responses.items()}
            line = _tone_line(m)
        if args.overlay:
            entry["overlay"] = _overlay(Path(args.overlay), name, rgb, m)
        if not args.json:
            print(f"{name}: {m.kind} chart: {line}")
        report.append(entry)

    profile = base
    doses: dict[str, Any] = {}
    try:
        for kind, found in by_kind.items():
            profile = merge_measurement(profile, _consistent(kind, found))
        chart = charts.dose_chart()
        assert chart.dose_dots is not None
        if reservoir:
            before = {p: v[0] for p, v in reservoir.items()}
            after = {p: v[1] for p, v in reservoir.items()}
            dots = {p: chart.dose_dots[p] for p in reservoir}
            mg = dose.from_reservoir(before, after, dots)
            profile = merge_dose(profile, mg, method="reservoir", dots=dots,
                                 grams={p: before[p] - after[p] for p in mg})
            doses.update(mg)
        if weighed:
            dots = {p: chart.dose_dots[p] for p in weighed}
            mg = dose.from_weighed(weighed, dots)
            profile = merge_dose(profile, mg, method="weighed", dots=dots, grams=weighed)
            doses.update(mg)
    except MeasurementError as exc:
        refused = True
        report.append({"ok": False, "refused": {"code": exc.code, "params": plain(exc.params),
                                                 "message": describe(exc)}})
        if not args.json:
            _say(describe(exc))
    if doses and not args.json:
        print("dose: " + ", ".join(f"{p} {mg:.4f} mg per dot" for p, mg in doses.items()))

    saved = None
    code = EXIT_BAD_INPUT if bad_input else EXIT_REFUSED if refused else EXIT_OK
    if code == EXIT_OK and not args.dry_run:
        try:
            saved = store.save(profile)
        except ProfileError as exc:
            _say(describe(exc))
            code = EXIT_REFUSED
    if args.json:
        doc = {"serial": serial, "dry_run": bool(args.dry_run), "saved": saved is not None,
               "path": str(store.path(serial)), "photos": report,
               "dose_mg_per_dot": doses,
               "profile": (saved or profile).to_dict() if code == EXIT_OK else None}
        print(json.dumps(doc, indent=1))
    elif code == EXIT_OK:
        where = store.path(serial)
        print(f"Saved the profile of {serial}: {where}" if saved is not None
              else "Dry run: nothing saved.")
    elif code == EXIT_REFUSED and not saved:
        _say("nothing saved; the previous profile stays in force")
    return code


def _overlay(folder: Path, name: str, rgb: Any, m: Any) -> str | None:
    from PIL import Image

    from calibration.overlay import draw_findings

    try:
        folder.mkdir(parents=True, exist_ok=True)
        out = folder / f"{Path(name).stem}-found.png"
        Image.fromarray(draw_findings(rgb, m.findings)).save(out)
        return str(out)
    except OSError as exc:
        _say(f"{folder}: cannot write the overlay ({exc.strerror or exc})")
        return None


# --- show, history, restore ----------------------------------------------------------------


def run_show(args: argparse.Namespace) -> int:
    from calibration.errors import ProfileError
    from calibration.profile import Profile

    found = _serial_and_store(args)
    if found is None:
        return EXIT_BAD_INPUT
    serial, store = found
    try:
        loaded = store.load(serial)
    except ProfileError as exc:
        _say(describe(exc))
        return EXIT_REFUSED
    profile = loaded.profile
    status = ("not_calibrated" if profile is None or not profile.calibrated
              else "recovered" if loaded.recovered else "calibrated")
    if args.json:
        doc = (profile or Profile.blank(serial)).to_dict()
        doc.update(status=status, calibrated=status != "not_calibrated", path=str(loaded.path),
                   problem=None if loaded.problem is None else {
                       "code": loaded.problem.code, "params": plain(loaded.problem.params),
                       "message": describe(loaded.problem)})
        print(json.dumps(doc, indent=1, sort_keys=True))
        return EXIT_OK
    if loaded.problem is not None:
        _say(f"{describe(loaded.problem)}; using the version saved {profile and profile.saved_at}")
    if profile is None or not profile.calibrated:
        print(f"Printer {serial}: not calibrated; prints use nominal values. Start with "
              "'photolatte calibrate chart geometry -o geometry.png'.")
        return EXIT_OK
    print(f"Printer {serial}: calibrated (saved {profile.saved_at}; {loaded.path})")
    for line in summary_lines(profile):
        print(line)
    return EXIT_OK


def run_history(args: argparse.Namespace) -> int:
    from calibration.errors import ProfileError

    found = _serial_and_store(args)
    if found is None:
        return EXIT_BAD_INPUT
    serial, store = found
    try:
        versions = store.history(serial)
    except ProfileError as exc:
        _say(describe(exc))
        return EXIT_REFUSED
    if args.json:
        print(json.dumps([{
            "version": v.number, "current": v.current, "path": str(v.path),
            "saved_at": v.profile.saved_at if v.profile else None, "sections": list(v.sections),
            "note": v.profile.note if v.profile else None,
            "problem": None if v.problem is None else {"code": v.problem.code,
                                                       "message": describe(v.problem)},
        } for v in versions], indent=1))
        return EXIT_OK
    if not versions:
        print(f"Printer {serial}: no saved versions.")
        return EXIT_OK
    for v in versions:
        if v.profile is None:
            assert v.problem is not None
            print(f"{v.number:3d}  unreadable: {describe(v.problem)}")
            continue
        mark = "  (current)" if v.current else ""
        what = ", ".join(v.sections) or "nothing measured"
        note = f"  {v.profile.note}" if v.profile.note else ""
        print(f"{v.number:3d}  {v.profile.saved_at}  {what}{mark}{note}")
    return EXIT_OK


def run_restore(args: argparse.Namespace) -> int:
    from calibration.errors import ProfileError, ProfileProblem

    found = _serial_and_store(args)
    if found is None:
        return EXIT_BAD_INPUT
    serial, store = found
    try:
        profile = store.restore(serial, args.version)
    except ProfileError as exc:
        _say(describe(exc))
        return EXIT_REFUSED if exc.problem is ProfileProblem.WRITE_FAILED else EXIT_BAD_INPUT
    print(f"Restored version {args.version} of {serial} as the current profile "
          f"(saved {profile.saved_at}).")
    return EXIT_OK
