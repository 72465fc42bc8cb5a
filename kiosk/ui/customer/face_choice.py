"""Who is on the cup: round face pictures to tap ("just me") and, for two or three
people, "All of us".

A self-contained widget so a layout change can move it anywhere: it takes the face
pictures and which faces are framed, and says :attr:`FaceChoice.pick_changed` when the
customer taps. Laid out as a row (under the cup, e.g. on a portrait screen) or a column
(beside the cup on a landscape one); tiles shrink to the touch minimum and wrap onto more
rows or columns to fit the space given, from an 800×480 panel to a portrait 1080×1920
screen. Its :attr:`~FaceChoice.caption` is a separate label the host may place (a column
beside the cup has no room for a sentence above it).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPainterPath, QPen, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.customer.base import translate
from kiosk.ui.theme import CINNAMON, GAP_PX, TOUCH_MIN_PX
from kiosk.ui.widgets import button, label

#: "All of us" is offered for up to this many faces (with more, one face is tapped).
GROUP_MAX = 3
#: Largest face tile, px (a smaller space shrinks them to :data:`TOUCH_MIN_PX`).
TILE_MAX_PX = 120
_FRAME_PX = 4  # a tile button's frame around its picture


def _round(image: QImage, side: int, chosen: bool) -> QPixmap:
    """``image`` as a ``side`` px disc with a ring (cinnamon and thick when chosen)."""
    pix = QPixmap(side, side)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    path = QPainterPath()
    ring = 6 if chosen else 2
    path.addEllipse(ring, ring, side - 2 * ring, side - 2 * ring)
    painter.setClipPath(path)
    painter.drawImage(pix.rect(), image)
    painter.setClipping(False)
    painter.setPen(QPen(QColor(CINNAMON if chosen else "#FFFFFF"), ring))
    painter.drawEllipse(ring // 2, ring // 2, side - ring, side - ring)
    painter.end()
    return pix


class FaceChoice(QWidget):
    """Tap a face to print just that person; "All of us" for everyone (2-3 faces).

    Signals:
        pick_changed(object): ``"all"`` or the 0-based index of the tapped face, in the
            order the faces were given (left to right in the photo).
    """

    pick_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None, *,
                 orientation: Qt.Orientation = Qt.Orientation.Horizontal) -> None:
        super().__init__(parent)
        self._orientation = orientation
        self.touch_px = TOUCH_MIN_PX  # the smallest tile (the band's touch size)
        self.tile_max_px = TILE_MAX_PX
        self.caption = label(role="subtitle")
        self.all_button = button("choice", checkable=True)
        self.all_button.clicked.connect(lambda: self._tapped("all"))
        self.face_buttons: list[QToolButton] = []
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self._group.addButton(self.all_button)
        self._images: list[QImage] = []
        self._framed: frozenset[int] = frozenset()
        self._columns = 0
        self._grid = QGridLayout()
        self._grid.setSpacing(12)  # 3 mm at 96 dpi: two faces a finger tells apart
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(GAP_PX // 2)
        if orientation == Qt.Orientation.Horizontal:
            layout.addWidget(self.caption)
        layout.addLayout(self._grid)
        layout.addStretch(1)
        self._size_policy()
        self.setVisible(False)
        self.retranslate()

    def _size_policy(self) -> None:
        if self._orientation == Qt.Orientation.Horizontal:
            self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        else:
            # As tall as its neighbour (the cup) makes the row: the tiles fit that height,
            # they do not set it.
            self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Ignored)

    def set_orientation(self, orientation: Qt.Orientation) -> None:
        """Tiles in a row (under the cup) or a column (beside it)."""
        if orientation == self._orientation:
            return
        self._orientation = orientation
        self._size_policy()
        self._columns = 0
        if self.face_buttons:
            self._relayout()
        self.updateGeometry()

    def set_sizes(self, touch_px: int, tile_max_px: int, gap_px: int) -> None:
        """The smallest and largest tile and the gap between tiles (from the layout band)."""
        self.touch_px = touch_px
        self.tile_max_px = max(tile_max_px, touch_px)
        self._grid.setSpacing(gap_px)
        self._columns = 0
        if self.face_buttons:
            self._relayout()
        self.updateGeometry()

    # --- state ---------------------------------------------------------------------------

    @property
    def shown(self) -> bool:
        """True when there is a choice to make (two faces or more)."""
        return len(self._images) >= 2

    @property
    def framed(self) -> frozenset[int]:
        """Indexes of the faces shown as on the cup."""
        return self._framed

    def set_faces(self, images: Sequence[QImage], framed: Sequence[int]) -> None:
        """One round picture per face found (in the order the faces are numbered), and
        the indexes of those the cup shows now. Fewer than two faces: the widget hides."""
        for b in self.face_buttons:
            self._group.removeButton(b)
            b.deleteLater()
        self.face_buttons = []
        self._images = list(images)
        for index in range(len(self._images)):
            b = QToolButton()
            b.setCheckable(True)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.setAutoRaise(True)
            b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
            b.setStyleSheet("QToolButton { border: none; background: transparent; }")
            b.clicked.connect(lambda _=False, i=index: self._tapped(i))
            self._group.addButton(b)
            self.face_buttons.append(b)
        self._show_framed(framed)
        self.setVisible(len(self._images) >= 2)
        self.caption.setVisible(len(self._images) >= 2)
        self._columns = 0
        self._relayout()
        self.retranslate()

    def clear(self) -> None:
        """Forget the face pictures (they show the customer: drop them with the photo)."""
        self.set_faces([], ())

    # --- layout --------------------------------------------------------------------------

    def _offers_all(self) -> bool:
        return 2 <= len(self._images) <= GROUP_MAX

    def _along(self) -> int:
        """The widget's length in the direction tiles run (width of a row, height of a
        column), at least one tile."""
        horizontal = self._orientation == Qt.Orientation.Horizontal
        return max(self.width() if horizontal else self.height(), self.touch_px)

    def _tile_px(self, per_line: int) -> int:
        """Picture side for ``per_line`` tiles in a line (each adds :data:`_FRAME_PX`)."""
        free = self._along() - (per_line - 1) * self._grid.spacing()
        return max(self.touch_px, min(self.tile_max_px, free // max(per_line, 1) - _FRAME_PX))

    def _wanted_columns(self) -> int:
        """Tiles per line (a row, or a column when laid out vertically)."""
        count = len(self.face_buttons) + (1 if self._offers_all() else 0)
        step = self.touch_px + _FRAME_PX + self._grid.spacing()
        fit = max(1, (self._along() + self._grid.spacing()) // step)
        return max(1, min(count, fit))

    def _relayout(self) -> None:
        per_line = self._wanted_columns()
        for i in reversed(range(self._grid.count())):
            self._grid.takeAt(i)
        tiles: list[QWidget] = list(self.face_buttons)
        self.all_button.setVisible(self._offers_all())
        if self._offers_all():
            tiles.append(self.all_button)
        horizontal = self._orientation == Qt.Orientation.Horizontal
        for i, tile in enumerate(tiles):
            line, place = divmod(i, per_line)
            row, column = (line, place) if horizontal else (place, line)
            self._grid.addWidget(tile, row, column, Qt.AlignmentFlag.AlignLeft)
        self._columns = per_line
        self._paint_tiles()

    def _paint_tiles(self) -> None:
        side = self._tile_px(max(self._columns, 1))
        for index, (b, image) in enumerate(zip(self.face_buttons, self._images, strict=True)):
            chosen = index in self._framed
            b.setIcon(QIcon(_round(image, side, chosen)))
            b.setIconSize(QSize(side, side))
            b.setFixedSize(side + _FRAME_PX, side + _FRAME_PX)
        self.all_button.setMinimumHeight(min(side + _FRAME_PX, self.tile_max_px))
        # Never squeezed into more lines than its height holds: one line's width, or
        # the tile's when that is wider.
        self.all_button.setMinimumWidth(max(side + _FRAME_PX,
                                            self.all_button.sizeHint().width()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.face_buttons and self._wanted_columns() != self._columns:
            self._relayout()
        elif self.face_buttons:
            self._paint_tiles()
        if self._orientation == Qt.Orientation.Vertical:
            self.updateGeometry()  # the width follows the tile size

    def sizeHint(self) -> QSize:
        line = GROUP_MAX * (self.tile_max_px + GAP_PX)
        if self._orientation == Qt.Orientation.Horizontal:
            return QSize(line, super().sizeHint().height())
        return QSize(super().sizeHint().width(), line)

    def minimumSizeHint(self) -> QSize:
        tile = self.touch_px + _FRAME_PX
        if self._orientation == Qt.Orientation.Horizontal:
            return QSize(tile, super().minimumSizeHint().height())
        return QSize(super().minimumSizeHint().width(), tile)

    # --- taps ----------------------------------------------------------------------------

    def _show_framed(self, framed: Sequence[int]) -> None:
        self._framed = frozenset(i for i in framed if 0 <= i < len(self.face_buttons))
        everyone = len(self._framed) == len(self.face_buttons) > 1
        self._group.setExclusive(False)  # an exclusive group cannot show "none checked"
        self.all_button.setChecked(everyone and self._offers_all())
        for index, b in enumerate(self.face_buttons):
            b.setChecked(not everyone and index in self._framed)
        self._group.setExclusive(True)
        self._paint_tiles()

    def _tapped(self, pick: str | int) -> None:
        framed = range(len(self.face_buttons)) if pick == "all" else (int(pick),)
        if frozenset(framed) == self._framed:
            self._show_framed(tuple(framed))  # a second tap on the choice changes nothing
            return
        self._show_framed(tuple(framed))
        self.pick_changed.emit(pick)

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.all_button.setText(translate("CustomerReview", "All of us"))
        if self._offers_all():
            self.caption.setText(translate(
                "CustomerReview", "Who is on the cup? Tap a face for just that person."))
        else:
            self.caption.setText(translate("CustomerReview", "Tap the face to print."))
        for index, b in enumerate(self.face_buttons):
            b.setAccessibleName(translate("CustomerReview", "Face {number}").format(
                number=index + 1))
