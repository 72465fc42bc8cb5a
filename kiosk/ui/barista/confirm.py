"""A full-screen question with two big answers, so nothing is done by accident.

The window shows it before anything that cannot be undone (cancel an order, stop a print).
The safe answer ("No, keep it") is on the left and is the default; the destructive one is
red and spells out what will happen ("Yes, cancel order 012").
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.ui.i18n import Retranslatable


class ConfirmPage(Retranslatable, QWidget):
    """Asks one question; emits ``answered(bool)`` (True for the destructive answer).

    The texts are functions, called when shown and on every language change, so the page
    never shows a stale language.
    """

    answered = Signal(bool)

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
        self.no_button = QPushButton()
        self.yes_button = QPushButton()
        self.yes_button.setObjectName("Danger")
        for b in (self.no_button, self.yes_button):
            b.setMinimumHeight(120)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.no_button.clicked.connect(lambda: self._answer(False))
        self.yes_button.clicked.connect(lambda: self._answer(True))
        buttons = QHBoxLayout()
        buttons.setSpacing(60)
        buttons.addWidget(self.no_button, 1)
        buttons.addWidget(self.yes_button, 1)
        col = QVBoxLayout(self)
        col.setContentsMargins(60, 60, 60, 60)
        col.addStretch(1)
        col.addWidget(self.question)
        col.addWidget(self.detail)
        col.addSpacing(40)
        col.addLayout(buttons)
        col.addStretch(1)
        self._texts: tuple[Callable[[], str], ...] = ()
        self._pending: Callable[[bool], None] | None = None

    def ask(self, question: Callable[[], str], detail: Callable[[], str],
            yes: Callable[[], str], no: Callable[[], str],
            then: Callable[[bool], None], *, danger: bool = True) -> None:
        """Show the question; ``then(answer)`` runs once, on the first tap.

        ``danger``: the yes-answer destroys something (red); else it is a go (green).
        """
        self.yes_button.setObjectName("Danger" if danger else "Primary")
        self.yes_button.style().unpolish(self.yes_button)
        self.yes_button.style().polish(self.yes_button)
        self._texts = (question, detail, yes, no)
        self._pending = then
        self.retranslate()

    def _answer(self, yes: bool) -> None:
        then, self._pending = self._pending, None
        if then is not None:
            then(yes)
        self.answered.emit(yes)

    def retranslate(self) -> None:
        if not self._texts:
            return
        question, detail, yes, no = self._texts
        self.question.setText(question())
        self.detail.setText(detail())
        self.yes_button.setText(yes())
        self.no_button.setText(no())
