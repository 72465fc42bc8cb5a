"""Who is on the cup: a family photo offers "All of us" and each face to tap; a tap frames
that person; the face pictures go with the photo; the choice fits every kiosk screen."""

from __future__ import annotations

import sys
from pathlib import Path

import cv2
import numpy as np
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
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.ui.customer.base import translate
from kiosk.ui.customer.face_choice import FaceChoice
from kiosk.ui.i18n import LanguageManager
from kiosk.ui.theme import TOUCH_MIN_PX

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "imaging"))
from synthetic_faces import group

SCREENS = [(800, 480), (1024, 600), (1280, 800), (1920, 1080), (1080, 1920)]


def _settle() -> None:
    for _ in range(4):
        QApplication.processEvents()


@pytest.fixture()
def family_camera(tmp_path: Path) -> str:
    """A camera that sees three people posing (a picture file as the camera)."""
    photo, _ = group(3, seed=3, width=640, height=480, face_w=80)
    path = tmp_path / "family.png"
    cv2.imwrite(str(path), photo)
    return str(path)


def _pictures(n: int) -> list[QImage]:
    images = []
    for i in range(n):
        image = QImage(64, 64, QImage.Format.Format_RGB32)
        image.fill(0xFF000000 | (40 * i) << 8 | 0x80)
        images.append(image)
    return images


def test_a_family_chooses_all_of_us_or_just_one_face(qtbot, tmp_path, family_camera) -> None:
    rig = make_customer(qtbot, tmp_path, camera=family_camera)
    w = rig.window
    try:
        to_camera(qtbot, rig)
        shoot(qtbot, rig)
        choice = w.review.face_choice
        assert choice.isVisible() and len(choice.face_buttons) == 3
        assert choice.all_button.isVisible() and choice.all_button.isChecked()
        everyone = w.session.result
        assert len(everyone.framed) == 3
        save_screen(w, "review-faces-all")
        # The review with its face choice fits the window's sizes, in both languages.
        for size in ((1024, 700), (1280, 800), (1920, 1080)):
            for lang in ("en", "ko"):
                rig.context.i18n.set_language(lang)
                w.resize(*size)
                _settle()
                problems = fit_problems(w)
                if problems:
                    save_screen(w, f"fit-review-faces-{size[0]}x{size[1]}-{lang}")
                assert not problems, (size, lang, problems)
                assert all(min(b.width(), b.height()) >= TOUCH_MIN_PX
                           for b in choice.face_buttons)
        rig.context.i18n.set_language("en")
        w.resize(1280, 800)
        _settle()
        # "Just me": the tapped tile frames that face (tiles are mirrored, as the camera
        # screen showed the customer, so the first tile is the rightmost face).
        click(qtbot, choice.face_buttons[0])
        qtbot.waitUntil(lambda: w.session.result is not everyone, timeout=WAIT_MS)
        wait_review_ready(qtbot, rig)
        me = w.session.result
        rightmost = max(everyone.faces, key=lambda f: f.centre[0])
        assert me.framed == (rightmost,)
        assert me.crop_box.side < 0.6 * everyone.crop_box.side
        assert choice.face_buttons[0].isChecked() and not choice.all_button.isChecked()
        save_screen(w, "review-faces-one")
        # Darker keeps the choice (the faces are not looked for again).
        click(qtbot, w.review.darker_button)
        qtbot.waitUntil(lambda: w.session.result is not me, timeout=WAIT_MS)
        wait_review_ready(qtbot, rig)
        assert w.session.result.framed == (rightmost,)
        click(qtbot, choice.all_button)
        qtbot.waitUntil(lambda: len(w.session.result.framed) == 3, timeout=WAIT_MS)
        wait_review_ready(qtbot, rig)
        # Confirming drops the photo, and the face pictures with it.
        click(qtbot, w.review.confirm_button)
        qtbot.waitUntil(lambda: w.current_screen == "ticket", timeout=WAIT_MS)
        assert not choice.face_buttons and not w.holds_customer_images()
    finally:
        close_customer(rig)


def test_one_face_shows_no_choice(qtbot, tmp_path) -> None:
    rig = make_customer(qtbot, tmp_path)  # the demo camera: one customer
    try:
        to_camera(qtbot, rig)
        shoot(qtbot, rig)
        assert not rig.window.review.face_choice.isVisible()
    finally:
        close_customer(rig)


