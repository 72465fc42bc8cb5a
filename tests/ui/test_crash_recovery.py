"""A kiosk killed during a print comes back with its queue intact and prints nothing twice.

The printer is a simulated printer in its own process (``photolatte sim --tcp 0 --out DIR``),
so it outlives the kiosk as a real machine would, and its ``--out`` records say exactly what
landed on the foam. The kiosk is a separate process running the real order store, printer
service and barista window; the barista's tap is a click on the card's Print button. It is
SIGKILLed mid-print. Then this test starts the barista screen again on the same data folder
and checks: the order is INTERRUPTED (not PRINTING, not QUEUED), the other orders wait as
before, the printer received no second job by itself, and one tap on Reprint prints the
order's exact dots.
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from barista_support import ROOT, portrait_like_mask, preview_of, save_screen
from PySide6.QtCore import Qt

from kiosk.orders.model import OrderState

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")

WAIT_MS = 30_000

# The kiosk process: real store, real service, real barista window; it taps Print once.
KIOSK_SCRIPT = r"""
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
import kiosk.ui  # noqa: F401  (PySide guard first)
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from kiosk.staff.access import StaffAccess
from kiosk.settings.config import KioskConfig
from kiosk.orders.menu import load_menu
from kiosk.orders.store import OrderStore
from kiosk.ui.barista import BaristaWindow
from kiosk.ui.context import AppContext
from kiosk.ui.i18n import LanguageManager
from kiosk.ui.print_adapter import QtPrintService

data_dir, url, order_id = sys.argv[1], sys.argv[2], int(sys.argv[3])
app = QApplication([])
config = KioskConfig(data_dir=data_dir, printer_url=url)
store = OrderStore(config.db_path)
service = QtPrintService(store, url)
context = AppContext(config=config, store=store, menu=load_menu(), printer=service,
                     i18n=LanguageManager("en"), staff=StaffAccess.for_config(config))
window = BaristaWindow(context)
window.show()
service.progress.connect(
    lambda oid, done, total, left: print(f"PROGRESS {oid} {done} {total}", flush=True))
service.printFinished.connect(lambda oid: print(f"FINISHED {oid}", flush=True))

def tap():
    card = window.cards.get(order_id)
    if service.connected and card is not None and card.print_button.isEnabled():
        card.print_button.click()
        print("TAPPED", flush=True)
    else:
        QTimer.singleShot(50, tap)

