"""A real crash: a kiosk process killed with SIGKILL while writing; reopening is consistent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kiosk.orders.model import OrderState
from kiosk.orders.store import OrderStore, PrintResult

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")

ROOT = Path(__file__).resolve().parents[2]

CHILD = textwrap.dedent("""
    import sys
    sys.path.insert(0, {tests!r})
    from kiosk_fakes import make_mask, make_preview
    from kiosk.orders.store import OrderStore

    store = OrderStore({db!r})
    mode = {mode!r}
    if mode == "pause-in-transaction":
        a = store.create_order(drink_id="latte", mask=make_mask(1), preview=make_preview(1))
        print("COMMITTED", a.id, flush=True)
        b = store.create_order(drink_id="latte", mask=make_mask(2), preview=None)
        print("COMMITTED", b.id, flush=True)
        store.begin_print(b.id)
        print("PRINTING", b.id, flush=True)
        with store._db.tx() as db:  # a write transaction the kill interrupts
            db.execute("UPDATE orders SET drink_id = 'half-written' WHERE id = ?", (a.id,))
            db.execute("DELETE FROM order_images WHERE order_id = ?", (a.id,))
            print("IN_TX", flush=True)
            sys.stdin.readline()  # blocks until killed
    elif mode == "print-and-wait":
        a = store.create_order(drink_id="latte", mask=make_mask(1), preview=None)
        store.begin_print(a.id)
        print("PRINTING", a.id, flush=True)
        sys.stdin.readline()  # a live kiosk in the middle of a print
    else:
        mask, preview = make_mask(3), make_preview(3)
        while True:  # write as fast as possible; the kill lands anywhere
            o = store.create_order(drink_id="latte", mask=mask, preview=preview)
            print("COMMITTED", o.id, flush=True)
            store.begin_print(o.id)
""")


def _run_until(tmp_path: Path, mode: str, stop_after: str, count: int = 1) -> list[str]:
    db = tmp_path / "orders.sqlite3"
    code = CHILD.format(tests=str(Path(__file__).parent), db=str(db), mode=mode)
    proc = subprocess.Popen(
        [sys.executable, "-c", code], cwd=ROOT, stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    lines: list[str] = []
    try:
        seen = 0
        while seen < count:
            line = proc.stdout.readline()
            if not line:
                raise AssertionError(f"child ended early: {proc.stderr.read()}")
            lines.append(line.strip())
            seen += line.startswith(stop_after)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait(30)
        proc.stdout.close()
        proc.stderr.close()
        proc.stdin.close()
    assert proc.returncode == -signal.SIGKILL
    return lines


def test_kill_inside_a_transaction_rolls_it_back(tmp_path) -> None:
    lines = _run_until(tmp_path, "pause-in-transaction", "IN_TX")
    committed = [int(x.split()[1]) for x in lines if x.startswith("COMMITTED")]
    printing = [int(x.split()[1]) for x in lines if x.startswith("PRINTING")]
    with OrderStore(tmp_path / "orders.sqlite3") as store:
        assert store.integrity_check() == "ok"
        assert [o.id for o in store.list_queue()] == committed
        first = store.get(committed[0])
        assert first.drink_id == "latte" and first.has_images  # the half write is gone
        assert store.recovered == tuple(printing)
        assert store.get(printing[0]).state is OrderState.INTERRUPTED
        assert store.print_jobs(printing[0])[0].result is PrintResult.INTERRUPTED


def test_kill_at_a_random_moment_loses_no_committed_order(tmp_path) -> None:
    lines = _run_until(tmp_path, "loop", "COMMITTED", count=15)
    committed = [int(x.split()[1]) for x in lines if x.startswith("COMMITTED")]
    with OrderStore(tmp_path / "orders.sqlite3") as store:
        assert store.integrity_check() == "ok"
        queue = {o.id: o for o in store.list_queue()}
        assert set(committed) <= set(queue)  # everything reported as accepted survived
        for order in queue.values():
            assert order.has_images
            assert order.state in (OrderState.QUEUED, OrderState.INTERRUPTED)
        assert not store.list_orders(states=[OrderState.PRINTING])
        for order in queue.values():
            assert all(j.finished_at is not None for j in store.print_jobs(order.id))


def test_a_second_process_never_interrupts_a_live_kiosks_print(tmp_path) -> None:
    db = tmp_path / "orders.sqlite3"
    code = CHILD.format(tests=str(Path(__file__).parent), db=str(db), mode="print-and-wait")
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert line.startswith("PRINTING"), proc.stderr.read()
        order_id = int(line.split()[1])
        with OrderStore(db) as viewer:  # e.g. a tool or test opening the live kiosk's file
            assert not viewer.owner and viewer.recovered == ()
            assert viewer.get(order_id).state is OrderState.PRINTING
    finally:
        proc.kill()
        proc.wait(30)
        for f in (proc.stdout, proc.stderr, proc.stdin):
            f.close()
    with OrderStore(db) as restarted:  # the kiosk died: now its print is interrupted
        assert restarted.owner and restarted.recovered == (order_id,)
