"""The data folder on an unhappy machine: private permissions and what a failed write means.

The data folder holds face-derived masks (the order database) and the technician PIN hash,
so it is private to the kiosk's user: created ``0700``; an existing folder the kiosk's user
owns that is open to others (group or world bits set) is tightened to ``0700`` with a
warning in the log. A folder owned by someone else, and a shared folder (sticky like
``/tmp``, the root, the home folder itself), is left alone (its files are ``0600`` anyway)
and logged.

:class:`DiskProblem` names what went wrong with a write in words every front end can
translate (the order store and the PIN store use the same codes), and :func:`disk_problem`
reads it from an :class:`OSError`.
"""

from __future__ import annotations

import errno
import logging
import os
import stat
from enum import StrEnum
from pathlib import Path

log = logging.getLogger(__name__)

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


class DiskProblem(StrEnum):
    """Why the data folder refused a read or write (the value is the stable code)."""

    DISK_FULL = "disk_full"
    """No space left (``ENOSPC``, ``EDQUOT``, SQLite's ``SQLITE_FULL``)."""
    READ_ONLY = "read_only"
    """The folder or its disk is read-only (``EROFS``, ``SQLITE_READONLY``)."""
    NO_ACCESS = "no_access"
    """The kiosk's user may not read or write there (``EACCES``, ``EPERM``)."""
    IO_ERROR = "io_error"
    """The disk failed the read or write (``EIO`` and anything else)."""


_BY_ERRNO = {
    errno.ENOSPC: DiskProblem.DISK_FULL,
    errno.EDQUOT: DiskProblem.DISK_FULL,
    errno.EFBIG: DiskProblem.DISK_FULL,
    errno.EROFS: DiskProblem.READ_ONLY,
    errno.EACCES: DiskProblem.NO_ACCESS,
    errno.EPERM: DiskProblem.NO_ACCESS,
}


def disk_problem(exc: OSError) -> DiskProblem:
    """The :class:`DiskProblem` an ``OSError`` from a read or write stands for."""
    return _BY_ERRNO.get(exc.errno or 0, DiskProblem.IO_ERROR)


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) with mode 0700, or tighten it if it is ours.

    Only the folder itself is made private; parents created on the way get the usual
    mode (they are not the kiosk's to hide).

    Raises:
        OSError: the folder cannot be created (read-only disk, no permission, a file in
            the way). Callers turn it into their own coded error.
    """
    path = Path(path)
    try:
        path.mkdir(mode=PRIVATE_DIR_MODE, parents=True)
    except FileExistsError:
        pass
    else:
        # mkdir's mode is filtered by the umask, which can only remove bits: 0700 stays
        # 0700 or less; set it exactly so a umask of 0077 or 0022 gives the same folder.
        os.chmod(path, PRIVATE_DIR_MODE)
        return path
    info = path.stat()
    if not stat.S_ISDIR(info.st_mode):
        raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(path))
    loose = stat.S_IMODE(info.st_mode) & 0o077
    if not loose:
        return path
    if _shared_folder(path, info):
        log.warning("data folder %s is a shared folder (mode %o): left as it is; give the "
                    "kiosk a folder of its own inside it (its files stay private, 0600)",
                    path, stat.S_IMODE(info.st_mode))
        return path
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        log.warning("data folder %s is open to other users (mode %o) and owned by another "
                    "user; its files stay private (0600)", path, stat.S_IMODE(info.st_mode))
        return path
    try:
        os.chmod(path, stat.S_IMODE(info.st_mode) & ~0o077)
    except OSError as exc:  # a read-only disk: the files inside are still 0600
        log.warning("data folder %s is open to other users (mode %o) and could not be made "
                    "private: %s", path, stat.S_IMODE(info.st_mode), exc)
    else:
        log.warning("data folder %s was open to other users (mode %o); made it private "
                    "(700)", path, stat.S_IMODE(info.st_mode))
    return path


def _shared_folder(path: Path, info: os.stat_result) -> bool:
    """A folder others rely on being open, which the kiosk must never tighten: one with the
    sticky bit (``/tmp``, ``/var/tmp``, ``/dev/shm``), the filesystem's root, or the home
    folder itself (``data_dir = "~"`` in a config file); running as root, such folders are
    "ours" by owner, so ownership alone does not protect them."""
    if info.st_mode & stat.S_ISVTX:
        return True
    resolved = path.resolve()
    return resolved == Path(resolved.anchor) or resolved == Path.home().resolve()


def on_read_only_filesystem(path: Path) -> bool:
    """True if ``path`` (an existing folder or file) is on a filesystem mounted read-only."""
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no such path, or no statvfs (Windows)
        return False
