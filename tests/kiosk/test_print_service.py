"""The print service's rules, through the real driver and the simulated printer.

What a barista and a terminal user rely on: the order is PRINTING before a byte goes out;
how each print ends (done / failed before the start / interrupted after it / unknown when
the link went after PRINT / interrupted when the kiosk stops) is what the store records,
with the printer's real job id; nothing prints by itself; the calibration a printer has is
applied to every print; a store that refuses a write loses nothing.
"""

from __future__ import annotations

import threading

import numpy as np
import pytest
from print_service_support import (
    FAST,
    Listener,
    first_row,
    preview,
    sim_url,
    small_mask,
    uploading,
)

import printer_driver.sim as sim
from kiosk.orders.model import OrderState
from kiosk.printing import events as ev
from kiosk.printing.outcome import PrintOutcome
from kiosk.printing.profiles import PrintSettings
from kiosk.printing.service import PrintService
from printer_driver.mask import Mask


@pytest.fixture(autouse=True)
def _no_leftovers():
    yield
    sim.shutdown_all()
    alive = [t.name for t in threading.enumerate()
             if t.name in ("print-service", "print-abort") and t.is_alive()]
    assert alive == []


@pytest.fixture
def kiosk(store):
    """Start a kiosk-mode service on a fresh simulated printer: ``kiosk(prefix, **sim)``."""
    started: list[PrintService] = []

    def make(prefix: str = "svc", profiles=None, **opts: object):
        name, url = sim_url(prefix, **opts)
        listener = Listener()
        extra = {} if profiles is None else {"profiles": profiles}
        service = PrintService(url, on_event=listener, store=store, timeouts=FAST, **extra)
        started.append(service)
        service.start()
        listener.wait_for(ev.ConnectionChanged, lambda e: e.connected)
        return service, listener, name

    yield make
    for service in started:
        service.stop()


def _order(store, seed: int, n: int = 64):
    mask = small_mask(seed, n)
    return store.create_order(drink_id="latte", mask=mask, preview=preview()), mask


def _records(name: str):
    return sim.get_printer(name).machine.records


def _end(listener: Listener) -> ev.PrintEnded:
    return listener.wait_for(ev.PrintEnded)


def test_an_order_prints_exactly_and_the_store_keeps_the_printers_job_id(kiosk, store):
    service, listener, name = kiosk("done")
    order, mask = _order(store, 1)
    states = []
    listener.on_first(ev.PrintProgress, lambda e: True,
                      lambda: states.append(store.get(order.id).state))

    assert service.print_order(order.id)
    end = _end(listener).end

    # PRINTING before the first byte went out; PRINTED once the printer said done.
    assert states == [OrderState.PRINTING]
    assert end.outcome is PrintOutcome.DONE and end.failure is None
    assert store.get(order.id).state is OrderState.PRINTED
    (record,) = _records(name)
    np.testing.assert_array_equal(record.printed, mask.dots)
    # The job id the printer used, exactly, in the store, the event and the end.
    (job,) = store.print_jobs(order.id)
    assert job.job_id == record.job_id == end.job_id
    assert listener.wait_for(ev.PrintUploaded).job_id == record.job_id
    assert job.printer_boot_id == service.status.identity.boot_id
    # Busy from the tap to the end, and told so.
    busy = [e.busy for e in listener.of(ev.BusyChanged)]
    assert busy == [True, False] and not service.busy
    assert end.calibration is None  # no profile: printed on nominal values


def test_no_cup_fails_before_the_start_and_the_order_waits(kiosk, store):
    service, listener, name = kiosk("nocup", cup=0)
    order, _ = _order(store, 2)
    assert service.print_order(order.id)
    end = _end(listener).end
    assert end.outcome is PrintOutcome.FAILED
    assert end.failure.code == "cup_missing" and not end.failure.print_started
    stored = store.get(order.id)
    assert stored.state is OrderState.FAILED and stored.error_code == "cup_missing"
    assert not [r for r in _records(name) if r.result == "done"]


def test_a_fault_after_the_start_interrupts_with_its_code_and_rows(kiosk, store):
    service, listener, name = kiosk("empty")
    sim.get_printer(name).set_faults("powder_empty=cinnamon@0.4")
    order, _ = _order(store, 3)
    assert service.print_order(order.id)
    end = _end(listener).end
    assert end.outcome is PrintOutcome.INTERRUPTED
    stored = store.get(order.id)
    assert stored.state is OrderState.INTERRUPTED and stored.error_code == "powder_empty"
    assert stored.error_params["powder"] == "cinnamon" and stored.error_params["rows_done"] > 0
    # Nothing prints again by itself.
    for _ in range(2):
        listener.events.clear()
        listener.wait_for(ev.StatusChanged)
    assert len(_records(name)) == 1


