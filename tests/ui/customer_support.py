"""Set-up for the customer-screen tests: a real order store in ``tmp_path``, the demo camera,
the real imaging core, and helpers to walk the flow and save screenshots.

The printer is a stand-in with the two properties the customer window reads (``busy`` and
``last_progress``): these tests never print, and idle tests must set "a print is running"
at will. The barista tests cover printing with the real service and simulated printer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from kiosk.counter.service import CounterService
from kiosk.orders.menu import load_menu
from kiosk.orders.store import OrderStore
from kiosk.printing.profiles import PrintSettings
from kiosk.settings.config import KioskConfig, ScreenSettings
from kiosk.ui.context import AppContext
from kiosk.ui.counter import CounterBridge
from kiosk.ui.customer.window import CustomerWindow
from kiosk.ui.i18n import LanguageManager

ROOT = Path(__file__).resolve().parents[2]
SCREENS = ROOT / "test-artifacts" / "screens"
HANGUL = re.compile("[\uac00-\ud7a3]")
WAIT_MS = 20_000  # generous: 2 shared cores, first renders load OpenCV and numba


@dataclass
class PrinterStandIn:
    """What the customer window asks of ``kiosk.ui.print_adapter.QtPrintService``."""

    busy: bool = False
    last_progress: tuple[int, int, float] | None = None
    print_settings: PrintSettings | None = None  # the printer is not known: nominal values


@dataclass
class CustomerRig:
    window: CustomerWindow
    store: OrderStore
    printer: PrinterStandIn
    context: AppContext
    config: KioskConfig
    extra: dict[str, Any] = field(default_factory=dict)


def make_customer(qtbot: Any, tmp_path: Path, *, lang: str = "en",
                  monotonic: Callable[[], float] | None = None, **overrides: Any
                  ) -> CustomerRig:
    """A shown CustomerWindow over a fresh store; ``overrides`` are KioskConfig fields;
    ``monotonic`` replaces the context's monotonic clock (phone code lifetimes)."""
    # 96 dpi, as the figures in docs/kiosk.md (the offscreen platform reports 100).
    values: dict[str, Any] = {"data_dir": tmp_path, "camera": "demo", "lang": lang,
                              "screen": ScreenSettings(dpi=96)}
    values.update(overrides)
    config = KioskConfig(**values)
    store = OrderStore(config.db_path, retention_minutes=config.retention_minutes)
    printer = PrinterStandIn()
    i18n = LanguageManager(lang)
    menu = load_menu()
    # The real counter service over the same store: no receipt printer, no sound device
    # (a receipt printer and the chime have their own tests in tests/counter).
    counter = CounterService.from_config(store, menu, config, sink_factory=SilentSink)
    counter.start()
    context = AppContext(config=config, store=store, menu=menu, printer=printer,
                         i18n=i18n, counter=CounterBridge(counter))
    if monotonic is not None:
        context.monotonic = monotonic
    window = CustomerWindow(context, countdown_ms=30, ticket_seconds=60)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    return CustomerRig(window, store, printer, context, config)


class SilentSink:
    """A sound sink with no device: the chime is counted, nothing is heard."""

    def __init__(self) -> None:
        self.played: list[object] = []

    def open(self) -> None:
        pass

    def play(self, wav: object, volume: float) -> None:
        self.played.append(wav)

    def close(self) -> None:
        pass


def close_customer(rig: CustomerRig) -> None:
    """Join every worker, then close the store."""
    if rig.context.counter is not None:
        rig.context.counter.service.stop()
    rig.window.shutdown()
    rig.window.allow_close()
    rig.context.i18n.close()
    rig.store.close()


def click(qtbot: Any, button: QPushButton) -> None:
    """A tap (asserting the button can be tapped: visible and enabled)."""
    assert button.isVisible(), f"{button.text()!r} is not visible"
    assert button.isEnabled(), f"{button.text()!r} is disabled"
    button.click()


def to_camera(qtbot: Any, rig: CustomerRig) -> None:
    """Attract -> drink -> consent (yes) -> camera with a live preview showing."""
    w = rig.window
    click(qtbot, w.attract.start_button)
    assert w.current_screen == "menu"
    click(qtbot, w.menu.drink_buttons[0][0])
    assert w.current_screen == "consent"
    click(qtbot, w.consent.yes_button)
    assert w.current_screen == "camera"
    qtbot.waitUntil(lambda: w.camera_screen.camera_view.image is not None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: w.camera_screen.cup_view.image is not None, timeout=WAIT_MS)


def shoot(qtbot: Any, rig: CustomerRig) -> None:
    """Take the photo (3-2-1) and wait for the cup preview on the review screen."""
    w = rig.window
    qtbot.waitUntil(w.camera_screen.take_button.isEnabled, timeout=WAIT_MS)  # first frame
    click(qtbot, w.camera_screen.take_button)
    # The 3-2-1 shows over the camera (not hidden behind it).
    assert w.camera_screen.countdown_label.isVisible()
    assert w.camera_screen.countdown_label.text() == "3"
    qtbot.waitUntil(lambda: w.current_screen == "review", timeout=WAIT_MS)
    wait_review_ready(qtbot, rig)


def wait_review_ready(qtbot: Any, rig: CustomerRig) -> None:
    w = rig.window
    qtbot.waitUntil(lambda: w.review.confirm_button.isEnabled()
                    and w.review.cup_view.image is not None, timeout=WAIT_MS)


def visible_texts(root: QWidget) -> list[tuple[str, str]]:
    """(object kind, text) of every visible, non-empty QLabel and QPushButton under root."""
    out = []
    for kind in (QLabel, QPushButton):
        for widget in root.findChildren(kind):
            if widget.isVisibleTo(root) and widget.isVisible() and widget.text().strip():
                out.append((kind.__name__, widget.text()))
    return out


def save_screen(widget: QWidget, name: str) -> Path:
    """Save a screenshot to ``test-artifacts/screens/NAME.png``."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    path = SCREENS / f"{name}.png"
    assert widget.grab().save(str(path)), f"could not save {path}"
    return path


def _has_letters(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def check_both_languages(qtbot, rig, name: str) -> None:
    """Every visible text differs between English and Korean; screenshots of both."""
    w, i18n = rig.window, rig.context.i18n
    i18n.set_language("en")
    en = visible_texts(w)
    save_screen(w, f"{name}-en")
    i18n.set_language("ko")
    ko = visible_texts(w)
    save_screen(w, f"{name}-ko")
    i18n.set_language("en")
    assert visible_texts(w) == en, "switching back did not restore the English texts"
    assert len(en) == len(ko), f"{name}: different widgets visible in en and ko"
    ko_texts = {t for _, t in ko}
    toggle = w.language_toggle.text()
    for _, text in en:
        if not _has_letters(text):
            continue  # numbers: the ticket, the countdown
        assert text not in ko_texts, f"{name}: {text!r} is the same in Korean"
        if text != toggle:
            assert not HANGUL.search(text), f"{name}: Korean left in English: {text!r}"
    for _, text in ko:
        if _has_letters(text) and text != "English":
            assert HANGUL.search(text), f"{name}: no Korean in {text!r}"
