"""The charts: what each prints, and that the ring says which chart and which machine."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from calibration import charts
from printer_driver.mask import Mask
from printer_driver.powders import PowderSet


def test_serial_codes_are_12_bit_and_tell_machines_apart() -> None:
    assert charts.serial_code(None) == 0
    assert charts.serial_code("  ") == 0
    codes = {charts.serial_code(f"PL2026-{i:04d}") for i in range(300)}
    assert all(1 <= c < 4096 for c in codes)
    assert len(codes) > 285  # a 12-bit hash: a handful of collisions in 300 at most
    assert charts.serial_code("PL-1") == charts.serial_code("PL-1")


@pytest.mark.parametrize("kind", ["geometry", "tone"])
def test_the_ring_carries_the_chart_kind_and_the_serial_code(kind: str) -> None:
    chart = charts.chart_for(kind, "PL2026-0007")
    grid = charts.Grid()
    slots = charts.ring_slots(grid)
    dots = chart.mask.dots
    present = [bool(dots[row, col]) for col, row, _, _ in slots]
    bits = []
    for first, second in charts.CODE_PAIRS:
        assert present[first] != present[second]  # exactly one disc per pair
        bits.append(int(present[first]))
    kind_value, code = charts.decode_bits(bits)
    assert charts.KIND_NAMES[kind_value] == kind
    assert code == charts.serial_code("PL2026-0007") == chart.code
    assert all(present[k] for k in charts.ANCHOR_SLOTS)


def test_anchor_chords_all_differ_so_two_anchors_fix_position_turn_and_mirror() -> None:
    grid = charts.Grid()
    slots = charts.ring_slots(grid)
    pts = [slots[k][2:] for k in charts.ANCHOR_SLOTS]
    chords = sorted(math.dist(a, b) for a, b in itertools.combinations(pts, 2))
    assert min(np.diff(chords)) > 1.0  # mm: tells pairs apart even at 5 % scale error


def test_geometry_chart_spreads_fiducials_over_the_print_and_stays_off_the_rim() -> None:
    chart = charts.geometry_chart("PL-1")
    xy = np.array([(f.x_mm, f.y_mm) for f in chart.fiducials])
    assert len(chart.fiducials) == 4 + 14 + 37
    assert np.hypot(*xy.T).max() + charts.LARGE_MM / 2 < 35.0  # 41 mm foam, 3 mm offset, 5 %
    assert chart.mask.powders is PowderSet.COCOA
    # Each fiducial's dots are centred on it (the measurement's reference points).
    grid = charts.Grid()
    for f in chart.fiducials[:6]:
        col, row = round(grid.index(f.x_mm)), round(grid.index(f.y_mm))
        r = 8
        block = chart.mask.dots[row - r:row + r + 1, col - r:col + r + 1] > 0
        ys, xs = np.nonzero(block)
        assert xs.mean() == pytest.approx(r) and ys.mean() == pytest.approx(r)


def test_tone_chart_has_twelve_steps_per_powder_read_clean() -> None:
    chart = charts.tone_chart("PL-1")
    grid = charts.Grid()
    for powder in ("cinnamon", "cocoa"):
        steps = sorted(p.nominal for p in chart.patches if p.powder == powder)
        assert steps == sorted(charts.TONE_STEPS) and len(steps) + 1 >= 11  # + the foam
    for patch in chart.patches:
        assert patch.coverage == pytest.approx(patch.nominal, abs=0.02)
        # Nothing else printed within 2 mm of the patch (clean foam for the white reference).
        half = patch.size_mm / 2 + 2.0
        c0, c1 = (round(grid.index(patch.x_mm + s * half)) for s in (-1, 1))
        r0, r1 = (round(grid.index(patch.y_mm + s * half)) for s in (-1, 1))
        around = chart.mask.dots[r0:r1 + 1, c0:c1 + 1].copy()
        inner = round(patch.size_mm / 2 / grid.pitch_mm)
        mid_r, mid_c = (r1 - r0) // 2, (c1 - c0) // 2
        around[mid_r - inner:mid_r + inner + 1, mid_c - inner:mid_c + inner + 1] = 0
        assert not around.any()


def test_dose_chart_counts_the_same_dots_whether_printed_alone_or_together() -> None:
    both = charts.dose_chart(PowderSet.BOTH)
    cocoa = charts.dose_chart(PowderSet.COCOA)
    assert both.dose_dots == both.mask.dot_counts()
    assert cocoa.dose_dots == {"cocoa": both.dose_dots["cocoa"]}
    assert cocoa.mask.dot_counts() == {"cinnamon": 0, "cocoa": both.dose_dots["cocoa"]}
    assert both.dose_dots["cocoa"] > 15_000  # a kitchen scale's 0.1 g is under 5 %


def test_charts_round_trip_as_mask_pngs() -> None:
    for kind in ("geometry", "tone", "dose"):
        chart = charts.chart_for(kind, "PL-1")
        assert Mask.from_png_bytes(chart.mask.to_png_bytes()) == chart.mask
    with pytest.raises(charts.ChartError):
        charts.chart_for("spiral")
    with pytest.raises(charts.ChartError):
        charts.geometry_chart(diameter_mm=50.0)
