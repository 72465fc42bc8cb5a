"""The barista's print flow against the simulated printer, through the real driver.

Queue → "Cup is in place — Print" → progress → done → Served, with the exact dots checked
on the simulated machine; and the fault paths: powder empty mid-print, cup lifted, cable
pulled. After every failure the order waits for the barista's one tap: nothing reprints
by itself.
"""

from __future__ import annotations

import numpy as np
import pytest
from barista_support import close_rig, make_rig, save_screen
from PySide6.QtCore import Qt

from kiosk.orders.model import OrderState

WAIT_MS = 30_000


@pytest.fixture
def rig(qtbot, tmp_path, request):
    from printer_driver.values import Timeouts

    kwargs = getattr(request, "param", {})
    rig = make_rig(tmp_path, **kwargs)
    qtbot.addWidget(rig.window)
    qtbot.waitUntil(lambda: rig.service.connected, timeout=WAIT_MS)
    assert Timeouts  # the driver is importable
    yield rig
    close_rig(rig)


def _click(qtbot, button) -> None:
    assert button.isVisible(), button.text()
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _print_and_wait(qtbot, rig, card, *, finished: bool = True):
    signal = rig.service.printFinished if finished else rig.service.printFailed
    with qtbot.waitSignal(signal, timeout=WAIT_MS) as blocker:
        _click(qtbot, card.print_button)
    return blocker.args


def _records(rig):
    return list(rig.sim.machine.records)


def _failure(failure):
    """The failure a printFailed signal carries, and its words as the barista reads them."""
    from kiosk.printing.outcome import PrintFailure
    from kiosk.ui.barista.words import failure_words

    assert isinstance(failure, PrintFailure), failure
    return failure, failure_words(failure)


@pytest.mark.parametrize("rig", [{"undo_seconds": 0.3}], indirect=True)
def test_queue_to_served_prints_the_exact_mask(qtbot, rig):
    first, mask = rig.add_order(seed=11)
    second, _ = rig.add_order(seed=12)
    card = rig.card(first.id)
    qtbot.waitUntil(card.print_button.isEnabled, timeout=WAIT_MS)
    assert card.print_button.text() == "Cup is in place — Print"
    assert rig.window.status_panel.connection.text() == "Printer connected"
    save_screen(rig.window, "barista_queue")

    progress = []
    rig.service.progress.connect(lambda *a: progress.append(a))
    with qtbot.waitSignal(rig.service.printFinished, timeout=WAIT_MS) as done:
        _click(qtbot, card.print_button)
        # While it prints: the order is PRINTING, the other card cannot print, Stop exists.
        assert rig.store.get(first.id).state is OrderState.PRINTING
        assert rig.service.busy
        assert not rig.card(second.id).print_button.isEnabled()
        assert "busy" in rig.card(second.id).blocked.text()
        qtbot.waitUntil(lambda: "Row" in card.progress_text.text(), timeout=WAIT_MS)
        assert card.stop_button.isVisible()
        save_screen(rig.window, "barista_printing")
    assert done.args == [first.id]
    assert rig.store.get(first.id).state is OrderState.PRINTED
    rows_total = mask.dots.shape[0]
    assert progress and all(p[0] == first.id and p[2] == rows_total for p in progress)
    assert [p[1] for p in progress] == sorted(p[1] for p in progress)

    # The machine printed exactly the order's dots, every row once.
    records = _records(rig)
    assert len(records) == 1
    record = records[0]
    assert record.result == "done"
    np.testing.assert_array_equal(record.printed, mask.dots)
    assert record.row_prints.max() == 1 and record.row_prints.min() == 1
    jobs = rig.store.print_jobs(first.id)
    assert [j.result.value for j in jobs] == ["printed"]
    # The real job id, as the driver and the simulator print it (8 hex digits).
    assert jobs[0].job_id == record.job_id and len(record.job_id) == 8

    assert card.state_text.text() == "Printed: hand it over"
    assert card.served_button.isVisible() and not card.print_button.isVisible()
    save_screen(rig.window, "barista_printed")
    assert card.mode == "wide"  # back beside the picture once the progress is gone
    _click(qtbot, card.paid_button)  # the customer pays as the cup is handed over
    assert rig.store.get(first.id).is_paid
    with qtbot.waitSignal(card.servedConfirmed, timeout=WAIT_MS):
        _click(qtbot, card.served_button)
        assert card.undo_button.isVisible()  # served only once the undo window is over
        assert rig.store.get(first.id).state is OrderState.PRINTED
    assert rig.store.get(first.id).state is OrderState.SERVED
    assert rig.store.get_mask(first.id) is None
    assert first.id not in rig.window.cards
    # The second order was never printed by itself.
    assert rig.store.get(second.id).state is OrderState.QUEUED
    assert len(_records(rig)) == 1


