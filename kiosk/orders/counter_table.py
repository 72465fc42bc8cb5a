"""The counter's facts about an order: paid or not (and when), called ready (and when).

Neither is an order state: a cup is paid before or after it is printed, and "ready" is a
call to the customer about a PRINTED cup, not a step the printer takes. Both are times
(UTC) in the order row, written here in one short transaction each:

- :func:`set_paid` records or clears ``paid_at`` (the barista's one-tap toggle; a mistaken
  tap is undone by the next). A cancelled order's payment is not changed.
- :func:`mark_ready` stamps ``ready_at`` on a PRINTED order (again on "Call again": the
  number moves to the top of the board). A reprint clears it
  (:func:`kiosk.orders.order_table.set_state_in`).
- :func:`list_ready` is what the ready board shows: PRINTED orders called at or after a time.
"""

from __future__ import annotations

from datetime import datetime

from kiosk.orders.database import Database
from kiosk.orders.model import Order, OrderState, TransitionError
from kiosk.orders.order_table import ORDER_COLS, ORDER_FROM, get_in, order_from_row
from kiosk.orders.schema import to_iso


def set_paid(database: Database, order_id: int, paid: bool) -> Order:
    """Mark an order paid now (``paid``) or unpaid again; the new snapshot.

    Paying twice keeps the first time. Raises :class:`TransitionError` for a cancelled
    order and :class:`~kiosk.orders.errors.OrderNotFoundError` for no such order.
    """
    now = to_iso(database.now())
    with database.tx() as db:
        order = get_in(db, order_id)
        if order.state is OrderState.CANCELLED:
            raise TransitionError(
                f"order {order.ticket} was cancelled; its payment cannot change")
        if paid and order.paid_at is not None:
            return order
        db.execute("UPDATE orders SET paid_at = ?, updated_at = ? WHERE id = ?",
                   (now if paid else None, now, order_id))
        return get_in(db, order_id)


def mark_ready(database: Database, order_id: int) -> Order:
    """Call a printed cup ready now (first call or a call again); the new snapshot.

    Raises:
        TransitionError: the order is not PRINTED (nothing to collect yet, or gone).
        OrderNotFoundError: no such order.
    """
    now = to_iso(database.now())
    with database.tx() as db:
        order = get_in(db, order_id)
        if order.state is not OrderState.PRINTED:
            raise TransitionError(
                f"order {order.ticket} is {order.state.value}; only a printed cup can be "
                "called ready")
        db.execute("UPDATE orders SET ready_at = ?, updated_at = ? WHERE id = ?",
                   (now, now, order_id))
        return get_in(db, order_id)


def list_ready(database: Database, since: datetime, limit: int = 50) -> list[Order]:
    """PRINTED orders called ready at or after ``since``, the latest call first."""
    rows = database.query(
        f"SELECT {ORDER_COLS} FROM {ORDER_FROM} WHERE o.ready_at >= ? AND o.state = ? "
        "ORDER BY o.ready_at DESC, o.id DESC LIMIT ?",
        (to_iso(since), OrderState.PRINTED.value, int(limit)),
    )
    return [order_from_row(r) for r in rows]
