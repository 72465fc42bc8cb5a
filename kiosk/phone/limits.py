"""Per-client rate limits for the phone upload: token buckets keyed by a keyed hash.

A client is its IP address, but the address itself is never stored: the key is an HMAC of
it under a random per-process secret (nothing about a phone is kept beyond the log line
that a photo arrived). The table holds at most :data:`MAX_CLIENTS` entries; the oldest go
first, so a flood of addresses cannot grow memory.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

MAX_CLIENTS = 1024


@dataclass(frozen=True)
class Rate:
    """``burst`` requests at once, refilled at ``per_minute`` a minute."""

    burst: int
    per_minute: float


class RateLimiter:
    """Token buckets per client. ``allow(client)`` takes a token or answers how many
    seconds until one is there (``retry_after``). Thread-safe."""

    def __init__(self, rate: Rate, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self._clock = clock
        self._secret = secrets.token_bytes(32)
        self._lock = threading.Lock()
        self._buckets: OrderedDict[bytes, tuple[float, float]] = OrderedDict()

    def key(self, client: str) -> bytes:
        """The stored stand-in for a client's address (an HMAC, not the address)."""
        return hmac.new(self._secret, client.encode("utf-8", "replace"), hashlib.sha256).digest()

    def allow(self, client: str) -> tuple[bool, float]:
        """``(True, 0)`` and one token spent, or ``(False, seconds until the next token)``."""
        key = self.key(client)
        now = self._clock()
        refill = self.rate.per_minute / 60.0
        with self._lock:
            tokens, stamp = self._buckets.pop(key, (float(self.rate.burst), now))
            tokens = min(float(self.rate.burst), tokens + (now - stamp) * refill)
            allowed = tokens >= 1.0
            if allowed:
                tokens -= 1.0
            self._buckets[key] = (tokens, now)
            while len(self._buckets) > MAX_CLIENTS:
                self._buckets.popitem(last=False)
        if allowed:
            return True, 0.0
        return False, (1.0 - tokens) / refill if refill > 0 else 60.0

    def forget(self) -> None:
        """Drop every client's bucket (the kiosk's session ended)."""
        with self._lock:
            self._buckets.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._buckets)
