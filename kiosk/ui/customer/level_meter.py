"""Where lighter/darker stands on the review: a row of dots, the normal one marked."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.ui.customer.session import DARKNESS_STEP
from kiosk.ui.theme import CARAMEL, LATTE

LEVELS = round(1.0 / DARKNESS_STEP)  # steps each way from normal (4: -1 .. +1 by 0.25)


class LevelMeter(QWidget):
    """Where lighter/darker stands: a dot per step, the normal one marked, the current one
    filled; ``level`` runs from ``-LEVELS`` (lightest) to ``+LEVELS`` (darkest)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.level = 0
        self.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        self._dot = 12
        self._colours = (QColor(CARAMEL), QColor(LATTE))

    def set_level(self, level: int) -> None:
        self.level = max(-LEVELS, min(LEVELS, level))
        self.update()

    def set_look(self, dot_px: int, on: str, off: str) -> None:
        """Dot size and colours (the look's accent and a quiet one)."""
        self._dot = dot_px
        self._colours = (QColor(on), QColor(off))
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        count = 2 * LEVELS + 1
        step = round(self._dot * 1.6)
        return QSize((count - 1) * step + self._dot * 2, self._dot * 2)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        on, off = self._colours
        d = self._dot
        count = 2 * LEVELS + 1
        pitch = round(d * 1.6)
        left = (self.width() - ((count - 1) * pitch + d)) / 2
        top = (self.height() - d) / 2
        for i in range(count):
            step = i - LEVELS
            rect = QRectF(left + i * pitch, top, d, d)
            if step == self.level:
                grown = rect.adjusted(-d * 0.3, -d * 0.3, d * 0.3, d * 0.3)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(on)
                painter.drawEllipse(grown)
            else:
                painter.setPen(QPen(on if step == 0 else off, 2))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawEllipse(rect)
        painter.end()
