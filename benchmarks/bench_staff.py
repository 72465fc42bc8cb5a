"""Staff entry figures: the hold's progress update rate, the time from the right code to the
queue, and the lockout.

Runs the whole kiosk offscreen (``QT_QPA_PLATFORM=offscreen`` unless a platform is set),
full screen on one screen (the single-screen shell), on a temporary data folder with the
codes set at the real scrypt cost. Each figure has a baseline measured in the same run:

- hold progress: redraws of the line under the name per second during a real 3 s hold,
  beside a bare ``QTimer`` at the same interval in the same event loop;
- right code to queue: from ✓ on the staff pad to the barista page shown, for the barista
  code (one scrypt check) and the technician PIN (two: the barista code is tried first),
  beside one bare scrypt hash with the same parameters;
- lockout: wrong codes before the pad locks, how long it stays locked, the guesses an
  hour that leaves, and what that means for a 4-digit code once the rules refused the
  trivial ones (a wrong code at the staff pad counts against both codes).
"""

from __future__ import annotations

import hashlib
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.ui.app import KioskApp

HOLD_SECONDS = 3.0
REPEATS = 5


def _until(done: Callable[[], object], timeout: float = 30.0) -> float:
    """Process events until ``done()``; the seconds it took."""
    from PySide6.QtWidgets import QApplication

    start = time.perf_counter()
    while not done():
        QApplication.processEvents()
        time.sleep(0.001)
        if time.perf_counter() - start > timeout:
            raise TimeoutError("the kiosk did not get there")
    return time.perf_counter() - start


