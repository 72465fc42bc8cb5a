"""The charts a printer prints to be measured: geometry target, tone wedges, dose chart.

Every chart is an ordinary :class:`printer_driver.mask.Mask` on the printer's grid
(default 76 mm at 0.3 mm: 254 dots across). Positions are *nominal grid millimetres*:
dot ``(row, col)`` of an ``(n, n)`` grid sits at ``((col + 0.5 - n/2) * pitch,
(row + 0.5 - n/2) * pitch)``, x right, y towards the front (down in pictures), the grid's
centre at 0 (the convention of ``docs/simulator.md``).

**The ring** (on the geometry and tone charts): 32 slots on a 31 mm circle, every
fiducial a solid cocoa disc.

- Four slots (0, 3, 10, 19) hold *anchors*, 4.2 mm discs. Their chords are all of
  different lengths, so any two anchors found fix where the chart sits, which way it
  is turned (any angle) and whether the photo is mirrored.
- The other 28 slots form 14 *code pairs*; a pair prints exactly one 2.4 mm disc, the
  first slot for a 1 bit, the second for a 0. Bits 13-12 say the chart's kind
  (:data:`KINDS`), bits 11-0 a 12-bit code of the machine's serial number (0 = printed
  without one). A pair read as two discs or none is an unreadable chart, never a guess.

**Geometry chart**: the ring plus a square lattice of 2.4 mm discs every 7.5 mm out to
25 mm from the centre (37 discs): ~55 fiducials spread over the print, for a robust fit.
A 2.4 mm disc is 8 dots across (~50 dots): big enough to survive dot gain 2.2 and a
zoomed-out camera (10 px across), small enough to centre within a few hundredths of a mm.

**Tone chart**: the ring plus 24 patches, 12 steps per powder (nominal coverage 5 % ...
100 %; the 0 % step is the foam around them), in a fixed order that keeps neighbouring
steps apart (a highlight or a smudge then spoils scattered steps, not a run). Each patch
is **20 x 20 dots (6 mm)**, dithered flat with Floyd-Steinberg (the portrait style's
method), on a 9 mm pitch: powder spreads up to ~0.7 mm past a dot at dot gain 2.2 and error
diffusion needs ~3 dots to settle, so the central **12 x 12 dots (3.6 mm)** read clean
while staying >= 14 px across in the most zoomed-out photo accepted; the 3 mm foam gaps
leave a clean strip of foam for the local white reference.

**Dose chart**: a solid half-disc per powder (cinnamon left, cocoa right, 34 mm radius,
a 1.2 mm gap between): ~20,000 dots per powder, 2-8 g of powder at 0.1-0.4 mg a dot,
enough for a kitchen scale's 0.1 g to be 2-5 % and for reservoir readings to be exact.
A chart for one powder prints only that half, so the dot count is the same either way.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from printer_driver.mask import Mask, grid_size
from printer_driver.powders import CINNAMON, COCOA, PowderSet, default_tones

CHART_VERSION = 1
KINDS: dict[str, int] = {"geometry": 1, "tone": 2, "check": 3}
"""Chart kind -> the 2-bit value its ring carries (``check`` is the barista's test cup)."""
KIND_NAMES = {v: k for k, v in KINDS.items()}

RING_RADIUS_MM = 31.0
RING_SLOTS = 32
ANCHOR_SLOTS = (0, 3, 10, 19)
CODE_PAIRS: tuple[tuple[int, int], ...] = tuple(
    (a, a + 1) for a in (1, 4, 6, 8, 11, 13, 15, 17, 20, 22, 24, 26, 28, 30)
)
SMALL_MM = 2.4
LARGE_MM = 4.2
LATTICE_MM = 7.5
LATTICE_RADIUS_MM = 25.0
SERIAL_BITS = 12

TONE_STEPS = (0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
"""Nominal coverages printed per powder (the 0 step is the foam itself)."""
TONE_DITHER = "floyd-steinberg"
PATCH_DOTS = 20
PATCH_READ_MARGIN_DOTS = 4
PATCH_PITCH_MM = 9.0
_PATCH_CENTRES_MM = tuple(
    [(x, y) for y in (-13.5, -4.5, 4.5, 13.5) for x in (-13.5, -4.5, 4.5, 13.5)]
    + [(-22.5, -4.5), (-22.5, 4.5), (22.5, -4.5), (22.5, 4.5),
       (-4.5, -22.5), (4.5, -22.5), (-4.5, 22.5), (4.5, 22.5)]
)

DOSE_RADIUS_MM = 34.0
DOSE_GAP_MM = 1.2

POWDER_CODES = {"cinnamon": CINNAMON, "cocoa": COCOA}


class ChartError(ValueError):
    """A chart cannot be made for this grid (too small a print circle)."""


def serial_code(serial: str | None) -> int:
    """The 12-bit code a chart carries for ``serial`` (1..4095; 0 for no serial)."""
    if serial is None or not serial.strip():
        return 0
    digest = hashlib.sha256(serial.strip().encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % (2**SERIAL_BITS - 1) + 1


@dataclass(frozen=True)
class Fiducial:
    """A disc of cocoa the measurement looks for.

    Attributes:
        x_mm, y_mm: its centre (= the centroid of its dots), nominal grid mm.
        large: an anchor (4.2 mm) rather than a small disc (2.4 mm).
        role: ``"anchor"``, ``"code"`` or ``"lattice"``.
        slot: ring slot (0..31), or -1 off the ring.
    """

    x_mm: float
    y_mm: float
    large: bool
    role: str
    slot: int = -1


@dataclass(frozen=True)
class Patch:
    """One tone step.

    Attributes:
        powder: ``"cinnamon"`` or ``"cocoa"``.
        nominal: the coverage asked for (0..1).
        coverage: the share of dots printed inside the read window (what was really asked).
        x_mm, y_mm: the patch centre, nominal grid mm.
        read_half_mm: half the read window's side (the window is centred on the patch).
        size_mm: the patch's side.
    """

    powder: str
    nominal: float
    coverage: float
    x_mm: float
    y_mm: float
    read_half_mm: float
    size_mm: float


@dataclass(frozen=True, eq=False)
class Chart:
    """A chart: its mask and what the measurement needs to know about it.

    Attributes:
        kind: ``"geometry"``, ``"tone"``, ``"dose"`` or ``"check"``.
        name: kind and version, e.g. ``"geometry/1"`` (kept in a profile's provenance).
        mask: the dots to print.
        code: the serial code printed in the ring (0: none).
        fiducials: every fiducial printed.
        patches: the tone steps (tone chart only).
        dose_dots: dots per powder name (dose chart only; else empty).
    """

    kind: str
    name: str
    mask: Mask
    code: int
    fiducials: tuple[Fiducial, ...]
    patches: tuple[Patch, ...] = ()
    dose_dots: dict[str, int] | None = None


class Grid:
    """Nominal geometry of an ``(n, n)`` grid: dots <-> millimetres."""

    def __init__(self, diameter_mm: float = 76.0, pitch_mm: float = 0.3) -> None:
        self.diameter_mm = float(diameter_mm)
        self.pitch_mm = float(pitch_mm)
        self.n = grid_size(self.diameter_mm, self.pitch_mm)

    def mm(self, index: float) -> float:
        """Grid index (row or column, may be fractional) to nominal mm."""
        return (index + 0.5 - self.n / 2.0) * self.pitch_mm

    def index(self, mm: float) -> float:
        """Nominal mm to (fractional) grid index."""
        return mm / self.pitch_mm + self.n / 2.0 - 0.5

    def snap(self, x_mm: float, y_mm: float) -> tuple[int, int, float, float]:
        """The dot nearest ``(x, y)``: ``(col, row, x_mm, y_mm)``."""
        col, row = round(self.index(x_mm)), round(self.index(y_mm))
        return col, row, self.mm(col), self.mm(row)


def _disc(dots: np.ndarray, col: int, row: int, radius_dots: float, code: int) -> None:
    r = math.ceil(radius_dots)
    yy, xx = np.mgrid[-r : r + 1, -r : r + 1]
    inside = xx * xx + yy * yy <= radius_dots * radius_dots + 1e-9
    dots[row - r : row + r + 1, col - r : col + r + 1][inside] = code


def _check_room(grid: Grid, needed_mm: float, what: str) -> None:
    if grid.diameter_mm / 2.0 < needed_mm:
        raise ChartError(
            f"a {what} chart needs a print circle of at least {2 * needed_mm:g} mm; "
            f"this grid is {grid.diameter_mm:g} mm"
        )


def ring_slots(grid: Grid) -> list[tuple[int, int, float, float]]:
    """The 32 ring slots as ``(col, row, x_mm, y_mm)``, snapped to dots, slot order."""
    out = []
    for k in range(RING_SLOTS):
        a = 2 * math.pi * k / RING_SLOTS
        out.append(grid.snap(RING_RADIUS_MM * math.cos(a), RING_RADIUS_MM * math.sin(a)))
    return out


def ring_bits(kind: str, code: int) -> list[int]:
    """The 14 bits a ring carries, code pair 0 first (kind in the two high bits)."""
    value = (KINDS[kind] << SERIAL_BITS) | (code & (2**SERIAL_BITS - 1))
    return [(value >> (len(CODE_PAIRS) - 1 - i)) & 1 for i in range(len(CODE_PAIRS))]


def decode_bits(bits: list[int]) -> tuple[int, int]:
    """``(kind value, serial code)`` from 14 bits read off a ring."""
    value = 0
    for b in bits:
        value = (value << 1) | (b & 1)
    return value >> SERIAL_BITS, value & (2**SERIAL_BITS - 1)


def lattice_points(grid: Grid) -> list[tuple[int, int, float, float]]:
    """The geometry chart's inner lattice as ``(col, row, x_mm, y_mm)``."""
    m = int(LATTICE_RADIUS_MM // LATTICE_MM)
    out = []
    for j in range(-m, m + 1):
        for i in range(-m, m + 1):
            if math.hypot(i, j) * LATTICE_MM <= LATTICE_RADIUS_MM + 1e-9:
                out.append(grid.snap(i * LATTICE_MM, j * LATTICE_MM))
    return out


def _ring(dots: np.ndarray, grid: Grid, kind: str, code: int) -> list[Fiducial]:
    slots = ring_slots(grid)
    fids: list[Fiducial] = []
    for k in ANCHOR_SLOTS:
        col, row, x, y = slots[k]
        _disc(dots, col, row, LARGE_MM / 2 / grid.pitch_mm, COCOA)
        fids.append(Fiducial(x, y, True, "anchor", k))
    for bit, (first, second) in zip(ring_bits(kind, code), CODE_PAIRS, strict=True):
        k = first if bit else second
        col, row, x, y = slots[k]
        _disc(dots, col, row, SMALL_MM / 2 / grid.pitch_mm, COCOA)
        fids.append(Fiducial(x, y, False, "code", k))
    return fids


@lru_cache(maxsize=8)
def geometry_chart(serial: str | None = None, *, diameter_mm: float = 76.0,
                   pitch_mm: float = 0.3) -> Chart:
    """The geometry target for the machine ``serial`` (see the module docstring)."""
    grid = Grid(diameter_mm, pitch_mm)
    _check_room(grid, RING_RADIUS_MM + LARGE_MM, "geometry")
    code = serial_code(serial)
    dots = np.zeros((grid.n, grid.n), np.uint8)
    fids = _ring(dots, grid, "geometry", code)
    for col, row, x, y in lattice_points(grid):
        _disc(dots, col, row, SMALL_MM / 2 / grid.pitch_mm, COCOA)
        fids.append(Fiducial(x, y, False, "lattice"))
    mask = Mask.from_levels(dots, diameter_mm=grid.diameter_mm, pitch_mm=grid.pitch_mm,
                            powders=PowderSet.COCOA)
    return Chart("geometry", f"geometry/{CHART_VERSION}", mask, code, tuple(fids))


def _patch_dots(coverage: float, powder: str) -> np.ndarray:
    """A flat ``PATCH_DOTS`` square of one powder at ``coverage``, dithered (0/1)."""
    from kiosk.imaging.dither import dither

    tones = default_tones()
    foam, ink = tones[0].reflectance, tones[POWDER_CODES[powder]].reflectance
    feed = np.full((PATCH_DOTS, PATCH_DOTS), foam - coverage * (foam - ink), np.float32)
    return np.asarray(dither(feed, (foam, ink), method=TONE_DITHER), np.uint8)


def tone_layout() -> list[tuple[str, float, float, float]]:
    """``(powder, nominal coverage, x_mm, y_mm)`` per patch position, in print order."""
    centres = sorted(_PATCH_CENTRES_MM, key=lambda p: math.atan2(p[1], p[0]))
    out = []
    for k, (x, y) in enumerate(centres):
        powder = ("cinnamon", "cocoa")[k % 2]
        step = TONE_STEPS[(k // 2 * 5) % len(TONE_STEPS)]  # 5 is prime to 12: a permutation
        out.append((powder, step, x, y))
    return out


@lru_cache(maxsize=8)
def tone_chart(serial: str | None = None, *, diameter_mm: float = 76.0,
               pitch_mm: float = 0.3) -> Chart:
    """The tone wedges of both powders for the machine ``serial``."""
    grid = Grid(diameter_mm, pitch_mm)
    _check_room(grid, RING_RADIUS_MM + LARGE_MM, "tone")
    if abs(pitch_mm - 0.3) > 0.05:
        raise ChartError(f"the tone chart is laid out for a 0.3 mm pitch, not {pitch_mm:g}")
    code = serial_code(serial)
    dots = np.zeros((grid.n, grid.n), np.uint8)
    fids = _ring(dots, grid, "tone", code)
    patches = []
    m = PATCH_READ_MARGIN_DOTS
    for powder, step, x, y in tone_layout():
        c0 = round(grid.index(x) - (PATCH_DOTS - 1) / 2)
        r0 = round(grid.index(y) - (PATCH_DOTS - 1) / 2)
        block = _patch_dots(step, powder)
        dots[r0 : r0 + PATCH_DOTS, c0 : c0 + PATCH_DOTS] = block * POWDER_CODES[powder]
        read = block[m : PATCH_DOTS - m, m : PATCH_DOTS - m]
        cx = grid.mm(c0 + (PATCH_DOTS - 1) / 2)
        cy = grid.mm(r0 + (PATCH_DOTS - 1) / 2)
        patches.append(Patch(powder, step, float(read.mean()), cx, cy,
                             (PATCH_DOTS - 2 * m) * pitch_mm / 2, PATCH_DOTS * pitch_mm))
    mask = Mask.from_levels(dots, diameter_mm=grid.diameter_mm, pitch_mm=grid.pitch_mm,
                            powders=PowderSet.BOTH)
    return Chart("tone", f"tone/{CHART_VERSION}", mask, code, tuple(fids), tuple(patches))


def dose_halves(grid: Grid) -> dict[str, np.ndarray]:
    """Boolean ``(n, n)`` per powder: where the dose chart puts it."""
    pos = np.array([grid.mm(i) for i in range(grid.n)])
    xx, yy = np.meshgrid(pos, pos)
    disc = xx * xx + yy * yy <= DOSE_RADIUS_MM**2
    return {"cinnamon": disc & (xx < -DOSE_GAP_MM / 2), "cocoa": disc & (xx > DOSE_GAP_MM / 2)}


@lru_cache(maxsize=8)
def dose_chart(powders: PowderSet = PowderSet.BOTH, *, diameter_mm: float = 76.0,
               pitch_mm: float = 0.3) -> Chart:
    """The dose chart: solid half-discs of ``powders`` (weigh one powder at a time)."""
    grid = Grid(diameter_mm, pitch_mm)
    _check_room(grid, DOSE_RADIUS_MM, "dose")
    powders = PowderSet(powders)
    dots = np.zeros((grid.n, grid.n), np.uint8)
    counts = {}
    for powder, where in dose_halves(grid).items():
        counts[powder] = int(where.sum())
        if powder in powders.powders:
            dots[where] = POWDER_CODES[powder]
    mask = Mask.from_levels(dots, diameter_mm=grid.diameter_mm, pitch_mm=grid.pitch_mm,
                            powders=powders)
    printed = {p: counts[p] for p in powders.powders}
    return Chart("dose", f"dose/{CHART_VERSION}", mask, 0, (), (), printed)


def chart_kind(mask: Mask) -> str | None:
    """Which calibration chart ``mask`` is (``geometry``, ``tone``, ``check``, ``dose``),
    None for anything else. A chart must go out raw wherever it is printed (it measures the
    head itself; through a profile it would measure the correction): the print path asks
    this. Judged from the dots: the ring's four anchors solid cocoa with every code pair
    holding exactly one disc and a known kind, or the dose chart's solid halves alone."""
    try:
        grid = Grid(mask.diameter_mm, mask.pitch_mm)
    except Exception:  # any grid a chart cannot be on
        return None
    dots = mask.dots
    if dots.shape != (grid.n, grid.n) or grid.diameter_mm / 2.0 < RING_RADIUS_MM + LARGE_MM:
        return None
    halves = dose_halves(grid)
    inked = dots != 0
    if not (inked & ~(halves["cinnamon"] | halves["cocoa"])).any():
        full = [bool((dots[w] == POWDER_CODES[p]).all()) for p, w in halves.items()]
        empty = [not inked[w].any() for w in halves.values()]
        if any(full) and all(f or e for f, e in zip(full, empty, strict=True)):
            return "dose"
    slots = ring_slots(grid)
    for k in ANCHOR_SLOTS:
        col, row, _, _ = slots[k]
        anchor = np.zeros_like(inked)
        _disc(anchor.view(np.uint8), col, row, LARGE_MM / 2 / grid.pitch_mm, 1)
        if not (dots[anchor] == COCOA).all():
            return None
    bits = []
    for first, second in CODE_PAIRS:
        a, b = (dots[slots[k][1], slots[k][0]] == COCOA for k in (first, second))
        if a == b:
            return None
        bits.append(int(a))
    return KIND_NAMES.get(decode_bits(bits)[0])


def chart_for(kind: str, serial: str | None = None, *,
              powders: PowderSet = PowderSet.BOTH) -> Chart:
    """The chart of ``kind`` (``geometry``, ``tone`` or ``dose``) on the default grid."""
    if kind == "geometry":
        return geometry_chart(serial)
    if kind == "tone":
        return tone_chart(serial)
    if kind == "dose":
        return dose_chart(powders)
    raise ChartError(f"no chart called {kind!r}; use geometry, tone or dose")
