"""The one backoff helper, and the package's lazy front door (PEP 562)."""

from __future__ import annotations

import itertools
import subprocess
import sys

import pytest

from printer_driver.backoff import Backoff, backoff_delays


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_delays_double_and_are_capped() -> None:
    assert list(itertools.islice(backoff_delays(0.5, 5.0), 7)) == [
        0.5, 1.0, 2.0, 4.0, 5.0, 5.0, 5.0]
    assert list(itertools.islice(backoff_delays(3.0, 2.0), 2)) == [2.0, 2.0]  # first capped


def test_the_last_pause_ends_at_the_deadline_and_then_it_gives_up() -> None:
    clock = _Clock()
    b = Backoff(1.0, 4.0, total=6.0, clock=clock)
    waited = []
    while (delay := b.next_delay()) is not None:
        waited.append(delay)
        clock.now += delay
    assert waited == [1.0, 2.0, 3.0]  # 1 + 2, then cut from 4 to the 3 s left
    assert b.expired and b.left() == 0.0


def test_an_absolute_deadline_wins_when_sooner_and_reset_starts_over() -> None:
    clock = _Clock()
    b = Backoff(1.0, 8.0, total=60.0, deadline=clock.now + 2.5, clock=clock)
    assert b.deadline == 102.5
    assert b.next_delay() == 1.0 and b.next_delay() == 2.0
    b.reset()
    assert b.next_delay() == 1.0
    endless = Backoff(0.5, 5.0, clock=clock)
    assert endless.left() == float("inf") and not endless.expired
    with pytest.raises(ValueError):
        Backoff(-1.0, 2.0)


def _modules_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print('\\n'.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    return set(out.stdout.split())


def test_importing_the_errors_costs_only_the_errors() -> None:
    loaded = _modules_after("import printer_driver.errors")
    heavy = {"serial", "numpy", "printer_driver.driver", "printer_driver.protocol",
             "printer_driver.link", "printer_driver.faults"}
    assert not heavy & loaded, heavy & loaded
    assert "printer_driver.errors" in loaded


def test_the_front_door_still_offers_every_name_on_first_use() -> None:
    import printer_driver

    for name in printer_driver.__all__:
        assert getattr(printer_driver, name) is not None, name
    assert printer_driver.faults.by_name("jam").needs_ack  # a submodule as an attribute
    assert "PrinterDriver" in dir(printer_driver)
    with pytest.raises(AttributeError):
        _ = printer_driver.NoSuchThing  # type: ignore[attr-defined]
    loaded = _modules_after("from printer_driver import PrinterDriver")
    assert "printer_driver.driver" in loaded  # asked for: loaded then


def test_the_fault_table_and_the_outcome_rules_load_no_numpy() -> None:
    # The fault table reads the protocol's constants; the protocol's front door is lazy,
    # so only the job data's compression brings NumPy in.
    loaded = _modules_after("import printer_driver.faults, kiosk.printing.outcome")
    assert not {"numpy", "serial", "printer_driver.protocol.compression"} & loaded
    import printer_driver.protocol as protocol

    for name in protocol.__all__:
        assert getattr(protocol, name) is not None, name
    with pytest.raises(AttributeError):
        _ = protocol.NoSuchFrame  # type: ignore[attr-defined]
