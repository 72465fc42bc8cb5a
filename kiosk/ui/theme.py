"""The customer screen's look: warm café colours, big type, touch-sized targets.

Sizes are in device-independent pixels. At 96 dpi one millimetre is about 3.8 px, so the
15 mm minimum touch target is 57 px; we use :data:`TOUCH_MIN_PX` (72 px, 19 mm) and gaps of
:data:`GAP_PX` (16 px, 4 mm). Text colours keep a contrast ratio of at least 4.5:1 against
their backgrounds (checked by ``tests/ui/test_customer_look.py`` with :func:`contrast_ratio`).
"""

from __future__ import annotations

TOUCH_MIN_PX = 72
GAP_PX = 16
# A window shorter than this (a 1024x700 or 1024x768 screen less its panels) is "compact":
# buttons keep their font but lose the extra height above the touch minimum.
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

# (text, background) pairs the screens use; each must reach 4.5:1.
TEXT_PAIRS = {
    "body": (ESPRESSO, CREAM),
    "secondary text": (ROAST, CREAM),
    "card text": (ESPRESSO, FOAM),
    "primary button": (WHITE, CARAMEL),
    "secondary button": (ESPRESSO, LATTE),
    "top bar": (ESPRESSO, LATTE),
    "disabled button": (DISABLED_TEXT, DISABLED_BG),
    "overlay text": (WHITE, "#000000"),
}

FONT_FAMILIES = (
    '"Noto Sans CJK KR", "Noto Sans KR", "Malgun Gothic", "Apple SD Gothic Neo", sans-serif'
)


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


STYLE_SHEET = f"""
QWidget#CustomerWindow, QWidget#CustomerWindow QStackedWidget {{ background: {CREAM}; }}
QLabel {{ color: {ESPRESSO}; font-size: 24px; }}
QWidget#CustomerWindow {{ font-family: {FONT_FAMILIES}; }}
QLabel[role="title"] {{ font-size: 40px; font-weight: 700; color: {ESPRESSO}; }}
QLabel[role="subtitle"] {{ font-size: 28px; color: {ROAST}; }}
QLabel[role="body"] {{ font-size: 24px; color: {ESPRESSO}; }}
QLabel[role="huge"] {{ font-size: 120px; font-weight: 800; color: {ESPRESSO}; }}
QLabel[role="countdown"] {{ font-size: 160px; font-weight: 800; color: {WHITE};
    background: rgba(0, 0, 0, 150); border-radius: 24px; padding: 0 48px; }}
QLabel[role="notice"] {{ font-size: 26px; color: {WHITE}; background: rgba(0, 0, 0, 185);
    border-radius: 16px; padding: 16px; }}
QWidget#TopBar {{ background: {LATTE}; }}
QWidget#TopBar QLabel {{ font-size: 28px; font-weight: 700; color: {ESPRESSO}; }}
QFrame[role="card"] {{ background: {FOAM}; border: 2px solid {LATTE}; border-radius: 18px; }}
QPushButton {{
    min-height: {TOUCH_MIN_PX}px; min-width: {TOUCH_MIN_PX}px; padding: 8px 24px;
    font-size: 26px; font-weight: 600; border-radius: 18px;
    color: {ESPRESSO}; background: {LATTE}; border: 2px solid {CARAMEL};
}}
QPushButton[role="primary"] {{ color: {WHITE}; background: {CARAMEL}; border: none; }}
QPushButton[role="primary"]:pressed {{ background: #5E2C0B; }}
QPushButton:pressed {{ background: #D9C0A0; }}
QPushButton[role="choice"] {{ padding: 8px 10px; }}
QPushButton:checked {{ color: {WHITE}; background: {CARAMEL}; border: none; }}
QPushButton:disabled {{ color: {DISABLED_TEXT}; background: {DISABLED_BG}; border: none; }}
QPushButton#LanguageToggle {{ min-width: 200px; padding: 8px 16px; }}
QPushButton[role="drink"] {{
    background: {FOAM}; border: 2px solid {LATTE}; font-size: 24px; text-align: center;
    padding: 12px;
}}
QPushButton[role="drink"]:pressed {{ background: {LATTE}; }}
QPushButton[tier="big"] {{ min-height: 96px; font-size: 30px; }}
QPushButton[tier="huge"] {{ min-height: 136px; min-width: 420px; font-size: 40px;
    padding: 16px 64px; }}
QWidget#CustomerWindow[compact="true"] QPushButton {{ min-height: {TOUCH_MIN_PX - 20}px; }}
QWidget#CustomerWindow[compact="true"] QPushButton[tier="big"] {{ min-height: 64px; }}
QWidget#CustomerWindow[compact="true"] QPushButton[tier="huge"] {{ min-height: 100px; }}
QLabel#TicketPay {{ font-weight: 700; color: {ESPRESSO}; }}
QFrame#ReadyBoard {{ background: {FOAM}; border: 3px solid {CARAMEL}; border-radius: 18px; }}
QFrame#ReadyBoard QLabel {{ background: transparent; }}
QLabel[role="ready"] {{ font-size: 64px; font-weight: 800; color: {ESPRESSO};
    padding: 0 12px; }}
QFrame#ReadyBoard QLabel[role="ready"][latest="true"] {{ color: {WHITE};
    background: {CARAMEL}; border-radius: 14px; }}
QWidget#IdleOverlay {{ background: rgba(43, 26, 16, 210); }}
QFrame#IdleCard {{ background: {FOAM}; border-radius: 24px; }}
"""
