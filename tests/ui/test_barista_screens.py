"""The barista's screen without printing: the queue, cancel with confirmation, contrast,
and Korean/English on every visible string."""

from __future__ import annotations

import re
import time

import pytest
from barista_support import close_rig, make_rig, save_screen
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from kiosk.orders.model import OrderState
from kiosk.ui.barista.style import CONTRAST_PAIRS, contrast_ratio


@pytest.fixture
def rig(qtbot, tmp_path):
    rig = make_rig(tmp_path, start=False)  # no printer: the window says so
    qtbot.addWidget(rig.window)
    yield rig
    close_rig(rig)


def _click(qtbot, button) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_queue_shows_number_drink_wait_and_state(qtbot, rig):
    first, _ = rig.add_order(seed=1, drink_id="latte")
    second, _ = rig.add_order(seed=2, drink_id="flat-white")
    gone, _ = rig.add_order(seed=3, drink_id="pumpkin-spice")  # no longer on the menu
    card = rig.card(first.id)
    assert card.number.text() == "No. 001"
    assert card.drink.text() == "Caffè latte"
    assert rig.card(second.id).drink.text() == "Flat white"
    assert rig.card(gone.id).drink.text() == "pumpkin-spice"
    assert card.waiting.text() == "Just ordered"
    # Five minutes on, the card says how long the customer has been waiting.
    later = time.time() + 5 * 60 + 1
    rig.context.clock = lambda: later
    rig.window.refresh()
    assert card.waiting.text() == "Waiting 5 min"
    assert card.state_text.text() == "Waiting to print"
    assert card.preview.pixmap() is not None and not card.preview.pixmap().isNull()
    assert rig.card(second.id).number.text() == "No. 002"
    # No printer yet: printing is impossible and the card says why, in words.
    assert not card.print_button.isEnabled()
    assert "not connected" in card.blocked.text()
    assert "not connected" in rig.window.status_panel.connection.text()
    save_screen(rig.window, "barista_printer_not_connected")
    rig.context.i18n.set_language("ko")
    assert card.drink.text() == "카페 라테"


def test_cancel_asks_first_and_no_keeps_the_order(qtbot, rig):
    order, _ = rig.add_order()
    w = rig.window
    _click(qtbot, rig.card(order.id).cancel_button)
    assert w.pages.currentWidget() is w.confirm_page
    assert w.confirm_page.question.text() == "Cancel order 001?"
    assert w.confirm_page.yes_button.text() == "Yes, cancel order 001"
    save_screen(w, "barista_cancel_confirm")
    assert rig.store.get(order.id).state is OrderState.QUEUED  # nothing happened yet
    _click(qtbot, w.confirm_page.no_button)
    assert w.pages.currentWidget() is w.orders_page
    assert rig.store.get(order.id).state is OrderState.QUEUED
    assert rig.store.get_mask(order.id) is not None

    _click(qtbot, rig.card(order.id).cancel_button)
    _click(qtbot, w.confirm_page.yes_button)
    assert rig.store.get(order.id).state is OrderState.CANCELLED
    assert rig.store.get_mask(order.id) is None  # the picture is gone with the order
    assert order.id not in w.cards
    assert w.empty_label.isVisible()


def test_barista_colours_reach_seven_to_one():
    for name, (fg, bg) in CONTRAST_PAIRS.items():
        assert contrast_ratio(fg, bg) >= 7.0, f"{name}: {fg} on {bg}"


def _visible_texts(root) -> set[str]:
    texts = set()
    for widget in root.findChildren(QLabel) + root.findChildren(QPushButton):
        text = widget.text().replace("\u200b", "")  # wrap hints in long values
        if widget.isVisibleTo(root) and text.strip():
            texts.add(text)
    return texts


# Words that are the same in both languages: data, units, names of things.
_SAME = re.compile(
    r"^(?:[\d\s.,:%±–●⌫✓☕-]+|English|한국어|sim://\S+"
    r"|\d+(?:\.\d+)? ?(?:g|B|KiB|ms).*)$"
)


@pytest.mark.parametrize("page", ["orders", "technician", "confirm", "pin", "change_pin",
                                  "served_undo"])
def test_switching_language_changes_every_visible_string(qtbot, rig, page):
    order, _ = rig.add_order()
    w = rig.window
    if page == "served_undo":  # a printed order just tapped "Served": the undo window
        printed, _ = rig.add_printed_order(seed=2)
        _click(qtbot, rig.card(printed.id).served_button)
        assert rig.card(printed.id).undo_button.isVisible()
    elif page == "technician":
        w.open_technician()
    elif page == "confirm":
        w.ask_cancel(order.id)
    elif page == "pin":
        w.open_pin()
    elif page == "change_pin":
        w.open_technician()
        from kiosk.staff.rules import StaffRole

        w.technician.open_change_code(StaffRole.TECHNICIAN)
    english = _visible_texts(w)
    rig.context.i18n.set_language("ko")
    korean = _visible_texts(w)
    save_screen(w, f"barista_{page}_ko")
    unchanged = {t for t in english & korean if not _SAME.match(t)}
    assert unchanged == set(), f"not translated on the {page} page: {unchanged}"
    assert any(re.search("[가-힣]", t) for t in korean)
    rig.context.i18n.set_language("en")
    assert _visible_texts(w) == english


@pytest.mark.parametrize("size", [(1280, 900), (1024, 768), (800, 600)])
@pytest.mark.parametrize("language", ["en", "ko"])
def test_nothing_is_cut_off_on_small_counter_screens(qtbot, rig, size, language):
    from PySide6.QtWidgets import QApplication

    for seed in range(3):
        rig.add_order(seed=seed)
    w = rig.window
    rig.context.i18n.set_language(language)
    w.resize(*size)
    QApplication.processEvents()
    w.refresh()
    QApplication.processEvents()
    viewport = w.queue_scroll.viewport().width()
    for card in w.cards.values():
        assert card.geometry().right() <= viewport, (card.mode, card.geometry(), viewport)
        for button in card.findChildren(QPushButton):
            if button.isVisible():
                assert button.width() >= button.sizeHint().width(), button.text()
    save_screen(w, f"barista_queue_{size[0]}x{size[1]}_{language}")
    # No page (PIN pad, technician, questions) makes the window taller than the screen.
    assert w.width() <= size[0] and w.height() <= size[1], w.minimumSizeHint()
    w.open_pin()
    save_screen(w, f"technician_pin_pad_{size[0]}x{size[1]}_{language}")


@pytest.mark.parametrize("text", [
    "Cinnamon is empty: refill it, then press Continue",
    "Lost the connection to the printer during a job query: check the printer's power and "
    "cable, then check the cup and print again",
    "{not json",
])
def test_an_outcome_stored_as_an_english_sentence_reads_in_korean(rig, text):
    """An order an older version stored with the driver's sentence (the store's code
    ``legacy``) reads by its code, in the current language: no sentence is matched."""
    from kiosk.ui.barista.words import stored_error_words

    rig.context.i18n.set_language("ko")
    korean = stored_error_words("legacy", {"text": text})
    assert re.search("[가-힣]", korean) and not re.search("[A-Za-z]{4,}", korean), korean
    rig.context.i18n.set_language("en")
    assert stored_error_words("legacy", {"text": text}) != text