def test_nothing_prints_without_the_tap(qtbot, rig):
    order, _ = rig.add_order()
    # Let several status rounds pass (the service polls about once a second).
    for _ in range(3):
        with qtbot.waitSignal(rig.service.statusChanged, timeout=WAIT_MS):
            pass
    assert _records(rig) == []
    assert rig.store.get(order.id).state is OrderState.QUEUED


def test_powder_empty_mid_print_says_refill_then_continue_and_reprint(qtbot, rig):
    order, mask = rig.add_order(seed=21)
    rig.sim.set_faults("powder_empty=cinnamon@0.4")
    card = rig.card(order.id)
    qtbot.waitUntil(card.print_button.isEnabled, timeout=WAIT_MS)
    order_id, record = _print_and_wait(qtbot, rig, card, finished=False)
    assert order_id == order.id
    failure, message = _failure(record)
    assert failure.code == "powder_empty" and failure.params["powder"] == "cinnamon"
    assert failure.print_started and failure.params["rows_done"] > 0
    assert message == "Cinnamon is empty: refill it, then press Continue"
    stored = rig.store.get(order.id)
    assert stored.state is OrderState.INTERRUPTED
    # The store keeps the code and its parameters, no words.
    assert (stored.error_code, dict(stored.error_params)) == ("powder_empty",
                                                               dict(failure.params))
    assert stored.error_params["rows_done"] > 0
    # The card says what happened; the yellow box says what to do; nothing else prints.
    assert card.detail.text() == message
    banner = rig.window.fault_banner
    qtbot.waitUntil(banner.isVisible, timeout=WAIT_MS)
    assert "Cinnamon is empty: refill it, then press Continue" in banner.message.text()
    assert not card.print_button.isEnabled()
    assert "yellow box" in card.blocked.text()
    save_screen(rig.window, "barista_fault_powder_empty")

    # Continue before refilling: the fault stays, and the box says it is not fixed yet.
    with qtbot.waitSignal(rig.service.faultRemains, timeout=WAIT_MS):
        _click(qtbot, banner.continue_button)
    assert "Not fixed yet" in banner.message.text()
    assert banner.isVisible()

    rig.sim.machine.refill("cinnamon")
    _click(qtbot, banner.continue_button)
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=WAIT_MS)
    assert len(_records(rig)) == 1  # nothing reprinted by itself
    assert card.print_button.text() == "Cup is in place — Reprint"
    qtbot.waitUntil(card.print_button.isEnabled, timeout=WAIT_MS)
    save_screen(rig.window, "barista_interrupted_reprint")

    _print_and_wait(qtbot, rig, card)
    assert rig.store.get(order.id).state is OrderState.PRINTED
    records = _records(rig)
    assert len(records) == 2 and records[0].result == "fault"
    np.testing.assert_array_equal(records[1].printed, mask.dots)
    assert [j.result.value for j in rig.store.print_jobs(order.id)] == [
        "interrupted", "printed"]


def test_cup_lifted_mid_print_stops_and_waits_for_reprint(qtbot, rig):
    order, mask = rig.add_order(seed=31)
    card = rig.card(order.id)
    qtbot.waitUntil(card.print_button.isEnabled, timeout=WAIT_MS)
    lifted = []

    def lift(order_id, done, total, left):
        if done > total // 3 and not lifted:
            lifted.append(done)
            rig.sim.machine.remove_cup()

    rig.service.progress.connect(lift)
    order_id, record = _print_and_wait(qtbot, rig, card, finished=False)
    assert lifted and order_id == order.id
    assert _failure(record)[1] == "Cup removed during printing: place the cup and reprint"
    assert rig.store.get(order.id).state is OrderState.INTERRUPTED
    record = _records(rig)[0]
    assert record.result == "fault" and 0 < record.rows_done < mask.dots.shape[0]
    banner = rig.window.fault_banner
    qtbot.waitUntil(banner.isVisible, timeout=WAIT_MS)
    save_screen(rig.window, "barista_fault_cup_removed")

    rig.sim.machine.place_cup()
    _click(qtbot, banner.continue_button)
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=WAIT_MS)
    qtbot.waitUntil(card.print_button.isEnabled, timeout=WAIT_MS)
    assert len(_records(rig)) == 1
    _print_and_wait(qtbot, rig, card)
    np.testing.assert_array_equal(_records(rig)[-1].printed, mask.dots)


