"""The barista's window on a small counter screen (800x600), both languages: no text cut,
nothing sticking out (except cards below the fold of the scrolling queue), no button over
another. ``test_barista_screens.py`` checks the cards' widths; this checks every text."""

from __future__ import annotations

import pytest
from barista_support import close_rig, make_rig, save_screen
from fit_check import fit_problems
from PySide6.QtWidgets import QApplication, QPushButton


@pytest.fixture
def rig(qtbot, tmp_path):
    rig = make_rig(tmp_path)
    qtbot.addWidget(rig.window)
    rig.window.show()
    yield rig
    close_rig(rig)


def _settle() -> None:
    for _ in range(4):
        QApplication.processEvents()


@pytest.mark.parametrize("size", [(800, 600), (1024, 768)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_barista_window_fits(qtbot, rig, size):
    for seed in range(3):
        rig.add_order(seed=seed)
    w = rig.window
    problems: list[str] = []
    for page in ("queue", "pin"):
        for lang in ("en", "ko"):
            rig.context.i18n.set_language(lang)
            w.resize(*size)
            _settle()
            w.refresh()
            _settle()
            if page == "pin":
                w.open_pin()
                _settle()
            shown = [b for b in w.findChildren(QPushButton) if b.isVisible()]
            assert len(shown) >= 3, f"{page}: nothing to check"
            found = fit_problems(w)
            if found:
                save_screen(w, f"barista-fit-{page}-{size[0]}x{size[1]}-{lang}")
                problems.extend(f"{size} {page} {lang}: {p}" for p in found)
    assert not problems, "\n".join(problems)
