"""The order database's connection: opening, ownership, durability, errors, space.

Durability: WAL journal with ``synchronous=FULL``. In WAL mode NORMAL keeps the database
consistent but may lose the last commits on power loss; FULL syncs the WAL on every commit,
so when a write returns, it survives a power cut. That is what lets the UI say "accepted".
It costs one fsync per commit, a few milliseconds, at café rates (an order a minute) nothing.

Deleted images leave no copy: ``secure_delete`` zeroes freed pages, and :meth:`scrub` returns
the free pages (``incremental_vacuum``) and truncates the WAL (``wal_checkpoint(TRUNCATE)``)
after every deletion; the owner truncates it on open too, so frames left by a kill between a
deletion and its checkpoint do not survive the next start.

Errors: every ``sqlite3`` or ``OSError`` exception becomes a coded
:class:`~kiosk.orders.errors.StoreError` here (:meth:`tx`, :meth:`query`).

Threads: one connection guarded by a re-entrant lock; each call is one short transaction.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from kiosk.orders.errors import (
    StoreError,
    StoreErrorCode,
    StoreInUseError,
    from_os_error,
    from_sqlite,
)
from kiosk.orders.ownership import RESERVE_BYTES, SpaceReserve, take_owner_lock
from kiosk.orders.schema import SCHEMA_VERSION, Clock, migrate, to_iso
from kiosk.settings.datadir import (
    PRIVATE_FILE_MODE,
    ensure_private_dir,
    on_read_only_filesystem,
)

log = logging.getLogger(__name__)

T = TypeVar("T")
Row = tuple[Any, ...]


class Database:
    """One SQLite connection to the order database, opened, configured and migrated.

    Args:
        path: the database file; its folder is created private (0700).
        clock: returns the current timezone-aware time.
        require_owner: refuse (``in_use``, ``lock_unavailable``) unless this process owns
            the file; False: open anyway, as owner only if the lock is free.
        reserve_bytes: disk space the owner keeps in reserve for deletions (0: none).

    Raises:
        StoreError: coded; see :class:`~kiosk.orders.errors.StoreErrorCode`.
    """

    def __init__(self, path: Path, *, clock: Clock, require_owner: bool,
                 reserve_bytes: int = RESERVE_BYTES) -> None:
        self.path = path
        self._clock = clock
        self._lock = threading.RLock()
        self._db: sqlite3.Connection | None = None
        self._owner_fd: int | None = None
        self._reserve = SpaceReserve(path.with_name(path.name + ".reserve"), reserve_bytes)
        self._prepare_files()
        try:
            self._owner_fd = take_owner_lock(path)
        except StoreError as exc:
            if require_owner:
                raise
            log.warning("store: %s; opening as a non-owner", exc)
        if require_owner and self._owner_fd is None:
            raise StoreInUseError(path)
        # True if this process is the kiosk owning the queue. Only the owner recovers
        # orders left PRINTING, truncates the WAL on open and keeps the disk reserve.
        self.owner = self._owner_fd is not None
        try:
            self._connect()
        except BaseException:
            self.close()
            raise

    # --- opening ------------------------------------------------------------------------

    def _prepare_files(self) -> None:
        folder = self.path.parent
        try:
            ensure_private_dir(folder)
        except OSError as exc:
            error = from_os_error(exc, folder)
            if error.code is StoreErrorCode.IO_ERROR:  # a file in the way, a dangling link
                error = StoreError(StoreErrorCode.CANNOT_OPEN, path=str(folder),
                                   reason=exc.strerror or str(exc))
            raise error from exc
        try:
            info = self.path.stat()
        except FileNotFoundError:
            # Owner-only: the file holds face-derived masks. SQLite gives the -wal and -shm
            # files the database file's permissions.
            try:
                os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY | os.O_CLOEXEC,
                                 PRIVATE_FILE_MODE))
            except OSError as exc:
                raise from_os_error(exc, self.path) from exc
        except OSError as exc:
            raise from_os_error(exc, self.path) from exc
        else:
            # A FIFO or a device would hang SQLite's first read or feed it garbage for ever.
            if not stat.S_ISREG(info.st_mode):
                raise StoreError(StoreErrorCode.CANNOT_OPEN, path=str(self.path),
                                 reason="not a regular file")

    def _connect(self) -> None:
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None,
                                       check_same_thread=False, timeout=10.0)
            self._configure(self._db)
        except sqlite3.Error as exc:
            raise self.error(exc) from exc
        self._migrate()
        if self.owner:
            self.truncate_wal()
            self._reserve.fill()
        else:
            log.warning("store: %s is open in another process; not recovering prints",
                        self.path)

    def _configure(self, db: sqlite3.Connection) -> None:
        # Must come before anything writes the new file (even the WAL switch) to take
        # effect; lets a purge give the freed space back.
        db.execute("PRAGMA auto_vacuum=INCREMENTAL")
        mode = db.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise StoreError(StoreErrorCode.CANNOT_OPEN, path=str(self.path),
                             reason=f"cannot use WAL journaling (got {mode})")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("PRAGMA foreign_keys=ON")
        db.execute("PRAGMA secure_delete=ON")
        db.execute("PRAGMA busy_timeout=10000")
        result = db.execute("PRAGMA quick_check").fetchone()[0]
        if result != "ok":
            raise StoreError(StoreErrorCode.CORRUPT, path=str(self.path),
                             reason=f"integrity check failed: {result}")

    def _migrate(self) -> None:
        with self.tx() as db:
            found = migrate(db, applied_at=to_iso(self.now()))
        if found > SCHEMA_VERSION:
            raise StoreError(StoreErrorCode.NEWER_SCHEMA, path=str(self.path), found=found,
                             known=SCHEMA_VERSION)

    # --- using it -----------------------------------------------------------------------

    def now(self) -> datetime:
        """The store's clock: the current timezone-aware time."""
        now = self._clock()
        if now.tzinfo is None:
            raise ValueError("the store's clock must return timezone-aware datetimes")
        return now

    def error(self, exc: sqlite3.Error | OSError) -> StoreError:
        """The coded :class:`StoreError` for an exception met using this database."""
        error = (from_os_error(exc, self.path) if isinstance(exc, OSError)
                 else from_sqlite(exc, self.path))
        # SQLite reports a write refused by a read-only filesystem as a plain I/O error or
        # "unable to open": ask the filesystem, so the words say what to fix.
        if error.code in (StoreErrorCode.IO_ERROR, StoreErrorCode.CANNOT_OPEN) and (
                on_read_only_filesystem(self.path.parent)):
            return StoreError(StoreErrorCode.READ_ONLY, path=str(self.path),
                              reason=str(error.params.get("reason") or ""))
        return error

    def _connection(self) -> sqlite3.Connection:
        if self._db is None:
            raise StoreError(StoreErrorCode.CLOSED, path=str(self.path))
        return self._db

    @contextmanager
    def tx(self) -> Iterator[sqlite3.Connection]:
        """One write transaction under the lock; committed (and synced) on exit.

        SQLite's exceptions become :class:`StoreError`; any exception rolls back.
        """
        with self._lock:
            db = self._connection()
            try:
                db.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise self.error(exc) from exc
            try:
                yield db
                db.execute("COMMIT")
            except sqlite3.Error as exc:
                self._rollback(db)
                raise self.error(exc) from exc
            except BaseException:
                self._rollback(db)
                raise

    @staticmethod
    def _rollback(db: sqlite3.Connection) -> None:
        # A full disk may have rolled the transaction back already; ROLLBACK would then
        # raise "no transaction is active" and hide the real error.
        if db.in_transaction:
            with suppress(sqlite3.Error):
                db.execute("ROLLBACK")

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """The connection under the lock for a few reads; errors become StoreError."""
        with self._lock:
            db = self._connection()
            try:
                yield db
            except sqlite3.Error as exc:
                raise self.error(exc) from exc

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[Row]:
        """All rows of one read."""
        with self.read() as db:
            return db.execute(sql, params).fetchall()

    # --- space and privacy --------------------------------------------------------------

    def write_freeing_space(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``work`` in a write transaction that must succeed on a full disk: a deletion.

        If the disk is full, the reserve is released and ``work`` runs once more in a new
        transaction (so ``work`` must do nothing but SQL).
        """
        try:
            with self.tx() as db:
                return work(db)
        except StoreError as exc:
            if exc.code is not StoreErrorCode.DISK_FULL or not self._reserve.release():
                raise
        self.truncate_wal()  # best effort: folding the WAL in may free more
        with self.tx() as db:
            return work(db)

    def scrub(self) -> None:
        """After a deletion: hand the free pages back, truncate the WAL (so no frame holds
        the deleted images), then take the disk reserve back if it was used.

        Never raises for lack of space: the deletion itself is committed; a WAL that
        cannot be truncated now is truncated by the next deletion, close or open.
        """
        if self._db is None:
            return
        # Checkpoint first: the deletion's frames only overwrite pages the main file has,
        # so this needs no new space and frees the WAL's for the vacuum.
        self.truncate_wal()
        try:
            self._vacuum_free_pages()
        except StoreError as exc:
            log.warning("store: could not return the freed pages: %s", exc)
        self.truncate_wal()
        if self.owner:
            self._reserve.fill()

    def _vacuum_free_pages(self) -> None:
        # Python's sqlite3 steps a row-less PRAGMA once, and each step of incremental_vacuum
        # frees one page; so step it once per free page, all in one transaction (one fsync).
        with self.tx() as db:
            free = db.execute("PRAGMA freelist_count").fetchone()[0]
            for _ in range(free):
                db.execute("PRAGMA incremental_vacuum")

    def truncate_wal(self) -> bool:
        """Copy the WAL into the main file and truncate it to zero bytes; True if done.

        False (logged) when another process is reading or the disk refuses; the next
        deletion, close or open finishes it.
        """
        with self._lock:
            if self._db is None:
                return False
            try:
                busy = self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
            except sqlite3.Error as exc:
                log.warning("store: WAL checkpoint failed: %s", self.error(exc))
                return False
            if busy:
                log.info("store: WAL checkpoint deferred (database busy)")
            return not busy

    # --- closing ------------------------------------------------------------------------

    def close(self) -> None:
        """Checkpoint the WAL and close the file; release the owner lock. Safe twice."""
        with self._lock:
            db, self._db = self._db, None
            if db is not None:
                # Closing anyway if this fails; SQLite replays the WAL on the next open.
                with suppress(sqlite3.Error):
                    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                with suppress(sqlite3.Error):
                    db.close()
            fd, self._owner_fd = self._owner_fd, None
            if fd is not None:
                os.close(fd)  # closing the descriptor releases the lock