@pytest.mark.parametrize("rig", [{"speed": 4}], indirect=True)  # time to tap Stop twice
def test_stop_asks_first_then_the_order_waits_for_reprint(qtbot, rig):
    order, _ = rig.add_order(seed=41)
    card = rig.card(order.id)
    qtbot.waitUntil(card.print_button.isEnabled, timeout=WAIT_MS)
    with qtbot.waitSignal(rig.service.printFailed, timeout=WAIT_MS) as failed:
        _click(qtbot, card.print_button)
        qtbot.waitUntil(lambda: "Row" in card.progress_text.text(), timeout=WAIT_MS)
        _click(qtbot, card.stop_button)
        w = rig.window
        assert w.pages.currentWidget() is w.confirm_page
        save_screen(w, "barista_stop_confirm")
        _click(qtbot, w.confirm_page.no_button)  # changed their mind: keeps printing
        assert rig.service.busy
        _click(qtbot, card.stop_button)
        _click(qtbot, w.confirm_page.yes_button)
    assert _failure(failed.args[1])[1] == (
        "The print was cancelled: serve a fresh cup and print again when ready")
    assert rig.store.get(order.id).state is OrderState.INTERRUPTED
    assert _records(rig)[0].result == "aborted"
    qtbot.waitUntil(card.print_button.isEnabled, timeout=WAIT_MS)
    assert card.print_button.text() == "Cup is in place — Reprint"


def _short_reconnect():
    from printer_driver.values import Timeouts

    # Give up reconnecting after half a second (a café default is 20 s), so the test
    # sees the "lost" path without waiting.
    return Timeouts(reconnect_total=0.5, request=2.0)


@pytest.mark.parametrize("rig", [{"driver_timeouts": _short_reconnect()}], indirect=True)
def test_cable_pulled_mid_print_then_back_waits_for_one_tap(qtbot, rig):
    order, mask = rig.add_order(seed=51)
    card = rig.card(order.id)
    qtbot.waitUntil(card.print_button.isEnabled, timeout=WAIT_MS)
    connection = []
    rig.service.connectionChanged.connect(connection.append)
    pulled = []

    def pull(order_id, done, total, left):
        if done > 20 and not pulled:
            pulled.append(done)
            rig.sim.unplug(seconds=2.0 * rig.sim.settings.speed)  # two wall seconds

    rig.service.progress.connect(pull)
    order_id, record = _print_and_wait(qtbot, rig, card, finished=False)
    assert pulled and order_id == order.id
    failure, _ = _failure(record)
    assert failure.code == "link_lost" and failure.print_started
    assert rig.store.get(order.id).state is OrderState.INTERRUPTED
    assert rig.store.get(order.id).error_code == "link_lost"
    # Whatever the driver was doing when the cable went, the card says it plainly.
    assert card.detail.text() == (
        "Lost the connection to the printer: check the printer's power and cable, then "
        "check the cup and print again")
    # The screen says the printer is not connected, then connected again by itself.
    assert False in connection
    qtbot.waitUntil(lambda: not rig.window.status_panel.view.connected, timeout=WAIT_MS)
    assert "not connected" in rig.window.status_panel.connection.text()
    save_screen(rig.window, "barista_printer_unplugged")
    qtbot.waitUntil(lambda: rig.service.connected, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: rig.window.status_panel.view.connected, timeout=WAIT_MS)
    assert connection[-1] is True
    assert rig.window.status_panel.connection.text() == "Printer connected"
    # The machine may still finish the cup it had; the kiosk never prints it again itself.
    assert rig.sim.wait_idle(timeout=10.0)
    for _ in range(2):
        with qtbot.waitSignal(rig.service.statusChanged, timeout=WAIT_MS):
            pass
    assert len(_records(rig)) == 1
    assert rig.store.get(order.id).state is OrderState.INTERRUPTED
    qtbot.waitUntil(card.print_button.isEnabled, timeout=WAIT_MS)
    assert card.print_button.text() == "Cup is in place — Reprint"
    _print_and_wait(qtbot, rig, card)
    assert len(_records(rig)) == 2
    np.testing.assert_array_equal(_records(rig)[-1].printed, mask.dots)


