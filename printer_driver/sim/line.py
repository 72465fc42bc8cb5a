"""One direction of a serial line: bytes cross it at the baud rate, possibly damaged.

A UART sends a byte as 10 bits (8N1), so the line carries ``baud / 10`` bytes per
simulated second. Bytes are damaged when they are sent (per the fault plan) and arrive, in
order, when the line has had time to carry them; a "delay" fault stalls the line.
Not thread-safe on its own: the printer's lock guards it.
"""

from __future__ import annotations

from collections import deque

from printer_driver.sim.faults import ByteDamager, Segment


class PacedLine:
    """Bytes in flight in one direction.

    Args:
        bytes_per_s: line rate in simulated seconds (``baud / 10``).
        damager: applies byte-level faults; None for a clean line.
    """

    def __init__(self, bytes_per_s: float, damager: ByteDamager | None = None) -> None:
        if not bytes_per_s > 0:
            raise ValueError("line rate must be positive")
        self.rate = float(bytes_per_s)
        self.damager = damager
        self._queue: deque[Segment] = deque()
        self._pending = 0
        self._clock = 0.0  # when the line is free to complete the next byte's start
        self.bytes_in = 0
        self.bytes_out = 0

    def __len__(self) -> int:
        """Bytes queued or on the wire, not yet delivered."""
        return self._pending

    def push(self, data: bytes, now: float) -> None:
        """The sender hands ``data`` to the line at time ``now``."""
        if not data:
            return
        self.bytes_in += len(data)
        segments = self.damager.damage(data) if self.damager else [Segment(bytes(data))]
        if not self._pending:
            self._clock = max(self._clock, now)
        for seg in segments:
            self._queue.append(seg)
            self._pending += len(seg.data)

    def pull(self, now: float) -> bytes:
        """Bytes that have fully arrived by ``now``, in order."""
        out = bytearray()
        while self._queue:
            seg = self._queue[0]
            if seg.stall_s:
                self._clock += seg.stall_s
                seg.stall_s = 0.0
            if not seg.data:
                self._queue.popleft()
                continue
            can = int((now - self._clock) * self.rate + 1e-9)
            if can <= 0:
                break
            take = min(can, len(seg.data))
            out += seg.data[:take]
            self._clock += take / self.rate
            if take == len(seg.data):
                self._queue.popleft()
            else:
                seg.data = seg.data[take:]
                break
        self._pending -= len(out)
        self.bytes_out += len(out)
        return bytes(out)

    def next_arrival(self) -> float | None:
        """Simulated time the next byte completes, or None if nothing is in flight."""
        if not self._queue:
            return None
        seg = self._queue[0]
        return self._clock + seg.stall_s + 1.0 / self.rate

    def clear(self) -> int:
        """Lose everything in flight (a cable pulled); returns how many bytes were lost."""
        lost = self._pending
        self._queue.clear()
        self._pending = 0
        return lost
