"""The order store: durable orders, crash recovery, purges, consent log, threads."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime, timedelta

import cv2
import numpy as np
import pytest
from kiosk_fakes import bytes_on_disk as _bytes_on_disk
from kiosk_fakes import chunks as _chunks
from kiosk_fakes import make_mask, make_preview

from kiosk.orders.model import OrderState
from kiosk.orders.store import (
    PREVIEW_PX,
    SCHEMA_VERSION,
    OrderNotFoundError,
    OrderStore,
    PrintResult,
    StoreError,
    StoreErrorCode,
)
from printer_driver.powders import PowderSet

S = OrderState


def test_created_orders_come_back_after_reopen(tmp_path, clock) -> None:
    path = tmp_path / "orders.sqlite3"
    with OrderStore(path, clock=clock) as store:
        a = store.create_order(drink_id="latte", mask=make_mask(1), preview=make_preview(1),
                               darkness=0.5, lang="en")
        clock.advance(seconds=30)
        b = store.create_order(drink_id="hot-chocolate", mask=make_mask(2, PowderSet.COCOA),
                               preview=None, design="heart")
        queue = store.list_queue()
    with OrderStore(path, clock=clock) as again:
        assert again.list_queue() == queue
        assert [o.id for o in again.list_queue()] == [a.id, b.id]
        assert again.get_mask(a.id) == make_mask(1)
        assert again.get_mask(b.id).powders is PowderSet.COCOA
        got = again.get(a.id)
        assert (got.drink_id, got.darkness, got.lang, got.design) == ("latte", 0.5, "en", "photo")
        assert again.get(b.id).design == "heart"
        assert again.recovered == ()


def test_create_order_is_committed_before_it_returns(store, tmp_path) -> None:
    order = store.create_order(drink_id="latte", mask=make_mask(), preview=make_preview())
    # A second, independent connection (another process would see the same) finds it.
    other = sqlite3.connect(tmp_path / "orders.sqlite3")
    try:
        row = other.execute("SELECT state FROM orders WHERE id = ?", (order.id,)).fetchone()
    finally:
        other.close()
    assert row == ("queued",)


def test_pragmas_are_wal_full_sync_and_foreign_keys(store) -> None:
    db = store._db._db
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA secure_delete").fetchone()[0] == 1
    assert store.schema_version() == SCHEMA_VERSION


def test_ticket_numbers_count_up_and_restart_the_next_day(store, clock) -> None:
    numbers = [store.create_order(drink_id="latte", mask=make_mask(), preview=None).number
               for _ in range(3)]
    assert numbers == [1, 2, 3]
    clock.advance(days=1)
    nxt = store.create_order(drink_id="latte", mask=make_mask(), preview=None)
    assert nxt.number == 1 and nxt.ticket == "001"


def test_preview_is_stored_small_and_decodes(store) -> None:
    order = store.create_order(drink_id="latte", mask=make_mask(), preview=make_preview())
    preview = store.get_preview(order.id)
    assert preview.shape == (PREVIEW_PX, PREVIEW_PX, 3) and preview.dtype == np.uint8
    png = store.get_preview_png(order.id)
    assert png.startswith(b"\x89PNG")


def test_preview_colour_order_is_kept(store) -> None:
    red = np.zeros((64, 64, 3), np.uint8)
    red[..., 0] = 255  # RGB red
    order = store.create_order(drink_id="latte", mask=make_mask(), preview=red)
    back = store.get_preview(order.id)
    assert back[..., 0].min() == 255 and back[..., 1:].max() == 0


def test_print_cycle_records_jobs_and_attempts(store) -> None:
    order = store.create_order(drink_id="latte", mask=make_mask(), preview=None)
    order, job = store.begin_print(order.id)
    assert order.state is S.PRINTING and order.print_attempts == 1
    job = store.update_print_job(job.id, job_id="0000002a", printer_boot_id="boot-1")
    order = store.finish_print(job.id, PrintResult.FAILED, error_code="powder_empty",
                               error_params={"powder": "cinnamon", "rows_done": 0})
    assert order.state is S.FAILED and order.error_code == "powder_empty"
    assert order.error_params == {"powder": "cinnamon", "rows_done": 0}
    order, job2 = store.begin_print(order.id)  # the barista's reprint tap
    assert order.print_attempts == 2 and order.error_code is None and not order.error_params
    order = store.finish_print(job2.id, PrintResult.PRINTED)
    assert order.state is S.PRINTED
    jobs = store.print_jobs(order.id)
    assert [(j.job_id, j.printer_boot_id, j.result, j.error_code, j.error_params)
            for j in jobs] == [
        ("0000002a", "boot-1", PrintResult.FAILED, "powder_empty",
         {"powder": "cinnamon", "rows_done": 0}),
        (None, None, PrintResult.PRINTED, None, {})]
    assert all(j.finished_at is not None for j in jobs)
    with pytest.raises(StoreError, match="already finished") as err:
        store.finish_print(job2.id, PrintResult.PRINTED)
    assert err.value.code is StoreErrorCode.PRINT_JOB_FINISHED
    assert err.value.params == {"print_id": job2.id, "result": "printed"}


def test_a_running_print_cannot_be_started_twice(store) -> None:
    from kiosk.orders.model import TransitionError

    order = store.create_order(drink_id="latte", mask=make_mask(), preview=None)
    store.begin_print(order.id)
    with pytest.raises(TransitionError):
        store.begin_print(order.id)
    assert len(store.print_jobs(order.id)) == 1


def test_cancel_during_print_closes_the_job_without_reviving_the_order(store) -> None:
    order = store.create_order(drink_id="latte", mask=make_mask(), preview=None)
    _, job = store.begin_print(order.id)
    store.transition(order.id, S.CANCELLED)
    after = store.finish_print(job.id, PrintResult.INTERRUPTED, error_code="aborted")
    assert after.state is S.CANCELLED


def test_orders_left_printing_become_interrupted_on_reopen(tmp_path, clock) -> None:
    path = tmp_path / "orders.sqlite3"
    store = OrderStore(path, clock=clock)
    waiting = store.create_order(drink_id="latte", mask=make_mask(1), preview=None)
    printing = store.create_order(drink_id="latte", mask=make_mask(2), preview=None)
    store.begin_print(printing.id)
    store.close()  # as if the process died: the order is still PRINTING in the file

    with OrderStore(path, clock=clock) as again:
        assert again.recovered == (printing.id,)
        got = again.get(printing.id)
        assert got.state is S.INTERRUPTED and got.error_code == "kiosk_restarted"
        assert again.print_jobs(printing.id)[0].error_code == "kiosk_restarted"
        assert again.get(waiting.id).state is S.QUEUED
        assert again.print_jobs(printing.id)[0].result is PrintResult.INTERRUPTED
        assert again.get_mask(printing.id) == make_mask(2)  # reprint possible
    # Reopening again never re-prints or re-queues by itself.
    with OrderStore(path, clock=clock) as third:
        assert third.recovered == ()
        assert third.get(printing.id).state is S.INTERRUPTED


@pytest.mark.parametrize("final", [S.SERVED, S.CANCELLED])
def test_serve_or_cancel_deletes_the_images_from_disk(tmp_path, clock, final) -> None:
    path = tmp_path / "orders.sqlite3"
    store = OrderStore(path, clock=clock)
    mask = make_mask(7)
    order = store.create_order(drink_id="latte", mask=mask, preview=make_preview(7))
    mask_png = mask.to_png_bytes()
    preview_png = store.get_preview_png(order.id)
    chunks = _chunks(mask_png) + _chunks(preview_png)
    before = _bytes_on_disk(path)
    # (Blobs span overflow pages, so look for short pieces, most of which sit whole in a page.)
    assert sum(c in before for c in chunks) > 0.8 * len(chunks)
    if final is S.SERVED:
        store.transition(order.id, S.PRINTING)
        store.transition(order.id, S.PRINTED)
    store.transition(order.id, final)
    after = store.get(order.id)
    assert not after.has_images
    assert store.get_mask(order.id) is None and store.get_preview_png(order.id) is None
    on_disk = _bytes_on_disk(path)
    # No recognisable piece of either image is left in the database or its log.
    assert [c for c in chunks if c in on_disk] == []
    store.close()


def test_retention_purges_old_images_but_not_during_a_print(store, clock) -> None:
    old = store.create_order(drink_id="latte", mask=make_mask(1), preview=make_preview(1))
    printing = store.create_order(drink_id="latte", mask=make_mask(2), preview=None)
    store.begin_print(printing.id)
    clock.advance(minutes=100)
    fresh = store.create_order(drink_id="latte", mask=make_mask(3), preview=None)
    assert store.purge() == 0
    clock.advance(minutes=21)  # old and printing are now 121 min old, fresh 21 min
    assert store.purge() == 1
    assert not store.get(old.id).has_images
    assert store.get(old.id).state is S.QUEUED  # the order itself stays for the barista
    assert store.get(printing.id).has_images
    assert store.get(fresh.id).has_images
    store.transition(printing.id, S.PRINTED)
    assert store.purge() == 1
    assert not store.get(printing.id).has_images


def test_consent_log_holds_no_image_and_no_name(store, clock) -> None:
    rec = store.record_consent("consent-v1", "ko", accepted=True)
    clock.advance(seconds=5)
    store.record_consent("consent-v1", "en", accepted=False)
    log = store.consent_log()
    assert [(r.text_version, r.lang, r.accepted) for r in log] == [
        ("consent-v1", "ko", True), ("consent-v1", "en", False)]
    assert log[0] == rec and log[0].decided_at == clock.now - timedelta(seconds=5)
    cols = store._db.query("PRAGMA table_info(consent_log)")
    names = {c[1] for c in cols}
    types = {c[2].upper() for c in cols}
    assert names == {"id", "text_version", "lang", "decided_at", "accepted"}
    assert "BLOB" not in types
    fks = store._db.query("PRAGMA foreign_key_list(consent_log)")
    assert fks == []  # not linked to any order (so not to any image)


def test_missing_order_and_bad_input_are_clear(store) -> None:
    with pytest.raises(OrderNotFoundError):
        store.get(999)
    with pytest.raises(ValueError, match="darkness"):
        store.create_order(drink_id="latte", mask=make_mask(), preview=None, darkness=2.0)
    with pytest.raises(ValueError, match="preview"):
        store.create_order(drink_id="latte", mask=make_mask(), preview=np.zeros((4, 4)))
    assert store.list_queue() == []  # nothing half-written


def test_a_damaged_file_is_reported_not_overwritten(tmp_path) -> None:
    path = tmp_path / "orders.sqlite3"
    junk = b"this is not a database" * 100
    path.write_bytes(junk)
    with pytest.raises(StoreError, match=r"damaged") as err:
        OrderStore(path)
    assert err.value.code is StoreErrorCode.CORRUPT and err.value.path == str(path)
    assert path.read_bytes() == junk


def test_a_newer_schema_is_refused(tmp_path) -> None:
    path = tmp_path / "orders.sqlite3"
    OrderStore(path).close()
    db = sqlite3.connect(path)
    db.execute("INSERT INTO schema_migrations VALUES (99, 'future', '2030-01-01')")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="newer Photo Latte") as err:
        OrderStore(path)
    assert err.value.code is StoreErrorCode.NEWER_SCHEMA
    assert (err.value.params["found"], err.value.params["known"]) == (99, SCHEMA_VERSION)


def test_many_threads_create_orders_with_unique_tickets(store) -> None:
    errors: list[BaseException] = []
    mask = make_mask()

    def work() -> None:
        try:
            for _ in range(5):
                o = store.create_order(drink_id="latte", mask=mask, preview=None)
                store.transition(o.id, S.PRINTING)
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    numbers = [o.number for o in store.list_queue()]
    assert sorted(numbers) == list(range(1, 21))


def test_queue_order_position_and_waiting_time(store, clock) -> None:
    a = store.create_order(drink_id="latte", mask=make_mask(), preview=None)
    b = store.create_order(drink_id="latte", mask=make_mask(), preview=None)
    c = store.create_order(drink_id="latte", mask=make_mask(), preview=None)
    store.transition(a.id, S.CANCELLED)
    assert [o.id for o in store.list_queue()] == [b.id, c.id]
    assert store.queue_position(c.id) == 1
    clock.advance(seconds=90)
    assert store.get(b.id).waiting_seconds(clock.now) == 90
    assert store.list_orders(states=[S.CANCELLED])[0].id == a.id


def test_naive_clock_is_refused(tmp_path) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        OrderStore(tmp_path / "x.sqlite3", clock=lambda: datetime(2026, 1, 1))


def test_preview_from_png_bytes_is_kept_as_is(store) -> None:
    _, buf = cv2.imencode(".png", np.zeros((32, 32, 3), np.uint8))
    order = store.create_order(drink_id="latte", mask=make_mask(), preview=buf.tobytes())
    assert store.get_preview_png(order.id) == buf.tobytes()
    assert store.get(order.id).created_at.utcoffset() == UTC.utcoffset(None)


@pytest.mark.skipif(not hasattr(__import__("os"), "getuid"), reason="POSIX permissions")
def test_database_files_are_private_to_the_kiosk_user(store, tmp_path) -> None:
    store.create_order(drink_id="latte", mask=make_mask(), preview=None)
    files = list(tmp_path.glob("orders.sqlite3*"))
    assert {f.name for f in files} >= {"orders.sqlite3", "orders.sqlite3.lock",
                                       "orders.sqlite3.reserve"}
    for f in files:
        assert f.stat().st_mode & 0o077 == 0, f.name


def test_purging_gives_the_disk_space_back(tmp_path, clock) -> None:
    path = tmp_path / "orders.sqlite3"
    with OrderStore(path, clock=clock) as store:
        ids = [store.create_order(drink_id="latte", mask=make_mask(i), preview=make_preview(i)).id
               for i in range(8)]
        store._db.truncate_wal()
        full = path.stat().st_size
        for order_id in ids:
            store.transition(order_id, S.CANCELLED)
        assert path.stat().st_size < full / 4


def test_a_stale_print_job_cannot_decide_a_reprint(store) -> None:
    order = store.create_order(drink_id="latte", mask=make_mask(), preview=None)
    _, first = store.begin_print(order.id)
    store.transition(order.id, S.PRINTED)  # e.g. marked done by hand
    _, second = store.begin_print(order.id)  # the barista reprints
    assert store.print_jobs(order.id)[0].result is PrintResult.INTERRUPTED  # closed
    with pytest.raises(StoreError, match="already finished"):
        store.finish_print(first.id, PrintResult.FAILED)
    assert store.finish_print(second.id, PrintResult.PRINTED).state is S.PRINTED


def test_an_unusable_database_path_is_not_called_damaged(tmp_path) -> None:
    (tmp_path / "orders.sqlite3").mkdir()  # e.g. a mistaken data_dir layout
    with pytest.raises(StoreError, match=r"cannot open the order database") as err:
        OrderStore(tmp_path / "orders.sqlite3")
    assert err.value.code is StoreErrorCode.CANNOT_OPEN
    assert "damaged" not in str(err.value)


def test_a_file_in_the_way_of_the_data_folder(tmp_path) -> None:
    (tmp_path / "blocker").write_text("x")
    with pytest.raises(StoreError) as err:
        OrderStore(tmp_path / "blocker" / "sub" / "orders.sqlite3")
    assert err.value.code is StoreErrorCode.CANNOT_OPEN
    assert err.value.path == str(tmp_path / "blocker" / "sub")
