"""The hidden hold that leads staff to the code pad on a single-screen kiosk, and its progress.

Holding the "Photo Latte" name in the customer's top bar for :data:`HOLD_MS` (3 s) emits
:attr:`HoldGesture.held`. While it is held, a thin line under the name fills from left to
right (:class:`HoldLine`), so staff see the hold working; a customer who taps by accident
sees it vanish the moment the finger lifts (or slides off the name). It is a line under the
text, not a box or a button: nothing invites a press. The gesture is off until a single-
screen shell turns it on: on a kiosk with a barista screen of its own, holding the name does
nothing and shows nothing.

The line is redrawn every :data:`TICK_MS` (16 ms, about 60 times a second: a smooth fill on
a 60 Hz panel); the fill is computed from a monotonic clock, so a late tick never makes the
hold shorter or longer.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.ui.theme import CARAMEL, ESPRESSO

HOLD_MS = 3000  # staff only: no customer holds the name this long by accident
TICK_MS = 16
LINE_PX = 6

_PRESS = {QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin}
_END = {QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd, QEvent.Type.TouchCancel,
        QEvent.Type.Leave, QEvent.Type.Hide, QEvent.Type.MouseButtonDblClick}


class HoldLine(QWidget):
    """A line under the label's text: a faint track and the filled part (``fraction``).
    Transparent to touches; hidden when not held."""

    def __init__(self, label: QLabel) -> None:
        super().__init__(label)
        self.setObjectName("StaffHoldLine")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self._label = label
        self.fraction = 0.0
        self.hide()

    def place(self) -> None:
        """Sit along the bottom of the label, as wide as its text."""
        label = self._label
        rect = label.contentsRect()
        metrics = label.fontMetrics()
        width = min(rect.width(), metrics.horizontalAdvance(label.text()))
        # Just under the (vertically centred) text, never below the label.
        under_text = rect.top() + (rect.height() + metrics.height()) // 2 + 2
        top = min(rect.bottom() - LINE_PX + 1, under_text)
        self.setGeometry(rect.left(), top, max(LINE_PX, width), LINE_PX)

    def set_fraction(self, fraction: float) -> None:
        """Show ``fraction`` (0 to 1) of the hold done."""
        self.fraction = min(1.0, max(0.0, fraction))
        if not self.isVisible():
            self.place()
            self.show()
            self.raise_()
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        radius = LINE_PX / 2
        track = QColor(ESPRESSO)
        track.setAlpha(45)
        painter.setBrush(track)
        painter.drawRoundedRect(QRectF(self.rect()), radius, radius)
        if self.fraction > 0:
            painter.setBrush(QColor(CARAMEL))
            filled = QRectF(0, 0, max(float(LINE_PX), self.width() * self.fraction),
                            float(self.height()))
            painter.drawRoundedRect(filled, radius, radius)
        painter.end()


class HoldGesture(QObject):
    """Watches ``label`` for a press held :data:`HOLD_MS`; draws a :class:`HoldLine` under it.

    Signals:
        held(): the hold completed (once per press).
        progress(float): the fraction done, at every tick while held (0 on release).
    """

    held = Signal()
    progress = Signal(float)

    def __init__(self, label: QLabel, hold_ms: int = HOLD_MS, *, parent: QObject | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self.label = label
        self.line = HoldLine(label)
        self._hold_s = hold_ms / 1000.0
        self._clock = clock
        self._started: float | None = None
        self._enabled = False
        self.ticks = 0  # progress updates in the current (or last) hold, for the benchmark
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._tick)
        label.installEventFilter(self)

    @property
    def enabled(self) -> bool:
        """True when a hold leads somewhere (a single-screen shell turned it on)."""
        return self._enabled

    def set_enabled(self, enabled: bool) -> None:
        """Turn the gesture on or off (off: a press shows nothing and emits nothing)."""
        self._enabled = enabled
        if not enabled:
            self.cancel()

    def set_hold_ms(self, hold_ms: int) -> None:
        """How long the press must last (tests compress the real 3 s)."""
        self._hold_s = hold_ms / 1000.0

    @property
    def holding(self) -> bool:
        """True while a press is being held."""
        return self._started is not None

    @property
    def fraction(self) -> float:
        """How much of the hold is done (0 when not held)."""
        if self._started is None:
            return 0.0
        return min(1.0, (self._clock() - self._started) / self._hold_s)

    def cancel(self) -> None:
        """End the hold without emitting :attr:`held`; the line vanishes at once."""
        was = self._started is not None
        self._started = None
        self._timer.stop()
        self.line.hide()
        self.line.fraction = 0.0
        if was:
            self.progress.emit(0.0)

    def stop(self) -> None:
        """Stop for good (the window is closing)."""
        self.set_enabled(False)
        self.label.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.label and self._enabled:
            kind = event.type()
            if kind in _PRESS:
                self._start()
            elif kind in _END:
                self.cancel()
            elif kind == QEvent.Type.MouseMove and isinstance(event, QMouseEvent):
                if not self.label.rect().contains(event.position().toPoint()):
                    self.cancel()  # the finger slid off the name
            elif kind == QEvent.Type.Resize and self.line.isVisible():
                self.line.place()
        return super().eventFilter(watched, event)

    def _start(self) -> None:
        self._started = self._clock()
        self.ticks = 0
        self._timer.start()
        self.line.set_fraction(0.0)

    def _tick(self) -> None:
        if self._started is None:
            return
        fraction = self.fraction
        self.ticks += 1
        if fraction >= 1.0:
            self.cancel()
            self.held.emit()
            return
        self.line.set_fraction(fraction)
        self.progress.emit(fraction)

