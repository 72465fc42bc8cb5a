""""Served" can be undone: a tap on the wrong card loses nothing.

The tap opens an undo window (the ``served_undo_seconds`` setting, short here); only when it
ends is the order marked SERVED and its picture deleted. Undo puts the card back as it was;
closing the kiosk during the window leaves the order PRINTED.
"""

from __future__ import annotations

import re

import pytest
from barista_support import close_rig, make_rig, save_screen
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from kiosk.orders.model import OrderState
from kiosk.settings.config import ConfigError, KioskConfig

WAIT_MS = 10_000
SHORT = 0.3  # seconds: the undo window when a test waits for it to end
LONG = 60.0  # seconds: the undo window when a test must act inside it


@pytest.fixture
def make(qtbot, tmp_path):
    rigs = []

    def build(undo_seconds: float):
        rig = make_rig(tmp_path / str(len(rigs)), start=False, undo_seconds=undo_seconds)
        qtbot.addWidget(rig.window)
        rigs.append(rig)
        return rig

    yield build
    for rig in rigs:
        close_rig(rig)


def _click(qtbot, button) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _looks(card) -> dict[str, tuple[bool, str]]:
    """What the barista sees on a card: every label and button, shown or not, and its text."""
    return {w.objectName() + str(i): (w.isVisibleTo(card), w.text())
            for i, w in enumerate(card.findChildren(QLabel) + card.findChildren(QPushButton))}


def _shown_buttons(card) -> list[QPushButton]:
    return [b for b in card.findChildren(QPushButton) if b.isVisibleTo(card)]


def test_served_waits_for_the_undo_window_then_deletes_the_picture(qtbot, make):
    rig = make(SHORT)
    order, _ = rig.add_printed_order()
    card = rig.card(order.id)
    with qtbot.waitSignal(card.servedConfirmed, timeout=WAIT_MS) as confirmed:
        _click(qtbot, card.served_button)
        # During the window: "Served" and one big Undo, nothing else to tap; nothing stored.
        assert card.served_text.text() == "Served" and card.undo_button.text() == "Undo"
        assert _shown_buttons(card) == [card.undo_button]
        assert "Wrong cup? Tap Undo." in card.detail.text()
        assert rig.store.get(order.id).state is OrderState.PRINTED
        assert rig.store.get_mask(order.id) is not None
    assert confirmed.args == [order.id]
    assert rig.store.get(order.id).state is OrderState.SERVED
    assert rig.store.get_mask(order.id) is None and rig.store.get_preview_png(order.id) is None
    assert order.id not in rig.window.cards
    assert rig.window.empty_label.isVisible()


def test_undo_puts_the_card_back_as_it_was_and_nothing_is_served(qtbot, make):
    rig = make(SHORT)
    order, mask = rig.add_printed_order()
    card = rig.card(order.id)
    before = _looks(card)
    assert card.served_button.isVisible() and card.again_button.isVisible()
    _click(qtbot, card.served_button)
    assert card.serve_pending
    _click(qtbot, card.undo_button)
    assert not card.serve_pending
    assert _looks(card) == before
    # Past the end of the (short) undo window and a queue refresh: still waiting to serve.
    with qtbot.waitSignal(rig.window.timer.timeout, timeout=WAIT_MS):
        pass
    assert rig.card(order.id) is card and _looks(card) == before
    assert rig.store.get(order.id).state is OrderState.PRINTED
    assert (rig.store.get_mask(order.id).dots == mask.dots).all()
    # Served again, for real this time.
    with qtbot.waitSignal(card.servedConfirmed, timeout=WAIT_MS):
        _click(qtbot, card.served_button)
    assert rig.store.get(order.id).state is OrderState.SERVED


