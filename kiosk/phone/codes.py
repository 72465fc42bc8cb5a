"""One-time codes: the secret in the QR code that lets one phone send one photo.

A code is 192 random bits from :mod:`secrets` (32 URL-safe characters), compared in
constant time. At most one code is live at a time (one customer at the kiosk). It dies when
its lifetime is over, when the customer leaves the QR screen (:meth:`CodeBook.revoke`), or
when a photo sent with it has been taken (:meth:`CodeBook.consume`). Retired codes are
remembered only as SHA-256 digests, a few at a time, so that a phone holding an old code is
told "expired" or "already used" rather than "not found".
"""

from __future__ import annotations

import enum
import hashlib
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

CODE_BYTES = 24  # 192 bits; the brief asks for at least 128
CODE_CHARS = 32  # len(secrets.token_urlsafe(24))
_RETIRED_KEPT = 16


class CodeState(enum.Enum):
    """What a code presented by a phone is, now."""

    VALID = "valid"
    EXPIRED = "expired"  # its time ran out, or the customer left the QR screen
    USED = "used"  # a photo was already taken with it
    UNKNOWN = "unknown"  # never issued here (or long forgotten)


@dataclass(frozen=True)
class Code:
    """A live code. ``expires_at`` is on the book's monotonic clock, in seconds."""

    value: str
    expires_at: float
    lifetime_s: float


def looks_like_code(text: str) -> bool:
    """True when ``text`` has a code's shape (32 URL-safe characters); cheap pre-check."""
    return len(text) == CODE_CHARS and all(c.isalnum() or c in "-_" for c in text)


class CodeBook:
    """Issues, checks and retires the one live code. Thread-safe (the server's threads and
    the GUI thread both call it).

    ``clock``: monotonic seconds (tests pass a fake to expire codes without waiting).
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._live: Code | None = None
        self._retired: OrderedDict[bytes, CodeState] = OrderedDict()

    def issue(self, lifetime_s: float) -> Code:
        """A new code valid for ``lifetime_s`` seconds; any live one is retired (expired)."""
        if lifetime_s <= 0:
            raise ValueError("a code needs a lifetime above 0 seconds")
        code = Code(secrets.token_urlsafe(CODE_BYTES), self._clock() + lifetime_s, lifetime_s)
        with self._lock:
            self._retire(CodeState.EXPIRED)
            self._live = code
        return code

    def revoke(self) -> None:
        """The customer left: the live code (if any) stops working at once."""
        with self._lock:
            self._retire(CodeState.EXPIRED)

    def state(self, value: str) -> CodeState:
        """What ``value`` is now (constant-time against the live code)."""
        with self._lock:
            return self._state(value)

    def consume(self, value: str) -> CodeState:
        """Take the one photo of ``value``: VALID means this caller got it and the code is
        now used; anything else says why not (nothing changed)."""
        with self._lock:
            state = self._state(value)
            if state is CodeState.VALID:
                self._retire(CodeState.USED)
            return state

    def live(self) -> Code | None:
        """The live code, or None (also None once it has expired)."""
        with self._lock:
            if self._live is not None and self._clock() >= self._live.expires_at:
                self._retire(CodeState.EXPIRED)
            return self._live

    def seconds_left(self) -> float:
        """Seconds until the live code expires (0 when there is none)."""
        code = self.live()
        return max(0.0, code.expires_at - self._clock()) if code is not None else 0.0

    # --- internals (lock held) ---

    def _state(self, value: str) -> CodeState:
        candidate = value.encode("utf-8", "replace")
        live = self._live
        if live is not None and secrets.compare_digest(candidate, live.value.encode()):
            if self._clock() < live.expires_at:
                return CodeState.VALID
            self._retire(CodeState.EXPIRED)
            return CodeState.EXPIRED
        return self._retired.get(_digest(candidate), CodeState.UNKNOWN)

    def _retire(self, why: CodeState) -> None:
        if self._live is None:
            return
        self._retired[_digest(self._live.value.encode())] = why
        self._live = None
        while len(self._retired) > _RETIRED_KEPT:
            self._retired.popitem(last=False)


def _digest(value: bytes) -> bytes:
    return hashlib.sha256(value).digest()
