"""What a customer cannot read: text cut by its widget, widgets sticking out of their parent,
and buttons lying on top of each other. Used by ``test_customer_fit.py`` and the barista's.
"""

from __future__ import annotations

from itertools import combinations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QLabel,
    QPushButton,
    QStyle,
    QStyleOptionButton,
    QWidget,
)

from kiosk.ui.widgets import WrapButton

SLACK_PX = 1  # rounding between font metrics and layout


def _in_window(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def _name(widget: QWidget) -> str:
    return f"{type(widget).__name__} {widget.text()!r}"


def _button_text_problem(b: QAbstractButton) -> str | None:
    text = b.text()
    fm = QFontMetrics(b.font())
    if isinstance(b, WrapButton):
        lines = b.display_lines()
        area = b.text_rect()
        if " ".join(lines).split() != text.split():
            return f"{_name(b)} paints {lines!r}: words lost"
        widest = max((fm.horizontalAdvance(line) for line in lines), default=0)
        if widest > area.width() + SLACK_PX:
            return f"{_name(b)}: a line needs {widest} px, has {area.width()}"
        needed = len(lines) * fm.height()
        if needed > area.height() + SLACK_PX:
            return f"{_name(b)}: {len(lines)} lines need {needed} px high, has {area.height()}"
        return None
    if isinstance(b, QPushButton):
        opt = QStyleOptionButton()
        b.initStyleOption(opt)
        area = b.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, opt, b)
    else:
        area = b.contentsRect()
    if not b.icon().isNull():
        area.setWidth(area.width() - b.iconSize().width() - 4)
    needed = fm.boundingRect(QRect(0, 0, 100_000, 100_000), 0, text)
    if needed.width() > area.width() + SLACK_PX or needed.height() > area.height() + SLACK_PX:
        return (f"{_name(b)}: needs {needed.width()}x{needed.height()} px, "
                f"has {area.width()}x{area.height()}")
    return None


def _label_text_problem(lab: QLabel) -> str | None:
    fm = QFontMetrics(lab.font())
    area = lab.contentsRect()
    m = lab.margin()
    area = area.adjusted(m, m, -m, -m)
    if lab.textFormat() == Qt.TextFormat.RichText or lab.text().lstrip().startswith("<"):
        return None  # none on the customer screens; QTextDocument would be the measure
    flags = int(Qt.TextFlag.TextWordWrap) if lab.wordWrap() else 0
    width = area.width() if lab.wordWrap() else 100_000
    needed = fm.boundingRect(QRect(0, 0, width, 100_000), flags, lab.text())
    if needed.width() > area.width() + SLACK_PX or needed.height() > area.height() + SLACK_PX:
        return (f"{_name(lab)}: needs {needed.width()}x{needed.height()} px, "
                f"has {area.width()}x{area.height()}")
    return None


def _layer(widget: QWidget, window: QWidget) -> QWidget:
    """The window's direct child holding ``widget`` (a page, the top bar, an overlay)."""
    while widget.parentWidget() is not None and widget.parentWidget() is not window:
        widget = widget.parentWidget()
    return widget


def fit_problems(window: QWidget) -> list[str]:
    """Every visible button and label under ``window`` whose text is cut, that sticks out
    of a parent (scrolled contents excepted), or (buttons) that overlaps another button of
    the same layer."""
    problems: list[str] = []
    buttons = [b for b in window.findChildren(QAbstractButton) if b.isVisible()]
    labels = [lab for lab in window.findChildren(QLabel)
              if lab.isVisible() and lab.text().strip()]
    for widget in [*buttons, *labels]:
        rect = _in_window(widget, window)
        parent = widget.parentWidget()
        while parent is not None:
            area = parent.parentWidget()
            if isinstance(area, QAbstractScrollArea) and parent is area.viewport():
                break  # a scroll area's contents run past its viewport on purpose
            outer = window.rect() if parent is window else _in_window(parent, window)
            if not outer.contains(rect):
                problems.append(f"{_name(widget)} at {rect.getRect()} sticks out of "
                                f"{type(parent).__name__} at {outer.getRect()}")
                break
            if parent is window:
                break
            parent = parent.parentWidget()
        if widget.text().strip():
            check = _button_text_problem if isinstance(widget, QAbstractButton) \
                else _label_text_problem
            problem = check(widget)
            if problem:
                problems.append(problem)
    for a, b in combinations(buttons, 2):
        if _layer(a, window) is not _layer(b, window):
            continue  # an overlay over the page: the page is not reachable meanwhile
        if _in_window(a, window).intersects(_in_window(b, window)):
            problems.append(f"{_name(a)} overlaps {_name(b)}")
    return problems
