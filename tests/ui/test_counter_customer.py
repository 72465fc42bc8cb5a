"""The counter on the customer's screens: drink and price on the review and the ticket, how
to pay, the ready board on the attract screen, and a broken receipt printer that never
stops an order."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from customer_support import (
    WAIT_MS,
    check_both_languages,
    click,
    close_customer,
    make_customer,
    save_screen,
    wait_review_ready,
)

from kiosk.counter.transports import ReceiptProblem
from kiosk.orders.schema import PrintResult
from kiosk.settings.config import ReceiptSettings


def _design_order_to_review(qtbot, rig, drink_index: int = 0):
    w = rig.window
    click(qtbot, w.attract.start_button)
    button, drink = w.menu.drink_buttons[drink_index]
    click(qtbot, button)
    click(qtbot, w.consent.no_button)
    qtbot.waitUntil(lambda: not w.designs.design_buttons["heart"].icon().isNull(),
                    timeout=WAIT_MS)
    click(qtbot, w.designs.design_buttons["heart"])
    wait_review_ready(qtbot, rig)
    return drink


def _confirm(qtbot, rig):
    w = rig.window
    with qtbot.waitSignal(w.order_placed, timeout=WAIT_MS) as placed:
        click(qtbot, w.review.confirm_button)
    assert w.current_screen == "ticket"
    return placed.args[0]


@pytest.fixture
def rig(qtbot, tmp_path):
    rig = make_customer(qtbot, tmp_path, lang="en")
    yield rig
    close_customer(rig)


def test_review_and_ticket_show_the_drink_its_price_and_how_to_pay(qtbot, rig):
    w = rig.window
    drink = _design_order_to_review(qtbot, rig)
    assert w.review.drink_line.isVisible()
    assert w.review.drink_line.text() == f"{drink.name_en} · ₩{drink.price_won:,}"
    check_both_languages(qtbot, rig, "counter-review")
    order = _confirm(qtbot, rig)
    assert rig.store.get(order.id).price_won == drink.price_won  # the price shown is kept
    assert not rig.store.get(order.id).is_paid
    t = w.ticket
    assert t.number.text() == order.ticket
    assert t.drink_line.text() == f"{drink.name_en} · ₩{drink.price_won:,}"
    assert t.pay.isVisible()
    assert t.pay.text() == f"Please pay ₩{drink.price_won:,} at the counter."
    rig.context.i18n.set_language("ko")
    assert t.drink_line.text() == f"{drink.name_ko} · {drink.price_won:,}원"
    assert t.pay.text() == f"카운터에서 {drink.price_won:,}원을 결제해 주세요."
    rig.context.i18n.set_language("en")
    check_both_languages(qtbot, rig, "counter-ticket")


def test_the_number_comes_back_on_the_attract_screen_when_called_ready(qtbot, rig):
    w = rig.window
    _design_order_to_review(qtbot, rig)
    order = _confirm(qtbot, rig)
    click(qtbot, w.ticket.done_button)
    assert w.current_screen == "attract"
    board = w.attract.ready_board
    assert not board.isVisible()  # nothing called yet: no empty board
    _, job = rig.store.begin_print(order.id)
    rig.store.finish_print(job.id, PrintResult.PRINTED)
    service = rig.context.counter.service
    service.ready_for = timedelta(seconds=1.5)  # the setting is minutes; the timer is the same
    service.mark_ready(order.id)  # the barista's Ready (its button: test_counter_barista)
    assert board.isVisible() and board.numbers == [order.ticket]
    assert board.number_labels[0].text() == order.ticket
    save_screen(w, "counter-attract-ready-en")
    check_both_languages(qtbot, rig, "counter-attract-ready")
    # The number leaves by itself when its time is up (one timer, no refresh from outside).
    qtbot.waitUntil(lambda: not board.isVisible(), timeout=5_000)
    assert board.numbers == []


def test_served_takes_the_number_off_the_board(qtbot, rig):
    from kiosk.orders.model import OrderState

    w = rig.window
    _design_order_to_review(qtbot, rig)
    order = _confirm(qtbot, rig)
    click(qtbot, w.ticket.done_button)
    _, job = rig.store.begin_print(order.id)
    rig.store.finish_print(job.id, PrintResult.PRINTED)
    service = rig.context.counter.service
    service.mark_ready(order.id)
    assert w.attract.ready_board.numbers == [order.ticket]
    rig.store.transition(order.id, OrderState.SERVED)
    service.board_changed(order.id)  # what the barista window does after Served
    assert w.attract.ready_board.numbers == []


@pytest.mark.parametrize("printer", ["fifo-nobody-reads", "file"])
def test_a_receipt_printer_never_holds_up_the_ticket(qtbot, tmp_path, printer):
    device = tmp_path / "lp0"
    if printer == "fifo-nobody-reads":
        os.mkfifo(device)
    else:
        device.touch()
    rig = make_customer(qtbot, tmp_path, lang="en",
                        receipt=ReceiptSettings(printer=f"file:{device}"))
    try:
        results = []
        rig.context.counter.receiptResult.connect(results.append)
        _design_order_to_review(qtbot, rig)
        order = _confirm(qtbot, rig)  # the ticket is on screen: it did not wait
        assert rig.window.ticket.number.text() == order.ticket
        qtbot.waitUntil(lambda: bool(results), timeout=WAIT_MS)
        result = results[0]
        assert result.order_id == order.id
        if printer == "file":
            assert result.printed
            data = device.read_bytes()
            assert data.startswith(b"\x1b@") and f"{order.ticket}\n".encode() in data
        else:
            assert (result.printed, result.problem) == (False, ReceiptProblem.NOT_CONNECTED)
    finally:
        close_customer(rig)


def test_coming_back_to_the_attract_screen_does_not_wait_for_the_store(qtbot, rig):
    """The board is re-read each time the attract screen comes back, in the background: a
    store busy with another thread's write (a print's progress) does not hold the screen."""
    import threading

    from PySide6.QtCore import QTimer

    w = rig.window
    _design_order_to_review(qtbot, rig)
    order = _confirm(qtbot, rig)
    _, job = rig.store.begin_print(order.id)
    rig.store.finish_print(job.id, PrintResult.PRINTED)
    rig.store.mark_ready(order.id)  # called on another kiosk part: no signal reached the board
    held, release, released = threading.Event(), threading.Event(), threading.Event()

    def writer() -> None:  # holds the store as a write in progress does
        with rig.store._db.read():
            held.set()
            release.wait(10)
        released.set()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert held.wait(5)
        click(qtbot, w.ticket.done_button)
        assert w.current_screen == "attract"
        ticks: list[int] = []
        QTimer.singleShot(0, lambda: ticks.append(1))
        qtbot.waitUntil(lambda: bool(ticks), timeout=1000)  # the GUI thread goes on
        assert not released.is_set() and w.attract.ready_board.numbers == []
    finally:
        release.set()
        thread.join(5)
    board = w.attract.ready_board
    qtbot.waitUntil(lambda: board.numbers == [order.ticket], timeout=WAIT_MS)
    assert board.isVisible()
