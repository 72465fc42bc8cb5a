"""Helpers for the counter tests: a fake clock, orders in a real store, saved pictures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from kiosk.orders.schema import PrintResult
from kiosk.orders.store import OrderStore
from printer_driver.mask import Mask

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "counter"


def save_artifact(image, name: str) -> Path:
    """Save a picture for a person to look at (``test-artifacts/counter/NAME``)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    image.save(path)
    return path


class FakeClock:
    """A settable, timezone-aware clock."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 12, 4, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += timedelta(**kw)


def new_order(store: OrderStore, *, price: int | None = 4500, drink: str = "latte",
              lang: str = "en"):
    return store.create_order(drink_id=drink, mask=Mask.blank(), preview=None,
                              price_won=price, lang=lang)


def printed_order(store: OrderStore, **kw):
    """An order printed through the store's own print-job calls, as the service does."""
    order = new_order(store, **kw)
    _, job = store.begin_print(order.id)
    return store.finish_print(job.id, PrintResult.PRINTED)
