"""Which layout the customer's screens take: one per size band and orientation, chosen from
the window's size (at start and on every resize), and the screen's density for touch sizes.

The screens cafés buy (``docs/kiosk.md``), each the design point of one band:

============== =========== ==================================================================
band           designed at  used for (window size, after the desktop's panels)
============== =========== ==================================================================
landscape-s    800×480      landscape, shorter than 560 px or narrower than 1000 px
landscape-m    1024×600     landscape up to 780 px high or 1200 px wide (1024×768, 1280×720)
landscape-l    1280×800     landscape up to 1000 px high or 1600 px wide (1440×900, 1600×900)
landscape-xl   1920×1080    larger landscape windows
portrait-m     768×1366     portrait (height > 1.2 × width), narrower than 960 px
portrait-l     1080×1920    wider portrait windows
============== =========== ==================================================================

Below :data:`MIN_LANDSCAPE` (a portrait window: below :data:`MIN_PORTRAIT`, unless it also
fits a landscape band) no band fits: :func:`choose_band` returns None and the kiosk says so
instead of cutting the screen. Sizes here are Qt's device-independent pixels.

Touch targets are measured in millimetres: :class:`Density` turns the screen's dots per inch
(``QScreen.physicalDotsPerInch``, which comes from the panel's EDID) into pixels; the
``[screen] dpi`` setting replaces it for panels that report nonsense.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

MM_PER_INCH = 25.4
TOUCH_MM = 15.0  # the customer screen's smallest target (docs: domain's kiosk conventions)
GAP_MM = 3.0  # ... and the smallest gap between two targets
WCAG_FLOOR_PX = 44  # WCAG 2.5.5: never below this, whatever the density says
DEFAULT_DPI = 96.0  # when the screen reports nothing usable
SANE_DPI = (50.0, 400.0)  # a reported density outside this is an EDID's mistake

MIN_LANDSCAPE = (800, 480)
MIN_PORTRAIT = (720, 1200)
PORTRAIT_RATIO = 1.2  # taller than this × the width: the portrait layouts

ACCESS_TEXT = 1.5  # the accessibility mode's text, × the band's
ACCESS_REACH = 0.6  # ... and its controls: all within this lower share of the window


@dataclass(frozen=True)
class Band:
    """One layout class: its name, orientation, design size, text scale (× the theme's
    1280×800 sizes) and its touch sizes at 96 dpi (a denser screen raises them, up to
    ``touch_max_px``; see :meth:`Density.touch_px`).

    Attributes:
        name: ``"landscape-s"`` … ``"portrait-l"``.
        portrait: the portrait arrangement (pictures above, controls below).
        design: the screen size the band is drawn for, ``(width, height)`` px.
        text: font sizes × this.
        touch_px: a button's smallest side at 96 dpi (≥ 15 mm there: 57 px).
        touch_max_px: the most the band's layouts have room for on a dense screen.
        gap_px: the gap between buttons (≥ 3 mm at 96 dpi: 12 px).
        margin_px: a screen's outer margin.
        picture: pictures' sizes (cups, drink pictures) × this.
        reach: in the accessibility mode, every control within this lower share of the
            window (a floor kiosk: on a 32" portrait screen with its foot at 0.8 m, the
            lower 60 % ends at 1.23 m); None: the whole screen is within reach (a panel up
            to 1280×800, 7-13", 9-21 cm tall), and the mode's page scrolls instead.
    """

    name: str
    portrait: bool
    design: tuple[int, int]
    text: float
    touch_px: int
    touch_max_px: int
    gap_px: int
    margin_px: int
    picture: float
    reach: float | None = ACCESS_REACH

    @property
    def compact(self) -> bool:
        """The small landscape bands: fewer words beside pictures, tighter margins."""
        return not self.portrait and self.design[1] <= 600


BANDS: dict[str, Band] = {b.name: b for b in (
    Band("landscape-s", False, (800, 480), 0.7, 58, 64, 12, 12, 0.55, reach=None),
    Band("landscape-m", False, (1024, 600), 0.8, 60, 72, 12, 20, 0.7, reach=None),
    Band("landscape-l", False, (1280, 800), 1.0, 72, 88, 16, 32, 1.0, reach=None),
    Band("landscape-xl", False, (1920, 1080), 1.25, 88, 112, 20, 48, 1.35),
    Band("portrait-m", True, (768, 1366), 1.0, 80, 96, 16, 28, 1.0),
    Band("portrait-l", True, (1080, 1920), 1.35, 104, 128, 24, 40, 1.4),
)}


def is_portrait(width: int, height: int) -> bool:
    """True for a window clearly taller than wide (a near-square one is landscape)."""
    return height > PORTRAIT_RATIO * width


def choose_band(width: int, height: int) -> Band | None:
    """The layout band for a window of ``width`` × ``height`` px, or None below the minimum
    (:data:`MIN_LANDSCAPE`; portrait :data:`MIN_PORTRAIT`)."""
    if is_portrait(width, height) and width >= MIN_PORTRAIT[0] and height >= MIN_PORTRAIT[1]:
        return BANDS["portrait-l" if width >= 960 else "portrait-m"]
    if width < MIN_LANDSCAPE[0] or height < MIN_LANDSCAPE[1]:
        return None
    if height < 560 or width < 1000:
        return BANDS["landscape-s"]
    if height < 780 or width < 1200:
        return BANDS["landscape-m"]
    if height < 1000 or width < 1600:
        return BANDS["landscape-l"]
    return BANDS["landscape-xl"]


def minimum_text() -> str:
    """The stated minimum in words (for logs and the CLI): ``800×480 … 720×1200 …``."""
    return (f"{MIN_LANDSCAPE[0]}×{MIN_LANDSCAPE[1]} (landscape) or "
            f"{MIN_PORTRAIT[0]}×{MIN_PORTRAIT[1]} (portrait)")


@dataclass(frozen=True)
class Density:
    """A screen's pixels per inch and where that number came from.

    Attributes:
        dpi: device-independent pixels per inch.
        source: ``"setting"`` (``[screen] dpi``), ``"screen"`` (the panel's EDID) or
            ``"default"`` (the panel reported nothing usable: 96 assumed).
    """

    dpi: float = DEFAULT_DPI
    source: str = "default"

    def px(self, mm: float) -> float:
        """Millimetres as pixels."""
        return mm * self.dpi / MM_PER_INCH

    def mm(self, px: float) -> float:
        """Pixels as millimetres."""
        return px * MM_PER_INCH / self.dpi

    def touch_px(self, band: Band) -> int:
        """A button's smallest side on this screen in ``band``: 15 mm (never under 44 px),
        at least the band's own size, at most what its layouts have room for."""
        wanted = max(WCAG_FLOOR_PX, math.ceil(self.px(TOUCH_MM) - 1e-9))
        return max(band.touch_px, min(wanted, band.touch_max_px))

    def gap_px(self, band: Band) -> int:
        """The gap between buttons: 3 mm, at least the band's own gap."""
        return max(band.gap_px, math.ceil(self.px(GAP_MM) - 1e-9))


def density(setting_dpi: float, reported_dpi: float | None) -> Density:
    """The density to use: the setting when it is set (> 0), else what the screen reports
    when that is plausible, else 96 dpi."""
    if setting_dpi > 0:
        return Density(float(setting_dpi), "setting")
    if reported_dpi is not None and SANE_DPI[0] <= reported_dpi <= SANE_DPI[1]:
        return Density(float(reported_dpi), "screen")
    return Density(DEFAULT_DPI, "default")


@dataclass(frozen=True)
class Look:
    """Everything the customer window's style and layouts depend on.

    Attributes:
        band: the layout class.
        touch_px: a button's smallest side (from the band and the density).
        gap_px: the gap between buttons.
        access: the accessibility mode (text × :data:`ACCESS_TEXT`, high contrast,
            controls within reach).
    """

    band: Band
    touch_px: int
    gap_px: int
    access: bool = False

    @property
    def text(self) -> float:
        """Font sizes × this (the band's scale, × 1.5 in the accessibility mode)."""
        return self.band.text * (ACCESS_TEXT if self.access else 1.0)

    @property
    def portrait(self) -> bool:
        """The stacked arrangement (pictures above, controls under them): portrait screens,
        and the accessibility mode on a small landscape panel (where the page scrolls)."""
        return self.band.portrait or self.scrolls

    @property
    def scrolls(self) -> bool:
        """The page scrolls (a finger drags it): the accessibility mode's larger text and
        15 mm targets on a landscape panel up to 1280×800 (7-13", 9-21 cm tall: all of it
        within reach, so no reach rule either) need more than one screen."""
        return self.access and not self.band.portrait and self.band.reach is None

    @property
    def reach(self) -> float | None:
        """The lower share of the window every control lies in, when the mode asks."""
        return self.band.reach if self.access else None

    def font_px(self, base: float) -> int:
        """A font size in px: ``base`` (the 1280×800 size) scaled for this look."""
        return max(12, round(base * self.text))

    def picture_px(self, base: float) -> int:
        """A picture's side in px: ``base`` (at 1280×800) scaled for the band."""
        return max(48, round(base * self.band.picture))

    def with_access(self, access: bool) -> Look:
        """The same look with the accessibility mode on or off."""
        return replace(self, access=access)


def look_for(width: int, height: int, dens: Density, *, access: bool = False) -> Look | None:
    """The look for a window of this size on a screen of this density (None: too small)."""
    band = choose_band(width, height)
    if band is None:
        return None
    return Look(band, dens.touch_px(band), dens.gap_px(band), access)
