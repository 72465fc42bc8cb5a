"""One order in the barista's queue, compact: a small cup picture, the number and drink, the
state in words, and the actions as finger-sized buttons in one row.

What a card shows in each state is :func:`kiosk.ui.barista.card_state.card_shows`. The
payment toggle ("Not paid / ₩4,500", one tap: "Paid ✓") sits at the left of the action row
beside Cancel, the state's main actions at the right; buttons keep 20 px (5.3 mm at 96 dpi)
between them, so "Served" is never a slip away from "Print again". "Served" on an unpaid
order asks first (the window's "not paid yet" page), and is forgiving: the tap opens an
undo window (:mod:`kiosk.ui.barista.undo_window`) with a big Undo; only when it ends does
the card emit ``servedConfirmed``.

Print and Reprint are disabled, with the reason written under the state, while the printer
is busy with another cup, not connected, or has a fault.

Three arrangements (:attr:`OrderCard.mode`), the widest that fits: "wide", picture | words |
actions in one row (a counter screen from 1280 px); "narrow", the actions in a row under the
words; "stacked", the state's actions over Cancel and the payment (a portrait screen).
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, Qt, Signal
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

from kiosk.counter.payment import serve_needs_payment_check
from kiosk.orders.model import Order, OrderState
from kiosk.printing.outcome import ServiceCode
from kiosk.ui.barista.card_state import card_shows
from kiosk.ui.barista.style import L_PREVIEW_PX
from kiosk.ui.barista.undo_window import DEFAULT_UNDO_SECONDS, ServeUndo
from kiosk.ui.barista.words import (
    payment_words,
    progress_words,
    state_words,
    stored_error_words,
    waiting_words,
)
from kiosk.ui.i18n import Retranslatable

translate = QCoreApplication.translate

__all__ = ["ACTION_GAP_PX", "DEFAULT_UNDO_SECONDS", "OrderCard"]

ACTION_GAP_PX = 20  # between two buttons of a card: 5.3 mm at 96 dpi (the rule: 3 mm)
MIN_TEXT_PX = 180  # narrowest the words beside the picture may wrap to
FIT_SLACK_PX = 16  # a bold label's width is exact only once polished: keep a margin
UNDO_MIN_PX = 220  # Undo is wide: it is hit in a hurry


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
        self._preview_px = L_PREVIEW_PX
        self._pixmap: QPixmap | None = None
        self._undo = ServeUndo(undo_seconds, self)
        self._undo.tick.connect(self._show_undo_countdown)
        self._undo.over.connect(self._undo_window_over)

        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.number = QLabel()
        self.number.setObjectName("OrderNumber")
        self.drink = QLabel()
        self.state_text = QLabel()
        self.state_text.setObjectName("StateText")
        self.served_text = QLabel()  # "Served", large, during the undo window
        self.served_text.setObjectName("Title")
        self.waiting = QLabel()
        self.waiting.setObjectName("Muted")
        self.detail = QLabel()
        self.progress_bar = QProgressBar()
        self.progress_bar.setTextVisible(False)  # rows and time are written in the label
        self.progress_text = QLabel()
        self.blocked = QLabel()
        self.blocked.setObjectName("Muted")
        for lab in (self.detail, self.progress_text,
                    self.blocked):
            lab.setWordWrap(True)
        head = QHBoxLayout()
        head.setSpacing(16)
        head.addWidget(self.number, 0, Qt.AlignmentFlag.AlignBaseline)
        head.addWidget(self.drink, 0, Qt.AlignmentFlag.AlignBaseline)
        head.addStretch(1)
        state = QHBoxLayout()  # "Waiting to print   Waiting 3 min"
        state.setSpacing(16)
        state.addWidget(self.state_text)
        state.addWidget(self.waiting)
        state.addStretch(1)
        words = QVBoxLayout()
        words.setContentsMargins(0, 0, 0, 0)
        words.setSpacing(2)
        words.addLayout(head)
        words.addLayout(state)
        for w in (self.served_text, self.detail, self.blocked,
                  self.progress_bar, self.progress_text):
            words.addWidget(w)
        words.addStretch(1)
        self._words = QWidget()
        self._words.setLayout(words)
        self._words.setMinimumWidth(MIN_TEXT_PX)

        self.paid_button = self._button("PaidToggle")  # two lines: state and amount
        self.paid_button.setCheckable(True)
        self.cancel_button = self._button()
        self.print_button = self._button("Primary")
        self.ready_button = self._button("Primary")
        self.served_button = self._button("Primary")
        self.recall_button = self._button()  # "Call again": the customer has not come
        self.again_button = self._button()
        self.stop_button = self._button("Danger")
        self.undo_button = self._button("Primary")  # big: it must be hit in a hurry
        self.undo_button.setMinimumWidth(UNDO_MIN_PX)
        # Cancel and the payment at the left, the state's actions at the right: the one
        # cannot be tapped for the other.
        left = QHBoxLayout()
        left.setSpacing(ACTION_GAP_PX)  # 5 mm: a finger meant for one never hits the next
        left.addWidget(self.cancel_button)
        left.addWidget(self.paid_button)
        left.addStretch(1)
        right = QHBoxLayout()
        right.setSpacing(ACTION_GAP_PX)
        right.addStretch(1)
        self._main_buttons = (self.print_button, self.ready_button, self.served_button,
                              self.recall_button, self.again_button, self.stop_button,
                              self.undo_button)
        for b in self._main_buttons:
            right.addWidget(b)
        self._left_row, self._right_row = QWidget(), QWidget()
        self._left_row.setLayout(left)
        self._right_row.setLayout(right)
        for half in (left, right):
            half.setContentsMargins(0, 0, 0, 0)
        self._actions = QWidget()
        self._actions_grid = QGridLayout(self._actions)
        self._actions_grid.setContentsMargins(0, 0, 0, 0)
        self._actions_grid.setHorizontalSpacing(ACTION_GAP_PX)
        self._actions_grid.setVerticalSpacing(ACTION_GAP_PX)

        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(12, 8, 12, 8)
        self._grid.setHorizontalSpacing(16)
        self._grid.setVerticalSpacing(8)
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
        self.set_preview(preview)
        self.retranslate()

    @staticmethod
    def _button(role: str = "") -> QPushButton:
        b = QPushButton()
        b.setObjectName(role)
        b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a touch screen: no focus rectangles
        return b

    # --- size ---

    @property
    def mode(self) -> str:
        """"wide": picture | words | actions in one row; "narrow": the actions in a row
        below; "stacked": below, the state's actions over Cancel and the payment (a
        portrait screen's card with five buttons)."""
        return self._mode or "wide"

    def set_mode(self, mode: str) -> None:
        """Arrange the card for ``mode`` (see :attr:`mode`)."""
        if mode == self._mode:
            return
        self._mode = mode
        grid = self._grid
        for w in (self.preview, self._words, self._actions):
            grid.removeWidget(w)
        top = Qt.AlignmentFlag.AlignTop
        grid.addWidget(self.preview, 0, 0, top)
        grid.addWidget(self._words, 0, 1)
        if mode == "wide":
            grid.addWidget(self._actions, 0, 2, Qt.AlignmentFlag.AlignVCenter)
        else:
            grid.addWidget(self._actions, 1, 0, 1, 3)
        grid.setColumnStretch(1, 1)
        actions = self._actions_grid
        actions.removeWidget(self._left_row)
        actions.removeWidget(self._right_row)
        if mode == "stacked":
            actions.addWidget(self._right_row, 0, 0)
            actions.addWidget(self._left_row, 1, 0)
        else:
            actions.addWidget(self._left_row, 0, 0)
            actions.addWidget(self._right_row, 0, 1)
        self._fit_height()

    def set_preview_px(self, px: int) -> None:
        """The cup picture's side (the layout band's)."""
        if px != self._preview_px:
            self._preview_px = px
            self.set_preview(self._pixmap)

    def width_for(self, mode: str) -> int:
        """The card width ``mode`` needs with the buttons shown now."""
        m = self._grid.contentsMargins()
        space = self._grid.horizontalSpacing()
        words = max(MIN_TEXT_PX, self._head_px())
        inner = m.left() + m.right() + self._preview_px + space + words
        # The buttons shown now set the width (measured directly: Qt's cached layout sizes
        # lag one event behind a button being shown or hidden).
        left = self._row_px((self.cancel_button, self.paid_button))
        right = self._row_px(self._main_buttons)
        row = left + right + (ACTION_GAP_PX if left and right else 0)
        if mode == "wide":
            return inner + space + row
        if mode == "narrow":
            return max(inner, m.left() + m.right() + row)
        return max(inner, m.left() + m.right() + max(left, right))

    @staticmethod
    def _row_px(buttons: tuple[QPushButton, ...]) -> int:
        shown = [b for b in buttons if not b.isHidden()]
        return (sum(b.sizeHint().width() for b in shown)
                + ACTION_GAP_PX * max(0, len(shown) - 1))

    def _head_px(self) -> int:
        # The number and drink on one line, the state and waiting time on the next
        # (measured directly, as the row below).
        widest = 0
        for line in ((self.number, self.drink), (self.state_text, self.waiting)):
            shown = [w for w in line if not w.isHidden()]
            widest = max(widest, sum(w.sizeHint().width() for w in shown)
                         + 16 * max(0, len(shown) - 1))
        return widest

    def fit_to(self, width: int) -> None:
        """Choose the arrangement for a card ``width`` pixels wide (the queue's width)."""
        # A little slack: a bold label's size is known exactly only once it is polished.
        for mode in ("wide", "narrow"):
            if width >= self.width_for(mode) + FIT_SLACK_PX:
                self.set_mode(mode)
                break
        else:
            self.set_mode("stacked")
        self._fit_height()  # the style (the window's band) may have changed the buttons' size

    def _fit_height(self) -> None:
        # Wrapped sentences need more height on a narrow card; a scroll area sizes its
        # contents by their minimum size, which ignores height-for-width: set it here.
        layout = self.layout()
        if layout is not None and self.width() > 0:
            need = layout.totalMinimumSize().height()
            if layout.hasHeightForWidth():  # (without a wrapped line its answer is junk)
                need = max(need, layout.totalHeightForWidth(self.width()))
            if need > 0 and need != self.minimumHeight():
                self.setMinimumHeight(need)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_height()

    # --- the undo window after "Served" ---

    @property
    def serve_pending(self) -> bool:
        """True while "Served" was tapped and can still be undone."""
        return self._undo.open

    def undo_seconds_left(self) -> int:
        """Whole seconds left to undo "Served" (0 when no undo window is open)."""
        return self._undo.seconds_left()

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
        self._undo.start()
        self.servedClicked.emit(self.order.id)
        self.retranslate()

    def undo_served(self) -> None:
        """Undo: the card is back as it was, the order still waits to be handed over."""
        self.stop_undo_window()
        self.retranslate()

    def stop_undo_window(self) -> None:
        """End the undo window without serving (Undo, the kiosk closing, the order gone)."""
        self._undo.stop()

    def _undo_window_over(self) -> None:
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
        self._pixmap = pixmap if pixmap is not None and not pixmap.isNull() else None
        px = self._preview_px
        self.preview.setFixedSize(px, px)
        if self._pixmap is None:
            self.preview.setPixmap(QPixmap())
            self.preview.setText("☕")
            return
        self.preview.setPixmap(self._pixmap.scaled(
            px, px, Qt.AspectRatioMode.KeepAspectRatio,
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
        printing = self.order.state is OrderState.PRINTING and not self.serve_pending
        self.progress_bar.setVisible(printing)
        self.progress_text.setVisible(printing)
        if not printing:
            return
        done, total, left = self._progress or (0, 0, -1.0)
        self.progress_bar.setRange(0, max(1, total))
        self.progress_bar.setValue(min(done, max(1, total)))
        self.progress_text.setText(progress_words(done, total, left))

    def retranslate(self) -> None:
        o = self.order
        shows = card_shows(o, counter=self.counter, serve_pending=self.serve_pending,
                           blocked=bool(self._blocked_reason))
        self.number.setText(translate("BaristaQueue", "No. {ticket}").format(ticket=o.ticket))
        self.drink.setText(self.drink_name)
        self.waiting.setText(waiting_words(o.waiting_seconds(self._now)))
        self.state_text.setText(state_words(o.state))
        problem = ""
        if o.state in (OrderState.INTERRUPTED, OrderState.FAILED):
            problem = stored_error_words(o.error_code, o.error_params,
                                         print_started=o.state is OrderState.INTERRUPTED)
        if shows.lost:
            problem = stored_error_words(ServiceCode.NO_MASK.value)
        self.detail.setText(problem)
        self.print_button.setText(
            translate("BaristaQueue", "Cup is in place — Reprint") if shows.reprint
            else translate("BaristaQueue", "Cup is in place — Print"))
        self.print_button.setEnabled(shows.print_enabled)
        self.ready_button.setText(translate("BaristaQueue", "Ready"))
        self.recall_button.setText(translate("BaristaQueue", "Call again"))
        # Once called, handing over is the next step: Served becomes the green one.
        role = "Primary" if shows.served_primary else ""
        if self.served_button.objectName() != role:
            self.served_button.setObjectName(role)
            self.served_button.style().unpolish(self.served_button)
            self.served_button.style().polish(self.served_button)
        self.served_button.setText(translate("BaristaQueue", "Served"))
        self.paid_button.setChecked(o.is_paid)
        self.paid_button.setText(payment_words(o.is_paid, o.price_won, self.language))
        self.again_button.setText(translate("BaristaQueue", "Print again"))
        self.again_button.setEnabled(shows.again_enabled)
        self.stop_button.setText(translate("BaristaQueue", "Stop printing"))
        self.cancel_button.setText(translate("BaristaQueue", "Cancel"))
        self.blocked.setText(self._blocked_reason if shows.blocked else "")
        self.undo_button.setText(translate("BaristaQueue", "Undo"))
        self.served_text.setText(translate("BaristaQueue", "Served"))
        for widget, shown in (
                (self.print_button, shows.print), (self.ready_button, shows.ready),
                (self.recall_button, shows.recall), (self.served_button, shows.served),
                (self.paid_button, shows.paid), (self.again_button, shows.again),
                (self.stop_button, shows.stop), (self.cancel_button, shows.cancel),
                (self.blocked, shows.blocked), (self.undo_button, shows.undo),
                (self.served_text, shows.undo), (self.state_text, not shows.undo),
                (self.waiting, shows.waiting), (self.detail, bool(problem) or shows.undo)):
            widget.setVisible(shown)
        if shows.undo:  # only "Served", the seconds left and Undo: nothing else to tap
            self._show_undo_countdown()
        self._show_progress()
        self._fit_height()
