"""A printer's profile written out as text for the technician's records:
:func:`write_export`.

The technician screen shows the profile in force as its JSON text
(:meth:`CalibrationService.export_text`) and writes it to a file, by default in the data
folder's ``exports`` folder, named after the serial and the time (``photolatte print
--profile FILE`` and ``photolatte calibrate`` read such a file back). The file is written
whole or not at all (a temporary file renamed into place); a failure says where and why.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from pathlib import Path

from calibration.errors import ProfileError, ProfileProblem
from calibration.store import file_stem

#: The folder inside the kiosk's data folder that exports go to by default.
EXPORT_FOLDER = "exports"


def export_dir(data_dir: str | Path) -> Path:
    """The default export folder of a kiosk data folder."""
    return Path(data_dir) / EXPORT_FOLDER


def export_name(serial: str, when: float | None = None) -> str:
    """``SERIAL-profile-YYYYMMDD-HHMMSS.json`` (UTC; the serial made file-name safe)."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime(time.time() if when is None else when))
    return f"{file_stem(serial)}-profile-{stamp}.json"


def write_export(text: str, folder: str | Path, serial: str, *,
                 when: float | None = None) -> Path:
    """Write ``text`` (a profile's JSON) to a new file in ``folder`` (created if missing)
    and return its path.

    Raises:
        ProfileError: ``WRITE_FAILED`` (path, reason): the folder cannot be made or written
            (read-only, full); nothing half-written is left.
    """
    target = Path(folder) / export_name(serial, when)
    tmp: str | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=".export-", suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text if text.endswith("\n") else text + "\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        raise ProfileError(ProfileProblem.WRITE_FAILED, path=str(target),
                           reason=exc.strerror or str(exc)) from exc
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return target


__all__ = ["EXPORT_FOLDER", "export_dir", "export_name", "write_export"]
