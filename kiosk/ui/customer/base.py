"""What every customer screen shares: the context, a name, enter/leave hooks."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from kiosk.ui.context import AppContext
from kiosk.ui.i18n import Retranslatable

translate = QCoreApplication.translate


class Screen(Retranslatable, QWidget):
    """A full-window page of the customer flow.

    Subclasses build their widgets in ``__init__`` (no texts), set texts in
    ``retranslate()`` and call it last; ``entered()``/``left()`` run when the window shows
    or hides the screen (start/stop timers and cameras there, not in ``__init__``).
    """

    name = "screen"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName(f"screen-{self.name}")

    def entered(self) -> None:
        """The screen is now shown."""

    def left(self) -> None:
        """The screen is no longer shown; drop anything the customer should not leave."""

    def retranslate(self) -> None:
        """Set every visible text in the current language."""
