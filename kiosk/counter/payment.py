"""How a customer pays: the seam where a card terminal would plug in.

Today there is one method, "at the counter" (:class:`PayAtCounter`): the order is stored
unpaid, the ticket says "please pay N won at the counter", and the barista taps the order
card's Paid toggle when the money is taken. A card terminal later is one more
:class:`PaymentMethod` whose :meth:`~PaymentMethod.begin` talks to the terminal and answers
:attr:`PaymentStatus.PAID` (the kiosk then records it with ``store.set_paid``) or
:attr:`PaymentStatus.DECLINED` with a code.

The serving rule (:func:`serve_needs_payment_check`) lives here, not in the barista screen:
an unpaid cup may still be handed over (a staff drink, a coupon, a regular who pays later),
but only after the barista has answered a question, because the common mistake at a busy
counter is forgetting to take the money, not refusing a cup.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from kiosk.orders.model import Order

AT_COUNTER = "counter"
"""The :attr:`Order.payment` value and config ``counter.payment`` for paying at the counter."""

METHODS = (AT_COUNTER,)
"""Payment methods this kiosk knows (config ``counter.payment``)."""


class PaymentStatus(StrEnum):
    """Where a payment stands after :meth:`PaymentMethod.begin`."""

    PAY_AT_COUNTER = "pay_at_counter"
    """Nothing taken yet: the customer pays the barista (the ticket says so)."""
    PAID = "paid"
    """Taken by the kiosk (a card terminal): record it as paid."""
    DECLINED = "declined"
    """The terminal refused (``code`` says why); the order must not be made."""


@dataclass(frozen=True)
class PaymentOutcome:
    """What a payment method answered for one order.

    Attributes:
        status: :class:`PaymentStatus`.
        amount_won: the amount due or taken, in won (None: the price is unknown).
        code: why it was declined (a snake_case code each front end has words for), or None.
        params: the code's parameters (JSON scalars).
    """

    status: PaymentStatus
    amount_won: int | None
    code: str | None = None
    params: Mapping[str, str | int | float | None] = field(default_factory=dict)


class PaymentMethod(Protocol):
    """A way to pay. ``name`` is stored with the order (:attr:`Order.payment`)."""

    name: str

    def begin(self, order: Order) -> PaymentOutcome:
        """Start paying for a stored order; may block (a terminal): call it off the GUI
        thread."""
        ...


class PayAtCounter:
    """Pay the barista: nothing happens at the kiosk; the ticket asks for the amount."""

    name = AT_COUNTER

    def begin(self, order: Order) -> PaymentOutcome:
        """Always :attr:`PaymentStatus.PAY_AT_COUNTER` with the order's price."""
        return PaymentOutcome(PaymentStatus.PAY_AT_COUNTER, order.price_won)


def payment_method(name: str) -> PaymentMethod:
    """The method configured as ``counter.payment``. Raises ``ValueError`` for an unknown
    name (the config checks it first)."""
    if name == AT_COUNTER:
        return PayAtCounter()
    raise ValueError(f"unknown payment method {name!r} (known: {', '.join(METHODS)})")


def serve_needs_payment_check(order: Order) -> bool:
    """True when handing this cup over should first ask "not paid yet: paid now?"."""
    return order.payment == AT_COUNTER and not order.is_paid