def _hold_rate(kiosk: KioskApp) -> tuple[float, float, int]:
    """(line redraws a second, bare timer ticks a second, ticks in the hold)."""
    from PySide6.QtCore import QEvent, QObject, Qt, QTimer
    from PySide6.QtTest import QTest

    customer = kiosk.customer
    hold, brand = customer.staff_hold, customer.brand
    paints = [0]

    class Count(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                paints[0] += 1
            return False

    counter = Count()
    hold.line.installEventFilter(counter)
    done = []
    hold.held.connect(lambda: done.append(time.perf_counter()))
    start = time.perf_counter()
    QTest.mousePress(brand, Qt.MouseButton.LeftButton)
    _until(lambda: done, timeout=HOLD_SECONDS + 5)
    held_for = done[0] - start
    QTest.mouseRelease(brand, Qt.MouseButton.LeftButton)
    redraws = paints[0] / held_for
    ticks_in_hold = hold.ticks

    ticks = [0]
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(16)
    timer.timeout.connect(lambda: ticks.__setitem__(0, ticks[0] + 1))
    start = time.perf_counter()
    timer.start()
    _until(lambda: time.perf_counter() - start >= HOLD_SECONDS)
    timer.stop()
    bare = ticks[0] / (time.perf_counter() - start)
    kiosk.shell.show_customer()
    return redraws, bare, ticks_in_hold


def _code_to_queue(kiosk: KioskApp, code: str) -> float:
    """Seconds from ✓ with ``code`` on the staff pad to the barista page on screen."""
    shell = kiosk.shell
    shell.show_customer()
    shell.show_entry()
    page = kiosk.barista_window.pages
    for digit in code:
        shell.entry.press(digit)
    start = time.perf_counter()
    shell.entry.press("✓")
    _until(lambda: shell.showing == "barista" and page.currentWidget().isVisible())
    return time.perf_counter() - start


def _bare_hash_seconds() -> float:
    from kiosk.staff.codes import SCRYPT_N, SCRYPT_P, SCRYPT_R

    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        hashlib.scrypt(b"3971", salt=os.urandom(16), n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P,
                       maxmem=256 * SCRYPT_N * SCRYPT_R + (1 << 20), dklen=32)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _lockout(folder: Path) -> None:
    from kiosk.settings.config import KioskConfig
    from kiosk.staff.access import Door, StaffAccess
    from kiosk.staff.rules import CodeError, StaffRole, validate_new_code

    config = KioskConfig(data_dir=folder, printer_url="/dev/ttyACM0")
    access = StaffAccess.for_config(config)
    access.set_code(StaffRole.BARISTA, "3971")
    access.set_code(StaffRole.TECHNICIAN, "582946")
    tries, wrong = 0, []
    while True:
        tries += 1
        start = time.perf_counter()
        check = access.check(Door.STAFF, f"{1000 + tries * 7:04d}")
        wrong.append(time.perf_counter() - start)
        if check.locked:
            break
    locked = access.locked_seconds(Door.STAFF)
    refused_right = not access.check(Door.STAFF, "3971").ok
    tech_locked = access.locked_seconds(Door.TECHNICIAN) > 0
    allowed = 0
    for n in range(10_000):
        try:
            validate_new_code(f"{n:04d}", StaffRole.BARISTA)
            allowed += 1
        except CodeError:
            pass
    per_hour = config.technician.max_failures * 60 / config.technician.lockout_minutes
    print(f"lockout: the staff pad locks on wrong code {tries} "
          f"(max_failures {config.technician.max_failures}) for {locked / 60:.1f} min; "
          f"the right code is refused meanwhile: {refused_right}; the technician PIN's "
          f"pad is locked too: {tech_locked}")
    print(f"  a wrong code at the staff pad: {1000 * statistics.median(wrong):.0f} ms "
          "(two scrypt checks: the barista code, then the technician PIN)")
    print(f"  guesses an hour at most: {per_hour:.0f}; 4-digit codes the rules allow: "
          f"{allowed} of 10000 ({10000 - allowed} refused as trivial); expected time to "
          f"find one 4-digit code by guessing: {allowed / 2 / per_hour:.0f} h "
          f"({allowed / 2 / per_hour / 24:.1f} days of non-stop guessing); a 6-digit "
          f"code: x100")


def main() -> None:
    """Print the staff entry figures."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kiosk.orders.store import OrderStore
    from kiosk.settings.config import KioskConfig
    from kiosk.staff.rules import DEFAULT_CODES, StaffRole
    from kiosk.ui.app import KioskApp, ensure_application
    from kiosk.ui.print_adapter import QtPrintService
    from printer_driver.sim import remove_printer

    ensure_application()
    with tempfile.TemporaryDirectory(prefix="photolatte-staff-") as tmp:
        folder = Path(tmp)
        config = KioskConfig(data_dir=folder / "kiosk", printer_url="sim://benchstaff?speed=40",
                             lang="en")
        store = OrderStore(config.db_path, require_owner=True)
        service = QtPrintService(store, config.printer_url)
        kiosk = KioskApp(config, store=store, printer=service)
        kiosk.start(fullscreen=True)
        try:
            redraws, bare, ticks = _hold_rate(kiosk)
            print(f"hold progress: {redraws:.0f} redraws/s of the line under the name over the "
                  f"{HOLD_SECONDS:.0f} s hold ({ticks} ticks); bare 16 ms QTimer in the same "
                  f"loop: {bare:.0f}/s ({redraws / bare:.0%} of it)")
            kiosk.staff.set_code(StaffRole.BARISTA, "3971")
            kiosk.staff.set_code(StaffRole.TECHNICIAN, "582946")
            barista = [_code_to_queue(kiosk, "3971") for _ in range(REPEATS)]
            tech = [_code_to_queue(kiosk, "582946") for _ in range(REPEATS)]
            default = DEFAULT_CODES[StaffRole.BARISTA]
            kiosk.staff.reset(StaffRole.BARISTA)
            demo = [_code_to_queue(kiosk, default) for _ in range(REPEATS)]
            bare_hash = _bare_hash_seconds()
            print(f"right code to the queue (median of {REPEATS}): barista code "
                  f"{1000 * statistics.median(barista):.0f} ms, technician PIN (to its "
                  f"screen) {1000 * statistics.median(tech):.0f} ms, the demo's default "
                  f"barista code {1000 * statistics.median(demo):.0f} ms; one bare scrypt "
                  f"hash (N=2^14): {1000 * bare_hash:.0f} ms")
        finally:
            kiosk.shutdown()
            service.stop()
            store.close()
            remove_printer("benchstaff")
        _lockout(folder / "lockout")


if __name__ == "__main__":
    main()
