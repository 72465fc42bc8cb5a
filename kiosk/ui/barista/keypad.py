"""The big PIN keypad shared by the PIN page and the change-PIN page, and their layout.

Keys are 120 x 88 px at least (fingers, not a mouse; 72 px tall, 19 mm at 96 dpi, in a
window under :data:`COMPACT_BELOW_PX` tall, so the pad fits an 800 x 480 panel under the
single-screen kiosk's bar), never take the keyboard focus, and are laid out like a phone::

    1 2 3
    4 5 6
    7 8 9
    ⌫ 0 ✓
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

KEY_ROWS = ("123", "456", "789", "⌫0✓")
DELETE, ENTER = "⌫", "✓"
KEY_W, KEY_H, COMPACT_KEY_H = 120, 88, 72
SPACING, COMPACT_SPACING = 14, 12  # 12 px: 3 mm at 96 dpi, a finger's gap
COMPACT_BELOW_PX = 600


class PinKeypad(QWidget):
    """The digit keys, ⌫ (delete) and ✓ (done); emits ``pressed(key)`` with the key's text.

    ``keys`` maps each key's text to its button (to enable, disable or click it)."""

    pressed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._grid = grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(SPACING)
        self.compact = False
        self._watched: QWidget | None = None
        self.keys: dict[str, QPushButton] = {}
        for r, row in enumerate(KEY_ROWS):
            for c, key in enumerate(row):
                b = QPushButton(key)
                b.setObjectName("KeyOk" if key == ENTER else "Key")
                b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                b.setMinimumSize(KEY_W, KEY_H)
                b.clicked.connect(lambda _=False, k=key: self.pressed.emit(k))
                grid.addWidget(b, r, c)
                self.keys[key] = b

    def set_compact(self, compact: bool) -> None:
        """Shorter keys and gaps (a short window) or the full size."""
        if compact == self.compact:
            return
        self.compact = compact
        self._grid.setSpacing(COMPACT_SPACING if compact else SPACING)
        for b in self.keys.values():
            b.setMinimumSize(KEY_W, COMPACT_KEY_H if compact else KEY_H)
            if compact:  # the style sheet's button minimum (88 px) would hold them tall
                b.setStyleSheet(f"min-height: {COMPACT_KEY_H - 16}px;")
            else:
                b.setStyleSheet("")

    def showEvent(self, event: QShowEvent) -> None:
        window = self.window()
        if window is not self._watched:  # follow the window this pad now sits in
            if self._watched is not None:
                self._watched.removeEventFilter(self)
            window.installEventFilter(self)
            self._watched = window
        self.set_compact(window.height() < COMPACT_BELOW_PX)
        super().showEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._watched and event.type() == QEvent.Type.Resize:
            self.set_compact(self._watched.height() < COMPACT_BELOW_PX)
        return super().eventFilter(watched, event)

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
        label.setMinimumWidth(300)  # wrapped at 300 px: short enough for an 800 px panel
        column.addWidget(label)
    column.addStretch(1)
    column.addWidget(back, 0, Qt.AlignmentFlag.AlignLeft)
    row = QHBoxLayout(page)
    row.setContentsMargins(16, 16, 16, 16)
    row.setSpacing(24)
    row.addLayout(column, 1)
    row.addWidget(keypad, 0, Qt.AlignmentFlag.AlignVCenter)  # keys together, not spread