def test_a_crowd_offers_a_face_to_tap_but_not_all_of_us(qtbot) -> None:
    choice = FaceChoice()
    qtbot.addWidget(choice)
    choice.resize(600, 300)
    choice.set_faces(_pictures(5), [2])
    choice.show()
    assert not choice.all_button.isVisibleTo(choice)
    assert choice.face_buttons[2].isChecked()
    with qtbot.waitSignal(choice.pick_changed) as picked:
        choice.face_buttons[4].click()
    assert picked.args == [4] and choice.framed == {4}
    assert choice.caption.text() == translate("CustomerReview", "Tap the face to print.")


def test_tapping_the_framed_face_again_changes_nothing(qtbot) -> None:
    choice = FaceChoice()
    qtbot.addWidget(choice)
    choice.set_faces(_pictures(2), [0, 1])
    emitted: list[object] = []
    choice.pick_changed.connect(emitted.append)
    choice.all_button.click()
    assert emitted == [] and choice.all_button.isChecked()
    choice.face_buttons[1].click()
    choice.face_buttons[1].click()
    assert emitted == [1] and choice.face_buttons[1].isChecked()


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("size", SCREENS, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("faces", [3, 6])
def test_the_choice_fits_every_kiosk_screen(qtbot, size: tuple[int, int], lang: str,
                                            faces: int) -> None:
    """In a window of each kiosk size, laid out as a screen would give it space (beside
    the cup on landscape screens, under it in portrait): no text cut, nothing over
    anything, every face a finger can hit."""
    i18n = LanguageManager(lang)
    try:
        window = QWidget()
        qtbot.addWidget(window)
        landscape = size[0] > size[1]
        # Landscape: a column beside the cup (as the review screen does); portrait: a row
        # under it.
        choice = FaceChoice(orientation=Qt.Orientation.Vertical if landscape
                            else Qt.Orientation.Horizontal)
        cup = QWidget()
        cup.setMinimumSize(280, 280)
        outer = QVBoxLayout(window)
        if landscape:
            row = QHBoxLayout()
            row.addWidget(choice)
            row.addWidget(cup, 1)
            outer.addLayout(row, 1)
            outer.addWidget(choice.caption)
        else:
            outer.addWidget(cup, 1)
            outer.addWidget(choice)
        window.resize(*size)
        window.show()
        choice.set_faces(_pictures(faces), [0])
        choice.retranslate()
        _settle()
        problems = fit_problems(window)
        assert not problems, problems
        for b in choice.face_buttons:
            assert b.isVisible() and min(b.width(), b.height()) >= TOUCH_MIN_PX
            inside = b.geometry().translated(choice.pos())
            assert window.rect().contains(inside), f"face tile outside the window: {inside}"
            assert choice.rect().contains(b.geometry()), "face tile outside the choice"
        if faces <= 3:
            assert choice.all_button.isVisible()
            assert choice.all_button.height() >= TOUCH_MIN_PX - 20
        if lang == "ko":
            assert choice.all_button.text() != "All of us" or faces > 3
    finally:
        i18n.close()


def test_face_pictures_are_mirrored_and_ordered_as_the_customer_saw_them() -> None:
    from kiosk.imaging import detection
    from kiosk.ui.customer import services

    photo, _ = group(3, seed=3)
    faces = detection.detect_faces(photo)
    pictures = services.face_pictures(photo, faces)
    order = [index for index, _ in pictures]
    assert order == sorted(order, key=lambda i: -faces[i].centre[0])
    index, picture = pictures[0]
    assert picture.shape == (services.FACE_PICTURE_PX, services.FACE_PICTURE_PX, 3)
    # Mirrored: the picture's left edge comes from the face's right side.
    face = faces[index]
    x1 = min(photo.shape[1] - 1, round(face.centre[0] + 0.7 * face.w))
    right = cv2.cvtColor(photo[round(face.centre[1]):round(face.centre[1]) + 1, x1:x1 + 1],
                         cv2.COLOR_BGR2RGB)[0, 0].astype(int)
    assert np.abs(picture[services.FACE_PICTURE_PX // 2 + 13, 1].astype(int) - right).max() < 40
