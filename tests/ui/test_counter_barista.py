"""The counter on the barista's card: the payment toggle, "not paid yet" before Served,
Ready and Call again (the number on the attract screen, the chime), the space between the
buttons, and the receipt printer's trouble in words."""

from __future__ import annotations

import time

import pytest
from barista_support import close_rig, make_rig, portrait_like_mask, save_screen
from PySide6.QtCore import QPoint, QRect, Qt

from kiosk.orders.model import OrderState
from kiosk.orders.schema import PrintResult

WAIT_MS = 10_000
GAP_MIN_PX = 12  # 3 mm at 96 dpi (issue 9): no slip from one button to the next


@pytest.fixture
def make(qtbot, tmp_path):
    rigs = []

    def build(**kw):
        rig = make_rig(tmp_path / str(len(rigs)), start=False, **kw)
        qtbot.addWidget(rig.window)
        rigs.append(rig)
        return rig

    yield build
    for rig in rigs:
        close_rig(rig)


def _click(qtbot, button) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _printed(rig, *, price: int | None = 4500, paid: bool = False):
    order = rig.store.create_order(drink_id="latte", mask=portrait_like_mask(1), preview=None,
                                   price_won=price)
    _, job = rig.store.begin_print(order.id)
    order = rig.store.finish_print(job.id, PrintResult.PRINTED)
    if paid:
        order = rig.store.set_paid(order.id, True)
    rig.window.refresh()
    return order


def _rect(widget, root) -> QRect:
    return QRect(widget.mapTo(root, QPoint(0, 0)), widget.size())


def _gap(a: QRect, b: QRect) -> int:
    """Pixels between two rectangles (0 if they touch or overlap)."""
    dx = max(0, max(a.left(), b.left()) - min(a.right(), b.right()) - 1)
    dy = max(0, max(a.top(), b.top()) - min(a.bottom(), b.bottom()) - 1)
    return max(dx, dy)


def test_the_payment_toggle_is_one_tap_and_is_stored(qtbot, make):
    rig = make()
    order = _printed(rig)
    card = rig.card(order.id)
    assert card.paid_button.isVisible() and not card.paid_button.isChecked()
    assert card.paid_button.text() == "Not paid\n₩4,500"
    _click(qtbot, card.paid_button)
    assert rig.store.get(order.id).is_paid
    assert card.paid_button.isChecked() and card.paid_button.text() == "Paid ✓\n₩4,500"
    save_screen(rig.window, "counter-barista-paid")
    _click(qtbot, card.paid_button)  # a mistaken tap is undone by the next
    assert not rig.store.get(order.id).is_paid
    assert card.paid_button.text().startswith("Not paid")
    rig.context.i18n.set_language("ko")
    assert card.paid_button.text() == "미결제\n4,500원"


@pytest.mark.parametrize("answer", ["paid", "unpaid", "back"])
def test_served_on_an_unpaid_order_asks_first(qtbot, make, answer):
    rig = make(undo_seconds=0.3)
    order = _printed(rig)
    card = rig.card(order.id)
    _click(qtbot, card.served_button)
    page = rig.window.pay_first_page
    assert rig.window.pages.currentWidget() is page
    assert page.question.text() == f"Order {order.ticket} is not paid yet (₩4,500)."
    save_screen(rig.window, "counter-barista-pay-first")
    if answer == "back":
        _click(qtbot, page.back_button)
        assert rig.window.pages.currentWidget() is rig.window.orders_page
        assert not card.serve_pending
        got = rig.store.get(order.id)
        assert (got.state, got.is_paid) == (OrderState.PRINTED, False)
        return
    with qtbot.waitSignal(card.servedConfirmed, timeout=WAIT_MS):
        _click(qtbot, page.paid_button if answer == "paid" else page.unpaid_button)
        assert card.serve_pending  # the usual undo window follows
    got = rig.store.get(order.id)
    assert got.state is OrderState.SERVED
    assert got.is_paid is (answer == "paid")


def test_served_on_a_paid_order_asks_nothing(qtbot, make):
    rig = make(undo_seconds=60)
    order = _printed(rig, paid=True)
    card = rig.card(order.id)
    _click(qtbot, card.served_button)
    assert card.serve_pending
    assert rig.window.pages.currentWidget() is rig.window.orders_page


