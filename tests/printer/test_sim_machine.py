"""The simulated machine: motion time, powder, cup sensor, jams, and the cup it prints.

Everything here runs on simulated time passed in by hand: nothing waits.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from printer_driver.mask import Mask, circle_mask
from printer_driver.powders import CINNAMON, COCOA
from printer_driver.sim import FaultPlan, Machine, MotionConfig, PhysicsTruth
from printer_driver.sim.physics import CupPicture, TruthError, render_printed_cup


def _portrait_like(n: int = 254, seed: int = 3) -> np.ndarray:
    """A mask with both powders spread over the circle, like a dithered face."""
    rng = np.random.default_rng(seed)
    dots = rng.choice([0, CINNAMON, COCOA], size=(n, n), p=[0.5, 0.25, 0.25]).astype(np.uint8)
    dots[~circle_mask(n * 0.3, 0.3)] = 0
    return dots


def _run_to_end(m: Machine, start: float = 0.0, step: float = 0.5, limit: float = 120.0):
    t = start
    while t < limit:
        t += step
        rows, fault = m.advance(t)
        if fault or not m.busy():
            return rows, fault, t
    raise AssertionError("print did not end")


def test_a_full_portrait_takes_15_to_25_simulated_seconds() -> None:
    motion = MotionConfig()
    full = circle_mask(76.0, 0.3).astype(np.uint8) * COCOA
    assert 15.0 <= motion.print_seconds(full) <= 25.0
    assert 15.0 <= motion.print_seconds(_portrait_like()) <= 25.0
    # A blank job only steps through the rows; it does not sweep.
    assert motion.print_seconds(np.zeros((254, 254), np.uint8)) < 3.0


def test_rows_come_out_at_the_motion_models_pace() -> None:
    dots = _portrait_like()
    m = Machine()
    m.start(dots, now=10.0)
    total = m.estimate_seconds(dots)
    rows_half, _ = m.advance(10.0 + total / 2)
    assert 0.3 * 254 < rows_half < 0.7 * 254
    assert m.busy()
    rows, fault = m.advance(10.0 + total + 1e-6)
    assert (rows, fault) == (254, None)
    assert not m.busy()
    rec = m.records[-1]
    assert rec.result == "done"
    assert rec.ended_at == pytest.approx(10.0 + total)


def test_the_foam_gets_exactly_the_mask_once() -> None:
    dots = _portrait_like()
    m = Machine()
    m.start(dots, 0.0)
    _run_to_end(m, step=0.037)
    rec = m.records[-1]
    assert np.array_equal(rec.printed, dots)
    assert rec.row_prints.max() == 1 and rec.rows_done == 254


def test_reservoirs_empty_at_the_true_dose() -> None:
    truth = PhysicsTruth(mg_per_dot={"cinnamon": 0.1, "cocoa": 0.3})
    m = Machine(truth)
    dots = _portrait_like()
    before = m.powder_grams()
    m.start(dots, 0.0)
    _run_to_end(m)
    used = {k: before[k] - v for k, v in m.powder_grams().items()}
    assert used["cinnamon"] == pytest.approx(np.count_nonzero(dots == CINNAMON) * 0.1e-3)
    assert used["cocoa"] == pytest.approx(np.count_nonzero(dots == COCOA) * 0.3e-3)


def test_running_out_of_cocoa_stops_before_the_row_that_needs_it() -> None:
    dots = _portrait_like()
    need_g = np.count_nonzero(dots == COCOA) * 0.2e-3
    m = Machine()
    m.set_powder("cocoa", need_g / 2)  # enough for about half the picture
    m.start(dots, 0.0)
    rows, fault, _ = _run_to_end(m)
    assert fault == "cocoa_empty"
    assert 0.3 * 254 < rows < 0.7 * 254
    rec = m.records[-1]
    assert rec.result == "fault" and rec.faults == ["cocoa_empty"]
    # Every printed row is whole and exactly the job's; nothing below the stop.
    done = rec.row_prints == 1
    assert np.array_equal(rec.printed[done], dots[done])
    assert not rec.printed[~done].any()
    # The fault is still reported to a late poll, and the machine has stopped.
    assert m.advance(1000.0) == (rows, "cocoa_empty")
    assert not m.busy()


def test_refill_and_resume_finishes_the_print_without_reprinting_a_row() -> None:
    dots = _portrait_like()
    m = Machine()
    m.set_powder("cocoa", 1.0)
    m.start(dots, 0.0)
    _, fault, t = _run_to_end(m)
    assert fault == "cocoa_empty"
    m.refill("cocoa")
    m.resume(t)
    rows, fault, _ = _run_to_end(m, start=t)
    assert (rows, fault) == (254, None)
    rec = m.records[-1]
    assert rec.result == "done" and rec.row_prints.max() == 1
    assert np.array_equal(rec.printed, dots)


def test_lifting_the_cup_mid_print_is_a_cup_removed_fault() -> None:
    dots = _portrait_like()
    m = Machine()
    m.start(dots, 0.0)
    rows_before, _ = m.advance(8.0)
    m.remove_cup()
    rows, fault = m.advance(9.0)
    assert fault == "cup_removed"
    assert rows == rows_before  # not a single row more once the cup is gone
    assert not m.cup_present()
    m.place_cup()
    assert m.cup_present()


@pytest.mark.parametrize(
    ("plan", "fault"),
    [
        (FaultPlan(cup_removed=(0.5,)), "cup_removed"),
        (FaultPlan(jam=(0.5,)), "jam"),
        (FaultPlan(powder_empty=(("cinnamon", 0.5),)), "cinnamon_empty"),
    ],
)
def test_scheduled_machine_faults_fire_mid_print_once(plan: FaultPlan, fault: str) -> None:
    m = Machine()
    m.set_faults(plan)
    dots = _portrait_like()
    m.start(dots, 0.0)
    rows, got, t = _run_to_end(m, step=0.1)
    assert got == fault
    assert rows == 127  # the row at half the print never started
    # Clear the cause: the rest prints, and the plan does not fire again.
    m.place_cup()
    m.clear_jam()
    m.refill("cinnamon")
    m.resume(t)
    rows, got, _ = _run_to_end(m, start=t)
    assert (rows, got) == (254, None)
    m.start(dots, 100.0)
    assert _run_to_end(m, start=100.0, limit=200.0)[:2] == (254, None)


def test_pause_holds_the_head_and_resume_restarts_the_row_under_it() -> None:
    dots = _portrait_like()
    m = Machine()
    m.start(dots, 0.0)
    m.pause(5.0)
    rows, _ = m.advance(5.0)
    assert m.advance(500.0)[0] == rows and m.busy()
    m.resume(500.0)
    rows, fault, _ = _run_to_end(m, start=500.0, limit=600.0)
    assert (rows, fault) == (254, None)
    assert m.records[-1].row_prints.max() == 1


def test_abort_ends_the_print_and_reports_it() -> None:
    ended = []
    m = Machine(on_print_end=ended.append)
    m.start(_portrait_like(), 0.0)
    m.advance(6.0)
    m.abort(6.0)
    assert not m.busy()
    assert [r.result for r in ended] == ["aborted"]
    assert 0 < ended[0].rows_done < 254


def test_truth_parses_from_a_compact_string_and_rejects_nonsense() -> None:
    t = PhysicsTruth.parse("offset_x=0.4,rotation=1.5,mg_per_dot.cocoa=0.25,scale=1.01")
    assert (t.offset_x_mm, t.rotation_deg, t.mg_per_dot["cocoa"], t.scale) == (
        0.4, 1.5, 0.25, 1.01
    )
    with pytest.raises(TruthError, match="unknown setting 'wobble'"):
        PhysicsTruth.parse("wobble=3")
    with pytest.raises(TruthError, match="NAME=NUMBER"):
        PhysicsTruth.parse("scale=big")
    with pytest.raises(TruthError, match="scale"):
        PhysicsTruth(scale=9.0)


def _centroid(rgb: np.ndarray) -> tuple[float, float]:
    size = rgb.shape[0]
    yy, xx = np.mgrid[0:size, 0:size]
    on_foam = np.hypot(xx - size / 2, yy - size / 2) < size * 0.4  # not the dark counter
    dark = (rgb.astype(float).sum(axis=2) < 300) & on_foam
    ys, xs = np.nonzero(dark)
    return float(xs.mean()), float(ys.mean())


def test_the_cup_picture_shows_where_the_powder_really_landed() -> None:
    # A small cocoa disc at the centre of the grid; the head is really 3 mm off in x.
    n = 254
    dots = np.zeros((n, n), np.uint8)
    yy, xx = np.mgrid[0:n, 0:n]
    dots[(yy - n / 2 + 0.5) ** 2 + (xx - n / 2 + 0.5) ** 2 < 20**2] = COCOA
    straight = render_printed_cup(dots, PhysicsTruth(), size_px=512)
    shifted = render_printed_cup(dots, PhysicsTruth(offset_x_mm=3.0), size_px=512)
    cx0, cy0 = _centroid(straight.rgb)
    cx1, cy1 = _centroid(shifted.rgb)
    assert cx0 == pytest.approx(256, abs=1.0) and cy0 == pytest.approx(256, abs=1.0)
    assert (cx1 - cx0) / straight.px_per_mm == pytest.approx(3.0, abs=0.1)
    assert cy1 == pytest.approx(cy0, abs=1.0)
    # Same seed, same picture; dot gain darkens the printed area.
    again = render_printed_cup(dots, PhysicsTruth(), size_px=512)
    assert np.array_equal(straight.rgb, again.rgb)
    mask = Mask.from_levels(dots)
    assert mask.dot_counts()["cocoa"] > 0
    light = render_printed_cup(_portrait_like(), PhysicsTruth(dot_gain=0.6), size_px=256)
    heavy = render_printed_cup(_portrait_like(), PhysicsTruth(dot_gain=2.0), size_px=256)
    assert heavy.rgb[96:160, 96:160].mean() < light.rgb[96:160, 96:160].mean() - 10


@settings(max_examples=25, deadline=None)
@given(
    steps=st.lists(
        st.tuples(
            st.floats(0.001, 3.0),
            st.sampled_from(["advance", "pause", "resume", "cup_off", "cup_on", "jam", "unjam"]),
        ),
        min_size=1, max_size=60,
    )
)
def test_whatever_happens_no_row_is_printed_twice_or_wrong(steps) -> None:
    dots = _portrait_like(n=64)
    m = Machine(motion=MotionConfig(pitch_mm=0.3))
    m.start(dots, 0.0)
    t = 0.0
    for dt, action in steps:
        t += dt
        if action == "pause":
            m.pause(t)
        elif action == "resume":
            m.resume(t)
        elif action == "cup_off":
            m.remove_cup()
        elif action == "cup_on":
            m.place_cup()
        elif action == "jam":
            m.jam()
        elif action == "unjam":
            m.clear_jam()
        rows, _ = m.advance(t)
        rec = m.records[-1]
        assert rec.row_prints.max() <= 1
        assert rows == rec.rows_done
        # Rows land in order, each exactly as in the job; nothing beyond them.
        assert np.array_equal(rec.printed[:rows], dots[:rows])
        assert not rec.printed[rows:].any()


def test_a_photograph_of_the_cup_is_noisy_darker_at_the_corners_and_reproducible() -> None:
    from printer_driver.sim.physics import photograph

    picture = render_printed_cup(_portrait_like(), PhysicsTruth(), size_px=256)
    a = photograph(picture, seed=1)
    assert np.array_equal(a, photograph(picture, seed=1))
    assert not np.array_equal(a, photograph(picture, seed=2))
    assert abs(a[120:136, 120:136].astype(float).mean()
               - picture.rgb[120:136, 120:136].astype(float).mean()) < 6
    flat = CupPicture(np.full((256, 256, 3), 200, np.uint8), px_per_mm=1.0)
    shot = photograph(flat, noise=0.0, vignette=0.2, blur_px=0.0)
    assert shot[0, 0, 0] == 160 and shot[128, 128, 0] == 200


def test_the_motion_model_is_configurable_from_a_compact_string() -> None:
    slow = MotionConfig.parse("head_speed_mm_s=600,accel_mm_s2=10000")
    full = circle_mask(76.0, 0.3).astype(np.uint8) * COCOA
    assert slow.print_seconds(full) > MotionConfig().print_seconds(full) * 1.5
    with pytest.raises(ValueError, match="unknown setting 'warp'"):
        MotionConfig.parse("warp=9")
    with pytest.raises(ValueError, match="positive"):
        MotionConfig.parse("head_speed_mm_s=0")