def test_the_wrong_card_undone_the_right_one_served(qtbot, make):
    rig = make(SHORT)
    first, _ = rig.add_printed_order(seed=1)
    second, _ = rig.add_printed_order(seed=2)
    wrong, right = rig.card(first.id), rig.card(second.id)
    _click(qtbot, wrong.served_button)
    _click(qtbot, wrong.undo_button)
    with qtbot.waitSignal(right.servedConfirmed, timeout=WAIT_MS):
        _click(qtbot, right.served_button)
    assert rig.store.get(first.id).state is OrderState.PRINTED
    assert rig.store.get(second.id).state is OrderState.SERVED
    assert list(rig.window.cards) == [first.id]


def test_the_countdown_shows_the_seconds_left_and_the_queue_refresh_keeps_it(qtbot, make):
    rig = make(LONG)
    order, _ = rig.add_printed_order()
    card = rig.card(order.id)
    _click(qtbot, card.served_button)
    assert card.detail.text() == "Leaves the queue in 60 s. Wrong cup? Tap Undo."
    qtbot.waitUntil(lambda: card.undo_seconds_left() < 60, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "in 59 s" in card.detail.text(), timeout=WAIT_MS)
    with qtbot.waitSignal(rig.window.timer.timeout, timeout=WAIT_MS):
        pass  # the once-a-second queue refresh must not bring Served back
    assert card.serve_pending and _shown_buttons(card) == [card.undo_button]
    assert rig.store.get(order.id).state is OrderState.PRINTED


def test_closing_the_kiosk_during_the_undo_window_keeps_the_order(qtbot, make, tmp_path):
    rig = make(SHORT)
    order, mask = rig.add_printed_order()
    card = rig.card(order.id)
    _click(qtbot, card.served_button)
    rig.window.close()
    assert not card.serve_pending  # the window ended without serving
    card._undo_window_over()  # even a late tick cannot serve once the window is closed
    assert rig.store.get(order.id).state is OrderState.PRINTED
    assert (rig.store.get_mask(order.id).dots == mask.dots).all()
    # The kiosk comes back: the order waits to be handed over, with its picture.
    from kiosk.ui.barista import BaristaWindow

    again = BaristaWindow(rig.context)
    qtbot.addWidget(again)
    again.show()
    assert again.cards[order.id].served_button.isVisible()
    assert again.cards[order.id].preview.pixmap() is not None
    again.close()


@pytest.mark.parametrize(("language", "served", "undo", "hint"), [
    ("en", "Served", "Undo", r"^Leaves the queue in 60 s\. Wrong cup\? Tap Undo\.$"),
    ("ko", "전달 완료", "되돌리기", r"^60초 뒤 목록에서 사라져요\. .*되돌리기"),
])
def test_the_undo_state_reads_in_both_languages(qtbot, make, language, served, undo, hint):
    rig = make(LONG)
    rig.context.i18n.set_language(language)
    order, _ = rig.add_printed_order()
    rig.add_order(seed=2)  # a waiting order below, as in a real queue
    card = rig.card(order.id)
    _click(qtbot, card.served_button)
    assert card.served_text.text() == served
    assert card.undo_button.text() == undo
    assert re.search(hint, card.detail.text()), card.detail.text()
    assert card.undo_button.height() >= 72 and card.undo_button.width() >= 200  # big
    save_screen(rig.window, f"barista_undo_{language}")
    # Switching language inside the window changes the words, not the state.
    other = "en" if language == "ko" else "ko"
    rig.context.i18n.set_language(other)
    assert card.serve_pending and card.undo_button.text() != undo


def test_the_setting_is_checked():
    assert KioskConfig().served_undo_seconds == 10.0
    assert KioskConfig(served_undo_seconds=4).served_undo_seconds == 4
    for bad in (0, -1, 600):
        with pytest.raises(ConfigError, match="served_undo_seconds"):
            KioskConfig(served_undo_seconds=bad)


def test_the_setting_reads_from_the_config_file(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text("served_undo_seconds = 5\n")
    assert KioskConfig.from_sources(path).served_undo_seconds == 5.0
    path.write_text('served_undo_seconds = "soon"\n')
    with pytest.raises(ConfigError, match="write a number"):
        KioskConfig.from_sources(path)
