"""Regression: PySide6 6.12 on Python 3.11 lost a reference to None/True on every void
call and Signal.emit, aborting a long-running kiosk with "deallocating None".

A kiosk calls setText/emit millions of times over weeks; the count of None and True must
not fall while it does.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel


class _Emitter(QObject):
    fired = Signal(int)


def test_qt_calls_keep_none_and_true_alive(qtbot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    emitter = _Emitter()
    received: list[int] = []
    emitter.fired.connect(received.append)
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for i in range(2000):
        label.setText(str(i % 7))
        emitter.fired.emit(i)
    assert len(received) == 2000
    # Other code may take a few references meanwhile; a leak here is one per call.
    assert sys.getrefcount(None) > none_before - 500
    assert sys.getrefcount(True) > true_before - 500


def test_a_button_whose_painting_fails_leaves_no_painter_active(qtbot, monkeypatch):
    """A painter kept alive past its paint event (by a traceback or a profiler holding
    the frame) makes Qt abort on the next paint: the button ends its painter itself."""
    from kiosk.ui.widgets import button

    widget = button("primary")
    widget.setText("Print")
    widget.resize(240, 90)
    qtbot.addWidget(widget)
    kept = []

    def broken(painter):
        kept.append(painter)  # what a traceback or a sampler does to the frame
        raise RuntimeError("a bug while painting")

    monkeypatch.setattr(widget, "_paint", broken)
    with pytest.raises(RuntimeError, match="a bug while painting"):
        widget.grab()
    assert kept and not kept[0].isActive()
    monkeypatch.undo()
    assert not widget.grab().isNull()  # and the next paint works
