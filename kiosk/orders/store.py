"""The order store: orders, their cup images, print jobs and the consent log in one SQLite file.

:class:`OrderStore` is the one door the kiosk and the tools use; the work is done by one
module per concern:

- :mod:`kiosk.orders.database`: the connection, durability (WAL, ``synchronous=FULL``),
  migrations, the WAL truncation after deletions, errors turned into codes;
- :mod:`kiosk.orders.ownership`: one kiosk per data folder (the owner lock) and the disk
  reserve that lets a deletion work on a full disk;
- :mod:`kiosk.orders.order_table`: orders, the queue, state transitions, crash recovery;
- :mod:`kiosk.orders.print_jobs`: print attempts and their outcome codes;
- :mod:`kiosk.orders.images`: the mask and preview, and their deletion (privacy);
- :mod:`kiosk.orders.consent`: the consent log.

Every error is a :class:`StoreError` with a code and parameters
(:mod:`kiosk.orders.errors`); no ``sqlite3`` or ``OSError`` exception leaves the store.
Every method may be called from any thread; each is one short transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

from kiosk.orders import consent, counter_table, images, order_table, print_jobs
from kiosk.orders.database import Database
from kiosk.orders.errors import OrderNotFoundError, StoreError, StoreErrorCode, StoreInUseError
from kiosk.orders.model import PHOTO_DESIGN, Order, OrderState
from kiosk.orders.outcome import ErrorParams
from kiosk.orders.ownership import RESERVE_BYTES
from kiosk.orders.schema import (
    DEFAULT_RETENTION_MINUTES,
    MIGRATIONS,
    PREVIEW_PX,
    SCHEMA_VERSION,
    Clock,
    ConsentRecord,
    PrintJob,
    PrintResult,
    encode_preview,
    utc_now,
)
from printer_driver.mask import Mask

__all__ = [
    "DEFAULT_RETENTION_MINUTES",
    "MIGRATIONS",
    "PREVIEW_PX",
    "SCHEMA_VERSION",
    "ConsentRecord",
    "OrderNotFoundError",
    "OrderStore",
    "PrintJob",
    "PrintResult",
    "StoreError",
    "StoreErrorCode",
    "StoreInUseError",
    "encode_preview",
]


class OrderStore:
    """Orders, cup images, print jobs and the consent log in one SQLite file.

    Open with ``OrderStore(path)`` (creates or migrates the file, then recovers orders left
    PRINTING) and close with :meth:`close` or a ``with`` block.

    Args:
        path: the database file (``KioskConfig.db_path``); its folder is created 0700.
        retention_minutes: images are deleted this long after the order at the latest.
        clock: returns the current timezone-aware time (tests pass a fake).
        require_owner: the kiosk itself opens with True: refuse unless this process owns
            the file (``in_use``: another live kiosk has it; ``lock_unavailable``: the lock
            cannot be taken, so nobody can tell). Tools and tests open with False and work
            beside a running kiosk, as non-owners.
        reserve_bytes: disk space the owner keeps back for deletions on a full disk.

    Raises:
        StoreError: coded (``in_use``, ``lock_unavailable``, ``corrupt``, ``newer_schema``,
            ``read_only``, ``disk_full`` …); each front end has its words for the code.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        retention_minutes: float = DEFAULT_RETENTION_MINUTES,
        clock: Clock = utc_now,
        require_owner: bool = False,
        reserve_bytes: int = RESERVE_BYTES,
    ) -> None:
        self.path = Path(path)
        self.retention = timedelta(minutes=retention_minutes)
        self._db = Database(self.path, clock=clock, require_owner=require_owner,
                            reserve_bytes=reserve_bytes)
        self.owner = self._db.owner
        try:
            # Ids of orders that were PRINTING when the kiosk stopped, now INTERRUPTED.
            self.recovered: tuple[int, ...] = (
                order_table.recover(self._db) if self.owner else ())
        except BaseException:
            self._db.close()
            raise

    # --- lifecycle ----------------------------------------------------------------------

    def close(self) -> None:
        """Checkpoint the WAL and close the file. Safe to call twice."""
        self._db.close()

    def __enter__(self) -> OrderStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def now(self) -> datetime:
        """The store's clock: the current timezone-aware time."""
        return self._db.now()

    def schema_version(self) -> int:
        """The applied schema version."""
        return int(self._db.query("SELECT MAX(version) FROM schema_migrations")[0][0])

    def integrity_check(self) -> str:
        """SQLite's full integrity check: ``"ok"`` or what is damaged (slow on big files)."""
        return str(self._db.query("PRAGMA integrity_check")[0][0])

    # --- orders -------------------------------------------------------------------------

    def create_order(
        self,
        *,
        drink_id: str,
        mask: Mask,
        preview: np.ndarray | bytes | None,
        design: str = PHOTO_DESIGN,
        darkness: float = 0.0,
        lang: str = "ko",
        price_won: int | None = None,
        payment: str = "counter",
    ) -> Order:
        """Store a new QUEUED, unpaid order with its mask and preview; returns once committed.

        The ticket number is the next one for the local day (1, 2, ...). The powder set is
        the mask's.

        Args:
            drink_id: the drink's menu id.
            mask: the dots to print.
            preview: the cup picture, ``(S, S, 3)`` RGB ``uint8`` or PNG bytes; stored
                downscaled to :data:`PREVIEW_PX`. None stores no preview.
            design: ``"photo"`` or a built-in design name.
            darkness: the customer's lighter/darker setting, -1 .. +1.
            lang: the customer's language.
            price_won: the price the customer was shown, in won (kept: the menu may change).
            payment: how it is paid (:mod:`kiosk.counter.payment`; ``"counter"``).

        Raises:
            StoreError: ``disk_full`` and the like: the order was not stored.
        """
        if not -1.0 <= float(darkness) <= 1.0:
            raise ValueError(f"darkness must be between -1 and 1, got {darkness}")
        if not drink_id or not design:
            raise ValueError("drink_id and design must be non-empty")
        if price_won is not None and price_won < 0:
            raise ValueError(f"price_won must be 0 or more, got {price_won}")
        order = order_table.create(
            self._db, drink_id=drink_id, mask_png=mask.to_png_bytes(),
            preview_png=None if preview is None else encode_preview(preview),
            design=design, powders=mask.powders, darkness=darkness, lang=lang,
            price_won=price_won, payment=payment)
        # Fold the images into the main file now rather than at SQLite's 4 MB auto-
        # checkpoint: on a nearly full disk the WAL would otherwise hold a second copy of
        # every order, and a later deletion would have to find room to checkpoint it.
        self._db.truncate_wal()
        return order

    def get(self, order_id: int) -> Order:
        """The order with that id. Raises :class:`OrderNotFoundError`."""
        return order_table.get(self._db, order_id)

    def list_queue(self) -> list[Order]:
        """Orders not yet served or cancelled, oldest first (the barista's queue)."""
        return order_table.list_queue(self._db)

    def list_orders(
        self, *, states: Iterable[OrderState] | None = None, since: datetime | None = None,
        limit: int = 1000,
    ) -> list[Order]:
        """Orders (any state unless ``states``), created at or after ``since``, oldest first."""
        return order_table.list_orders(self._db, states=states, since=since, limit=limit)

    def queue_position(self, order_id: int) -> int:
        """How many queued or printing orders are ahead of this one (0 = next)."""
        return order_table.queue_position(self._db, order_id)

    def transition(
        self, order_id: int, new_state: OrderState, *, error_code: str | None = None,
        error_params: ErrorParams | None = None,
    ) -> Order:
        """Move an order to ``new_state`` if the table allows it; returns the new snapshot.

        Entering PRINTING counts a print attempt. ``error_code`` (and its ``error_params``)
        is kept as the order's last error; entering PRINTING or PRINTED clears it. Entering
        SERVED or CANCELLED deletes the order's mask and preview, on a full disk too.

        Raises:
            TransitionError: the move is not in :data:`kiosk.orders.model.TRANSITIONS`.
            OrderNotFoundError: no such order.
            StoreError: coded, e.g. ``disk_full``; nothing changed.
        """
        return order_table.transition(self._db, order_id, new_state, error_code=error_code,
                                      error_params=error_params)

    # --- the counter: payment and the ready call --------------------------------------

    def set_paid(self, order_id: int, paid: bool = True) -> Order:
        """Record the order as paid now (or, ``paid=False``, unpaid again): the barista's
        toggle. Raises :class:`TransitionError` for a cancelled order."""
        return counter_table.set_paid(self._db, order_id, paid)

    def mark_ready(self, order_id: int) -> Order:
        """Call a PRINTED cup ready now (again: the call time moves). Raises
        :class:`TransitionError` if the order is not printed."""
        return counter_table.mark_ready(self._db, order_id)

    def list_ready(self, since: datetime, limit: int = 50) -> list[Order]:
        """PRINTED orders called ready at or after ``since``, the latest call first."""
        return counter_table.list_ready(self._db, since, limit)

    # --- images -------------------------------------------------------------------------

    def get_mask(self, order_id: int) -> Mask | None:
        """The order's mask, or None once purged. Raises :class:`OrderNotFoundError`."""
        return images.get_mask(self._db, order_id)

    def get_preview_png(self, order_id: int) -> bytes | None:
        """The order's cup preview as PNG bytes (≤ 256 px), or None once purged."""
        return images.get_preview_png(self._db, order_id)

    def get_preview(self, order_id: int) -> np.ndarray | None:
        """The cup preview as ``(S, S, 3)`` RGB ``uint8``, or None once purged."""
        return images.get_preview(self._db, order_id)

    def purge(self, now: datetime | None = None) -> int:
        """Delete images of served/cancelled orders and of orders older than the retention.

        An order that is printing right now keeps its images until the print ends.
        Returns how many orders lost their images.
        """
        return images.purge(self._db, now or self._db.now(), self.retention)

    # --- print jobs ---------------------------------------------------------------------

    def begin_print(
        self, order_id: int, *, job_id: str | None = None, printer_boot_id: str | None = None
    ) -> tuple[Order, PrintJob]:
        """The barista tapped Print/Reprint: order -> PRINTING and a job row, atomically.

        ``job_id``: the printer's job id if already known, 8 lowercase hex digits.

        Raises:
            TransitionError: the order cannot print now (e.g. already printing or served).
            ValueError: ``job_id`` is not 8 lowercase hex digits.
        """
        return print_jobs.begin(self._db, order_id, job_id=job_id,
                                printer_boot_id=printer_boot_id)

    def update_print_job(
        self, print_id: int, *, job_id: str | None = None, printer_boot_id: str | None = None
    ) -> PrintJob:
        """Record the printer's job id (8 lowercase hex digits) and boot id once known."""
        return print_jobs.update(self._db, print_id, job_id=job_id,
                                 printer_boot_id=printer_boot_id)

    def finish_print(
        self, print_id: int, result: PrintResult, *, error_code: str | None = None,
        error_params: ErrorParams | None = None,
    ) -> Order:
        """Close a print job and move its order to PRINTED, FAILED or INTERRUPTED.

        Args:
            print_id: :attr:`PrintJob.id` from :meth:`begin_print`.
            result: how it ended.
            error_code: why it failed or stopped (``powder_empty``, ``link_lost`` …), a
                snake_case code each front end has words for; None when it printed.
            error_params: the code's parameters, JSON scalars (``{"powder": "cocoa"}``).

        If the order is no longer printing (cancelled meanwhile) or a later attempt has
        started, only the job row is closed.
        """
        return print_jobs.finish(self._db, print_id, result, error_code=error_code,
                                 error_params=error_params)

    def print_jobs(self, order_id: int) -> list[PrintJob]:
        """All print attempts of an order, oldest first."""
        return print_jobs.of_order(self._db, order_id)

    def recent_print_jobs(
        self, limit: int = 20, *, result: PrintResult | None = PrintResult.PRINTED
    ) -> list[PrintJob]:
        """The latest finished print jobs of any order, newest first (the wait estimate
        learns from them). ``result`` None: whatever their result."""
        return print_jobs.recent(self._db, limit, result)

    def running_print_jobs(self) -> list[PrintJob]:
        """Print jobs not finished yet (at most one while the kiosk runs), oldest first."""
        return print_jobs.running(self._db)

    # --- consent ------------------------------------------------------------------------

    def record_consent(self, text_version: str, lang: str, accepted: bool) -> ConsentRecord:
        """Log a consent answer (no image, no name, no order link); returns once committed."""
        return consent.record(self._db, text_version, lang, accepted)

    def consent_log(self, since: datetime | None = None) -> list[ConsentRecord]:
        """Consent answers, oldest first."""
        return consent.log_since(self._db, since)

