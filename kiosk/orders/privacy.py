"""What the kiosk keeps about a customer, for how long, and the guards that enforce it.

- The **photo** never leaves memory: it is not written to disk, the database or the logs.
- The **dot mask** and a **256 px cup preview** (both derived from the face) are stored
  with the order so the barista can print it, and deleted when the order is served or
  cancelled, or ``retention_minutes`` after it was placed (:func:`purge_expired`).
- The **consent answer** is logged: text version, language, time, accepted or declined.
  No image, no name, no link to the order.
- **Logs** carry no image data and no customer names (the kiosk never asks for a name);
  :class:`NoImageDataFilter` replaces any bytes or arrays in a log record.
- No face recognition or matching, ever.

The UI shows the consent text through Qt's translation system; whenever that text changes
in substance, bump :data:`CONSENT_TEXT_VERSION` so the log says which text was agreed to.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from kiosk.orders.store import OrderStore

CONSENT_TEXT_VERSION = "consent-2026-11-30.1"
"""Identifies the consent wording shown; stored with every consent answer."""

RECORDED_PER_ORDER = (
    "drink", "ticket number", "design (photo or built-in)", "powders", "lighter/darker",
    "order and print times", "print results",
)
"""What an order row holds once its images are gone (for the technician and the README)."""

RECORDED_PER_CONSENT = ("consent text version", "language", "time", "accepted or declined")


@dataclass(frozen=True)
class PurgeReport:
    """What :func:`purge_expired` did.

    Attributes:
        orders_purged: orders whose mask and preview were deleted.
        at: when the purge ran (timezone-aware).
    """

    orders_purged: int
    at: datetime


def purge_expired(store: OrderStore, now: datetime | None = None) -> PurgeReport:
    """Delete images of served/cancelled orders and of orders past the retention time.

    Call on start-up and then every minute or so (the UI's timer, in a worker). Orders
    being printed keep their images until the print ends.
    """
    when = now or store.now()
    count = store.purge(when)
    if count:
        logging.getLogger(__name__).info("privacy: deleted the images of %d order(s)", count)
    return PurgeReport(count, when)


_WITHHELD = "<image data withheld>"


def _is_image_data(value: Any) -> bool:
    if isinstance(value, bytes | bytearray | memoryview | np.ndarray):
        return True
    # Pillow images, Qt images and masks, without importing them here.
    kind = type(value).__name__
    return kind in {"Image", "QImage", "QPixmap", "Mask", "PortraitResult"} or (
        hasattr(value, "__array_interface__")
    )


class NoImageDataFilter(logging.Filter):
    """Replaces bytes, arrays and image objects in log records with a placeholder.

    Attach to handlers (:func:`install_log_filter`) so that a careless
    ``log.debug("frame %s", frame)`` can never write a face to a log file. The record is
    kept (the event is still logged); only the data is withheld.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if _is_image_data(record.msg):
            record.msg = _WITHHELD
        args = record.args
        if isinstance(args, tuple) and any(_is_image_data(a) for a in args):
            record.args = tuple(_WITHHELD if _is_image_data(a) else a for a in args)
        elif isinstance(args, dict) and any(_is_image_data(v) for v in args.values()):
            record.args = {k: _WITHHELD if _is_image_data(v) else v for k, v in args.items()}
        return True


def install_log_filter(logger: logging.Logger | None = None) -> NoImageDataFilter:
    """Add a :class:`NoImageDataFilter` to every handler of ``logger`` (default: root).

    Call after logging is configured; handlers added later need their own filter.
    """
    logger = logger or logging.getLogger()
    flt = NoImageDataFilter()
    for handler in logger.handlers:
        if not any(isinstance(f, NoImageDataFilter) for f in handler.filters):
            handler.addFilter(flt)
    return flt
