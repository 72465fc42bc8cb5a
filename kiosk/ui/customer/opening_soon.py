""""Opening soon": what customers see while the kiosk may not take orders yet.

With a real printer configured and a staff code still its factory default
(:meth:`kiosk.staff.access.StaffAccess.gate`), the kiosk takes no orders. This card covers
the customer's screens (not the top bar: the language toggle still works, and staff still
reach the code pad by holding the name). It never cuts a customer short: it closes the kiosk
only while the attract screen is up, so someone already ordering finishes first.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from kiosk.ui.customer.base import translate
from kiosk.ui.i18n import Retranslatable
from kiosk.ui.widgets import label


class OpeningSoon(Retranslatable, QWidget):
    """A card over ``cover`` (the customer window's screen stack), shown by :meth:`set_open`.

    Args:
        cover: the widget to cover; the card follows its size.
        at_start: () -> True while the customer window shows its attract screen.
    """

    def __init__(self, cover: QWidget, at_start: Callable[[], bool]) -> None:
        super().__init__(cover)
        self.setObjectName("OpeningSoon")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        # Its background comes from the customer window's style (kiosk.ui.theme): the
        # screen's colour in either look, normal or high contrast.
        self._cover = cover
        self._at_start = at_start
        self._open = True
        card = QFrame()
        card.setProperty("role", "card")
        self.title = label(role="title", align=Qt.AlignmentFlag.AlignCenter)
        self.text = label(role="subtitle", align=Qt.AlignmentFlag.AlignCenter)
        c = QVBoxLayout(card)
        c.setContentsMargins(48, 40, 48, 40)
        c.setSpacing(24)
        c.addWidget(self.title)
        c.addWidget(self.text)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 32, 32, 32)
        outer.addStretch(1)
        outer.addWidget(card)
        outer.addStretch(1)
        cover.installEventFilter(self)
        self.hide()
        self.retranslate()

    @property
    def showing(self) -> bool:
        """True while the card is up (the kiosk takes no orders)."""
        return self.isVisibleTo(self._cover)

    def set_open(self, takes_orders: bool) -> None:
        """Open (card down at once) or closed (card up, once the attract screen shows)."""
        self._open = takes_orders
        if takes_orders:
            self.hide()
        elif self._at_start():
            self.setGeometry(self._cover.rect())
            self.show()
            self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._cover and event.type() == QEvent.Type.Resize:
            self.setGeometry(self._cover.rect())
        return super().eventFilter(watched, event)

    def retranslate(self) -> None:
        self.title.setText(translate("CustomerOpeningSoon", "Opening soon"))
        self.text.setText(translate(
            "CustomerOpeningSoon",
            "Sorry, this kiosk is not taking orders yet. Please order at the counter."))
