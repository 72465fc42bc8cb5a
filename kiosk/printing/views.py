"""The printer as plain data for screens and commands: status, faults, powders, identity.

The print service turns the driver's value types (``PrinterStatus``, ``PrinterInfo``) into
these frozen views once, so the kiosk's windows and the CLI read the same answers: whether
a fault needs someone to acknowledge it comes from the driver's fault table
(:mod:`printer_driver.faults`), never from a front end's own list. No words here: each
front end words the codes itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: importing the views loads none of the driver
    from printer_driver.counters import CounterSnapshot
    from printer_driver.values import PrinterInfo, PrinterStatus


@dataclass(frozen=True)
class PowderLevelView:
    """One powder reservoir: ``grams`` left (None when the printer does not say)."""

    powder: str
    grams: float | None
    capacity_grams: float | None = None
    low: bool = False
    empty: bool = False

    @property
    def fraction(self) -> float | None:
        """Fill level 0..1 when the capacity is known."""
        if self.grams is None or not self.capacity_grams:
            return None
        return max(0.0, min(1.0, self.grams / self.capacity_grams))


@dataclass(frozen=True)
class FaultView:
    """A printer fault: ``code`` is its name in the fault table ("cinnamon_empty",
    "cup_missing", …); ``needs_ack`` and ``blocks`` are the table's answers: must someone
    acknowledge it (Continue, ``printer clear``), does it stop a print from starting."""

    code: str
    needs_ack: bool = False
    blocks: bool = False


@dataclass(frozen=True)
class PrinterIdentityView:
    """Who the printer is, from the handshake (:class:`PrinterInfo`).

    Attributes:
        firmware, protocol: "1.4.2", "1.1".
        boot_id: 8 upper-case hex digits (changes when the printer restarts).
        serial: the printer's serial number, "" when it reports none (or an invalid one).
        pitch_mm, diameter_mm: the head's native dot pitch and print circle, mm.
    """

    firmware: str
    protocol: str
    boot_id: str
    serial: str = ""
    pitch_mm: float = 0.3
    diameter_mm: float = 76.0


@dataclass(frozen=True)
class PrinterStatusView:
    """The printer at one instant.

    Attributes:
        connected: the link is up and the printer answered.
        state: the printer's own state word ("idle", "printing", "paused") or "offline".
        faults: every fault set (empty when all is well), as the fault table names them.
        powders: reservoir levels, cocoa first.
        identity: from the latest handshake (None until the first).
        counters: the link's counters at that instant (None while offline).
        printing_order: the order the service is printing now, or None.
        detail: while offline, the driver's neutral English line about why (for logs and
            the technician; never shown as the barista's words).
    """

    connected: bool
    state: str = "offline"
    faults: tuple[FaultView, ...] = ()
    powders: tuple[PowderLevelView, ...] = ()
    identity: PrinterIdentityView | None = None
    counters: CounterSnapshot | None = None
    printing_order: int | None = None
    detail: str = ""

    @property
    def blocking_faults(self) -> tuple[FaultView, ...]:
        """Faults someone must fix and acknowledge (the table's ``needs_ack``: latched and
        blocking). Not "*_low" (a warning), not "cup_missing" (live: placing a cup clears
        it; :attr:`cup_missing` keeps printing off), not the diagnostics."""
        return tuple(f for f in self.faults if f.needs_ack)

    @property
    def has_fault(self) -> bool:
        """True when a fault needs someone's hands and an acknowledgement."""
        return bool(self.blocking_faults)

    @property
    def cup_missing(self) -> bool:
        """True while the printer's cup sensor sees no cup."""
        return any(f.code == "cup_missing" for f in self.faults)


OFFLINE = PrinterStatusView(connected=False)


def identity_view_from(info: PrinterInfo) -> PrinterIdentityView:
    """The handshake's :class:`PrinterInfo` as a view."""
    return PrinterIdentityView(
        firmware=info.firmware, protocol=info.protocol, boot_id=f"{info.boot_id:08X}",
        serial=info.serial or "", pitch_mm=info.pitch_mm, diameter_mm=info.diameter_mm)


def status_view_from(st: PrinterStatus, *, identity: PrinterIdentityView | None = None,
                     counters: CounterSnapshot | None = None,
                     printing_order: int | None = None) -> PrinterStatusView:
    """A driver :class:`PrinterStatus` as a view (powders cocoa first)."""
    order = sorted(st.powder_grams, key=lambda p: (p != "cocoa", p != "cinnamon", p))
    powders = tuple(
        PowderLevelView(powder=p, grams=float(st.powder_grams[p]), low=p in st.low,
                        empty=p in st.empty)
        for p in order)
    faults = tuple(FaultView(code=f.name, needs_ack=f.needs_ack, blocks=f.blocks())
                   for f in st.faults)
    return PrinterStatusView(connected=True, state=st.state, faults=faults, powders=powders,
                             identity=identity, counters=counters,
                             printing_order=printing_order)


__all__ = [
    "OFFLINE",
    "FaultView",
    "PowderLevelView",
    "PrinterIdentityView",
    "PrinterStatusView",
    "identity_view_from",
    "status_view_from",
]
