"""What an order card shows in each state: which actions, which lines. No Qt.

One function, :func:`card_shows`, answers from the order, whether the counter's buttons are
offered, whether "Served" is being undone and why printing is blocked; the card
(:mod:`kiosk.ui.barista.order_card`) only applies the answer. The states and their actions:

- waiting:            "Cup is in place — Print"      and Cancel (asks first)
- printing:           progress with rows and time left, and Stop (asks first)
- printed:            "Ready" (calls the number), "Served" and "Print again"
- called ready:       "Served", "Call again"          and "Print again"
- just served:        "Served", the seconds left and a big "Undo"
- stopped / failed:   what went wrong, "Cup is in place — Reprint" and Cancel (asks first)

plus the payment toggle (orders paid at the counter) on every card but a served one.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.counter.payment import AT_COUNTER
from kiosk.orders.model import Order, OrderState

PRINTABLE = (OrderState.QUEUED, OrderState.INTERRUPTED, OrderState.FAILED)
CANCELLABLE = (OrderState.QUEUED, OrderState.INTERRUPTED, OrderState.FAILED,
               OrderState.PRINTED)
WAITING = (OrderState.QUEUED, OrderState.INTERRUPTED, OrderState.FAILED)  # "Waiting 3 min"


@dataclass(frozen=True)
class CardShows:
    """Which parts of a card are shown (and which buttons enabled)."""

    print: bool = False  # "Cup is in place — Print" / "— Reprint"
    print_enabled: bool = False
    reprint: bool = False  # the Print button says "Reprint"
    ready: bool = False
    recall: bool = False  # "Call again"
    served: bool = False
    served_primary: bool = False  # Served is the green one (the next step)
    again: bool = False  # "Print again"
    again_enabled: bool = False
    stop: bool = False
    cancel: bool = False
    paid: bool = False  # the payment toggle
    undo: bool = False  # the undo window of "Served": "Served", seconds left, Undo only
    waiting: bool = False  # "Waiting 3 min"
    blocked: bool = False  # why Print is disabled, in words
    lost: bool = False  # the picture was purged: it can never print
    progress: bool = False


def card_shows(order: Order, *, counter: bool, serve_pending: bool,
               blocked: bool) -> CardShows:
    """What the card of ``order`` shows. ``counter``: the counter's buttons (paid, ready)
    are offered; ``serve_pending``: "Served" was tapped and can still be undone;
    ``blocked``: printing is impossible now (another print, no printer, a fault)."""
    state = order.state
    if serve_pending:
        return CardShows(undo=True)
    lost = not order.has_images and state in PRINTABLE
    printable = state in PRINTABLE and not lost
    printed = state is OrderState.PRINTED
    called = printed and order.ready_at is not None
    return CardShows(
        print=printable, print_enabled=printable and not blocked,
        reprint=state is not OrderState.QUEUED,
        ready=printed and counter and not called,
        recall=called and counter,
        served=printed, served_primary=called or not counter,
        again=printed, again_enabled=not blocked,
        stop=state is OrderState.PRINTING,
        cancel=state in CANCELLABLE,
        paid=counter and order.payment == AT_COUNTER,
        waiting=state in WAITING,
        # Why Print is off ("Print again" is greyed out for the same reason; the status
        # line says it, and a printed card has lines enough).
        blocked=blocked and printable,
        lost=lost,
        progress=state is OrderState.PRINTING,
    )


def queue_order(orders: list[Order], printing: int | None = None) -> list[Order]:
    """The barista's queue as shown: the order being printed pinned on top (``printing``,
    or any order the store has PRINTING), then the others oldest first."""
    def pinned(o: Order) -> bool:
        return o.id == printing or o.state is OrderState.PRINTING

    rest = sorted((o for o in orders if not pinned(o)), key=lambda o: (o.created_at, o.id))
    return [o for o in orders if pinned(o)] + rest