def test_ready_calls_the_number_onto_the_attract_screen_with_the_chime(qtbot, make):
    from kiosk.ui.customer.window import CustomerWindow

    rig = make()
    customer = CustomerWindow(rig.context, countdown_ms=30, ticket_seconds=60)
    qtbot.addWidget(customer)
    customer.resize(1280, 800)
    customer.show()
    try:
        order = _printed(rig, paid=True)
        card = rig.card(order.id)
        chime = rig.context.counter.service.chime
        chime.started.clear()
        assert card.ready_button.isVisible() and not card.recall_button.isVisible()
        start = time.perf_counter()
        _click(qtbot, card.ready_button)
        on_screen = customer.attract.ready_board.numbers == [order.ticket]
        seconds = time.perf_counter() - start
        assert on_screen, "the number is on the attract screen as the tap returns"
        print(f"Ready tap to number on the attract screen: {seconds * 1000:.1f} ms")
        assert rig.store.get(order.id).is_ready
        assert chime.started.wait(5) and chime.played == 1
        # Called: Served is now the green one; Call again rings again and keeps the number.
        assert card.recall_button.isVisible() and not card.ready_button.isVisible()
        assert card.served_button.objectName() == "Primary"
        save_screen(rig.window, "counter-barista-called")
        chime.started.clear()
        _click(qtbot, card.recall_button)
        assert chime.started.wait(5) and chime.played == 2
        assert customer.attract.ready_board.numbers == [order.ticket]
        # A reprint takes it off the board; served takes it off too.
        rig.store.begin_print(order.id)
        rig.context.counter.service.board_changed(order.id)
        assert customer.attract.ready_board.numbers == []
    finally:
        customer.shutdown()
        customer.allow_close()
        customer.close()


def test_muted_ready_calls_the_number_without_a_sound(qtbot, make):
    rig = make()
    chime = rig.context.counter.service.chime
    chime.muted = True
    order = _printed(rig, paid=True)
    _click(qtbot, rig.card(order.id).ready_button)
    chime.stop()  # joins the sound thread: a queued chime would have played by now
    assert chime.played == 0
    assert rig.context.counter.service.ready_board()[0].order_id == order.id


@pytest.mark.parametrize("width", [1280, 1024, 800])
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_served_print_again_and_paid_are_apart(qtbot, make, width, lang):
    rig = make()
    rig.context.i18n.set_language(lang)
    rig.window.resize(width, 900)
    for called in (False, True):
        order = _printed(rig)
        if called:
            rig.store.mark_ready(order.id)
        rig.window.refresh()
        qtbot.wait(1)  # one event turn: the layout settles
        card = rig.card(order.id)
        shown = [b for b in (card.paid_button, card.ready_button, card.served_button,
                             card.recall_button, card.again_button, card.cancel_button)
                 if b.isVisible()]
        rects = {b: _rect(b, card) for b in shown}
        for i, a in enumerate(shown):
            for b in shown[i + 1:]:
                assert _gap(rects[a], rects[b]) >= GAP_MIN_PX, (
                    f"{a.text()!r} and {b.text()!r} are {_gap(rects[a], rects[b])} px apart "
                    f"at {width} px ({lang})")
    save_screen(rig.window, f"counter-barista-{width}-{lang}")


@pytest.mark.parametrize("lang,words", [
    ("en", "Receipt printer: not connected. Check its cable and power"),
    ("ko", "영수증 프린터: 연결되지 않았습니다"),
])
def test_a_broken_receipt_printer_is_said_in_words(qtbot, make, tmp_path, lang, words):
    rig = make(receipt_printer=f"file:{tmp_path / 'no-such-printer'}")
    rig.context.i18n.set_language(lang)
    service = rig.context.counter.service
    order = rig.store.create_order(drink_id="latte", mask=portrait_like_mask(1), preview=None,
                                   price_won=4500)
    line = rig.window.receipt_line
    assert not line.isVisible()
    with qtbot.waitSignal(rig.context.counter.receiptResult, timeout=WAIT_MS):
        service.order_stored(order)
    assert line.isVisible() and line.text().startswith(words)
    save_screen(rig.window, f"counter-barista-receipt-{lang}")
