"""The order store's errors: one :class:`StoreError` with a code and parameters.

No ``sqlite3`` or ``OSError`` exception leaves the store; each becomes a :class:`StoreError`
whose :attr:`~StoreError.code` says what is wrong (:class:`StoreErrorCode`) and whose
:attr:`~StoreError.params` carry the details (the path, the order id, SQLite's own words).
Each front end owns its words for a code: the barista screen translates them
(``kiosk/ui/barista/store_words.py``), the CLI has English (``kiosk/cli/store_words.py``).
``str()`` is a neutral English line for the log.
"""

from __future__ import annotations

import sqlite3
from enum import StrEnum
from pathlib import Path

from kiosk.settings.datadir import DiskProblem, disk_problem

ParamValue = str | int | float | None
"""A parameter of an error: plain JSON scalars, so it can be stored and translated."""


class StoreErrorCode(StrEnum):
    """What is wrong with the order store (the value is the stable code)."""

    DISK_FULL = DiskProblem.DISK_FULL.value
    """No space left on the data folder's disk. Params: ``path``."""
    READ_ONLY = DiskProblem.READ_ONLY.value
    """The data folder or its disk is read-only. Params: ``path``."""
    NO_ACCESS = DiskProblem.NO_ACCESS.value
    """The kiosk's user may not use the data folder. Params: ``path``."""
    IO_ERROR = DiskProblem.IO_ERROR.value
    """The disk failed a read or write. Params: ``path``, ``reason``."""
    CANNOT_OPEN = "cannot_open"
    """The database file or its folder cannot be opened or created. Params: ``path``,
    ``reason``."""
    CORRUPT = "corrupt"
    """The database file is damaged or no database. Params: ``path``, ``reason``."""
    NEWER_SCHEMA = "newer_schema"
    """Made by a newer Photo Latte. Params: ``path``, ``found``, ``known``."""
    IN_USE = "in_use"
    """Another live kiosk owns this data folder. Params: ``path`` (the data folder)."""
    LOCK_UNAVAILABLE = "lock_unavailable"
    """The one-kiosk lock file cannot be opened or locked, so ownership is unknown.
    Params: ``path`` (the lock file), ``reason``."""
    BUSY = "busy"
    """Another process held the database longer than the timeout. Params: ``path``."""
    CLOSED = "closed"
    """The store was used after :meth:`OrderStore.close`. Params: ``path``."""
    ORDER_NOT_FOUND = "order_not_found"
    """No order with that id. Params: ``order_id``."""
    PRINT_JOB_NOT_FOUND = "print_job_not_found"
    """No print job with that id. Params: ``print_id``."""
    PRINT_JOB_FINISHED = "print_job_finished"
    """The print job was already finished. Params: ``print_id``, ``result``."""
    DAMAGED_IMAGE = "damaged_image"
    """An order's stored mask cannot be read. Params: ``order_id``, ``reason``."""


_LOG_LINES: dict[StoreErrorCode, str] = {
    StoreErrorCode.DISK_FULL: "{path}: the disk is full",
    StoreErrorCode.READ_ONLY: "{path}: the data folder is read-only",
    StoreErrorCode.NO_ACCESS: "{path}: no permission to use the data folder",
    StoreErrorCode.IO_ERROR: "{path}: the disk failed a read or write ({reason})",
    StoreErrorCode.CANNOT_OPEN: "{path}: cannot open the order database ({reason})",
    StoreErrorCode.CORRUPT: "{path}: the order database is damaged ({reason})",
    StoreErrorCode.NEWER_SCHEMA: (
        "{path}: made by a newer Photo Latte (schema {found}, this one knows {known})"),
    StoreErrorCode.IN_USE: "{path}: another running kiosk owns this data folder",
    StoreErrorCode.LOCK_UNAVAILABLE: "{path}: cannot take the one-kiosk lock ({reason})",
    StoreErrorCode.BUSY: "{path}: the order database stayed locked by another process",
    StoreErrorCode.CLOSED: "{path}: the order store is closed",
    StoreErrorCode.ORDER_NOT_FOUND: "no order with id {order_id}",
    StoreErrorCode.PRINT_JOB_NOT_FOUND: "no print job {print_id}",
    StoreErrorCode.PRINT_JOB_FINISHED: "print job {print_id} already finished ({result})",
    StoreErrorCode.DAMAGED_IMAGE: "the stored mask of order {order_id} is damaged ({reason})",
}


