"""The attract screen's "ready" board: the numbers of cups called ready, large, latest first.

The rules (which numbers, how long) are the counter service's
(:mod:`kiosk.counter.ready`); this widget shows them, re-reads them when the barista calls
or hands over a cup (``CounterBridge.readyChanged``: at once, on the GUI thread, so the
number is up as the tap returns), and again the moment the next number's time is up (one
single-shot timer, no polling). Each time the attract screen comes back (after every
order) it is re-read in the background (:meth:`ReadyBoard.refresh_soon`): that read waited
for the store's lock whenever another thread was writing (a print's progress, an order),
and held the screen change with it. Hidden while no cup is waiting.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from kiosk.counter.ready import MAX_SHOWN, ReadyEntry
from kiosk.ui.counter import CounterBridge
from kiosk.ui.customer.base import translate
from kiosk.ui.i18n import Retranslatable
from kiosk.ui.layouts import Look
from kiosk.ui.theme import GAP_PX
from kiosk.ui.widgets import label
from kiosk.ui.workers import BackgroundCall

log = logging.getLogger(__name__)

COLUMNS = 3  # two rows of three: short enough beside the cup on a landscape screen
CAPTION_PX = 300  # the caption wraps to this (at 1280×800); the numbers set the width
SAFETY_MS = 60_000  # re-read at least this often (a clock change, an order served elsewhere)


class ReadyBoard(Retranslatable, QFrame):
    """"Ready to collect: 014 012 009". ``numbers`` are the tickets shown, latest first.

    Signals:
        changed(): the numbers shown changed (the board may have appeared or gone).
    """

    changed = Signal()

    def __init__(self, counter: CounterBridge | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ReadyBoard")
        self.counter = counter
        self.caption = label(role="subtitle")
        self.caption.setObjectName("ReadyCaption")
        self.number_labels: list[QLabel] = []
        self._grid = QGridLayout()  # the latest call top left (reading order)
        self._grid.setHorizontalSpacing(GAP_PX)
        self._grid.setVerticalSpacing(GAP_PX // 2)
        for i in range(MAX_SHOWN):
            number = QLabel()
            number.setProperty("role", "ready")
            number.setProperty("latest", i == 0)
            number.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.number_labels.append(number)
        self._columns = 0
        self.set_columns(COLUMNS)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 16)
        layout.setSpacing(GAP_PX // 2)
        layout.addWidget(self.caption)
        layout.addLayout(self._grid)
        layout.addStretch(1)
        self.caption.setMaximumWidth(CAPTION_PX)
        self.numbers: list[str] = []
        self._expiry = QTimer(self)
        self._expiry.setSingleShot(True)
        self._expiry.timeout.connect(self.refresh)
        self._reader = BackgroundCall("ready-board-read", self)
        self._reader.done.connect(self._read_done)
        self._generation = 0  # a refresh() after a background read began makes it stale
        if counter is not None:
            counter.readyChanged.connect(lambda _called: self.refresh())
        self.retranslate()
        self.refresh()

    def set_columns(self, columns: int) -> None:
        """Lay the numbers out ``columns`` across."""
        if columns == self._columns:
            return
        for number in self.number_labels:
            self._grid.removeWidget(number)
        for i, number in enumerate(self.number_labels):
            self._grid.addWidget(number, i // columns, i % columns)
        self._columns = columns

    def apply_look(self, look: Look) -> None:
        """The caption's width follows the text size (beside the cup in landscape, across
        the screen under it in portrait)."""
        # A 7-10" panel: one row of six, so the board is short enough beside the cup.
        self.set_columns(6 if look.band.compact else COLUMNS)
        # Hidden numbers get their text later: room for three digits from the start.
        metrics = QFontMetrics(self.number_labels[0].font())
        for number in self.number_labels:
            number.setMinimumWidth(metrics.horizontalAdvance("888") + 2 * 12 + 4)
        # The mode's larger words on one line where they can: the numbers need the height.
        width = round(CAPTION_PX * look.text * (1.4 if look.access else 1.0))
        self.caption.setMaximumWidth(16_777_215 if look.portrait else width)
        self._grid.setHorizontalSpacing(look.gap_px)

    def refresh(self) -> None:
        """Read the board from the counter service now and show it."""
        self._generation += 1
        if self.counter is None:
            self.show_numbers([])
            return
        try:
            entries = self.counter.service.ready_board()
        except Exception as exc:
            self._read_failed(exc)
            return
        self._show_entries(entries)

    def refresh_soon(self) -> None:
        """Read the board in the background and show it when read (the screen came back:
        nothing the customer did is waiting on it)."""
        if self.counter is None or self._reader.running:
            return
        service, generation = self.counter.service, self._generation
        self._reader.start(lambda: (generation, service.ready_board()))

    def _read_done(self, result: object) -> None:
        if isinstance(result, Exception):
            self._read_failed(result)
            return
        assert isinstance(result, tuple)
        generation, entries = result
        if generation == self._generation:  # no newer read shown meanwhile
            self._show_entries(entries)

    def _read_failed(self, exc: Exception) -> None:
        # A store hiccup: keep what is shown, try again soon.
        log.error("could not read the ready board", exc_info=exc)
        self._expiry.start(SAFETY_MS)

    def _show_entries(self, entries: list[ReadyEntry]) -> None:
        assert self.counter is not None
        service = self.counter.service
        self.show_numbers([e.ticket for e in entries])
        until = service.next_change(entries)
        wait_ms = SAFETY_MS
        if until is not None:
            left = (until - service.now()).total_seconds()
            wait_ms = min(SAFETY_MS, max(50, int(left * 1000) + 50))
        self._expiry.start(wait_ms)

    def show_numbers(self, numbers: list[str]) -> None:
        """Show these tickets (latest first); the board hides when there are none."""
        self.numbers = list(numbers[:MAX_SHOWN])
        for i, widget in enumerate(self.number_labels):
            shown = i < len(self.numbers)
            widget.setVisible(shown)
            widget.setText(self.numbers[i] if shown else "")
        self.setVisible(bool(self.numbers))
        self.changed.emit()

    def retranslate(self) -> None:
        self.caption.setText(translate("CustomerAttract", "Ready to collect at the counter"))

    def stop(self) -> None:
        """Stop the timer and wait for a background read (the window closes)."""
        self._expiry.stop()
        self._reader.join()
