"""Colours, sizes and the style sheet of the barista and technician screens.

Many baristas are senior citizens: type is large (body 22 pt, buttons 26 pt bold), every
text/background pair below has a contrast ratio of at least 7:1 (WCAG AAA, checked by
``tests/ui/test_barista_style.py``), buttons are at least 88 px tall, and colour is never the
only signal (every state is also written out in words).
"""

from __future__ import annotations

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

# --- sizes ---------------------------------------------------------------------------------
BODY_PT = 22
SMALL_PT = 18  # the smallest text anywhere (counters in the technician view)
TITLE_PT = 30
NUMBER_PT = 38  # the order number on a card
BUTTON_PT = 26
BUTTON_MIN_H = 88  # px; about 23 mm on a 96 dpi counter screen
PREVIEW_PX = 150  # the cup picture on an order card


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


STYLE_SHEET = f"""
QWidget#BaristaRoot, QDialog#BaristaDialog, QWidget#TechnicianRoot {{
    background: {PAPER}; color: {INK};
}}
QWidget {{ font-size: {BODY_PT}pt; color: {INK}; }}
QLabel#Title {{ font-size: {TITLE_PT}pt; font-weight: bold; }}
QLabel#Muted {{ color: {MUTED_INK}; }}
QLabel#Small {{ font-size: {SMALL_PT}pt; }}
QLabel#OrderNumber {{ font-size: {NUMBER_PT}pt; font-weight: bold; }}
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
    font-size: {BUTTON_PT}pt; font-weight: bold; min-height: {BUTTON_MIN_H}px;
    padding: 8px 24px; border-radius: 12px;
    background: {PAPER}; color: {INK}; border: 3px solid {INK};
}}
QPushButton:focus {{ border: 4px solid {FOCUS}; }}
QPushButton:pressed {{ background: {PANEL}; }}
QPushButton#Primary {{ background: {PRIMARY_BG}; color: {PRIMARY_INK}; border-color: {INK}; }}
QPushButton#Danger {{ background: {DANGER_BG}; color: {DANGER_INK}; border-color: {INK}; }}
QPushButton#Key {{ font-size: {TITLE_PT}pt; min-width: 110px; padding: 4px; }}
QPushButton#KeyOk {{
    font-size: {TITLE_PT}pt; min-width: 110px; padding: 4px;
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
    min-height: 36px; text-align: center; color: {INK}; font-weight: bold;
}}
QProgressBar::chunk {{ background: {PRIMARY_BG}; }}
QLineEdit {{
    font-size: {TITLE_PT}pt; border: 3px solid {INK}; border-radius: 8px; padding: 6px;
    background: {PAPER}; color: {INK};
}}
QScrollArea {{ border: none; background: {PAPER}; }}
QScrollBar:vertical {{ width: 36px; }}
"""
