"""The barista's walk: every barista and technician page at every screen size cafés buy, in
both languages, checked with the customer walk's rules (``fit_check``): no text cut, nothing
sticking out of its parent or off the window (the queue's cards below the fold excepted: a
finger scrolls them in), nothing overlapping, no touch target under 15 mm or two closer than
3 mm at 96 dpi, and the window never growing past the screen.

Pages: the busy queue (one order printing, printed ones, one called ready, unpaid ones), the
jam banner of the demo printer with the status line red, a printed order's "Served" undo
window, the cancel question, "not paid yet", the technician PIN pad, the technician screen,
its change-PIN pad and the "set the staff codes" step. Each size writes its figures to
``test-artifacts/walk/barista-WxH.json``.
"""

from __future__ import annotations

import time

import pytest
from barista_support import close_rig, make_rig
from fit_check import KIOSK_SIZES, SizeWalk, TouchRule, settle

from kiosk.orders.model import OrderState
from kiosk.staff.rules import StaffRole

WAIT_MS = 30_000


def _checked(walk: SizeWalk, rig, state: str) -> None:
    rig.window.refresh()
    walk.check(state)


@pytest.mark.parametrize("size", KIOSK_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_barista_page_fits_every_kiosk_screen(qtbot, tmp_path, size):
    started = time.monotonic()
    rig = make_rig(tmp_path, speed=2, undo_seconds=120)
    w = rig.window
    qtbot.addWidget(w)
    walk = SizeWalk(w, size, rig.context.i18n.set_language, TouchRule(96), "barista")
    try:
        qtbot.waitUntil(lambda: rig.service.connected, timeout=WAIT_MS)
        ready, _ = rig.add_printed_order(seed=1)
        unpaid, _ = rig.add_printed_order(seed=2, paid=False)
        rig.context.counter.service.mark_ready(ready.id)
        waiting = [rig.add_order(seed=3 + i, drink_id=d)[0]
                   for i, d in enumerate(("latte", "cappuccino", "flat-white", "latte"))]
        w.resize(*size)
        settle()
        qtbot.waitUntil(rig.card(waiting[0].id).print_button.isEnabled, timeout=WAIT_MS)
        rig.sim.set_faults("jam=0.6")
        assert w.print_order(waiting[0].id)
        _checked(walk, rig, "queue-printing")
        qtbot.waitUntil(lambda: w.fault_banner.isVisible() and rig.store.get(
            waiting[0].id).state is OrderState.INTERRUPTED, timeout=WAIT_MS)
        _checked(walk, rig, "queue-jam")
        w.fault_banner.fixClicked.emit()
        qtbot.waitUntil(lambda: not w.fault_banner.isVisible(), timeout=WAIT_MS)
        rig.card(ready.id).start_serve()
        _checked(walk, rig, "queue-served-undo")
        rig.card(ready.id).undo_served()
        w.ask_cancel(waiting[1].id)
        _checked(walk, rig, "cancel-question")
        w.show_orders()
        w.ask_pay_first(unpaid.id)
        _checked(walk, rig, "not-paid-yet")
        w.show_orders()
        w.open_pin()
        _checked(walk, rig, "technician-pin")
        w.open_technician()
        _checked(walk, rig, "technician")
        w.technician.open_change_code(StaffRole.TECHNICIAN)
        _checked(walk, rig, "technician-change-pin")
        w.technician.leave()
        w.open_setup()
        _checked(walk, rig, "set-the-staff-codes")
    finally:
        close_rig(rig)
    walk.save(seconds=round(time.monotonic() - started, 1))
    assert walk.checks == 9 * 2
    assert not walk.problems, "\n".join(walk.problems)