def test_the_link_lost_after_print_is_an_unknown_outcome(kiosk, store):
    service, listener, name = kiosk("lost", speed=5)
    order, _ = _order(store, 4)
    listener.on_first(ev.PrintProgress, first_row, lambda: sim.get_printer(name).unplug(1e6))
    assert service.print_order(order.id)
    end = _end(listener).end
    assert end.outcome is PrintOutcome.UNKNOWN
    assert end.failure.code == "link_lost" and end.failure.lost_after_print
    # The store has no "unknown": someone must look at the cup.
    stored = store.get(order.id)
    assert stored.state is OrderState.INTERRUPTED and stored.error_code == "link_lost"
    assert not service.connected


def test_the_kiosk_stopped_during_a_print_leaves_it_interrupted(kiosk, store):
    service, listener, name = kiosk("stop", speed=5)
    order, _ = _order(store, 5)
    printing = listener.on_first(ev.PrintProgress, first_row, lambda: None)
    assert service.print_order(order.id)
    assert printing.wait(30)
    service.stop()
    stored = store.get(order.id)
    assert stored.state is OrderState.INTERRUPTED and stored.error_code == "kiosk_stopped"
    assert not service.running
    assert sim.get_printer(name).wait_idle(10)
    assert _records(name)[-1].result == "aborted"  # the machine was told to stop
    assert not service.print_order(order.id)  # a stopped service prints nothing


def test_a_restart_during_the_upload_fails_with_nothing_printed(kiosk, store):
    service, listener, name = kiosk("reboot", speed=2)
    order, _ = _order(store, 6, n=254)
    listener.on_first(ev.PrintProgress, uploading, lambda: sim.get_printer(name).reset())
    assert service.print_order(order.id)
    end = _end(listener).end
    assert end.failure.code == "printer_restarted" and not end.failure.print_started
    assert end.outcome is PrintOutcome.FAILED
    assert store.get(order.id).state is OrderState.FAILED
    assert _records(name) == []


def test_each_print_applies_the_connected_printers_calibration(kiosk, store):
    seen: list[str | None] = []

    def mirror(mask: Mask) -> Mask:
        return Mask.from_levels(mask.dots[:, ::-1], diameter_mm=mask.diameter_mm,
                                pitch_mm=mask.pitch_mm, powders=mask.powders)

    def profiles(info):
        seen.append(info.serial)
        return PrintSettings(serial=info.serial or "", label="profile 3", calibrated=True,
                             prepare_mask=mirror)

    service, listener, name = kiosk("cal", profiles=profiles, serial="PL2026-0042")
    assert service.print_settings is not None and service.print_settings.label == "profile 3"
    order, mask = _order(store, 7)
    assert service.print_order(order.id)
    end = _end(listener).end
    assert end.outcome is PrintOutcome.DONE and end.calibration == "profile 3"
    assert set(seen) == {"PL2026-0042"}  # looked up by the serial from the handshake
    np.testing.assert_array_equal(_records(name)[-1].printed, mask.dots[:, ::-1])


def test_a_broken_calibration_lookup_prints_on_nominal_values(kiosk, store):
    def profiles(info):
        raise ValueError("profile file damaged")

    service, listener, name = kiosk("calbad", profiles=profiles)
    assert service.print_settings is None
    order, mask = _order(store, 8)
    assert service.print_order(order.id)
    end = _end(listener).end
    assert end.outcome is PrintOutcome.DONE and end.calibration is None
    np.testing.assert_array_equal(_records(name)[-1].printed, mask.dots)


def test_a_store_that_refuses_the_outcome_loses_nothing(kiosk, store):
    from disk_scenarios import small_disk

    service, listener, name = kiosk("full", speed=5)
    order, _ = _order(store, 9)
    full = small_disk(store, capacity=1)
    listener.on_first(ev.PrintProgress, first_row, full.__enter__)
    assert service.print_order(order.id)
    end = _end(listener).end
    assert end.outcome is PrintOutcome.DONE
    problem = listener.wait_for(ev.StoreProblem)
    assert problem.error.code.value == "disk_full"
    assert store.get(order.id).state is OrderState.PRINTING  # not saved yet, not lost
    full.__exit__(None, None, None)  # space again: the service saves it by itself
    listener.wait_for(ev.StatusChanged, lambda e: store.get(order.id).state
                      is OrderState.PRINTED)
    (job,) = store.print_jobs(order.id)
    assert job.job_id == _records(name)[-1].job_id and job.result.value == "printed"


def test_an_order_whose_picture_is_gone_fails_at_once(kiosk, store):
    from datetime import timedelta

    service, listener, name = kiosk("purged")
    order, _ = _order(store, 10)
    assert store.purge(now=store.now() + timedelta(days=1)) == 1
    assert not service.print_order(order.id)
    end = _end(listener).end
    assert end.failure.code == "no_mask" and end.outcome is PrintOutcome.FAILED
    assert store.get(order.id).state is OrderState.FAILED
    assert not service.busy and _records(name) == []


def test_continue_clears_only_what_is_fixed(kiosk, store):
    service, listener, name = kiosk("jam")
    printer = sim.get_printer(name)
    printer.set_faults("jam=0.5")
    order, _ = _order(store, 11)
    assert service.print_order(order.id)
    assert _end(listener).end.failure.code == "jam"
    outcome = service.clear_faults().result(30)
    assert [f.name for f in outcome.remaining] == ["jam"] and not outcome.ok
    printer.machine.clear_jam()
    outcome = service.clear_faults().result(30)
    assert outcome.ok and "jam" in outcome.cleared
    assert [e.outcome.ok for e in listener.of(ev.FaultsCleared)] == [False, True]