def test_technician_view_shows_identity_counters_and_prints_the_test_pattern(qtbot, rig):
    from kiosk.ui.barista.testpattern import make_test_pattern

    w = rig.window
    w.open_technician()  # the PIN itself is tested in test_barista_pin.py
    tech = w.technician
    qtbot.waitUntil(lambda: tech.identity.values["firmware"].text() not in ("", "–"),
                    timeout=WAIT_MS)
    info = rig.service.status.identity
    assert tech.identity.values["connection"].text() == "Connected"
    assert tech.identity.values["firmware"].text() == info.firmware
    assert tech.identity.values["protocol"].text() == "1.1"
    assert tech.identity.values["boot_id"].text() == info.boot_id
    assert tech.identity.value("url") == rig.url
    qtbot.waitUntil(tech.test_button.isEnabled, timeout=WAIT_MS)
    with qtbot.waitSignal(rig.service.testFinished, timeout=WAIT_MS):
        # A tap on the button (the page below the window's edge scrolls under a finger: a
        # synthetic press there would land outside the window, so the button is pressed).
        assert tech.test_button.isVisible() and tech.test_button.isEnabled()
        tech.test_button.click()
        assert "test pattern" in tech.test_text.text()
    assert "Test pattern printed" in tech.test_text.text()
    record = _records(rig)[-1]
    np.testing.assert_array_equal(record.printed, make_test_pattern().dots)
    # Counters moved: the pattern went over the link.
    with qtbot.waitSignal(rig.service.statusChanged, timeout=WAIT_MS):
        pass
    sent = tech.link.values["bytes_sent"].text()
    assert sent not in ("", "–", "0 B")
    assert " ms" in tech.link.values["rtt"].text()
    save_screen(w, "technician_view")
    tech.page_scroll.ensureWidgetVisible(tech.calibration_text)
    save_screen(w, "technician_view_test_print_and_calibration")
    # No order was touched by a test print.
    assert rig.store.list_queue() == []


def test_no_cup_under_the_printer_keeps_print_off_until_a_cup_is_placed(qtbot, rig):
    order, _ = rig.add_order(seed=71)
    card = rig.card(order.id)
    qtbot.waitUntil(card.print_button.isEnabled, timeout=WAIT_MS)
    rig.sim.machine.remove_cup()  # the last cup was handed over
    qtbot.waitUntil(lambda: not card.print_button.isEnabled(), timeout=WAIT_MS)
    assert card.blocked.text() == "Place the cup under the printer first."
    assert "place a cup" in rig.window.status_panel.activity.text()
    # Not an alarm: the normal state between two cups needs no Continue.
    assert not rig.window.fault_banner.isVisible()
    save_screen(rig.window, "barista_waiting_for_cup")
    rig.sim.machine.place_cup()
    qtbot.waitUntil(card.print_button.isEnabled, timeout=WAIT_MS)
    assert _records(rig) == []


def test_print_again_asks_first(qtbot, rig):
    order, mask = rig.add_order(seed=81)
    card = rig.card(order.id)
    qtbot.waitUntil(card.print_button.isEnabled, timeout=WAIT_MS)
    _print_and_wait(qtbot, rig, card)
    w = rig.window
    qtbot.waitUntil(card.again_button.isEnabled, timeout=WAIT_MS)
    _click(qtbot, card.again_button)
    assert w.pages.currentWidget() is w.confirm_page
    assert "fresh cup" in w.confirm_page.detail.text()
    save_screen(w, "barista_print_again_confirm")
    _click(qtbot, w.confirm_page.no_button)
    assert rig.store.get(order.id).state is OrderState.PRINTED
    assert len(_records(rig)) == 1
    _click(qtbot, card.again_button)
    with qtbot.waitSignal(rig.service.printFinished, timeout=WAIT_MS):
        _click(qtbot, w.confirm_page.yes_button)
    assert len(_records(rig)) == 2
    np.testing.assert_array_equal(_records(rig)[-1].printed, mask.dots)


