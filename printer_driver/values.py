"""The driver's value types: settings, what the printer says about itself and its jobs.

Plain frozen dataclasses, built from the protocol's frames; the driver returns them and the
front ends read them. Nothing here does I/O.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from enum import IntEnum

from printer_driver import faults
from printer_driver.faults import FaultInfo
from printer_driver.link import LinkSettings
from printer_driver.protocol import (
    Capability,
    Fault,
    HelloReply,
    JobInfo,
    JobState,
    PrinterState,
    Status,
    fault_from_code,
)
from printer_driver.protocol.constants import serial_problem

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Timeouts:
    """Every deadline the driver keeps, in seconds.

    Attributes:
        request: one control request (status, query, abort) including its retries.
        handshake: the HELLO after opening a port.
        connect_attempts: handshakes tried by :meth:`PrinterDriver.open` before giving up.
        command: a sequenced command's RESULT (JOB_BEGIN, COMMIT, PRINT, CLEAR_FAULT).
        upload_min: an upload's deadline is this plus three times its time on the line.
        reconnect_first, reconnect_max: first and largest pause between reopen attempts.
        reconnect_total: reconnecting gives up (LinkLostError) this long after the link
            was first lost, unless the printer made progress meanwhile (answered a request,
            moved the host's job on; spec 12.5), however many handshakes succeed (a printer
            that answers HELLO, then nothing).
        print_stall: a print whose rows stop advancing for this long has stalled.
        paused_max: how long a paused print may wait for RESUME before the driver gives up.
        poll: while printing, ask for the job's state when nothing was heard for this long.
        link: retransmission and liveness settings of the link itself; its ``poll_s``
            is how long one port read may block (bounds the reaction to close()).
    """

    request: float = 10.0
    handshake: float = 3.0
    connect_attempts: int = 3
    command: float = 15.0
    upload_min: float = 20.0
    reconnect_first: float = 0.1
    reconnect_max: float = 2.0
    reconnect_total: float = 20.0
    print_stall: float = 60.0
    paused_max: float = 900.0
    poll: float = 1.0
    link: LinkSettings = field(default_factory=LinkSettings)


@dataclass(frozen=True)
class PrinterInfo:
    """What the printer said about itself in the handshake.

    ``protocol_version`` is the major version, ``protocol_minor`` the session's minor
    version (0 with a 1.0 printer). ``serial`` is the printer's serial number (spec 4.4), or
    None when unknown: a 1.0 printer has none, a 1.1 printer may have none, and one that
    breaks the spec's rule (1-32 of ``A-Za-z0-9-._``, the first a letter or digit) is never
    used as a key (``serial_invalid`` then holds what it sent, for the diagnostics).
    """

    firmware: str
    protocol_version: int
    boot_id: int
    capabilities: tuple[str, ...]
    max_payload: int
    window_frames: int
    window_bytes: int
    max_job_bytes: int
    grid_max: int
    job_slots: int
    keepalive_ms: int
    pitch_mm: float
    diameter_mm: float
    protocol_minor: int = 0
    serial: str | None = None
    serial_invalid: str | None = None

    @classmethod
    def from_reply(cls, r: HelloReply) -> PrinterInfo:
        caps = tuple((c.name or f"bit_{c.value}").lower() for c in Capability
                     if r.capabilities & c)
        sent = r.serial or ""
        problem = serial_problem(sent) if sent else None
        valid = bool(sent) and problem is None
        if problem:
            log.warning("the printer sent the serial number %r, which is not valid (%s): "
                        "taken as unknown; a technician should check the printer", sent,
                        problem)
        return cls(
            protocol_minor=r.minor or 0, serial=sent if valid else None,
            serial_invalid=None if valid or not sent else sent,
            firmware=f"{r.fw_major}.{r.fw_minor}.{r.fw_patch}", protocol_version=r.proto,
            boot_id=r.boot_id, capabilities=caps, max_payload=r.max_payload,
            window_frames=r.window_frames, window_bytes=r.window_bytes,
            max_job_bytes=r.max_job_bytes, grid_max=r.grid_max, job_slots=r.job_slots,
            keepalive_ms=r.keepalive_ms, pitch_mm=r.pitch_um / 1000.0,
            diameter_mm=r.diameter_um / 1000.0,
        )

    @property
    def limits(self) -> dict[str, int]:
        """The printer's limits: payload, window, job size, grid, slots."""
        return {
            "max_payload": self.max_payload, "window_frames": self.window_frames,
            "window_bytes": self.window_bytes, "max_job_bytes": self.max_job_bytes,
            "grid_max": self.grid_max, "job_slots": self.job_slots,
        }

    @property
    def protocol(self) -> str:
        """The session's protocol version as text, "1.1"."""
        return f"{self.protocol_version}.{self.protocol_minor}"

    def to_dict(self) -> dict[str, object]:
        return {
            "firmware": self.firmware, "protocol_version": self.protocol_version,
            "protocol": self.protocol, "serial": self.serial,
            "boot_id": f"{self.boot_id:08x}", "capabilities": list(self.capabilities),
            "limits": self.limits, "keepalive_ms": self.keepalive_ms,
            "pitch_mm": self.pitch_mm, "diameter_mm": self.diameter_mm,
        }


