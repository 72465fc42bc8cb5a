"""What a kiosk does on a small disk that fills up: run on a real 1 MiB tmpfs (in a child
process with its own mount namespace, :func:`run_on_tmpfs`) or on a pretend disk
(:func:`small_disk`), and reported as a plain dict the tests assert on."""

from __future__ import annotations

import errno
import json
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from kiosk_fakes import make_mask, make_preview

from kiosk.orders.errors import StoreError
from kiosk.orders.model import OrderState
from kiosk.orders.store import OrderStore
from kiosk.staff.codes import CodeStore

S = OrderState
DISK_BYTES = 1024 * 1024


def fill_then_delete(folder: Path, *, injected: bool = False) -> dict[str, Any]:
    """One order printed, then orders until the disk is full; then Served and Cancel must
    delete every image, and the freed space takes a new order again.

    ``injected``: on a pretend 1 MiB disk (:func:`small_disk`) instead of a real one.
    """
    store = OrderStore(folder / "orders.sqlite3")
    if not injected:
        return _fill_then_delete(store, folder)
    with small_disk(store):
        return _fill_then_delete(store, folder)


def _fill_then_delete(store: OrderStore, folder: Path) -> dict[str, Any]:
    report: dict[str, Any] = {}
    printed = store.create_order(drink_id="latte", mask=make_mask(0), preview=make_preview(0))
    store.transition(printed.id, S.PRINTING)
    store.transition(printed.id, S.PRINTED)
    queued = []
    for seed in range(1, 40):
        try:
            queued.append(store.create_order(drink_id="latte", mask=make_mask(seed),
                                             preview=make_preview(seed)).id)
        except StoreError as exc:
            report["full"] = {"code": exc.code.value, "path": exc.path}
            break
    report["orders_before_full"] = 1 + len(queued)
    try:
        store.transition(queued[0], S.PRINTING)
    except StoreError as exc:  # not a deletion: may be refused for lack of space
        report["print_on_full_disk"] = exc.code.value
    else:
        report["print_on_full_disk"] = "ok"
    done = []
    for order_id, final in [(printed.id, S.SERVED)] + [(i, S.CANCELLED) for i in queued]:
        try:
            done.append(store.transition(order_id, final).state.value)
        except StoreError as exc:
            done.append(f"error:{exc.code.value}")
    report["deletions"] = done
    report["images_left"] = sum(store.get(i).has_images for i in [printed.id, *queued])
    report["wal_bytes"] = _size(folder / "orders.sqlite3-wal")
    try:
        store.create_order(drink_id="latte", mask=make_mask(99), preview=make_preview(99))
        report["order_after"] = "ok"
    except StoreError as exc:
        report["order_after"] = exc.code.value
    store.close()
    return report


def pin_on_full_disk(folder: Path) -> dict[str, Any]:
    """A technician PIN set, then the disk filled: 30 wrong PINs, then the right one."""
    pins = CodeStore(folder / "technician_pin.json", max_failures=5, lockout_minutes=5,
                    scrypt_n=2**10)
    pins.set_code("2468")
    _fill(folder)
    checks = [pins.verify("1111") for _ in range(30)]
    right = pins.verify("2468")
    return {
        "problems": sorted({c.storage_problem.code.value for c in checks
                            if c.storage_problem is not None}),
        "locked_after": next((n + 1 for n, c in enumerate(checks) if c.locked), None),
        "right_pin_ok": right.ok,
        "right_pin_locked": right.locked,
    }


def read_only(folder: Path) -> dict[str, Any]:
    """A data folder that became read-only (remounted) while the kiosk was stopped."""
    report: dict[str, Any] = {}
    with OrderStore(folder / "orders.sqlite3", require_owner=True) as store:
        store.create_order(drink_id="latte", mask=make_mask(1), preview=None)
    pins = CodeStore(folder / "technician_pin.json", max_failures=3, scrypt_n=2**10)
    pins.set_code("2468")
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
    checks = [pins.verify("1111") for _ in range(4)]
    report["pin_problems"] = sorted({c.storage_problem.code.value for c in checks
                                     if c.storage_problem is not None})
    report["pin_locked"] = checks[-1].locked and not pins.verify("2468").ok
    for name, owner in (("kiosk", True), ("tool", False)):
        try:
            OrderStore(folder / "orders.sqlite3", require_owner=owner).close()
            report[name] = "ok"
        except StoreError as exc:
            report[name] = exc.code.value
    return report


