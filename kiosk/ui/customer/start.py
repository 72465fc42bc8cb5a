"""The first two screens: the attract screen and the drink menu."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.orders.menu import format_price
from kiosk.ui.context import AppContext
from kiosk.ui.customer.base import Screen, translate
from kiosk.ui.customer.ready_board import ReadyBoard
from kiosk.ui.theme import CARAMEL, CINNAMON, GAP_PX, LATTE
from kiosk.ui.widgets import ImageView, button, label


class AttractScreen(Screen):
    """"Your face on your latte": a sample cup and one big start button (or tap anywhere)."""

    name = "attract"
    start_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.title = label(role="title")
        self.subtitle = label(role="subtitle")
        self.cup = ImageView(circular=True)
        self.cup.setMinimumSize(220, 220)
        self.start_button = button("primary")
        self.start_button.setProperty("tier", "huge")
        self.start_button.clicked.connect(self.start_requested)
        self.privacy = label(role="body")
        # Numbers of cups called ready; the order number reappears here after "Done".
        self.ready_board = ReadyBoard(context.counter)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 16, 48, 16)
        layout.setSpacing(GAP_PX)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        middle = QHBoxLayout()  # the board beside the cup: a wide screen has room there
        middle.setSpacing(GAP_PX * 2)
        middle.addWidget(self.cup, 1)
        middle.addWidget(self.ready_board)
        layout.addLayout(middle, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.start_button, 2)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.privacy)
        self.retranslate()

    def entered(self) -> None:
        self.ready_board.refresh()

    def set_sample(self, image: QImage | None) -> None:
        """The sample cup shown (rendered in the background at start-up)."""
        self.cup.set_image(image)

    def mousePressEvent(self, event) -> None:
        # A tap anywhere starts: first-time customers do not look for the button.
        self.start_requested.emit()
        super().mousePressEvent(event)

    def retranslate(self) -> None:
        self.title.setText(translate("CustomerAttract", "Your face on your latte"))
        self.subtitle.setText(translate(
            "CustomerAttract",
            "Choose a drink, smile, and we draw your portrait in cocoa and cinnamon "
            "on the milk foam."))
        self.start_button.setText(translate("CustomerAttract", "Touch to start"))
        self.privacy.setText(translate(
            "CustomerAttract",
            "No photo is ever saved. Prefer no photo? Choose a heart, a leaf or a message."))


def drink_name(drink: Any, language: str) -> str:
    """The drink's name in ``language`` (falls back to the other language)."""
    ko = getattr(drink, "name_ko", "") or ""
    en = getattr(drink, "name_en", "") or ""
    return (ko or en) if language == "ko" else (en or ko)


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


def drink_icon(drink: Any, size: int = 160) -> QIcon:
    """The drink's picture as an icon, or a drawn cup if it has none or it cannot be read."""
    picture = getattr(drink, "picture_path", None) or getattr(drink, "picture", None)
    pix = QPixmap()
    if picture and Path(picture).is_file():
        pix.load(str(picture))
    if pix.isNull():
        pix = _placeholder_cup(size)
    return QIcon(pix.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio,
                            Qt.TransformationMode.SmoothTransformation))


class MenuScreen(Screen):
    """The drinks as big picture buttons with name and price; Back returns to the start."""

    name = "menu"
    drink_chosen = Signal(object)
    back_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.title = label(role="title")
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setSpacing(GAP_PX * 2)
        self.back_button = button()
        self.back_button.clicked.connect(self.back_requested)
        self.empty = label(role="subtitle")
        self.drink_buttons: list[tuple[QPushButton, Any]] = []
        drinks = list(_drinks(context.menu))
        columns = 3 if len(drinks) > 4 else 2
        for i, drink in enumerate(drinks):
            b = button("drink")
            b.setIcon(drink_icon(drink))
            b.setIconSize(QSize(120, 120))
            b.setMinimumHeight(150)  # the width comes from the name's longest word
            b.setSizePolicy(b.sizePolicy().horizontalPolicy(),
                            b.sizePolicy().Policy.Expanding)
            b.clicked.connect(lambda _=False, d=drink: self.drink_chosen.emit(d))
            self.grid.addWidget(b, i // columns, i % columns)
            self.drink_buttons.append((b, drink))
        for column in range(columns):
            self.grid.setColumnStretch(column, 1)  # equal cards, so equal cups
        peers = [b for b, _ in self.drink_buttons]
        for b in peers:
            b.icon_peers = peers  # one cup size on every card
        self.empty.setVisible(not drinks)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 24, 48, 32)
        layout.setSpacing(GAP_PX * 2)
        layout.addWidget(self.title)
        layout.addWidget(self.empty)
        layout.addWidget(self.grid_host, 1)
        row = QHBoxLayout()
        row.addWidget(self.back_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(translate("CustomerMenu", "Choose your drink"))
        self.back_button.setText(translate("Customer", "Back"))
        self.empty.setText(translate(
            "CustomerMenu", "The menu is empty today. Please ask at the counter."))
        lang = self.context.i18n.language
        for b, drink in self.drink_buttons:
            price = format_price(drink.price_won, lang)
            b.setText(f"{drink_name(drink, lang)}\n{price}")


def _drinks(menu: Any) -> list[Any]:
    if menu is None:
        return []
    for attr in ("drinks", "items"):
        if hasattr(menu, attr):
            value = getattr(menu, attr)
            return list(value() if callable(value) else value)
    return list(menu)
