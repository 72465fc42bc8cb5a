"""The cup as it will be printed, with the customer's last choices before confirming."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.orders.menu import Drink, format_price
from kiosk.ui.context import AppContext
from kiosk.ui.customer.base import Screen, translate
from kiosk.ui.customer.face_choice import FaceChoice
from kiosk.ui.theme import GAP_PX
from kiosk.ui.widgets import ImageView, button, label
from printer_driver.powders import PowderSet

POWDER_ORDER = (PowderSet.COCOA, PowderSet.CINNAMON, PowderSet.BOTH)
CUP_MIN_PX = 360
CUP_MIN_WITH_FACES_PX = 300  # the face column beside the cup takes the rest


class ReviewScreen(Screen):
    """Cup preview; who is on the cup (several faces), powders, lighter/darker, retake
    (limited), confirm.

    For a built-in design, lighter/darker are hidden and "retake" becomes "another design".
    """

    name = "review"
    powders_chosen = Signal(object)
    darker_requested = Signal(int)  # +1 darker, -1 lighter
    retake_requested = Signal()
    confirm_requested = Signal()
    back_requested = Signal()
    faces_chosen = Signal(object)  # "all" or the index of a face in the result's faces

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.title = label(role="title")
        self.drink_line = label(role="subtitle", wrap=False, align=Qt.AlignmentFlag.AlignRight
                                | Qt.AlignmentFlag.AlignVCenter)  # "Caffè latte · ₩4,500"
        self.cup_view = ImageView(circular=True)
        self.cup_view.setMinimumSize(CUP_MIN_PX, CUP_MIN_PX)
        self.status = label(role="subtitle")
        self.powder_caption = label(role="subtitle")
        self.powder_buttons: dict[PowderSet, object] = {}
        group = QButtonGroup(self)
        group.setExclusive(True)
        powder_row = QHBoxLayout()
        powder_row.setSpacing(GAP_PX)
        for powders in POWDER_ORDER:
            b = button("choice", checkable=True)
            b.clicked.connect(lambda _=False, p=powders: self.powders_chosen.emit(p))
            group.addButton(b)
            powder_row.addWidget(b)
            self.powder_buttons[powders] = b
        self.tone_caption = label(role="subtitle")
        self.lighter_button = button()
        self.darker_button = button()
        self.lighter_button.clicked.connect(lambda: self.darker_requested.emit(-1))
        self.darker_button.clicked.connect(lambda: self.darker_requested.emit(1))
        tone_row = QHBoxLayout()
        tone_row.setSpacing(GAP_PX)
        tone_row.addWidget(self.lighter_button)
        tone_row.addWidget(self.darker_button)
        self.retake_button = button()
        self.retake_button.clicked.connect(self.retake_requested)
        self.confirm_button = button("primary")
        self.confirm_button.setProperty("tier", "big")
        self.confirm_button.clicked.connect(self.confirm_requested)
        self.back_button = button()
        self.back_button.clicked.connect(self.back_requested)
        # A column beside the cup: a landscape screen has room across, not down.
        self.face_choice = FaceChoice(orientation=Qt.Orientation.Vertical)
        self.face_choice.pick_changed.connect(self._face_tapped)
        self._face_order: list[int] = []  # tile -> index into the result's faces

        side = QGridLayout()
        side.setVerticalSpacing(GAP_PX)
        side.addWidget(self.powder_caption, 0, 0)
        side.addLayout(powder_row, 1, 0)
        side.addWidget(self.tone_caption, 2, 0)
        side.addLayout(tone_row, 3, 0)
        side.addWidget(self.retake_button, 4, 0)
        side.setRowStretch(5, 1)
        side.addWidget(self.confirm_button, 6, 0)

        body = QHBoxLayout()
        body.setSpacing(GAP_PX * 3)
        cup = QVBoxLayout()
        cup.setSpacing(GAP_PX)
        picture = QHBoxLayout()
        picture.setSpacing(GAP_PX)
        picture.addWidget(self.face_choice)
        picture.addWidget(self.cup_view, 1)
        cup.addLayout(picture, 1)
        cup.addWidget(self.status)  # says what the face choice is for while it shows
        back_row = QHBoxLayout()
        back_row.addWidget(self.back_button)
        back_row.addStretch(1)
        cup.addLayout(back_row)
        body.addLayout(cup, 1)
        body.addLayout(side, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 12, 48, 20)
        layout.setSpacing(GAP_PX)
        top = QHBoxLayout()  # the drink beside the title: no height taken from the cup
        top.setSpacing(GAP_PX * 2)
        top.addWidget(self.title, 1)
        top.addWidget(self.drink_line)
        layout.addLayout(top)
        layout.addLayout(body, 1)

        self._is_photo = True
        self._from_phone = False
        self._retakes_left = 0
        self._busy = False
        self._saving = False
        self._error = False
        self._darkness = 0.0
        self._drink: Drink | None = None
        self.retranslate()

    # --- state from the window ---

    def set_drink(self, drink: Drink | None) -> None:
        """The drink ordered: its name and price show under the title."""
        self._drink = drink
        self.retranslate()

    def show_choices(self, *, is_photo: bool, powders: PowderSet, darkness: float,
                     retakes_left: int, from_phone: bool = False) -> None:
        """Update the buttons to the session's choices (``from_phone``: a retake is
        "send another photo")."""
        self._is_photo = is_photo
        self._from_phone = from_phone
        self._retakes_left = retakes_left
        self._darkness = darkness
        for p, b in self.powder_buttons.items():
            b.setChecked(p == powders)
        self.tone_caption.setVisible(is_photo)
        self.lighter_button.setVisible(is_photo)
        self.darker_button.setVisible(is_photo)
        self.retake_button.setVisible(is_photo)
        self._refresh()
        self.retranslate()

    def set_faces(self, pictures: list[tuple[int, QImage]], framed: list[int]) -> None:
        """Round pictures of the faces found, as ``(index in the result's faces, picture)``
        in the order the customer sees them (mirrored, as on the camera screen), and the
        indexes framed now. Fewer than two: the choice hides."""
        self._face_order = [index for index, _ in pictures]
        tiles = [self._face_order.index(i) for i in framed if i in self._face_order]
        self.face_choice.set_faces([image for _, image in pictures], tiles)
        self.face_choice.caption.setVisible(False)  # its words go in the status line
        # Room beside the cup for the faces on a 1024 px wide screen.
        side = CUP_MIN_WITH_FACES_PX if self.face_choice.shown else CUP_MIN_PX
        self.cup_view.setMinimumSize(side, side)
        self.retranslate()

    def _face_tapped(self, pick: object) -> None:
        if pick == "all":
            self.faces_chosen.emit("all")
        elif isinstance(pick, int) and 0 <= pick < len(self._face_order):
            self.faces_chosen.emit(self._face_order[pick])

    def set_cup_image(self, image: QImage | None) -> None:
        """The cup picture (None clears)."""
        self.cup_view.set_image(image)
        self._refresh()

    def set_busy(self, busy: bool) -> None:
        """While a render runs: say so, and no confirming a picture not yet shown."""
        self._busy = busy
        if busy:
            self._error = False
        self.face_choice.setEnabled(not busy)
        self._refresh()
        self.retranslate()

    def set_saving(self, saving: bool) -> None:
        """While the order is being stored: every button off, "Sending your order…"."""
        self._saving = saving
        for b in (*self.powder_buttons.values(), self.lighter_button, self.darker_button,
                  self.retake_button, self.confirm_button, self.back_button,
                  self.face_choice):
            b.setEnabled(not saving)
        if not saving:
            self._refresh()
        self.retranslate()

    def set_error(self, failed: bool) -> None:
        """The last render failed: explain and offer retake/design."""
        self._error = failed
        self._busy = False
        self._refresh()
        self.retranslate()

    def left(self) -> None:
        self.cup_view.set_image(None)
        self.face_choice.clear()
        self._face_order = []
        self.retranslate()

    def _refresh(self) -> None:
        ready = not self._busy and not self._error and self.cup_view.image is not None
        self.confirm_button.setEnabled(ready)
        for b in self.powder_buttons.values():
            b.setEnabled(not self._busy)
        self.lighter_button.setEnabled(ready and self._darkness > -1.0)
        self.darker_button.setEnabled(ready and self._darkness < 1.0)
        self.retake_button.setEnabled(not self._busy and self._retakes_left > 0)

    def retranslate(self) -> None:
        self.face_choice.retranslate()
        self.title.setText(translate("CustomerReview", "This is your latte"))
        lang = self.context.i18n.language
        drink = self._drink
        self.drink_line.setVisible(drink is not None)
        self.drink_line.setText(
            "" if drink is None else translate("CustomerReview", "{drink} · {price}").format(
                drink=drink.name(lang), price=format_price(drink.price_won, lang)))
        self.powder_caption.setText(translate("CustomerReview", "Powder"))
        self.powder_buttons[PowderSet.COCOA].setText(translate("CustomerReview", "Cocoa"))
        self.powder_buttons[PowderSet.CINNAMON].setText(translate("CustomerReview", "Cinnamon"))
        self.powder_buttons[PowderSet.BOTH].setText(translate("CustomerReview", "Both"))
        self.tone_caption.setText(translate("CustomerReview", "Picture"))
        self.lighter_button.setText(translate("CustomerReview", "Lighter"))
        self.darker_button.setText(translate("CustomerReview", "Darker"))
        if self._retakes_left > 0 and self._from_phone:
            self.retake_button.setText(translate(
                "CustomerReview", "Send another photo ({count} left)").format(
                    count=self._retakes_left))
        elif self._retakes_left > 0:
            self.retake_button.setText(translate(
                "CustomerReview", "Retake photo ({count} left)").format(
                    count=self._retakes_left))
        else:
            self.retake_button.setText(translate("CustomerReview", "No retakes left"))
        self.confirm_button.setText(translate("CustomerReview", "Yes, make my latte"))
        if self._is_photo:
            self.back_button.setText(translate("CustomerReview", "Use a design instead"))
        else:
            self.back_button.setText(translate("CustomerReview", "Other designs"))
        if self._saving:
            self.status.setText(translate("CustomerReview", "Sending your order…"))
        elif self._busy:
            self.status.setText(translate("CustomerReview", "Drawing your latte…"))
        elif self._error:
            self.status.setText(translate(
                "CustomerReview",
                "We could not make a picture from this photo. Please retake it or go back "
                "and choose a design."))
        elif self.face_choice.shown:
            self.status.setText(self.face_choice.caption.text())
        else:
            self.status.setText(translate(
                "CustomerReview", "Happy with it? Confirm, and a barista will print it."))
