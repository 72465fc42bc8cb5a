"""The customer screen's look: warm café colours, big type, touch-sized targets; and the
accessibility mode's high-contrast colours and larger type.

Sizes are in device-independent pixels and are made for each layout band by
:func:`style_sheet` from a :class:`kiosk.ui.layouts.Look` (text scale, touch size, gaps).
The base sizes below are the 1280×800 screen's. At 96 dpi one millimetre is about 3.8 px, so
the 15 mm minimum touch target is 57 px; every band's buttons are at least that
(:mod:`kiosk.ui.layouts`). Text colours keep a contrast ratio of at least 4.5:1 against their
backgrounds, and 7:1 in the high-contrast palette (``tests/ui/test_customer_look.py``, with
:func:`contrast_ratio`).
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.ui.layouts import BANDS, Look

TOUCH_MIN_PX = 72  # the 1280×800 band's buttons (19 mm at 96 dpi); other bands: layouts.py
GAP_PX = 16  # the 1280×800 band's gap (4 mm at 96 dpi)
# Kept for hosts that dress a single screen like the customer window (tests' phone host):
# a window shorter than this used the compact button heights before the layout bands.
COMPACT_BELOW_PX = 780

CREAM = "#FBF4E9"  # screen background: steamed milk
FOAM = "#FFFDF8"  # cards
LATTE = "#EAD7BF"  # secondary buttons, top bar
ESPRESSO = "#2B1A10"  # body text
ROAST = "#5A3A26"  # secondary text
CARAMEL = "#7A3B12"  # primary buttons (white text on it)
WHITE = "#FFFFFF"
CINNAMON = "#B5652B"  # decoration only, never text
DISABLED_TEXT = "#6E5A4C"
DISABLED_BG = "#E4DBD0"


@dataclass(frozen=True)
class Palette:
    """The colours of one look (``#RRGGBB``)."""

    background: str
    card: str
    card_border: str
    text: str
    secondary_text: str
    bar: str
    bar_text: str
    primary: str
    primary_text: str
    primary_pressed: str
    secondary: str
    secondary_text_on: str
    secondary_border: str
    secondary_pressed: str
    disabled: str
    disabled_text: str
    accent: str  # rings, focus, the ready board's frame (never text on the background)
    min_contrast: float  # what every text pair reaches


NORMAL = Palette(
    background=CREAM, card=FOAM, card_border=LATTE, text=ESPRESSO, secondary_text=ROAST,
    bar=LATTE, bar_text=ESPRESSO, primary=CARAMEL, primary_text=WHITE,
    primary_pressed="#5E2C0B", secondary=LATTE, secondary_text_on=ESPRESSO,
    secondary_border=CARAMEL, secondary_pressed="#D9C0A0", disabled=DISABLED_BG,
    disabled_text=DISABLED_TEXT, accent=CINNAMON, min_contrast=4.5)

# High contrast for low vision (the accessibility mode): white and yellow on black, black on
# yellow for the main action; every pair at least 7:1 (WCAG AAA).
HIGH_CONTRAST = Palette(
    background="#000000", card="#111111", card_border="#FFFFFF", text="#FFFFFF",
    secondary_text="#FFE14D", bar="#1A1A1A", bar_text="#FFFFFF", primary="#FFD400",
    primary_text="#000000", primary_pressed="#E0BA00", secondary="#000000",
    secondary_text_on="#FFFFFF", secondary_border="#FFFFFF", secondary_pressed="#333333",
    disabled="#2A2A2A", disabled_text="#BDBDBD", accent="#FFD400", min_contrast=7.0)


def text_pairs(p: Palette) -> dict[str, tuple[str, str]]:
    """(text, background) pairs the screens use with palette ``p``."""
    return {
        "body": (p.text, p.background),
        "secondary text": (p.secondary_text, p.background),
        "card text": (p.text, p.card),
        "primary button": (p.primary_text, p.primary),
        "primary button pressed": (p.primary_text, p.primary_pressed),
        "secondary button": (p.secondary_text_on, p.secondary),
        "secondary button pressed": (p.secondary_text_on, p.secondary_pressed),
        "checked choice": (p.primary_text, p.primary),
        "top bar": (p.bar_text, p.bar),
        "disabled button": (p.disabled_text, p.disabled),
        "overlay text": (WHITE, "#000000"),
    }


# (text, background) pairs the normal screens use; each must reach 4.5:1.
TEXT_PAIRS = text_pairs(NORMAL)

FONT_FAMILIES = (
    '"Noto Sans CJK KR", "Noto Sans KR", "Malgun Gothic", "Apple SD Gothic Neo", sans-serif'
)

# Font sizes at 1280×800 (the look's text scale multiplies them).
FONT = {"label": 24, "title": 40, "subtitle": 28, "body": 24, "huge": 120, "countdown": 160,
        "notice": 26, "bar": 28, "button": 26, "drink": 24, "big": 30, "hero": 40,
        "ready": 56, "level": 20}
HUGE = ("huge", "countdown", "ready")  # numbers read from afar: not enlarged further
BUTTON_PAD_V = 6
BUTTON_BORDER = 2


def _channel(c: int) -> float:
    s = c / 255.0
    return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance of ``#RRGGBB`` (0 black .. 1 white)."""
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio (1 .. 21) between two ``#RRGGBB`` colours."""
    a, b = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def palette_for(look: Look) -> Palette:
    """High contrast in the accessibility mode, the café colours otherwise."""
    return HIGH_CONTRAST if look.access else NORMAL


def button_heights(look: Look) -> dict[str, int]:
    """A button's whole height (border and padding included) per tier, px."""
    t = look.touch_px
    return {"normal": t, "big": max(t, round(t * 1.15)), "hero": max(t, round(t * 1.5))}


def style_sheet(look: Look) -> str:
    """The customer window's Qt style sheet for ``look`` (its band, touch size, mode)."""
    p = palette_for(look)
    f = {k: look.font_px(v) for k, v in FONT.items()}
    for key in HUGE:  # already the largest type: the band's size, also in the mode
        f[key] = max(12, round(FONT[key] * look.band.text))
    h = button_heights(look)
    border = BUTTON_BORDER + (1 if look.access else 0)
    # What min-height does not count. No min-width: it would become the button's minimum
    # size and beat WrapButton.minimumSizeHint (its longest word), so a layout could
    # squeeze the words; WrapButton keeps itself at least touch_px wide.
    inner = 2 * (BUTTON_PAD_V + border)
    pad_h = max(10, round(20 * look.band.text))
    radius = max(10, round(18 * look.band.text))
    return f"""
QWidget#CustomerWindow, QWidget#CustomerWindow QStackedWidget,
QWidget#CustomerWindow QScrollArea, QWidget#CustomerWindow QScrollArea > QWidget > QWidget
    {{ background: {p.background}; }}
QWidget#CustomerWindow {{ font-family: {FONT_FAMILIES}; }}
QLabel {{ color: {p.text}; font-size: {f['label']}px; }}
QLabel[role="title"] {{ font-size: {f['title']}px; font-weight: 700; color: {p.text}; }}
QLabel[role="subtitle"] {{ font-size: {f['subtitle']}px; color: {p.secondary_text}; }}
QLabel[role="body"] {{ font-size: {f['body']}px; color: {p.text}; }}
QLabel[role="huge"] {{ font-size: {f['huge']}px; font-weight: 800; color: {p.text}; }}
QLabel[role="level"] {{ font-size: {f['level']}px; color: {p.secondary_text}; }}
QLabel[role="countdown"] {{ font-size: {f['countdown']}px; font-weight: 800; color: {WHITE};
    background: rgba(0, 0, 0, 150); border-radius: 24px; padding: 0 48px; }}
QLabel[role="notice"] {{ font-size: {f['notice']}px; color: {WHITE};
    background: rgba(0, 0, 0, 185); border-radius: 16px; padding: 12px; }}
QWidget#TopBar {{ background: {p.bar}; }}
QWidget#TopBar QLabel {{ font-size: {f['bar']}px; font-weight: 700; color: {p.bar_text}; }}
QFrame[role="card"] {{ background: {p.card}; border: 2px solid {p.card_border};
    border-radius: {radius}px; }}
QFrame[role="card"] QLabel {{ background: transparent; }}
QPushButton {{
    min-height: {h['normal'] - inner}px;
    padding: {BUTTON_PAD_V}px {pad_h}px;
    font-size: {f['button']}px; font-weight: 600; border-radius: {radius}px;
    color: {p.secondary_text_on}; background: {p.secondary};
    border: {border}px solid {p.secondary_border};
}}
QPushButton[role="primary"] {{ color: {p.primary_text}; background: {p.primary};
    border: {border}px solid {p.primary}; }}
QPushButton[role="primary"]:pressed {{ background: {p.primary_pressed}; }}
QPushButton:pressed {{ background: {p.secondary_pressed}; }}
QPushButton[role="choice"] {{ padding: {BUTTON_PAD_V}px {max(6, pad_h // 2)}px; }}
QPushButton:checked {{ color: {p.primary_text}; background: {p.primary};
    border: {border}px solid {p.primary}; }}
QPushButton:disabled {{ color: {p.disabled_text}; background: {p.disabled};
    border: {border}px solid {p.disabled}; }}
QPushButton#LanguageToggle {{ padding: {BUTTON_PAD_V}px {pad_h}px; }}
QPushButton[role="drink"] {{
    background: {p.card}; border: {border}px solid {p.card_border}; font-size: {f['drink']}px;
    text-align: center; padding: {max(6, pad_h // 2)}px;
}}
QPushButton[role="drink"]:pressed {{ background: {p.secondary_pressed}; }}
QPushButton[role="drink"]:checked {{ background: {p.primary}; color: {p.primary_text}; }}
QPushButton[tier="big"] {{ min-height: {h['big'] - inner}px; font-size: {f['big']}px; }}
QPushButton[tier="hero"] {{ min-height: {h['hero'] - inner}px; font-size: {f['hero']}px;
    padding: {BUTTON_PAD_V}px {2 * pad_h}px; }}
QPushButton#AccessButton {{ font-size: {f['big']}px; }}
QLabel#TicketPay {{ font-weight: 700; color: {p.text}; }}
QFrame#ReadyBoard {{ background: {p.card}; border: 3px solid {p.accent};
    border-radius: {radius}px; }}
QFrame#ReadyBoard QLabel {{ background: transparent; }}
QLabel[role="ready"] {{ font-size: {f['ready']}px; font-weight: 800; color: {p.text};
    padding: 0 12px; }}
QFrame#ReadyBoard QLabel[role="ready"][latest="true"] {{ color: {p.primary_text};
    background: {p.primary}; border-radius: 14px; }}
QWidget#IdleOverlay {{ background: rgba(0, 0, 0, 200); }}
QFrame#IdleCard {{ background: {p.card}; border: 2px solid {p.card_border};
    border-radius: 24px; }}
QFrame#IdleCard QLabel {{ background: transparent; }}
QWidget#TooSmall, QWidget#OpeningSoon {{ background: {p.background}; }}
QScrollBar:vertical {{ width: 10px; background: transparent; margin: 0; }}
QScrollBar::handle:vertical {{ background: {p.accent}; border-radius: 5px;
    min-height: 48px; }}
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0; }}
QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical {{ background: none; }}
"""


DEFAULT_LOOK = Look(BANDS["landscape-l"], TOUCH_MIN_PX, GAP_PX)
STYLE_SHEET = style_sheet(DEFAULT_LOOK)
"""The 1280×800 look (for hosts that show one customer screen on its own)."""
