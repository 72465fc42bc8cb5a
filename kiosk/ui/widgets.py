"""Small building blocks of the customer screens: buttons, image views, the language toggle.

Images cross from NumPy to Qt through :func:`rgb_to_qimage`, which copies, so a QImage never
shares memory with a customer's photo (dropping the array really drops the photo).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QWidget

from kiosk.ui.i18n import LANGUAGE_NAMES, LanguageManager, Retranslatable
from kiosk.ui.theme import CINNAMON, TOUCH_MIN_PX


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

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit()

    def _fit(self) -> None:
        if self.wordWrap() and self.width() > 0:
            needed = self.heightForWidth(self.width())
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


def button(role: str = "secondary", *, checkable: bool = False) -> QPushButton:
    """A touch-sized QPushButton styled by ``role`` (primary, secondary, huge, drink)."""
    widget = QPushButton()
    widget.setProperty("role", role)
    widget.setCheckable(checkable)
    widget.setMinimumSize(QSize(TOUCH_MIN_PX, TOUCH_MIN_PX))
    widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # touch screen: no focus rectangles
    widget.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    return widget


def _flip_horizontal(image: QImage) -> QImage:
    """Left-right mirror (``flipped`` in Qt >= 6.9, ``mirrored`` before)."""
    if hasattr(image, "flipped"):
        return image.flipped(Qt.Orientation.Horizontal)
    return image.mirrored(True, False)


class LanguageToggle(Retranslatable, QPushButton):
    """Shows the *other* language in its own script ("English" / "한국어"); a tap switches."""

    def __init__(self, i18n: LanguageManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._i18n = i18n
        self.setObjectName("LanguageToggle")
        self.setMinimumSize(QSize(180, TOUCH_MIN_PX))
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.clicked.connect(i18n.toggle)
        i18n.language_changed.connect(lambda _lang: self.retranslate())
        self.retranslate()

    def retranslate(self) -> None:
        self.setText(LANGUAGE_NAMES[self._i18n.other_language])


class ImageView(QWidget):
    """Paints one QImage scaled to fit, centred; empty (background only) when cleared.

    ``circular`` clips to a circle (the cup); ``mirror`` flips left-right (a camera view
    should act like a mirror or customers move the wrong way).
    """

    def __init__(self, *, circular: bool = False, mirror: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._image: QImage | None = None
        self._circular = circular
        self._mirror = mirror
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 160)

    @property
    def image(self) -> QImage | None:
        """The image shown now, or None."""
        return self._image

    def set_image(self, image: QImage | None) -> None:
        """Show ``image`` (None clears the view and drops the reference)."""
        self._image = image
        self.update()

    def image_rect(self) -> QRectF:
        """Where the image is drawn, in widget coordinates (the whole widget when empty)."""
        if self._image is None or self._image.isNull():
            side = min(self.width(), self.height())
            if self._circular:
                return QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)
            return QRectF(self.rect())
        iw, ih = self._image.width(), self._image.height()
        scale = min(self.width() / iw, self.height() / ih)
        w, h = iw * scale, ih * scale
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        target = self.image_rect()
        if self._circular:
            path = QPainterPath()
            path.addEllipse(target)
            painter.fillPath(path, QColor("#F4E9D8"))
            painter.setClipPath(path)
        if self._image is not None and not self._image.isNull():
            image = _flip_horizontal(self._image) if self._mirror else self._image
            painter.drawImage(target, image)
        painter.setClipping(False)
        if self._circular:
            painter.setPen(QPen(QColor(CINNAMON), 4))
            painter.drawEllipse(target.adjusted(2, 2, -2, -2))
        self.paint_overlay(painter, target)
        painter.end()

    def paint_overlay(self, painter: QPainter, target: QRectF) -> None:
        """Subclasses draw guides over the image here."""


class CameraView(ImageView):
    """The live camera, mirrored, with an oval showing where the face should go."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(mirror=True, parent=parent)
        self.setMinimumSize(320, 240)

    def paint_overlay(self, painter: QPainter, target: QRectF) -> None:
        # The oval sits where the imaging core's square crop around a face usually falls:
        # centred, a little above the middle, about half the frame high.
        h = target.height() * 0.72
        w = h * 0.78
        cx = target.center().x()
        cy = target.top() + target.height() * 0.46
        oval = QRectF(cx - w / 2, cy - h / 2, w, h)
        # Rect + ellipse with the odd-even rule dims outside the oval without a path boolean
        # (subtracted() cost ~10 ms per frame at 30 fps on the GUI thread).
        dim = QPainterPath()
        dim.setFillRule(Qt.FillRule.OddEvenFill)
        dim.addRect(target)
        dim.addEllipse(oval)
        painter.fillPath(dim, QColor(0, 0, 0, 90))
        pen = QPen(QColor("#FFFFFF"), 5, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawEllipse(oval)
