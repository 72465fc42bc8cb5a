"""The barista window's orders page: the top row (title, language, Technician), the
printer's status, the banners (a fault that needs hands, a disk that refuses writes, the
receipt printer) and the queue under them.

Layout only: the window (:mod:`kiosk.ui.barista.window`) wires the buttons and fills the
parts. The printer status panel is one widget in its own row, so a "check the printer"
button (the calibration) can sit beside it without the rest moving.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.orders.errors import StoreError
from kiosk.ui.barista.counter_panel import ReceiptStatusLine
from kiosk.ui.barista.queue import OrderQueue
from kiosk.ui.barista.status_panel import FaultBanner, PrinterStatusPanel
from kiosk.ui.barista.store_words import store_error_words
from kiosk.ui.barista.style import StaffLook
from kiosk.ui.i18n import LanguageManager
from kiosk.ui.widgets import LanguageToggle


class StoreBanner(QFrame):
    """What the order store refused last (a full or read-only disk), in words; hidden
    again once a write (or, for a failed read, a read) works."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FaultBanner")
        self.problem: StoreError | None = None
        self.from_read = False  # a read that works again clears it; a write's stays
        self.message = QLabel()
        self.message.setWordWrap(True)
        QVBoxLayout(self).addWidget(self.message)
        self.setVisible(False)

    def set_problem(self, error: StoreError | None, *, from_read: bool = False) -> None:
        """Show ``error`` in words (None: hide)."""
        self.problem, self.from_read = error, from_read
        self.setVisible(error is not None)
        self.message.setText(store_error_words(error) if error is not None else "")


class OrdersPage(QWidget):
    """The page's parts, laid out; ``queue`` is the :class:`OrderQueue` given."""

    def __init__(self, i18n: LanguageManager, queue: OrderQueue,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("BaristaRoot")
        self.title = QLabel()
        self.title.setObjectName("Title")
        self.language_button = LanguageToggle(i18n)
        self.technician_button = QPushButton()
        self.technician_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.top = top = QHBoxLayout()  # the window may add the printer check here
        top.setSpacing(16)
        top.addWidget(self.title, 1)
        top.addWidget(self.language_button)
        top.addWidget(self.technician_button)
        self.status_panel = PrinterStatusPanel()
        self.fault_banner = FaultBanner()
        self.store_banner = StoreBanner()
        self.receipt_line = ReceiptStatusLine()
        self.queue = queue
        self._column = col = QVBoxLayout(self)
        col.setContentsMargins(12, 12, 12, 12)
        col.setSpacing(8)
        col.addLayout(top)
        col.addWidget(self.status_panel)
        col.addWidget(self.fault_banner)
        col.addWidget(self.store_banner)
        col.addWidget(self.receipt_line)
        col.addWidget(queue, 1)

    def place_check(self, check: QWidget, *, in_top_bar: bool) -> None:
        """Put the printer check (``kiosk.ui.barista.printer_check``) in the top bar
        (landscape: no height taken from the queue) or in a row of its own under it (a
        portrait screen, too narrow for both beside the title and buttons)."""
        self.top.removeWidget(check)
        self._column.removeWidget(check)
        if in_top_bar:
            self.top.setStretch(0, 0)
            self.top.insertWidget(1, check, 1)
        else:
            self.top.setStretch(0, 1)
            self._column.insertWidget(1, check)
        # A row of its own keeps a finger's gap (3 mm) from the buttons above.
        check.setContentsMargins(0, 0 if in_top_bar else 8, 0, 0)
        check.show()

    def set_look(self, look: StaffLook) -> None:
        """Sizes for ``look``: the toggle's touch size, the cup pictures, the margins."""
        self.language_button.set_touch_px(look.touch_px)
        self.queue.set_preview_px(look.preview_px)
        margin = 8 if look.narrow else 12
        self._column.setContentsMargins(margin, margin, margin, margin)
