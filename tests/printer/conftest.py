"""Every printer test leaves no simulated printer, sim thread or driver link behind."""

from __future__ import annotations

import pytest
from driver_helpers import link_threads

import printer_driver.sim as sim


@pytest.fixture(autouse=True)
def _no_leftovers():
    yield
    sim.shutdown_all()
    assert link_threads() == []
    assert sim.live_sim_threads() == []
