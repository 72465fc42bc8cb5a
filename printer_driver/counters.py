"""Link health counters: what went over the wire, what had to be sent again, how long a
round trip takes.

A technician reads them in diagnostics; the link logs a warning when the share of
retransmitted bytes gets high (a failing cable or a noisy USB adapter shows up here long
before prints start failing). All counters are updated under one lock and read as a
consistent snapshot.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import asdict, dataclass

log = logging.getLogger(__name__)

#: Retransmitted share of sent bytes above which the link warns (a healthy cable: ~0).
RETRY_WARN_RATIO = 0.05
#: Judge the ratio only after this many bytes, so one early resend does not alarm.
RETRY_WARN_MIN_BYTES = 4096
#: At most one warning per this many seconds.
RETRY_WARN_INTERVAL_S = 60.0
#: Host frames coming back within one liveness interval that make the link name the echo
#: (spec 12.6).
ECHO_WARN_FRAMES = 3


@dataclass(frozen=True)
class CounterSnapshot:
    """Counters at one instant. Bytes are raw bytes on the wire (after framing)."""

    bytes_sent: int = 0
    bytes_received: int = 0
    bytes_retransmitted: int = 0
    frames_sent: int = 0
    frames_received: int = 0
    frames_retransmitted: int = 0
    invalid_frames: int = 0
    naks_sent: int = 0
    naks_received: int = 0
    timeouts: int = 0
    reconnects: int = 0
    payload_bytes_acked: int = 0
    echoed_frames: int = 0  # good frames of a host type received: the line echoes
    rtt_ms: float | None = None  # smoothed round-trip time (SRTT)
    rtt_var_ms: float | None = None
    rtt_last_ms: float | None = None
    rto_ms: float | None = None  # the retransmit timeout in force

    @property
    def retry_ratio(self) -> float:
        """Retransmitted bytes as a share of all bytes sent (0 when nothing was sent)."""
        return self.bytes_retransmitted / self.bytes_sent if self.bytes_sent else 0.0

    def to_dict(self) -> dict[str, object]:
        """JSON-able form, with ``retry_ratio`` included."""
        out = asdict(self)
        out["retry_ratio"] = round(self.retry_ratio, 6)
        return out


class Counters:
    """Thread-safe, monotonically growing link counters (until :meth:`reset`)."""

    _FIELDS = (
        "bytes_sent", "bytes_received", "bytes_retransmitted", "frames_sent",
        "frames_received", "frames_retransmitted", "invalid_frames", "naks_sent",
        "naks_received", "timeouts", "reconnects", "payload_bytes_acked", "echoed_frames",
    )

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values = dict.fromkeys(self._FIELDS, 0)
        self._rtt: tuple[float | None, float | None, float | None, float | None] = (
            None, None, None, None,
        )
        self._last_warn = -1e18
        self._last_echo_warn = -1e18

    def add(self, **increments: int) -> None:
        """Add to named counters, e.g. ``add(bytes_sent=40, frames_sent=1)``."""
        with self._lock:
            for name, value in increments.items():
                self._values[name] += value

    def set_rtt(self, srtt_s: float, rttvar_s: float, last_s: float | None, rto_s: float) -> None:
        """Record the link's current round-trip estimate (seconds in, milliseconds kept)."""
        with self._lock:
            self._rtt = (
                srtt_s * 1e3, rttvar_s * 1e3, None if last_s is None else last_s * 1e3,
                rto_s * 1e3,
            )

    def snapshot(self) -> CounterSnapshot:
        """A consistent copy of every counter."""
        with self._lock:
            srtt, var, last, rto = self._rtt
            return CounterSnapshot(
                **self._values, rtt_ms=srtt, rtt_var_ms=var, rtt_last_ms=last, rto_ms=rto
            )

    def reset(self) -> None:
        """Zero every counter (a benchmark phase, or a technician's "reset" button)."""
        with self._lock:
            self._values = dict.fromkeys(self._FIELDS, 0)
            self._rtt = (None, None, None, None)

    def check_retry_ratio(self, now: float | None = None) -> bool:
        """Log a warning if the retry ratio is high (rate-limited); True if it warned."""
        snap = self.snapshot()
        now = time.monotonic() if now is None else now
        if snap.bytes_sent < RETRY_WARN_MIN_BYTES or snap.retry_ratio <= RETRY_WARN_RATIO:
            return False
        with self._lock:
            if now - self._last_warn < RETRY_WARN_INTERVAL_S:
                return False
            self._last_warn = now
        log.warning(
            "printer link: %.1f%% of bytes were sent again (%d of %d), %d invalid frames "
            "received; check the cable or USB adapter",
            100 * snap.retry_ratio, snap.bytes_retransmitted, snap.bytes_sent,
            snap.invalid_frames,
        )
        return True

    def warn_echo(self, now: float | None = None) -> bool:
        """Say in the log that the line echoes what the host sends (rate-limited); True if
        it warned. The link calls it when echoes keep coming; it ignores them meanwhile."""
        now = time.monotonic() if now is None else now
        with self._lock:
            if now - self._last_echo_warn < RETRY_WARN_INTERVAL_S:
                return False
            self._last_echo_warn = now
            echoed = self._values["echoed_frames"]
        log.warning(
            "printer link: %d of the host's own frames came back: the line echoes what the "
            "host sends (local echo on the adapter or device server, a loopback plug, or a "
            "wrong port); they are ignored, but check the adapter's echo setting and the "
            "port", echoed)
        return True

    # Convenience read-only views used by the CLI and UI.
    def __getattr__(self, name: str) -> int:
        if name in Counters._FIELDS:
            with self._lock:
                return self._values[name]
        raise AttributeError(name)

    @property
    def retry_ratio(self) -> float:
        """Retransmitted share of sent bytes, now."""
        return self.snapshot().retry_ratio
