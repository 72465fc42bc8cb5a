"""Use a photo from the customer's phone: the QR code, two plain steps, the code's time left.

The screen only shows; the window owns the :class:`kiosk.phone.service.PhoneService` and
hands it to :class:`PhoneLink`, which carries the server thread's news (a page opened, a
photo arrived) to the GUI thread as Qt signals.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from typing import TYPE_CHECKING

import segno
from PySide6.QtCore import QObject, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from kiosk.phone.decode import PhonePhoto
from kiosk.ui.context import AppContext
from kiosk.ui.customer.base import Screen, translate
from kiosk.ui.theme import GAP_PX
from kiosk.ui.widgets import button, label

if TYPE_CHECKING:
    from kiosk.phone.service import PhoneService
    from kiosk.settings.config import KioskConfig

log = logging.getLogger(__name__)

QUIET_MODULES = 4  # the blank border a QR code needs to be found by a phone camera
QR_SHARE = 0.38  # at most this share of a landscape screen's width goes to the code


class PhoneLink(QObject):
    """:class:`kiosk.phone.app.PhoneEvents` for the kiosk: re-emits on the GUI thread.

    Signals (queued to the receiver's thread):
        opened(): a phone opened the page with the live code.
        photo_arrived(PhonePhoto): a photo arrived and took the live code.
    """

    opened = Signal()
    photo_arrived = Signal(object)

    def phone_opened(self) -> None:
        self.opened.emit()

    def phone_photo(self, photo: PhonePhoto) -> None:
        self.photo_arrived.emit(photo)


def start_phone_service(config: KioskConfig, link: PhoneLink,
                        clock: Callable[[], float]) -> PhoneService | None:
    """The phone upload's service, listening, or None: off in the settings, or it cannot
    start (the reason is logged; customers then simply do not see the choice)."""
    if not config.phone_upload:
        return None
    from kiosk.phone.errors import PhoneError
    from kiosk.phone.service import PhoneService, PhoneSettings

    service = PhoneService(PhoneSettings.from_config(config), link, clock=clock)
    try:
        service.start()
    except PhoneError as exc:
        log.error("phone upload not available (%s); check phone_host and phone_port in "
                  "the settings, or run photolatte phone-test", exc)
        return None
    return service


class QrView(QWidget):
    """A QR code drawn square, as large as the widget allows, black on white."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._matrix: list[list[bool]] = []
        self.text = ""
        self.setMinimumSize(200, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_text(self, text: str) -> None:
        """Encode ``text`` (empty clears the code)."""
        self.text = text
        if text:
            qr = segno.make(text, error="m", micro=False)
            self._matrix = [[bool(v) for v in row] for row in qr.matrix]
        else:
            self._matrix = []
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(420, 420)

    def code_rect(self) -> QRectF:
        """Where the code (with its quiet border) is drawn, in widget pixels."""
        side = min(self.width(), self.height())
        # Top-aligned: level with the first step beside it (or under the title).
        return QRectF((self.width() - side) / 2, 0, side, side)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        area = self.code_rect()
        painter.fillRect(area, QColor("#FFFFFF"))
        if self._matrix:
            modules = len(self._matrix) + 2 * QUIET_MODULES
            # Whole pixels per module: a blurred edge between modules slows phone cameras.
            unit = max(1, math.floor(area.width() / modules))
            left = area.left() + (area.width() - unit * modules) / 2 + unit * QUIET_MODULES
            top = area.top() + (area.height() - unit * modules) / 2 + unit * QUIET_MODULES
            black = QColor("#000000")
            for y, row in enumerate(self._matrix):
                for x, dark in enumerate(row):
                    if dark:
                        painter.fillRect(QRectF(left + x * unit, top + y * unit, unit, unit),
                                         black)
        painter.end()


def clock_text(seconds: float) -> str:
    """``m:ss`` for a countdown (rounded up: "0:01" until the very end)."""
    whole = max(0, math.ceil(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


class PhoneScreen(Screen):
    """The QR code for the phone page, the two steps, the time left and a way back.

    Signals:
        back_requested(): the customer goes back (the window retires the code).
        new_code_requested(): the code expired and the customer wants another.
        expired(): the code's time ran out on this screen.
    """

    name = "phone"
    back_requested = Signal()
    new_code_requested = Signal()
    expired = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.title = label(role="title")
        self.qr_view = QrView()
        self.step_wifi = label(role="body", align=_left())
        self.step_scan = label(role="body", align=_left())
        self.status = label(role="subtitle", align=_left())
        self.countdown = label(role="body", align=_left())
        self.new_code_button = button("primary")
        self.new_code_button.clicked.connect(self.new_code_requested)
        self.back_button = button()
        self.back_button.clicked.connect(self.back_requested)

        info = QVBoxLayout()
        info.setSpacing(GAP_PX // 2)
        info.addWidget(self.step_wifi)
        info.addWidget(self.step_scan)
        info.addWidget(self.countdown)
        info.addWidget(self.status)
        info.addWidget(self.new_code_button)
        info.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        info.addLayout(buttons)
        # Side by side on a landscape screen, the code above the steps on a portrait one.
        self._body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._body.setSpacing(GAP_PX * 2)
        self._body.addWidget(self.qr_view, 1)
        self._body.addLayout(info, 1)

        layout = self._layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 12, 32, 16)
        layout.setSpacing(GAP_PX)
        layout.addWidget(self.title)
        layout.addLayout(self._body, 1)

        self._seconds_left: Callable[[], float] = lambda: 0.0
        self._opened = False
        self._expired = False
        self._timer = QTimer(self)
        self._timer.setInterval(250)  # the m:ss shown never lags a second behind
        self._timer.timeout.connect(self._tick)
        self.retranslate()
        self._update_state()

    # --- state from the window ---

    def show_code(self, url: str, seconds_left: Callable[[], float]) -> None:
        """Show the QR code for ``url``; ``seconds_left()`` is the code's time left."""
        self._seconds_left = seconds_left
        self._opened = False
        self._expired = False
        self.qr_view.set_text(url)
        self._update_state()
        self._tick()
        self._timer.start()

    def set_phone_opened(self) -> None:
        """A phone has the page open: say so (the code keeps counting down)."""
        self._opened = True
        self._update_state()

    @property
    def code_expired(self) -> bool:
        """True while the "code expired" state is shown."""
        return self._expired

    def left(self) -> None:
        self._timer.stop()
        self.qr_view.set_text("")
        self._opened = False

    def resizeEvent(self, event: QResizeEvent) -> None:
        portrait = self.height() > self.width()
        self._body.setDirection(QBoxLayout.Direction.TopToBottom if portrait
                                else QBoxLayout.Direction.LeftToRight)
        # Landscape: the square code needs no more width than height; the words get the
        # rest (on an 800x480 panel that is what keeps them from being cut).
        margins = self._layout.contentsMargins()
        room = self.height() - margins.top() - margins.bottom() - self.title.height() - GAP_PX
        width = self.width() - margins.left() - margins.right() - 2 * GAP_PX
        self.qr_view.setMaximumWidth(16_777_215 if portrait
                                     else max(200, min(room, int(width * QR_SHARE))))
        super().resizeEvent(event)

    # --- internals ---

    def _tick(self) -> None:
        left = self._seconds_left()
        if left <= 0 and not self._expired and self.qr_view.text:
            self._expired = True
            self._timer.stop()
            self.qr_view.set_text("")
            self._update_state()
            self.expired.emit()
            return
        self.countdown.setText(translate("CustomerPhone", "This code works for {time}.")
                               .format(time=clock_text(left)))

    def _update_state(self) -> None:
        # Once the phone has the page, the two steps are done: the status replaces them.
        for step in (self.step_wifi, self.step_scan):
            step.setVisible(not self._opened and not self._expired)
        self.countdown.setVisible(not self._expired)
        self.status.setVisible(self._opened or self._expired)
        self.new_code_button.setVisible(self._expired)
        self.qr_view.setVisible(not self._expired)
        self.retranslate()

    def retranslate(self) -> None:
        wifi = self.context.config.phone_wifi.strip()
        self.title.setText(translate("CustomerPhone", "Use a photo from your phone"))
        if wifi:
            self.step_wifi.setText(translate(
                "CustomerPhone", "1. Join the café Wi-Fi “{wifi}”.").format(
                    wifi=wifi))
        else:
            self.step_wifi.setText(translate(
                "CustomerPhone", "1. Join this café's Wi-Fi."))
        self.step_scan.setText(translate(
            "CustomerPhone",
            "2. Scan this code with your phone, then pick or take a photo."))
        if self._expired:
            self.status.setText(translate(
                "CustomerPhone", "This code has expired. Press New code to get another."))
        else:
            self.status.setText(translate(
                "CustomerPhone", "Your phone has the page open: choose a photo there."))
        self.new_code_button.setText(translate("CustomerPhone", "New code"))
        self.back_button.setText(translate("Customer", "Back"))
        if not self._expired:
            self.countdown.setText(translate(
                "CustomerPhone", "This code works for {time}.").format(
                    time=clock_text(self._seconds_left())))


def _left() -> Qt.AlignmentFlag:
    return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
