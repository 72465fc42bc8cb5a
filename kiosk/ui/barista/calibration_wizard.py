"""The technician's calibration wizard, one chart per cup:
place a cup → print the chart → photograph it → see what was found → next chart or save.

Steps (pages): *choose* what to measure (everything: three cups; geometry or tone alone),
*cup* (place a fresh cup), *working* (printing, photographing, measuring; Stop), *result*
(the photo with the rim, fiducials and marks drawn on it, the tone curves as a small plot,
the figures and residuals; measure this chart again, go on, or save), *problem* (a refused
photo or a failed print in words, by code, with "try again"), *done*. Nothing is saved until
"Save the calibration"; stopping or leaving keeps the profile in force as it was. Every
rule is the headless :class:`~kiosk.printing.calibration_service.CalibrationService`'s,
reached through :class:`~kiosk.ui.calibration.QtCalibration`.
"""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from calibration.errors import CalibrationError, ProfileError, RunError, RunProblem
from kiosk.printing.calibration_service import MeasurementOutcome
from kiosk.ui.barista.calibration_views import (
    PhotoView,
    ToneCurvePlot,
    mask_picture,
    touch_button,
)
from kiosk.ui.barista.calibration_words import (
    chart_name,
    error_words,
    stage_words,
    status_words,
)
from kiosk.ui.barista.words import powder_name, time_left_words
from kiosk.ui.calibration import QtCalibration
from kiosk.ui.i18n import Retranslatable
from kiosk.ui.widgets import WrapButton

translate = QCoreApplication.translate
C = "BaristaCalibration"



def _label(name: str = "", *, wrap: bool = True) -> QLabel:
    lab = QLabel()
    lab.setWordWrap(wrap)
    if name:
        lab.setObjectName(name)
    return lab