def _fill(folder: Path) -> None:
    """Fill the disk to the last byte."""
    with open(folder / "filler", "wb", buffering=0) as fh:
        try:
            while True:
                fh.write(b"\1" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC, exc


def _size(path: Path) -> int:
    return path.stat().st_size if path.exists() else 0


SCENARIOS: dict[str, Callable[[Path], dict[str, Any]]] = {
    "fill_then_delete": fill_then_delete,
    "pin_on_full_disk": pin_on_full_disk,
    "read_only": read_only,
}


# --- where to run them ----------------------------------------------------------------------

MOUNT_CHILD = """
import json, pathlib, subprocess, sys
folder = pathlib.Path(sys.argv[1])
subprocess.run(["mount", "-t", "tmpfs", "-o", "size={size},mode=0700", "tmpfs", str(folder)],
               check=True)
sys.path.insert(0, {here!r})
import disk_scenarios
print("REPORT", json.dumps(disk_scenarios.SCENARIOS[sys.argv[2]](folder)))
"""


def unshare_command() -> list[str] | None:
    """How to get a private mount namespace here: as root ``unshare --mount``; otherwise
    with a user namespace (``--map-root-user``); None if neither works on this machine."""
    tool = shutil.which("unshare")
    if tool is None or sys.platform != "linux":
        return None
    for command in ([tool, "--mount"], [tool, "--map-root-user", "--mount"]):
        probe = subprocess.run([*command, "true"], capture_output=True, timeout=30)
        if probe.returncode == 0:
            return command
    return None


def run_on_tmpfs(scenario: str, folder: Path, size: int = DISK_BYTES) -> dict[str, Any]:
    """Run ``scenario`` on a fresh tmpfs of ``size`` bytes mounted on ``folder`` in a
    private mount namespace (the mount dies with the child, even if it is killed).

    Raises:
        RuntimeError: no mount namespace is available here (see :func:`unshare_command`).
    """
    command = unshare_command()
    if command is None:
        raise RuntimeError("no mount namespace available")
    folder.mkdir(parents=True, exist_ok=True)
    code = MOUNT_CHILD.format(size=size, here=str(Path(__file__).resolve().parent))
    done = subprocess.run([*command, sys.executable, "-c", code, str(folder), scenario],
                          capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parents[2])
    lines = [x for x in done.stdout.splitlines() if x.startswith("REPORT ")]
    if done.returncode != 0 or not lines:
        raise AssertionError(f"scenario {scenario} failed:\n{done.stdout}\n{done.stderr}")
    return json.loads(lines[-1].removeprefix("REPORT "))


# --- the injected full disk -----------------------------------------------------------------

class _SmallDiskConnection:
    """The store's SQLite connection on a pretend disk of ``capacity`` bytes (for machines
    where no tmpfs can be mounted): while the folder's files take more than that, every
    commit fails with SQLite's own "database or disk is full" (SQLITE_FULL), as a real
    full disk fails the WAL write. Everything else is the real connection."""

    def __init__(self, real: sqlite3.Connection, folder: Path, capacity: int) -> None:
        self._real = real
        self._folder = folder
        self._capacity = capacity

    def _used(self) -> int:
        return sum(p.stat().st_size for p in self._folder.iterdir() if p.is_file())

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        if sql.strip().upper() == "COMMIT" and self._used() > self._capacity:
            error = sqlite3.OperationalError("database or disk is full")
            error.sqlite_errorcode = 13  # SQLITE_FULL, as SQLite itself sets it
            raise error
        return self._real.execute(sql, params)

    @property
    def in_transaction(self) -> bool:
        return self._real.in_transaction

    def close(self) -> None:
        self._real.close()


@contextmanager
def small_disk(store: OrderStore, capacity: int = DISK_BYTES) -> Iterator[None]:
    """Put an open ``store`` on a pretend disk of ``capacity`` bytes."""
    database = store._db
    real = database._db
    assert real is not None
    database._db = _SmallDiskConnection(real, store.path.parent, capacity)
    try:
        yield
    finally:
        database._db = real
