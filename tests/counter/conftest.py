"""Fixtures for the counter tests: a fake clock and a real store in tmp."""

from __future__ import annotations

import pytest
from counter_support import FakeClock

from kiosk.orders.store import OrderStore


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
    s = OrderStore(tmp_path / "orders.sqlite3", clock=clock, reserve_bytes=0)
    yield s
    s.close()
