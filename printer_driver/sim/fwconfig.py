"""The simulated printer firmware's settings, and what it needs from the hardware.

:class:`FirmwareConfig` holds the limits and timing HELLO_REPLY advertises (docs/protocol.md
4.4) and the printer's serial number; :class:`MachineLike` is the contract with the machine
(``printer_driver.sim.machine.Machine``, or a test's fake).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np

from printer_driver.protocol import PROTOCOL_MINOR, Capability, serial_problem
from printer_driver.sim.jobcheck import Limits

FIRMWARE_VERSION = (1, 1, 0)


@runtime_checkable
class MachineLike(Protocol):
    """What the firmware needs from the hardware. Times are simulated seconds.

    Powder names are ``"cinnamon"`` and ``"cocoa"``. ``advance`` prints every row due by
    ``now`` and returns (rows printed so far in this print, fault name or None); fault names
    are ``"cocoa_empty"``, ``"cinnamon_empty"``, ``"cup_removed"``, ``"jam"``, reported while
    the machine stands stopped by the fault. Optional extra: ``jammed() -> bool`` (lets
    CLEAR_FAULT refuse to clear a jam that is still there). ``start`` gets the job's print
    circle (``diameter_mm``) so that the machine's record of the print carries it.
    """

    @property
    def powder_low_grams(self) -> float: ...

    def cup_present(self) -> bool: ...
    def powder_grams(self) -> dict[str, float]: ...
    def start(self, dots: np.ndarray, now: float, *, job_id: str | None = None,
              diameter_mm: float | None = None) -> None: ...
    def advance(self, now: float) -> tuple[int, str | None]: ...
    def abort(self, now: float) -> None: ...
    def pause(self, now: float) -> None: ...
    def resume(self, now: float) -> None: ...
    def busy(self) -> bool: ...
    def estimate_seconds(self, dots: np.ndarray) -> float: ...


@dataclass(frozen=True)
class FirmwareConfig:
    """The printer's limits and timing (advertised in HELLO_REPLY where the spec says).

    Attributes:
        max_payload: largest frame payload accepted, bytes.
        window_frames: receive window, frames (<= 32: the SACK bitmap's reach).
        window_bytes: receive window, payload bytes.
        max_job_bytes: largest job data (compressed) accepted, bytes.
        grid_max: largest grid side, dots.
        job_slots: jobs uploading/ready/printing at once.
        records: finished-job records kept.
        keepalive_s: unsolicited STATUS interval, seconds.
        progress_interval_s: minimum seconds between PROGRESS frames.
        status_min_interval_s: changes closer together than this share one STATUS (a
            bouncing cup sensor must not flood the line).
        nak_holdoff_s: seconds after a NAK before another may be sent within a burst.
        stale_slot_s: an idle uploading/ready job may be evicted after this many seconds.
        pitch_um, diameter_um: the machine's native geometry (HELLO_REPLY).
        mg_per_dot: the firmware's dose estimate per powder name, for POWDER_INSUFFICIENT
            (None: the packaged tone table).
        result_cache: RESULTs kept for duplicates; nonce_cache: control answers kept.
        serial: the printer's serial number (HELLO_REPLY 1.1); "" for none.
        protocol_minor: the highest minor protocol version spoken: 1, or 0 to behave as a
            1.0 printer on the wire.
    """

    version: tuple[int, int, int] = FIRMWARE_VERSION
    max_payload: int = 256
    window_frames: int = 16
    window_bytes: int = 4096
    max_job_bytes: int = 73728
    grid_max: int = 512
    job_slots: int = 2
    records: int = 32
    keepalive_s: float = 1.0
    progress_interval_s: float = 0.25
    status_min_interval_s: float = 0.05
    nak_holdoff_s: float = 0.5
    stale_slot_s: float = 300.0
    pitch_um: int = 300
    diameter_um: int = 76000
    mg_per_dot: dict[str, float] | None = None
    result_cache: int = 64
    nonce_cache: int = 16
    serial: str = ""
    protocol_minor: int = PROTOCOL_MINOR
    capabilities: int = int(
        Capability.PACKBITS | Capability.PAUSE_RESUME | Capability.SACK
        | Capability.POWDER_LEVELS | Capability.CUP_SENSOR | Capability.JOB_RECORDS
    )

    def __post_init__(self) -> None:
        if not 1 <= self.window_frames <= 32:
            raise ValueError("window_frames must be 1..32 (the SACK bitmap covers 32)")
        if not 64 <= self.max_payload <= 1024:
            raise ValueError("max_payload must be 64..1024 bytes")
        if self.window_bytes < self.max_payload:
            raise ValueError("window_bytes must hold at least one full frame")
        if self.serial and (why := serial_problem(self.serial)):
            raise ValueError(f"serial number {self.serial!r} is not valid: {why}")
        if not 0 <= self.protocol_minor <= PROTOCOL_MINOR:
            raise ValueError(f"protocol_minor must be 0..{PROTOCOL_MINOR}")

    def limits(self) -> Limits:
        """What a job is checked against (JOB_BEGIN)."""
        return Limits(self.pitch_um, self.grid_max, self.max_job_bytes)
