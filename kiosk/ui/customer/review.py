"""The cup as it will be printed, with the customer's last choices before confirming."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QBoxLayout,
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)

from kiosk.orders.menu import Drink, format_price
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
from kiosk.ui.customer.consent import design_label
from kiosk.ui.customer.face_choice import FaceChoice
from kiosk.ui.customer.level_meter import LevelMeter
from kiosk.ui.customer.services import DESIGNS
from kiosk.ui.customer.session import DARKNESS_STEP
from kiosk.ui.layouts import Look
from kiosk.ui.theme import palette_for
from kiosk.ui.widgets import ImageView, WrapButton, button, label
from printer_driver.powders import PowderSet

POWDER_ORDER = (PowderSet.COCOA, PowderSet.CINNAMON, PowderSet.BOTH)
CUP_MIN_PX = 320  # at 1280×800; the band scales it (the cup grows into the room left)
CUP_MIN_WITH_FACES_PX = 280  # the face column beside the cup takes the rest


class ReviewScreen(Screen):
    """Cup preview; who is on the cup (several faces), powders, lighter/darker with its
    level, retake (limited), start over, confirm.

    For a built-in design, lighter/darker and retake give way to the three designs (switch
    in place) and "retake" is gone. Landscape: the choices right of the cup; portrait: under
    it. The actions (start over, back, confirm) run along the foot in both.
    """

    name = "review"
    powders_chosen = Signal(object)
    darker_requested = Signal(int)  # +1 darker, -1 lighter
    retake_requested = Signal()
    confirm_requested = Signal()
    back_requested = Signal()
    start_over_requested = Signal()
    design_chosen = Signal(str)
    faces_chosen = Signal(object)  # "all" or the index of a face in the result's faces

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.title = label(role="title", align=left_aligned())
        self.drink_line = label(role="subtitle", wrap=False, align=Qt.AlignmentFlag.AlignRight
                                | Qt.AlignmentFlag.AlignVCenter)  # "Caffè latte · ₩4,500"
        self.cup_view = ImageView(circular=True)
        self.status = label(role="subtitle")
        self.powder_caption = label(role="subtitle", align=left_aligned())
        self.powder_buttons: dict[PowderSet, WrapButton] = {}
        group = QButtonGroup(self)
        group.setExclusive(True)
        self._powder_row = QHBoxLayout()
        for powders in POWDER_ORDER:
            b = button("choice", checkable=True)
            b.clicked.connect(lambda _=False, p=powders: self.powders_chosen.emit(p))
            group.addButton(b)
            self._powder_row.addWidget(b)
            self.powder_buttons[powders] = b
        self.tone_caption = label(role="subtitle", align=left_aligned())
        self.lighter_button = button()
        self.darker_button = button()
        self.lighter_button.clicked.connect(lambda: self.darker_requested.emit(-1))
        self.darker_button.clicked.connect(lambda: self.darker_requested.emit(1))
        # The level under its caption, left of the two buttons: the row keeps its width
        # for the words "Lighter" and "Darker" on a 7" panel.
        self.level = LevelMeter()
        self.level_label = label(role="level", wrap=False, align=Qt.AlignmentFlag.AlignCenter)
        self.level_box = QWidget()
        box = QVBoxLayout(self.level_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(self.level, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addWidget(self.level_label)
        self._tone_head = QVBoxLayout()
        self._tone_head.setSpacing(2)
        self._tone_head.addWidget(self.tone_caption)
        self._tone_head.addWidget(self.level_box, 0, Qt.AlignmentFlag.AlignLeft)
        self._tone_row = QHBoxLayout()
        self._tone_row.addWidget(self.lighter_button, 1)
        self._tone_row.addWidget(self.darker_button, 1)
        self.design_caption = label(role="subtitle", align=left_aligned())
        self.design_buttons: dict[str, WrapButton] = {}
        designs = QButtonGroup(self)
        designs.setExclusive(True)
        self._design_row = QHBoxLayout()
        for name in DESIGNS:
            b = button("choice", checkable=True)
            b.clicked.connect(lambda _=False, n=name: self.design_chosen.emit(n))
            designs.addButton(b)
            self._design_row.addWidget(b)
            self.design_buttons[name] = b
        self.retake_button = button()
        self.retake_button.clicked.connect(self.retake_requested)
        self.confirm_button = button("primary")
        self.confirm_button.setProperty("tier", "big")
        self.confirm_button.clicked.connect(self.confirm_requested)
        self.back_button = button()
        self.back_button.clicked.connect(self.back_requested)
        self.start_over_button = button()
        self.start_over_button.clicked.connect(self.start_over_requested)
        self.face_choice = FaceChoice(orientation=Qt.Orientation.Vertical)
        self.face_choice.pick_changed.connect(self._face_tapped)
        self._face_order: list[int] = []  # tile -> index into the result's faces

        # The choices: a caption left of each row (a short landscape screen has no height
        # for captions above them).
        self.choices = QWidget()
        grid = QGridLayout(self.choices)
        grid.setContentsMargins(0, 0, 0, 0)
        self._grid = grid
        grid.setRowStretch(0, 1)  # portrait: the choices right above the actions
        grid.addWidget(ReachSpacer(), 0, 0)  # the accessibility mode: the choices sit low
        # Row 1: the faces, where the accessibility mode wants every control low.
        grid.addWidget(self.powder_caption, 2, 0)
        grid.addLayout(self._powder_row, 2, 1)
        grid.addLayout(self._tone_head, 3, 0)
        grid.addLayout(self._tone_row, 3, 1)
        grid.addWidget(self.design_caption, 4, 0)
        grid.addLayout(self._design_row, 4, 1)
        grid.addWidget(self.retake_button, 5, 1)  # (column 0: its caption's place)
        grid.setRowStretch(6, 1)
        grid.setColumnStretch(1, 1)

        self._picture = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._picture.addWidget(self.face_choice)
        self._picture.addWidget(self.cup_view, 1)
        cup = QVBoxLayout()
        cup.setContentsMargins(0, 0, 0, 0)
        cup.addLayout(self._picture, 1)
        cup.addWidget(self.status)  # says what the face choice is for while it shows
        self._body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._body.addLayout(cup, 1)
        self._body.addWidget(self.choices, 1)

        self._actions = QVBoxLayout()
        self._place_actions(False, 16)

        layout = QVBoxLayout(self)
        # The drink beside the title (no height taken from the cup); under it in portrait.
        top = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        top.addWidget(self.title, 1)
        top.addWidget(self.drink_line)
        self._top = top
        layout.addLayout(top)
        layout.addLayout(self._body, 1)
        layout.addLayout(self._actions)

        self._is_photo = True
        self._design: str | None = None
        self._from_phone = False
        self._retakes_left = 0
        self._busy = False
        self._saving = False
        self._error = False
        self._darkness = 0.0
        self._drink: Drink | None = None
        self._show_rows()
        self.retranslate()

    # --- layout ---

    def _place_actions(self, portrait: bool, gap: int) -> None:
        self._actions.setSpacing(gap)
        rows: list[Row]
        if portrait:
            rows = [[self.confirm_button],  # across the screen
                    [self.start_over_button, self.back_button, 1]]
        else:
            rows = [[self.start_over_button, self.back_button, 1, self.confirm_button]]
        place_rows(self._actions, rows, gap * 2)

    def apply_look(self, look: Look) -> None:
        super().apply_look(look)
        portrait = look.portrait
        set_direction(self._body, portrait)
        # Landscape: the choices get the larger share on a small screen (their words),
        # the cup an equal one where there is room.
        small = look.band.compact
        self._body.setStretch(0, 3 if portrait else (2 if small else 1))
        self._body.setStretch(1, 0 if portrait else (3 if small else 1))
        self._place_actions(portrait, look.gap_px)

        self._body.setSpacing(look.gap_px * 2)
        # Beside the cup on a landscape screen; a row under it in portrait; with the other
        # choices where every control must sit low (the accessibility mode's reach).
        row = portrait or look.reach is not None
        self.face_choice.set_orientation(Qt.Orientation.Horizontal if row
                                         else Qt.Orientation.Vertical)
        # (A portrait kiosk has the cup above the reach line; a landscape one has room
        # under the cup, below it.)
        self._picture.removeWidget(self.face_choice)
        self._grid.removeWidget(self.face_choice)
        if look.reach is not None and portrait:
            self._grid.addWidget(self.face_choice, 1, 0, 1, 2)
        else:
            self._picture.insertWidget(0, self.face_choice)
        # The level beside the buttons when the captions are gone (the mode's larger
        # words), else under its caption.
        self._tone_head.removeWidget(self.level_box)
        self._tone_row.removeWidget(self.level_box)
        if look.access:
            self._tone_row.insertWidget(1, self.level_box)
        else:
            self._tone_head.addWidget(self.level_box, 0, Qt.AlignmentFlag.AlignLeft)
        self._picture.setDirection(QBoxLayout.Direction.BottomToTop if row
                                   else QBoxLayout.Direction.LeftToRight)
        self._show_rows()
        self._picture.setSpacing(look.gap_px)
        # The mode's tiles at the touch size: its larger words need the height.
        tile = look.touch_px if look.access else max(look.touch_px, look.picture_px(120))
        self.face_choice.set_sizes(look.touch_px, tile, look.gap_px)
        self._grid.setHorizontalSpacing(look.gap_px)
        self._grid.setVerticalSpacing(look.gap_px)
        self._grid.setRowStretch(0, 1 if portrait else 0)
        for row_layout in (self._powder_row, self._tone_row, self._design_row):
            row_layout.setSpacing(look.gap_px)
        self._top.setSpacing(look.gap_px // 2 if portrait else look.gap_px * 2)
        set_direction(self._top, portrait)
        self.drink_line.setAlignment(left_aligned() if portrait else
                                     Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        p = palette_for(look)
        self.level.set_look(max(6, round(8 * look.text)), p.accent, p.card_border)
        self._size_cup()

    def _size_cup(self) -> None:
        base = CUP_MIN_WITH_FACES_PX if self.face_choice.shown else CUP_MIN_PX
        side = self.look.picture_px(base * (0.75 if self.look.access else 1.0))
        self.cup_view.setMinimumSize(side, side)

    # --- state from the window ---

    def set_drink(self, drink: Drink | None) -> None:
        """The drink ordered: its name and price show under the title."""
        self._drink = drink
        self.retranslate()

    def show_choices(self, *, is_photo: bool, powders: PowderSet, darkness: float,
                     retakes_left: int, from_phone: bool = False,
                     design: str | None = None) -> None:
        """Update the buttons to the session's choices (``from_phone``: a retake is
        "send another photo"; ``design``: the built-in design shown, None for a photo)."""
        self._is_photo = is_photo
        self._design = design
        self._from_phone = from_phone
        self._retakes_left = retakes_left
        self._darkness = darkness
        for p, b in self.powder_buttons.items():
            b.setChecked(p == powders)
        for name, b in self.design_buttons.items():
            b.setChecked(name == design)
        self.level.set_level(round(darkness / DARKNESS_STEP))
        self._show_rows()
        self._refresh()
        self.retranslate()

    def _show_rows(self) -> None:
        photo = self._is_photo
        # The accessibility mode's larger words leave no width for captions: the buttons
        # say it all ("Cocoa", "Lighter", "Heart").
        captions = not self.look.access
        for widget in (self.lighter_button, self.darker_button, self.level_box,
                       self.retake_button):
            widget.setVisible(photo)
        self.tone_caption.setVisible(photo and captions)
        for widget in self.design_buttons.values():
            widget.setVisible(not photo)
        self.design_caption.setVisible(not photo and captions)
        self.powder_caption.setVisible(captions)

    def set_faces(self, pictures: list[tuple[int, QImage]], framed: list[int]) -> None:
        """Round pictures of the faces found, as ``(index in the result's faces, picture)``
        in the order the customer sees them (mirrored, as on the camera screen), and the
        indexes framed now. Fewer than two: the choice hides."""
        self._face_order = [index for index, _ in pictures]
        tiles = [self._face_order.index(i) for i in framed if i in self._face_order]
        self.face_choice.set_faces([image for _, image in pictures], tiles)
        self.face_choice.caption.setVisible(False)  # its words go in the status line
        self._size_cup()  # room beside the cup for the faces on a narrow screen
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
        for b in (*self.powder_buttons.values(), *self.design_buttons.values(),
                  self.lighter_button, self.darker_button, self.retake_button,
                  self.confirm_button, self.back_button, self.start_over_button,
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
        for b in (*self.powder_buttons.values(), *self.design_buttons.values()):
            b.setEnabled(not self._busy)
        self.lighter_button.setEnabled(ready and self._darkness > -1.0)
        self.darker_button.setEnabled(ready and self._darkness < 1.0)
        self.retake_button.setEnabled(not self._busy and self._retakes_left > 0)

    def _level_text(self) -> str:
        level = round(self._darkness / DARKNESS_STEP)
        if level > 0:
            return translate("CustomerReview", "Darker: {steps}").format(steps=level)
        if level < 0:
            return translate("CustomerReview", "Lighter: {steps}").format(steps=-level)
        return translate("CustomerReview", "Normal")

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
        self.level_label.setText(self._level_text())
        self.level.setAccessibleName(self.level_label.text())
        self.design_caption.setText(translate("CustomerReview", "Design"))
        for name, b in self.design_buttons.items():
            b.setText(design_label(name))
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
        self.start_over_button.setText(translate("CustomerReview", "Start over"))
        if self._is_photo:
            self.back_button.setText(translate("CustomerReview", "Use a design instead"))
        else:
            self.back_button.setText(translate("Customer", "Back"))  # to the designs
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
