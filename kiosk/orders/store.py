"""The order store: orders, their cup images and print jobs in one SQLite file.

Durability: WAL journal with ``synchronous=FULL``. In WAL mode NORMAL keeps the database
consistent but may lose the last commits on power loss; FULL syncs the WAL on every commit,
so when :meth:`OrderStore.create_order` returns, the order survives a power cut. That is
what lets the UI say "accepted". It costs one fsync per commit, a few milliseconds, at
café rates (an order a minute) nothing.

Privacy: only the dot mask and a small (256 px) cup preview are stored, in a separate
table, and they are deleted when the order is served or cancelled and, at the latest,
``retention_minutes`` after the order (:meth:`OrderStore.purge`). ``secure_delete`` zeroes
the freed pages and a WAL checkpoint truncates the log so no copy is left in either file;
``auto_vacuum=INCREMENTAL`` hands the freed pages back so the file stays small. The files
are created readable by the kiosk's user only.

Crash recovery: on open, an order left PRINTING becomes INTERRUPTED (its open print-job
row is closed as interrupted). It is never reprinted by itself; the barista taps Reprint.

Threads: one connection guarded by a lock; every public method may be called from any
thread (the UI calls it from workers). Each call is one short transaction.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from datetime import datetime, timedelta
from pathlib import Path

import cv2
import numpy as np

from kiosk.orders.model import (
    PHOTO_DESIGN,
    QUEUE_STATES,
    Order,
    OrderState,
    check_transition,
)
from kiosk.orders.schema import (
    DEFAULT_RETENTION_MINUTES,
    INTERRUPTED_MESSAGE,
    MIGRATIONS,
    PREVIEW_PX,
    SCHEMA_VERSION,
    Clock,
    ConsentRecord,
    OrderNotFoundError,
    PrintJob,
    PrintResult,
    StoreError,
    _dt,
    _iso,
    _utc_now,
    encode_preview,
)
from printer_driver.mask import Mask, MaskError
from printer_driver.powders import PowderSet

__all__ = [
    "DEFAULT_RETENTION_MINUTES",
    "INTERRUPTED_MESSAGE",
    "MIGRATIONS",
    "PREVIEW_PX",
    "SCHEMA_VERSION",
    "ConsentRecord",
    "OrderNotFoundError",
    "OrderStore",
    "PrintJob",
    "PrintResult",
    "StoreError",
    "StoreInUseError",
    "encode_preview",
]

log = logging.getLogger(__name__)


def _take_owner_lock(path: Path) -> int | None:
    """Lock ``<db>.lock`` for this process; the fd, or None if another process holds it.

    POSIX record locks (``lockf``) belong to the process and vanish when it dies, even by
    SIGKILL, which is exactly "is the kiosk that owned this queue still alive?". Platforms
    without ``fcntl`` always get the lock.
    """
    try:
        import fcntl
    except ImportError:
        return -1
    try:
        fd = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        return -1  # cannot lock here (read-only folder); SQLite reports the real problem
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


class StoreInUseError(StoreError):
    """Another live process (a running kiosk) owns this order database.

    Raised by ``OrderStore(path, require_owner=True)``: two kiosks on one queue would both
    print the same orders and mark each other's running prints as interrupted.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(
            f"Photo Latte is already running on this computer (data folder {path.parent}). "
            "Close it first, or use another data folder.")


