"""What the print service reports, as typed events.

The service calls its listener (``on_event(event)``) from its worker thread or the
driver's threads: a listener hands the event to its own thread (the kiosk: a queued Qt
signal) and returns at once. One event per change; nothing here carries words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.orders.errors import StoreError
    from kiosk.printing.outcome import ClearOutcome, PrintEnd, PrintFailure
    from kiosk.printing.views import PrinterStatusView


@dataclass(frozen=True)
class StatusChanged:
    """A fresh status (about once a second while idle, and after every change)."""

    status: PrinterStatusView


@dataclass(frozen=True)
class ConnectionChanged:
    """The link came up or went down; ``detail``: a neutral log line about why not."""

    connected: bool
    detail: str = ""


@dataclass(frozen=True)
class BusyChanged:
    """A print started (``busy``) or ended; ``order_id`` None for a print without order."""

    busy: bool
    order_id: int | None = None


@dataclass(frozen=True)
class PrintProgress:
    """Progress of the running print.

    Attributes:
        order_id: the order, or None for a print without one.
        phase: "upload" (``done``/``total`` in bytes) or "print" (rows).
        seconds_left: the phase's estimate, None while unknown.
    """

    order_id: int | None
    phase: str
    done: int
    total: int
    seconds_left: float | None = None


@dataclass(frozen=True)
class PrintUploaded:
    """The printer verified the job: its id (8 hex digits) is what the store keeps."""

    order_id: int | None
    job_id: str


@dataclass(frozen=True)
class PrintEnded:
    """A print is over (done or not); the store already records it."""

    end: PrintEnd


@dataclass(frozen=True)
class FaultsCleared:
    """An acknowledgement of the printer's faults ended: what it achieved, or why it could
    not be sent (``failure``: the printer is not connected, the link failed)."""

    outcome: ClearOutcome | None
    failure: PrintFailure | None = None


@dataclass(frozen=True)
class StoreProblem:
    """The order store refused to record a print's progress or end (a full or read-only
    disk). The service keeps the record and tries again each second until it is saved."""

    error: StoreError


ServiceEvent = (StatusChanged | ConnectionChanged | BusyChanged | PrintProgress
                | PrintUploaded | PrintEnded | FaultsCleared | StoreProblem)
ServiceListener = Callable[[ServiceEvent], None]


__all__ = [
    "BusyChanged",
    "ConnectionChanged",
    "FaultsCleared",
    "PrintEnded",
    "PrintProgress",
    "PrintUploaded",
    "ServiceEvent",
    "ServiceListener",
    "StatusChanged",
    "StoreProblem",
]
