"""An order's images (the dot mask and the cup preview) and their deletion.

Only the mask and a small (256 px) cup preview are stored, in their own table, and they are
deleted when the order is served or cancelled and, at the latest, ``retention`` after the
order (:func:`purge`). A deletion must work on a full disk (it is what frees the space):
it runs through :meth:`Database.write_freeing_space` and is followed by
:meth:`Database.scrub`, which truncates the WAL so no copy of the images is left.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import partial

import cv2
import numpy as np

from kiosk.orders.database import Database
from kiosk.orders.errors import OrderNotFoundError, StoreError, StoreErrorCode
from kiosk.orders.model import OrderState
from kiosk.orders.schema import to_iso
from printer_driver.mask import Mask, MaskError

log = logging.getLogger(__name__)


def get_mask(database: Database, order_id: int) -> Mask | None:
    """The order's mask, or None once deleted.

    Raises:
        OrderNotFoundError: no such order.
        StoreError: ``damaged_image`` if the stored mask cannot be read.
    """
    with database.read() as db:
        if db.execute("SELECT 1 FROM orders WHERE id = ?", (order_id,)).fetchone() is None:
            raise OrderNotFoundError(order_id)
        row = db.execute("SELECT mask_png FROM order_images WHERE order_id = ?",
                         (order_id,)).fetchone()
    if row is None:
        return None
    try:
        return Mask.from_png_bytes(row[0], name=f"order {order_id} mask")
    except MaskError as exc:
        raise StoreError(StoreErrorCode.DAMAGED_IMAGE, order_id=order_id,
                         reason=str(exc)) from exc


def get_preview_png(database: Database, order_id: int) -> bytes | None:
    """The order's cup preview as PNG bytes (≤ 256 px), or None once deleted."""
    rows = database.query("SELECT preview_png FROM order_images WHERE order_id = ?",
                          (order_id,))
    return rows[0][0] if rows and rows[0][0] is not None else None


def get_preview(database: Database, order_id: int) -> np.ndarray | None:
    """The cup preview as ``(S, S, 3)`` RGB ``uint8``, or None once deleted."""
    data = get_preview_png(database, order_id)
    if data is None:
        return None
    img = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    return None if img is None else cv2.cvtColor(img, cv2.COLOR_BGR2RGB)


def delete_in(db: sqlite3.Connection, order_ids: Iterable[int]) -> int:
    """Delete the images of ``order_ids`` inside the caller's transaction; how many."""
    ids = tuple(order_ids)
    if not ids:
        return 0
    cur = db.execute(
        f"DELETE FROM order_images WHERE order_id IN ({', '.join('?' * len(ids))})", ids)
    return cur.rowcount


def _delete_one(db: sqlite3.Connection, *, order_id: int) -> int:
    return delete_in(db, (order_id,))


def purge(database: Database, now: datetime, retention: timedelta) -> int:
    """Delete images of served/cancelled orders and of orders older than ``retention``.

    An order that is printing right now keeps its images until the print ends. On a full
    disk, if deleting them all at once does not fit even with the reserve, they are
    deleted one order at a time (each deletion frees room for the next).
    Returns how many orders lost their images.
    """
    cutoff = to_iso(now - retention)
    ids = [r[0] for r in database.query(
        "SELECT o.id FROM orders o JOIN order_images i ON i.order_id = o.id "
        "WHERE o.state IN (?, ?) OR (o.created_at < ? AND o.state != ?)",
        (OrderState.SERVED.value, OrderState.CANCELLED.value, cutoff,
         OrderState.PRINTING.value),
    )]
    if not ids:
        return 0
    try:
        count = database.write_freeing_space(lambda db: delete_in(db, ids))
    except StoreError as exc:
        if exc.code is not StoreErrorCode.DISK_FULL or len(ids) == 1:
            raise
        log.warning("store: disk full; deleting %d orders' images one by one", len(ids))
        count = 0
        for order_id in ids:
            count += database.write_freeing_space(partial(_delete_one, order_id=order_id))
            database.scrub()
    if count:
        database.scrub()
    return count
