"""What the order store keeps about the service's prints, written in one place.

- :meth:`PrintRecords.begin`: the barista's tap moves the order to PRINTING and opens a
  print-job row *before* a byte goes to the printer.
- :meth:`PrintRecords.uploaded`: the printer's real job id, 8 hex digits, once verified.
- :meth:`PrintRecords.finish`: the outcome (PRINTED / FAILED / INTERRUPTED) with the
  failure's code and parameters, never words.

A write the store refuses (a full or read-only disk) is kept and tried again by
:meth:`retry` (the service calls it every second) and reported to ``on_problem``: a print's
outcome is never lost while the kiosk runs, and a kiosk killed meanwhile reopens the order
as interrupted. Without a store (``photolatte print``) every call does nothing.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.orders.errors import StoreError, StoreErrorCode

if TYPE_CHECKING:
    from kiosk.orders.store import OrderStore
    from kiosk.printing.outcome import PrintEnd
    from printer_driver.mask import Mask

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Unsaved:
    print_id: int
    end: PrintEnd | None  # None: only the job id is waiting
    job_id: str | None


class PrintRecords:
    """The store's side of printing; thread-safe (the store is, and so is the backlog)."""

    def __init__(self, store: OrderStore | None,
                 on_problem: Callable[[StoreError], None]) -> None:
        self._store = store
        self._on_problem = on_problem
        self._lock = threading.Lock()
        self._backlog: list[_Unsaved] = []
        self._finished: set[int] = set()

    def begin(self, order_id: int, *, boot_id: str | None) -> tuple[int, Mask | None]:
        """Order -> PRINTING and a print-job row; returns the row's id and the order's mask
        (None when its picture is gone).

        Raises:
            StoreError: the store refused (the caller says so in words).
            TransitionError: the order cannot print now (already printing, served …).
        """
        if self._store is None:
            raise ValueError("printing an order needs the order store")
        mask = self._store.get_mask(order_id)
        _order, job = self._store.begin_print(order_id, printer_boot_id=boot_id)
        return job.id, mask

    def mask_of(self, order_id: int) -> Mask | None:
        """The order's stored mask (None: no store, or its images are gone).

        Raises:
            StoreError: the store could not be read."""
        return None if self._store is None else self._store.get_mask(order_id)

    def uploaded(self, print_id: int | None, job_id: str) -> None:
        """Record the printer's job id for the row ``print_id`` (None: no order)."""
        if self._store is None or print_id is None:
            return
        try:
            self._store.update_print_job(print_id, job_id=job_id)
        except StoreError as exc:
            log.error("could not record job id %s for print %s: %s", job_id, print_id, exc)
            self._keep(_Unsaved(print_id, None, job_id), exc)

    def finish(self, print_id: int | None, end: PrintEnd) -> None:
        """Close the row ``print_id`` with ``end`` (once: a second call does nothing)."""
        if self._store is None or print_id is None:
            return
        with self._lock:
            if print_id in self._finished:
                return
            self._finished.add(print_id)
        self._write(_Unsaved(print_id, end, end.job_id))

    def retry(self) -> None:
        """Try the writes the store refused earlier, oldest first."""
        with self._lock:
            backlog, self._backlog = self._backlog, []
        for item in backlog:
            self._write(item)

    @property
    def unsaved(self) -> int:
        """Writes waiting for the store."""
        with self._lock:
            return len(self._backlog)

    def _write(self, item: _Unsaved) -> None:
        store = self._store
        assert store is not None
        try:
            if item.job_id is not None:
                store.update_print_job(item.print_id, job_id=item.job_id)
            if item.end is not None:
                failure = item.end.failure
                store.finish_print(
                    item.print_id, item.end.outcome.store_result,
                    error_code=None if failure is None else failure.code,
                    error_params=None if failure is None else failure.params)
        except StoreError as exc:
            if exc.code is StoreErrorCode.PRINT_JOB_FINISHED:
                return  # closed meanwhile (a reprint superseded it): nothing to keep
            log.error("could not record the end of print %s: %s", item.print_id, exc)
            self._keep(item, exc)

    def _keep(self, item: _Unsaved, exc: StoreError) -> None:
        with self._lock:
            self._backlog.append(item)
        self._on_problem(exc)


__all__ = ["PrintRecords"]
