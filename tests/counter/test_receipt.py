"""The receipt ticket: its words, its exact ESC/POS bytes, and Korean as pictures."""

from __future__ import annotations

from datetime import UTC, datetime

import escpos_reader
import numpy as np
import pytest
from counter_support import save_artifact
from PIL import Image

from kiosk.counter import raster
from kiosk.counter.payment import PaymentOutcome, PaymentStatus
from kiosk.counter.receipt import ReceiptContent, encode_receipt, receipt_content

ESC, GS = b"\x1b", b"\x1d"
AT = datetime(2026, 12, 4, 8, 31, tzinfo=UTC)
DUE = PaymentOutcome(PaymentStatus.PAY_AT_COUNTER, 4500)


def ticket(lang: str, **kw) -> ReceiptContent:
    values = dict(cafe_name="Photo Latte", ticket="012", drink_ko="카페 라테",
                  drink_en="Caffè latte", outcome=DUE, ordered_at=AT, lang=lang)
    values.update(kw)
    return receipt_content(**values)


def one_bar(text: str, width: int, size: int) -> Image.Image:
    """A fixed stand-in picture: one row, its first 8 dots black."""
    image = Image.new("1", (width, 1), 1)
    for x in range(8):
        image.putpixel((x, 0), 0)
    return image


def test_the_ticket_says_number_drink_price_how_to_pay_and_when(monkeypatch) -> None:
    monkeypatch.setenv("TZ", "UTC")
    import time

    time.tzset()
    en, ko = ticket("en"), ticket("ko")
    assert (en.ticket, en.drink, en.price, en.payment, en.time) == (
        "012", "Caffè latte", "₩4,500", "Please pay ₩4,500 at the counter", "2026-12-04 08:31")
    assert (ko.caption, ko.drink, ko.price, ko.payment) == (
        "주문 번호", "카페 라테", "4,500원", "카운터에서 4,500원을 결제해 주세요")
    paid = ticket("en", outcome=PaymentOutcome(PaymentStatus.PAID, 4500))
    assert paid.payment == "Paid"


def test_an_english_ticket_is_these_exact_bytes(monkeypatch) -> None:
    monkeypatch.setenv("TZ", "UTC")
    import time

    time.tzset()
    size = ESC + b"!\x00"  # python-escpos writes "normal size" three times
    bar = GS + b"v0\x00" + b"\x40\x00" + b"\x01\x00" + b"\xff" + b"\x00" * 63
    expected = b"".join([
        ESC + b"@",                                            # initialise
        size * 2 + ESC + b"!0",                                # double width and height
        ESC + b"E\x01" + ESC + b"a\x01" + ESC + b"t\x00",      # bold, centred, code page 437
        b"Photo Latte\n",
        size * 3 + ESC + b"E\x00" + ESC + b"a\x01", b"Order number\n",
        GS + b"!\x55" + ESC + b"E\x01" + ESC + b"a\x01",       # 6x6 size, bold
        b"012\n",
        size * 3 + ESC + b"{\x00" + GS + b"b\x00" + ESC + b"E\x00" + ESC + b"-\x00"
        + ESC + b"M\x00" + ESC + b"a\x01" + GS + b"B\x00",     # back to defaults, centred
        size * 3 + ESC + b"E\x01" + ESC + b"a\x01",
        b"Caff\x8a latte\n",                                   # è in code page 437
        bar,                                                   # "₩4,500": a picture
        bar,                                                   # "Please pay ₩4,500 …"
        size * 3 + ESC + b"E\x00" + ESC + b"a\x01",
        b"Your number shows on the screen when your\nlatte is ready.\n",  # 42 columns
        size * 3 + ESC + b"E\x00" + ESC + b"a\x01", b"2026-12-04 08:31\n",
        size * 3 + ESC + b"{\x00" + GS + b"b\x00" + ESC + b"E\x00" + ESC + b"-\x00"
        + ESC + b"M\x00" + ESC + b"a\x00" + GS + b"B\x00",
        ESC + b"d\x06" + GS + b"V\x00",                        # feed 6 lines, full cut
    ])
    assert encode_receipt(ticket("en"), rasterize=one_bar) == expected


def test_a_korean_ticket_prints_every_korean_line_as_a_picture_of_real_letters() -> None:
    assert raster.cjk_font_path() is not None, (
        "no CJK font: install fonts-noto-cjk (the kiosk needs it for Korean anyway)")
    data = encode_receipt(ticket("ko"))
    receipt = escpos_reader.read(data)
    assert receipt.initialised and receipt.cut
    texts = receipt.texts
    assert texts[:3] == ["Photo Latte", None, "012"] and texts[3:7] == [None] * 4
    assert texts[7] == AT.astimezone().strftime("%Y-%m-%d %H:%M")
    pictures = [ln.picture for ln in receipt.lines if ln.picture is not None]
    assert len(pictures) == 5  # caption, drink, price, how to pay, the note
    for picture in pictures:
        assert picture.shape[1] == 512  # the TM-T88V profile's paper width in dots
        assert 0.01 < picture.mean() < 0.5  # ink, and not a black bar
    # Real Hangul, not the font's "missing" boxes: two different syllables differ.
    font = raster.line_font(30, "가")
    a = np.asarray(raster.render_line("가", width_px=64, size_px=30, font=font))
    b = np.asarray(raster.render_line("힣", width_px=64, size_px=30, font=font))
    assert (a != b).any()
    save_artifact(escpos_reader.picture(receipt), "receipt-ko.png")
    save_artifact(escpos_reader.picture(escpos_reader.read(encode_receipt(ticket("en")))),
                  "receipt-en.png")


def test_a_58mm_printer_gets_pictures_as_wide_as_its_paper() -> None:
    receipt = escpos_reader.read(encode_receipt(ticket("ko"), profile="POS-5890"))
    widths = {ln.picture.shape[1] for ln in receipt.lines if ln.picture is not None}
    assert widths == {384}


def test_a_long_drink_name_breaks_at_a_word_and_is_never_cut() -> None:
    font = raster.line_font(30, "x")
    name = "Extra Large Double Shot Caramel Macchiato with Oat Milk ₩"
    picture = raster.render_line(name, width_px=384, size_px=30, font=font)
    ink = np.asarray(picture) == 0
    assert picture.width == 384
    assert not ink[:, 0].any() and not ink[:, -1].any()  # nothing touches the edges
    rows = np.flatnonzero(ink.any(axis=1))
    assert rows.size and picture.height > 2 * 30  # two lines


def test_without_a_cjk_font_a_korean_ticket_prints_in_english(monkeypatch) -> None:
    monkeypatch.setattr(raster, "cjk_font_path", lambda: None)
    content = ticket("ko", korean_possible=False)
    assert (content.lang, content.drink) == ("en", "Caffè latte")
    receipt = escpos_reader.read(encode_receipt(content))
    # No font can draw ₩: the printer's own letters spell it out.
    assert "Please pay KRW 4,500 at the counter" in receipt.texts
    assert all(ln.picture is None for ln in receipt.lines)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_ticket_is_a_few_kilobytes(lang: str) -> None:
    size = len(encode_receipt(ticket(lang)))
    assert 300 < size < 32_000, size  # a few seconds at 19200 baud at most
