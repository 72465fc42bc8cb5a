"""A phone upload service on loopback for each test, with a clock the test moves."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from phone_support import Rig, start_rig


@pytest.fixture
def rig() -> Iterator[Rig]:
    r = start_rig()
    try:
        yield r
    finally:
        r.service.stop()


@pytest.fixture
def make_rig() -> Iterator:
    started: list[Rig] = []

    def make(**settings) -> Rig:
        r = start_rig(**settings)
        started.append(r)
        return r

    yield make
    for r in started:
        r.service.stop()
