"""The first two screens: the attract screen (with the ready board and the accessibility
mode's button) and the drink menu."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QImage, QMouseEvent, QPainter, QPixmap
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.orders import consent_text
from kiosk.orders.menu import Drink, format_price
from kiosk.ui.context import AppContext
from kiosk.ui.customer.base import (
    ReachSpacer,
    Screen,
    clear_layout,
    set_direction,
    translate,
)
from kiosk.ui.customer.ready_board import ReadyBoard
from kiosk.ui.layouts import Look
from kiosk.ui.theme import CARAMEL, CINNAMON, LATTE
from kiosk.ui.widgets import ImageView, WrapButton, button, label


class AttractScreen(Screen):
    """"Your face on your latte": a sample cup, one big start button (or tap anywhere), the
    accessibility mode's button, the ready board and what happens to the photo.

    Signals:
        start_requested(): the customer starts.
        access_toggled(bool): the accessibility mode's button was tapped (on or off).
    """

    name = "attract"
    start_requested = Signal()
    access_toggled = Signal(bool)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.title = label(role="title")
        self.subtitle = label(role="subtitle")
        self.cup = ImageView(circular=True)
        self.start_button = button("primary")
        self.start_button.setProperty("tier", "hero")
        self.start_button.clicked.connect(self.start_requested)
        # One big button, left of the start: large text, high contrast, controls low.
        self.access_button = button(checkable=True)
        self.access_button.setObjectName("AccessButton")
        self.access_button.setProperty("tier", "hero")
        self.access_button.clicked.connect(self.access_toggled)
        self.privacy = label(role="body")
        # Numbers of cups called ready; the order number reappears here after "Done".
        self.ready_board = ReadyBoard(context.counter)
        self.ready_board.changed.connect(self._show_cup)

        self._middle = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._middle.addWidget(self.cup, 1)
        self._middle.addWidget(self.ready_board)
        self._buttons = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._buttons.addWidget(self.access_button, 2)
        self._buttons.addWidget(self.start_button, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addLayout(self._middle, 1)
        layout.addLayout(self._buttons)
        layout.addWidget(self.privacy)
        self.retranslate()

    def entered(self) -> None:
        self.ready_board.refresh_soon()  # it follows every call already; this re-checks

    def set_sample(self, image: QImage | None) -> None:
        """The sample cup shown (rendered in the background at start-up)."""
        self.cup.set_image(image)

    def set_access(self, on: bool) -> None:
        """Show the accessibility mode's state on its button (no signal)."""
        self.access_button.setChecked(on)
        self.retranslate()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        # A tap anywhere starts: first-time customers do not look for the button.
        self.start_requested.emit()
        super().mousePressEvent(event)

    def apply_look(self, look: Look) -> None:
        super().apply_look(look)
        portrait = look.portrait
        # Portrait: the cup above the board (the board a row of numbers); landscape: the
        # board beside the cup, where a wide screen has room.
        set_direction(self._middle, portrait)
        self._middle.setSpacing(look.gap_px * 2)
        self.ready_board.apply_look(look)
        # On a small panel the board has the row to itself (the cup gives way to it): as
        # large as its numbers, centred.
        self._middle.setAlignment(self.ready_board, Qt.AlignmentFlag.AlignCenter
                                  if look.band.compact else Qt.AlignmentFlag(0))
        side = look.picture_px(240 if not look.access else 160)
        self.cup.setMinimumSize(side, side)
        # Side by side on a landscape screen; stacked, the start button on top, where the
        # screen is narrow for both (portrait, the accessibility mode on a small panel).
        self._buttons.setDirection(QBoxLayout.Direction.BottomToTop if portrait
                                   else QBoxLayout.Direction.LeftToRight)
        self._buttons.setSpacing(look.gap_px * (1 if portrait else 2))
        # The mode's words are larger: "Accessible mode: on" gets half the row.
        self._buttons.setStretch(0, 1 if look.access else 2)
        self._buttons.setStretch(1, 1 if look.access else 3)
        self._show_cup()

    def _show_cup(self) -> None:
        # The sample cup is decoration: on a 7-10" panel it gives way to the ready board's
        # numbers and to the accessibility mode's larger words.
        compact = self.look.band.compact
        board = bool(self.ready_board.numbers)
        self.cup.setVisible(not (compact and (board or self.look.access)))

    def retranslate(self) -> None:
        self.title.setText(translate("CustomerAttract", "Your face on your latte"))
        self.subtitle.setText(translate(
            "CustomerAttract",
            "Choose a drink, smile, and we draw your portrait in cocoa and cinnamon "
            "on the milk foam."))
        self.start_button.setText(translate("CustomerAttract", "Touch to start"))
        if self.access_button.isChecked():
            self.access_button.setText(translate("CustomerAttract", "Accessible mode: on"))
        else:
            self.access_button.setText(translate("CustomerAttract", "Accessible mode"))
        self.access_button.setAccessibleName(translate(
            "CustomerAttract", "Larger text, high contrast, buttons within reach"))
        minutes = round(self.context.config.retention_minutes)
        self.privacy.setText(translate(consent_text.CONTEXT, consent_text.SUMMARY).format(
            minutes=minutes))


