"""One order in the barista's queue: number, drink, cup picture, waiting time, state, actions.

A card shows only the actions that make sense for its state, each a big button:

- waiting:            "Cup is in place — Print"      and Cancel (asks first)
- printing:           progress with rows and time left, and Stop (asks first)
- printed:            "Served"                        and "Print again"
- stopped / failed:   what went wrong, "Cup is in place — Reprint" and Cancel (asks first)

Print and Reprint are disabled, with the reason written under them, while the printer is
busy with another cup, not connected, or has a fault.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.orders import Order, OrderState
from kiosk.ui.barista.style import PREVIEW_PX
from kiosk.ui.barista.words import printer_message, state_words, time_left_words, waiting_words
from kiosk.ui.i18n import Retranslatable

translate = QCoreApplication.translate

_PRINTABLE = (OrderState.QUEUED, OrderState.INTERRUPTED, OrderState.FAILED)
_CANCELLABLE = (OrderState.QUEUED, OrderState.INTERRUPTED, OrderState.FAILED,
                OrderState.PRINTED)


class OrderCard(Retranslatable, QFrame):
    """A card for one order; the window updates it with :meth:`update_order` and friends.

    Signals carry the order id: ``printClicked`` (Print, Reprint), ``againClicked``,
    ``cancelClicked`` and ``stopClicked`` (the window asks for confirmation first),
    ``servedClicked``.
    """

    printClicked = Signal(int)  # noqa: N815 (Qt naming)
    cancelClicked = Signal(int)  # noqa: N815
    stopClicked = Signal(int)  # noqa: N815
    servedClicked = Signal(int)  # noqa: N815
    againClicked = Signal(int)  # noqa: N815 (a printed order: the window asks first)

    def __init__(self, order: Order, drink_name: str, preview: QPixmap | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Card")
        self.order = order
        self.drink_name = drink_name
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
        info = QVBoxLayout()
        info.addWidget(self.number)
        info.addWidget(self.drink)
        info.addWidget(self.waiting)
        info.addStretch(1)
        info.setContentsMargins(0, 0, 0, 0)
        info_box = QWidget()
        info_box.setLayout(info)
        info_box.setFixedWidth(260)

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
        self.served_button = QPushButton()
        self.served_button.setObjectName("Primary")
        self.again_button = QPushButton()
        self.cancel_button = QPushButton()
        self.cancel_button.setMaximumWidth(260)
        self.stop_button = QPushButton()
        self.stop_button.setObjectName("Danger")
        self.blocked = QLabel()
        self.blocked.setWordWrap(True)
        self.blocked.setObjectName("Muted")
        for b in (self.print_button, self.served_button, self.again_button, self.stop_button,
                  self.cancel_button):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # The main action sits on the right; Cancel sits on the left under the order
        # number, far from Print, so one cannot be tapped for the other.
        buttons = QHBoxLayout()
        for b in (self.print_button, self.served_button, self.again_button, self.stop_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        info.addWidget(self.cancel_button)
        actions = QVBoxLayout()
        actions.addWidget(self.state_text)
        actions.addWidget(self.detail)
        actions.addWidget(self.progress_bar)
        actions.addWidget(self.progress_text)
        actions.addLayout(buttons)
        actions.addWidget(self.blocked)
        actions.addStretch(1)

        row = QHBoxLayout(self)
        row.setContentsMargins(16, 12, 16, 12)
        row.setSpacing(20)
        row.addWidget(info_box)
        row.addWidget(self.preview)
        row.addLayout(actions, 5)

        self.print_button.clicked.connect(lambda: self.printClicked.emit(self.order.id))
        self.again_button.clicked.connect(lambda: self.againClicked.emit(self.order.id))
        self.cancel_button.clicked.connect(lambda: self.cancelClicked.emit(self.order.id))
        self.stop_button.clicked.connect(lambda: self.stopClicked.emit(self.order.id))
        self.served_button.clicked.connect(lambda: self.servedClicked.emit(self.order.id))
        self.retranslate()

    # --- size ---

    def _fit_height(self) -> None:
        # Wrapped sentences need more height on a narrow card; QScrollArea sizes its
        # content by minimum size, which ignores height-for-width, so set it ourselves.
        layout = self.layout()
        if layout is not None and self.width() > 0:
            need = layout.totalHeightForWidth(self.width())
            if need > 0 and need != self.minimumHeight():
                self.setMinimumHeight(need)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_height()

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
        problem = state in (OrderState.INTERRUPTED, OrderState.FAILED) and o.last_error
        self.detail.setVisible(bool(problem))
        self.detail.setText(printer_message(o.last_error) if problem else "")

        printable = state in _PRINTABLE
        self.print_button.setVisible(printable)
        self.print_button.setEnabled(printable and not self._blocked_reason)
        self.print_button.setText(
            translate("BaristaQueue", "Cup is in place — Print") if state is OrderState.QUEUED
            else translate("BaristaQueue", "Cup is in place — Reprint"))
        self.served_button.setVisible(state is OrderState.PRINTED)
        self.served_button.setText(translate("BaristaQueue", "Served"))
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
        self._show_progress()
        self._fit_height()
