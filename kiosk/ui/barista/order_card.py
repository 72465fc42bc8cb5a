"""One order in the barista's queue: number, drink, cup picture, waiting time, state, actions.

A card shows only the actions that make sense for its state, each a big button:

- waiting:            "Cup is in place — Print"      and Cancel (asks first)
- printing:           progress with rows and time left, and Stop (asks first)
- printed:            "Ready" (calls the number), "Served" and "Print again"
- called ready:       "Served", "Call again"          and "Print again"
- just served:        "Served", the seconds left and a big "Undo" (see below)

Every card also has the payment toggle under the drink (orders paid at the counter): a big
"Not paid / ₩4,500" that one tap turns into "Paid ✓" (stored at once; a second tap undoes a
mistake). It sits in the number's column, away from the action row, and the action buttons
keep 24 px (6 mm at 96 dpi) between them: "Served" is never a slip away from "Print again".
"Served" on an unpaid order asks first (the window's "not paid yet" page).
- stopped / failed:   what went wrong, "Cup is in place — Reprint" and Cancel (asks first)

"Served" is forgiving: the tap starts an undo window (``undo_seconds``, the
``served_undo_seconds`` setting) in which the card says "Served" with a big Undo button.
Only when the window ends does the card emit ``servedConfirmed`` and the window move the
order to SERVED (which deletes its picture). Undo puts the card back as it was. Nothing is
written before the window ends, so a kiosk closed or crashed meanwhile keeps the order
PRINTED.

Print and Reprint are disabled, with the reason written under them, while the printer is
busy with another cup, not connected, or has a fault.
"""

from __future__ import annotations

import math
from datetime import datetime

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.counter.payment import AT_COUNTER, serve_needs_payment_check
from kiosk.orders.menu import format_price
from kiosk.orders.model import Order, OrderState
from kiosk.printing.outcome import ServiceCode
from kiosk.ui.barista.style import PREVIEW_PX
from kiosk.ui.barista.words import (
    state_words,
    stored_error_words,
    time_left_words,
    waiting_words,
)
from kiosk.ui.i18n import Retranslatable

translate = QCoreApplication.translate

DEFAULT_UNDO_SECONDS = 10.0  # how long "Served" can be undone (setting served_undo_seconds)
INFO_PX = 230  # the number, drink and waiting time column
ACTION_GAP_PX = 24  # between two buttons of a card: 6 mm at 96 dpi (issue: "3 mm at least")
MIN_TEXT_PX = 240  # narrowest a sentence on a card may wrap to

_PRINTABLE = (OrderState.QUEUED, OrderState.INTERRUPTED, OrderState.FAILED)
_CANCELLABLE = (OrderState.QUEUED, OrderState.INTERRUPTED, OrderState.FAILED,
                OrderState.PRINTED)


