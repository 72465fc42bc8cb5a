"""Small building blocks of the customer screens: buttons, image views, the language toggle.

Images cross from NumPy to Qt through :func:`rgb_to_qimage`, which copies, so a QImage never
shares memory with a customer's photo (dropping the array really drops the photo).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QIcon,
    QImage,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QTextLayout,
)
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QScroller,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
    QWidget,
)

from kiosk.ui.i18n import LANGUAGE_NAMES, LanguageManager, Retranslatable
from kiosk.ui.image_view import CameraView as CameraView  # re-exported: screens import these
from kiosk.ui.image_view import ImageView as ImageView
from kiosk.ui.image_view import ViewFrame as ViewFrame
from kiosk.ui.theme import TOUCH_MIN_PX


def rgb_to_qimage(rgb: np.ndarray) -> QImage:
    """A QImage copy of an ``(H, W, 3)`` RGB ``uint8`` array (or ``(H, W)`` grey)."""
    array = np.ascontiguousarray(rgb, dtype=np.uint8)
    if array.ndim == 2:
        h, w = array.shape
        image = QImage(array.data, w, h, w, QImage.Format.Format_Grayscale8)
    elif array.ndim == 3 and array.shape[2] == 3:
        h, w, _ = array.shape
        image = QImage(array.data, w, h, 3 * w, QImage.Format.Format_RGB888)
    else:
        raise ValueError(f"expected (H, W, 3) RGB or (H, W) grey, got {array.shape}")
    return image.copy()  # detach from the NumPy buffer


def bgr_to_qimage(bgr: np.ndarray) -> QImage:
    """A QImage copy of an OpenCV ``(H, W, 3)`` BGR frame (mirroring is the view's job)."""
    if bgr.ndim == 3 and bgr.shape[2] == 3:
        array = np.ascontiguousarray(bgr, dtype=np.uint8)
        h, w, _ = array.shape
        # Qt reads BGR directly: no channel swap in Python (the camera thread holds the GIL
        # for less time, so the GUI thread waits less).
        return QImage(array.data, w, h, 3 * w, QImage.Format.Format_BGR888).copy()
    return rgb_to_qimage(bgr)


class WrapLabel(QLabel):
    """A word-wrapping QLabel that claims the height its text needs at its current width.

    Qt's layouts size a wrapped label by its one-line hint and then clip the second line;
    this label raises its minimum height to ``heightForWidth`` whenever it is resized.
    """

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        # A new style (another layout band, the accessibility mode) brings another font:
        # the height needed at the same width changes with it.
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit()

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit()

    def needed_height(self, width: int) -> int:
        """The height the wrapped text needs at ``width`` px, in the font set now
        (QLabel's own ``heightForWidth`` keeps an old font's answer after a style change)."""
        margins = self.contentsMargins()
        inner = max(1, width - margins.left() - margins.right() - 2 * self.margin())
        text = QFontMetrics(self.font()).boundingRect(
            QRect(0, 0, inner, 100_000), int(Qt.TextFlag.TextWordWrap) | int(self.alignment()),
            self.text())
        return text.height() + margins.top() + margins.bottom() + 2 * self.margin()

    def _fit(self) -> None:
        if self.wordWrap() and self.width() > 0:
            needed = self.needed_height(self.width())
            if needed > 0 and needed != self.minimumHeight():
                self.setMinimumHeight(needed)


def label(text: str = "", role: str = "body", *, wrap: bool = True,
          align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignCenter) -> QLabel:
    """A QLabel styled by ``role`` (title, subtitle, body, huge, notice)."""
    widget = WrapLabel(text) if wrap else QLabel(text)
    widget.setProperty("role", role)
    widget.setWordWrap(wrap)
    widget.setAlignment(align)
    return widget


def wrap_text(text: str, font: QFont, width: int) -> list[str]:
    """``text`` broken into lines no wider than ``width`` px at spaces (and at its own
    newlines), as ``font`` draws it; a word wider than ``width`` stays whole on its line."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if not paragraph.strip():
            lines.append("")
            continue
        layout = QTextLayout(paragraph, font)
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(max(1, width))
            start, length = line.textStart(), line.textLength()
            lines.append(paragraph[start:start + length].strip())
        layout.endLayout()
    return lines


class WrapButton(QPushButton):
    """A touch button whose text wraps at spaces when its layout gives it less width than one
    line needs, and that is never narrower than its longest word: a word is never cut.

    :meth:`text` stays the caller's text; only the painting breaks it into lines
    (:meth:`display_lines`). With an icon, ``icon_above`` puts the picture over the text
    (a tile whose picture grows with the tile, up to ``iconSize()``); otherwise the picture
    sits left of the text and shrinks (down to :data:`MIN_ICON_PX`) before a word is cut
    (with ``icon_peers``, to the same size on every peer).
    """

    MIN_ICON_PX = 48
    ICON_GAP_PX = 8
    ROUNDING_PX = 2  # font metrics round advances; the line breaker measures in fractions

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.icon_above = False
        # The smallest side the button may have: the layout band's touch size (set for
        # every button by :func:`set_touch_px` when the window changes band).
        self.touch_px = TOUCH_MIN_PX
        # Buttons shown side by side (a menu grid): the picture shrinks to what the one with
        # the longest word can afford, so every card shows the same size of cup.
        self.icon_peers: list[WrapButton] = []
        self._lines_shown = 0
        # The style sheet's border differs by state (checked and disabled have none), so
        # the room for text does too: layouts must ask again.
        self.toggled.connect(lambda _on: self.updateGeometry())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.EnabledChange, QEvent.Type.FontChange,
                            QEvent.Type.StyleChange):
            self.updateGeometry()

    # --- geometry --------------------------------------------------------------------

    def _metrics(self) -> QFontMetrics:
        return QFontMetrics(self.font())

    def _wrap(self, width: int) -> list[str]:
        return wrap_text(self.text(), self.font(), width)

    def _contents_rect(self, rect: QRect | None = None) -> QRect:
        """Where the style sheet lets contents go (inside border and padding)."""
        opt = QStyleOptionButton()
        self.initStyleOption(opt)
        opt.rect = rect if rect is not None else self.rect()
        return self.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, opt, self)

    def _frame(self) -> QSize:
        big = QRect(0, 0, 1000, 1000)
        inner = self._contents_rect(big)
        return QSize(big.width() - inner.width(), big.height() - inner.height())

    def _has_icon(self) -> bool:
        return not self.icon().isNull()

    def _longest_word_px(self) -> int:
        fm = self._metrics()
        words = self.text().split()
        return max((fm.horizontalAdvance(w) for w in words), default=0) + self.ROUNDING_PX

    def _one_line_px(self) -> int:
        fm = self._metrics()
        widest = max((fm.horizontalAdvance(p) for p in self.text().split("\n")), default=0)
        return widest + self.ROUNDING_PX

    def _layout(self, contents: QRect) -> tuple[QRect, QRect]:
        """(icon rect, text rect) inside ``contents``; the icon rect is empty without one."""
        if not self._has_icon():
            return QRect(), QRect(contents)
        fm = self._metrics()
        gap = self.ICON_GAP_PX
        want = self.iconSize()
        if self.icon_above:
            text_h = len(self._wrap(contents.width())) * fm.lineSpacing()
            side = min(want.width(), contents.width(), contents.height() - text_h - gap)
            side = max(side, 0)
            block = side + gap + text_h
            top = contents.top() + (contents.height() - block) // 2
            icon = QRect(contents.center().x() - side // 2, top, side, side)
            text = QRect(contents.left(), top + side + gap, contents.width(), text_h)
            return icon, text
        longest = max(b._longest_word_px() for b in [self, *self.icon_peers])
        side = min(want.width(), contents.height(),
                   max(self.MIN_ICON_PX, contents.width() - gap - longest))
        text_w = max(0, min(contents.width() - side - gap, self._one_line_px()))
        lines = self._wrap(text_w)
        text_w = max((fm.horizontalAdvance(line) for line in lines), default=0)
        block = side + gap + text_w
        left = contents.left() + max(0, (contents.width() - block) // 2)
        icon = QRect(left, contents.center().y() - side // 2, side, side)
        text = QRect(left + side + gap, contents.top(), contents.right() - left - side - gap + 1,
                     contents.height())
        return icon, text

    def display_lines(self) -> list[str]:
        """The lines the button paints at its current size."""
        _, text_rect = self._layout(self._contents_rect())
        return self._wrap(text_rect.width())

    def text_rect(self) -> QRect:
        """Where the lines are painted (widget coordinates)."""
        return self._layout(self._contents_rect())[1]

    def sizeHint(self) -> QSize:
        base = super().sizeHint()
        fm = self._metrics()
        frame = self._frame()
        icon = self.iconSize() if self._has_icon() else QSize(0, 0)
        gap = self.ICON_GAP_PX if self._has_icon() else 0
        one_line = self._one_line_px()
        if self.icon_above:
            width = frame.width() + max(one_line, icon.width())
        else:
            width = frame.width() + icon.width() + gap + one_line
        lines = len(self._wrap(one_line))
        if self.width() > 0:  # laid out: as tall as the lines it paints at its width
            lines = max(1, len(self.display_lines()))
        text_h = lines * fm.lineSpacing()
        contents_h = icon.height() + gap + text_h if self.icon_above else max(icon.height(),
                                                                               text_h)
        height = max(base.height(), frame.height() + contents_h, self.touch_px)
        return QSize(max(width, self.touch_px), height)

    def hasHeightForWidth(self) -> bool:
        # Words only: its lines, and so its height, follow the width a layout gives it.
        return not self._has_icon()

    def heightForWidth(self, width: int) -> int:
        contents = self._contents_rect(QRect(0, 0, width, 1000))
        lines = max(1, len(self._wrap(contents.width())))
        needed = self._frame().height() + lines * self._metrics().lineSpacing()
        return max(super().sizeHint().height(), needed, self.touch_px)

    def minimumSizeHint(self) -> QSize:
        frame = self._frame()
        longest = self._longest_word_px()
        if not self._has_icon():
            width = frame.width() + longest
        elif self.icon_above:
            width = frame.width() + max(longest, self.MIN_ICON_PX)
        else:
            width = frame.width() + self.MIN_ICON_PX + self.ICON_GAP_PX + longest
        height = self.sizeHint().height()
        if self.icon_above:
            fm = self._metrics()
            text_h = len(self.display_lines() or [""]) * fm.lineSpacing()
            height = frame.height() + self.MIN_ICON_PX + self.ICON_GAP_PX + text_h
        return QSize(max(width, self.touch_px), max(height, self.touch_px))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        count = len(self.display_lines())
        if count != self._lines_shown:
            self._lines_shown = count
            self.updateGeometry()  # one more or one less line: a new height

    # --- painting --------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        # The painter is ended explicitly: anything that keeps this frame alive (an
        # exception's traceback, a profiler) would otherwise leave it active past the
        # paint event, and Qt aborts on the next one.
        painter = QStylePainter(self)
        try:
            self._paint(painter)
        finally:
            painter.end()

    def _paint(self, painter: QStylePainter) -> None:
        opt = QStyleOptionButton()
        self.initStyleOption(opt)
        icon_rect, text_rect = self._layout(self._contents_rect())
        lines = self._wrap(text_rect.width())
        if not self._has_icon():
            opt.text = "\n".join(lines)  # the style paints it, colours by state included
            painter.drawControl(QStyle.ControlElement.CE_PushButton, opt)
            return
        opt.text = ""
        opt.icon = QIcon()
        painter.drawControl(QStyle.ControlElement.CE_PushButton, opt)
        mode = QIcon.Mode.Normal if self.isEnabled() else QIcon.Mode.Disabled
        self.icon().paint(painter, icon_rect, Qt.AlignmentFlag.AlignCenter, mode)
        align = Qt.AlignmentFlag.AlignCenter if self.icon_above else (
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.style().drawItemText(painter, text_rect, int(align), self.palette(),
                                  self.isEnabled(), "\n".join(lines),
                                  QPalette.ColorRole.ButtonText)


def button(role: str = "secondary", *, checkable: bool = False) -> WrapButton:
    """A touch-sized :class:`WrapButton` styled by ``role`` (primary, secondary, drink)."""
    widget = WrapButton()
    widget.setProperty("role", role)
    widget.setCheckable(checkable)
    # The height comes from the style sheet (the band's touch size); the width from the
    # text (longest word), so a layout squeezing the row wraps the text instead of cutting.
    widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # touch screen: no focus rectangles
    widget.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    return widget


class TouchScrollArea(QScrollArea):
    """A frameless scroll area a finger drags (kinetic, no scroll bar to aim at), holding
    ``contents``; its bar shows, as a thin indicator, only when there is more to see."""

    def __init__(self, contents: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidget(contents)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustIgnored)
        # A drag with the finger (or the mouse a touch screen's driver pretends to be).
        QScroller.grabGesture(self.viewport(),
                              QScroller.ScrollerGestureType.LeftMouseButtonGesture)

    def overflows(self) -> bool:
        """True when the contents are taller than what shows (the customer must scroll)."""
        return self.verticalScrollBar().maximum() > 0


class LanguageToggle(Retranslatable, QPushButton):
    """Shows the *other* language in its own script ("English" / "한국어"); a tap switches."""

    def __init__(self, i18n: LanguageManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._i18n = i18n
        self.setObjectName("LanguageToggle")
        self.set_touch_px(TOUCH_MIN_PX)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.clicked.connect(i18n.toggle)
        i18n.language_changed.connect(lambda _lang: self.retranslate())
        self.retranslate()

    def set_touch_px(self, px: int) -> None:
        """At least ``px`` high and 2.5 × that wide: the toggle is found and hit at once."""
        self.setMinimumSize(QSize(round(px * 2.5), px))

    def retranslate(self) -> None:
        self.setText(LANGUAGE_NAMES[self._i18n.other_language])


def set_touch_px(root: QWidget, px: int) -> None:
    """Give every :class:`WrapButton` and :class:`LanguageToggle` under ``root`` (and
    ``root`` itself) the smallest side ``px`` (after a style sheet change, which resets
    explicit minimum sizes)."""
    for widget in (root, *root.findChildren(QWidget)):
        if isinstance(widget, WrapButton):
            widget.touch_px = px
            widget.updateGeometry()
        elif isinstance(widget, LanguageToggle):
            widget.set_touch_px(px)


class PageStack(QStackedWidget):
    """A stacked widget as large as the page it shows (Qt's asks for the largest page's
    size): inside a scroll area, a short page does not scroll because a long one exists."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currentChanged.connect(lambda _index: self.updateGeometry())

    def sizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.sizeHint() if page is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.minimumSizeHint() if page is not None else super().minimumSizeHint()
