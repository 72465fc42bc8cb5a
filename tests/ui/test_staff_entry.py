"""Staff entry on a single-screen kiosk: the hidden hold (and its progress line), the code
pad before any order shows, the barista code's lockout, the staff session's idle end, and
the factory-default gate ("Opening soon" with a real printer; the demo works as shipped).

The whole kiosk (:class:`kiosk.ui.app.KioskApp`) runs here, full screen on the offscreen
display: the shell, both windows, the orders gate. It prints on the simulator; the gate
tests configure a real port for the codes to see.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from barista_support import portrait_like_mask, preview_of, save_screen, sim_name
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from kiosk.orders.store import OrderStore
from kiosk.settings.config import KioskConfig, StaffSettings, TechnicianSettings
from kiosk.staff.rules import DEFAULT_CODES, StaffRole

BARISTA_DEFAULT = DEFAULT_CODES[StaffRole.BARISTA]
REAL_PORT = "/dev/ttyACM0"
WAIT_MS = 20_000


@contextmanager
def kiosk_app(tmp_path: Path, *, real_printer: bool = False, idle_seconds: float = 90,
              max_failures: int = 5) -> Iterator[object]:
    """The whole kiosk, full screen (one screen: the shell). ``real_printer``: the config
    names a serial port (the codes' gate sees a real printer); printing goes to the
    simulator either way."""
    from kiosk.ui.app import KioskApp
    from kiosk.ui.print_adapter import QtPrintService
    from printer_driver.sim import remove_printer

    name = sim_name("staff")
    sim_url = f"sim://{name}?speed=40"
    config = KioskConfig(data_dir=tmp_path, printer_url=REAL_PORT if real_printer else sim_url,
                         lang="en", staff=StaffSettings(idle_seconds=idle_seconds),
                         technician=TechnicianSettings(max_failures=max_failures))
    store = OrderStore(config.db_path, require_owner=True)
    service = QtPrintService(store, sim_url)
    kiosk = KioskApp(config, store=store, printer=service)
    kiosk.start(fullscreen=True)
    try:
        yield kiosk
    finally:
        kiosk.shutdown()
        service.stop()
        store.close()
        remove_printer(name)


def _hold(qtbot, kiosk) -> None:
    """Hold the name (the 3 s compressed) until the shell asks for the code."""
    kiosk.customer.staff_hold.set_hold_ms(60)
    brand = kiosk.customer.brand
    with qtbot.waitSignal(kiosk.customer.staff_requested, timeout=5000):
        qtbot.mousePress(brand, Qt.MouseButton.LeftButton)
    qtbot.mouseRelease(brand, Qt.MouseButton.LeftButton)


def _enter(qtbot, page, code: str):
    with qtbot.waitSignal(page.checked, timeout=WAIT_MS) as checked:
        page.enter(code)
    return checked.args[0]


def _queue_buttons(kiosk) -> list[QPushButton]:
    return [b for card in kiosk.barista_window.cards.values()
            for b in card.findChildren(QPushButton)]


def _reachable(buttons: list[QPushButton]) -> list[str]:
    return [b.text() for b in buttons if b.isVisible() and b.isEnabled()]


def test_the_hold_without_the_code_never_shows_the_queue(qtbot, tmp_path):
    with kiosk_app(tmp_path) as kiosk:
        for seed in (1, 2):
            mask = portrait_like_mask(seed)
            kiosk.store.create_order(drink_id="latte", mask=mask, preview=preview_of(mask))
        barista, shell = kiosk.barista_window, kiosk.shell
        barista.refresh()
        assert len(barista.cards) == 2
        qtbot.waitUntil(lambda: kiosk.printer.connected, timeout=WAIT_MS)
        barista.refresh()
        buttons = _queue_buttons(kiosk)
        prints = [card.print_button for card in barista.cards.values()]
        cancels = [card.cancel_button for card in barista.cards.values()]
        assert set(prints + cancels) <= set(buttons)
        qtbot.mouseClick(kiosk.customer.brand, Qt.MouseButton.LeftButton)  # a tap: nothing
        assert shell.showing == "customer"
        _hold(qtbot, kiosk)
        assert shell.showing == "entry"
        save_screen(shell, "staff_entry_pad_demo")
        # The pad only: no order card, no Print, no Cancel, no customer's picture.
        assert not any(card.isVisible() for card in barista.cards.values())
        assert _reachable(buttons) == []
        visible = {b.text() for b in shell.findChildren(QPushButton) if b.isVisible()}
        assert visible == {*"0123456789", "⌫", "✓", "Back"}
        assert shell.entry.demo_note.isVisible() and BARISTA_DEFAULT in shell.entry.demo_note.text()
        wrong = _enter(qtbot, shell.entry, "5555")
        assert not wrong.ok and shell.showing == "entry" and _reachable(buttons) == []
        assert "4 tries left" in shell.entry.message.text()
        right = _enter(qtbot, shell.entry, BARISTA_DEFAULT)
        assert right.ok and right.role is StaffRole.BARISTA
        assert shell.showing == "barista" and barista.pages.currentWidget() is barista.orders_page
        assert all(card.isVisible() for card in barista.cards.values())
        assert _reachable(prints) and _reachable(cancels)  # behind the code: all there
        assert "Demo kiosk" in shell.bar_note.text()  # the demo says its codes are defaults
        shell.back_button.click()
        assert shell.showing == "customer" and _reachable(buttons) == []


def test_progress_shows_while_held_and_vanishes_on_release(qtbot, tmp_path):
    with kiosk_app(tmp_path) as kiosk:
        hold, brand = kiosk.customer.staff_hold, kiosk.customer.brand
        line = hold.line
        assert not line.isVisible()
        fired = []
        kiosk.customer.staff_requested.connect(lambda: fired.append(True))
        qtbot.mousePress(brand, Qt.MouseButton.LeftButton)  # the real 3 s hold
        qtbot.waitUntil(lambda: line.isVisible() and line.fraction > 0.02, timeout=5000)
        assert line.width() > 40 and line.height() <= 8  # a line under the name, not a box
        assert line.geometry().bottom() <= brand.height()
        assert line.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        save_screen(kiosk.customer.window(), "staff_hold_progress")
        qtbot.mouseRelease(brand, Qt.MouseButton.LeftButton)
        assert not line.isVisible() and not hold.holding  # gone at once: no wait
        assert fired == [] and kiosk.shell.showing == "customer"
        # A finger that slides off the name ends the hold too.
        qtbot.mousePress(brand, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(line.isVisible, timeout=5000)
        QApplication.sendEvent(brand, _move_event(brand, brand.width() + 50))
        assert not line.isVisible() and fired == []


def _move_event(widget, x: int):
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QMouseEvent

    local = QPointF(x, 10)
    return QMouseEvent(QMouseEvent.Type.MouseMove, local, widget.mapToGlobal(local),
                       Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)


def test_without_a_shell_the_hold_shows_nothing(qtbot, tmp_path):
    """Two screens: the barista has a screen of their own; holding the name is nothing."""
    from customer_support import close_customer, make_customer

    rig = make_customer(qtbot, tmp_path)
    try:
        hold = rig.window.staff_hold
        assert not hold.enabled
        qtbot.mousePress(rig.window.brand, Qt.MouseButton.LeftButton)
        assert not hold.holding and not hold.line.isVisible()
        qtbot.mouseRelease(rig.window.brand, Qt.MouseButton.LeftButton)
    finally:
        close_customer(rig)


def test_wrong_barista_codes_lock_the_pad_and_say_for_how_long(qtbot, tmp_path):
    with kiosk_app(tmp_path, max_failures=3) as kiosk:
        shell = kiosk.shell
        _hold(qtbot, kiosk)
        page = shell.entry
        assert _enter(qtbot, page, "5555").failures_left == 2
        assert "2 tries left" in page.message.text()
        assert _enter(qtbot, page, "5556").failures_left == 1
        assert "1 try left before a lockout" in page.message.text()  # not "1 tries"
        locked = _enter(qtbot, page, "5557")
        assert locked.locked and "locked" in page.message.text()
        assert "try again in 5 minutes" in page.message.text()
        assert not page.keys["1"].isEnabled() and not page.keys["✓"].isEnabled()
        save_screen(shell, "staff_entry_locked")
        kiosk.context.i18n.set_language("ko")
        assert "5분" in page.message.text()
        kiosk.context.i18n.set_language("en")
        # Nothing opens while locked: not the barista code, not the technician PIN.
        from kiosk.staff.access import Door

        assert not kiosk.staff.check(Door.STAFF, BARISTA_DEFAULT).ok
        assert not kiosk.staff.check(Door.STAFF, DEFAULT_CODES[StaffRole.TECHNICIAN]).ok
        assert shell.showing == "entry"
        page.back_button.click()
        assert shell.showing == "customer"


def test_on_a_full_disk_the_staff_pad_still_locks_and_says_why(qtbot, tmp_path, monkeypatch):
    with kiosk_app(tmp_path, max_failures=3) as kiosk:
        _hold(qtbot, kiosk)

        def full(fd: int) -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr(os, "fsync", full)
        page = kiosk.shell.entry
        first = _enter(qtbot, page, "5555")
        assert not first.ok and first.storage_problem is not None
        assert "2 tries left" in page.message.text() and "disk is full" in page.message.text()
        _enter(qtbot, page, "5555")
        assert _enter(qtbot, page, "5555").locked
        assert "locked" in page.message.text() and "disk is full" in page.message.text()
        from kiosk.staff.access import Door

        assert not kiosk.staff.check(Door.STAFF, BARISTA_DEFAULT).ok  # the write failed: locked
        assert kiosk.shell.showing == "entry"


def test_the_staff_session_ends_after_the_idle_time(qtbot, tmp_path):
    with kiosk_app(tmp_path, idle_seconds=15) as kiosk:
        shell, barista = kiosk.shell, kiosk.barista_window
        shell.session.set_seconds(0.5)  # the real 15 s and more, compressed
        _hold(qtbot, kiosk)
        assert _enter(qtbot, shell.entry, DEFAULT_CODES[StaffRole.TECHNICIAN]).ok
        assert shell.showing == "barista"
        assert barista.pages.currentWidget() is barista.technician  # the PIN: its screen
        barista.technician.open_change_code(StaffRole.BARISTA)
        barista.technician.change_code.press("7")  # half-typed, then walked away
        qtbot.waitUntil(lambda: shell.showing == "customer", timeout=5000)
        # The next person starts from the pad, and after the code, at the queue: nothing
        # of the last session (technician screen, typed digits) is left open.
        assert barista.pages.currentWidget() is barista.orders_page
        assert barista.technician.change_code.dots.text() == "–"
        _hold(qtbot, kiosk)
        assert shell.showing == "entry" and shell.entry.dots.text() == "–"
        qtbot.waitUntil(lambda: shell.showing == "customer", timeout=5000)  # the pad too


def test_a_real_printer_with_default_codes_opens_soon_until_they_are_changed(qtbot, tmp_path):
    with kiosk_app(tmp_path, real_printer=True) as kiosk:
        customer, shell, barista = kiosk.customer, kiosk.shell, kiosk.barista_window
        overlay = kiosk.orders_gate.overlay
        assert not kiosk.orders_gate.takes_orders
        assert overlay.showing and overlay.title.text() == "Opening soon"
        start = customer.attract.findChildren(QPushButton)[0]
        centre = start.mapTo(customer.stack, start.rect().center())
        hit = customer.stack.childAt(centre)
        assert hit is overlay or overlay.isAncestorOf(hit)  # the start button is covered
        save_screen(shell, "staff_opening_soon")
        # Staff: the hold, the factory-default barista code, then the setup step.
        _hold(qtbot, kiosk)
        assert not shell.entry.demo_note.isVisible()  # no default code shown off the demo
        assert _enter(qtbot, shell.entry, BARISTA_DEFAULT).ok
        setup = barista.setup_page
        assert shell.showing == "barista" and barista.pages.currentWidget() is setup
        assert not barista.orders_page.isVisible()
        assert not setup.continue_button.isVisible()
        save_screen(shell, "staff_setup_codes")
        setup.panel.buttons[StaffRole.BARISTA].click()
        change = setup.change_code
        change.enter("1111")
        assert "over and over" in change.prompt.text()
        change.enter("3971")
        with qtbot.waitSignal(change.done, timeout=WAIT_MS):
            change.enter("3971")
        assert setup.panel.note.text() == "Barista code changed."
        assert overlay.showing  # the technician PIN is still the default
        setup.panel.buttons[StaffRole.TECHNICIAN].click()
        change.enter("3971")  # the barista code: refused, once saving checks it
        change.enter("3971")
        qtbot.waitUntil(lambda: not change.saving and "differ" in change.prompt.text(),
                        timeout=WAIT_MS)
        change.enter("5824")
        with qtbot.waitSignal(change.done, timeout=WAIT_MS):
            change.enter("5824")
        assert setup.panel.note.text() == "Technician PIN changed."
        assert kiosk.orders_gate.takes_orders and not overlay.showing  # open at once
        assert setup.continue_button.isVisible()
        setup.continue_button.click()
        assert barista.pages.currentWidget() is barista.orders_page
        shell.back_button.click()
        assert shell.showing == "customer" and not overlay.isVisible()
        assert customer.current_screen == "attract"
        # A reset from the shell closes the kiosk again within one look.
        kiosk.staff.reset(StaffRole.BARISTA)
        kiosk.orders_gate.refresh()
        assert overlay.isVisible()
        # ... and the staff side goes back to the setup step, not the queue.
        _hold(qtbot, kiosk)
        assert _enter(qtbot, shell.entry, BARISTA_DEFAULT).ok
        assert barista.pages.currentWidget() is setup


def test_the_demo_takes_orders_with_the_default_codes_and_says_so(qtbot, tmp_path):
    with kiosk_app(tmp_path) as kiosk:
        assert kiosk.orders_gate.takes_orders and not kiosk.orders_gate.overlay.showing
        _hold(qtbot, kiosk)
        assert _enter(qtbot, kiosk.shell.entry, DEFAULT_CODES[StaffRole.TECHNICIAN]).ok
        tech = kiosk.barista_window.technician
        assert kiosk.barista_window.pages.currentWidget() is tech
        assert tech.codes.demo_note.isVisible() and "Demo kiosk" in tech.codes.demo_note.text()
        save_screen(kiosk.shell, "staff_technician_demo_codes")


@pytest.mark.parametrize(("typed", "words"), [
    ("1111", "over and over"), ("0000", "factory-default"), ("1234", "factory-default"),
    ("4567", "in a row"), ("3210", "in a row"), ("123", "4 to 12 digits")])
def test_the_change_page_refuses_trivial_codes_with_the_reason(qtbot, tmp_path, typed, words):
    from barista_support import close_rig, make_rig

    rig = make_rig(tmp_path, start=False)
    qtbot.addWidget(rig.window)
    try:
        tech = rig.window.technician
        tech.open_change_code(StaffRole.BARISTA)
        page = tech.change_code
        page.enter(typed)
        assert words in page.prompt.text()
        assert "Type the new barista code (4 to 12 digits)" in page.prompt.text()  # again
        assert not page.saving and rig.staff.barista.is_default()
    finally:
        close_rig(rig)


@pytest.mark.parametrize(("language", "one", "two"), [
    ("en", "1 try left", "2 tries left"), ("ko", "1번 남았습니다", "2번 남았습니다")])
def test_counts_use_plural_forms_in_both_languages(qtbot, language, one, two):
    from kiosk.ui.barista.code_words import locked_words, wrong_code_words
    from kiosk.ui.i18n import LanguageManager

    manager = LanguageManager(language)
    try:
        assert one in wrong_code_words(1) and two in wrong_code_words(2)
        if language == "en":
            assert "1 tries" not in wrong_code_words(1)
            assert locked_words(60).endswith("in 1 minute.")
            assert locked_words(299).endswith("in 5 minutes.")
            assert locked_words(1).endswith("in 1 second.")
            assert locked_words(42).endswith("in 42 seconds.")
        else:
            assert "5분" in locked_words(299) and "42초" in locked_words(42)
    finally:
        manager.set_language("en")
