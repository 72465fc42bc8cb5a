"""What a calibration found, drawn: the photo with its findings, and the tone curves.

:class:`PhotoView` shows an RGB picture (the photo with the rim, fiducials and marks drawn
on it by :func:`calibration.overlay.draw_findings`) as large as its place allows, never
cropped. :class:`ToneCurvePlot` draws each powder's measured tone response: landed
lightness (L*) against nominal coverage, the points read from the photo and the fitted
monotone curve, in the powder's colour, with the factory's expectation for comparison
absent (the plot shows only what was measured).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping

import numpy as np
from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from calibration.profile import ToneResponse
from kiosk.ui.barista.style import (
    BAR_CINNAMON,
    BAR_COCOA,
    INK,
    MUTED_INK,
    PAPER,
)
from kiosk.ui.barista.words import powder_name
from kiosk.ui.i18n import Retranslatable
from kiosk.ui.widgets import WrapButton, rgb_to_qimage
from printer_driver.mask import Mask

translate = QCoreApplication.translate

_POWDER_COLOURS = {"cocoa": BAR_COCOA, "cinnamon": BAR_CINNAMON}
_L_MIN, _L_MAX = 0.0, 100.0


def touch_button(object_name: str = "") -> WrapButton:
    """A barista-styled button whose words wrap when its row is narrow (a small panel, the
    longer Korean words) instead of widening the window; never narrower than its longest
    word, never shorter than its lines."""
    button = WrapButton()
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    if object_name:
        button.setObjectName(object_name)
    policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    policy.setHeightForWidth(True)
    button.setSizePolicy(policy)
    return button


#: Foam, cinnamon and cocoa as a mask's picture shows them (RGB).
_MASK_PALETTE = np.array([[240, 230, 215], [176, 106, 58], [74, 42, 18]], np.uint8)


def mask_picture(mask: Mask) -> np.ndarray:
    """A chart as printed, ``(n, n, 3)`` uint8 RGB (the dose chart has no photo: the
    reservoirs measure it)."""
    levels = np.clip(mask.dots, 0, len(_MASK_PALETTE) - 1)
    return np.ascontiguousarray(_MASK_PALETTE[levels])


class PhotoView(QWidget):
    """An RGB picture scaled to fit (aspect kept, centred); an empty frame without one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._image: QImage | None = None
        self.setMinimumSize(160, 120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_picture(self, rgb: np.ndarray | None) -> None:
        """Show ``rgb`` (``(H, W, 3)`` uint8), or nothing."""
        self._image = None if rgb is None else rgb_to_qimage(rgb)
        self.update()

    @property
    def has_picture(self) -> bool:
        return self._image is not None

    def sizeHint(self) -> QSize:
        return QSize(400, 300)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(PAPER))
        if self._image is not None and not self._image.isNull():
            img = self._image.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
            x = (self.width() - img.width()) / 2
            y = (self.height() - img.height()) / 2
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(QRectF(x, y, img.width(), img.height()), self._image)
        painter.setPen(QPen(QColor(INK), 2))
        painter.drawRect(self.rect().adjusted(1, 1, -1, -1))
        painter.end()


class ToneCurvePlot(Retranslatable, QWidget):
    """Landed lightness (L*, 0 black … 100 white) against coverage (0 … 100 %) per powder:
    read points as dots, the fitted curve as a line, a legend of the powders' names."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tone: dict[str, ToneResponse] = {}
        self._axis_x = self._axis_y = ""
        self.setMinimumSize(200, 150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.retranslate()

    def set_tone(self, tone: Mapping[str, ToneResponse | None]) -> None:
        """Plot these powders' responses (None entries are left out)."""
        self._tone = {p: r for p, r in tone.items() if r is not None}
        self.update()

    @property
    def powders(self) -> tuple[str, ...]:
        """The powders plotted."""
        return tuple(self._tone)

    def sizeHint(self) -> QSize:
        return QSize(400, 300)

    def retranslate(self) -> None:
        self._axis_x = translate("BaristaCalibration", "coverage %")
        self._axis_y = translate("BaristaCalibration", "lightness L*")
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(PAPER))
        font = painter.font()
        # The page's own type size (the window's band), smaller on a small plot.
        font.setPointSizeF(max(8.0, min(font.pointSizeF(), self.height() / 22)))
        painter.setFont(font)
        fm = painter.fontMetrics()
        line = fm.height()
        names = [powder_name(p) for p in self._tone]
        legend_w = sum(fm.horizontalAdvance(n) + 32 for n in names)
        # The legend beside the axis name when both fit on one line, else under it.
        top_lines = 1 if fm.horizontalAdvance(self._axis_y) + legend_w + 80 < self.width() \
            else 2
        half_100 = fm.horizontalAdvance("100") // 2 + 4
        area = QRectF(self.rect()).adjusted(fm.horizontalAdvance("100") + 10,
                                            top_lines * line + 8, -half_100, -2 * line - 8)
        if area.width() < 20 or area.height() < 20:
            painter.end()
            return

        def at(coverage: float, lightness: float) -> QPointF:
            fx = max(0.0, min(1.0, coverage))
            fy = (max(_L_MIN, min(_L_MAX, lightness)) - _L_MIN) / (_L_MAX - _L_MIN)
            return QPointF(area.left() + fx * area.width(), area.bottom() - fy * area.height())

        grid = QPen(QColor("#BBBBBB"), 1)
        muted = QPen(QColor(MUTED_INK), 1)
        for step in (0, 25, 50, 75, 100):
            painter.setPen(grid)
            painter.drawLine(at(step / 100, _L_MIN), at(step / 100, _L_MAX))
            painter.drawLine(at(0, step), at(1, step))
            painter.setPen(muted)
            x = at(step / 100, _L_MIN)
            painter.drawText(QRectF(x.x() - 30, area.bottom() + 2, 60, line),
                             Qt.AlignmentFlag.AlignHCenter, str(step))
            y = at(0, step)
            painter.drawText(QRectF(0, y.y() - line / 2, area.left() - 6, line),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             str(step))
        painter.setPen(QPen(QColor(INK), 2))
        painter.drawRect(area)
        painter.drawText(QRectF(area.left(), area.bottom() + line + 2, area.width(), line),
                         Qt.AlignmentFlag.AlignHCenter, self._axis_x)
        painter.drawText(QRectF(area.left(), 0, area.width(), line + 6),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         self._axis_y)
        legend_x = area.right()
        legend_y = (top_lines - 1) * line
        for powder, response in self._tone.items():
            colour = QColor(_POWDER_COLOURS.get(powder, INK))
            steps = sorted(response.steps, key=lambda s: s.nominal)
            painter.setPen(QPen(colour, 3))
            points = [at(s.nominal, s.fitted) for s in steps]
            for a, b in itertools.pairwise(points):
                painter.drawLine(a, b)
            painter.setBrush(colour)
            for s in steps:
                if s.lightness is not None:
                    painter.drawEllipse(at(s.nominal, s.lightness), 4.0, 4.0)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            name = powder_name(powder)
            width = fm.horizontalAdvance(name) + 24
            legend_x -= width
            mid = legend_y + line / 2 + 4
            painter.drawLine(QPointF(legend_x, mid), QPointF(legend_x + 16, mid))
            painter.setPen(QPen(QColor(INK), 1))
            painter.drawText(QRectF(legend_x + 18, legend_y + 2, width, line + 4),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)
            legend_x -= 8
        painter.end()


__all__ = ["PhotoView", "ToneCurvePlot", "mask_picture", "touch_button"]
