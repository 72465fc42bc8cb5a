"""The technician PIN: a salted scrypt hash in the data folder, with a persisted lockout.

The file (``technician_pin.json`` in the data folder) holds the KDF parameters, a random
16-byte salt, the hash, and the failure count and lockout end, so that restarting the kiosk
does not reset a lockout. No PIN is ever stored or logged in clear.

On a full or read-only disk a failed write never grants a try: every failure is counted in
memory first and the lockout holds there (until the file changes, e.g. ``photolatte pin
reset``); the file catches up when the disk allows. The check then carries the disk's
problem (:attr:`PinCheck.storage_problem`) so the PIN screen can say what is wrong.

Until a technician sets one (``photolatte pin set``, or the technician screen), the PIN is
:data:`DEFAULT_PIN`, and :meth:`PinStore.is_default` tells the UI to ask for a change.
``photolatte pin reset`` (shell access to the machine) restores the default and lifts a
lockout: the way back in for a technician who forgot the PIN.
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
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.settings.datadir import PRIVATE_FILE_MODE, DiskProblem, disk_problem, ensure_private_dir

if TYPE_CHECKING:
    from kiosk.settings.config import KioskConfig

DEFAULT_PIN = "0000"
MIN_PIN_DIGITS = 4
MAX_PIN_DIGITS = 12

# scrypt N=2^14, r=8, p=1 (the scrypt paper's interactive-login setting): 16 MiB and
# ~0.1 s per check here, costly for guessing a stolen file's PIN, fine for a keypad.
# The parameters are stored per file, so raising them later keeps old files valid.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SALT_BYTES = 16
FILE_VERSION = 1


class PinErrorCode(StrEnum):
    """Why a PIN was refused or the PIN file could not be used (the stable code)."""

    NOT_DIGITS = "not_digits"
    WRONG_LENGTH = "wrong_length"
    IS_DEFAULT = "is_default"
    DAMAGED = "damaged"
    UNKNOWN_FORMAT = "unknown_format"
    DISK_FULL = DiskProblem.DISK_FULL.value
    READ_ONLY = DiskProblem.READ_ONLY.value
    NO_ACCESS = DiskProblem.NO_ACCESS.value
    IO_ERROR = DiskProblem.IO_ERROR.value


class PinError(ValueError):
    """A PIN was refused as a new PIN (too short, not digits) or the file is unusable.

    Attributes:
        code: a :class:`PinErrorCode`; the front ends have their words for it.
        path: the PIN file, for the file's problems (else None).
    """

    def __init__(self, code: PinErrorCode, message: str, *, path: Path | None = None) -> None:
        super().__init__(message)
        self.code = PinErrorCode(code)
        self.path = path

    @property
    def is_disk_problem(self) -> bool:
        """True if the disk refused (full, read-only, no access, I/O error)."""
        return self.code.value in {p.value for p in DiskProblem}


def _disk_error(exc: OSError, path: Path, doing: str) -> PinError:
    problem = disk_problem(exc)
    return PinError(PinErrorCode(problem.value),
                    f"{path}: cannot {doing} the PIN file ({exc.strerror or exc}) [{problem}]",
                    path=path)


@dataclass(frozen=True)
class PinCheck:
    """The result of :meth:`PinStore.verify`.

    Attributes:
        ok: the PIN was right.
        failures_left: wrong tries left before a lockout (after this check).
        locked_seconds: seconds until the keypad unlocks; 0 if not locked.
        is_default: the PIN in use is still the factory default.
        storage_problem: the try was counted but could not be saved (full or read-only
            disk): it holds in memory; the screen should say what is wrong with the disk.
    """

    ok: bool
    failures_left: int
    locked_seconds: float
    is_default: bool
    storage_problem: PinError | None = None

    @property
    def locked(self) -> bool:
        """True while the keypad is locked (no PIN is checked)."""
        return self.locked_seconds > 0


def validate_new_pin(pin: str) -> str:
    """Return ``pin`` if it is acceptable as a new PIN, else raise :class:`PinError`."""
    if not pin.isdigit() or not pin.isascii():
        raise PinError(PinErrorCode.NOT_DIGITS, "A PIN is digits only (0-9)")
    if not MIN_PIN_DIGITS <= len(pin) <= MAX_PIN_DIGITS:
        raise PinError(PinErrorCode.WRONG_LENGTH,
                       f"A PIN has {MIN_PIN_DIGITS} to {MAX_PIN_DIGITS} digits")
    if pin == DEFAULT_PIN:
        raise PinError(PinErrorCode.IS_DEFAULT,
                       f"Choose a PIN other than the default {DEFAULT_PIN}")
    return pin


def _hash(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=n, r=r, p=p,
                          maxmem=256 * n * r + (1 << 20), dklen=32)


class PinStore:
    """The technician PIN and its lockout, persisted in one JSON file.

    :meth:`verify` and :meth:`set_pin` take about 0.1 s (that is the point of scrypt):
    call them from a worker thread, not the GUI thread. Every method is thread-safe.

    Args:
        path: the PIN file (``KioskConfig.pin_path``).
        max_failures: wrong PINs in a row that lock the keypad (the config checks its range).
        lockout_minutes: how long it stays locked.
        clock: wall-clock seconds (``time.time``); wall clock, not monotonic, because the
            lockout must survive a restart.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        max_failures: int = 5,
        lockout_minutes: float = 5.0,
        clock: Callable[[], float] = time.time,
        scrypt_n: int = SCRYPT_N,
    ) -> None:
        if max_failures < 1 or not lockout_minutes > 0:
            raise ValueError("max_failures must be at least 1 and lockout_minutes above 0")
        self.path = Path(path)
        self.max_failures = max_failures
        self.lockout_seconds = lockout_minutes * 60.0
        self._clock = clock
        self._lock = threading.Lock()
        self._n = scrypt_n
        # Counts not yet saved (the disk refused): (the file's content they were based on,
        # the content to use instead). Dropped once saved, or when the file changes.
        self._unsaved: tuple[dict[str, Any], dict[str, Any]] | None = None

    @classmethod
    def for_config(cls, config: KioskConfig) -> PinStore:
        """The store for a :class:`kiosk.settings.config.KioskConfig` (path, lockout)."""
        tech = config.technician
        return cls(config.pin_path, max_failures=tech.max_failures,
                   lockout_minutes=tech.lockout_minutes)

    # --- file -------------------------------------------------------------------------

    def _load(self) -> dict[str, Any]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except IsADirectoryError as exc:
            raise PinError(PinErrorCode.DAMAGED, f"{self.path}: the PIN file is a folder; "
                           "run 'photolatte pin reset'", path=self.path) from exc
        except OSError as exc:
            raise _disk_error(exc, self.path, "read") from exc
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise PinError(
                PinErrorCode.DAMAGED,
                f"{self.path}: the PIN file is damaged ({exc}); run 'photolatte pin reset' "
                "on the kiosk computer, then set a new PIN", path=self.path,
            ) from exc
        if not isinstance(data, dict) or data.get("version", 0) > FILE_VERSION:
            raise PinError(PinErrorCode.UNKNOWN_FORMAT,
                           f"{self.path}: unknown PIN file format; run 'photolatte pin reset'",
                           path=self.path)
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
            fd, name = tempfile.mkstemp(prefix=".pin-", dir=self.path.parent)
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
            raise _disk_error(exc, self.path, "write") from exc
        except BaseException:
            if tmp is not None:
                tmp.unlink(missing_ok=True)
            raise

    def _record(self, base: dict[str, Any], data: dict[str, Any]) -> PinError | None:
        """Make ``data`` the state (in memory first), then save it; the disk's problem if
        the save failed (the state holds in memory and is saved by the next try)."""
        self._unsaved = (base, data)
        try:
            self._save(data)
        except PinError as exc:
            return exc
        self._unsaved = None
        return None

    # --- public -----------------------------------------------------------------------

    def is_default(self) -> bool:
        """True while no PIN has been set (the default works; the UI must ask for a change)."""
        with self._lock:
            return "hash" not in self._current()

    def stored_hash(self) -> bytes | None:
        """The stored hash (for tests and audits), or None while the default is in use."""
        with self._lock:
            h = self._load().get("hash")
            return bytes.fromhex(h) if h else None

    def locked_seconds(self) -> float:
        """Seconds until the keypad unlocks; 0 if not locked."""
        with self._lock:
            return self._locked_seconds(self._current())

    def _locked_seconds(self, data: dict[str, Any]) -> float:
        return max(0.0, float(data.get("locked_until", 0.0)) - self._clock())

    def set_pin(self, new_pin: str) -> None:
        """Store ``new_pin`` (validated) with a fresh salt; clears failures and lockout.

        Raises:
            PinError: the PIN is not acceptable, or the disk refused (``disk_full``,
                ``read_only`` …): then the old PIN stays in force.
        """
        validate_new_pin(new_pin)
        salt = secrets.token_bytes(SALT_BYTES)
        digest = _hash(new_pin, salt, self._n, SCRYPT_R, SCRYPT_P)
        with self._lock:
            self._save({
                "kdf": "scrypt", "n": self._n, "r": SCRYPT_R, "p": SCRYPT_P,
                "salt": salt.hex(), "hash": digest.hex(), "failures": 0, "locked_until": 0.0,
                "set_at": self._clock(),
            })
            self._unsaved = None

    def reset(self) -> None:
        """Back to the default PIN, with no failures and no lockout.

        Raises:
            PinError: the disk refused; nothing changed.
        """
        with self._lock:
            self._save({"failures": 0, "locked_until": 0.0})
            self._unsaved = None

    def verify(self, pin: str) -> PinCheck:
        """Check a PIN typed on the keypad; counts failures and locks after too many.

        While locked, nothing is checked (a right PIN is refused too) so guessing gains
        nothing. A right PIN clears the failure count. A wrong one is counted even when
        the disk refuses to save it (see the module docstring).

        Raises:
            PinError: the file cannot be read (damaged, unknown format, no access): no PIN
                is checked.
        """
        with self._lock:
            base = self._load()
            data = self._current(base)
            is_default = "hash" not in data
            locked = self._locked_seconds(data)
            if locked > 0:
                return PinCheck(False, 0, locked, is_default, self._retry_save(base))
            if is_default:
                ok = hmac.compare_digest(pin.encode("utf-8"), DEFAULT_PIN.encode("utf-8"))
            else:
                salt = bytes.fromhex(data["salt"])
                digest = _hash(pin, salt, int(data["n"]), int(data["r"]), int(data["p"]))
                ok = hmac.compare_digest(digest, bytes.fromhex(data["hash"]))
            if ok:
                problem = None
                if data.get("failures") or data.get("locked_until"):
                    problem = self._record(base, {**data, "failures": 0, "locked_until": 0.0})
                return PinCheck(True, self.max_failures, 0.0, is_default, problem)
            failures = int(data.get("failures", 0)) + 1
            locked_until = 0.0
            if failures >= self.max_failures:
                locked_until = self._clock() + self.lockout_seconds
                failures = 0  # after the lockout the technician gets a full set of tries
            problem = self._record(base, {**data, "failures": failures,
                                          "locked_until": locked_until})
            left = self.max_failures - failures if not locked_until else 0
            return PinCheck(False, left, max(0.0, locked_until - self._clock()), is_default,
                            problem)

    def _retry_save(self, base: dict[str, Any]) -> PinError | None:
        if self._unsaved is None:
            return None
        return self._record(base, self._unsaved[1])
