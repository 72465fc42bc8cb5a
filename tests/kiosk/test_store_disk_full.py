"""Audit hole 2 (and hole 1's disk): a full disk must never block deleting a customer's
images, and every store error on it is a coded StoreError.

The real test runs on a 1 MiB tmpfs mounted in a child process's own mount namespace (as
root, as CI runs, or through a user namespace); where neither exists the same scenario runs
on the pretend disk, which CI runs too (``..._on_a_pretend_disk``), so nothing is skipped.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from disk_scenarios import fill_then_delete, run_on_tmpfs, small_disk, unshare_command
from kiosk_fakes import make_mask, make_preview

from kiosk.orders.model import OrderState
from kiosk.orders.ownership import RESERVE_BYTES
from kiosk.orders.store import OrderStore, StoreError, StoreErrorCode


def _assert_deletions_won(report: dict[str, Any]) -> None:
    assert report["full"]["code"] == "disk_full", report
    assert report["full"]["path"].endswith("orders.sqlite3")
    assert report["orders_before_full"] >= 2, report  # the disk did fill up
    # Printing is a write like any other: refused, in words, on a full disk.
    assert report["print_on_full_disk"] == "disk_full"
    # Served and Cancel delete the images anyway, every one of them.
    assert report["deletions"] == ["served"] + ["cancelled"] * (report["orders_before_full"] - 1)
    assert report["images_left"] == 0
    assert report["wal_bytes"] == 0  # truncated after the deletions: no copy left
    assert report["order_after"] == "ok"  # the deletions gave the space back


def _on_tmpfs_or_pretend(scenario: str, tmp_path: Path) -> dict[str, Any]:
    if unshare_command() is None:  # no root and no user namespaces on this machine
        from disk_scenarios import SCENARIOS

        if scenario != "fill_then_delete":
            return SCENARIOS[scenario](tmp_path)
        return fill_then_delete(tmp_path, injected=True)
    return run_on_tmpfs(scenario, tmp_path / "disk")


def test_served_and_cancel_delete_the_images_on_a_full_1mib_disk(tmp_path: Path) -> None:
    _assert_deletions_won(_on_tmpfs_or_pretend("fill_then_delete", tmp_path))


def test_served_and_cancel_delete_the_images_on_a_pretend_full_disk(tmp_path: Path) -> None:
    _assert_deletions_won(fill_then_delete(tmp_path, injected=True))


def test_a_full_disk_is_a_coded_error_and_nothing_half_written(tmp_path: Path) -> None:
    with OrderStore(tmp_path / "orders.sqlite3", reserve_bytes=0) as store:
        kept = store.create_order(drink_id="latte", mask=make_mask(1), preview=None)
        with small_disk(store, capacity=1):
            with pytest.raises(StoreError) as err:
                store.create_order(drink_id="latte", mask=make_mask(2), preview=None)
            assert err.value.code is StoreErrorCode.DISK_FULL
            assert err.value.path == str(tmp_path / "orders.sqlite3")
            # No reserve to give back: the deletion fails, coded, and changes nothing.
            with pytest.raises(StoreError) as err:
                store.transition(kept.id, OrderState.CANCELLED)
            assert err.value.code is StoreErrorCode.DISK_FULL
        assert [o.id for o in store.list_queue()] == [kept.id]
        assert store.get(kept.id).has_images and store.get(kept.id).state is OrderState.QUEUED


def test_the_reserve_is_released_for_a_deletion_and_taken_back(tmp_path: Path) -> None:
    with OrderStore(tmp_path / "orders.sqlite3") as store:
        reserve = tmp_path / "orders.sqlite3.reserve"
        assert reserve.stat().st_size == RESERVE_BYTES
        order = store.create_order(drink_id="latte", mask=make_mask(1), preview=make_preview(1))
        used = sum(p.stat().st_size for p in tmp_path.iterdir() if p.is_file())
        with small_disk(store, capacity=used - 1):  # full now
            store.transition(order.id, OrderState.CANCELLED)
        assert not store.get(order.id).has_images
        assert reserve.stat().st_size == RESERVE_BYTES  # taken back once space was freed


def test_purge_on_a_full_disk_deletes_one_order_at_a_time(tmp_path: Path) -> None:
    with OrderStore(tmp_path / "orders.sqlite3", reserve_bytes=64 * 1024) as store:
        ids = [store.create_order(drink_id="latte", mask=make_mask(i),
                                  preview=make_preview(i)).id for i in range(4)]
        with store._db.tx() as db:  # all four served by an older kiosk, images left
            db.execute("UPDATE orders SET state = 'served'")
        used = sum(p.stat().st_size for p in tmp_path.iterdir() if p.is_file())
        # Room for one order's deletion (64 KiB reserve), not for all four at once.
        with small_disk(store, capacity=used - 32 * 1024):
            assert store.purge() == 4
        assert not any(store.get(i).has_images for i in ids)


def test_a_read_only_data_folder_is_named_as_such(tmp_path: Path) -> None:
    if unshare_command() is None:  # no mount here: the codes the same errno gives
        import errno

        from kiosk.orders.errors import from_os_error

        error = from_os_error(OSError(errno.EROFS, "Read-only file system"), tmp_path)
        assert error.code is StoreErrorCode.READ_ONLY
        return
    report = run_on_tmpfs("read_only", tmp_path / "disk")
    assert report == {"pin_problems": ["read_only"], "pin_locked": True,
                      "kiosk": "read_only", "tool": "read_only"}
