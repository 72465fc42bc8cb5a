"""Every customer screen, in both languages, at the sizes kiosks have: no text cut, nothing
sticking out, no buttons on top of each other (fonts stay at the theme's sizes)."""

from __future__ import annotations

import pytest
from customer_support import (
    WAIT_MS,
    click,
    close_customer,
    make_customer,
    save_screen,
    shoot,
    to_camera,
    wait_review_ready,
)
from fit_check import fit_problems
from PySide6.QtWidgets import QApplication

SIZES = [(1024, 700), (1024, 768), (1280, 800)]  # 1024x700: the window's own minimum


def _settle() -> None:
    # Wrapped labels and buttons take their height after the first layout pass.
    for _ in range(4):
        QApplication.processEvents()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_customer_screen_fits(qtbot, tmp_path, size):
    rig = make_customer(qtbot, tmp_path, lang="en")
    w, i18n = rig.window, rig.context.i18n
    problems: list[str] = []

    def check(state: str) -> None:
        for lang in ("en", "ko"):
            i18n.set_language(lang)
            w.resize(*size)
            _settle()
            assert (w.width(), w.height()) == size, f"{state}: the window grew to {w.size()}"
            found = fit_problems(w)
            if found:
                save_screen(w, f"fit-{size[0]}x{size[1]}-{state}-{lang}")
                problems.extend(f"{size} {state} {lang}: {p}" for p in found)
        i18n.set_language("en")

    try:
        qtbot.waitUntil(lambda: w.attract.cup.image is not None, timeout=WAIT_MS)
        check("attract")
        click(qtbot, w.attract.start_button)
        check("menu")
        click(qtbot, w.menu.drink_buttons[0][0])
        check("consent")
        click(qtbot, w.consent.no_button)
        qtbot.waitUntil(lambda: all(not b.icon().isNull()
                                    for b in w.designs.design_buttons.values()),
                        timeout=WAIT_MS)
        check("designs")
        click(qtbot, w.designs.design_buttons["leaf"])
        wait_review_ready(qtbot, rig)
        check("review-design")
        click(qtbot, w.review.back_button)
        w.reset()
        to_camera(qtbot, rig)
        check("camera")
        cam = w.camera_screen
        cam.set_camera_failed(True)
        check("camera-failed")
        cam.set_camera_failed(False)
        cam.set_can_shoot(False)
        check("camera-no-photos-left")
        cam.set_can_shoot(True)
        shoot(qtbot, rig)
        check("review-photo")
        w.idle_overlay.start()
        check("idle-warning")
        click(qtbot, w.idle_overlay.continue_button)
        click(qtbot, w.review.confirm_button)
        qtbot.waitUntil(lambda: w.current_screen == "ticket", timeout=WAIT_MS)
        check("ticket")
    finally:
        close_customer(rig)
    assert not problems, "\n".join(problems)