class OrderStore:
    """Orders, cup images, print jobs and the consent log in one SQLite file.

    Open with ``OrderStore(path)`` (creates or migrates the file, then recovers orders left
    PRINTING) and close with :meth:`close` or a ``with`` block.

    Args:
        path: the database file (``KioskConfig.db_path``); its folder is created.
        retention_minutes: images are deleted this long after the order at the latest.
        clock: returns the current timezone-aware time (tests pass a fake).
        require_owner: the kiosk itself opens with True: refuse (:class:`StoreInUseError`)
            if another live process already owns the file. Tools (``photolatte pin``) and
            tests open with False and may work beside a running kiosk, as non-owners.

    Raises:
        StoreInUseError: ``require_owner`` and another process owns the file.
        StoreError: the file is damaged or from a newer version; says what to do.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        retention_minutes: float = DEFAULT_RETENTION_MINUTES,
        clock: Clock = _utc_now,
        require_owner: bool = False,
    ) -> None:
        self.path = Path(path)
        self.retention = timedelta(minutes=retention_minutes)
        self._clock = clock
        self._lock = threading.RLock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"{self.path.parent}: cannot create the data folder ({exc.strerror}); set "
                "data_dir in the config to a folder the kiosk may write to") from exc
        if not self.path.exists():
            # Owner-only: the file holds face-derived masks. SQLite gives the -wal and -shm
            # files the database file's permissions.
            with suppress(OSError):
                os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
        try:
            self._db = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False, timeout=10.0
            )
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open the order database ({exc})") from exc
        self._owner_fd = _take_owner_lock(self.path)
        if require_owner and self._owner_fd is None:
            self._db.close()
            raise StoreInUseError(self.path)
        # True if this process is the kiosk owning the queue (no other live process has it
        # open as owner). Only the owner recovers orders left PRINTING: another process
        # opening the file while the kiosk runs (a tool, a test) must not mark the kiosk's
        # running print as interrupted.
        self.owner = self._owner_fd is not None
        try:
            self._configure()
            self._migrate()
            # Ids of orders that were PRINTING when the kiosk stopped, now INTERRUPTED.
            self.recovered: tuple[int, ...] = self._recover() if self.owner else ()
            if not self.owner:
                log.warning("store: %s is open in another process; not recovering prints",
                            self.path)
        except sqlite3.OperationalError as exc:  # locked, read-only, disk full ...
            self._db.close()
            self._release_owner_lock()
            raise StoreError(
                f"{self.path}: cannot use the order database ({exc}); check that the data "
                "folder is writable and the disk is not full, then start the kiosk again"
            ) from exc
        except sqlite3.DatabaseError as exc:
            self._db.close()
            self._release_owner_lock()
            raise StoreError(
                f"{self.path}: the order database is damaged ({exc}). Move the file aside "
                "(the kiosk then starts with an empty queue) and give it to the technician."
            ) from exc
        except StoreError:
            self._db.close()
            self._release_owner_lock()
            raise

    # --- lifecycle --------------------------------------------------------------------

    def close(self) -> None:
        """Checkpoint the WAL and close the file. Safe to call twice."""
        with self._lock:
            if self._db is None:
                return
            # Closing anyway if this fails; SQLite replays the WAL on the next open.
            with suppress(sqlite3.Error):
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self._db.close()
            self._db = None  # type: ignore[assignment]
            self._release_owner_lock()

    def _release_owner_lock(self) -> None:
        fd, self._owner_fd = self._owner_fd, None
        if fd is not None and fd >= 0:
            os.close(fd)  # closing the descriptor releases the lock

    def __enter__(self) -> OrderStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _configure(self) -> None:
        db = self._db
        # Must come before anything writes the new file (even the WAL switch) to take
        # effect; lets a purge give the freed space back.
        db.execute("PRAGMA auto_vacuum=INCREMENTAL")
        mode = db.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise StoreError(f"{self.path}: cannot use WAL journaling (got {mode})")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("PRAGMA foreign_keys=ON")
        db.execute("PRAGMA secure_delete=ON")
        db.execute("PRAGMA busy_timeout=10000")
        result = db.execute("PRAGMA quick_check").fetchone()[0]
        if result != "ok":
            raise sqlite3.DatabaseError(f"integrity check failed: {result}")

    def _migrate(self) -> None:
        with self._tx() as db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                "version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
                "applied_at TEXT NOT NULL)"
            )
            current = db.execute(
                "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"
            ).fetchone()[0]
            if current > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path}: made by a newer Photo Latte (schema {current}, this one "
                    f"knows {SCHEMA_VERSION}); update the software or use another data folder"
                )
            for version in range(current + 1, SCHEMA_VERSION + 1):
                description, script = MIGRATIONS[version - 1]
                for statement in script.split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(
                    "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                    (version, description, _iso(self._now())),
                )

    def _recover(self) -> tuple[int, ...]:
        now = _iso(self._now())
        with self._tx() as db:
            ids = tuple(
                r[0] for r in db.execute(
                    "SELECT id FROM orders WHERE state = ? ORDER BY id",
                    (OrderState.PRINTING.value,),
                )
            )
            db.execute(
                "UPDATE orders SET state = ?, last_error = ?, updated_at = ? WHERE state = ?",
                (OrderState.INTERRUPTED.value, INTERRUPTED_MESSAGE, now,
                 OrderState.PRINTING.value),
            )
            db.execute(
                "UPDATE print_jobs SET finished_at = ?, result = ?, error = ? "
                "WHERE finished_at IS NULL",
                (now, PrintResult.INTERRUPTED.value, INTERRUPTED_MESSAGE),
            )
        return ids

    # --- plumbing ---------------------------------------------------------------------

    def now(self) -> datetime:
        """The store's clock: the current timezone-aware time."""
        return self._now()

    def _now(self) -> datetime:
        now = self._clock()
        if now.tzinfo is None:
            raise ValueError("the store's clock must return timezone-aware datetimes")
        return now

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One write transaction under the lock; committed (and synced) on exit."""
        with self._lock:
            if self._db is None:
                raise StoreError("the order store is closed")
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _query(self, sql: str, params: tuple = ()) -> list[tuple]:
        with self._lock:
            if self._db is None:
                raise StoreError("the order store is closed")
            return self._db.execute(sql, params).fetchall()

    _ORDER_COLS = (
        "o.id, o.number, o.day, o.drink_id, o.design, o.powders, o.darkness, o.state, "
        "o.created_at, o.updated_at, o.print_attempts, o.last_error, "
        "i.order_id IS NOT NULL, o.lang"
    )
    _ORDER_FROM = "orders o LEFT JOIN order_images i ON i.order_id = o.id"

    @staticmethod
    def _order(row: tuple) -> Order:
        return Order(
            id=row[0], number=row[1], day=row[2], drink_id=row[3], design=row[4],
            powders=PowderSet(row[5]), darkness=row[6], state=OrderState(row[7]),
            created_at=_dt(row[8]), updated_at=_dt(row[9]), print_attempts=row[10],
            last_error=row[11], has_images=bool(row[12]), lang=row[13],
        )

    def _get(self, db: sqlite3.Connection, order_id: int) -> Order:
        row = db.execute(
            f"SELECT {self._ORDER_COLS} FROM {self._ORDER_FROM} WHERE o.id = ?", (order_id,)
        ).fetchone()
        if row is None:
            raise OrderNotFoundError(f"no order with id {order_id}")
        return self._order(row)

    @staticmethod
    def _job(row: tuple) -> PrintJob:
        return PrintJob(
            id=row[0], order_id=row[1], job_id=row[2], printer_boot_id=row[3],
            started_at=_dt(row[4]), finished_at=_dt(row[5]),
            result=None if row[6] is None else PrintResult(row[6]), error=row[7],
        )

    # --- orders -----------------------------------------------------------------------

    def create_order(
        self,
        *,
        drink_id: str,
        mask: Mask,
        preview: np.ndarray | bytes | None,
        design: str = PHOTO_DESIGN,
        darkness: float = 0.0,
        lang: str = "ko",
    ) -> Order:
        """Store a new QUEUED order with its mask and preview; returns once committed.

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
        """
        if not -1.0 <= float(darkness) <= 1.0:
            raise ValueError(f"darkness must be between -1 and 1, got {darkness}")
        if not drink_id or not design:
            raise ValueError("drink_id and design must be non-empty")
        mask_png = mask.to_png_bytes()
        preview_png = None if preview is None else encode_preview(preview)
        now = self._now()
        day = now.astimezone().date().isoformat()  # ticket numbers restart each local day
        with self._tx() as db:
            number = db.execute(
                "SELECT COALESCE(MAX(number), 0) + 1 FROM orders WHERE day = ?", (day,)
            ).fetchone()[0]
            cur = db.execute(
                "INSERT INTO orders (day, number, drink_id, design, powders, darkness, state, "
                "lang, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (day, number, drink_id, design, mask.powders.value, float(darkness),
                 OrderState.QUEUED.value, lang, _iso(now), _iso(now)),
            )
            order_id = cur.lastrowid
            db.execute(
                "INSERT INTO order_images (order_id, mask_png, preview_png) VALUES (?, ?, ?)",
                (order_id, mask_png, preview_png),
            )
            return self._get(db, order_id)

    def get(self, order_id: int) -> Order:
        """The order with that id. Raises :class:`OrderNotFoundError`."""
        with self._lock:
            if self._db is None:
                raise StoreError("the order store is closed")
            return self._get(self._db, order_id)

    def list_queue(self) -> list[Order]:
        """Orders not yet served or cancelled, oldest first (the barista's queue)."""
        marks = ", ".join("?" * len(QUEUE_STATES))
        rows = self._query(
            f"SELECT {self._ORDER_COLS} FROM {self._ORDER_FROM} "
            f"WHERE o.state IN ({marks}) ORDER BY o.id",
            tuple(s.value for s in QUEUE_STATES),
        )
        return [self._order(r) for r in rows]

    def list_orders(
        self, *, states: Iterable[OrderState] | None = None, since: datetime | None = None,
        limit: int = 1000,
    ) -> list[Order]:
        """Orders (any state unless ``states``), created at or after ``since``, oldest first."""
        where, params = ["1"], []
        if states is not None:
            chosen = [OrderState(s).value for s in states]
            where.append(f"o.state IN ({', '.join('?' * len(chosen))})")
            params += chosen
        if since is not None:
            where.append("o.created_at >= ?")
            params.append(_iso(since))
        rows = self._query(
            f"SELECT {self._ORDER_COLS} FROM {self._ORDER_FROM} WHERE {' AND '.join(where)} "
            "ORDER BY o.id LIMIT ?",
            (*params, int(limit)),
        )
        return [self._order(r) for r in rows]

    def queue_position(self, order_id: int) -> int:
        """How many queued or printing orders are ahead of this one (0 = next)."""
        order = self.get(order_id)
        return self._query(
            "SELECT COUNT(*) FROM orders WHERE id < ? AND state IN (?, ?)",
            (order.id, OrderState.QUEUED.value, OrderState.PRINTING.value),
        )[0][0]

    def transition(
        self, order_id: int, new_state: OrderState, error: str | None = None
    ) -> Order:
        """Move an order to ``new_state`` if the table allows it; returns the new snapshot.

        Entering PRINTING counts a print attempt. ``error`` (plain words) is kept as
        ``last_error``; entering PRINTING or PRINTED clears it. Entering SERVED or
        CANCELLED deletes the order's mask and preview.

        Raises:
            TransitionError: the move is not in :data:`kiosk.orders.model.TRANSITIONS`.
            OrderNotFoundError: no such order.
        """
        new_state = OrderState(new_state)
        purged = False
        with self._tx() as db:
            order = self._get(db, order_id)
            check_transition(order.state, new_state)
            self._set_state(db, order, new_state, error)
            if new_state.is_terminal:
                purged = self._delete_images(db, (order_id,)) > 0
            order = self._get(db, order_id)
        if purged:
            self._truncate_wal()
        return order

    def _set_state(
        self, db: sqlite3.Connection, order: Order, new_state: OrderState, error: str | None
    ) -> None:
        if error is None and new_state not in (OrderState.PRINTING, OrderState.PRINTED):
            error = order.last_error
        attempts = order.print_attempts + (new_state is OrderState.PRINTING)
        db.execute(
            "UPDATE orders SET state = ?, last_error = ?, print_attempts = ?, updated_at = ? "
            "WHERE id = ?",
            (new_state.value, error, attempts, _iso(self._now()), order.id),
        )

    # --- images -----------------------------------------------------------------------

    def get_mask(self, order_id: int) -> Mask | None:
        """The order's mask, or None once purged. Raises :class:`OrderNotFoundError`."""
        self.get(order_id)
        rows = self._query("SELECT mask_png FROM order_images WHERE order_id = ?", (order_id,))
        if not rows:
            return None
        try:
            return Mask.from_png_bytes(rows[0][0], name=f"order {order_id} mask")
        except MaskError as exc:
            raise StoreError(f"the stored mask of order {order_id} is damaged: {exc}") from exc

    def get_preview_png(self, order_id: int) -> bytes | None:
        """The order's cup preview as PNG bytes (≤ 256 px), or None once purged."""
        rows = self._query(
            "SELECT preview_png FROM order_images WHERE order_id = ?", (order_id,)
        )
        return rows[0][0] if rows else None

    def get_preview(self, order_id: int) -> np.ndarray | None:
        """The cup preview as ``(S, S, 3)`` RGB ``uint8``, or None once purged."""
        data = self.get_preview_png(order_id)
        if data is None:
            return None
        img = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
        return None if img is None else cv2.cvtColor(img, cv2.COLOR_BGR2RGB)

    def _delete_images(self, db: sqlite3.Connection, order_ids: Iterable[int]) -> int:
        ids = tuple(order_ids)
        if not ids:
            return 0
        cur = db.execute(
            f"DELETE FROM order_images WHERE order_id IN ({', '.join('?' * len(ids))})", ids
        )
        return cur.rowcount

    def _truncate_wal(self) -> None:
        # secure_delete zeroed the freed pages in the WAL; the checkpoint copies the zeros
        # into the main file and truncating the WAL drops the old frames holding the images.
        # incremental_vacuum first returns the freed pages so the file does not only grow.
        with self._lock:
            if self._db is not None:
                self._vacuum_free_pages()
                busy = self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
                if busy:  # another process reading: the next purge or close finishes it
                    log.info("store: WAL checkpoint deferred (database busy)")

    def _vacuum_free_pages(self) -> None:
        # Python's sqlite3 steps a row-less PRAGMA once, and each step of incremental_vacuum
        # frees one page; so step it once per free page, all in one transaction (one fsync).
        with self._tx() as db:
            free = db.execute("PRAGMA freelist_count").fetchone()[0]
            for _ in range(free):
                db.execute("PRAGMA incremental_vacuum")

    def purge(self, now: datetime | None = None) -> int:
        """Delete images of served/cancelled orders and of orders older than the retention.

        An order that is printing right now keeps its images until the print ends.
        Returns how many orders lost their images.
        """
        now = now or self._now()
        cutoff = _iso(now - self.retention)
        with self._tx() as db:
            ids = [
                r[0] for r in db.execute(
                    "SELECT o.id FROM orders o JOIN order_images i ON i.order_id = o.id "
                    "WHERE o.state IN (?, ?) OR (o.created_at < ? AND o.state != ?)",
                    (OrderState.SERVED.value, OrderState.CANCELLED.value, cutoff,
                     OrderState.PRINTING.value),
                )
            ]
            count = self._delete_images(db, ids)
        if count:
            self._truncate_wal()
        return count

    # --- print jobs -------------------------------------------------------------------

    def begin_print(
        self, order_id: int, *, job_id: str | None = None, printer_boot_id: str | None = None
    ) -> tuple[Order, PrintJob]:
        """The barista tapped Print/Reprint: order -> PRINTING and a job row, atomically.

        Raises:
            TransitionError: the order cannot print now (e.g. already printing or served).
        """
        with self._tx() as db:
            order = self._get(db, order_id)
            check_transition(order.state, OrderState.PRINTING)
            self._set_state(db, order, OrderState.PRINTING, None)
            db.execute(  # an earlier attempt still open is over now
                "UPDATE print_jobs SET finished_at = ?, result = ?, error = ? "
                "WHERE order_id = ? AND finished_at IS NULL",
                (_iso(self._now()), PrintResult.INTERRUPTED.value,
                 "superseded by a reprint", order_id),
            )
            cur = db.execute(
                "INSERT INTO print_jobs (order_id, job_id, printer_boot_id, started_at) "
                "VALUES (?, ?, ?, ?)",
                (order_id, job_id, printer_boot_id, _iso(self._now())),
            )
            job = self._job(db.execute(
                "SELECT * FROM print_jobs WHERE id = ?", (cur.lastrowid,)).fetchone())
            return self._get(db, order_id), job

    def update_print_job(
        self, print_id: int, *, job_id: str | None = None, printer_boot_id: str | None = None
    ) -> PrintJob:
        """Record the driver's job id and the printer's boot id once known."""
        with self._tx() as db:
            if job_id is not None:
                db.execute("UPDATE print_jobs SET job_id = ? WHERE id = ?", (job_id, print_id))
            if printer_boot_id is not None:
                db.execute("UPDATE print_jobs SET printer_boot_id = ? WHERE id = ?",
                           (printer_boot_id, print_id))
            row = db.execute("SELECT * FROM print_jobs WHERE id = ?", (print_id,)).fetchone()
            if row is None:
                raise StoreError(f"no print job {print_id}")
            return self._job(row)

    def finish_print(
        self, print_id: int, result: PrintResult, error: str | None = None
    ) -> Order:
        """Close a print job and move its order to PRINTED, FAILED or INTERRUPTED.

        If the order is no longer printing (cancelled meanwhile) or a later attempt has
        started, only the job row is closed.
        """
        result = PrintResult(result)
        with self._tx() as db:
            row = db.execute("SELECT * FROM print_jobs WHERE id = ?", (print_id,)).fetchone()
            if row is None:
                raise StoreError(f"no print job {print_id}")
            job = self._job(row)
            if job.finished_at is not None:
                raise StoreError(f"print job {print_id} already finished ({job.result})")
            db.execute(
                "UPDATE print_jobs SET finished_at = ?, result = ?, error = ? WHERE id = ?",
                (_iso(self._now()), result.value, error, print_id),
            )
            order = self._get(db, job.order_id)
            latest = db.execute(
                "SELECT MAX(id) FROM print_jobs WHERE order_id = ?", (job.order_id,)
            ).fetchone()[0]
            # A stale job (superseded by a reprint) must not decide the new print's outcome.
            if order.state is OrderState.PRINTING and latest == print_id:
                self._set_state(db, order, result.order_state, error)
            return self._get(db, job.order_id)

    def print_jobs(self, order_id: int) -> list[PrintJob]:
        """All print attempts of an order, oldest first."""
        rows = self._query(
            "SELECT * FROM print_jobs WHERE order_id = ? ORDER BY id", (order_id,))
        return [self._job(r) for r in rows]

    def recent_print_jobs(
        self, limit: int = 20, *, result: PrintResult | None = PrintResult.PRINTED
    ) -> list[PrintJob]:
        """The latest finished print jobs of any order, newest first (the wait estimate
        learns from them). ``result`` None: whatever their result."""
        where, params = "finished_at IS NOT NULL", ()
        if result is not None:
            where += " AND result = ?"
            params = (PrintResult(result).value,)
        rows = self._query(
            f"SELECT * FROM print_jobs WHERE {where} ORDER BY finished_at DESC, id DESC "
            "LIMIT ?", (*params, int(limit)))
        return [self._job(r) for r in rows]

    def running_print_jobs(self) -> list[PrintJob]:
        """Print jobs not finished yet (at most one while the kiosk runs), oldest first."""
        rows = self._query("SELECT * FROM print_jobs WHERE finished_at IS NULL ORDER BY id")
        return [self._job(r) for r in rows]

    # --- consent ----------------------------------------------------------------------

    def record_consent(self, text_version: str, lang: str, accepted: bool) -> ConsentRecord:
        """Log a consent answer (no image, no name, no order link); returns once committed."""
        now = self._now()
        with self._tx() as db:
            cur = db.execute(
                "INSERT INTO consent_log (text_version, lang, decided_at, accepted) "
                "VALUES (?, ?, ?, ?)",
                (text_version, lang, _iso(now), int(bool(accepted))),
            )
            return ConsentRecord(cur.lastrowid, text_version, lang, _dt(_iso(now)),
                                 bool(accepted))

    def consent_log(self, since: datetime | None = None) -> list[ConsentRecord]:
        """Consent answers, oldest first."""
        rows = self._query(
            "SELECT id, text_version, lang, decided_at, accepted FROM consent_log "
            "WHERE decided_at >= ? ORDER BY id",
            (_iso(since) if since else "",),
        )
        return [ConsentRecord(r[0], r[1], r[2], _dt(r[3]), bool(r[4])) for r in rows]

    # --- diagnostics ------------------------------------------------------------------

    def schema_version(self) -> int:
        """The applied schema version."""
        return self._query("SELECT MAX(version) FROM schema_migrations")[0][0]
