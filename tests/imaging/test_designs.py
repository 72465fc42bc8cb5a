"""Built-in no-photo designs: valid masks for any geometry and powder set."""

from __future__ import annotations

import numpy as np
import pytest

from kiosk.imaging import RenderSettings, designs
from kiosk.imaging.designs import DESIGNS, DesignError, render_design
from printer_driver.powders import PowderSet


@pytest.mark.parametrize("name", DESIGNS)
@pytest.mark.parametrize("powders", list(PowderSet))
def test_every_design_for_every_powder_set(name: str, powders: PowderSet) -> None:
    mask = render_design(name, RenderSettings(powders=powders))
    assert mask.powders == powders and mask.size == 254
    used = set(np.unique(mask.dots).tolist())
    assert used <= set(powders.codes) and len(used) >= 2
    assert not mask.dots[~mask.circle].any()
    inside = mask.dots[mask.circle]
    assert 0.02 < np.count_nonzero(inside) / inside.size < 0.6  # a design, not a blot


@pytest.mark.parametrize("name", ["heart", "leaf"])
def test_shapes_are_left_right_symmetric(name: str) -> None:
    dots = render_design(name).dots > 0
    left, right = dots[:, :127].sum(), dots[:, 127:].sum()
    assert abs(left - right) < 0.08 * (left + right)


def test_other_geometry() -> None:
    mask = render_design("heart", RenderSettings(diameter_mm=60, pitch_mm=0.4))
    assert mask.dots.shape == (150, 150) and mask.diameter_mm == 60


def test_text_design_draws_the_given_text() -> None:
    short = render_design("text", text="Hi")
    long = render_design("text", text="Have a lovely day")
    assert not np.array_equal(short.dots, long.dots)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"name": "unicorn"}, "unknown design"), ({"name": "text", "text": "   "}, "empty"),
     ({"name": "text", "text": "x" * 41}, "keep it to")],
)
def test_bad_design_requests(kwargs: dict, message: str) -> None:
    with pytest.raises(DesignError, match=message):
        render_design(**kwargs)


def test_korean_text_without_a_cjk_font_says_what_to_install(monkeypatch) -> None:
    monkeypatch.setattr(designs, "_find_cjk_font", lambda: None)
    with pytest.raises(DesignError, match="fonts-noto-cjk"):
        render_design("text", text="감사합니다")
    assert render_design("text", text="Thank you").dot_counts()["cocoa"] > 0


@pytest.mark.skipif(designs._find_cjk_font() is None, reason="no CJK font on this machine")
def test_korean_text_with_a_cjk_font() -> None:
    mask = render_design("text", text="감사합니다")
    assert mask.dot_counts()["cocoa"] > 500
