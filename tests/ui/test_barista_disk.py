"""An unhappy disk on the barista screen: a full data folder is said in words (in both
languages), the PIN pad never sticks on "Checking…", and the lockout holds (audit holes 1
and 2, the screens' half; the store's and the PIN file's halves are in tests/kiosk)."""

from __future__ import annotations

import errno
import os
import re
import sys
from pathlib import Path

import pytest
from barista_support import close_rig, make_rig, save_screen

from kiosk.orders.model import OrderState
from kiosk.staff.rules import DEFAULT_CODES, StaffRole

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "kiosk"))
from disk_scenarios import small_disk

DEFAULT_PIN = DEFAULT_CODES[StaffRole.TECHNICIAN]
HANGUL = re.compile(r"[\uac00-\ud7a3]")


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def rig(qtbot, tmp_path):
    clock = FakeClock()
    rig = make_rig(tmp_path, start=False, pin_clock=clock, max_failures=3)
    qtbot.addWidget(rig.window)
    rig.clock = clock
    yield rig
    close_rig(rig)


def test_a_cancel_the_full_disk_refuses_says_so_in_words(qtbot, rig):
    w = rig.window
    order, _ = rig.add_order(seed=5)
    with small_disk(rig.store, capacity=1):  # full even after the reserve is given back
        w._cancel(order.id)
        assert w.store_banner.isVisible()
        assert "disk is full" in w.store_message.text()
        assert "technician" in w.store_message.text()
        save_screen(w, "barista_disk_full")
        rig.context.i18n.set_language("ko")
        assert HANGUL.search(w.store_message.text())
        rig.context.i18n.set_language("en")
    assert rig.store.get(order.id).state is OrderState.QUEUED  # nothing half done
    w._cancel(order.id)  # the disk has room again: the cancel works, the box goes
    assert rig.store.get(order.id).state is OrderState.CANCELLED
    assert not w.store_banner.isVisible()


def _try(qtbot, page, pin: str):
    with qtbot.waitSignal(page.checked, timeout=10_000) as blocker:
        page.enter(pin)
    return blocker.args[0]


def test_on_a_full_disk_wrong_pins_still_lock_and_the_pad_says_why(qtbot, rig, monkeypatch):
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    w = rig.window
    w.open_pin()
    page = w.pin_page
    first = _try(qtbot, page, "1234")
    assert not first.ok and first.failures_left == 2 and not page.checking
    text = page.message.text()
    assert "2 tries left" in text and "disk is full" in text
    assert page.keys["1"].isEnabled()  # answered: the pad is not stuck on "Checking…"
    _try(qtbot, page, "1234")
    assert _try(qtbot, page, "1234").locked
    assert "locked" in page.message.text() and "disk is full" in page.message.text()
    assert not page.keys["5"].isEnabled()
    save_screen(w, "technician_pin_disk_full")
    assert not rig.pins.verify(DEFAULT_PIN).ok  # the right PIN is refused while locked
    rig.context.i18n.set_language("ko")
    assert HANGUL.search(page.message.text())


def test_an_unexpected_failure_of_the_check_never_leaves_the_pad_checking(
        qtbot, rig, monkeypatch):
    def broken(pin: str) -> None:
        raise RuntimeError("a bug in the PIN store")

    monkeypatch.setattr(rig.pins, "verify", broken)
    w = rig.window
    w.open_pin()
    page = w.pin_page
    page.enter("1234")
    qtbot.waitUntil(lambda: not page.checking and page.keys["1"].isEnabled(), timeout=10_000)
    assert "could not be checked" in page.message.text()
    assert w.pages.currentWidget() is page  # not let in
