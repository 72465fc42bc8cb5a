"""Audit hole 3: images deleted by Served/Cancel must not survive in the ``-wal`` file when
the kiosk is killed between the deletion and its checkpoint; the next start clears them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from kiosk_fakes import bytes_on_disk, chunks, make_mask, make_preview

from kiosk.orders.model import OrderState
from kiosk.orders.schema import encode_preview
from kiosk.orders.store import OrderStore

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")

ROOT = Path(__file__).resolve().parents[2]

# The child deletes an order's images (Served or Cancel) and is killed right after the
# deletion committed, before the WAL is truncated: the window the audit found.
CHILD = textwrap.dedent("""
    import sys
    sys.path.insert(0, {tests!r})
    from kiosk_fakes import make_mask, make_preview
    from kiosk.orders.database import Database
    from kiosk.orders.model import OrderState
    from kiosk.orders.store import OrderStore

    def stop_here(self):
        print("DELETED", flush=True)
        sys.stdin.readline()  # blocks until killed

    store = OrderStore({db!r})
    order = store.create_order(drink_id="latte", mask=make_mask(7), preview=make_preview(7))
    if {checkpointed!r}:  # the images reached the main file, as after a while
        store._db.truncate_wal()
    keep = store.create_order(drink_id="latte", mask=make_mask(8), preview=None)
    print("ORDER", order.id, keep.id, flush=True)
    Database.scrub = stop_here
    if {final!r} == "served":
        store.transition(order.id, OrderState.PRINTING)
        store.transition(order.id, OrderState.PRINTED)
    store.transition(order.id, OrderState({final!r}))
""")


def _kill_after_deletion(db: Path, final: OrderState, checkpointed: bool) -> tuple[int, int]:
    code = CHILD.format(tests=str(Path(__file__).parent), db=str(db), final=final.value,
                        checkpointed=checkpointed)
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        ids = proc.stdout.readline().split()
        assert ids and ids[0] == "ORDER", proc.stderr.read()
        assert proc.stdout.readline().strip() == "DELETED", proc.stderr.read()
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(30) == -signal.SIGKILL
    finally:
        proc.kill()
        proc.wait(30)
        for f in (proc.stdout, proc.stderr, proc.stdin):
            f.close()
    return int(ids[1]), int(ids[2])


@pytest.mark.parametrize(("final", "checkpointed"), [
    (OrderState.SERVED, False),  # the images only in the WAL's frames
    (OrderState.CANCELLED, True),  # in the main file, their zeroing only in the WAL
])
def test_a_kill_before_the_checkpoint_leaves_no_image_after_the_next_start(
        tmp_path: Path, final: OrderState, checkpointed: bool) -> None:
    db = tmp_path / "orders.sqlite3"
    deleted, kept = _kill_after_deletion(db, final, checkpointed)
    kept_png = make_mask(8).to_png_bytes()  # shares the PNG header with the deleted mask
    pieces = [p for p in chunks(make_mask(7).to_png_bytes())
              + chunks(encode_preview(make_preview(7))) if p not in kept_png]
    wal = db.with_name(db.name + "-wal")
    # The window is real: the killed kiosk left the images in its files.
    left = bytes_on_disk(db)
    assert sum(p in left for p in pieces) > 0.5 * len(pieces)
    with OrderStore(db, require_owner=True) as restarted:  # the next start
        on_disk = bytes_on_disk(db)
        assert [p for p in pieces if p in on_disk] == []
        assert not wal.exists() or wal.stat().st_size == 0
        # The deletion itself was committed before the kill; the other order is whole.
        assert not restarted.get(deleted).has_images
        assert restarted.get(deleted).state is final
        assert restarted.get_mask(kept) == make_mask(8)
