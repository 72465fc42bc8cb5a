"""The simulated printer's hardware: head motion, powder reservoirs and the cup sensor.

The firmware drives it through the ``MachineLike`` methods (``start``, ``advance``, …);
tests and the demo poke it through the controls (``remove_cup``, ``refill``, ``jam``, …).
Rows are atomic: a row is either printed whole or not at all, so an interrupted row is never
half on the foam. The machine keeps a :class:`PrintRecord` per print with exactly which rows
were printed how many times and the dots that landed, so a test can check that the foam got
the mask exactly once.

All times are simulated seconds. Thread-safe: every method takes the machine's lock.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from printer_driver.powders import CINNAMON, COCOA
from printer_driver.sim.faults import FaultPlan
from printer_driver.sim.motion import MotionConfig
from printer_driver.sim.physics import POWDER_NAMES, PhysicsTruth

FAULT_NAMES = ("cocoa_empty", "cinnamon_empty", "cup_removed", "jam")
_CODES = {"cinnamon": CINNAMON, "cocoa": COCOA}


@dataclass
class PrintRecord:
    """One print, as it happened on the machine.

    Attributes:
        index: 1 for the machine's first print, then 2, 3, …
        job_id: the firmware's job id if it told the machine, else None.
        started_at, ended_at: simulated seconds (ended_at None while printing).
        result: ``"printing"``, ``"paused"``, ``"done"``, ``"fault"`` or ``"aborted"``.
        faults: fault names seen during the print, in order.
        wanted: ``(n, n)`` uint8, the dots the print was started with.
        printed: ``(n, n)`` uint8, the dots that actually landed.
        row_prints: ``(n,)`` int, how many times each row was printed (never above 1).
        grams: powder used, grams per powder name.
        diameter_mm: the print circle the job declared (None: not told; the record then
            takes the largest circle the grid holds).
    """

    index: int
    job_id: str | None
    started_at: float
    wanted: np.ndarray
    printed: np.ndarray
    row_prints: np.ndarray
    ended_at: float | None = None
    result: str = "printing"
    faults: list[str] = field(default_factory=list)
    grams: dict[str, float] = field(default_factory=lambda: dict.fromkeys(POWDER_NAMES, 0.0))
    diameter_mm: float | None = None

    @property
    def rows_done(self) -> int:
        """Rows printed so far."""
        return int(np.count_nonzero(self.row_prints))

    @property
    def rows_total(self) -> int:
        """Rows in the job."""
        return int(self.wanted.shape[0])


class Machine:
    """Head, reservoirs and cup sensor of one simulated printer.

    Args:
        truth: the physics (doses, reservoir sizes, low-powder level).
        motion: the head's mechanics (row times).
        on_print_end: called with the record when a print ends (done, fault or aborted),
            from the thread that drove the machine.
    """

    def __init__(
        self, truth: PhysicsTruth | None = None, motion: MotionConfig | None = None, *,
        on_print_end: Callable[[PrintRecord], None] | None = None,
    ) -> None:
        self.truth = truth or PhysicsTruth()
        self.motion = motion or MotionConfig()
        self.on_print_end = on_print_end
        self._lock = threading.RLock()
        self._grams = dict(self.truth.reservoir_g)
        self._cup = True
        self._jammed = False
        self._plan_cup: list[float] = []
        self._plan_jam: list[float] = []
        self._plan_empty: list[tuple[str, float]] = []
        self.records: list[PrintRecord] = []
        self._job: PrintRecord | None = None
        self._row_times = np.zeros(0)
        self._next_row = 0
        self._row_clock = 0.0  # when the next row starts
        self._state = "idle"  # idle | printing | paused | fault

    # --- what the firmware sees ---------------------------------------------------------

    @property
    def powder_low_grams(self) -> float:
        """Below this many grams a reservoir counts as low."""
        return self.truth.powder_low_g

    def cup_present(self) -> bool:
        """The cup sensor."""
        with self._lock:
            return self._cup

    def powder_grams(self) -> dict[str, float]:
        """Powder left in each reservoir, grams, keyed by powder name."""
        with self._lock:
            return dict(self._grams)

    def jammed(self) -> bool:
        """True while the head is jammed (until :meth:`clear_jam`)."""
        with self._lock:
            return self._jammed

    def busy(self) -> bool:
        """True while a print is under way or paused (not after it ended or faulted)."""
        with self._lock:
            return self._state in ("printing", "paused")

    @property
    def state(self) -> str:
        """``"idle"``, ``"printing"``, ``"paused"`` or ``"fault"`` (stopped by a fault)."""
        with self._lock:
            return self._state

    def estimate_seconds(self, dots: np.ndarray) -> float:
        """Simulated seconds a print of ``dots`` takes from start to last row."""
        return self.motion.print_seconds(dots)

    def start(self, dots: np.ndarray, now: float, *, job_id: str | None = None,
              diameter_mm: float | None = None) -> None:
        """Start printing ``(n, n)`` uint8 dots on the cup now under the head.

        ``diameter_mm`` is the job's print circle, kept in the record. Any print still
        running is aborted first.
        """
        dots = np.array(dots, dtype=np.uint8, copy=True)
        if dots.ndim != 2 or dots.shape[0] != dots.shape[1]:
            raise ValueError(f"dots must be a square grid, not {dots.shape}")
        with self._lock:
            if self._state in ("printing", "paused", "fault"):
                self._end("aborted", now)
            n = dots.shape[0]
            self._job = PrintRecord(
                index=len(self.records) + 1, job_id=job_id, started_at=now, wanted=dots,
                printed=np.zeros_like(dots), row_prints=np.zeros(n, np.int32),
                diameter_mm=diameter_mm,
            )
            self.records.append(self._job)
            self._row_times = self.motion.row_seconds(dots)
            self._next_row = 0
            self._row_clock = now + self.motion.start_s
            self._state = "printing"

    def advance(self, now: float) -> tuple[int, str | None]:
        """Print every row due by ``now``; returns (rows done in this job, fault or None).

        The fault is returned while the machine is stopped by it (until resume, abort or
        a new start), so a caller polling late still sees it. After a print ended, the rows
        it printed are reported until the next start.
        """
        with self._lock:
            job = self._job
            if job is None:
                return (self.records[-1].rows_done if self.records else 0), None
            while self._state == "printing" and self._next_row < job.rows_total:
                r = self._next_row
                if self._row_clock > now:
                    break
                fault = self._check_row(r)
                if fault is not None:
                    job.faults.append(fault)
                    self._state = "fault"
                    job.result = "fault"
                    job.ended_at = self._row_clock
                    self._notify(job)
                    break
                end = self._row_clock + self._row_times[r]
                if end > now:
                    break
                self._print_row(job, r)
                self._next_row += 1
                self._row_clock = end
            if self._state == "printing" and self._next_row >= job.rows_total:
                self._state = "idle"
                job.result = "done"
                job.ended_at = self._row_clock
                self._job = None
                self._notify(job)
                return job.rows_total, None
            fault = job.faults[-1] if self._state == "fault" else None
            return job.rows_done, fault

    def abort(self, now: float) -> None:
        """Stop the print now; the row under the head is not finished."""
        with self._lock:
            if self._job is not None:
                self._end("aborted", now)

    def pause(self, now: float) -> None:
        """Stop after the rows due by ``now``; the row under the head restarts on resume."""
        with self._lock:
            self.advance(now)
            if self._state == "printing":
                self._state = "paused"
                if self._job is not None:
                    self._job.result = "paused"

    def resume(self, now: float) -> None:
        """Continue a paused print, or one stopped by a fault once it is cleared.

        If the fault's cause is still there (no cup, no powder, jam), the next
        :meth:`advance` reports it again.
        """
        with self._lock:
            if self._job is None or self._state not in ("paused", "fault"):
                return
            if self._state == "fault" and self._job.ended_at is not None:
                self._job.ended_at = None
            self._state = "printing"
            self._job.result = "printing"
            self._row_clock = max(now, self._row_clock)

    # --- controls (tests, demo, the sim command) ---------------------------------------

    def place_cup(self) -> None:
        """Put a cup under the head."""
        with self._lock:
            self._cup = True

    def remove_cup(self) -> None:
        """Lift the cup away."""
        with self._lock:
            self._cup = False

    def refill(self, powder: str, grams: float | None = None) -> None:
        """Add ``grams`` of ``powder`` (None: fill to the reservoir's capacity)."""
        if powder not in POWDER_NAMES:
            raise ValueError(f"unknown powder '{powder}'; use one of {POWDER_NAMES}")
        with self._lock:
            cap = self.truth.reservoir_g[powder]
            self._grams[powder] = cap if grams is None else max(0.0, self._grams[powder] + grams)

    def set_powder(self, powder: str, grams: float) -> None:
        """Set a reservoir's level outright (grams)."""
        if powder not in POWDER_NAMES:
            raise ValueError(f"unknown powder '{powder}'; use one of {POWDER_NAMES}")
        with self._lock:
            self._grams[powder] = max(0.0, float(grams))

    def jam(self) -> None:
        """Jam the head: the next row cannot print until :meth:`clear_jam`."""
        with self._lock:
            self._jammed = True

    def clear_jam(self) -> None:
        """A technician freed the head."""
        with self._lock:
            self._jammed = False

    def set_faults(self, plan: FaultPlan) -> None:
        """Schedule the plan's machine-level faults (fractions of the next print)."""
        with self._lock:
            self._plan_cup = list(plan.cup_removed)
            self._plan_jam = list(plan.jam)
            self._plan_empty = list(plan.powder_empty)

    @property
    def current(self) -> PrintRecord | None:
        """The print under way, paused or stopped by a fault; None when idle."""
        with self._lock:
            return self._job

    # --- inside -------------------------------------------------------------------------

    def _check_row(self, r: int) -> str | None:
        assert self._job is not None
        n = self._job.rows_total
        # Scheduled faults fire at the first row at or past their fraction of the print.
        for frac in list(self._plan_cup):
            if r >= frac * n:
                self._plan_cup.remove(frac)
                self._cup = False
        for frac in list(self._plan_jam):
            if r >= frac * n:
                self._plan_jam.remove(frac)
                self._jammed = True
        for powder, frac in list(self._plan_empty):
            if r >= frac * n:
                self._plan_empty.remove((powder, frac))
                self._grams[powder] = 0.0
        if not self._cup:
            return "cup_removed"
        if self._jammed:
            return "jam"
        row = self._job.wanted[r]
        for powder in POWDER_NAMES:
            need = np.count_nonzero(row == _CODES[powder]) * self.truth.mg_per_dot[powder]
            if need > 0 and self._grams[powder] * 1000.0 < need - 1e-9:
                return f"{powder}_empty"
        return None

    def _print_row(self, job: PrintRecord, r: int) -> None:
        row = job.wanted[r]
        for powder in POWDER_NAMES:
            grams = np.count_nonzero(row == _CODES[powder]) * self.truth.mg_per_dot[powder] / 1e3
            self._grams[powder] = max(0.0, self._grams[powder] - grams)
            job.grams[powder] += grams
        job.printed[r] = row
        job.row_prints[r] += 1

    def _end(self, result: str, now: float) -> None:
        job = self._job
        assert job is not None
        if job.result != "fault":
            job.result = result
        if job.ended_at is None:
            job.ended_at = now
        was_fault = self._state == "fault"
        self._job = None
        self._state = "idle"
        if not was_fault:  # a faulted print was reported when it stopped
            self._notify(job)

    def _notify(self, job: PrintRecord) -> None:
        if self.on_print_end is not None:
            self.on_print_end(job)
