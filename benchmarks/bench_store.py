"""Order store, PIN check and demo camera figures (kiosk core, issue 4).

Prints: order commit latency with synchronous=FULL (what the store uses) against NORMAL
measured in the same run; queue listing with 200 orders; purge; database size before and
after purging; demo camera frame time against a bare warpAffine; technician PIN check time.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path


def _median_ms(fn, n: int) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def _db_bytes(path: Path) -> int:
    """The database's files (main, WAL, shm); not the lock or the fixed disk reserve."""
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*")
               if not p.name.endswith((".reserve", ".lock")))


def main() -> None:
    import cv2
    import numpy as np

    from kiosk.camera.reader import DemoCamera
    from kiosk.orders.model import OrderState
    from kiosk.orders.store import OrderStore
    from kiosk.staff.codes import CodeStore
    from printer_driver.mask import Mask, circle_mask

    rng = np.random.default_rng(0)
    n = Mask.blank().size
    dots = rng.choice(np.array([0, 1, 2], np.uint8), size=(n, n), p=[0.5, 0.25, 0.25])
    dots[~circle_mask(76.0, 0.3)] = 0
    mask = Mask(dots)
    preview = rng.integers(0, 256, (512, 512, 3), dtype=np.uint8)

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "orders.sqlite3"
        store = OrderStore(path)

        def create() -> None:
            store.create_order(drink_id="latte", mask=mask, preview=preview)

        full = _median_ms(create, 40)
        store._db.query("PRAGMA synchronous=NORMAL")  # baseline only; the store uses FULL
        normal = _median_ms(create, 40)
        store._db.query("PRAGMA synchronous=FULL")
        png = _median_ms(mask.to_png_bytes, 10)
        print(f"create_order (mask + preview, committed): {full:.2f} ms with FULL, "
              f"{normal:.2f} ms with NORMAL (ratio {full / normal:.2f}); of which "
              f"Mask.to_png_bytes {png:.1f} ms (noisy worst-case mask)")
        for _ in range(120):
            create()
        queue_ms = _median_ms(store.list_queue, 30)
        print(f"list_queue with {len(store.list_queue())} orders: {queue_ms:.2f} ms")
        before = _db_bytes(path)
        with store._db.tx() as db:
            for order in store.list_queue():
                db.execute("UPDATE orders SET state = ? WHERE id = ?",
                           (OrderState.SERVED.value, order.id))
        t = time.perf_counter()
        purged = store.purge()
        purge_ms = (time.perf_counter() - t) * 1000
        store.close()
        after = _db_bytes(path)
        print(f"purge of {purged} orders' images: {purge_ms:.1f} ms; database "
              f"{before / 1e6:.2f} MB -> {after / 1e6:.2f} MB on disk")

        pins = CodeStore(Path(tmp) / "pin.json")
        pins.set_code("2580")
        pin_ms = _median_ms(lambda: pins.verify("2580"), 5)
        print(f"technician PIN check (scrypt N=2^14): {pin_ms:.0f} ms (run it off the GUI thread)")

    cam = DemoCamera(seed=0)
    t = time.perf_counter()
    cam.open()
    open_ms = (time.perf_counter() - t) * 1000
    frame_ms = _median_ms(cam.read, 120)
    base = cam._base
    m = np.array([[1.01, 0, -40], [0, 1.01, -40]], np.float32)
    warp_ms = _median_ms(lambda: cv2.warpAffine(base, m, (640, 480)), 120)
    print(f"demo camera: open {open_ms:.0f} ms, frame {frame_ms:.2f} ms "
          f"(bare warpAffine {warp_ms:.2f} ms, ratio {frame_ms / warp_ms:.1f}); "
          f"max {1000 / frame_ms:.0f} fps on one core")
