"""Orders in the database: creating, reading, the queue, and state transitions.

Every state change goes through :func:`set_state_in` under the one transition table
(:data:`kiosk.orders.model.TRANSITIONS`). Entering SERVED or CANCELLED deletes the order's
images in the same transaction (a deletion that works on a full disk, then a scrub).

Crash recovery (:func:`recover`, owner only): an order left PRINTING becomes INTERRUPTED
with the code ``kiosk_restarted`` and its open print-job row is closed the same way. It is
never reprinted by itself; the barista taps Reprint.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from kiosk.orders import images
from kiosk.orders.database import Database
from kiosk.orders.errors import OrderNotFoundError
from kiosk.orders.model import QUEUE_STATES, Order, OrderState, check_transition
from kiosk.orders.outcome import (
    KIOSK_RESTARTED,
    ErrorParams,
    check_code,
    decode_params,
    encode_params,
)
from kiosk.orders.schema import PrintResult, from_iso, to_iso
from printer_driver.powders import PowderSet

ORDER_COLS = (
    "o.id, o.number, o.day, o.drink_id, o.design, o.powders, o.darkness, o.state, "
    "o.created_at, o.updated_at, o.print_attempts, o.error_code, o.error_params, "
    "i.order_id IS NOT NULL, o.lang, o.price_won, o.payment, o.paid_at, o.ready_at"
)
ORDER_FROM = "orders o LEFT JOIN order_images i ON i.order_id = o.id"


def order_from_row(row: tuple[Any, ...]) -> Order:
    """An :class:`Order` from a row of :data:`ORDER_COLS`."""
    return Order(
        id=row[0], number=row[1], day=row[2], drink_id=row[3], design=row[4],
        powders=PowderSet(row[5]), darkness=row[6], state=OrderState(row[7]),
        created_at=from_iso(row[8]), updated_at=from_iso(row[9]), print_attempts=row[10],
        error_code=row[11], error_params=decode_params(row[12]), has_images=bool(row[13]),
        lang=row[14], price_won=row[15], payment=row[16],
        paid_at=None if row[17] is None else from_iso(row[17]),
        ready_at=None if row[18] is None else from_iso(row[18]),
    )


def get_in(db: sqlite3.Connection, order_id: int) -> Order:
    """The order inside the caller's transaction. Raises :class:`OrderNotFoundError`."""
    row = db.execute(
        f"SELECT {ORDER_COLS} FROM {ORDER_FROM} WHERE o.id = ?", (order_id,)).fetchone()
    if row is None:
        raise OrderNotFoundError(order_id)
    return order_from_row(row)


def create(database: Database, *, drink_id: str, mask_png: bytes,
           preview_png: bytes | None, design: str, powders: PowderSet, darkness: float,
           lang: str, price_won: int | None = None, payment: str = "counter") -> Order:
    """Insert a QUEUED order (unpaid) and its images; the ticket number is the day's next."""
    now = database.now()
    day = now.astimezone().date().isoformat()  # ticket numbers restart each local day
    with database.tx() as db:
        number = db.execute(
            "SELECT COALESCE(MAX(number), 0) + 1 FROM orders WHERE day = ?", (day,)
        ).fetchone()[0]
        cur = db.execute(
            "INSERT INTO orders (day, number, drink_id, design, powders, darkness, state, "
            "lang, created_at, updated_at, price_won, payment) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (day, number, drink_id, design, powders.value, float(darkness),
             OrderState.QUEUED.value, lang, to_iso(now), to_iso(now), price_won, payment),
        )
        order_id = int(cur.lastrowid or 0)
        db.execute(
            "INSERT INTO order_images (order_id, mask_png, preview_png) VALUES (?, ?, ?)",
            (order_id, mask_png, preview_png),
        )
        return get_in(db, order_id)


def get(database: Database, order_id: int) -> Order:
    """The order with that id. Raises :class:`OrderNotFoundError`."""
    with database.read() as db:
        return get_in(db, order_id)


def list_queue(database: Database) -> list[Order]:
    """Orders not yet served or cancelled, oldest first."""
    marks = ", ".join("?" * len(QUEUE_STATES))
    rows = database.query(
        f"SELECT {ORDER_COLS} FROM {ORDER_FROM} WHERE o.state IN ({marks}) ORDER BY o.id",
        tuple(s.value for s in QUEUE_STATES),
    )
    return [order_from_row(r) for r in rows]