class CalibrationWizard(Retranslatable, QWidget):
    """See the module docstring. ``closed()`` when the technician leaves it."""

    closed = Signal()

    PLANS: ClassVar[dict[str, tuple[str, ...]]] = {
        "all": ("geometry", "tone", "dose"), "geometry": ("geometry",), "tone": ("tone",)}

    def __init__(self, calibration: QtCalibration, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TechnicianRoot")
        self.calibration = calibration
        self.plan: tuple[str, ...] = ()
        self.index = 0  # the chart of the plan being measured
        self.outcome: MeasurementOutcome | None = None  # everything measured so far
        self.latest: MeasurementOutcome | None = None  # the chart just measured
        self.error: BaseException | None = None
        self.save_error: ProfileError | None = None
        self._stage = ("", "")
        self._rows: tuple[int, int, float] | None = None

        self.title = _label("Title")
        self.pages = QStackedWidget()

        # choose
        self.choose_text = _label()
        self.choose_all = touch_button("Primary")
        self.choose_geometry = touch_button()
        self.choose_tone = touch_button()
        self.back_button = touch_button()
        self.choose_all.clicked.connect(lambda: self.begin("all"))
        self.choose_geometry.clicked.connect(lambda: self.begin("geometry"))
        self.choose_tone.clicked.connect(lambda: self.begin("tone"))
        self.back_button.clicked.connect(self.leave)
        choose = self._page(self.choose_text, [self.choose_all, self.choose_geometry,
                                               self.choose_tone, self.back_button], grid=True)

        # cup
        self.cup_text = _label()
        self.print_button = touch_button("Primary")
        self.print_button.clicked.connect(self.print_chart)
        self.cup_cancel = touch_button()
        self.cup_cancel.clicked.connect(self.leave)
        cup = self._page(self.cup_text, [self.print_button, self.cup_cancel])

        # working
        self.stage_text = _label("StateText")
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.stop_button = touch_button("Danger")
        self.stop_button.clicked.connect(self.calibration.cancel)
        working = self._page(self.stage_text, [self.stop_button], extra=self.bar)

        # result
        self.photo = PhotoView()
        self.plot = ToneCurvePlot()
        self.figures = _label("Small")
        self.figures.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.save_problem = _label("StateText")
        self.again_button = touch_button()
        self.again_button.clicked.connect(self.measure_again)
        self.next_button = touch_button("Primary")
        self.next_button.clicked.connect(self.go_on)
        self.discard_button = touch_button("Danger")
        self.discard_button.clicked.connect(self.leave)
        # Landscape: the pictures and figures left, the three answers in a column right
        # (a short panel has no height for a row of wrapped buttons under them);
        # portrait: everything one under another.
        self.pictures = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.pictures.setContentsMargins(0, 0, 0, 0)
        self.pictures.addWidget(self.photo, 3)
        self.pictures.addWidget(self.plot, 2)
        left = QVBoxLayout()
        left.addLayout(self.pictures, 1)
        left.addWidget(self.figures)
        left.addWidget(self.save_problem)
        self.result_buttons = QVBoxLayout()
        self.result_buttons.setSpacing(16)
        for b in (self.next_button, self.again_button, self.discard_button):
            self.result_buttons.addWidget(b)
        self.result_buttons.addStretch(1)
        result = QWidget()
        result.setObjectName("TechnicianRoot")
        self.result_body = QBoxLayout(QBoxLayout.Direction.LeftToRight, result)
        self.result_body.setContentsMargins(0, 0, 0, 0)
        self.result_body.setSpacing(16)
        self.result_body.addLayout(left, 3)
        self.result_body.addLayout(self.result_buttons, 1)
        # Scrolls only when a screen cannot hold it (and never makes the window grow
        # while a turn from portrait to landscape is still being laid out).
        result_scroll = QScrollArea()
        result_scroll.setWidgetResizable(True)
        result_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        result_scroll.setWidget(result)

        # problem
        self.problem_text = _label("StateText")
        self.problem_code = _label("Small")
        self.retry_button = touch_button("Primary")
        self.retry_button.clicked.connect(self.measure_again)
        self.problem_cancel = touch_button()
        self.problem_cancel.clicked.connect(self.leave)
        problem = self._page(self.problem_text, [self.retry_button, self.problem_cancel],
                             extra=self.problem_code)

        # done
        self.done_text = _label("StateText")
        self.done_button = touch_button("Primary")
        self.done_button.clicked.connect(self.leave)
        done = self._page(self.done_text, [self.done_button])

        self.page_of = {"choose": choose, "cup": cup, "working": working, "result": result_scroll,
                        "problem": problem, "done": done}
        for page in self.page_of.values():
            self.pages.addWidget(page)
        col = QVBoxLayout(self)
        col.setContentsMargins(24, 16, 24, 16)
        col.addWidget(self.title)
        col.addWidget(self.pages, 1)

        calibration.step.connect(self._on_step)
        calibration.progress.connect(self._on_rows)
        calibration.runFinished.connect(self._on_finished)
        self.start()

    # --- building ------------------------------------------------------------------------

    @staticmethod
    def _row(buttons: list[WrapButton]) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(16)
        for b in buttons:
            row.addWidget(b, 1)
        return row

    def _page(self, text: QLabel, buttons: list[WrapButton], *, extra: QWidget | None = None,
              grid: bool = False) -> QWidget:
        """A page of words and buttons; it scrolls when a small panel cannot hold it."""
        page = QWidget()
        page.setObjectName("TechnicianRoot")
        col = QVBoxLayout(page)
        col.setContentsMargins(0, 0, 8, 0)
        col.setSpacing(16)
        col.addWidget(text)
        if extra is not None:
            col.addWidget(extra)
        col.addStretch(1)
        if grid:  # choices: two a row (long labels; short panels)
            rows = QGridLayout()
            rows.setSpacing(16)
            for i, b in enumerate(buttons):
                rows.addWidget(b, i // 2, i % 2)
            col.addLayout(rows)
        else:
            col.addLayout(self._row(buttons))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(page)
        return scroll

    # --- the technician's steps ---------------------------------------------------------------

    @property
    def step(self) -> str:
        """The page shown: ``choose``, ``cup``, ``working``, ``result``, ``problem``, ``done``."""
        current = self.pages.currentWidget()
        return next(k for k, v in self.page_of.items() if v is current)

    @property
    def kind(self) -> str:
        """The chart being measured (``geometry``, ``tone``, ``dose``)."""
        return self.plan[self.index] if self.plan else "geometry"

    def start(self) -> None:
        """Open at *choose*, nothing measured."""
        self.plan, self.index = (), 0
        self.outcome = self.latest = None
        self.error = self.save_error = None
        self._show("choose")

    def begin(self, plan: str) -> None:
        """Measure ``plan`` (``all``, ``geometry``, ``tone``): the first cup."""
        self.plan, self.index = self.PLANS[plan], 0
        self._show("cup")

    def print_chart(self) -> bool:
        """The cup is in place: print, photograph and measure this chart."""
        self._stage, self._rows = (self.kind, "print"), None
        if not self.calibration.start_run(self.kind):
            self.error = RunError(RunProblem.PRINTER_BUSY)
            self._show("problem")
            return False
        self._show("working")
        return True

    def measure_again(self) -> None:
        """This chart again, on a fresh cup."""
        self.save_error = None
        self._show("cup")

    def go_on(self) -> None:
        """The next chart, or (after the last) save everything measured."""
        if self.index + 1 < len(self.plan):
            self.index += 1
            self._show("cup")
            return
        if self.outcome is None:
            return
        try:
            self.calibration.accept(self.outcome)
        except ProfileError as exc:  # a full or read-only disk: the old profile stays
            self.save_error = exc
            self.retranslate()
            return
        self.save_error = None
        self._show("done")

    def leave(self) -> None:
        """Back to the technician page; an unsaved measurement is dropped, a run stopped."""
        if self.calibration.busy:
            self.calibration.cancel()
        self.start()
        self.closed.emit()

    # --- the run's reports ----------------------------------------------------------------------

    def _on_step(self, kind: str, stage: str) -> None:
        if self.step == "working":
            self._stage = (kind, stage)
            if stage != "print":
                self._rows = None
            self.retranslate()

    def _on_rows(self, done: int, total: int, left: float) -> None:
        if self.step == "working":
            self._rows = (done, total, left)
            self.retranslate()

    def _on_finished(self, result: object) -> None:
        if self.step != "working":
            return  # left meanwhile: the run was cancelled, nothing to show
        if isinstance(result, MeasurementOutcome):
            self.latest = result
            # One chart per run: the later charts' sections are laid over the first's.
            self.outcome = result if self.outcome is None or self.index == 0 \
                else self.outcome.followed_by(result)
            self.error = None
            picture = result.overlay(self.kind)
            if picture is None and self.kind == "dose":  # weighed by the reservoirs
                from calibration.charts import dose_chart

                picture = mask_picture(dose_chart().mask)
            self.photo.set_picture(picture)
            profile = result.profile
            self.plot.set_tone(profile.tone if self.kind == "tone" else {})
            self._show("result")
        else:
            self.error = result if isinstance(result, BaseException) else None
            self._show("problem")

    # --- showing ----------------------------------------------------------------------------------

    def _show(self, step: str) -> None:
        self.pages.setCurrentWidget(self.page_of[step])
        self.retranslate()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        portrait = self.height() > self.width()
        # A portrait screen: the photo over the plot, the three answers one under another.
        direction = (QBoxLayout.Direction.TopToBottom if portrait
                     else QBoxLayout.Direction.LeftToRight)
        self.pictures.setDirection(direction)
        self.result_body.setDirection(direction)
        # Landscape: the answers' column keeps to a third (a dose has no picture beside it).
        limit = 16_777_215 if portrait else max(200, self.width() // 3)
        for b in (self.next_button, self.again_button, self.discard_button):
            b.setMaximumWidth(limit)

    def figures_words(self) -> str:
        """What the chart just measured showed, in numbers and words."""
        outcome = self.latest
        if outcome is None:
            return ""
        kind, profile = self.kind, outcome.profile
        m = outcome.measurements.get(kind)
        if kind == "geometry" and profile.geometry is not None and m is not None \
                and m.geometry is not None:
            g, fit = profile.geometry, m.geometry
            return translate(
                "BaristaCalibration",
                "The print head's grid lands {x} mm across and {y} mm along from the cup's "
                "centre, turned {rot}°, {scale} % in size. Fit: marks within {fid} mm "
                "({used} used), foam edge within {rim} mm.").format(
                x=f"{g.offset_x_mm:+.2f}", y=f"{g.offset_y_mm:+.2f}",
                rot=f"{g.rotation_deg:+.2f}", scale=f"{100 * (g.scale - 1):+.2f}",
                fid=f"{fit.fiducial_rms_mm:.3f}", used=fit.fiducials_used,
                rim=f"{fit.rim.rms:.3f}")
        if kind == "tone" and m is not None and m.tone is not None:
            reading = m.tone
            read = sum(sum(s.lightness is not None for s in r.steps)
                       for r in reading.responses.values())
            total = sum(len(r.steps) for r in reading.responses.values())
            return translate(
                "BaristaCalibration",
                "Tone: {read} of {total} patches read; the fitted curves stay within {rms} "
                "L* of them. Dots: read; lines: fitted.").format(
                read=read, total=total, rms=f"{max(reading.fit_rms.values()):.2f}")
        if kind == "dose":
            doses = {p: v for p, v in profile.dose_mg_per_dot.items() if v is not None}
            if "dose" not in outcome.kinds or not doses:
                return translate(
                    "BaristaCalibration",
                    "This printer does not report its reservoir grams, so the dose was not "
                    "measured. Weigh it instead: photolatte calibrate measure --weighed.")
            return translate("BaristaCalibration", "Dose per dot: {doses}.").format(doses=", ".join(
                f"{powder_name(p)} {v:.3f} mg" for p, v in doses.items()))
        return ""

    def retranslate(self) -> None:
        step = self.step if self.pages.currentWidget() is not None else "choose"
        count = len(self.plan)
        chart = chart_name(self.kind)
        if step == "choose" or not self.plan:
            self.title.setText(translate("BaristaCalibration", "Calibrate the printer"))
        else:
            self.title.setText(translate(
                "BaristaCalibration", "Chart {n} of {count}: the {chart}"
                                         ).format(n=self.index + 1, count=count, chart=chart))
        self.choose_text.setText(
            status_words(self.calibration.status()) + "\n\n" + translate(
                "BaristaCalibration",
                "Each chart is printed on its own cup with foam, then photographed from "
                "above. Nothing is saved until you press Save at the end."))
        self.choose_all.setText(translate(
            "BaristaCalibration", "Everything: geometry, tone, dose (3 cups)"))
        self.choose_geometry.setText(translate("BaristaCalibration", "Geometry only (1 cup)"))
        self.choose_tone.setText(translate("BaristaCalibration", "Tone only (1 cup)"))
        self.back_button.setText(translate("BaristaCalibration", "Back"))
        self.cup_text.setText(translate(
            "BaristaCalibration",
            "Put a fresh cup with foam under the printer, on the stand, with the stand's "
            "two white marks uncovered. The camera must see the whole cup and both marks."))
        self.print_button.setText(translate(
            "BaristaCalibration", "Cup is in place: print the {chart}"
                                            ).format(chart=chart))
        for b in (self.cup_cancel, self.problem_cancel):
            b.setText(translate("BaristaCalibration", "Stop without saving"))
        words = stage_words(*self._stage) if self._stage[0] else ""
        if self._rows is not None and self._rows[0] > 0 and self._stage[1] == "print":
            done, total, left = self._rows
            words = translate(
                "BaristaCalibration", "Printing the {chart}: row {done} of {total}").format(
                chart=chart, done=done, total=total)
            left_text = time_left_words(left if left >= 0 else None)
            words = f"{words} · {left_text}" if left_text else words
        self.stage_text.setText(words or stage_words(self.kind, "print"))
        if self._rows is not None and self._stage[1] == "print":
            self.bar.setRange(0, max(1, self._rows[1]))
            self.bar.setValue(self._rows[0])
        else:
            self.bar.setRange(0, 0)  # busy: photographing, measuring
        self.stop_button.setText(translate("BaristaCalibration", "Stop"))
        self.figures.setText(self.figures_words())
        self.plot.setVisible(self.kind == "tone" and bool(self.plot.powders))
        self.photo.setVisible(self.photo.has_picture)
        self.again_button.setText(translate("BaristaCalibration", "Measure this chart again"))
        last = self.index + 1 >= count
        self.next_button.setText(translate(
            "BaristaCalibration", "Save the calibration") if last else translate(
            "BaristaCalibration",
            "Next: the {chart}").format(chart=chart_name(self.plan[self.index + 1])))
        self.discard_button.setText(translate("BaristaCalibration", "Stop without saving"))
        self.save_problem.setVisible(self.save_error is not None)
        self.save_problem.setText(error_words(self.save_error) if self.save_error else "")
        error = self.error
        self.problem_text.setText(error_words(error) if error is not None else "")
        code = error.code if isinstance(error, CalibrationError) else ""
        self.problem_code.setText(translate(
            "BaristaCalibration", "Code: {code}").format(code=code) if code else "")
        self.retry_button.setText(translate("BaristaCalibration", "Try again on a fresh cup"))
        self.done_text.setText(translate(
            "BaristaCalibration",
            "Saved. Every print uses the new calibration from the next cup on.") + "\n\n"
            + status_words(self.calibration.status()))
        self.done_button.setText(translate("BaristaCalibration", "Done"))


__all__ = ["CalibrationWizard"]