def test_stopping_the_service_mid_print_joins_its_thread_and_marks_the_order(qtbot, rig):
    import threading

    from kiosk.printing.outcome import KIOSK_STOPPED
    from kiosk.ui.barista.words import failure_words

    order, _ = rig.add_order(seed=91)
    card = rig.card(order.id)
    qtbot.waitUntil(card.print_button.isEnabled, timeout=WAIT_MS)
    _click(qtbot, card.print_button)
    qtbot.waitUntil(lambda: "Row" in card.progress_text.text(), timeout=WAIT_MS)
    rig.service.stop()  # the app is closing
    assert not rig.service.service.running
    assert not rig.service.busy
    assert not [t for t in threading.enumerate()
                if t.name in ("printer-abort", "print-abort", "print-service") and t.is_alive()]
    stored = rig.store.get(order.id)
    assert stored.state is OrderState.INTERRUPTED and stored.error_code == "kiosk_stopped"
    rig.window.refresh()
    assert card.detail.text() == failure_words(KIOSK_STOPPED)
    assert rig.sim.wait_idle(timeout=10.0)
    assert _records(rig)[0].result == "aborted"  # the machine was told to stop
    assert not rig.service.print_order(order.id)  # a stopped service prints nothing


def test_an_order_whose_picture_was_purged_fails_in_words_and_prints_nothing(qtbot, rig):
    from datetime import UTC, datetime, timedelta

    order, _ = rig.add_order(seed=95)
    card = rig.card(order.id)
    qtbot.waitUntil(card.print_button.isEnabled, timeout=WAIT_MS)
    # The retention time passed (the barista left it in the queue for hours).
    assert rig.store.purge(now=datetime.now(UTC) + timedelta(days=1)) == 1
    with qtbot.waitSignal(rig.service.printFailed, timeout=WAIT_MS) as failed:
        _click(qtbot, card.print_button)
    assert "no longer stored" in _failure(failed.args[1])[1]
    assert rig.store.get(order.id).state is OrderState.FAILED
    assert "no longer stored" in card.detail.text()
    assert card.cancel_button.isVisible()
    assert not card.print_button.isVisible()  # a Reprint could only fail again
    assert _records(rig) == []
    assert not rig.service.busy


def test_printer_restarting_mid_print_voids_the_job_and_shows_the_new_boot(qtbot, rig):
    order, mask = rig.add_order(seed=97)
    card = rig.card(order.id)
    qtbot.waitUntil(card.print_button.isEnabled, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: rig.service.status.identity is not None, timeout=WAIT_MS)
    boot_before = rig.service.status.identity.boot_id
    restarted = []

    def restart(order_id, done, total, left):
        if done > 20 and not restarted:
            restarted.append(done)
            rig.sim.reset()  # someone pressed the printer's reset button

    rig.service.progress.connect(restart)
    order_id, record = _print_and_wait(qtbot, rig, card, finished=False)
    assert restarted and order_id == order.id
    assert _failure(record)[1] == ("The printer restarted and cancelled the print: serve a "
                                   "fresh cup and print again")
    assert rig.store.get(order.id).state is OrderState.INTERRUPTED
    qtbot.waitUntil(lambda: rig.service.status.identity is not None
                    and rig.service.status.identity.boot_id != boot_before, timeout=WAIT_MS)
    qtbot.waitUntil(card.print_button.isEnabled, timeout=WAIT_MS)
    assert len(_records(rig)) == 1  # the driver never resends a void job by itself
    _print_and_wait(qtbot, rig, card)
    np.testing.assert_array_equal(_records(rig)[-1].printed, mask.dots)


def test_jam_mid_print_needs_the_jam_cleared_before_continue_works(qtbot, rig):
    order, _ = rig.add_order(seed=99)
    rig.sim.set_faults("jam=0.5")
    card = rig.card(order.id)
    qtbot.waitUntil(card.print_button.isEnabled, timeout=WAIT_MS)
    _order_id, record = _print_and_wait(qtbot, rig, card, finished=False)
    assert _failure(record)[1].startswith("The print head is jammed")
    banner = rig.window.fault_banner
    qtbot.waitUntil(banner.isVisible, timeout=WAIT_MS)
    assert "jammed" in banner.message.text() and "Continue" in banner.message.text()
    with qtbot.waitSignal(rig.service.faultRemains, timeout=WAIT_MS):
        _click(qtbot, banner.continue_button)  # not cleared yet
    assert banner.isVisible() and not card.print_button.isEnabled()
    rig.sim.machine.clear_jam()
    _click(qtbot, banner.continue_button)
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=WAIT_MS)
    qtbot.waitUntil(card.print_button.isEnabled, timeout=WAIT_MS)
    assert len(_records(rig)) == 1


