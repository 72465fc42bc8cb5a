"""The big PIN keypad shared by the PIN page and the change-PIN page, and their layout.

Keys are 120 x 88 px at least (fingers, not a mouse), never take the keyboard focus, and
are laid out like a phone::

    1 2 3
    4 5 6
    7 8 9
    ⌫ 0 ✓
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

KEY_ROWS = ("123", "456", "789", "⌫0✓")
DELETE, ENTER = "⌫", "✓"


class PinKeypad(QWidget):
    """The digit keys, ⌫ (delete) and ✓ (done); emits ``pressed(key)`` with the key's text.

    ``keys`` maps each key's text to its button (to enable, disable or click it)."""

    pressed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(14)
        self.keys: dict[str, QPushButton] = {}
        for r, row in enumerate(KEY_ROWS):
            for c, key in enumerate(row):
                b = QPushButton(key)
                b.setObjectName("KeyOk" if key == ENTER else "Key")
                b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                b.setMinimumSize(120, 88)
                b.clicked.connect(lambda _=False, k=key: self.pressed.emit(k))
                grid.addWidget(b, r, c)
                self.keys[key] = b

    def set_keys_enabled(self, enabled: bool) -> None:
        """Enable or disable every key (a lockout, a check in progress)."""
        for b in self.keys.values():
            b.setEnabled(enabled)


def arrange_pin_page(page: QWidget, words: Sequence[QLabel], back: QPushButton,
                     keypad: PinKeypad) -> None:
    """Lay ``page`` out with ``words`` (top to bottom) and ``back`` on the left, the keypad
    on the right: side by side, the page fits a 600 px tall screen."""
    column = QVBoxLayout()
    column.addStretch(1)
    for label in words:
        label.setWordWrap(True)
        label.setMinimumWidth(240)  # a wrapped label would otherwise ask for a lot
        column.addWidget(label)
    column.addStretch(1)
    column.addWidget(back, 0, Qt.AlignmentFlag.AlignLeft)
    row = QHBoxLayout(page)
    row.setContentsMargins(16, 16, 16, 16)
    row.setSpacing(24)
    row.addLayout(column, 1)
    row.addWidget(keypad)
