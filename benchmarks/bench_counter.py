"""The counter's figures (issue 9): the receipt ticket's bytes, the time from the barista's
"Ready" tap to the number on the attract screen, and the chime's latency.

Prints:
- the ESC/POS size of a sample ticket in English and in Korean (Hangul as raster lines),
  the time to draw and encode each, and what that is on a 19200-baud serial printer;
- "Ready" tap to number on the attract screen (both windows in one process, offscreen Qt,
  a real store on disk), against the bare store write (``mark_ready``) in the same run;
- chime latency through pygame-ce on SDL's disk driver: from ``chime()`` to the mixer
  playing it, and to the first chime sample written, against SDL's buffer period.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

N = 15


def _ms(values: list[float]) -> str:
    return f"median {statistics.median(values) * 1000:.1f} ms, max {max(values) * 1000:.1f} ms"


def receipt_figures() -> None:
    from kiosk.counter.payment import PaymentOutcome, PaymentStatus
    from kiosk.counter.receipt import encode_receipt, receipt_content

    for lang in ("en", "ko"):
        content = receipt_content(
            cafe_name="Photo Latte", ticket="012", drink_ko="카페 라테", drink_en="Caffè latte",
            outcome=PaymentOutcome(PaymentStatus.PAY_AT_COUNTER, 4500),
            ordered_at=datetime(2026, 12, 4, 9, 31, tzinfo=UTC), lang=lang)
        encode_receipt(content)  # fonts and profiles loaded once
        times = []
        for _ in range(N):
            t = time.perf_counter()
            data = encode_receipt(content)
            times.append(time.perf_counter() - t)
        serial_s = len(data) * 10 / 19200
        print(f"receipt ticket ({lang}): {len(data):,} bytes ESC/POS; drawn and encoded in "
              f"{_ms(times)}; {serial_s:.1f} s at 19200 baud, instant on USB/network")


def ready_figures() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from kiosk.counter.service import CounterService
    from kiosk.orders.menu import load_menu
    from kiosk.orders.schema import PrintResult
    from kiosk.orders.store import OrderStore
    from kiosk.settings.config import KioskConfig
    from kiosk.ui.barista import BaristaWindow
    from kiosk.ui.context import AppContext
    from kiosk.ui.counter import CounterBridge
    from kiosk.ui.customer.window import CustomerWindow
    from kiosk.ui.i18n import LanguageManager
    from printer_driver.mask import Mask

    class Silent:
        def open(self) -> None: ...
        def play(self, wav: Path, volume: float) -> None: ...
        def close(self) -> None: ...

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        config = KioskConfig(data_dir=Path(tmp), printer_url="sim://benchcounter?speed=40")
        store = OrderStore(config.db_path)
        menu = load_menu()
        from kiosk.ui.print_adapter import QtPrintService

        printer = QtPrintService(store, config.printer_url)
        counter = CounterService.from_config(store, menu, config, sink_factory=Silent)
        counter.start()
        context = AppContext(config=config, store=store, menu=menu, printer=printer,
                             i18n=LanguageManager("en"), counter=CounterBridge(counter))
        barista = BaristaWindow(context)
        customer = CustomerWindow(context)
        barista.resize(1280, 900)
        customer.resize(1280, 800)
        barista.show()
        customer.show()
        app.processEvents()

        def printed() -> int:
            order = store.create_order(drink_id="latte", mask=Mask.blank(), preview=None,
                                       price_won=4500)
            _, job = store.begin_print(order.id)
            store.finish_print(job.id, PrintResult.PRINTED)
            return order.id

        taps, bare = [], []
        for _ in range(N):
            order_id = printed()
            barista.refresh()
            app.processEvents()
            button = barista.cards[order_id].ready_button
            t = time.perf_counter()
            button.click()
            ticket = store.get(order_id).ticket
            shown = ticket in customer.attract.ready_board.numbers
            taps.append(time.perf_counter() - t)
            assert shown, "the number did not reach the attract screen"
            other = printed()
            t = time.perf_counter()
            store.mark_ready(other)
            bare.append(time.perf_counter() - t)
            app.processEvents()
        print(f"Ready tap to number on the attract screen: {_ms(taps)} "
              f"(the store write alone: {_ms(bare)}; the rest is both screens refreshing)")
        barista.shutdown()
        customer.shutdown()
        customer.allow_close()
        customer.close()
        barista.close()
        counter.stop()
        printer.stop()
        store.close()


def chime_figures() -> None:
    import numpy as np

    from kiosk.counter.chime import chime_path
    from kiosk.counter.sound import BUFFER_SAMPLES, ChimePlayer, SdlSink

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "sdl.raw"
        os.environ["SDL_AUDIODRIVER"] = "disk"
        os.environ["SDL_DISKAUDIOFILE"] = str(out)
        player = ChimePlayer(chime_path(), volume=1.0, sink_factory=SdlSink)
        player.start()
        to_play, to_sound = [], []
        try:
            for _ in range(5):
                player.started.clear()
                size_before = out.stat().st_size if out.exists() else 0
                t = time.perf_counter()
                player.chime()
                player.started.wait(10)
                to_play.append(time.perf_counter() - t)
                deadline = time.perf_counter() + 3
                while time.perf_counter() < deadline:  # SDL's own thread writes the file
                    data = out.read_bytes()[size_before:] if out.exists() else b""
                    samples = np.frombuffer(data[: len(data) // 2 * 2], "<i2")
                    if samples.size and np.abs(samples).max() > 1000:
                        to_sound.append(time.perf_counter() - t)
                        break
                    time.sleep(0.001)
                time.sleep(1.4)  # let the chime end before the next one
        finally:
            player.stop()
            os.environ.pop("SDL_AUDIODRIVER", None)
            os.environ.pop("SDL_DISKAUDIOFILE", None)
    period = BUFFER_SAMPLES / 44_100
    print(f"chime: chime() to mixer playing {_ms(to_play)}; to the first chime sample "
          f"written {_ms(to_sound) if to_sound else 'not seen'} "
          f"(SDL buffer period {period * 1000:.1f} ms)")


def main() -> None:
    receipt_figures()
    ready_figures()
    chime_figures()


if __name__ == "__main__":
    main()
