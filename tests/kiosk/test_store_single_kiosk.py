"""One kiosk per data folder: a second kiosk refuses to start; tools may still open the file.

The owner lock is a POSIX record lock, which belongs to a process (two opens in one process
share it), so the "first kiosk" here is a real child process holding the store open.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from kiosk_fakes import make_mask

from kiosk.orders.model import OrderState
from kiosk.orders.store import OrderStore, StoreError, StoreErrorCode, StoreInUseError

pytestmark = pytest.mark.skipif(os.name != "posix", reason="the owner lock is POSIX lockf")

ROOT = Path(__file__).resolve().parents[2]

HOLDER = textwrap.dedent("""
    import sys
    from kiosk.orders.store import OrderStore

    store = OrderStore({db!r}, require_owner=True)
    print("OWNER", store.owner, flush=True)
    sys.stdin.readline()  # hold the store until the test says so
    store.close()
""")


def _hold(db: Path) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLDER.format(db=str(db))], cwd=ROOT,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()  # blocks until the child owns the store (or dies)
    assert line.strip() == "OWNER True", proc.stderr.read()
    return proc


def _release(proc: subprocess.Popen) -> None:
    proc.stdin.write("\n")
    proc.stdin.flush()
    assert proc.wait(timeout=30) == 0, proc.stderr.read()


def test_second_owner_is_refused_while_the_first_lives(tmp_path: Path) -> None:
    db = tmp_path / "data" / "orders.sqlite3"
    proc = _hold(db)
    try:
        with pytest.raises(StoreInUseError) as info:
            OrderStore(db, require_owner=True)
        assert isinstance(info.value, StoreError)  # the CLI's existing handler catches it
        assert info.value.code is StoreErrorCode.IN_USE
        assert info.value.params == {"path": str(db.parent)}
        # Tools and tests (photolatte pin, reports) still open it, as non-owners.
        with OrderStore(db) as tool:
            assert tool.owner is False
            assert tool.recovered == ()
            order = tool.create_order(drink_id="latte", mask=make_mask(1), preview=None)
            assert tool.get(order.id).drink_id == "latte"
    finally:
        _release(proc)
    # The first kiosk closed: the next one starts.
    with OrderStore(db, require_owner=True) as store:
        assert store.owner is True


def test_lock_dies_with_a_killed_kiosk(tmp_path: Path) -> None:
    db = tmp_path / "orders.sqlite3"
    proc = _hold(db)
    proc.kill()
    proc.wait(timeout=30)
    with OrderStore(db, require_owner=True) as store:
        assert store.owner is True


def test_second_kiosk_command_exits_2_with_the_message(tmp_path: Path) -> None:
    data = tmp_path / "data"
    config = tmp_path / "kiosk.toml"
    config.write_text(f"data_dir = '{data}'\n", encoding="utf-8")
    proc = _hold(data / "orders.sqlite3")
    try:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        second = subprocess.run(
            [sys.executable, "-c", "from kiosk.cli import main; raise SystemExit(main())",
             "kiosk", "--config", str(config)], cwd=ROOT,
            env=env, capture_output=True, text=True, timeout=120)
    finally:
        _release(proc)
    assert second.returncode == 2, second.stderr
    assert (f"Photo Latte is already running on this computer (data folder {data}). "
            "Close it first, or use another data folder.") in second.stderr


# --- audit hole 8: no lock, no ownership ---------------------------------------------------

def _unopenable_lock(db: Path) -> Path:
    """Make ``<db>.lock`` impossible to open (a folder in its place; works as root too)."""
    lock = db.with_name(db.name + ".lock")
    lock.mkdir()
    return lock


def test_a_kiosk_without_its_lock_refuses_to_start_with_the_reason(tmp_path: Path) -> None:
    db = tmp_path / "orders.sqlite3"
    lock = _unopenable_lock(db)
    with pytest.raises(StoreError) as info:
        OrderStore(db, require_owner=True)
    assert info.value.code is StoreErrorCode.LOCK_UNAVAILABLE
    assert info.value.params["path"] == str(lock) and info.value.params["reason"]
    from kiosk.cli.store_words import store_error_line

    line = store_error_line(info.value)
    assert str(lock) in line and "another kiosk might be using this data folder" in line


def test_without_the_lock_a_second_process_never_interrupts_a_print(tmp_path: Path) -> None:
    db = tmp_path / "orders.sqlite3"
    with OrderStore(db, require_owner=True) as kiosk:  # a kiosk printing when it died...
        order = kiosk.create_order(drink_id="latte", mask=make_mask(1), preview=None)
        kiosk.begin_print(order.id)
    db.with_name(db.name + ".lock").unlink()
    _unopenable_lock(db)  # ... and now nobody can tell whether it still runs
    with OrderStore(db) as tool:
        assert tool.owner is False and tool.recovered == ()
        assert tool.get(order.id).state is OrderState.PRINTING
        assert [j.finished_at for j in tool.print_jobs(order.id)] == [None]
