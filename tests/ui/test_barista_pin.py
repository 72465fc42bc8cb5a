"""The technician entry: wrong PINs count, a lockout after N, the right PIN opens the
technician view; the default-PIN warning and changing the PIN."""

from __future__ import annotations

import pytest
from barista_support import close_rig, make_rig, save_screen
from PySide6.QtCore import Qt

from kiosk.staff.rules import DEFAULT_CODES, StaffRole

DEFAULT_PIN = DEFAULT_CODES[StaffRole.TECHNICIAN]


class FakeClock:
    """Wall clock for the PIN lockout (minutes pass without waiting)."""

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


def _try(qtbot, page, pin: str):
    with qtbot.waitSignal(page.checked, timeout=10_000) as blocker:
        page.enter(pin)
    return blocker.args[0]


def test_technician_button_asks_for_the_pin_first(qtbot, rig):
    w = rig.window
    qtbot.mouseClick(w.technician_button, Qt.MouseButton.LeftButton)
    assert w.pages.currentWidget() is w.pin_page
    assert "Type the technician PIN" in w.pin_page.message.text()
    save_screen(w, "technician_pin_pad")
    w.pin_page.back_button.click()
    assert w.pages.currentWidget() is w.orders_page


def test_wrong_pins_count_down_then_lock_out(qtbot, rig):
    w = rig.window
    w.open_pin()
    page = w.pin_page
    first = _try(qtbot, page, "1234")
    assert not first.ok and first.failures_left == 2
    assert "2 tries left" in page.message.text()
    assert w.pages.currentWidget() is page
    assert _try(qtbot, page, "9999").failures_left == 1
    locked = _try(qtbot, page, "5555")
    assert locked.locked
    assert "locked" in page.message.text() and "5 minutes" in page.message.text()
    assert not page.keys["1"].isEnabled() and not page.keys["✓"].isEnabled()
    save_screen(w, "technician_pin_locked")
    # While locked even the right PIN is refused, and the pad stays shut after a restart
    # of the page (the lockout lives in the PIN file, not in the widget).
    assert not rig.pins.verify(DEFAULT_PIN).ok
    page.reset()
    assert not page.keys["5"].isEnabled()
    # Five minutes later the pad opens again and the right PIN works.
    rig.clock.now += 5 * 60 + 1
    page.reset()
    assert page.keys["5"].isEnabled()
    with qtbot.waitSignal(page.accepted, timeout=10_000):
        page.enter(DEFAULT_PIN)
    assert w.pages.currentWidget() is w.technician


def test_right_pin_opens_technician_view_with_default_pin_warning(qtbot, rig):
    w = rig.window
    w.open_pin()
    for digit in DEFAULT_PIN:
        qtbot.mouseClick(w.pin_page.keys[digit], Qt.MouseButton.LeftButton)
    assert w.pin_page.dots.text() == "●" * len(DEFAULT_PIN)
    with qtbot.waitSignal(w.pin_page.accepted, timeout=10_000):
        w.pin_page.keys["✓"].click()
    tech = w.technician
    assert w.pages.currentWidget() is tech
    assert tech.codes.isVisible() and tech.codes.objectName() == "FaultBanner"  # yellow
    assert "still the factory default" in tech.codes.state[StaffRole.TECHNICIAN].text()
    # Calibration: the machine's state in words (no printer here), the way to the wizard.
    assert "not connected yet" in tech.calibration_text.text()
    assert tech.calibration_title.text() == "Calibration"
    assert tech.calibrate_button.text() == "Calibrate the printer"


def test_change_pin_then_only_the_new_pin_opens(qtbot, rig):
    w = rig.window
    w.open_pin()
    with qtbot.waitSignal(w.pin_page.accepted, timeout=10_000):
        w.pin_page.enter(DEFAULT_PIN)
    tech = w.technician
    tech.codes.buttons[StaffRole.TECHNICIAN].click()
    assert tech.pages.currentWidget() is tech.change_code
    save_screen(w, "technician_change_pin")
    page = tech.change_code
    page.enter("12")  # too short: refused, nothing saved
    assert "4 to 12 digits" in page.prompt.text()
    page.enter("2468")
    page.enter("2460")  # different: start again
    assert "different" in page.prompt.text()
    assert rig.pins.is_default()
    page.enter("2468")
    with qtbot.waitSignal(page.done, timeout=10_000) as done:
        page.enter("2468")
    assert done.args == [True]
    assert tech.pages.currentIndex() == 0
    assert not rig.pins.is_default()
    assert "personal PIN is set" in tech.codes.state[StaffRole.TECHNICIAN].text()
    assert tech.codes.note.isVisible() and tech.codes.note.text() == "Technician PIN changed."
    # The stored form is a salted hash, never the digits.
    assert b"2468" not in rig.pins.path.read_bytes()
    # Back out, then in again: the old default no longer works, the new PIN does.
    tech.back_button.click()
    w.open_pin()
    assert not _try(qtbot, w.pin_page, DEFAULT_PIN).ok
    assert w.pages.currentWidget() is w.pin_page
    with qtbot.waitSignal(w.pin_page.accepted, timeout=10_000):
        w.pin_page.enter("2468")
    assert w.pages.currentWidget() is tech


def test_closing_the_kiosk_is_only_behind_the_pin_and_asks_first(qtbot, rig):
    exits = []
    rig.context.request_exit = lambda: exits.append(True)
    w = rig.window
    w.open_pin()
    with qtbot.waitSignal(w.pin_page.accepted, timeout=10_000):
        w.pin_page.enter(DEFAULT_PIN)
    tech = w.technician
    tech.exit_button.click()
    assert w.pages.currentWidget() is w.confirm_page
    assert w.confirm_page.question.text() == "Close the kiosk?"
    save_screen(w, "technician_close_kiosk_confirm")
    w.confirm_page.no_button.click()
    qtbot.waitUntil(lambda: w.pages.currentWidget() is tech)
    assert exits == []
    tech.exit_button.click()
    w.confirm_page.yes_button.click()
    assert exits == [True]


def test_both_pin_pages_type_the_same_way_on_the_shared_keypad(qtbot, rig):
    w = rig.window
    w.open_technician()
    w.technician.open_change_code(StaffRole.TECHNICIAN)
    change = w.technician.change_code
    for page, words in ((w.pin_page, w.pin_page.message), (change, change.prompt)):
        assert list(page.keys) == [*"123456789", "⌫", "0", "✓"]  # phone layout
        assert all(b.minimumWidth() >= 120 and b.minimumHeight() >= 88
                   for b in page.keys.values())
        for key in "1234⌫5":  # by finger: four digits, one taken back, one more
            qtbot.mouseClick(page.keys[key], Qt.MouseButton.LeftButton)
        assert page.dots.text() == "●●●●"
        assert words.text()  # the page still says what to do
    # ✓ on the change-PIN page takes the first entry (1235) and asks for it again.
    qtbot.mouseClick(change.keys["✓"], Qt.MouseButton.LeftButton)
    assert "again" in change.prompt.text() and change.dots.text() == "–"
    # ✓ on the PIN page checks what was typed: a wrong PIN, counted.
    with qtbot.waitSignal(w.pin_page.checked, timeout=10_000) as checked:
        qtbot.mouseClick(w.pin_page.keys["✓"], Qt.MouseButton.LeftButton)
    assert not checked.args[0].ok
