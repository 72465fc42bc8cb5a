"""``photolatte print`` (and ``calibrate chart --port``): one print from a terminal,
through the kiosk's print service.

The file is judged first (a bad picture is refused before the printer is touched); then the
printer is asked who it is, its calibration chosen (:mod:`kiosk.cli.print_profile`) and
said, a photo rendered for it, and the mask printed while the main thread waits for the
end or a signal. Options, exit codes and the shared helpers are :mod:`kiosk.cli.printing`'s.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TYPE_CHECKING, Any, TypeVar

from kiosk.cli import printing as common

if TYPE_CHECKING:
    from kiosk.cli.print_profile import ProfileChoice
    from kiosk.imaging.settings import RenderSettings
    from kiosk.printing.events import ServiceEvent
    from kiosk.printing.inputs import InputWarning, Picture
    from kiosk.printing.outcome import PrintEnd
    from kiosk.printing.profiles import PrintSettings
    from kiosk.printing.service import PrintService
    from printer_driver.mask import Mask
    from printer_driver.values import PrinterInfo

_T = TypeVar("_T")


def _cup_words(cup: str, settings: PrintSettings) -> str:
    refused = settings.refused(cup)
    if refused is not None:
        return (f"the cup '{cup}' needs {refused.dots} dots across; this printer prints at "
                f"most {refused.grid_max} ({refused.max_diameter_mm:g} mm): choose another "
                "cup, or a smaller print diameter in its profile")
    return (f"no cup called '{cup}' for this printer (cups: {', '.join(settings.cups)}); "
            "leave out --cup for its default")




def _load(args: argparse.Namespace) -> tuple[bytes, Picture] | int:
    """The file's bytes and its picture: a mask PNG as it is, a photo rendered on nominal
    values and judged as ``render`` judges it (so a bad photo is refused before the printer
    is touched; it is rendered again once the printer's profile is known). Or an exit
    code after saying what is wrong with the file. Its warnings are said here."""
    from kiosk.cli.input_words import input_error_line, warning_line
    from kiosk.printing.inputs import (
        Picture,
        PictureKind,
        mask_in,
        picture_from_bytes,
        read_picture_file,
        warnings_for,
    )
    from printer_driver.input_files import InputError

    try:
        data = read_picture_file(args.image, label=args.image)
        mask = mask_in(data, args.image)
        if mask is not None:
            picture = Picture(args.image, PictureKind.MASK, mask, None,
                              warnings_for(mask, PictureKind.MASK))
        else:
            picture = picture_from_bytes(data, args.image, _photo_settings(args, None))
    except InputError as exc:
        return common._fail(args, common.EXIT_BAD_INPUT, input_error_line(exc), exc.to_dict())
    for warning in picture.warnings:
        common._say(f"warning: {warning_line(warning)}")
    return data, picture


def _photo_settings(args: argparse.Namespace, settings: PrintSettings | None) -> RenderSettings:
    """How a photo is rendered for the printer of ``settings`` (None: not known yet, or
    ``--no-profile``: nominal values) and the cup ``--cup``."""
    from kiosk.imaging.settings import RenderSettings
    from kiosk.printing.profiles import render_settings

    return render_settings(settings, RenderSettings(preview_px=0), args.cup)


def run_print(args: argparse.Namespace) -> int:
    """``photolatte print``: upload, print, wait until the printer says done."""
    from kiosk.cli import print_profile

    loaded = _load(args)
    if isinstance(loaded, int):
        return loaded
    choice = print_profile.choose(args)
    if isinstance(choice, str):
        return common._fail(args, common.EXIT_BAD_INPUT, choice, {"error": "profile"})
    data, picture = loaded
    if picture.portrait is None and choice.applies:
        from calibration.charts import chart_kind
        from kiosk.cli.print_profile import ProfileChoice
        from kiosk.printing.profiles import not_calibrated

        kind = chart_kind(picture.mask)
        if kind is not None:  # through a profile it would measure the correction
            common._say(f"{args.image} is a {kind} calibration chart: it is printed raw, "
                        "the head as it is, never through a profile")
            choice = ProfileChoice(not_calibrated, "none")
    return PrintRun(args, picture.mask, picture.warnings, choice=choice, data=data,
                     photo=picture.portrait is not None).run()


class PrintRun:
    """One print from a terminal. The print service works on its own thread while the main
    thread waits for the printer (connecting, then the print's end) or a signal (Ctrl-C,
    SIGTERM): a signal then stops the print on the machine, within :data:`common.STOP_SECONDS`,
    and says truthfully whether the printer confirmed it. Once the printer has said who it
    is, its calibration is applied (a photo is rendered for it) and said."""

    def __init__(self, args: argparse.Namespace, mask: Mask,
                 warnings: tuple[InputWarning, ...] = (), *, choice: ProfileChoice,
                 data: bytes = b"", photo: bool = False,
                 chart: Callable[[PrinterInfo], Mask] | None = None) -> None:
        self.args = args
        self.mask = mask
        self.chart = chart
        self.warnings = warnings
        self.choice = choice
        self.data = data
        self.photo = photo
        self.calibration: dict[str, object] = {}
        self.grams: dict[str, float] = {}
        self.bar = common.ProgressBar(sys.stderr)
        self.wake = threading.Event()  # the print ended or a signal came
        self.signals: list[int] = []
        self.second_signal = threading.Event()  # stop waiting for the printer's common.answer
        self.stopping = False

    def _on_event(self, event: ServiceEvent) -> None:
        from kiosk.printing.events import PrintProgress

        if isinstance(event, PrintProgress) and not self.stopping:
            self.bar.update(event)

    def _on_signal(self, signum: int, frame: object) -> None:
        self.signals.append(signum)
        if len(self.signals) > 1:
            self.second_signal.set()
        self.wake.set()

    def _wait(self, future: Future[_T]) -> bool:
        """Wait for ``future`` or a signal; True when the future is done."""
        future.add_done_callback(lambda _f: self.wake.set())
        while not future.done() and not self.signals:
            self.wake.wait(0.25)
            self.wake.clear()
        return future.done()

    def run(self) -> int:
        old: dict[int, Any] = {}  # the handlers to restore (signal's own loose type)
        if threading.current_thread() is threading.main_thread():
            for sig in common._SIGNAL_EXIT:
                old[sig] = signal.signal(sig, self._on_signal)
        service = common.service_for(self.args, self._on_event, profiles=self.choice.lookup)
        try:
            refused = self._prepare(service)
            if refused is not None:
                return refused
            future = service.print_mask(self.mask, apply_profile=self.choice.applies)
            assert future is not None  # a command's service is never busy at its first print
            if not self._wait(future):
                return self._stop(service, future)
            return self._report(future.result())
        finally:
            service.stop(abort_s=0.0)  # aborting was _stop's to do, bounded
            for sig, handler in old.items():
                signal.signal(sig, handler)

    def _prepare(self, service: PrintService) -> int | None:
        """Connect, check ``--profile`` and ``--cup`` against the printer, render a photo
        for it, say its calibration and any powder it is short of. An exit code when the
        print must not go ahead, else None."""
        from kiosk.cli import print_profile
        from kiosk.cli.input_words import warning_line
        from kiosk.printing.inputs import picture_from_bytes, shortfall_warnings
        from kiosk.printing.outcome import PrinterReport
        from kiosk.printing.profiles import powder_shortfall

        query = service.query()
        if not self._wait(query):
            code = common._SIGNAL_EXIT.get(self.signals[0], common.EXIT_INTERRUPTED)
            return common._fail(self.args, code,
                                "stopped before printing: nothing was printed",
                                {"error": "aborted"})
        report = common.answer(self.args, query)
        if not isinstance(report, PrinterReport):
            return int(report)
        info = report.info
        if self.chart is not None:  # a calibration chart, keyed to this printer's serial
            self.mask = self.chart(info)
        problem = print_profile.refusal(self.choice, info)
        if problem is not None:
            return common._fail(self.args, common.EXIT_BAD_INPUT,
                                print_profile.profile_words(problem),
                                {"error": problem.code, "params": dict(problem.params)})
        settings = service.print_settings
        cup: str | None = self.args.cup
        if cup and settings is not None and self.args.cup not in settings.cups:
            return common._fail(self.args, common.EXIT_BAD_INPUT,
                                _cup_words(self.args.cup, settings),
                                {"error": "cup", "cup": self.args.cup,
                                 "cups": list(settings.cups)})
        if self.photo and settings is not None and (settings.calibrated or
                                                    settings.refused_cups):
            self.mask = picture_from_bytes(self.data, self.args.image,
                                           _photo_settings(self.args, settings)).mask
        self.calibration = print_profile.status(self.choice, settings, info)
        common._say(print_profile.status_line(self.calibration))
        self.grams = settings.grams(self.mask) if settings is not None else self.mask.grams()
        short = shortfall_warnings(powder_shortfall(self.grams, report.status.powder_grams))
        for warning in short:
            common._say(f"warning: {warning_line(warning)}")
        self.warnings = self.warnings + short
        return None

    def _report(self, end: PrintEnd) -> int:
        self.bar.finish()
        if end.failure is not None:
            return common._report_failure(self.args, end.failure)
        common._say(f"printed job {end.job_id}: {end.rows} rows in {end.seconds:.1f} s.")
        if self.args.json:
            from kiosk.cli.input_words import warning_json

            print(json.dumps({
                "ok": True, "job_id": end.job_id, "rows_printed": end.rows,
                "seconds": round(end.seconds, 3),
                "link": end.link.to_dict() if end.link else {},
                "warnings": [warning_json(w) for w in self.warnings],
                "calibration": self.calibration,
                "grams": {k: round(v, 3) for k, v in self.grams.items()},
            }, sort_keys=True))
        return common.EXIT_OK

    def _stop(self, service: PrintService, future: Future[PrintEnd]) -> int:
        """Cancel the print on the machine after a signal, bounded by common.STOP_SECONDS; a
        second signal gives up waiting (and says so) instead of vanishing silently."""
        from kiosk.cli.printer_words import failure_line
        from kiosk.printing.outcome import PrintFailure, PrintOutcome

        self.stopping = True
        self.bar.finish()
        code = common._SIGNAL_EXIT.get(self.signals[0], common.EXIT_INTERRUPTED)
        common._say("Stopping the print…")
        outcome = service.abort_within(common.STOP_SECONDS, give_up=self.second_signal)
        if not outcome.confirmed:
            detail = str(outcome.error) if outcome.error else "no common.answer in time"
            return common._fail(self.args, common.EXIT_STOP_UNCONFIRMED,
                                common.STOP_UNCONFIRMED,
                                {"error": "stop_unconfirmed", "detail": detail})
        # The printer answered (or nothing had reached it). How did the print end?
        end: PrintEnd | None = None
        if service.connected:
            try:
                end = future.result(timeout=min(5.0, common.STOP_SECONDS))
            except FutureTimeout:
                end = None
        if end is not None and end.outcome is PrintOutcome.DONE:
            return self._report(end)  # it had finished by itself
        failure = end.failure if end is not None and end.failure is not None else None
        if failure is None or failure.code != "aborted":
            failure = PrintFailure("aborted", print_started=bool(failure and
                                                                 failure.print_started))
        return common._fail(self.args, code, failure_line(failure), {"error": "aborted"})