class OrderCard(Retranslatable, QFrame):
    """A card for one order; the window updates it with :meth:`update_order` and friends.

    Signals carry the order id: ``printClicked`` (Print, Reprint), ``againClicked``,
    ``cancelClicked`` and ``stopClicked`` (the window asks for confirmation first),
    ``servedClicked`` (the tap: the undo window starts), ``servedConfirmed`` (the undo window
    ended without Undo: now mark the order served).
    """

    printClicked = Signal(int)  # noqa: N815 (Qt naming)
    cancelClicked = Signal(int)  # noqa: N815
    stopClicked = Signal(int)  # noqa: N815
    servedClicked = Signal(int)  # noqa: N815
    againClicked = Signal(int)  # noqa: N815 (a printed order: the window asks first)
    servedConfirmed = Signal(int)  # noqa: N815 (the undo window ended)
    servedUnpaidClicked = Signal(int)  # noqa: N815 (Served on an unpaid order: ask first)
    paidToggled = Signal(int, bool)  # noqa: N815 (the payment toggle: paid or not now)
    readyClicked = Signal(int)  # noqa: N815 (Ready or Call again: the number is called)

    def __init__(self, order: Order, drink_name: str, preview: QPixmap | None,
                 parent: QWidget | None = None, *,
                 undo_seconds: float = DEFAULT_UNDO_SECONDS, counter: bool = False,
                 language: str = "ko") -> None:
        super().__init__(parent)
        self.setObjectName("Card")
        self.order = order
        self.drink_name = drink_name
        self.language = language
        self.counter = counter  # the counter's buttons (paid, ready) are offered
        self._now: datetime = order.created_at
        self._blocked_reason = ""  # why Print is disabled now ("" = it is not)
        self._progress: tuple[int, int, float] | None = None

        self.number = QLabel()
        self.number.setObjectName("OrderNumber")
        self.drink = QLabel()
        self.drink.setWordWrap(True)
        self.waiting = QLabel()
        self.waiting.setObjectName("Muted")
        self.waiting.setWordWrap(True)
        self.paid_button = QPushButton()  # the payment toggle, two lines: state and amount
        self.paid_button.setObjectName("PaidToggle")
        self.paid_button.setCheckable(True)
        self.paid_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        info = QVBoxLayout()
        info.setSpacing(ACTION_GAP_PX)
        info.addWidget(self.number)
        info.addWidget(self.drink)
        info.addWidget(self.paid_button)
        info.addWidget(self.waiting)
        info.addStretch(1)
        info.setContentsMargins(0, 0, 0, 0)
        info_box = QWidget()
        info_box.setLayout(info)
        info_box.setFixedWidth(INFO_PX)
        self._info_box = info_box
        self._info_layout = info

        self.preview = QLabel()
        self.preview.setFixedSize(PREVIEW_PX, PREVIEW_PX)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.set_preview(preview)

        self.state_text = QLabel()
        self.state_text.setObjectName("StateText")
        self.state_text.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.progress_bar = QProgressBar()
        self.progress_bar.setTextVisible(False)  # rows and time are written in the label
        self.progress_text = QLabel()
        self.print_button = QPushButton()
        self.print_button.setObjectName("Primary")
        self.ready_button = QPushButton()
        self.ready_button.setObjectName("Primary")
        self.recall_button = QPushButton()  # "Call again": the customer has not come
        self.served_button = QPushButton()
        self.served_button.setObjectName("Primary")
        self.again_button = QPushButton()
        self.cancel_button = QPushButton()
        self.cancel_button.setMaximumWidth(INFO_PX)
        self.stop_button = QPushButton()
        self.stop_button.setObjectName("Danger")
        self.undo_button = QPushButton()
        self.undo_button.setObjectName("Primary")
        self.undo_button.setMinimumWidth(INFO_PX)  # big: it must be hit in a hurry
        self.served_text = QLabel()  # "Served", large, during the undo window
        self.served_text.setObjectName("Title")
        self.blocked = QLabel()
        self.blocked.setWordWrap(True)
        self.blocked.setObjectName("Muted")
        for b in (self.print_button, self.served_button, self.again_button, self.stop_button,
                  self.cancel_button, self.undo_button, self.ready_button, self.recall_button):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # The main action sits on the right; Cancel sits on the left under the order
        # number, far from Print, so one cannot be tapped for the other.
        buttons = QHBoxLayout()
        buttons.setSpacing(ACTION_GAP_PX)  # 6 mm: a finger meant for one never hits the next
        self._buttons = buttons
        self._row_buttons = (self.print_button, self.ready_button, self.served_button,
                             self.recall_button, self.again_button, self.stop_button,
                             self.undo_button)
        for b in self._row_buttons:
            buttons.addWidget(b)
        buttons.addStretch(1)
        info.addWidget(self.cancel_button)
        actions = QVBoxLayout()
        actions.addWidget(self.served_text)
        actions.addWidget(self.state_text)
        actions.addWidget(self.detail)
        actions.addWidget(self.progress_bar)
        actions.addWidget(self.progress_text)
        actions.addLayout(buttons)
        actions.addWidget(self.blocked)
        actions.addStretch(1)

        actions.setContentsMargins(0, 0, 0, 0)
        # A wrapped label asks for a wide minimum of its own accord; the buttons set the
        # width the actions need, sentences wrap to whatever is left.
        for label in (self.state_text, self.detail, self.progress_text, self.blocked):
            label.setWordWrap(True)
            label.setMinimumWidth(MIN_TEXT_PX)
        self._actions_box = QWidget()
        self._actions_box.setLayout(actions)

        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(16, 12, 16, 12)
        self._grid.setHorizontalSpacing(ACTION_GAP_PX)
        self._grid.setVerticalSpacing(ACTION_GAP_PX)
        self._mode: str | None = None
        self.set_mode("wide")

        self.print_button.clicked.connect(lambda: self.printClicked.emit(self.order.id))
        self.again_button.clicked.connect(lambda: self.againClicked.emit(self.order.id))
        self.cancel_button.clicked.connect(lambda: self.cancelClicked.emit(self.order.id))
        self.stop_button.clicked.connect(lambda: self.stopClicked.emit(self.order.id))
        self.served_button.clicked.connect(self._served_tapped)
        self.ready_button.clicked.connect(lambda: self.readyClicked.emit(self.order.id))
        self.recall_button.clicked.connect(lambda: self.readyClicked.emit(self.order.id))
        self.paid_button.clicked.connect(
            lambda checked: self.paidToggled.emit(self.order.id, bool(checked)))
        self.undo_button.clicked.connect(self.undo_served)

        # The undo window: one single-shot timer for the end, one tick for the countdown.
        self._undo_timer = QTimer(self)
        self._undo_timer.setSingleShot(True)
        self._undo_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._undo_timer.setInterval(max(1, round(undo_seconds * 1000)))
        self._undo_timer.timeout.connect(self._undo_window_over)
        self._undo_tick = QTimer(self)
        self._undo_tick.setInterval(250)  # the seconds shown never lag by a whole second
        self._undo_tick.timeout.connect(self._show_undo_countdown)
        self.retranslate()

    # --- size ---

    @property
    def mode(self) -> str:
        """"wide": number | picture | actions side by side; "medium": the picture under the
        number; "narrow": the actions below both (a small window)."""
        return self._mode or "wide"

    def set_mode(self, mode: str) -> None:
        """Arrange the card for ``mode`` (see :attr:`mode`)."""
        if mode == self._mode:
            return
        self._mode = mode
        grid = self._grid
        for w in (self._info_box, self.preview, self._actions_box):
            grid.removeWidget(w)
        self._info_layout.removeWidget(self.preview)
        for column in range(3):
            grid.setColumnStretch(column, 0)
        top = Qt.AlignmentFlag.AlignTop
        grid.addWidget(self._info_box, 0, 0, top)
        if mode == "medium":
            self._info_layout.insertWidget(3, self.preview)
            grid.addWidget(self._actions_box, 0, 1)
            grid.setColumnStretch(1, 1)
        elif mode == "wide":
            grid.addWidget(self.preview, 0, 1, top)
            grid.addWidget(self._actions_box, 0, 2)
            grid.setColumnStretch(2, 1)
        else:
            grid.addWidget(self.preview, 0, 1, top)
            grid.addWidget(self._actions_box, 1, 0, 1, 3)
            grid.setColumnStretch(2, 1)
        self._fit_height()

    def width_for(self, mode: str) -> int:
        """The card width ``mode`` needs with the buttons shown now."""
        m = self._grid.contentsMargins()
        space = self._grid.horizontalSpacing()
        # The row of buttons shown now sets the width (measured directly: Qt's cached
        # layout sizes lag one event behind a button being shown or hidden).
        shown = [b for b in self._row_buttons if not b.isHidden()]
        row = sum(b.sizeHint().width() for b in shown)
        row += self._buttons.spacing() * max(0, len(shown) - 1)
        actions = max(MIN_TEXT_PX, row)
        if mode == "wide":
            return m.left() + m.right() + INFO_PX + PREVIEW_PX + 2 * space + actions
        return m.left() + m.right() + INFO_PX + space + actions

    def fit_to(self, width: int) -> None:
        """Choose the layout for a card ``width`` pixels wide (the window's queue width)."""
        for mode in ("wide", "medium"):
            if width >= self.width_for(mode):
                self.set_mode(mode)
                return
        self.set_mode("narrow")

    def _fit_height(self) -> None:
        # Wrapped sentences need more height on a narrow card; QScrollArea sizes its
        # content by minimum size, which ignores height-for-width, so set it ourselves.
        layout = self.layout()
        if layout is not None and self.width() > 0:
            need = layout.totalHeightForWidth(self.width())
            if need > 0 and need != self.minimumHeight():
                self.setMinimumHeight(need)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_height()

    # --- the undo window after "Served" ---

    @property
    def serve_pending(self) -> bool:
        """True while "Served" was tapped and can still be undone."""
        return self._undo_timer.isActive()

    def undo_seconds_left(self) -> int:
        """Whole seconds left to undo "Served" (0 when no undo window is open)."""
        if not self.serve_pending:
            return 0
        # A coarse timer may report a little more than its interval just after starting.
        left = min(self._undo_timer.remainingTime(), self._undo_timer.interval())
        return max(1, math.ceil(left / 1000))

    def _served_tapped(self) -> None:
        if self.order.state is not OrderState.PRINTED or self.serve_pending:
            return
        if self.counter and serve_needs_payment_check(self.order):
            self.servedUnpaidClicked.emit(self.order.id)  # the window asks, then serves
            return
        self.start_serve()

    def start_serve(self) -> None:
        """Start the undo window of "Served" (the tap, or the answer to "not paid yet")."""
        if self.order.state is not OrderState.PRINTED or self.serve_pending:
            return
        self._undo_timer.start()
        self._undo_tick.start()
        self.servedClicked.emit(self.order.id)
        self.retranslate()

    def undo_served(self) -> None:
        """Undo: the card is back as it was, the order still waits to be handed over."""
        self.stop_undo_window()
        self.retranslate()

    def stop_undo_window(self) -> None:
        """End the undo window without serving (Undo, the kiosk closing, the order gone)."""
        self._undo_timer.stop()
        self._undo_tick.stop()

    def _undo_window_over(self) -> None:
        self._undo_tick.stop()
        self.servedConfirmed.emit(self.order.id)
        self.retranslate()  # if the order could not be served, it shows "Served" again

    def _show_undo_countdown(self) -> None:
        if self.serve_pending:
            self.detail.setText(translate(
                "BaristaQueue",
                "Leaves the queue in {seconds} s. Wrong cup? Tap Undo.").format(
                    seconds=self.undo_seconds_left()))

    # --- updates from the window ---

    def set_preview(self, pixmap: QPixmap | None) -> None:
        """The cup picture (None once the images were deleted)."""
        if pixmap is None or pixmap.isNull():
            self.preview.setPixmap(QPixmap())
            self.preview.setText("☕")
            return
        self.preview.setPixmap(pixmap.scaled(
            PREVIEW_PX, PREVIEW_PX, Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation))

    def update_order(self, order: Order, now: datetime, *, blocked_reason: str = "") -> None:
        """New snapshot of the order, the time now, and why printing is impossible now."""
        if order.state is not OrderState.PRINTING:
            self._progress = None
        if order.state is not OrderState.PRINTED and self.serve_pending:
            self.stop_undo_window()  # the order moved on elsewhere: nothing left to serve
        self.order, self._now, self._blocked_reason = order, now, blocked_reason
        self.retranslate()

    def set_progress(self, rows_done: int, rows_total: int, seconds_left: float) -> None:
        """Progress of this order's print (``seconds_left`` < 0: not known yet)."""
        self._progress = (rows_done, rows_total, seconds_left)
        self._show_progress()

    # --- text ---

    def _show_progress(self) -> None:
        printing = self.order.state is OrderState.PRINTING
        self.progress_bar.setVisible(printing)
        self.progress_text.setVisible(printing)
        if not printing:
            return
        done, total, left = self._progress or (0, 0, -1.0)
        self.progress_bar.setRange(0, max(1, total))
        self.progress_bar.setValue(min(done, max(1, total)))
        if total <= 0 or done <= 0:
            text = translate("BaristaQueue", "Sending the picture to the printer…")
        else:
            text = translate("BaristaQueue", "Row {done} of {total}").format(
                done=done, total=total)
            left_text = time_left_words(left if left >= 0 else None)
            if left_text:
                text = f"{text} · {left_text}"
        self.progress_text.setText(text)

    def _show_payment(self) -> None:
        o = self.order
        shown = self.counter and o.payment == AT_COUNTER
        self.paid_button.setVisible(shown)
        if not shown:
            return
        price = "" if o.price_won is None else format_price(o.price_won, self.language)
        self.paid_button.setChecked(o.is_paid)
        if o.is_paid:
            text = translate("BaristaQueue", "Paid ✓")
        else:
            text = translate("BaristaQueue", "Not paid")
        self.paid_button.setText(f"{text}\n{price}" if price else text)

    def retranslate(self) -> None:
        o = self.order
        state = o.state
        self.number.setText(translate("BaristaQueue", "No. {ticket}").format(ticket=o.ticket))
        self.drink.setText(self.drink_name)
        waiting = state in (OrderState.QUEUED, OrderState.PRINTING, OrderState.INTERRUPTED,
                            OrderState.FAILED)
        self.waiting.setVisible(waiting)
        self.waiting.setText(waiting_words(o.waiting_seconds(self._now)))
        self.state_text.setText(state_words(state))
        self.state_text.setVisible(True)  # hidden during an undo window
        problem = ""
        if state in (OrderState.INTERRUPTED, OrderState.FAILED):
            problem = stored_error_words(o.error_code, o.error_params,
                                         print_started=state is OrderState.INTERRUPTED)
        lost = not o.has_images and state in _PRINTABLE  # purged: it can never print
        if lost:
            problem = stored_error_words(ServiceCode.NO_MASK.value)
        self.detail.setVisible(bool(problem))
        self.detail.setText(problem)

        printable = state in _PRINTABLE and not lost
        self.print_button.setVisible(printable)
        self.print_button.setEnabled(printable and not self._blocked_reason)
        self.print_button.setText(
            translate("BaristaQueue", "Cup is in place — Print") if state is OrderState.QUEUED
            else translate("BaristaQueue", "Cup is in place — Reprint"))
        printed = state is OrderState.PRINTED
        called = printed and o.ready_at is not None
        self.ready_button.setVisible(printed and self.counter and not called)
        self.ready_button.setText(translate("BaristaQueue", "Ready"))
        self.recall_button.setVisible(called and self.counter)
        self.recall_button.setText(translate("BaristaQueue", "Call again"))
        # Once called, handing over is the next step: Served becomes the green one.
        served_role = "Primary" if called or not self.counter else ""
        if self.served_button.objectName() != served_role:
            self.served_button.setObjectName(served_role)
            self.served_button.style().unpolish(self.served_button)
            self.served_button.style().polish(self.served_button)
        self.served_button.setVisible(printed)
        self.served_button.setText(translate("BaristaQueue", "Served"))
        self._show_payment()
        self.again_button.setVisible(state is OrderState.PRINTED)
        self.again_button.setEnabled(not self._blocked_reason)
        self.again_button.setText(translate("BaristaQueue", "Print again"))
        self.stop_button.setVisible(state is OrderState.PRINTING)
        self.stop_button.setText(translate("BaristaQueue", "Stop printing"))
        self.cancel_button.setVisible(state in _CANCELLABLE)
        self.cancel_button.setText(translate("BaristaQueue", "Cancel"))
        show_blocked = bool(self._blocked_reason) and state in (*_PRINTABLE, OrderState.PRINTED)
        self.blocked.setVisible(show_blocked)
        self.blocked.setText(self._blocked_reason if show_blocked else "")
        self.undo_button.setText(translate("BaristaQueue", "Undo"))
        self.served_text.setText(translate("BaristaQueue", "Served"))
        pending = self.serve_pending
        self.undo_button.setVisible(pending)
        self.served_text.setVisible(pending)
        if pending:  # only "Served", the seconds left and Undo: nothing else to tap by mistake
            for w in (self.state_text, self.waiting, self.blocked, self.served_button,
                      self.again_button, self.cancel_button, self.ready_button,
                      self.recall_button, self.paid_button):
                w.setVisible(False)
            self.detail.setVisible(True)
            self._show_undo_countdown()
        self._show_progress()
        self._fit_height()
