"""Test helpers for the firmware: a tiny fake machine and a scripted host.

Not the simulated hardware (that is printer_driver.sim.machine): just enough machine to
check the firmware's protocol logic deterministically, with a clock the test moves.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import numpy as np

from printer_driver.mask import Mask
from printer_driver.protocol import (
    Data,
    DecodeError,
    Frame,
    FrameDecoder,
    Hello,
    HelloReply,
    JobBegin,
    JobCommit,
    PowderBits,
    encode_frame,
    encode_job_data,
)
from printer_driver.sim.firmware import Firmware, FirmwareConfig


@dataclass
class FakeMachine:
    """Prints one row every ``row_s`` seconds; faults are set by the test."""

    row_s: float = 0.01
    cup: bool = True
    grams: dict[str, float] = field(default_factory=lambda: {"cinnamon": 50.0, "cocoa": 50.0})
    powder_low_grams: float = 5.0
    fault_at_row: tuple[int, str] | None = None
    starts: list[tuple[np.ndarray, float, str | None]] = field(default_factory=list)
    aborts: int = 0
    is_jammed: bool = False
    _dots: np.ndarray | None = None
    _t0: float = 0.0
    _rows: int = 0
    _state: str = "idle"
    _fault: str | None = None
    _paused_rows: int = 0

    def cup_present(self) -> bool:
        return self.cup

    def powder_grams(self) -> dict[str, float]:
        return dict(self.grams)

    def jammed(self) -> bool:
        return self.is_jammed

    def start(self, dots: np.ndarray, now: float, *, job_id: str | None = None,
              diameter_mm: float | None = None) -> None:
        self.starts.append((np.array(dots), now, job_id))
        self._dots, self._t0, self._rows, self._state, self._fault = dots, now, 0, "printing", None

    def advance(self, now: float) -> tuple[int, str | None]:
        if self._dots is None:
            return 0, None
        if self._state == "printing":
            n = self._dots.shape[0]
            due = min(n, self._paused_rows + int((now - self._t0) / self.row_s))
            if self.fault_at_row is not None and due >= self.fault_at_row[0]:
                due = self.fault_at_row[0]
                self._fault = self.fault_at_row[1]
                self.fault_at_row = None
                self._state = "fault"
            self._rows = max(self._rows, due)
            if self._rows >= n and self._state == "printing":
                self._state = "idle"
        return self._rows, self._fault

    def abort(self, now: float) -> None:
        if self._dots is not None and self._state != "idle":
            self.aborts += 1
        self._state = "idle"
        self._dots = None

    def pause(self, now: float) -> None:
        self.advance(now)
        if self._state == "printing":
            self._state = "paused"
            self._paused_rows = self._rows

    def resume(self, now: float) -> None:
        if self._state == "paused":
            self._state = "printing"
            self._t0 = now

    def busy(self) -> bool:
        return self._state in ("printing", "paused")

    def estimate_seconds(self, dots: np.ndarray) -> float:
        return dots.shape[0] * self.row_s


def portrait_like(n: int = 64, seed: int = 1) -> Mask:
    """A mask with structure: a dithered disc of both powders on foam."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:n, 0:n]
    r = np.hypot(yy - n / 2 + 0.5, xx - n / 2 + 0.5)
    dots = np.where(r < n / 3, rng.integers(0, 3, (n, n)), 0).astype(np.uint8)
    return Mask.from_levels(dots, diameter_mm=n * 0.3, pitch_mm=0.3)


class Host:
    """A scripted host talking to a :class:`Firmware` with a manual clock."""

    def __init__(self, *, machine: FakeMachine | None = None,
                 config: FirmwareConfig | None = None, seed: int = 7) -> None:
        self.machine = machine or FakeMachine()
        self.fw = Firmware(self.machine, config=config, rng=random.Random(seed))
        self.now = 0.0
        self.decoder = FrameDecoder()
        self.seq = 0x100
        self.nonce = 0x50
        self.inbox: list[Frame | DecodeError] = []

    def send_raw(self, data: bytes) -> list[Frame | DecodeError]:
        self.fw.receive(data, self.now)
        return self.poll()

    def send(self, *frames: Frame) -> list[Frame | DecodeError]:
        return self.send_raw(b"".join(encode_frame(f) for f in frames))

    def poll(self) -> list[Frame | DecodeError]:
        got = self.decoder.feed(self.fw.poll(self.now))
        self.inbox += got
        return got

    def run(self, seconds: float, step: float = 0.005) -> list[Frame | DecodeError]:
        got: list[Frame | DecodeError] = []
        end = self.now + seconds
        while self.now < end - 1e-12:
            self.now = min(end, self.now + step)
            got += self.poll()
        return got

    def next_seq(self) -> int:
        s = self.seq
        self.seq = (self.seq + 1) & 0xFFFF
        return s

    def next_nonce(self) -> int:
        self.nonce += 1
        return self.nonce

    def hello(self) -> HelloReply:
        nonce = self.next_nonce()
        got = self.send(Hello(nonce, self.seq))
        replies = [f for f in got if isinstance(f, HelloReply) and f.ref == nonce]
        assert len(replies) == 1, got
        return replies[0]

    def job_frames(self, job_id: int, mask: Mask, chunk: int = 200) -> tuple[JobBegin, list[Data],
                                                                               JobCommit]:
        method, data, crc = encode_job_data(mask.dots)
        powders = sum(int(b) for c, b in ((1, PowderBits.CINNAMON), (2, PowderBits.COCOA))
                      if c in mask.powders.codes)
        begin = JobBegin(self.next_seq(), job_id, mask.size, round(mask.pitch_mm * 1000),
                         round(mask.diameter_mm * 1000), powders, int(method), len(data), crc)
        chunks = [Data(self.next_seq(), job_id, off, data[off : off + chunk])
                  for off in range(0, len(data), chunk)]
        commit = JobCommit(self.next_seq(), job_id)
        return begin, chunks, commit
