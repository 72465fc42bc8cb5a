"""What every customer screen shares: the context, a name, enter/leave hooks, and the
layout it takes for the window's size band (:mod:`kiosk.ui.layouts`)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtGui import QMoveEvent, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QLayout,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.context import AppContext
from kiosk.ui.i18n import Retranslatable
from kiosk.ui.layouts import Look
from kiosk.ui.theme import DEFAULT_LOOK

translate = QCoreApplication.translate


class Screen(Retranslatable, QWidget):
    """A full-window page of the customer flow.

    Subclasses build their widgets in ``__init__`` (no texts), set texts in
    ``retranslate()`` and call it last; ``entered()``/``left()`` run when the window shows
    or hides the screen (start/stop timers and cameras there, not in ``__init__``);
    ``apply_look()`` arranges the screen for a size band (portrait or landscape, the
    band's picture sizes, the accessibility mode's reach) and runs after every change of
    band or mode, once the window's style sheet is in place.
    """

    name = "screen"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.look: Look = DEFAULT_LOOK
        self.setObjectName(f"screen-{self.name}")

    def entered(self) -> None:
        """The screen is now shown."""

    def left(self) -> None:
        """The screen is no longer shown; drop anything the customer should not leave."""

    def retranslate(self) -> None:
        """Set every visible text in the current language."""

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        for spacer in self.findChildren(ReachSpacer):
            spacer.update_reach()

    def apply_look(self, look: Look) -> None:
        """Arrange for ``look``; the base sets the outer margins and the spacing."""
        self.look = look
        for spacer in self.findChildren(ReachSpacer):
            spacer.reach = look.reach
            spacer.update_reach()
        layout = self.layout()
        if layout is not None:
            m = look.band.margin_px
            layout.setContentsMargins(m, max(8, m // 2), m, max(8, m // 2))
            layout.setSpacing(look.gap_px)


class ReachSpacer(QWidget):
    """Empty space above a screen's controls: in the accessibility mode (``reach`` set) as
    tall as it takes to push them into the lower ``reach`` share of the customer window
    (a wheelchair user's or a child's arm); no height otherwise."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reach: float | None = None
        self.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(0)

    def _customer_window(self) -> QWidget:
        widget: QWidget = self
        parent = widget.parentWidget()
        while parent is not None and widget.objectName() != "CustomerWindow":
            widget, parent = parent, parent.parentWidget()
        return widget

    def update_reach(self) -> None:
        """Recompute the height (after a move or a resize of the window)."""
        need = 0
        if self.reach is not None:
            window = self._customer_window()
            top = self.mapTo(window, QPoint(0, 0)).y()
            need = max(0, round((1.0 - self.reach) * window.height()) - top)
        if need != self.height() or need != self.minimumHeight():
            self.setFixedHeight(need)

    def moveEvent(self, event: QMoveEvent) -> None:
        super().moveEvent(event)
        self.update_reach()


def set_direction(layout: QBoxLayout, portrait: bool) -> None:
    """Top to bottom in portrait, left to right in landscape."""
    layout.setDirection(QBoxLayout.Direction.TopToBottom if portrait
                        else QBoxLayout.Direction.LeftToRight)


def clear_layout(layout: QLayout) -> None:
    """Take every item out of ``layout`` (the widgets stay, unparented from it)."""
    while layout.count():
        layout.takeAt(0)


Row = Sequence["QWidget | int | tuple[QWidget, int]"]


def place_rows(container: QVBoxLayout, rows: list[Row], spacing: int) -> None:
    """Refill ``container`` with one row (a fresh QHBoxLayout) per entry of ``rows``: a
    widget, an ``int`` (a stretch) or ``(widget, stretch)``. Rows of plain boxes, not one
    grid with spanning cells: Qt's grid gives a spanning button no second line's height."""
    while container.count():
        item = container.takeAt(0)
        old = item.layout() if item is not None else None
        if old is not None:
            clear_layout(old)
            old.setParent(None)
            old.deleteLater()
    for row in rows:
        box = QHBoxLayout()
        box.setSpacing(spacing)
        for entry in row:
            if isinstance(entry, int):
                box.addStretch(entry)
            elif isinstance(entry, tuple):
                box.addWidget(entry[0], entry[1])
            else:
                box.addWidget(entry)
        container.addLayout(box)


def left_aligned() -> Qt.AlignmentFlag:
    return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
