"""Tone keeps who people are: a darker face prints darker than a lighter one, by about the
same gap as in the photo, whether the faces stand side by side or each is alone."""

from __future__ import annotations

import numpy as np
import pytest
from skin_tone import SKINS, SkinFigures, measure

#: The print keeps at least this share of the photo's lightness gap between any two
#: neighbouring skins (0.10/0.20/0.35/0.60 linear), and at most 1/this share of it.
#: Before this rule the smallest share was 0.78 side by side and 0.28 alone.
KEPT = 0.8


@pytest.fixture(scope="module")
def figures() -> SkinFigures:
    return measure()


def test_skin_lightness_order_is_kept(figures: SkinFigures) -> None:
    for printed in (figures.side_by_side, figures.alone):
        assert list(printed) == sorted(printed), printed
        assert np.all(np.diff(printed) > 0.03), printed


@pytest.mark.parametrize("which", ["side", "alone"])
def test_the_gap_between_skins_is_kept(figures: SkinFigures, which: str) -> None:
    smallest, whole = figures.kept(which)
    assert smallest >= KEPT, f"{which}: a gap shrank to {smallest:.2f} of the photo's"
    assert KEPT <= whole <= 1 / KEPT, f"{which}: darkest-to-lightest span kept {whole:.2f}"


def test_a_face_prints_about_as_light_alone_as_beside_others(figures: SkinFigures) -> None:
    """No face is evened out towards the others when they stand together."""
    for alone, together, skin in zip(figures.alone, figures.side_by_side, SKINS, strict=True):
        assert abs(alone - together) < 0.12, f"skin {skin}: {alone:.2f} alone, {together:.2f}"


def test_the_check_sees_faces_evened_out() -> None:
    """The measure is not vacuous: a print that lifts every face to one lightness fails."""
    flat = SkinFigures(photo=(0.38, 0.52, 0.66, 0.82), side_by_side=(0.8, 0.82, 0.84, 0.86),
                       alone=(0.8, 0.8, 0.8, 0.8))
    assert flat.kept("side")[0] < KEPT and flat.kept("alone")[1] < KEPT
