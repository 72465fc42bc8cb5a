"""Shared fixtures for the kiosk core tests: a fake clock, masks and a store in tmp."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kiosk.orders.store import OrderStore


class FakeClock:
    """A settable, timezone-aware clock."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 11, 30, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += timedelta(**kw)


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path, monkeypatch):
    """Never touch the real user folders."""
    monkeypatch.setenv("PHOTOLATTE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PHOTOLATTE_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("PHOTOLATTE_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(tmp_path, clock):
    s = OrderStore(tmp_path / "orders.sqlite3", clock=clock, retention_minutes=120)
    yield s
    s.close()
