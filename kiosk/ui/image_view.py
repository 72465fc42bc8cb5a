"""The picture views (the camera, the cup) and the painting of their frames off the GUI thread.

An :class:`ImageView` paints one ``QImage`` scaled to fit, centred, optionally in a circle
(the cup) or mirrored (the camera), with a guide over it (the camera's oval). For the live
views that painting happens 30 times a second each: on the GUI thread it took ~5 ms a frame
of Qt calls, every one of which gives up the GIL and waits to get it back from the render
and camera threads, so the thread was late by tens of ms under load. A producer thread
(the camera's, the live preview's) therefore paints the frame itself with the view's
:class:`ViewPainter` (``QPainter`` on a ``QImage`` is safe on any thread) and hands the view
a :class:`ViewFrame`; the view then draws that one picture, unscaled. A frame painted for
another size (the window was resized meanwhile) is painted again on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPaintEvent, QPen, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.ui.theme import CINNAMON

FOAM = "#F4E9D8"  # the empty cup


def _flip_horizontal(image: QImage) -> QImage:
    """Left-right mirror (``flipped`` in Qt >= 6.9, ``mirrored`` before)."""
    if hasattr(image, "flipped"):
        return image.flipped(Qt.Orientation.Horizontal)
    return image.mirrored(True, False)


def camera_guide(painter: QPainter, target: QRectF) -> None:
    """The camera's guide over ``target``: outside an oval dimmed, the oval dashed white."""
    # The oval sits where the imaging core's square crop around a face usually falls:
    # centred, a little above the middle, about half the frame high.
    h = target.height() * 0.72
    w = h * 0.78
    cx = target.center().x()
    cy = target.top() + target.height() * 0.46
    oval = QRectF(cx - w / 2, cy - h / 2, w, h)
    # Rect + ellipse with the odd-even rule dims outside the oval without a path boolean
    # (subtracted() cost ~10 ms per frame).
    dim = QPainterPath()
    dim.setFillRule(Qt.FillRule.OddEvenFill)
    dim.addRect(target)
    dim.addEllipse(oval)
    painter.fillPath(dim, QColor(0, 0, 0, 90))
    painter.setPen(QPen(QColor("#FFFFFF"), 5, Qt.PenStyle.DashLine))
    painter.drawEllipse(oval)


@dataclass(frozen=True)
class ViewFrame:
    """A picture and the view's whole frame already painted from it.

    Attributes:
        image: the picture itself (what :attr:`ImageView.image` returns).
        painted: the view's frame, ``ARGB32_Premultiplied``, of the view's size in device
            pixels (its device pixel ratio set), transparent where the view paints nothing.
    """

    image: QImage
    painted: QImage


class ViewPainter:
    """Paints what an :class:`ImageView` shows; :meth:`frame` may run on any thread.

    ``geometry`` is the view's ``(width, height, device pixel ratio)`` in logical px, set
    by the view on the GUI thread whenever it is resized (one tuple assignment: a producer
    thread reads the old geometry or the new one, never half of each)."""

    def __init__(self, *, circular: bool, mirror: bool,
                 guide: Callable[[QPainter, QRectF], None] | None) -> None:
        self.circular, self.mirror, self.guide = circular, mirror, guide
        self.geometry: tuple[int, int, float] = (0, 0, 1.0)

    def target(self, image: QImage | None, width: float, height: float) -> QRectF:
        """Where ``image`` is drawn in a ``width`` × ``height`` view (the whole view, or
        its centred square for a circle, when there is no image)."""
        if image is None or image.isNull():
            side = min(width, height)
            if self.circular:
                return QRectF((width - side) / 2, (height - side) / 2, side, side)
            return QRectF(0, 0, width, height)
        iw, ih = image.width(), image.height()
        scale = min(width / iw, height / ih)
        w, h = iw * scale, ih * scale
        return QRectF((width - w) / 2, (height - h) / 2, w, h)

    def paint(self, painter: QPainter, image: QImage | None, width: float,
              height: float) -> None:
        """Paint the view's content for ``image`` on ``painter`` (a view of that size)."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        target = self.target(image, width, height)
        if self.circular:
            path = QPainterPath()
            path.addEllipse(target)
            painter.fillPath(path, QColor(FOAM))
            painter.setClipPath(path)
        if image is not None and not image.isNull():
            painter.drawImage(target, _flip_horizontal(image) if self.mirror else image)
        painter.setClipping(False)
        if self.circular:
            painter.setPen(QPen(QColor(CINNAMON), 4))
            painter.drawEllipse(target.adjusted(2, 2, -2, -2))
        if self.guide is not None:
            self.guide(painter, target)

    def frame(self, image: QImage) -> QImage | ViewFrame:
        """The view's frame for ``image``, painted here (any thread); ``image`` itself
        while the view has no size yet."""
        width, height, ratio = self.geometry
        if width <= 0 or height <= 0:
            return image
        out = QImage(round(width * ratio), round(height * ratio),
                     QImage.Format.Format_ARGB32_Premultiplied)
        out.setDevicePixelRatio(ratio)
        out.fill(Qt.GlobalColor.transparent)
        painter = QPainter(out)
        self.paint(painter, image, width, height)
        painter.end()
        return ViewFrame(image, out)


class ImageView(QWidget):
    """Paints one QImage scaled to fit, centred; empty (background only) when cleared.

    ``circular`` clips to a circle (the cup); ``mirror`` flips left-right (a camera view
    should act like a mirror or customers move the wrong way). :meth:`set_image` also takes
    a :class:`ViewFrame` painted by :attr:`painter` on another thread.
    """

    def __init__(self, *, circular: bool = False, mirror: bool = False,
                 guide: Callable[[QPainter, QRectF], None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._image: QImage | None = None
        self._painted: QImage | None = None
        self.painter = ViewPainter(circular=circular, mirror=mirror, guide=guide)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 160)

    @property
    def image(self) -> QImage | None:
        """The image shown now, or None."""
        return self._image

    def set_image(self, image: QImage | ViewFrame | None) -> None:
        """Show ``image`` (None clears the view and drops the reference)."""
        if isinstance(image, ViewFrame):
            self._image, self._painted = image.image, image.painted
        else:
            self._image, self._painted = image, None
        self.update()

    def image_rect(self) -> QRectF:
        """Where the image is drawn, in widget coordinates (the whole widget when empty)."""
        return self.painter.target(self._image, self.width(), self.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.painter.geometry = (self.width(), self.height(), self.devicePixelRatioF())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painted = self._painted
        ratio = self.devicePixelRatioF()
        if (painted is not None and painted.devicePixelRatio() == ratio
                and painted.width() == round(self.width() * ratio)
                and painted.height() == round(self.height() * ratio)):
            painter.drawImage(0, 0, painted)  # painted for this size on another thread
        else:
            self.painter.paint(painter, self._image, self.width(), self.height())
        painter.end()


class CameraView(ImageView):
    """The live camera, mirrored, with an oval showing where the face should go."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(mirror=True, guide=camera_guide, parent=parent)
        self.setMinimumSize(320, 240)