QTimer.singleShot(0, tap)
service.start()
app.exec()
"""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def _read_until(proc: subprocess.Popen, want, timeout: float) -> list[str]:
    """Lines from ``proc.stdout`` until ``want(line)``; fails after ``timeout`` seconds."""
    lines: list[str] = []
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if not sel.select(timeout=max(0.0, deadline - time.monotonic())):
                continue
            line = proc.stdout.readline()
            if not line:
                err = proc.stderr.read() if proc.stderr else ""
                raise AssertionError(f"process ended early; output {lines}\n{err[-3000:]}")
            lines.append(line.strip())
            if want(line.strip()):
                return lines
    finally:
        sel.close()
    raise AssertionError(f"timed out; output so far: {lines}")


def _prints(out: Path) -> list[dict]:
    return [json.loads(p.read_text()) for p in sorted(out.glob("print-*.json"))]


@pytest.fixture
def sim_process(tmp_path):
    out = tmp_path / "prints"
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "sim", "--tcp", "0", "--out", str(out),
         "--speed", "8", "--seed", "7"],
        cwd=ROOT, env=_env(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    )
    try:
        url = _read_until(proc, lambda s: s.startswith("socket://"), 30)[-1]
        yield url, out
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_sigkill_during_print_then_restart_keeps_the_queue_and_prints_once(
    qtbot, tmp_path, sim_process
):
    from kiosk.orders.menu import load_menu
    from kiosk.orders.store import OrderStore
    from kiosk.settings.config import KioskConfig
    from kiosk.staff.access import StaffAccess
    from kiosk.staff.rules import StaffRole
    from kiosk.ui.barista import BaristaWindow
    from kiosk.ui.context import AppContext
    from kiosk.ui.i18n import LanguageManager
    from kiosk.ui.print_adapter import QtPrintService
    from printer_driver.mask import Mask

    url, out = sim_process
    data = tmp_path / "data"
    config = KioskConfig(data_dir=data, printer_url=url)
    masks = {}
    with OrderStore(config.db_path) as store:
        for seed, drink in ((61, "latte"), (62, "cappuccino"), (63, "flat-white")):
            mask = portrait_like_mask(seed)
            order = store.create_order(drink_id=drink, mask=mask, preview=preview_of(mask))
            masks[order.id] = mask
    first, second, third = sorted(masks)

    # 1. The kiosk starts printing the first order, and dies mid-print.
    kiosk = subprocess.Popen(
        [sys.executable, "-c", KIOSK_SCRIPT, str(data), url, str(first)],
        cwd=ROOT, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        _read_until(kiosk, lambda s: s.startswith("PROGRESS") and int(s.split()[2]) >= 30,
                    60)
    finally:
        kiosk.send_signal(signal.SIGKILL)
        kiosk.wait(timeout=10)
    assert kiosk.returncode == -signal.SIGKILL

    # 2. Restart on the same data folder: the queue is as it was, the print is marked.
    store = OrderStore(config.db_path)
    service = QtPrintService(store, url)
    staff = StaffAccess.for_config(config)
    # A real printer (a socket): the café set its own codes at installation, so the queue
    # shows (with factory codes the window shows the "set the staff codes" step instead).
    staff.set_code(StaffRole.BARISTA, "4826")
    staff.set_code(StaffRole.TECHNICIAN, "739051")
    context = AppContext(config=config, store=store, menu=load_menu(), printer=service,
                         i18n=LanguageManager("en"), staff=staff)
    window = BaristaWindow(context)
    qtbot.addWidget(window)
    window.resize(1280, 900)
    window.show()
    try:
        assert store.recovered == (first,)
        queue = {o.id: o for o in store.list_queue()}
        assert sorted(queue) == [first, second, third]
        assert queue[first].state is OrderState.INTERRUPTED
        assert queue[first].error_code == "kiosk_restarted"
        assert queue[second].state is OrderState.QUEUED
        assert queue[third].state is OrderState.QUEUED
        assert [j.result.value for j in store.print_jobs(first)] == ["interrupted"]
        for order_id, mask in masks.items():
            assert store.get_mask(order_id) == mask  # nothing lost

        service.start()
        qtbot.waitUntil(lambda: service.connected, timeout=WAIT_MS)
        # The printer finishes (or drops) the cup it had; then nothing more arrives.
        qtbot.waitUntil(lambda: len(_prints(out)) == 1, timeout=WAIT_MS)
        card = window.cards[first]
        assert window.pages.currentWidget() is window.orders_page
        qtbot.waitUntil(card.print_button.isEnabled, timeout=WAIT_MS)
        for _ in range(3):
            with qtbot.waitSignal(service.statusChanged, timeout=WAIT_MS):
                pass
        assert len(_prints(out)) == 1
        assert store.get(first).state is OrderState.INTERRUPTED
        assert card.state_text.text() == "Print stopped"
        assert card.print_button.text() == "Cup is in place — Reprint"
        save_screen(window, "barista_after_crash")

        # 3. One tap reprints it, exactly.
        with qtbot.waitSignal(service.printFinished, timeout=WAIT_MS) as done:
            qtbot.mouseClick(card.print_button, Qt.MouseButton.LeftButton)
        assert done.args == [first]
        assert store.get(first).state is OrderState.PRINTED
        qtbot.waitUntil(lambda: len(_prints(out)) == 2, timeout=WAIT_MS)
        records = _prints(out)
        assert records[1]["result"] == "done" and records[1]["matches_job"]
        assert records[1]["rows_printed_twice"] == 0
        landed = Mask.load_png(out / records[1]["files"]["mask"])
        np.testing.assert_array_equal(landed.dots, masks[first].dots)
        assert store.get(second).state is OrderState.QUEUED
        assert store.get(third).state is OrderState.QUEUED
    finally:
        service.stop()
        window.close()
        store.close()
