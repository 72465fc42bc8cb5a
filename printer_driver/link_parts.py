"""The reliable link's parts (:mod:`printer_driver.link`): its settings, its retransmit timer,
the error that ends it, and the frames it keeps in flight.

Split from the link itself so that each reads in one sitting; :mod:`printer_driver.link`
re-exports the public names (``LinkSettings``, ``LinkDown``, ``Pending``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from printer_driver.protocol import Frame, Result, encode_frame


class _Waiter(Protocol):
    """What a :class:`Pending` asks of its link."""

    def _wait_seq(self, item: _Seq, timeout: float) -> Result | None: ...


#: The answer type(s) a control frame waits for.
ReplyType = type[Frame] | tuple[type[Frame], ...]

SEQ_MOD = 1 << 16
DUP_THRESH = 3  # SACKed frames above a gap that declare it lost (as RFC 6675)


@dataclass(frozen=True)
class LinkSettings:
    """Timing of the link. Seconds throughout.

    Attributes:
        rto_initial: retransmit timeout before the first RTT sample (spec: 1 s).
        rto_min, rto_max: clamp of the adaptive timeout (spec: 0.1 s, 3 s).
        clock_granularity: G in RTO = SRTT + max(G, 4·RTTVAR) (RFC 6298): scheduling jitter.
        max_retries: consecutive timeouts without progress before the link is down (8).
        liveness_s: silence (no valid frame) after which the link is down; None = 3 ×
            the printer's keepalive.
        read_chunk: largest single read from the port, bytes.
        poll_s: how long a port read may block; bounds how late the reader notices close.
        port_buffer_bytes: new job frames are written only while the port holds fewer
            unsent bytes than this (0 = no limit): control frames then overtake job data
            within ~90 ms at 115200 baud instead of a whole window's 360 ms.
        window_frames, window_bytes: optional host-side caps on the window (benchmarks use
            ``window_frames=1`` for a stop-and-wait baseline); None = the printer's window.
    """

    rto_initial: float = 1.0
    rto_min: float = 0.1
    rto_max: float = 3.0
    clock_granularity: float = 0.05
    max_retries: int = 8
    liveness_s: float | None = None
    read_chunk: int = 4096
    poll_s: float = 0.02
    window_frames: int | None = None
    window_bytes: int | None = None
    port_buffer_bytes: int = 1024


class LinkDown(Exception):  # noqa: N818 - an internal signal, not a user-facing error
    """The link cannot carry on (port error, silence, too many retries, session lost).

    ``restarted`` is True when the printer showed a new boot id or lost the session.
    """

    def __init__(self, reason: str, *, restarted: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.restarted = restarted


class RtoEstimator:
    """RFC 6298 retransmit timeout: RTO = SRTT + 4·RTTVAR, clamped, doubled on expiry."""

    def __init__(self, initial: float, lo: float, hi: float, granularity: float = 0.0) -> None:
        self.lo, self.hi = lo, hi
        self.granularity = granularity
        self.srtt: float | None = None
        self.min_rtt: float | None = None  # the quickest round trip seen (an idle line)
        self.rttvar = 0.0
        self.last: float | None = None
        self.rto = min(max(initial, lo), hi)

    def sample(self, r: float) -> None:
        """Feed one round-trip sample (seconds) from a frame sent exactly once."""
        r = max(0.0, r)
        self.last = r
        self.min_rtt = r if self.min_rtt is None else min(self.min_rtt, r)
        if self.srtt is None:
            self.srtt, self.rttvar = r, r / 2
        else:
            self.rttvar = 0.75 * self.rttvar + 0.25 * abs(self.srtt - r)
            self.srtt = 0.875 * self.srtt + 0.125 * r
        # RFC 6298's max(G, 4·RTTVAR): G covers thread scheduling and the printer's tick,
        # so a steady link's tiny variance does not make every late ack a timeout.
        self.rto = min(max(self.srtt + max(self.granularity, 4 * self.rttvar), self.lo), self.hi)

    def backoff(self) -> None:
        """A timeout expired: double the RTO (up to the ceiling)."""
        self.rto = min(self.rto * 2, self.hi)

    def restore(self) -> None:
        """Undo the doubling: RTO from SRTT and RTTVAR again (no-op before any sample)."""
        if self.srtt is not None:
            self.rto = min(max(self.srtt + max(self.granularity, 4 * self.rttvar), self.lo),
                           self.hi)


class _Seq:
    """One sequenced frame from the moment it is queued until it is complete."""

    __slots__ = (
        "abs",
        "acked",
        "done",
        "first_sent",
        "frame",
        "last_sent",
        "payload_len",
        "result",
        "sacked",
        "sampled",
        "tx",
        "want_result",
        "wire",
        "written",
    )

    def __init__(self, abs_seq: int, frame: Frame, want_result: bool) -> None:
        self.abs = abs_seq
        self.frame = frame
        self.wire = encode_frame(frame)
        self.payload_len = len(frame.payload())
        self.want_result = want_result
        self.tx = 0
        self.written = False  # the port took its bytes at least once
        self.first_sent = 0.0
        self.last_sent = 0.0
        self.acked = False
        self.sacked = False
        self.sampled = False
        self.result: Result | None = None
        self.done = False


class _Ctrl:
    """One control frame (nonce) waiting for its answer."""

    __slots__ = ("answer", "frame", "last_sent", "reply_type", "tx", "wire")

    def __init__(self, frame: Frame, reply_type: ReplyType) -> None:
        self.frame = frame
        self.wire = encode_frame(frame)
        self.reply_type = reply_type
        self.tx = 0
        self.last_sent = 0.0
        self.answer: Frame | None = None


class Pending:
    """A handle on a queued sequenced frame. :meth:`wait` blocks until it is complete."""

    def __init__(self, link: _Waiter, item: _Seq) -> None:
        self._link = link
        self._item = item

    @property
    def seq(self) -> int:
        """The frame's wire sequence number."""
        return self._item.abs % SEQ_MOD

    @property
    def done(self) -> bool:
        """Acknowledged (and answered, for commands)."""
        return self._item.done

    @property
    def sent(self) -> bool:
        """Written to the port at least once (it may have reached the printer)."""
        return self._item.written

    def wait(self, timeout: float) -> Result | None:
        """The RESULT (None for a DATA frame stored without one).

        Raises:
            LinkDown: the link failed first.
            TimeoutError: not complete within ``timeout`` seconds.
        """
        return self._link._wait_seq(self._item, timeout)
