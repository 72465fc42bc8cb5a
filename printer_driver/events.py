"""Typed events the driver reports while it works.

The driver calls ``on_event(event)`` from its own threads (the link's reader thread or the
caller's thread), so a UI must hand events over to its GUI thread (a Qt signal) and a
callback must return quickly and never call back into the driver synchronously.
A callback that raises is logged and ignored: a broken listener must not break a print.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from printer_driver.values import PrinterStatus

log = logging.getLogger(__name__)


class ConnectionState(StrEnum):
    """Where the link stands."""

    CONNECTED = "connected"
    LOST = "lost"  # the port failed or the printer went silent; reconnecting
    RECONNECTING = "reconnecting"  # one reopen attempt is under way
    RECONNECTED = "reconnected"  # back, same printer boot: the job carries on
    RESTARTED = "restarted"  # back, but the printer rebooted: any job is void
    GAVE_UP = "gave_up"  # reconnecting took too long: LinkLostError follows
    CLOSED = "closed"


@dataclass(frozen=True)
class ConnectionEvent:
    """The link changed state. ``attempt`` counts reopen attempts since the loss (0 first)."""

    state: ConnectionState
    attempt: int = 0
    detail: str = ""


@dataclass(frozen=True)
class StatusEvent:
    """A fresh status report from the printer."""

    status: PrinterStatus


@dataclass(frozen=True)
class ProgressEvent:
    """Progress of one job.

    Attributes:
        job_id: the job.
        phase: "upload" (bytes go to the printer) or "print" (rows go on the foam).
        done, total: bytes for "upload", rows for "print".
        seconds_left: estimate for the phase, None when not known yet.
    """

    job_id: int
    phase: str
    done: int
    total: int
    seconds_left: float | None = None

    @property
    def fraction(self) -> float:
        """``done / total`` in 0..1 (1 for an empty phase)."""
        return 1.0 if self.total <= 0 else min(1.0, self.done / self.total)

    @property
    def rows_done(self) -> int:
        """Rows on the foam so far (0 during upload)."""
        return self.done if self.phase == "print" else 0

    @property
    def rows_total(self) -> int:
        """Rows of the job (0 during upload, where it is not counted in rows)."""
        return self.total if self.phase == "print" else 0


@dataclass(frozen=True)
class FaultEvent:
    """The printer raised (``active=True``) or cleared a fault.

    ``fault`` is the fault's name in :mod:`printer_driver.faults` ("cup_removed",
    "cocoa_empty", "cinnamon_low", …); what it means is that table's row.
    """

    fault: str
    active: bool


Event = ConnectionEvent | StatusEvent | ProgressEvent | FaultEvent
EventCallback = Callable[[Event], None]


def emit(callback: EventCallback | None, event: Event) -> None:
    """Deliver ``event`` to ``callback`` if any; log and swallow what the callback raises."""
    if callback is None:
        return
    try:
        callback(event)
    except Exception:  # a listener's bug must not abort a print in progress
        log.exception("event listener failed on %r", event)
