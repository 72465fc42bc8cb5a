"""Choosing the customer window's layout: the band for its size (at start and on every
resize), the screen's density for touch sizes, the accessibility mode, and the message a
window below the minimum shows instead of a cut screen.

:class:`ScreenFitter` decides; the window applies a :class:`~kiosk.ui.layouts.Look` to its
style sheet and screens (``CustomerWindow.apply_look``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from kiosk.ui.customer.base import translate
from kiosk.ui.i18n import Retranslatable
from kiosk.ui.layouts import (
    MIN_LANDSCAPE,
    MIN_PORTRAIT,
    Density,
    Look,
    density,
    look_for,
)
from kiosk.ui.widgets import label

log = logging.getLogger(__name__)


class TooSmall(Retranslatable, QWidget):
    """Covers the whole window when it is below the minimum: what the screen is, what the
    kiosk needs, and what to do (in the language shown)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("TooSmall")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        # Its own small style: the window's belongs to a band, and there is none here.
        self.setStyleSheet("QWidget#TooSmall { background: #FBF4E9; }"
                           "QLabel { color: #2B1A10; font-size: 18px; }"
                           "QLabel[role=\"title\"] { font-size: 22px; font-weight: 700; }")
        self.size_now = (0, 0)
        card = QFrame()
        self.title = label(role="title")
        self.text = label(role="body")
        inner = QVBoxLayout(card)
        inner.addWidget(self.title)
        inner.addWidget(self.text)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addStretch(1)
        layout.addWidget(card)
        layout.addStretch(1)
        self.hide()
        self.retranslate()

    def show_for(self, width: int, height: int) -> None:
        """Cover the parent, saying it is ``width`` × ``height``."""
        self.size_now = (width, height)
        self.retranslate()
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.raise_()
        self.show()

    def retranslate(self) -> None:
        width, height = self.size_now
        self.title.setText(translate("CustomerScreen", "This screen is too small"))
        self.text.setText(translate(
            "CustomerScreen",
            "Photo Latte needs a screen of at least {min_w}×{min_h} (landscape) or "
            "{min_pw}×{min_ph} (portrait); this window is {width}×{height}. "
            "Please ask staff to use a larger screen.").format(
                min_w=MIN_LANDSCAPE[0], min_h=MIN_LANDSCAPE[1], min_pw=MIN_PORTRAIT[0],
                min_ph=MIN_PORTRAIT[1], width=width, height=height))


class ScreenFitter(QObject):
    """Watches ``window``'s size and asks ``apply(look)`` whenever the band, the touch
    size or the accessibility mode changes; below the minimum it shows :class:`TooSmall`.

    Args:
        window: the customer window (its size, its screen's density).
        setting_dpi: the ``[screen] dpi`` setting (0: ask the screen).
        apply: called with the new look.
    """

    def __init__(self, window: QWidget, setting_dpi: float,
                 apply: Callable[[Look], None]) -> None:
        super().__init__(window)
        self._window = window
        self._setting_dpi = float(setting_dpi)
        self._apply = apply
        self.look: Look | None = None
        self.access = False
        self.too_small = TooSmall(window)
        self._logged: tuple[float, str] | None = None

    def density(self) -> Density:
        """The density of the screen the window is on (or the setting's)."""
        screen = self._window.screen()
        reported = screen.physicalDotsPerInch() if screen is not None else None
        found = density(self._setting_dpi, reported)
        if self._logged != (found.dpi, found.source):
            self._logged = (found.dpi, found.source)
            log.info("customer screen: %.0f dpi (%s)", found.dpi, found.source)
        return found

    def set_access(self, on: bool) -> None:
        """The accessibility mode on or off (a new look at once)."""
        if on != self.access:
            self.access = on
            self.update()

    def update(self) -> None:
        """Choose the look for the window's size now; apply it if it changed."""
        w, h = self._window.width(), self._window.height()
        look = look_for(w, h, self.density(), access=self.access)
        if look is None:
            self.too_small.show_for(w, h)
            return
        # (Hidden whether or not the window is shown yet: a window built small and then
        # resized before it shows must not open with the message over its screens.)
        self.too_small.hide()
        if look != self.look:
            self.look = look
            self._apply(look)
