"""What a customer cannot read or reach: text cut by its widget, widgets sticking out of
their parent or off the window, widgets lying on top of each other, and touch targets too
small or too close for a finger. Used by the customer walk (``test_customer_fit.py``) and
the barista's.

Sizes on a touch screen are judged in millimetres: :class:`TouchRule` turns the screen's
dots per inch into pixels (``QScreen.physicalDotsPerInch`` where the panel reports it, or
the kiosk's ``[screen] dpi`` setting).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QLabel,
    QLayout,
    QPushButton,
    QStyle,
    QStyleOptionButton,
    QWidget,
)

from kiosk.ui.widgets import WrapButton

SLACK_PX = 1  # rounding between font metrics and layout
MM_PER_INCH = 25.4


@dataclass(frozen=True)
class TouchRule:
    """The finger's rule at a screen's density: targets at least ``target_mm`` on each
    side, at least ``gap_mm`` apart, and never under ``floor_px`` (WCAG 2.5.5's 44 px)."""

    dpi: float
    target_mm: float = 15.0
    gap_mm: float = 3.0
    floor_px: int = 44

    def px(self, mm: float) -> float:
        """Millimetres as pixels at this density."""
        return mm * self.dpi / MM_PER_INCH

    def mm(self, px: float) -> float:
        """Pixels as millimetres at this density."""
        return px * MM_PER_INCH / self.dpi

    @property
    def target_px(self) -> int:
        """The smallest side a target may have, whole pixels (57 at 96 dpi)."""
        return max(self.floor_px, math.ceil(self.px(self.target_mm) - 1e-9))

    @property
    def gap_px(self) -> int:
        """The smallest gap between two targets, whole pixels (12 at 96 dpi)."""
        return math.ceil(self.px(self.gap_mm) - 1e-9)


def _in_window(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def _name(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, (QAbstractButton, QLabel)) else ""
    if not text and isinstance(widget, QAbstractButton):
        text = widget.accessibleName()
    return f"{type(widget).__name__} {text!r}"


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


def _chain(widget: QWidget, window: QWidget) -> list[QWidget]:
    """``widget`` and its ancestors up to (not including) ``window``, innermost first."""
    chain = []
    while widget is not None and widget is not window:
        chain.append(widget)
        widget = widget.parentWidget()
    return chain


def _floating(widget: QWidget) -> bool:
    """True for a child its parent's layout does not place: an overlay over the rest (the
    idle warning, "Opening soon", the too-small message)."""
    parent = widget.parentWidget()
    layout = parent.layout() if parent is not None else None
    return layout is not None and not _in_sublayout(layout, widget)


def _in_sublayout(layout: QLayout, widget: QWidget) -> bool:
    if layout.indexOf(widget) >= 0:
        return True
    return any(layout.itemAt(i).layout() is not None
               and _in_sublayout(layout.itemAt(i).layout(), widget)
               for i in range(layout.count()))


def _separate_layers(a: QWidget, b: QWidget, window: QWidget) -> bool:
    """True when one of ``a``, ``b`` lies on an overlay over the other: below their closest
    common ancestor, one of the two branches is a floating child (not in the layout).
    A customer cannot reach the page under an overlay while it shows."""
    chain_a, chain_b = _chain(a, window), _chain(b, window)
    common = set(chain_b)
    branch_a = next((i for i, w in enumerate(chain_a) if w in common), len(chain_a))
    ancestor = chain_a[branch_a] if branch_a < len(chain_a) else window
    index_b = chain_b.index(ancestor) if ancestor in chain_b else len(chain_b)
    top_a = chain_a[branch_a - 1] if branch_a > 0 else None
    top_b = chain_b[index_b - 1] if index_b > 0 else None
    return any(top is not None and _floating(top) for top in (top_a, top_b))


def _scrolled(widget: QWidget, window: QWidget) -> bool:
    """True when ``widget`` sits inside a scroll area's contents (it may be scrolled away)."""
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        area = parent.parentWidget()
        if isinstance(area, QAbstractScrollArea) and parent is area.viewport():
            return True
        parent = parent.parentWidget()
    return False


def _visible_rect(widget: QWidget, window: QWidget) -> QRect:
    """The part of ``widget`` a customer sees: clipped by every scroll area's viewport."""
    rect = _in_window(widget, window)
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        area = parent.parentWidget()
        if isinstance(area, QAbstractScrollArea) and parent is area.viewport():
            rect = rect.intersected(_in_window(parent, window))
        parent = parent.parentWidget()
    return rect


def _gap_px(a: QRect, b: QRect) -> float:
    """The distance between two rectangles that do not overlap (0 when they touch)."""
    dx = max(0, b.left() - (a.left() + a.width()), a.left() - (b.left() + b.width()))
    dy = max(0, b.top() - (a.top() + a.height()), a.top() - (b.top() + b.height()))
    return math.hypot(dx, dy)


def _related(a: QWidget, b: QWidget) -> bool:
    return a.isAncestorOf(b) or b.isAncestorOf(a)


def targets(window: QWidget) -> list[QAbstractButton]:
    """Every button a customer can see under ``window`` (what a finger aims at)."""
    return [b for b in window.findChildren(QAbstractButton) if b.isVisible()]


def fit_problems(window: QWidget, touch: TouchRule | None = None) -> list[str]:
    """Every visible button and label under ``window`` whose text is cut, that sticks out
    of a parent or the window (scrolled contents excepted), or that overlaps another button
    or label of the same layer; with ``touch``, also every button smaller than the rule's
    target and every two buttons closer than its gap."""
    problems: list[str] = []
    buttons = targets(window)
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
    shown = [*buttons, *labels]
    for a, b in combinations(shown, 2):
        if _related(a, b) or _separate_layers(a, b, window):
            continue  # an overlay over the page: the page is not reachable meanwhile
        ra, rb = _visible_rect(a, window), _visible_rect(b, window)
        if ra.isEmpty() or rb.isEmpty():
            continue
        if ra.intersects(rb):
            problems.append(f"{_name(a)} overlaps {_name(b)}")
    if touch is not None:
        problems.extend(touch_problems(window, touch))
    return problems


def touch_problems(window: QWidget, touch: TouchRule) -> list[str]:
    """Buttons under ``window`` smaller than ``touch.target_px`` on a side, and pairs of
    buttons (same layer) closer than ``touch.gap_px``. A button scrolled partly out of view
    is judged by its full size (a finger scrolls it in)."""
    problems: list[str] = []
    buttons = targets(window)
    for b in buttons:
        side = min(b.width(), b.height())
        if side < touch.target_px:
            problems.append(
                f"{_name(b)} is {b.width()}x{b.height()} px = {touch.mm(b.width()):.1f}x"
                f"{touch.mm(b.height()):.1f} mm, under {touch.target_mm:g} mm "
                f"({touch.target_px} px at {touch.dpi:g} dpi)")
    for a, b in combinations(buttons, 2):
        if _related(a, b) or _separate_layers(a, b, window):
            continue
        ra, rb = _in_window(a, window), _in_window(b, window)
        if _scrolled(a, window) != _scrolled(b, window) or ra.intersects(rb):
            continue  # overlaps are fit_problems'; a list scrolls apart from the rest
        gap = _gap_px(ra, rb)
        if gap < touch.gap_px - 0.5:
            problems.append(f"{_name(a)} and {_name(b)} are {gap:.0f} px = "
                            f"{touch.mm(gap):.1f} mm apart, under {touch.gap_mm:g} mm")
    return problems


def smallest_target(window: QWidget) -> tuple[int, str]:
    """The shortest side in pixels of any visible button, and that button's name."""
    found = [(min(b.width(), b.height()), _name(b)) for b in targets(window)]
    return min(found) if found else (0, "")


def reach_problems(window: QWidget, lowest_share: float) -> list[str]:
    """Buttons not entirely within the lower ``lowest_share`` of the window's height (the
    accessibility mode's reach rule: a wheelchair user's or a child's arm)."""
    top_allowed = window.height() * (1.0 - lowest_share)
    problems = []
    for b in targets(window):
        rect = _visible_rect(b, window)
        if rect.isEmpty():
            continue
        if rect.top() < top_allowed - SLACK_PX:
            problems.append(f"{_name(b)} starts {rect.top()} px from the top, above the lower "
                            f"{lowest_share:.0%} (from {top_allowed:.0f} px)")
    return problems


# --- walking a window through its screens at one size ------------------------------------

#: The screens cafés buy (docs/kiosk.md): landscape panels and monitors, portrait kiosks.
KIOSK_SIZES = [(800, 480), (1024, 600), (1280, 800), (1920, 1080), (1080, 1920), (768, 1366)]
WALK_DIR = Path(__file__).resolve().parents[2] / "test-artifacts" / "walk"


def settle() -> None:
    """Let layouts finish: wrapped labels and buttons take their height after their width
    is known, which asks for another layout pass (a few rounds after a language switch)."""
    for _ in range(10):
        QApplication.processEvents()


@dataclass
class SizeWalk:
    """One window at one size, checked at each state of a walk, in both languages and (when
    ``set_access`` is given) with the accessibility mode off and on. Problems are collected,
    not raised, so one run lists every fault at the size; :meth:`save` writes the figures.

    Args:
        window: the top-level widget walked (resized to ``size`` before every check).
        size: ``(width, height)`` px.
        set_language: switches the language in place (``LanguageManager.set_language``).
        rule: the touch rule at the density the window was built for.
        name: names the screenshots and the figures file.
        set_access: turns the accessibility mode on or off, or None (no such mode).
        reach: the lower share of the window controls must lie in, now (None: no rule).
        extra: the window's own checks (e.g. no message left over its screens).
    """

    window: QWidget
    size: tuple[int, int]
    set_language: Callable[[str], None]
    rule: TouchRule
    name: str
    set_access: Callable[[bool], None] | None = None
    reach: Callable[[], float | None] = lambda: None
    extra: Callable[[], list[str]] = list
    problems: list[str] = field(default_factory=list)
    smallest: tuple[int, str] = (1_000_000, "")
    checks: int = 0

    def check(self, state: str, languages: tuple[str, ...] = ("en", "ko")) -> None:
        """Check ``state`` as the window shows it now, in each language and mode."""
        modes = (False, True) if self.set_access is not None else (False,)
        for access in modes:
            if self.set_access is not None:
                self.set_access(access)
            for lang in languages:
                self.set_language(lang)
                self.window.resize(*self.size)
                settle()
                where = f"{self.size[0]}x{self.size[1]} {state} {lang}" + (
                    " accessible" if access else "")
                found = []
                if (self.window.width(), self.window.height()) != self.size:
                    found.append(f"the window grew to {self.window.width()}x"
                                 f"{self.window.height()}")
                found.extend(fit_problems(self.window, self.rule))
                found.extend(self.extra())
                share = self.reach()
                if share is not None:
                    found.extend(reach_problems(self.window, share))
                self.checks += 1
                self.smallest = min(self.smallest, smallest_target(self.window))
                if found:
                    shot = WALK_DIR / "faults" / (
                        f"{self.name}-{where.replace(' ', '-')}.png")
                    shot.parent.mkdir(parents=True, exist_ok=True)
                    self.window.grab().save(str(shot))
                    self.problems.extend(f"{where}: {p}" for p in found)
        if self.set_access is not None:
            self.set_access(False)
        self.set_language("en")

    def save(self, **extra: object) -> Path:
        """Write the figures to ``test-artifacts/walk/NAME-WxH.json``."""
        WALK_DIR.mkdir(parents=True, exist_ok=True)
        path = WALK_DIR / f"{self.name}-{self.size[0]}x{self.size[1]}.json"
        px, target = self.smallest
        path.write_text(json.dumps({
            "size": list(self.size), "checks": self.checks, "faults": len(self.problems),
            "smallest_target_px": px, "smallest_target_mm": round(self.rule.mm(px), 1),
            "smallest_target": target, "dpi": self.rule.dpi, **extra,
            "problems": self.problems}, indent=1, ensure_ascii=False), encoding="utf-8")
        return path
