"""Orders and their states: one value type and one transition table.

::

    QUEUED ──tap Print──> PRINTING ──done──> PRINTED ──cup handed over──> SERVED
                            │  ├─fault──> FAILED ─────┐
                            │  └─crash/abort─> INTERRUPTED ─┤ tap Reprint
                            │                               └──────> PRINTING
    PRINTED ──tap Reprint──> PRINTING      (a smudged print is redone)
    any state but SERVED / CANCELLED ──cancel──> CANCELLED   (the abort path)

Nothing enters PRINTING except by the barista's tap: the store never moves an order there
by itself, and after a crash a PRINTING order becomes INTERRUPTED, never QUEUED.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from printer_driver.powders import PowderSet

PHOTO_DESIGN = "photo"
"""``Order.design`` for a customer portrait; other values name a built-in design."""


class OrderState(StrEnum):
    """Where an order is; the value is what the database stores."""

    QUEUED = "queued"
    PRINTING = "printing"
    PRINTED = "printed"
    SERVED = "served"
    INTERRUPTED = "interrupted"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def is_terminal(self) -> bool:
        """True for SERVED and CANCELLED: nothing more happens to the order."""
        return not TRANSITIONS[self]

    @property
    def needs_barista(self) -> bool:
        """True when the barista must act (print, reprint, serve) for the order to move."""
        return self in (OrderState.QUEUED, OrderState.PRINTED, OrderState.INTERRUPTED,
                        OrderState.FAILED)


_S = OrderState

TRANSITIONS: dict[OrderState, frozenset[OrderState]] = {
    _S.QUEUED: frozenset({_S.PRINTING, _S.CANCELLED}),
    _S.PRINTING: frozenset({_S.PRINTED, _S.INTERRUPTED, _S.FAILED, _S.CANCELLED}),
    _S.PRINTED: frozenset({_S.SERVED, _S.PRINTING, _S.CANCELLED}),
    _S.INTERRUPTED: frozenset({_S.PRINTING, _S.CANCELLED}),
    _S.FAILED: frozenset({_S.PRINTING, _S.CANCELLED}),
    _S.SERVED: frozenset(),
    _S.CANCELLED: frozenset(),
}
"""The one table of allowed moves: ``TRANSITIONS[from]`` is the set of legal targets."""

TERMINAL_STATES = frozenset(s for s, targets in TRANSITIONS.items() if not targets)
QUEUE_STATES = frozenset(OrderState) - TERMINAL_STATES
"""States shown in the barista's queue."""


class TransitionError(ValueError):
    """A state change the table does not allow (e.g. printing a served order)."""


def can_transition(current: OrderState, new: OrderState) -> bool:
    """True if the table allows ``current -> new``."""
    return OrderState(new) in TRANSITIONS[OrderState(current)]


def check_transition(current: OrderState, new: OrderState) -> None:
    """Raise :class:`TransitionError` unless ``current -> new`` is allowed."""
    if not can_transition(current, new):
        allowed = ", ".join(sorted(s.value for s in TRANSITIONS[OrderState(current)])) or "none"
        raise TransitionError(
            f"an order that is {OrderState(current).value} cannot become "
            f"{OrderState(new).value} (allowed: {allowed})"
        )


@dataclass(frozen=True)
class Order:
    """One customer's order as stored (a snapshot; the store holds the truth).

    Attributes:
        id: database id, unique for ever.
        number: the ticket number shown to the customer, 1.. per local day.
        day: the local date the number belongs to, ``YYYY-MM-DD``.
        drink_id: a :class:`kiosk.orders.menu.Drink` id.
        design: ``"photo"`` for a portrait, else a built-in design name (``"heart"`` ...).
        powders: the powder set the mask uses.
        darkness: the customer's lighter/darker choice, -1 .. +1.
        state: the :class:`OrderState`.
        created_at / updated_at: timezone-aware UTC datetimes.
        print_attempts: how many times printing started.
        error_code: why the last print failed or stopped, as a code
            (:mod:`kiosk.orders.outcome`; each front end has its words), or None.
        error_params: that error's parameters (``{"powder": "cinnamon"}``), empty if none.
        has_images: True while the mask and preview are still stored (False after purge).
        lang: the customer's language at order time (``"ko"``/``"en"``).
        price_won: the price the customer was shown, in won (None: an order from before
            prices were stored).
        payment: how the customer pays, a :mod:`kiosk.counter.payment` method name
            (``"counter"``: at the counter).
        paid_at: when it was paid (timezone-aware UTC), None while unpaid.
        ready_at: when the barista called the cup ready (UTC), None until then; a
            reprint clears it.
    """

    id: int
    number: int
    day: str
    drink_id: str
    design: str
    powders: PowderSet
    darkness: float
    state: OrderState
    created_at: datetime
    updated_at: datetime
    print_attempts: int = 0
    error_code: str | None = None
    error_params: Mapping[str, str | int | float | None] = field(
        default_factory=dict, hash=False)
    has_images: bool = True
    lang: str = "ko"
    price_won: int | None = None
    payment: str = "counter"
    paid_at: datetime | None = None
    ready_at: datetime | None = None

    @property
    def is_paid(self) -> bool:
        """True once the order is paid (:attr:`paid_at` is set)."""
        return self.paid_at is not None

    @property
    def is_ready(self) -> bool:
        """True while the cup is printed and was called ready, not yet handed over."""
        return self.ready_at is not None and self.state is OrderState.PRINTED

    @property
    def is_photo(self) -> bool:
        """True if the design is the customer's portrait."""
        return self.design == PHOTO_DESIGN

    @property
    def ticket(self) -> str:
        """The ticket number as printed for the customer, e.g. ``"042"``."""
        return f"{self.number:03d}"

    def waiting_seconds(self, now: datetime) -> float:
        """Seconds since the order was placed (``now`` timezone-aware)."""
        return max(0.0, (now - self.created_at).total_seconds())
