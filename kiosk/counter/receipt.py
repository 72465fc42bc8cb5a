"""The receipt ticket: what it says (:func:`receipt_content`) and its ESC/POS bytes
(:func:`encode_receipt`). Pure: no device is opened here (see :mod:`.receipt_printer`).

A ticket, top to bottom, centred::

    Photo Latte                      the café's name (counter.cafe_name), bold, double size
    Order number
    012                              6x size, the number the barista calls
    Caffè latte                      the drink, in the customer's language
    ₩4,500                           kiosk.orders.menu.format_price
    Please pay at the counter        or "Paid" (a card terminal, later)
    Your number shows on the screen when your latte is ready.
    2026-12-04 17:31                 local time the order was stored
                                     feed and cut

Lines the printer's code pages can print go as text in its own font (crisp, a few bytes);
a line with Hangul or ₩ goes as a picture (:mod:`.raster`, ESC/POS ``GS v 0``). Without a
CJK font installed, a Korean customer's ticket is printed in English (and ₩ as "KRW"):
a legible ticket beats a row of boxes.

The bytes are made by python-escpos's ``Dummy`` printer, the library's own encoder for the
printer ``profile`` (code pages, paper width), so tests compare exact bytes.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from PIL import Image

from kiosk.counter.escpos_lib import Dummy
from kiosk.counter.payment import PaymentOutcome, PaymentStatus
from kiosk.counter.raster import line_font, needs_cjk, render_line
from kiosk.orders.menu import format_price

DEFAULT_PROFILE = "TM-T88V"
"""python-escpos printer profile used when none is set: 80 mm paper, 512 dots."""
FALLBACK_WIDTH_PX = 512
FALLBACK_COLUMNS = 42
NUMBER_SIZE = 6  # the ticket number at 6x the printer's font: ~ 14 mm tall, read at a glance
LINE_PX = 30  # a pictured line's font size in dots (about the printer's own 12x24 font, 1.25x)
TITLE_PX = 44

_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "caption": "Order number",
        "pay": "Please pay at the counter",
        "pay_amount": "Please pay {amount} at the counter",
        "paid": "Paid",
        "note": "Your number shows on the screen when your latte is ready.",
    },
    "ko": {
        "caption": "주문 번호",
        "pay": "카운터에서 결제해 주세요",
        "pay_amount": "카운터에서 {amount}을 결제해 주세요",
        "paid": "결제 완료",
        "note": "음료가 준비되면 화면에 번호가 나옵니다.",
    },
}


@dataclass(frozen=True)
class ReceiptContent:
    """The words of one ticket, in one language, ready to print.

    Attributes:
        cafe_name: the café's name (settings).
        caption: "Order number".
        ticket: the number, e.g. ``"012"``.
        drink: the drink's name.
        price: the price as :func:`format_price` writes it, or "" if unknown.
        payment: "Please pay … at the counter" or "Paid".
        note: where the number will show.
        time: the local time the order was stored, ``YYYY-MM-DD HH:MM``.
        lang: ``"ko"`` or ``"en"``.
    """

    cafe_name: str
    caption: str
    ticket: str
    drink: str
    price: str
    payment: str
    note: str
    time: str
    lang: str


def receipt_content(*, cafe_name: str, ticket: str, drink_ko: str, drink_en: str,
                    outcome: PaymentOutcome, ordered_at: datetime, lang: str,
                    korean_possible: bool = True) -> ReceiptContent:
    """What the ticket says, in ``lang`` (English if Korean cannot be printed).

    Args:
        cafe_name: the café's name.
        ticket: the order's number as shown to the customer.
        drink_ko / drink_en: the drink's names.
        outcome: how the order is paid (:mod:`kiosk.counter.payment`).
        ordered_at: timezone-aware; printed in the kiosk's local time.
        lang: the customer's language.
        korean_possible: False when no CJK font is installed.
    """
    if lang == "ko" and not korean_possible:
        lang = "en"
    words = _WORDS["ko" if lang == "ko" else "en"]
    amount = outcome.amount_won
    price = "" if amount is None else format_price(amount, lang)
    if outcome.status is PaymentStatus.PAID:
        payment = words["paid"]
    elif amount is None:
        payment = words["pay"]
    else:
        payment = words["pay_amount"].format(amount=price)
    return ReceiptContent(
        cafe_name=cafe_name, caption=words["caption"], ticket=ticket,
        drink=drink_ko if lang == "ko" else drink_en, price=price, payment=payment,
        note=words["note"], time=ordered_at.astimezone().strftime("%Y-%m-%d %H:%M"),
        lang=lang)


Rasterizer = Callable[[str, int, int], Image.Image | None]
"""``(text, width_px, size_px) -> 1-bit picture``, or None if no font can draw it."""


def raster_line(text: str, width_px: int, size_px: int) -> Image.Image | None:
    """The default :data:`Rasterizer`: :func:`kiosk.counter.raster.render_line` in the
    kiosk's CJK font (Pillow's own Latin font without one)."""
    font = line_font(size_px, text)
    if font is None:
        return None
    return render_line(text, width_px=width_px, size_px=size_px, font=font)


def encode_receipt(content: ReceiptContent, *, profile: str = DEFAULT_PROFILE,
                   rasterize: Rasterizer = raster_line) -> bytes:
    """The ticket as ESC/POS bytes for a printer of ``profile`` (a python-escpos profile
    name: its code pages and paper width in dots).

    ``rasterize`` draws the lines that need a picture (tests pass a fixed one)."""
    printer = Dummy(profile=profile)
    width = _width_px(printer)
    columns = _columns(printer)
    printer.hw("INIT")

    def text_lines(text: str, bold: bool, double: bool) -> None:
        printer.set(align="center", bold=bold, normal_textsize=not double,
                    double_height=double, double_width=double)
        # Wrapped here at a word, not by the printer in the middle of one.
        for row in textwrap.wrap(text, columns // (2 if double else 1)) or [""]:
            printer.textln(row)

    def line(text: str, *, size_px: int = LINE_PX, bold: bool = False,
             double: bool = False) -> None:
        if not text:
            return
        if _printable(printer, text):
            text_lines(text, bold, double)
            return
        picture = rasterize(text, width, size_px)
        if picture is None:  # no font can draw it: the printer's letters, ₩ spelt out
            text_lines(_ascii(text), bold, double)
            return
        printer.image(picture, impl="bitImageRaster")

    line(content.cafe_name, size_px=TITLE_PX, bold=True, double=True)
    line(content.caption)
    printer.set(align="center", bold=True, custom_size=True, width=NUMBER_SIZE,
                height=NUMBER_SIZE)
    printer.textln(content.ticket)
    printer.set_with_default(align="center")
    line(content.drink, bold=True)
    line(content.price)
    line(content.payment, bold=True)
    line(content.note)
    line(content.time)
    printer.set_with_default()
    printer.cut()
    return printer.output


def _columns(printer: Dummy) -> int:
    """Characters per line in the printer's font A (42 on 80 mm paper)."""
    fonts = printer.profile.profile_data.get("fonts", {})
    columns = fonts.get("0", {}).get("columns") if isinstance(fonts, dict) else None
    return int(columns) if isinstance(columns, int) and columns > 0 else FALLBACK_COLUMNS


def _width_px(printer: Dummy) -> int:
    pixels = printer.profile.profile_data.get("media", {}).get("width", {}).get("pixels")
    return int(pixels) if isinstance(pixels, int) and pixels > 0 else FALLBACK_WIDTH_PX


def _printable(printer: Dummy, text: str) -> bool:
    """True if every character is in one of the printer's code pages (Hangul never is)."""
    if needs_cjk(text):
        return False
    encoder = printer.magic.encoder
    return all(ch.isascii() or encoder.find_suitable_encoding(ch) for ch in text)


def _ascii(text: str) -> str:
    return "".join(ch if ch.isascii() else "?" for ch in text.replace("₩", "KRW "))
