"""What ``photolatte sim --out DIR`` leaves for each print that ended.

Per print, named ``print-NNNN`` by the machine's print counter (a print stopped by a fault
and later resumed rewrites its files):

- ``print-NNNN-mask.png``: the exact dots that landed, as a Photo Latte mask PNG
  (``printer_driver.mask.Mask.load_png`` reads it back);
- ``print-NNNN-cup.png``: the cup as it really came out under the printer's physics;
- ``print-NNNN-photo.png``: that cup as the simulator's camera saw it (a random pose per
  print, :mod:`printer_driver.sim.camera`): what calibration measures;
- ``print-NNNN.json``: job id, start and end (simulated seconds, and UTC as it happened),
  result, rows printed, faults seen, powder used.

Files are written by a writer thread so the printer's timing never waits on the disk;
:meth:`OutputWriter.close` drains and joins it.
"""

from __future__ import annotations

import json
import logging
import queue
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from printer_driver.mask import Mask, MaskError
from printer_driver.powders import PowderSet
from printer_driver.sim.camera import SimCamera
from printer_driver.sim.machine import PrintRecord
from printer_driver.sim.physics import PhysicsTruth, render_printed_cup

log = logging.getLogger(__name__)

CUP_PICTURE_PX = 768


def printed_mask(dots: np.ndarray, pitch_mm: float, diameter_mm: float | None = None) -> Mask:
    """The printed dots as a :class:`Mask` of the printer's geometry.

    ``diameter_mm`` defaults to the largest circle the grid holds at ``pitch_mm``.
    """
    n = int(dots.shape[0])
    codes = set(np.unique(dots).tolist())
    powders = (
        PowderSet.BOTH if {1, 2} <= codes
        else PowderSet.CINNAMON if 1 in codes
        else PowderSet.COCOA if 2 in codes
        else PowderSet.BOTH
    )
    diameters = [d for d in (diameter_mm, 76.0 if n == 254 else None, n * pitch_mm) if d]
    last: Exception | None = None
    for diameter in diameters:
        try:
            return Mask(dots, pitch_mm=pitch_mm, diameter_mm=diameter, powders=powders)
        except MaskError as exc:
            last = exc
    raise MaskError(f"printed dots do not fit a {n}-dot grid at {pitch_mm} mm: {last}")


def write_print(
    out_dir: Path, record: PrintRecord, summary: dict[str, Any], truth: PhysicsTruth,
    *, pitch_mm: float, seed: int = 0,
) -> Path:
    """Write the four files for one print; returns the JSON record's path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = out_dir / f"print-{record.index:04d}"
    printed = np.array(record.printed, np.uint8, copy=True)
    try:
        printed_mask(printed, pitch_mm, record.diameter_mm).save_png(f"{stem}-mask.png")
        mask_file: str | None = f"{stem.name}-mask.png"
    except MaskError as exc:  # record what happened even if the dots are odd
        log.warning("print %d: mask not saved: %s", record.index, exc)
        mask_file = None
    picture = render_printed_cup(
        printed, truth, pitch_mm=pitch_mm, size_px=CUP_PICTURE_PX, seed=seed + record.index
    )
    Image.fromarray(picture.rgb).save(f"{stem}-cup.png", optimize=False)
    shot = SimCamera(seed).shoot(picture, shot=record.index)
    Image.fromarray(shot.rgb).save(f"{stem}-photo.png", optimize=False)
    doc = {
        "print": record.index,
        "job_id": record.job_id,
        "result": record.result,
        "started_at_s": round(record.started_at, 4),
        "ended_at_s": None if record.ended_at is None else round(record.ended_at, 4),
        "started_utc": _utc(summary.get("started_unix")),
        "ended_utc": _utc(summary.get("ended_unix")) if record.ended_at is not None else None,
        "rows_total": record.rows_total,
        "diameter_mm": record.diameter_mm,
        "rows_printed": record.rows_done,
        "rows_printed_twice": int(np.count_nonzero(record.row_prints > 1)),
        "dots_printed": {
            "cinnamon": int(np.count_nonzero(printed == 1)),
            "cocoa": int(np.count_nonzero(printed == 2)),
        },
        "matches_job": bool(np.array_equal(printed, record.wanted)),
        "grams_used": {k: round(v, 4) for k, v in record.grams.items()},
        "faults": list(record.faults),
        "link_events": summary.get("link_events", []),
        "bytes_damaged": summary.get("bytes_damaged", 0),
        "printer": summary.get("printer"),
        "files": {"mask": mask_file, "cup": f"{stem.name}-cup.png",
                  "photo": f"{stem.name}-photo.png"},
        "cup_px_per_mm": round(picture.px_per_mm, 6),
    }
    path = Path(f"{stem}.json")
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(doc, indent=2, sort_keys=True), encoding="utf-8")
    tmp.replace(path)  # readers never see half a record
    return path


def _utc(unix: float | None) -> str | None:
    if unix is None:
        return None
    return datetime.fromtimestamp(unix, UTC).isoformat(timespec="milliseconds")


class OutputWriter:
    """Writes each ended print to ``out_dir`` from a background thread.

    Attributes:
        written: JSON paths written so far, in order.
    """

    def __init__(self, out_dir: Path, settings: Any) -> None:
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self._truth = settings.truth
        self._pitch = settings.motion.pitch_mm
        self._seed = int(settings.seed)
        self._queue: queue.Queue[tuple[PrintRecord, dict] | None] = queue.Queue()
        self.written: list[Path] = []
        self._done = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="sim-output", daemon=True)
        self._thread.start()

    def submit(self, record: PrintRecord, summary: dict[str, Any]) -> None:
        """Queue a print to be written (a snapshot is taken now)."""
        snap = PrintRecord(
            index=record.index, job_id=record.job_id, started_at=record.started_at,
            wanted=record.wanted, printed=record.printed.copy(),
            row_prints=record.row_prints.copy(), ended_at=record.ended_at,
            result=record.result, faults=list(record.faults), grams=dict(record.grams),
            diameter_mm=record.diameter_mm,
        )
        self._queue.put((snap, dict(summary)))

    def wait_for(self, count: int, timeout: float) -> bool:
        """Wait until ``count`` records are written; True if they were."""
        deadline = time.monotonic() + timeout
        with self._done:
            while len(self.written) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._done.wait(remaining)
            return True

    def close(self) -> None:
        """Write what is queued, then stop and join the thread."""
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            record, summary = item
            try:
                path = write_print(
                    self.out_dir, record, summary, self._truth, pitch_mm=self._pitch,
                    seed=self._seed,
                )
            except Exception:  # a full disk must not kill the printer
                log.exception("could not write print %d to %s", record.index, self.out_dir)
                continue
            with self._done:
                self.written.append(path)
                self._done.notify_all()
