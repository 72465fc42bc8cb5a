"""Profiles on disk: one file per machine, written atomically, the last 10 versions kept.

Layout, in the profiles folder (the kiosk's ``DATA_DIR/printers``)::

    printers/PL2026-0001.json                  the machine's current profile
    printers/PL2026-0001.history/00000007.json every version saved (the newest 10)

The file name is the serial (serials are file-name safe by the protocol's rule; anything
else is sanitised and suffixed with a hash so two serials never share a file).

A save writes the new version into the history and then replaces the current file, each
by a temporary file that is written, ``fsync``-ed, renamed into place and whose folder is
``fsync``-ed: a power cut or a kill at any moment leaves either the old or the new profile,
whole. A current file that cannot be read (damaged disk, a hand edit, another machine's
profile copied over it) is never used: :meth:`ProfileStore.load` falls back to the newest
good version in the history and says so. A failed write raises
``ProfileError(WRITE_FAILED)`` and changes nothing.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from calibration.errors import ProfileError, ProfileProblem
from calibration.profile import SECTIONS, Profile, check_serial

FOLDER_NAME = "printers"
KEEP_VERSIONS = 10
MAX_PROFILE_BYTES = 1024 * 1024
_VERSION = re.compile(r"(\d{8})\.json")


def file_stem(serial: str) -> str:
    """The file name (without ``.json``) for ``serial``: itself when safe, else sanitised
    and suffixed with 8 hex digits of its SHA-256."""
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", serial)[:64]
    if safe == serial and safe and safe[0].isalnum():
        return safe
    digest = hashlib.sha256(serial.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{safe.lstrip('.') or 'printer'}-{digest}"


def now_iso() -> str:
    """The current time, UTC, ISO 8601 to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def _read_bounded(path: Path) -> bytes:
    """A profile file's bytes, read as every input file is
    (:func:`printer_driver.input_files.read_input_file`: a regular file only, bounded,
    never blocking on a FIFO nor reading a device).

    Raises:
        FileNotFoundError: there is no such file (not calibrated).
        ProfileError: ``NOT_A_FILE``, ``TOO_LARGE``, ``DAMAGED`` (empty) or ``UNREADABLE``.
    """
    from printer_driver.input_files import InputCode, InputError, read_input_file

    try:
        return read_input_file(path, max_bytes=MAX_PROFILE_BYTES)
    except InputError as exc:
        if exc.code is InputCode.NO_SUCH_FILE:
            raise FileNotFoundError(str(path)) from exc
        if exc.code is InputCode.NOT_A_FILE:
            raise ProfileError(ProfileProblem.NOT_A_FILE, path=str(path)) from exc
        if exc.code is InputCode.TOO_LARGE:
            raise ProfileError(ProfileProblem.TOO_LARGE, path=str(path),
                               size_bytes=exc.params.get("size_bytes"),
                               limit=MAX_PROFILE_BYTES) from exc
        if exc.code is InputCode.EMPTY:
            raise ProfileError(ProfileProblem.DAMAGED, path=str(path),
                               reason="the file is empty") from exc
        raise ProfileError(ProfileProblem.UNREADABLE, path=str(path),
                           reason=exc.description) from exc


def parse_profile(data: bytes, *, path: Path | str, serial: str | None = None) -> Profile:
    """A profile from a file's bytes, strictly checked.

    Raises:
        ProfileError: ``DAMAGED`` (not JSON), any schema problem, ``CHECKSUM``, or
            ``SERIAL_MISMATCH`` when ``serial`` is given and the profile is another's.
    """
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ProfileError(ProfileProblem.DAMAGED, path=str(path), reason=str(exc)[:200]) from exc
    try:
        profile = Profile.from_dict(raw)
    except ProfileError as exc:
        if exc.params.get("path") is None:
            exc.params["path"] = str(path)
        raise
    if serial is not None and profile.serial != serial:
        raise ProfileError(ProfileProblem.SERIAL_MISMATCH, expected=serial,
                           found=profile.serial, path=str(path))
    return profile