def test_a_restart_during_the_upload_says_nothing_was_printed(qtbot, rig, monkeypatch):
    """The issue's words item: a reboot while the picture is still being sent leaves the
    cup clean, so the barista is not told to serve a fresh cup."""
    from printer_driver.sim.firmware import Firmware

    order, mask = rig.add_order(seed=101)
    card = rig.card(order.id)
    qtbot.waitUntil(card.print_button.isEnabled, timeout=WAIT_MS)
    real_data = Firmware._data
    rebooted = []

    def data(self, frame, now):
        # The printer itself loses power once part of the picture has arrived: decided on
        # the printer's side of the line, so it cannot depend on when the host samples its
        # progress (a fast upload is often done between two samples).
        answer = real_data(self, frame, now)
        if frame.offset > 0 and not rebooted:
            rebooted.append(frame.offset)
            self.reboot(now)  # someone switched the printer off and on
        return answer

    monkeypatch.setattr(Firmware, "_data", data)
    order_id, failure = _print_and_wait(qtbot, rig, card, finished=False)
    assert rebooted and order_id == order.id
    failure, message = _failure(failure)
    assert failure.code == "printer_restarted" and not failure.print_started
    assert rig.store.get(order.id).state is OrderState.FAILED
    assert card.detail.text() == message == (
        "The printer restarted before printing anything: press Print again")
    assert "fresh cup" not in card.detail.text()
    rig.context.i18n.set_language("ko")
    assert "fresh cup" not in card.detail.text() and card.detail.text() != message
    assert _records(rig) == []
    monkeypatch.undo()
    rig.context.i18n.set_language("en")
    qtbot.waitUntil(card.print_button.isEnabled, timeout=WAIT_MS)
    _print_and_wait(qtbot, rig, card)
    np.testing.assert_array_equal(_records(rig)[-1].printed, mask.dots)


def test_a_cup_the_powder_may_not_cover_asks_before_printing(qtbot, rig):
    """Measured doses and the printer's levels: with too little cocoa for this cup the
    barista is asked (the numbers in words, in both languages) before a cup is wasted."""
    order, mask = rig.add_order(seed=91)
    card = rig.card(order.id)
    qtbot.waitUntil(card.print_button.isEnabled, timeout=WAIT_MS)
    needed = mask.grams()["cocoa"]
    rig.sim.machine.set_powder("cocoa", needed / 2)
    qtbot.waitUntil(lambda: any(p.powder == "cocoa" and p.grams is not None
                                and p.grams < needed for p in rig.service.status.powders),
                    timeout=WAIT_MS)
    w = rig.window
    _click(qtbot, card.print_button)
    assert w.pages.currentWidget() is w.confirm_page
    assert w.confirm_page.question.text() == (
        f"Order {order.ticket}: the powder may run out")
    assert (f"Cocoa: this cup needs about {needed:.1f} g, the printer has {needed / 2:.1f} g"
            in w.confirm_page.detail.text())
    save_screen(w, "barista_powder_short")
    rig.context.i18n.set_language("ko")
    assert "코코아" in w.confirm_page.detail.text() and f"{needed:.1f} g" in (
        w.confirm_page.detail.text())
    rig.context.i18n.set_language("en")
    _click(qtbot, w.confirm_page.no_button)  # refill first: nothing printed, nothing changed
    assert w.pages.currentWidget() is not w.confirm_page
    assert rig.store.get(order.id).state is OrderState.QUEUED and _records(rig) == []
    _click(qtbot, card.print_button)
    with qtbot.waitSignal(rig.service.printFailed, timeout=WAIT_MS) as failed:
        _click(qtbot, w.confirm_page.yes_button)  # print anyway: the job goes to the printer
    failure, _ = _failure(failed.args[1])
    # This printer weighs the job itself and refuses before a dot lands (the barista's
    # question is the kiosk's own estimate; a printer without that check would run dry).
    assert failure.code == "powder_insufficient" and not failure.print_started
    assert _records(rig) == []