def test_the_kiosk_reconnects_by_itself_after_the_cable_comes_back(kiosk, store):
    service, listener, name = kiosk("replug")
    sim.get_printer(name).unplug(seconds=3.0 * 50)  # three wall seconds at speed 50
    listener.wait_for(ev.ConnectionChanged, lambda e: not e.connected)
    assert not service.print_order(_order(store, 12)[0].id)  # refused while down
    listener.events.clear()
    listener.wait_for(ev.ConnectionChanged, lambda e: e.connected)
    listener.wait_for(ev.StatusChanged, lambda e: e.status.connected)
    assert service.connected and service.status.powders


def test_a_command_connects_on_its_first_request_and_says_why_not():
    listener = Listener()
    service = PrintService("/dev/no-such-printer", on_event=listener, keep_connected=False)
    service.start()
    try:
        end = service.print_mask(small_mask(13)).result(30)
    finally:
        service.stop()
    assert end.outcome is PrintOutcome.FAILED and end.failure.code == "port_unavailable"
    assert not end.failure.print_started


def test_a_job_that_never_started_does_not_keep_a_printer_slot():
    from printer_driver.driver import PrinterDriver

    _name, url = sim_url("slots", cup=0)
    service = PrintService(url, on_event=Listener(), keep_connected=False, timeouts=FAST)
    service.start()
    try:
        end = service.print_mask(small_mask(14)).result(30)
        assert end.failure.code == "cup_missing" and end.job_id is not None
    finally:
        service.stop()
    with PrinterDriver.open(url, timeouts=FAST) as drv:
        assert drv.status().slots_free == drv.identify().job_slots
        assert drv.job_state(int(end.job_id, 16)).state == "aborted"


def test_the_powder_check_weighs_this_machines_doses_against_its_levels(kiosk, store):
    """Measured doses drive the low-powder check: the same order is short on a machine that
    drops twice the table's powder per dot and fine on one that drops the table's."""
    from dataclasses import replace

    from printer_driver.powders import COCOA, default_tones

    tones = dict(default_tones())
    tones[COCOA] = replace(tones[COCOA], mg_per_dot=2 * tones[COCOA].mg_per_dot)

    def profiles(info):
        return PrintSettings(serial=info.serial or "", label="heavy doser", calibrated=True,
                             tones=tones)

    order, mask = _order(store, 8, n=254)
    table_g = mask.grams()["cocoa"]
    assert table_g > 0.1
    for lookup, short in ((None, False), (profiles, True)):
        service, listener, name = kiosk("dose", profiles=lookup)
        sim.get_printer(name).machine.set_powder("cocoa", 1.5 * table_g)
        listener.wait_for(ev.StatusChanged, lambda e, service=service, lookup=lookup: any(
            # the service has seen the level
            p.powder == "cocoa" and p.grams is not None and p.grams < 2 * table_g
            for p in service.status.powders)  # and, when there is one, the profile
            and (lookup is None or service.print_settings is not None))
        got = service.shortfall(order.id)
        if short:
            assert "cocoa" in got, (got, service.print_settings, service.status.powders)
            needed, left = got["cocoa"]
            assert needed == pytest.approx(2 * table_g, abs=1e-3)
            assert left == pytest.approx(1.5 * table_g, abs=1e-3)  # the printer says mg
            assert set(got) == {"cocoa"}
        else:
            assert got == {}
        service.stop()
    assert store.get(order.id).state is OrderState.QUEUED  # asking changes nothing


def test_an_older_status_answer_never_replaces_a_newer_one(kiosk, store):
    """The keepalive (the driver's reader thread) and the poll (the worker) both publish
    statuses; an answer the printer gave earlier, arriving last, must not bring back the
    levels from before (a refilled reservoir shown empty again)."""
    from dataclasses import replace

    from printer_driver.events import StatusEvent

    service, listener, _name = kiosk("order")
    link = service._link  # the connection the driver's events reach
    drv = link.driver
    assert drv is not None
    now = drv.status()
    newer = replace(now, uptime_s=now.uptime_s + 60.0,
                    powder_grams={**now.powder_grams, "cocoa": 111.0})
    older = replace(now, uptime_s=now.uptime_s + 30.0,
                    powder_grams={**now.powder_grams, "cocoa": 7.0})

    def published(grams: float) -> int:
        return sum(1 for e in listener.of(ev.StatusChanged) for p in e.status.powders
                   if p.powder == "cocoa" and p.grams == grams)

    link.on_driver_event(StatusEvent(newer))
    assert published(111.0) == 1
    link.on_driver_event(StatusEvent(older))
    assert published(7.0) == 0  # the older answer was dropped
    restarted = replace(older, boot_id=now.boot_id ^ 1)  # a new boot starts a new clock
    link.on_driver_event(StatusEvent(restarted))
    assert published(7.0) == 1
