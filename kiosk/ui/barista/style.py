"""Colours, sizes and the style sheet of the barista and technician screens.

Many baristas are senior citizens: type is large, every text/background pair below has a
contrast ratio of at least 7:1 (WCAG AAA, checked by ``tests/ui/test_barista_screens.py``),
and colour is never the only signal (every state is also written out in words).

Sizes follow the screen like the customer's (:mod:`kiosk.ui.layouts`): :func:`style_sheet`
takes a :class:`StaffLook` (the band's text scale and touch size); the constants below are
the sizes on a 1280×800 counter screen, where a busy queue must show four orders at once
(body 15 pt, buttons 16 pt bold and 72 px tall: 19 mm at 96 dpi). :data:`STYLE_SHEET` is the
fixed large style of the pages outside the window (the single-screen shell's code pad).
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.ui.layouts import BANDS, Band, Density, choose_band

# --- colours (text, background) pairs; all >= 7:1 ------------------------------------------
INK = "#111111"
PAPER = "#FFFFFF"
PANEL = "#F2F2F2"
MUTED_INK = "#333333"  # secondary text on PAPER/PANEL
PRIMARY_BG = "#0B5D1E"  # dark green: the one "go" action of a card
PRIMARY_INK = "#FFFFFF"
DANGER_BG = "#8B0000"  # dark red: cancel, stop
DANGER_INK = "#FFFFFF"
FAULT_BG = "#FFE45C"  # a yellow banner: something needs the barista's hands
FAULT_INK = "#111111"
OK_INK = "#0B5D1E"  # "Connected" on PAPER
BAD_INK = "#8B0000"  # "Not connected" on PAPER
BAR_COCOA = "#4A2A12"
BAR_CINNAMON = "#8A4B14"
FOCUS = "#0033CC"
DISABLED_BG = "#DDDDDD"  # a disabled button: grey with a dashed border, text still legible
DISABLED_INK = "#333333"

#: (foreground, background) pairs the tests hold to >= 7:1.
CONTRAST_PAIRS: dict[str, tuple[str, str]] = {
    "body": (INK, PAPER),
    "body_on_panel": (INK, PANEL),
    "muted": (MUTED_INK, PAPER),
    "muted_on_panel": (MUTED_INK, PANEL),
    "primary_button": (PRIMARY_INK, PRIMARY_BG),
    "danger_button": (DANGER_INK, DANGER_BG),
    "fault_banner": (FAULT_INK, FAULT_BG),
    "connected": (OK_INK, PAPER),
    "not_connected": (BAD_INK, PAPER),
    "connected_on_panel": (OK_INK, PANEL),
    "not_connected_on_panel": (BAD_INK, PANEL),
    "disabled_button": (DISABLED_INK, DISABLED_BG),
}

# --- sizes (the shell's fixed style) ---------------------------------------------------------
BODY_PT = 22
SMALL_PT = 18  # the smallest text anywhere (counters in the technician view)
TITLE_PT = 30
NUMBER_PT = 38  # the order number on a card
BUTTON_PT = 26
BUTTON_MIN_H = 88  # px; about 23 mm on a 96 dpi counter screen
PREVIEW_PX = 150  # the cup picture on an order card (the fixed style)

# --- sizes at 1280x800 (landscape-l), scaled by the band's text and picture factors ---------
L_BODY_PT = 15.0
L_SMALL_PT = 13.0
L_TITLE_PT = 20.0
L_NUMBER_PT = 22.0
L_BUTTON_PT = 16.0
L_PREVIEW_PX = 88
MIN_PT = 12.0  # nothing smaller on the smallest panel (800x480: 16 px)


@dataclass(frozen=True)
class StaffLook:
    """What the barista window's style depends on: the layout band (text scale, pictures)
    and the touch size for its screen (px, from the density; at least the band's own).

    Attributes:
        band: the layout band of the window's size (the smallest band below the minimum:
            a single-screen kiosk's barista page sits under a bar).
        touch_px: a button's smallest side.
        gap_px: the gap between buttons.
    """

    band: Band
    touch_px: int
    gap_px: int

    def pt(self, base: float) -> float:
        """A font size in points: ``base`` (the 1280x800 size) scaled for the band."""
        return max(MIN_PT, round(base * self.band.text, 1))

    @property
    def preview_px(self) -> int:
        """The cup picture's side on an order card."""
        return max(56, round(L_PREVIEW_PX * self.band.picture))

    @property
    def narrow(self) -> bool:
        """A small panel (800x480, 1024x600): the header's rows and the pages tighter."""
        return self.band.compact


def staff_look(width: int, height: int, dens: Density) -> StaffLook:
    """The look for a barista window of ``width`` x ``height`` px on a screen of ``dens``."""
    band = choose_band(width, height) or BANDS["landscape-s"]
    return StaffLook(band, dens.touch_px(band), dens.gap_px(band))


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2.x relative luminance of ``#RRGGBB`` (0 black .. 1 white)."""
    h = hex_colour.lstrip("#")
    channels = [int(h[i : i + 2], 16) / 255.0 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast_ratio(fg: str, bg: str) -> float:
    """WCAG contrast ratio between two ``#RRGGBB`` colours (1 .. 21)."""
    a, b = sorted((relative_luminance(fg), relative_luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def style_sheet(look: StaffLook | None = None) -> str:
    """The style sheet for ``look`` (None: the fixed large style)."""
    body: float
    small: float
    title: float
    number: float
    button: float
    if look is None:
        body, small, title, number, button = BODY_PT, SMALL_PT, TITLE_PT, NUMBER_PT, BUTTON_PT
        touch, bar, scroll = BUTTON_MIN_H, 36, 36
        key = BUTTON_MIN_H
    else:
        body, small, title = look.pt(L_BODY_PT), look.pt(L_SMALL_PT), look.pt(L_TITLE_PT)
        number, button = look.pt(L_NUMBER_PT), look.pt(L_BUTTON_PT)
        touch, bar, scroll = look.touch_px, max(16, look.touch_px // 3), 12
        key = touch + 2  # a PIN key is larger than a button: with its frame, touch + 16 px
    sheet = _STYLE
    for name, value in (("body", body), ("small", small), ("title", title), ("number", number),
                        ("button", button), ("touch", touch), ("bar", bar), ("scroll", scroll),
                        ("pad", max(8, touch // 5)), ("key", key)):
        sheet = sheet.replace("{" + name + "}", f"{value:g}")
    return sheet


# The colours are filled in here; the sizes ({body}, {touch}, ...) by style_sheet().
_STYLE = f"""
QWidget#BaristaRoot, QDialog#BaristaDialog, QWidget#TechnicianRoot {{
    background: {PAPER}; color: {INK};
}}
QWidget {{ font-size: {{body}}pt; color: {INK}; }}
QLabel#Title {{ font-size: {{title}}pt; font-weight: bold; }}
QLabel#Muted {{ color: {MUTED_INK}; }}
QLabel#Small {{ font-size: {{small}}pt; }}
QLabel#OrderNumber {{ font-size: {{number}}pt; font-weight: bold; }}
QLabel#Connected {{ color: {OK_INK}; font-weight: bold; }}
QLabel#NotConnected {{ color: {BAD_INK}; font-weight: bold; }}
QLabel#StateText {{ font-weight: bold; }}
QFrame#Card {{
    background: {PANEL}; border: 3px solid {INK}; border-radius: 12px;
}}
QFrame#Card QLabel {{ background: transparent; }}
QFrame#StatusPanel {{ background: {PANEL}; border: 3px solid {INK}; border-radius: 12px; }}
QFrame#StatusPanel QLabel {{ background: transparent; }}
QFrame#FaultBanner {{
    background: {FAULT_BG}; border: 4px solid {INK}; border-radius: 12px;
}}
QFrame#FaultBanner QLabel {{ color: {FAULT_INK}; background: transparent; font-weight: bold; }}
QFrame#Section {{ background: {PANEL}; border: 2px solid {INK}; border-radius: 10px; }}
QFrame#Section QLabel {{ background: transparent; }}
QPushButton {{
    font-size: {{button}}pt; font-weight: bold; min-height: {{touch}}px;
    padding: 6px {{pad}}px; border-radius: 12px;
    background: {PAPER}; color: {INK}; border: 3px solid {INK};
}}
QPushButton:focus {{ border: 4px solid {FOCUS}; }}
QPushButton:pressed {{ background: {PANEL}; }}
QPushButton#Primary {{ background: {PRIMARY_BG}; color: {PRIMARY_INK}; border-color: {INK}; }}
QPushButton#Danger {{ background: {DANGER_BG}; color: {DANGER_INK}; border-color: {INK}; }}
QPushButton#Key {{ font-size: {{title}}pt; min-width: 110px; min-height: {{key}}px; padding: 4px; }}
QPushButton#KeyOk {{
    font-size: {{title}}pt; min-width: 110px; min-height: {{key}}px; padding: 4px;
    background: {PRIMARY_BG}; color: {PRIMARY_INK};
}}
QPushButton:disabled, QPushButton#Primary:disabled, QPushButton#Danger:disabled,
QPushButton#Key:disabled, QPushButton#KeyOk:disabled {{
    background: {DISABLED_BG}; color: {DISABLED_INK}; border: 3px dashed {DISABLED_INK};
}}
QPushButton#PaidToggle {{
    color: {BAD_INK}; background: {PAPER}; border: 3px solid {BAD_INK}; padding: 6px 12px;
}}
QPushButton#PaidToggle:checked {{
    color: {PRIMARY_INK}; background: {PRIMARY_BG}; border: 3px solid {INK};
}}
QLabel#ReceiptProblem {{
    background: {FAULT_BG}; color: {FAULT_INK}; border: 3px solid {INK}; border-radius: 12px;
    padding: 8px 16px; font-weight: bold;
}}
QProgressBar {{
    border: 3px solid {INK}; border-radius: 8px; background: {PAPER};
    min-height: {{bar}}px; text-align: center; color: {INK}; font-weight: bold;
}}
QProgressBar::chunk {{ background: {PRIMARY_BG}; }}
QLineEdit {{
    font-size: {{title}}pt; border: 3px solid {INK}; border-radius: 8px; padding: 6px;
    background: {PAPER}; color: {INK};
}}
QScrollArea {{ border: none; background: {PAPER}; }}
QScrollBar:vertical {{ width: {{scroll}}px; }}
"""

STYLE_SHEET = style_sheet()
