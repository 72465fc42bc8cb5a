"""One staff code (the barista code or the technician PIN): a salted scrypt hash in the data
folder, with a persisted lockout.

Each role has its own file (``barista_code.json``, ``technician_pin.json``) holding the KDF
parameters, a random 16-byte salt, the hash, and the failure count and lockout end, so that
restarting the kiosk does not reset a lockout. No code is ever stored or logged in clear.
Both roles use this one class: the hashing and the lockout exist once.

On a full or read-only disk a failed write never grants a try: every failure is counted in
memory first and the lockout holds there (until the file changes, e.g. ``photolatte code
reset``); the file catches up when the disk allows. The check then carries the disk's
problem (:attr:`CodeCheck.storage_problem`) so the pad can say what is wrong.

A file that is not a regular file (a FIFO, ``/dev/zero``, a folder) or is implausibly large
is reported as damaged at once: reading it never blocks and never fills memory.

Until one is set (``photolatte code set ROLE``, or the technician screen), a role's code is
its factory default (:data:`kiosk.staff.rules.DEFAULT_CODES`), and :meth:`CodeStore.is_default`
says so. ``photolatte code reset ROLE`` (shell access to the machine) restores the default
and lifts a lockout: the way back in for staff who forgot the code.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.settings.datadir import PRIVATE_FILE_MODE, disk_problem, ensure_private_dir
from kiosk.staff.rules import (
    DEFAULT_CODES,
    CodeError,
    CodeErrorCode,
    StaffRole,
    validate_new_code,
)
from printer_driver.input_files import InputCode, InputError, read_input_file

if TYPE_CHECKING:
    from kiosk.settings.config import KioskConfig

# scrypt N=2^14, r=8, p=1 (the scrypt paper's interactive-login setting): 16 MiB and
# ~0.1 s per check here, costly for guessing a stolen file's code, fine for a keypad.
# The parameters are stored per file, so raising them later keeps old files valid.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SALT_BYTES = 16
FILE_VERSION = 1
MAX_FILE_BYTES = 64 * 1024  # a real file is ~300 bytes; anything far larger is not ours


@dataclass(frozen=True)
class CodeCheck:
    """The result of :meth:`CodeStore.verify` (or of a door in :mod:`kiosk.staff.access`).

    Attributes:
        ok: the code was right.
        role: whose code was checked (on the staff entry pad: whose code matched, if any).
        failures_left: wrong tries left before a lockout (after this check).
        locked_seconds: seconds until the pad unlocks; 0 if not locked.
        is_default: the code that decided is still the factory default.
        storage_problem: the try was counted but could not be saved (full or read-only
            disk): it holds in memory; the pad should say what is wrong with the disk.
    """

    ok: bool
    role: StaffRole
    failures_left: int
    locked_seconds: float
    is_default: bool
    storage_problem: CodeError | None = None

    @property
    def locked(self) -> bool:
        """True while the pad is locked (no code is checked)."""
        return self.locked_seconds > 0


def _hash(code: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(code.encode("utf-8"), salt=salt, n=n, r=r, p=p,
                          maxmem=256 * n * r + (1 << 20), dklen=32)


class CodeStore:
    """One role's code and its lockout, persisted in one JSON file.

    :meth:`verify` and :meth:`set_code` take about 0.1 s (that is the point of scrypt):
    call them from a worker thread, not the GUI thread. Every method is thread-safe.

    Args:
        path: the code file (``KioskConfig.code_path(role)``).
        role: whose code it is (its factory default, and the words of its errors).
        max_failures: wrong codes in a row that lock the pad (the config checks its range).
        lockout_minutes: how long it stays locked.
        clock: wall-clock seconds (``time.time``); wall clock, not monotonic, because the
            lockout must survive a restart.
        scrypt_n: the scrypt cost for new hashes (tests lower it; files keep their own).
    """

    def __init__(
        self,
        path: str | Path,
        *,
        role: StaffRole = StaffRole.TECHNICIAN,
        max_failures: int = 5,
        lockout_minutes: float = 5.0,
        clock: Callable[[], float] = time.time,
        scrypt_n: int = SCRYPT_N,
    ) -> None:
        if max_failures < 1 or not lockout_minutes > 0:
            raise ValueError("max_failures must be at least 1 and lockout_minutes above 0")
        self.path = Path(path)
        self.role = StaffRole(role)
        self.default_code = DEFAULT_CODES[self.role]
        self.max_failures = max_failures
        self.lockout_seconds = lockout_minutes * 60.0
        self._clock = clock
        self._lock = threading.Lock()
        self._n = scrypt_n
        # Counts not yet saved (the disk refused): (the file's content they were based on,
        # the content to use instead). Dropped once saved, or when the file changes.
        self._unsaved: tuple[dict[str, Any], dict[str, Any]] | None = None

    @classmethod
    def for_config(cls, config: KioskConfig, role: StaffRole) -> CodeStore:
        """``role``'s store for a :class:`kiosk.settings.config.KioskConfig` (path, lockout)."""
        tech = config.technician
        return cls(config.code_path(role), role=role, max_failures=tech.max_failures,
                   lockout_minutes=tech.lockout_minutes)

    # --- file -------------------------------------------------------------------------

    def _error(self, code: CodeErrorCode, message: str) -> CodeError:
        return CodeError(code, f"{self.path}: {message}", role=self.role, path=self.path)

    def _read_bytes(self) -> bytes | None:
        """The file's bytes, None if there is none; through the shared input reader
        (:func:`printer_driver.input_files.read_input_file`): a FIFO, a device or a folder
        is refused from its ``stat`` without being opened, and at most
        :data:`MAX_FILE_BYTES` are read."""
        try:
            return read_input_file(self.path, max_bytes=MAX_FILE_BYTES)
        except InputError as exc:
            if exc.code is InputCode.NO_SUCH_FILE:
                return None
            if exc.code is InputCode.NOT_ALLOWED:
                raise self._error(CodeErrorCode.NO_ACCESS,
                                  f"cannot read the {self.role} code file (no permission) "
                                  f"[{CodeErrorCode.NO_ACCESS}]") from exc
            if exc.code is InputCode.UNREADABLE:
                raise self._error(CodeErrorCode.IO_ERROR,
                                  f"cannot read the {self.role} code file "
                                  f"({exc.params.get('reason', '')}) "
                                  f"[{CodeErrorCode.IO_ERROR}]") from exc
            raise self._damaged(exc.description) from exc  # a pipe, a device, too large

    def _damaged(self, why: str) -> CodeError:
        return self._error(CodeErrorCode.DAMAGED,
                           f"the {self.role} code file {why}; run 'photolatte code reset "
                           f"{self.role}' on the kiosk computer, then set a new code")

    def _disk_error(self, exc: OSError, doing: str) -> CodeError:
        problem = disk_problem(exc)
        return self._error(CodeErrorCode(problem.value),
                           f"cannot {doing} the {self.role} code file "
                           f"({exc.strerror or exc}) [{problem}]")

    def _load(self) -> dict[str, Any]:
        raw = self._read_bytes()
        if raw is None:
            return {}
        try:
            data = json.loads(raw.decode("utf-8"))
        except ValueError as exc:
            raise self._damaged(f"cannot be read ({exc})") from exc
        if not isinstance(data, dict) or data.get("version", 0) > FILE_VERSION:
            raise self._error(CodeErrorCode.UNKNOWN_FORMAT,
                              f"unknown {self.role} code file format; run 'photolatte code "
                              f"reset {self.role}'")
        if "hash" in data and not all(k in data for k in ("salt", "n", "r", "p")):
            raise self._damaged("has a hash without its parameters")
        return data

    def _current(self, data: dict[str, Any] | None = None) -> dict[str, Any]:
        """The file's content (``data`` if already read), or the unsaved counts based on it
        while the file is as they found it (a reset from the shell changes the file and
        wins)."""
        data = self._load() if data is None else data
        if self._unsaved is not None:
            base, pending = self._unsaved
            if base == data:
                return pending
            self._unsaved = None
        return data

    def _save(self, data: dict[str, Any]) -> None:
        # Write-then-rename so a power cut leaves the old file or the new, never half.
        data = {"version": FILE_VERSION, **data}
        tmp: Path | None = None
        try:
            ensure_private_dir(self.path.parent)
            fd, name = tempfile.mkstemp(prefix=f".{self.role}-code-", dir=self.path.parent)
            tmp = Path(name)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, indent=1, sort_keys=True)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, PRIVATE_FILE_MODE)
            os.replace(tmp, self.path)
        except OSError as exc:
            if tmp is not None:
                tmp.unlink(missing_ok=True)
            raise self._disk_error(exc, "write") from exc
        except BaseException:
            if tmp is not None:
                tmp.unlink(missing_ok=True)
            raise

    def _record(self, base: dict[str, Any], data: dict[str, Any]) -> CodeError | None:
        """Make ``data`` the state (in memory first), then save it; the disk's problem if
        the save failed (the state holds in memory and is saved by the next try)."""
        self._unsaved = (base, data)
        try:
            self._save(data)
        except CodeError as exc:
            return exc
        self._unsaved = None
        return None

    # --- public -----------------------------------------------------------------------

    def is_default(self) -> bool:
        """True while no code has been set (the factory default works).

        Raises:
            CodeError: the file cannot be read.
        """
        with self._lock:
            return "hash" not in self._current()

    def stored_hash(self) -> bytes | None:
        """The stored hash (for tests and audits), or None while the default is in use."""
        with self._lock:
            h = self._load().get("hash")
            return bytes.fromhex(h) if h else None

    def locked_seconds(self) -> float:
        """Seconds until the pad unlocks; 0 if not locked."""
        with self._lock:
            return self._locked_seconds(self._current())

    def _locked_seconds(self, data: dict[str, Any]) -> float:
        return max(0.0, float(data.get("locked_until", 0.0)) - self._clock())

    def set_code(self, new_code: str) -> None:
        """Store ``new_code`` (checked by :func:`kiosk.staff.rules.validate_new_code`) with a
        fresh salt; clears failures and lockout.

        Raises:
            CodeError: the code is not acceptable, or the disk refused (``disk_full``,
                ``read_only`` …): then the old code stays in force.
        """
        validate_new_code(new_code, self.role)
        salt = secrets.token_bytes(SALT_BYTES)
        digest = _hash(new_code, salt, self._n, SCRYPT_R, SCRYPT_P)
        with self._lock:
            self._save({
                "kdf": "scrypt", "n": self._n, "r": SCRYPT_R, "p": SCRYPT_P,
                "salt": salt.hex(), "hash": digest.hex(), "failures": 0, "locked_until": 0.0,
                "set_at": self._clock(),
            })
            self._unsaved = None

    def reset(self) -> None:
        """Back to the factory default, with no failures and no lockout.

        Raises:
            CodeError: the disk refused; nothing changed.
        """
        with self._lock:
            self._save({"failures": 0, "locked_until": 0.0})
            self._unsaved = None

    def matches(self, code: str) -> bool:
        """True if ``code`` is this role's code, counting nothing (for the rule that the two
        roles' codes differ; never for a keypad: a keypad uses :meth:`verify`).

        Raises:
            CodeError: the file cannot be read.
        """
        with self._lock:
            return self._matches(code, self._current())

    def _matches(self, code: str, data: dict[str, Any]) -> bool:
        if "hash" not in data:
            return hmac.compare_digest(code.encode("utf-8"), self.default_code.encode("utf-8"))
        salt = bytes.fromhex(data["salt"])
        digest = _hash(code, salt, int(data["n"]), int(data["r"]), int(data["p"]))
        return hmac.compare_digest(digest, bytes.fromhex(data["hash"]))

    def verify(self, code: str, *, count_failure: bool = True) -> CodeCheck:
        """Check a code typed on a keypad; counts failures and locks after too many.

        While locked, nothing is checked (a right code is refused too) so guessing gains
        nothing. A right code clears the failure count. A wrong one is counted even when
        the disk refuses to save it (see the module docstring).

        Args:
            count_failure: False leaves a wrong code uncounted, for a door that checks two
                codes and then counts the failure in both
                (:meth:`kiosk.staff.access.StaffAccess.check`); it must call
                :meth:`count_failure` itself.

        Raises:
            CodeError: the file cannot be read (damaged, unknown format, no access): no
                code is checked.
        """
        with self._lock:
            base = self._load()
            data = self._current(base)
            is_default = "hash" not in data
            locked = self._locked_seconds(data)
            if locked > 0:
                return CodeCheck(False, self.role, 0, locked, is_default,
                                 self._retry_save(base))
            if self._matches(code, data):
                problem = None
                if data.get("failures") or data.get("locked_until"):
                    problem = self._record(base, {**data, "failures": 0, "locked_until": 0.0})
                return CodeCheck(True, self.role, self.max_failures, 0.0, is_default, problem)
            if not count_failure:
                left = self.max_failures - int(data.get("failures", 0))
                return CodeCheck(False, self.role, left, 0.0, is_default)
            return self._count_failure(base, data)

    def count_failure(self) -> CodeCheck:
        """Count one wrong code (one typed at a door that also checked this role's code).

        Raises:
            CodeError: the file cannot be read.
        """
        with self._lock:
            base = self._load()
            data = self._current(base)
            locked = self._locked_seconds(data)
            if locked > 0:
                return CodeCheck(False, self.role, 0, locked, "hash" not in data,
                                 self._retry_save(base))
            return self._count_failure(base, data)

    def _count_failure(self, base: dict[str, Any], data: dict[str, Any]) -> CodeCheck:
        failures = int(data.get("failures", 0)) + 1
        locked_until = 0.0
        if failures >= self.max_failures:
            locked_until = self._clock() + self.lockout_seconds
            failures = 0  # after the lockout staff get a full set of tries
        problem = self._record(base, {**data, "failures": failures,
                                      "locked_until": locked_until})
        left = self.max_failures - failures if not locked_until else 0
        return CodeCheck(False, self.role, left, max(0.0, locked_until - self._clock()),
                         "hash" not in data, problem)

    def _retry_save(self, base: dict[str, Any]) -> CodeError | None:
        if self._unsaved is None:
            return None
        return self._record(base, self._unsaved[1])
