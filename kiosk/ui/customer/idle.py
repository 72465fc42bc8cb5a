"""Walk-away handling: after idle_seconds without a touch, "Are you still there?", then reset.

:class:`IdleWatcher` listens to every touch, click and key in the application (an event
filter) and restarts its timer. The window decides what idle means (never on the attract
screen, never while a print runs).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QFrame, QVBoxLayout, QWidget

from kiosk.ui.customer.base import translate
from kiosk.ui.i18n import Retranslatable
from kiosk.ui.layouts import Look
from kiosk.ui.theme import GAP_PX
from kiosk.ui.widgets import button, label

_ACTIVITY = {
    QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate,
    QEvent.Type.KeyPress, QEvent.Type.Wheel, QEvent.Type.TabletPress,
}


class IdleWatcher(QObject):
    """Emits :attr:`idle` after ``seconds`` without user input while armed."""

    idle = Signal()
    activity = Signal()

    def __init__(self, seconds: float, parent: QObject | None = None, *,
                 root: QWidget | None = None) -> None:
        super().__init__(parent)
        # Only touches on the customer's screen count: a barista tapping away on the other
        # window must not keep a walked-away customer's photo alive.
        self._root = root
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(int(seconds * 1000))
        self._timer.timeout.connect(self.idle)
        self._armed = False
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    @property
    def armed(self) -> bool:
        """True while counting towards idle."""
        return self._armed

    @property
    def seconds(self) -> float:
        """Seconds without input before :attr:`idle`."""
        return self._timer.interval() / 1000.0

    def set_seconds(self, seconds: float) -> None:
        """Change the idle time (takes effect at the next arm/poke)."""
        self._timer.setInterval(int(seconds * 1000))

    def arm(self) -> None:
        """Start (or restart) counting."""
        self._armed = True
        self._timer.start()

    def disarm(self) -> None:
        """Stop counting (attract screen, warning shown)."""
        self._armed = False
        self._timer.stop()

    def poke(self) -> None:
        """Count from zero again, as if the customer had touched the screen."""
        if self._armed:
            self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and self._counts(watched):
            self.poke()
            self.activity.emit()
        return False

    def _counts(self, watched: QObject) -> bool:
        if self._root is None:
            return True
        return isinstance(watched, QWidget) and (
            watched is self._root or self._root.isAncestorOf(watched))

    def shutdown(self) -> None:
        """Remove the application-wide event filter."""
        self.disarm()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


class IdleOverlay(Retranslatable, QWidget):
    """A dimmed layer over the whole window: one question, one big Continue button.

    Counts down ``seconds``; emits :attr:`timed_out` at zero or :attr:`continued`.
    """

    continued = Signal()
    timed_out = Signal()

    def __init__(self, seconds: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("IdleOverlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._seconds = seconds
        self._left = math.ceil(seconds)
        card = QFrame()
        card.setObjectName("IdleCard")
        self.card = card
        self.title = label(role="title")
        self.text = label(role="subtitle")
        self.continue_button = button("primary")
        self.continue_button.setProperty("role", "primary")
        self.continue_button.setProperty("tier", "hero")
        self.continue_button.clicked.connect(self._continue)
        c = QVBoxLayout(card)
        self._card_layout = c
        c.setContentsMargins(48, 40, 48, 40)
        c.setSpacing(GAP_PX * 2)
        c.addWidget(self.title)
        c.addWidget(self.text)
        c.addWidget(self.continue_button)
        layout = QVBoxLayout(self)
        self._layout = layout
        layout.addStretch(1)
        layout.addWidget(card, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(1)
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)
        self.hide()
        self.retranslate()

    def set_seconds(self, seconds: float) -> None:
        """The warning's length (the next :meth:`start` counts from it)."""
        self._seconds = seconds

    def apply_look(self, look: Look) -> None:
        """The card's size and spacing for the window's band; in the accessibility mode
        the card sits at the foot of the window (its button within reach)."""
        self.card.setMinimumWidth(min(round(640 * look.band.text), look.band.design[0] - 64))
        m = max(16, round(44 * look.band.text))
        self._card_layout.setContentsMargins(m, m, m, m)
        self._card_layout.setSpacing(look.gap_px * 2)
        self._layout.setStretch(2, 0 if look.reach else 1)

    @property
    def seconds_left(self) -> int:
        """Whole seconds until the reset."""
        return self._left

    def start(self) -> None:
        """Show the warning and count down."""
        self._left = math.ceil(self._seconds)
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.raise_()
        self.show()
        self._timer.start()
        self.retranslate()

    def stop(self) -> None:
        """Hide without emitting anything."""
        self._timer.stop()
        self.hide()

    def _continue(self) -> None:
        self.stop()
        self.continued.emit()

    def _tick(self) -> None:
        self._left = max(0, self._left - 1)
        self.retranslate()
        if self._left == 0:
            self._timer.stop()
            self.timed_out.emit()

    def retranslate(self) -> None:
        self.title.setText(translate("CustomerIdle", "Are you still there?"))
        self.text.setText(translate(
            "CustomerIdle",
            "We will start over in {seconds} seconds and delete your photo.").format(
                seconds=self._left))
        self.continue_button.setText(translate("CustomerIdle", "Continue"))
