"""Photo consent (what, why, how long; refusing costs nothing) and the no-photo designs."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QPainter, QPainterPath, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.orders import consent_text
from kiosk.ui.context import AppContext
from kiosk.ui.customer.base import Screen, translate
from kiosk.ui.customer.services import DESIGNS
from kiosk.ui.theme import GAP_PX
from kiosk.ui.widgets import button, label

DESIGN_LABELS = {
    "heart": QT_TRANSLATE_NOOP("CustomerDesigns", "Heart"),
    "leaf": QT_TRANSLATE_NOOP("CustomerDesigns", "Leaf"),
    "text": QT_TRANSLATE_NOOP("CustomerDesigns", "Message"),
}


def design_label(name: str) -> str:
    """The translated display name of a built-in design."""
    return translate("CustomerDesigns", DESIGN_LABELS.get(name, name))


class ConsentScreen(Screen):
    """Asks before any photo: what is taken, why, how long it is kept, and the no-photo way.

    The words come from :mod:`kiosk.orders.consent_text` (the phone page shows the same).
    With the phone upload on, a third choice sends a photo from the customer's phone.
    """

    name = "consent"
    accepted = Signal()
    phone_requested = Signal()
    declined = Signal()
    back_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.title = label(role="title")
        card = QFrame()
        card.setProperty("role", "card")
        self.points = [label(role="body", align=_left()) for _ in range(4)]
        inner = QVBoxLayout(card)
        inner.setContentsMargins(28, 16, 28, 16)
        inner.setSpacing(GAP_PX // 2)
        for p in self.points:
            inner.addWidget(p)
        self.yes_button = button("primary")
        self.yes_button.setProperty("tier", "big")
        self.no_button = button()
        self.no_button.setProperty("tier", "big")
        self.phone_button = button("primary")
        self.phone_button.setProperty("tier", "big")
        self.phone_button.setVisible(False)
        self._phone_offered = False
        self.back_button = button()
        self.yes_button.clicked.connect(self.accepted)
        self.phone_button.clicked.connect(self.phone_requested)
        self.no_button.clicked.connect(self.declined)
        self.back_button.clicked.connect(self.back_requested)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 12, 48, 20)
        layout.setSpacing(GAP_PX)
        layout.addWidget(self.title)
        layout.addWidget(card, 1)
        choices = QGridLayout()
        choices.setHorizontalSpacing(GAP_PX * 2)
        choices.setVerticalSpacing(GAP_PX)
        choices.addWidget(self.back_button, 0, 0)
        choices.addWidget(self.yes_button, 0, 1)
        choices.addWidget(self.no_button, 0, 2)
        # The phone, when offered, gets a row of its own under the two answers: four
        # buttons in one row left each too narrow for its words.
        choices.addWidget(self.phone_button, 1, 1, 1, 2)
        choices.setColumnStretch(1, 2)
        choices.setColumnStretch(2, 2)
        layout.addLayout(choices)
        self.retranslate()

    @property
    def phone_offered(self) -> bool:
        """True when the third choice (a photo from the phone) is shown."""
        return self._phone_offered

    def set_phone_offered(self, offered: bool) -> None:
        """Show or hide "Use a photo from my phone" (and the wording that names it)."""
        self._phone_offered = offered
        self.phone_button.setVisible(offered)
        self.retranslate()

    def retranslate(self) -> None:
        minutes = round(getattr(self.context.config, "retention_minutes", 120))
        self.title.setText(translate(consent_text.CONTEXT, consent_text.TITLE))
        for widget, text in zip(self.points, consent_text.points(phone=self._phone_offered),
                                strict=True):
            widget.setText(translate(consent_text.CONTEXT, text).format(minutes=minutes))
        self.yes_button.setText(translate("CustomerConsent", "Yes, take my photo"))
        self.phone_button.setText(translate("CustomerConsent", "Use a photo from my phone"))
        self.no_button.setText(translate("CustomerConsent", "No photo, choose a design"))
        self.back_button.setText(translate("Customer", "Back"))


def round_cup(image: QImage) -> QImage:
    """The cup picture cut to its circle, transparent outside: the preview's square grey
    backdrop would sit as a grey box on the white tile."""
    side = min(image.width(), image.height())
    out = QImage(side, side, QImage.Format.Format_ARGB32_Premultiplied)
    out.fill(Qt.GlobalColor.transparent)
    painter = QPainter(out)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    path = QPainterPath()
    path.addEllipse(QRectF(0.5, 0.5, side - 1, side - 1))
    painter.setClipPath(path)
    painter.drawImage(QPointF((side - image.width()) / 2, (side - image.height()) / 2), image)
    painter.end()
    return out


def _left() -> Qt.AlignmentFlag:
    return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


class DesignScreen(Screen):
    """The built-in designs as big cup pictures; also the way out when the camera fails."""

    name = "designs"
    design_chosen = Signal(str)
    back_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.title = label(role="title")
        self.subtitle = label(role="subtitle")
        self.design_buttons: dict[str, object] = {}
        row = QHBoxLayout()
        row.setSpacing(GAP_PX * 2)
        for name in DESIGNS:
            b = button("drink")
            # A tile: the cup over its name, the cup as large as the tile allows (<= 220 px).
            b.icon_above = True
            b.setIconSize(QSize(220, 220))
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            b.clicked.connect(lambda _=False, n=name: self.design_chosen.emit(n))
            row.addWidget(b, 1)
            self.design_buttons[name] = b
        self.back_button = button()
        self.back_button.clicked.connect(self.back_requested)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 24, 48, 32)
        layout.setSpacing(GAP_PX * 2)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addLayout(row, 1)
        back = QHBoxLayout()
        back.addWidget(self.back_button)
        back.addStretch(1)
        layout.addLayout(back)
        self.retranslate()

    def set_thumbnail(self, name: str, image: QImage) -> None:
        """Show a design's cup picture on its button (rendered in the background)."""
        if name in self.design_buttons:
            self.design_buttons[name].setIcon(QIcon(QPixmap.fromImage(round_cup(image))))

    def retranslate(self) -> None:
        self.title.setText(translate("CustomerDesigns", "Choose a design"))
        self.subtitle.setText(translate(
            "CustomerDesigns", "No photo needed: we print one of these on your drink."))
        for name, b in self.design_buttons.items():
            b.setText(design_label(name))
        self.back_button.setText(translate("Customer", "Back"))