@dataclass(frozen=True)
class PrinterStatus:
    """One status report.

    Attributes:
        state: "idle", "printing" or "paused".
        faults: every fault set (latched or present), as rows of the fault table.
        fault_bits: the same as the protocol's bitmap (for :mod:`printer_driver.faults`).
        powder_grams: grams left per powder name.
        low, empty: powder names flagged low / empty.
        job_id, job_state: the printer's current (or newest) job, None/"unknown" if none.
        rows_done, rows_total: that job's rows.
        boot_id, uptime_s, slots_free: as the printer reports them.
    """

    state: str
    faults: tuple[FaultInfo, ...]
    fault_bits: int
    powder_grams: dict[str, float]
    low: frozenset[str]
    empty: frozenset[str]
    job_id: int | None
    job_state: str
    rows_done: int
    rows_total: int
    boot_id: int
    uptime_s: float
    slots_free: int

    @classmethod
    def from_frame(cls, s: Status) -> PrinterStatus:
        fl = faults.faults_in(s.faults)
        low = {f.powder for f in fl if f.powder and f.severity is faults.Severity.WARNING}
        empty = {f.powder for f in fl if f.powder and f.severity is faults.Severity.BLOCKING}
        return cls(
            state=_enum_name(PrinterState, s.state), faults=fl, fault_bits=s.faults,
            powder_grams={"cinnamon": s.cinnamon_mg / 1000.0, "cocoa": s.cocoa_mg / 1000.0},
            low=frozenset(low), empty=frozenset(empty), job_id=s.job_id or None,
            job_state=_enum_name(JobState, s.job_state), rows_done=s.rows_done,
            rows_total=s.rows_total, boot_id=s.boot_id, uptime_s=s.uptime_ms / 1000.0,
            slots_free=s.slots_free,
        )

    @property
    def fault_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.faults)

    def to_dict(self) -> dict[str, object]:
        return {
            "state": self.state, "faults": list(self.fault_names),
            "powder_grams": {k: round(v, 3) for k, v in self.powder_grams.items()},
            "low": sorted(self.low), "empty": sorted(self.empty),
            "job_id": None if self.job_id is None else f"{self.job_id:08x}",
            "job_state": self.job_state, "rows_done": self.rows_done,
            "rows_total": self.rows_total, "boot_id": f"{self.boot_id:08x}",
            "uptime_s": self.uptime_s, "slots_free": self.slots_free,
        }


@dataclass(frozen=True)
class JobStatus:
    """A job as the printer knows it (JOB_QUERY)."""

    job_id: int
    state: str
    fault: str | None
    bytes_have: int
    bytes_total: int
    rows_done: int
    rows_total: int

    @classmethod
    def from_info(cls, j: JobInfo) -> JobStatus:
        f = fault_from_code(j.fault) if 0 < j.fault <= 32 else Fault.NONE
        return cls(
            job_id=j.job_id, state=_enum_name(JobState, j.state),
            fault=faults.info(f).name if f else None, bytes_have=j.bytes_have,
            bytes_total=j.bytes_total, rows_done=j.rows_done, rows_total=j.rows_total,
        )


    def to_dict(self) -> dict[str, object]:
        return {"job_id": f"{self.job_id:08x}", "state": self.state, "fault": self.fault,
                "bytes_have": self.bytes_have, "bytes_total": self.bytes_total,
                "rows_done": self.rows_done, "rows_total": self.rows_total}

    def describe(self) -> str:
        """The job in words: "094b75c7: done, 254/254 rows", "…: failed (jam) after 120 of
        254 rows", "…: aborted after 3 of 254 rows", "…: printing row 12/254"."""
        rows = f"{self.rows_done} of {self.rows_total} rows"
        words = {
            "done": f"done, {self.rows_done}/{self.rows_total} rows",
            "aborted": f"cancelled after {rows}",
            "failed": f"failed ({self.fault or 'fault'}) after {rows}",
            "printing": f"printing row {self.rows_done}/{self.rows_total}",
            "paused": f"paused at row {self.rows_done}/{self.rows_total}",
            "ready": "uploaded, not printed yet",
            "uploading": f"receiving the picture ({self.bytes_have}/{self.bytes_total} bytes)",
            "unknown": "not known to the printer",
        }.get(self.state, f"{self.state}, row {self.rows_done}/{self.rows_total}")
        return f"{self.job_id:08x}: {words}"


@dataclass(frozen=True)
class JobHandle:
    """An uploaded job: its id, the CRC-32 of its packed rows, its size on the wire.

    ``boot_id`` is the printer boot the job lives in; ``rows`` its grid size;
    ``powders`` the powder bits it uses.
    """

    id: int
    crc32: int
    size: int
    rows: int
    boot_id: int
    powders: int
    compression: int


@dataclass(frozen=True)
class FinishedPrint:
    """A print the printer reports done: job id, rows printed, seconds from PRINT to done.

    (Not ``kiosk.orders.store.PrintResult``, the outcome an order's print is stored with.)
    """

    job_id: int
    rows_printed: int
    seconds: float


def _enum_name(enum: type[IntEnum], value: int) -> str:
    try:
        return enum(value).name.lower()
    except ValueError:
        return f"unknown_{value}"


__all__ = [
    "FinishedPrint",
    "JobHandle",
    "JobStatus",
    "PrinterInfo",
    "PrinterStatus",
    "Timeouts",
]
