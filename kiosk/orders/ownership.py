"""One kiosk per data folder: the owner lock on ``<db>.lock`` and the disk-space reserve.

**Owner lock.** A POSIX record lock (``lockf``) belongs to the process and vanishes when it
dies, even by SIGKILL, which is exactly "is the kiosk that owned this queue still alive?".
Only the owner recovers prints left running by a crash; two owners would mark each other's
running print as interrupted. So a lock that cannot be taken for any reason other than
"another process holds it" (a lock file that cannot be created, a filesystem without
locks, a system without ``fcntl``) gives *no* ownership, never a guessed one.

**Reserve.** A privacy deletion must work on a full disk, but SQLite needs free space to
delete (with ``secure_delete`` the zeroed pages go through the write-ahead log first). The
owner keeps a preallocated spare file, ``<db>.reserve``, and releases it when a deletion
fails for lack of space; after the deletion and the WAL truncation it takes the space back
when it can.
"""

from __future__ import annotations

import errno
import logging
import os
from contextlib import suppress
from pathlib import Path

from kiosk.orders.errors import StoreError, StoreErrorCode, from_os_error
from kiosk.settings.datadir import PRIVATE_FILE_MODE

log = logging.getLogger(__name__)

RESERVE_BYTES = 384 * 1024
"""The spare file's size: one order's deletion with room to spare. With ``secure_delete``
the freed pages are zeroed through the WAL, so deleting an order writes about its images'
size: a worst-case mask is ~64 KB, a 256 px preview at most ~200 KB (real cup pictures
~110 KB), plus a few b-tree pages."""


def lock_path(db_path: Path) -> Path:
    """The owner lock file beside the database."""
    return db_path.with_name(db_path.name + ".lock")


def take_owner_lock(db_path: Path) -> int | None:
    """Lock ``<db>.lock`` for this process: the open descriptor, or None if another live
    process holds the lock. Close the descriptor to release it.

    Raises:
        StoreError: ``lock_unavailable`` (params ``path``, ``reason``): the lock could not
            be taken, so nobody can tell whether another kiosk runs; ``read_only``,
            ``disk_full`` or ``no_access`` when that is why the lock file cannot be made.
    """
    path = lock_path(db_path)
    try:
        import fcntl
    except ImportError:
        raise StoreError(StoreErrorCode.LOCK_UNAVAILABLE, path=str(path),
                         reason="this system has no POSIX file locks") from None
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, PRIVATE_FILE_MODE)
    except OSError as exc:
        error = from_os_error(exc, path)  # a full or read-only disk says so by its code
        if error.code is StoreErrorCode.IO_ERROR:
            error = StoreError(StoreErrorCode.LOCK_UNAVAILABLE, path=str(path),
                               reason=exc.strerror or str(exc))
        raise error from exc
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        os.close(fd)
        if exc.errno in (errno.EACCES, errno.EAGAIN):
            return None
        raise StoreError(StoreErrorCode.LOCK_UNAVAILABLE, path=str(path),
                         reason=exc.strerror or str(exc)) from exc
    return fd


class SpaceReserve:
    """A preallocated spare file that gives its space back to a deletion on a full disk.

    Args:
        path: the spare file (``<db>.reserve``).
        size: bytes to hold; 0 disables the reserve.
    """

    def __init__(self, path: Path, size: int = RESERVE_BYTES) -> None:
        self.path = path
        self.size = max(0, int(size))

    @property
    def held(self) -> bool:
        """True while the spare file exists at its full size."""
        try:
            return self.size > 0 and self.path.stat().st_size >= self.size
        except OSError:
            return False

    def fill(self) -> bool:
        """Create the spare file if it is missing; True if it is held afterwards.

        Never raises: on a full or read-only disk the reserve stays empty (logged) and the
        next :meth:`fill` tries again.
        """
        if self.size == 0 or self.held:
            return self.size > 0
        tmp = self.path.with_name(self.path.name + ".new")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC,
                         PRIVATE_FILE_MODE)
            try:
                _allocate(fd, self.size)
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(tmp, self.path)
        except OSError as exc:
            with suppress(OSError):
                tmp.unlink(missing_ok=True)
            log.warning("store: cannot keep %d KiB of disk in reserve at %s (%s); a deletion "
                        "on a full disk may fail", self.size // 1024, self.path, exc)
            return False
        return True

    def release(self) -> bool:
        """Delete the spare file; True if there was one to give back."""
        try:
            self.path.unlink()
        except FileNotFoundError:
            return False
        except OSError as exc:
            log.warning("store: cannot release the disk reserve %s: %s", self.path, exc)
            return False
        log.warning("store: disk full; released the %d KiB reserve to delete images",
                    self.size // 1024)
        return True


def _allocate(fd: int, size: int) -> None:
    # Real blocks, not a sparse hole: a hole gives nothing back when deleted.
    if hasattr(os, "posix_fallocate"):
        try:
            os.posix_fallocate(fd, 0, size)
            return
        except OSError as exc:
            if exc.errno not in (errno.EOPNOTSUPP, errno.EINVAL, errno.ENOSYS):
                raise
    chunk = b"\0" * 65536
    written = 0
    while written < size:
        written += os.write(fd, chunk[: min(len(chunk), size - written)])
