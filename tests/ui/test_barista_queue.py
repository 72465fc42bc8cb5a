"""The barista's queue on a busy counter: compact cards, at least four whole orders on a
1280x800 screen, the order being printed pinned on top and the others oldest first, and a
finger drag (not a scroll bar) moves the queue.

Real store, real print service on the simulated printer (printing slowly, so one order is
being printed while the test looks). Each size writes the count of whole cards to
``test-artifacts/walk/barista-queue-WxH.json`` (the figure docs/kiosk.md quotes).
"""

from __future__ import annotations

import json

import pytest
from barista_support import close_rig, finger_drag, make_rig, save_screen
from fit_check import KIOSK_SIZES, WALK_DIR, settle
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QScroller

from kiosk.orders.model import OrderState

WAIT_MS = 30_000

#: Whole order cards a busy counter must see without scrolling, by screen.
MIN_VISIBLE = {(800, 480): 1, (1024, 600): 2, (1280, 800): 4, (1920, 1080): 4,
               (1080, 1920): 5, (768, 1366): 3}


@pytest.fixture
def rig(qtbot, tmp_path):
    rig = make_rig(tmp_path, speed=3)  # a print lasts a few seconds: long enough to look
    qtbot.addWidget(rig.window)
    qtbot.waitUntil(lambda: rig.service.connected, timeout=WAIT_MS)
    yield rig
    close_rig(rig)


def _busy_counter(qtbot, rig, waiting: int = 6) -> list[int]:
    """Two printed orders (one called ready), then ``waiting`` orders; the oldest waiting
    one is printing. Returns the order ids, oldest first."""
    ids = [rig.add_printed_order(seed=1)[0].id, rig.add_printed_order(seed=2, paid=False)[0].id]
    rig.context.counter.service.mark_ready(ids[0])
    drinks = ("latte", "cappuccino", "flat-white")
    ids += [rig.add_order(seed=3 + i, drink_id=drinks[i % 3])[0].id for i in range(waiting)]
    card = rig.card(ids[2])
    qtbot.waitUntil(card.print_button.isEnabled, timeout=WAIT_MS)
    assert rig.window.print_order(ids[2])  # the barista's tap (test_barista_print taps)
    assert rig.store.get(ids[2]).state is OrderState.PRINTING
    rig.window.refresh()
    return ids


@pytest.mark.parametrize("size", KIOSK_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_busy_counter_sees_its_orders_whole(qtbot, rig, size):
    _busy_counter(qtbot, rig)
    w = rig.window
    counts = {}
    for lang in ("en", "ko"):
        rig.context.i18n.set_language(lang)
        w.resize(*size)
        settle()
        w.refresh()
        settle()
        whole = w.queue.fully_visible()
        counts[lang] = len(whole)
        # Whole means whole: every button of a counted card is inside the viewport.
        view = w.queue_scroll.viewport()
        for card in whole:
            for b in (b for b in card.findChildren(type(card.cancel_button)) if b.isVisible()):
                top_left = b.mapTo(view, QPoint(0, 0))
                assert view.rect().contains(top_left) and view.rect().contains(
                    top_left + QPoint(b.width() - 1, b.height() - 1)), b.text()
        if size in ((1280, 800), (1080, 1920)):
            save_screen(w, f"barista_queue_{size[0]}x{size[1]}_{lang}")
    rig.context.i18n.set_language("en")
    WALK_DIR.mkdir(parents=True, exist_ok=True)
    (WALK_DIR / f"barista-queue-{size[0]}x{size[1]}.json").write_text(json.dumps(
        {"size": list(size), "orders": len(w.cards), "whole_cards": counts}), encoding="utf-8")
    assert min(counts.values()) >= MIN_VISIBLE[size], counts


def test_the_printing_order_is_on_top_then_the_oldest(qtbot, rig):
    ids = _busy_counter(qtbot, rig, waiting=3)
    w = rig.window
    shown = [c.order.id for c in sorted(w.cards.values(), key=lambda c: c.y())]
    assert shown == [ids[2], ids[0], ids[1], ids[3], ids[4]]
    assert w.cards[ids[2]].stop_button.isVisible()  # it is the one printing
    # Once printed it takes its place by age again.
    qtbot.waitUntil(lambda: rig.store.get(ids[2]).state is OrderState.PRINTED,
                    timeout=60_000)
    w.refresh()
    settle()
    shown = [c.order.id for c in sorted(w.cards.values(), key=lambda c: c.y())]
    assert shown == ids[:5]


def test_a_finger_drag_scrolls_the_queue(qtbot, rig):
    _busy_counter(qtbot, rig)
    w = rig.window
    w.resize(1280, 800)
    settle()
    w.refresh()
    settle()
    bar = w.queue_scroll.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == 0, "the queue should be longer than the screen"
    whole = w.queue.fully_visible()
    first, last = whole[0], whole[-1]
    view = w.queue_scroll.viewport()
    # A finger's drag upwards that starts on a card's Cancel button (most of a card is
    # buttons): press, move in steps, lift.
    cancel = last.cancel_button
    assert cancel.isVisible()
    start = cancel.rect().center()
    finger_drag(cancel, start, start - QPoint(0, 300))
    qtbot.waitUntil(lambda: bar.value() > 150, timeout=5_000)
    assert first not in w.queue.fully_visible()
    # The drag tapped nothing on its way: no "Cancel order?" question.
    assert w.pages.currentWidget() is w.orders_page
    # Once the queue has come to rest (a tap on a moving list only stops it), a tap (press
    # and lift in place) on a button still is a tap.
    scroller = QScroller.scroller(view)
    qtbot.waitUntil(lambda: scroller.state() is QScroller.State.Inactive, timeout=5_000)
    card = next(c for c in w.queue.fully_visible() if c.cancel_button.isVisible())
    finger_drag(card.cancel_button, card.cancel_button.rect().center(),
                card.cancel_button.rect().center(), steps=1)
    qtbot.waitUntil(lambda: w.pages.currentWidget() is w.confirm_page, timeout=5_000)
    assert w.confirm_page.question.text() == f"Cancel order {card.order.ticket}?"