def drink_name(drink: Drink, language: str) -> str:
    """The drink's name in ``language`` (falls back to the other language)."""
    return drink.name(language)


def _placeholder_cup(size: int = 160) -> QPixmap:
    """A drawn cup for drinks whose menu entry has no picture."""
    pix = QPixmap(size, size)
    pix.fill(QColor(0, 0, 0, 0))
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setBrush(QColor(LATTE))
    p.setPen(QColor(CARAMEL))
    p.drawEllipse(8, 8, size - 16, size - 16)
    p.setBrush(QColor(CINNAMON))
    p.drawEllipse(size // 4, size // 4, size // 2, size // 2)
    p.end()
    return pix


def drink_icon(drink: Drink, size: int = 240) -> QIcon:
    """The drink's picture as an icon, or a drawn cup if it has none or it cannot be read."""
    picture = drink.picture_path
    pix = QPixmap()
    if picture and Path(picture).is_file():
        pix.load(str(picture))
    if pix.isNull():
        pix = _placeholder_cup(size)
    return QIcon(pix.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio,
                            Qt.TransformationMode.SmoothTransformation))


class MenuScreen(Screen):
    """The drinks as big picture buttons with name and price; Back returns to the start.

    Landscape: three cards a row, the picture left of the words; portrait: two a row, the
    picture above them."""

    name = "menu"
    drink_chosen = Signal(object)
    back_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.title = label(role="title")
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.back_button = button()
        self.back_button.clicked.connect(self.back_requested)
        self.empty = label(role="subtitle")
        self.drink_buttons: list[tuple[QPushButton, Drink]] = []
        for drink in context.menu:
            b = button("drink")
            b.setIcon(drink_icon(drink))
            b.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
            b.clicked.connect(lambda _=False, d=drink: self.drink_chosen.emit(d))
            self.drink_buttons.append((b, drink))
        peers = [b for b, _ in self.drink_buttons if isinstance(b, WrapButton)]
        for b in peers:
            b.icon_peers = peers  # one cup size on every card
        self.empty.setVisible(not self.drink_buttons)
        self._columns = 0

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.empty)
        layout.addWidget(ReachSpacer())  # the accessibility mode: the cards sit low
        layout.addWidget(self.grid_host, 1)
        row = QHBoxLayout()
        row.addWidget(self.back_button)
        row.addStretch(1)
        layout.addLayout(row)
        self._place(3)
        self.retranslate()

    def _place(self, columns: int) -> None:
        if columns == self._columns:
            return
        clear_layout(self.grid)
        for i, (b, _) in enumerate(self.drink_buttons):
            self.grid.addWidget(b, i // columns, i % columns)
        for column in range(max(columns, self._columns)):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)  # equal cards
        self._columns = columns

    def apply_look(self, look: Look) -> None:
        super().apply_look(look)
        count = len(self.drink_buttons)
        columns = (2 if count > 1 else 1) if look.portrait else (3 if count > 4 else 2)
        self._place(columns)
        self.grid.setSpacing(look.gap_px * (2 if not look.band.compact else 1))
        icon = look.picture_px(200 if look.portrait else 120)
        for b, _ in self.drink_buttons:
            if isinstance(b, WrapButton):
                b.icon_above = look.portrait
            b.setIconSize(QSize(icon, icon))
            b.setMinimumHeight(max(look.touch_px, round(look.touch_px * 1.4)))
            b.updateGeometry()

    def retranslate(self) -> None:
        self.title.setText(translate("CustomerMenu", "Choose your drink"))
        self.back_button.setText(translate("Customer", "Back"))
        self.empty.setText(translate(
            "CustomerMenu", "The menu is empty today. Please ask at the counter."))
        lang = self.context.i18n.language
        for b, drink in self.drink_buttons:
            price = format_price(drink.price_won, lang)
            b.setText(f"{drink_name(drink, lang)}\n{price}")