def list_orders(database: Database, *, states: Iterable[OrderState] | None,
                since: datetime | None, limit: int) -> list[Order]:
    """Orders in ``states`` (any if None) created at or after ``since``, oldest first."""
    where: list[str] = ["1"]
    params: list[str | int] = []
    if states is not None:
        chosen = [OrderState(s).value for s in states]
        where.append(f"o.state IN ({', '.join('?' * len(chosen))})")
        params += chosen
    if since is not None:
        where.append("o.created_at >= ?")
        params.append(to_iso(since))
    rows = database.query(
        f"SELECT {ORDER_COLS} FROM {ORDER_FROM} WHERE {' AND '.join(where)} "
        "ORDER BY o.id LIMIT ?",
        (*params, int(limit)),
    )
    return [order_from_row(r) for r in rows]


def queue_position(database: Database, order_id: int) -> int:
    """How many queued or printing orders are ahead of this one (0 = next)."""
    with database.read() as db:
        order = get_in(db, order_id)
        return int(db.execute(
            "SELECT COUNT(*) FROM orders WHERE id < ? AND state IN (?, ?)",
            (order.id, OrderState.QUEUED.value, OrderState.PRINTING.value),
        ).fetchone()[0])


def set_state_in(db: sqlite3.Connection, now: datetime, order: Order, new_state: OrderState,
                 error_code: str | None, error_params: ErrorParams | None) -> None:
    """Write ``new_state`` (already checked) inside the caller's transaction.

    Entering PRINTING counts an attempt and takes the cup off the ready board (a reprint
    is called again when it is done). ``error_code`` None keeps the last error, except
    that entering PRINTING or PRINTED clears it.
    """
    if error_code is None and new_state not in (OrderState.PRINTING, OrderState.PRINTED):
        error_code, error_params = order.error_code, order.error_params
    attempts = order.print_attempts + (new_state is OrderState.PRINTING)
    ready_at = None if new_state is OrderState.PRINTING or order.ready_at is None \
        else to_iso(order.ready_at)
    db.execute(
        "UPDATE orders SET state = ?, error_code = ?, error_params = ?, print_attempts = ?, "
        "updated_at = ?, ready_at = ? WHERE id = ?",
        (new_state.value, error_code, encode_params(error_params) if error_code else None,
         attempts, to_iso(now), ready_at, order.id),
    )


def transition(database: Database, order_id: int, new_state: OrderState, *,
               error_code: str | None, error_params: ErrorParams | None) -> Order:
    """Move an order to ``new_state`` if the table allows it; the new snapshot.

    Raises:
        TransitionError: the move is not in the table.
        OrderNotFoundError: no such order.
        StoreError: coded (``disk_full`` …); a deletion (SERVED, CANCELLED) uses the
            disk reserve before it gives up.
    """
    new_state = OrderState(new_state)
    if error_code is not None:
        check_code(error_code)
        encode_params(error_params)  # refuse bad parameters before anything changes
    now = database.now()

    def work(db: sqlite3.Connection) -> tuple[Order, int]:
        order = get_in(db, order_id)
        check_transition(order.state, new_state)
        set_state_in(db, now, order, new_state, error_code, error_params)
        deleted = images.delete_in(db, (order_id,)) if new_state.is_terminal else 0
        return get_in(db, order_id), deleted

    if new_state.is_terminal:
        order, deleted = database.write_freeing_space(work)
        if deleted:
            database.scrub()
        return order
    with database.tx() as db:
        return work(db)[0]


def recover(database: Database) -> tuple[int, ...]:
    """Orders left PRINTING by a stopped kiosk become INTERRUPTED; their ids."""
    now = to_iso(database.now())
    with database.tx() as db:
        ids = tuple(int(r[0]) for r in db.execute(
            "SELECT id FROM orders WHERE state = ? ORDER BY id", (OrderState.PRINTING.value,)))
        db.execute(
            "UPDATE orders SET state = ?, error_code = ?, error_params = NULL, updated_at = ? "
            "WHERE state = ?",
            (OrderState.INTERRUPTED.value, KIOSK_RESTARTED, now, OrderState.PRINTING.value),
        )
        db.execute(
            "UPDATE print_jobs SET finished_at = ?, result = ?, error_code = ?, "
            "error_params = NULL WHERE finished_at IS NULL",
            (now, PrintResult.INTERRUPTED.value, KIOSK_RESTARTED),
        )
    return ids
