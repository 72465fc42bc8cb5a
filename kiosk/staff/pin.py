"""The technician PIN: a salted scrypt hash in the data folder, with a persisted lockout.

The file (``technician_pin.json`` in the data folder) holds the KDF parameters, a random
16-byte salt, the hash, and the failure count and lockout end, so that restarting the kiosk
does not reset a lockout. No PIN is ever stored or logged in clear.

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
from pathlib import Path

DEFAULT_PIN = "0000"
MIN_PIN_DIGITS = 4
MAX_PIN_DIGITS = 12

# scrypt N=2^14, r=8, p=1 (the scrypt paper's interactive-login setting): 16 MiB and
# ~0.1 s per check here, costly for guessing a stolen file's PIN, fine for a keypad.
# The parameters are stored per file, so raising them later keeps old files valid.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SALT_BYTES = 16
FILE_VERSION = 1


class PinError(ValueError):
    """A PIN was refused as a new PIN (too short, not digits) or the file is unusable."""


@dataclass(frozen=True)
class PinCheck:
    """The result of :meth:`PinStore.verify`.

    Attributes:
        ok: the PIN was right.
        failures_left: wrong tries left before a lockout (after this check).
        locked_seconds: seconds until the keypad unlocks; 0 if not locked.
        is_default: the PIN in use is still the factory default.
    """

    ok: bool
    failures_left: int
    locked_seconds: float
    is_default: bool

    @property
    def locked(self) -> bool:
        """True while the keypad is locked (no PIN is checked)."""
        return self.locked_seconds > 0


def validate_new_pin(pin: str) -> str:
    """Return ``pin`` if it is acceptable as a new PIN, else raise :class:`PinError`."""
    if not pin.isdigit() or not pin.isascii():
        raise PinError("A PIN is digits only (0-9)")
    if not MIN_PIN_DIGITS <= len(pin) <= MAX_PIN_DIGITS:
        raise PinError(f"A PIN has {MIN_PIN_DIGITS} to {MAX_PIN_DIGITS} digits")
    if pin == DEFAULT_PIN:
        raise PinError(f"Choose a PIN other than the default {DEFAULT_PIN}")
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
        max_failures: wrong PINs in a row that lock the keypad.
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
        self.path = Path(path)
        self.max_failures = max_failures
        self.lockout_seconds = lockout_minutes * 60.0
        self._clock = clock
        self._lock = threading.Lock()
        self._n = scrypt_n

    @classmethod
    def for_config(cls, config: object) -> PinStore:
        """The store for a :class:`kiosk.settings.config.KioskConfig` (path, lockout)."""
        tech = config.technician  # type: ignore[attr-defined]
        return cls(config.pin_path, max_failures=tech.max_failures,  # type: ignore[attr-defined]
                   lockout_minutes=tech.lockout_minutes)

    # --- file -------------------------------------------------------------------------

    def _load(self) -> dict:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            raise PinError(
                f"{self.path}: the PIN file is damaged ({exc}); run 'photolatte pin reset' "
                "on the kiosk computer, then set a new PIN"
            ) from exc
        if not isinstance(data, dict) or data.get("version", 0) > FILE_VERSION:
            raise PinError(f"{self.path}: unknown PIN file format; run 'photolatte pin reset'")
        return data

    def _save(self, data: dict) -> None:
        # Write-then-rename so a power cut leaves the old file or the new, never half.
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {"version": FILE_VERSION, **data}
        fd, tmp = tempfile.mkstemp(prefix=".pin-", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, indent=1, sort_keys=True)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    # --- public -----------------------------------------------------------------------

    def is_default(self) -> bool:
        """True while no PIN has been set (the default works; the UI must ask for a change)."""
        with self._lock:
            return "hash" not in self._load()

    def stored_hash(self) -> bytes | None:
        """The stored hash (for tests and audits), or None while the default is in use."""
        with self._lock:
            h = self._load().get("hash")
            return bytes.fromhex(h) if h else None

    def locked_seconds(self) -> float:
        """Seconds until the keypad unlocks; 0 if not locked."""
        with self._lock:
            return self._locked_seconds(self._load())

    def _locked_seconds(self, data: dict) -> float:
        return max(0.0, float(data.get("locked_until", 0.0)) - self._clock())

    def set_pin(self, new_pin: str) -> None:
        """Store ``new_pin`` (validated) with a fresh salt; clears failures and lockout."""
        validate_new_pin(new_pin)
        salt = secrets.token_bytes(SALT_BYTES)
        digest = _hash(new_pin, salt, self._n, SCRYPT_R, SCRYPT_P)
        with self._lock:
            self._save({
                "kdf": "scrypt", "n": self._n, "r": SCRYPT_R, "p": SCRYPT_P,
                "salt": salt.hex(), "hash": digest.hex(), "failures": 0, "locked_until": 0.0,
                "set_at": self._clock(),
            })

    def reset(self) -> None:
        """Back to the default PIN, with no failures and no lockout."""
        with self._lock:
            self._save({"failures": 0, "locked_until": 0.0})

    def verify(self, pin: str) -> PinCheck:
        """Check a PIN typed on the keypad; counts failures and locks after too many.

        While locked, nothing is checked (a right PIN is refused too) so guessing gains
        nothing. A right PIN clears the failure count.
        """
        with self._lock:
            data = self._load()
            is_default = "hash" not in data
            locked = self._locked_seconds(data)
            if locked > 0:
                return PinCheck(False, 0, locked, is_default)
            if is_default:
                ok = hmac.compare_digest(pin.encode("utf-8"), DEFAULT_PIN.encode("utf-8"))
            else:
                salt = bytes.fromhex(data["salt"])
                digest = _hash(pin, salt, int(data["n"]), int(data["r"]), int(data["p"]))
                ok = hmac.compare_digest(digest, bytes.fromhex(data["hash"]))
            if ok:
                if data.get("failures") or data.get("locked_until"):
                    self._save({**data, "failures": 0, "locked_until": 0.0})
                return PinCheck(True, self.max_failures, 0.0, is_default)
            failures = int(data.get("failures", 0)) + 1
            locked_until = 0.0
            if failures >= self.max_failures:
                locked_until = self._clock() + self.lockout_seconds
                failures = 0  # after the lockout the technician gets a full set of tries
            self._save({**data, "failures": failures, "locked_until": locked_until})
            left = self.max_failures - failures if not locked_until else 0
            return PinCheck(False, left, max(0.0, locked_until - self._clock()), is_default)