def read_profile_file(path: str | Path, *, serial: str | None = None) -> Profile:
    """Read a profile file (e.g. ``photolatte print --profile FILE``).

    Raises:
        ProfileError: ``UNREADABLE`` (also when missing), ``NOT_A_FILE``, ``TOO_LARGE``, any
            problem of :func:`parse_profile`.
    """
    p = Path(path)
    try:
        data = _read_bounded(p)
    except FileNotFoundError as exc:
        raise ProfileError(ProfileProblem.UNREADABLE, path=str(p),
                           reason="no such file") from exc
    return parse_profile(data, path=p, serial=serial)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_atomic(path: Path, data: bytes, *, replace_existing: bool = True) -> None:
    """Write ``data`` to ``path`` by temp file + fsync + rename + fsync of the folder.

    With ``replace_existing=False`` an existing ``path`` is never overwritten
    (``FileExistsError``): the file is linked into place instead of renamed.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        try:
            view = memoryview(data)
            while view:
                n = os.write(fd, view)
                view = view[n:]
            os.fsync(fd)
        finally:
            os.close(fd)
        if replace_existing:
            os.replace(tmp, path)
        else:
            os.link(tmp, path)
            os.unlink(tmp)
        _fsync_dir(path.parent)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@dataclass(frozen=True)
class Loaded:
    """What :meth:`ProfileStore.load` found.

    Attributes:
        profile: the profile in force, or None: *not calibrated* (print on nominal values).
        path: the current profile file.
        recovered: the current file was unusable and ``profile`` is the newest good version
            from the history; ``problem`` says what was wrong with the current file.
        problem: the current file's problem, if any.
    """

    profile: Profile | None
    path: Path
    recovered: bool = False
    problem: ProfileError | None = None

    @property
    def calibrated(self) -> bool:
        return self.profile is not None and self.profile.calibrated


@dataclass(frozen=True)
class Version:
    """One saved version, newest first (``number`` 1 is the newest).

    ``profile`` is None (and ``problem`` set) for a version that cannot be read.
    """

    number: int
    path: Path
    profile: Profile | None
    problem: ProfileError | None
    current: bool

    @property
    def sections(self) -> tuple[str, ...]:
        if self.profile is None:
            return ()
        return tuple(s for s in SECTIONS if self.profile.provenance.get(s) is not None)


class ProfileStore:
    """The profiles of every machine this kiosk has met, in ``folder``."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    @classmethod
    def in_data_dir(cls, data_dir: str | Path) -> ProfileStore:
        """The store in a kiosk data folder (``DATA_DIR/printers``)."""
        return cls(Path(data_dir) / FOLDER_NAME)

    def path(self, serial: str) -> Path:
        """The current profile file of ``serial``."""
        return self.folder / f"{file_stem(check_serial(serial))}.json"

    def history_dir(self, serial: str) -> Path:
        return self.folder / f"{file_stem(check_serial(serial))}.history"

    # --- reading -------------------------------------------------------------------------

    def serials(self) -> list[str]:
        """The serials of the machines with a readable current profile here, sorted (a
        damaged file is left out: :meth:`load` says what is wrong with it)."""
        try:
            names = sorted(os.listdir(self.folder))
        except OSError:
            return []
        found = set()
        for name in names:
            if not name.endswith(".json"):
                continue
            try:
                found.add(read_profile_file(self.folder / name).serial)
            except ProfileError:
                continue
        return sorted(found)

    def load(self, serial: str) -> Loaded:
        """The profile in force for ``serial`` (see :class:`Loaded`); never raises for a
        damaged current file while a good version exists.

        Raises:
            ProfileError: ``BAD_SERIAL``; or the current file's problem when no version in
                the history can stand in for it.
        """
        path = self.path(serial)
        try:
            return Loaded(parse_profile(_read_bounded(path), path=path, serial=serial), path)
        except FileNotFoundError:
            return Loaded(None, path)
        except ProfileError as problem:
            for version in self.history(serial):
                if version.profile is not None:
                    return Loaded(version.profile, path, recovered=True, problem=problem)
            raise

    def _version_files(self, serial: str) -> list[tuple[int, Path]]:
        folder = self.history_dir(serial)
        try:
            names = os.listdir(folder)
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise ProfileError(ProfileProblem.UNREADABLE, path=str(folder),
                               reason=exc.strerror or str(exc)) from exc
        found = [(int(m.group(1)), folder / n) for n in names if (m := _VERSION.fullmatch(n))]
        return sorted(found, reverse=True)

    def history(self, serial: str) -> list[Version]:
        """Every kept version of ``serial``'s profile, newest first."""
        current_sum = None
        with contextlib.suppress(FileNotFoundError, ProfileError, ValueError, OSError):
            current_sum = json.loads(_read_bounded(self.path(serial))).get("checksum")
        out = []
        for number, (_, path) in enumerate(self._version_files(serial), start=1):
            try:
                data = _read_bounded(path)
                profile = parse_profile(data, path=path, serial=serial)
                problem = None
            except FileNotFoundError:
                continue
            except ProfileError as exc:
                profile, problem = None, exc
            is_current = profile is not None and current_sum == profile.to_dict()["checksum"]
            out.append(Version(number, path, profile, problem, is_current))
        return out

    # --- writing -------------------------------------------------------------------------

    def save(self, profile: Profile, *, note: str | None = None) -> Profile:
        """Save ``profile`` as the machine's new current version; returns it as saved.

        Raises:
            ProfileError: any schema problem (nothing written), or ``WRITE_FAILED`` (a full
                disk, a read-only folder: the previous profile stays in force).
        """
        saved = replace(profile, saved_at=now_iso(),
                        note=profile.note if note is None else note).validated()
        data = saved.to_json().encode("ascii")
        history = self.history_dir(saved.serial)
        current = self.path(saved.serial)
        try:
            for folder in (self.folder, history):
                folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            self._clean_temporaries(history)
            self._clean_temporaries(self.folder)
            files = self._version_files(saved.serial)
            number = files[0][0] + 1 if files else 1
            while True:
                version = history / f"{number:08d}.json"
                try:
                    _write_atomic(version, data, replace_existing=False)
                    break
                except FileExistsError:  # another saver took that number: take the next
                    number += 1
            try:
                _write_atomic(current, data)
            except OSError:
                with contextlib.suppress(OSError):  # a version that never was current
                    version.unlink()
                raise
        except OSError as exc:
            raise ProfileError(ProfileProblem.WRITE_FAILED, path=str(current),
                               reason=exc.strerror or str(exc)) from exc
        self._prune(saved.serial)
        return saved

    def restore(self, serial: str, number: int) -> Profile:
        """Make version ``number`` (1 = newest, see :meth:`history`) current again, as a new
        version; the history keeps everything.

        Raises:
            ProfileError: ``NO_SUCH_VERSION`` (or that version's problem), ``WRITE_FAILED``.
        """
        versions = self.history(serial)
        chosen = next((v for v in versions if v.number == number), None)
        if chosen is None:
            raise ProfileError(ProfileProblem.NO_SUCH_VERSION, version=number,
                               available=len(versions))
        if chosen.profile is None:
            assert chosen.problem is not None
            raise chosen.problem
        when = chosen.profile.saved_at or "?"
        return self.save(chosen.profile, note=f"restored version {number} saved {when}")

    def _prune(self, serial: str) -> None:
        for _, path in self._version_files(serial)[KEEP_VERSIONS:]:
            with contextlib.suppress(OSError):  # pruned at the next save instead
                path.unlink()

    @staticmethod
    def _clean_temporaries(folder: Path) -> None:
        """Remove temporary files left by a saver that was killed (not a live one's)."""
        with contextlib.suppress(OSError):
            for name in os.listdir(folder):
                m = re.fullmatch(r"\..*\.(\d+)\.tmp", name)
                if not m:
                    continue
                pid = int(m.group(1))
                if pid != os.getpid() and not _alive(pid):
                    with contextlib.suppress(OSError):
                        (folder / name).unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError as exc:
        return exc.errno == errno.EPERM
    return True
