"""Shared pictures for the calibration tests (made once per session; each ~0.2 s), and no
simulated printer left behind."""

from __future__ import annotations

import numpy as np
import pytest
from cal_photos import SERIAL, Shot, shoot

import printer_driver.sim as sim
from calibration import charts


@pytest.fixture(scope="session")
def geometry_photo() -> Shot:
    return shoot(charts.geometry_chart(SERIAL))


@pytest.fixture(scope="session")
def tone_photo() -> Shot:
    return shoot(charts.tone_chart(SERIAL), shot=1)


@pytest.fixture(scope="session")
def empty_cup_photo() -> Shot:
    return shoot(np.zeros((254, 254), np.uint8), shot=2)


@pytest.fixture(autouse=True)
def _no_simulated_printers_left():
    yield
    sim.shutdown_all()
    assert sim.live_sim_threads() == []
