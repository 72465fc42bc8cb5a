"""Photo consent (what, why, how long; refusing costs nothing) and the no-photo designs."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QPainter, QPainterPath, QPixmap
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.orders import consent_text
from kiosk.ui.context import AppContext
from kiosk.ui.customer.base import (
    ReachSpacer,
    Row,
    Screen,
    left_aligned,
    place_rows,
    set_direction,
    translate,
)
from kiosk.ui.customer.services import DESIGNS
from kiosk.ui.layouts import Look
from kiosk.ui.widgets import TouchScrollArea, WrapButton, button, label

DESIGN_LABELS = {
    "heart": QT_TRANSLATE_NOOP("CustomerDesigns", "Heart"),
    "leaf": QT_TRANSLATE_NOOP("CustomerDesigns", "Leaf"),
    "text": QT_TRANSLATE_NOOP("CustomerDesigns", "Message"),
}


def design_label(name: str) -> str:
    """The translated display name of a built-in design."""
    return translate("CustomerDesigns", str(DESIGN_LABELS.get(name, name)))


class ConsentScreen(Screen):
    """Asks before any photo: what is taken, why, how long it is kept, and the no-photo way.

    The words come from :mod:`kiosk.orders.consent_text` (the phone page shows the same).
    With the phone upload on, a third choice sends a photo from the customer's phone. The
    words scroll (a finger drags them) when the screen is too short for them: a 7" panel
    in the accessibility mode's large text.
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
        self.points = [label(role="body", align=left_aligned()) for _ in range(4)]
        self._card_layout = QVBoxLayout(card)
        for p in self.points:
            self._card_layout.addWidget(p)
        self._card_layout.addStretch(1)
        self.words = TouchScrollArea(card)  # a finger drags them when they do not fit
        # Same tier, same font: neither answer may look like the default one.
        self.yes_button = button("primary")
        self.yes_button.setProperty("tier", "big")
        self.no_button = button("primary")
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
        layout.addWidget(self.title)
        layout.addWidget(self.words, 1)
        self._choices = QVBoxLayout()
        layout.addLayout(self._choices)
        self._place(False, 16)
        self.retranslate()

    def _place(self, portrait: bool, gap: int) -> None:
        self._choices.setSpacing(gap)
        rows: list[Row]
        if portrait:
            # One answer a row, the full width: no answer wraps, none looks smaller.
            rows = [[self.yes_button], [self.phone_button], [self.no_button],
                    [self.back_button, 1]]
        else:
            # Each answer as wide as its words on one line (shared by stretch factors, a
            # 7" panel wrapped "No photo, choose a design"); the phone, when offered, gets
            # a row of its own: four buttons in one row left each too narrow for its words.
            rows = [[self.back_button, 1, self.yes_button, self.no_button],
                    [1, self.phone_button]]
        place_rows(self._choices, rows, gap * 2)

    def apply_look(self, look: Look) -> None:
        super().apply_look(look)
        self._place(look.portrait, look.gap_px)
        pad = max(12, round(28 * look.band.text))
        self._card_layout.setContentsMargins(pad, pad // 2, pad, pad // 2)
        self._card_layout.setSpacing(look.gap_px)

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
        minutes = round(self.context.config.retention_minutes)
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


class DesignScreen(Screen):
    """The built-in designs as big cup pictures; also the way out when the camera fails.

    Landscape: three tiles in a row, the cup over its name; portrait: one tile a row, the
    cup left of its name."""

    name = "designs"
    design_chosen = Signal(str)
    back_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.title = label(role="title")
        self.subtitle = label(role="subtitle")
        self.design_buttons: dict[str, WrapButton] = {}
        self._row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        for name in DESIGNS:
            b = button("drink")
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            b.clicked.connect(lambda _=False, n=name: self.design_chosen.emit(n))
            self._row.addWidget(b, 1)
            self.design_buttons[name] = b
        self.back_button = button()
        self.back_button.clicked.connect(self.back_requested)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(ReachSpacer())  # the accessibility mode: the tiles sit low
        layout.addLayout(self._row, 1)
        back = QHBoxLayout()
        back.addWidget(self.back_button)
        back.addStretch(1)
        layout.addLayout(back)
        self.retranslate()

    def apply_look(self, look: Look) -> None:
        super().apply_look(look)
        set_direction(self._row, look.portrait)
        self._row.setSpacing(look.gap_px * 2)
        side = look.picture_px(220)
        for b in self.design_buttons.values():
            b.icon_above = not look.portrait  # a tile: the cup as large as the tile allows
            b.setIconSize(QSize(side, side))
            b.updateGeometry()

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
