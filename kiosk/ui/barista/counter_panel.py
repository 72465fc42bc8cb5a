"""The barista's counter pieces: "not paid yet" before Served, and the receipt printer's
trouble in words.

The rules are the counter service's (:mod:`kiosk.counter`); the words are the barista
screen's own (a code from the service, a sentence here, in Korean and English).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.counter.receipt_printer import ReceiptResult
from kiosk.counter.transports import ReceiptProblem
from kiosk.ui.i18n import Retranslatable

translate = QCoreApplication.translate


def receipt_words(result: ReceiptResult | None) -> str:
    """What the barista should know about the last receipt ("" when all is well)."""
    if result is None:
        return ""
    problem = result.problem
    if problem is ReceiptProblem.PAPER_OUT:
        return translate("BaristaCounter",
                         "Receipt printer: out of paper. Put in a new roll; customers still "
                         "see their number on the screen.")
    if problem is ReceiptProblem.NOT_CONNECTED:
        return translate("BaristaCounter",
                         "Receipt printer: not connected. Check its cable and power; "
                         "customers still see their number on the screen.")
    if problem is ReceiptProblem.OFFLINE:
        return translate("BaristaCounter",
                         "Receipt printer: not answering. Is its cover open or the paper "
                         "jammed? Customers still see their number on the screen.")
    if problem is ReceiptProblem.FAILED:
        return translate("BaristaCounter",
                         "Receipt printer: the ticket could not be printed ({reason}).").format(
                             reason=result.params.get("reason", ""))
    if result.paper_low:
        return translate("BaristaCounter", "Receipt printer: the paper roll is nearly empty.")
    return ""


class ReceiptStatusLine(Retranslatable, QLabel):
    """A yellow line over the queue while the receipt printer has a problem; hidden
    otherwise (and with no receipt printer)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ReceiptProblem")
        self.setWordWrap(True)
        self.result: ReceiptResult | None = None
        self.setVisible(False)

    def show_result(self, result: ReceiptResult | None) -> None:
        """The last ticket's outcome (a successful one clears the line)."""
        self.result = result
        self.retranslate()

    def retranslate(self) -> None:
        words = receipt_words(self.result)
        self.setText(words)
        self.setVisible(bool(words))


class PayFirstPage(Retranslatable, QWidget):
    """"Order 012 is not paid yet (₩4,500)." Three answers: *Paid now — serve* (the usual
    case: the customer pays as they collect), *Serve without payment* (a staff drink, a
    coupon) and *Back* (go and take the money first).

    Emits ``answered(str)``: ``"paid"``, ``"unpaid"`` or ``"back"``.
    """

    answered = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("BaristaRoot")
        self.question = QLabel()
        self.question.setObjectName("Title")
        self.question.setWordWrap(True)
        self.question.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.paid_button = QPushButton()
        self.paid_button.setObjectName("Primary")
        self.unpaid_button = QPushButton()
        self.back_button = QPushButton()
        for b in (self.paid_button, self.unpaid_button, self.back_button):
            b.setMinimumHeight(110)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.paid_button.clicked.connect(lambda: self._answer("paid"))
        self.unpaid_button.clicked.connect(lambda: self._answer("unpaid"))
        self.back_button.clicked.connect(lambda: self._answer("back"))
        row = QHBoxLayout()
        row.setSpacing(48)
        row.addWidget(self.back_button, 1)
        row.addWidget(self.unpaid_button, 1)
        col = QVBoxLayout(self)
        col.setContentsMargins(48, 32, 48, 32)
        col.setSpacing(24)
        col.addStretch(1)
        col.addWidget(self.question)
        col.addWidget(self.detail)
        col.addWidget(self.paid_button)
        col.addLayout(row)
        col.addStretch(1)
        self._ticket = ""
        self._price = ""
        self._then: Callable[[str], None] | None = None

    def ask(self, ticket: str, price: str, then: Callable[[str], None]) -> None:
        """Ask about order ``ticket`` (``price`` as shown, may be ""); ``then(answer)``
        runs once, on the first tap."""
        self._ticket, self._price, self._then = ticket, price, then
        self.retranslate()

    def _answer(self, answer: str) -> None:
        then, self._then = self._then, None
        if then is not None:
            then(answer)
        self.answered.emit(answer)

    def retranslate(self) -> None:
        if self._price:
            self.question.setText(translate(
                "BaristaCounter", "Order {ticket} is not paid yet ({price}).").format(
                    ticket=self._ticket, price=self._price))
        else:
            self.question.setText(translate(
                "BaristaCounter", "Order {ticket} is not paid yet.").format(
                    ticket=self._ticket))
        self.detail.setText(translate(
            "BaristaCounter",
            "Take the payment as you hand the cup over. A staff drink or a coupon can be "
            "served without payment."))
        self.paid_button.setText(translate("BaristaCounter", "Paid now — serve"))
        self.unpaid_button.setText(translate("BaristaCounter", "Serve without payment"))
        self.back_button.setText(translate("BaristaCounter", "Back"))