class StoreError(Exception):
    """The order store cannot do what was asked; :attr:`code` says why.

    Attributes:
        code: a :class:`StoreErrorCode`.
        params: the details named in the code's docstring (``path`` as text, ids as int).
    """

    def __init__(self, code: StoreErrorCode, **params: ParamValue) -> None:
        self.code = StoreErrorCode(code)
        self.params: dict[str, ParamValue] = dict(params)
        super().__init__(self._log_line())

    def _log_line(self) -> str:
        values = {"path": "", "reason": "", **self.params}
        try:
            return _LOG_LINES[self.code].format(**values) + f" [{self.code}]"
        except (KeyError, IndexError):  # a parameter missing: still say what it is
            return f"{self.code.value} {self.params}"

    @property
    def path(self) -> str | None:
        """The file or folder concerned, if any."""
        value = self.params.get("path")
        return None if value is None else str(value)

    @property
    def is_disk_problem(self) -> bool:
        """True for the codes that mean "the data folder's disk refused" (full, read-only,
        no access, I/O error): the barista can do nothing, a technician must look."""
        return self.code.value in {p.value for p in DiskProblem}


class OrderNotFoundError(StoreError, LookupError):
    """No order with that id (code ``order_not_found``)."""

    def __init__(self, order_id: int) -> None:
        super().__init__(StoreErrorCode.ORDER_NOT_FOUND, order_id=order_id)
        self.order_id = order_id


class StoreInUseError(StoreError):
    """Another live process (a running kiosk) owns this order database (code ``in_use``).

    Raised by ``OrderStore(path, require_owner=True)``: two kiosks on one queue would both
    print the same orders and mark each other's running prints as interrupted.
    """

    def __init__(self, db_path: Path) -> None:
        super().__init__(StoreErrorCode.IN_USE, path=str(db_path.parent))
        self.db_path = db_path


# SQLite's primary result codes (the low byte of an extended code).
_SQLITE_CODES: dict[int, StoreErrorCode] = {
    3: StoreErrorCode.NO_ACCESS,     # SQLITE_PERM
    5: StoreErrorCode.BUSY,          # SQLITE_BUSY
    6: StoreErrorCode.BUSY,          # SQLITE_LOCKED
    8: StoreErrorCode.READ_ONLY,     # SQLITE_READONLY
    10: StoreErrorCode.IO_ERROR,     # SQLITE_IOERR
    11: StoreErrorCode.CORRUPT,      # SQLITE_CORRUPT
    13: StoreErrorCode.DISK_FULL,    # SQLITE_FULL
    14: StoreErrorCode.CANNOT_OPEN,  # SQLITE_CANTOPEN
    26: StoreErrorCode.CORRUPT,      # SQLITE_NOTADB
}


def from_sqlite(exc: sqlite3.Error, path: Path) -> StoreError:
    """The :class:`StoreError` for an exception SQLite raised while using ``path``."""
    code = getattr(exc, "sqlite_errorcode", None)  # absent on errors raised by the module
    kind = _SQLITE_CODES.get(code & 0xFF, StoreErrorCode.IO_ERROR) if code else None
    if kind is None:
        kind = (StoreErrorCode.CORRUPT if isinstance(exc, sqlite3.DatabaseError)
                and not isinstance(exc, sqlite3.OperationalError)
                else StoreErrorCode.IO_ERROR)
    return StoreError(kind, path=str(path), reason=str(exc))


def from_os_error(exc: OSError, path: Path) -> StoreError:
    """The :class:`StoreError` for an ``OSError`` about ``path`` (a folder, a file)."""
    return StoreError(StoreErrorCode(disk_problem(exc).value), path=str(path),
                      reason=exc.strerror or str(exc))

