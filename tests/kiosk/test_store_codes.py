"""Codes, not sentences: print outcomes stored as an error code and parameters (with the
migration that keeps schema-1 sentences readable), the real 8-hex job id, and every store
and PIN error carrying a code the CLI has words for."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from kiosk_fakes import make_mask

from kiosk.cli.staff_words import CODE_WORDS, code_error_line
from kiosk.cli.store_words import STORE_WORDS, store_error_line
from kiosk.orders.errors import StoreError, StoreErrorCode, from_sqlite
from kiosk.orders.model import OrderState
from kiosk.orders.schema import MIGRATIONS
from kiosk.orders.store import OrderStore, PrintResult
from kiosk.settings.datadir import DiskProblem
from kiosk.staff.rules import CodeError, CodeErrorCode, StaffRole

V1_INTERRUPTED = ("The kiosk stopped during this print (power cut or restart). "
                  "Check the cup, then press Reprint or Cancel.")


def _schema_1_file(path: Path) -> None:
    """A database as Photo Latte wrote it before codes (schema 1), with English outcomes."""
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0][1])
    db.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, "
               "description TEXT NOT NULL, applied_at TEXT NOT NULL)")
    db.execute("INSERT INTO schema_migrations VALUES (1, 'v1', '2026-11-30T09:00:00+00:00')")
    rows = [(1, "failed", "Cinnamon is empty: refill it, then press Continue"),
            (2, "interrupted", V1_INTERRUPTED), (3, "printed", None)]
    for order_id, state, error in rows:
        db.execute("INSERT INTO orders (id, day, number, drink_id, design, powders, darkness, "
                   "state, lang, created_at, updated_at, print_attempts, last_error) VALUES "
                   "(?, '2026-11-30', ?, 'latte', 'photo', 'both', 0, ?, 'ko', "
                   "'2026-11-30T09:00:00+00:00', '2026-11-30T09:00:00+00:00', 1, ?)",
                   (order_id, order_id, state, error))
    jobs = [(1, "JobHandle(id=42, crc32=7, compression=1)", "failed",
             "Cinnamon is empty: refill it, then press Continue"),
            (2, None, "interrupted", "superseded by a reprint"),
            (2, None, "interrupted", V1_INTERRUPTED), (3, "0000002b", "printed", None)]
    for order_id, job_id, result, error in jobs:
        db.execute("INSERT INTO print_jobs (order_id, job_id, started_at, finished_at, result, "
                   "error) VALUES (?, ?, '2026-11-30T09:00:01+00:00', "
                   "'2026-11-30T09:00:30+00:00', ?, ?)", (order_id, job_id, result, error))
    db.commit()
    db.close()


def test_schema_1_sentences_become_codes_and_nothing_is_lost(tmp_path: Path) -> None:
    path = tmp_path / "orders.sqlite3"
    _schema_1_file(path)
    with OrderStore(path) as store:
        assert store.schema_version() == len(MIGRATIONS)
        failed, stopped, printed = (store.get(i) for i in (1, 2, 3))
        assert (failed.error_code, dict(failed.error_params)) == (
            "legacy", {"text": "Cinnamon is empty: refill it, then press Continue"})
        assert (stopped.error_code, dict(stopped.error_params)) == ("kiosk_restarted", {})
        assert printed.error_code is None and printed.state is OrderState.PRINTED
        jobs = [(j.job_id, j.error_code, dict(j.error_params))
                for i in (1, 2, 3) for j in store.print_jobs(i)]
        assert jobs == [
            ("JobHandle(id=42, crc32=7, compression=1)", "legacy",
             {"text": "Cinnamon is empty: refill it, then press Continue"}),
            (None, "superseded", {}), (None, "kiosk_restarted", {}), ("0000002b", None, {})]
        columns = {r[1] for r in store._db.query("PRAGMA table_info(orders)")}
        assert "last_error" not in columns and {"error_code", "error_params"} <= columns


def test_the_job_id_is_the_drivers_eight_hex_digits(store) -> None:
    order = store.create_order(drink_id="latte", mask=make_mask(), preview=None)
    for bad in ("JobHandle(id=42, crc32=7, compression=1)", "0000002A", "2a", "0x00002a", ""):
        with pytest.raises(ValueError, match="8 lowercase hex digits"):
            store.begin_print(order.id, job_id=bad)
    _, job = store.begin_print(order.id)
    with pytest.raises(ValueError, match="8 lowercase hex digits"):
        store.update_print_job(job.id, job_id="job7")
    assert store.update_print_job(job.id, job_id="0000002a").job_id == "0000002a"


@pytest.mark.parametrize(("code", "params", "match"), [
    ("Cinnamon is empty", None, "snake_case"),
    ("powder_empty", {"Powder": "cocoa"}, "snake_case"),
    ("powder_empty", {"powder": ["cocoa"]}, "text, a number or None"),
    ("stalled", {"seconds": float("nan")}, "finite"),
    ("legacy", {"text": "x" * 5000}, "over 4096 bytes"),
])
def test_bad_codes_and_parameters_are_refused_before_anything_changes(
        store, code, params, match) -> None:
    order = store.create_order(drink_id="latte", mask=make_mask(), preview=None)
    _, job = store.begin_print(order.id)
    with pytest.raises(ValueError, match=match):
        store.finish_print(job.id, PrintResult.FAILED, error_code=code, error_params=params)
    assert store.get(order.id).state is OrderState.PRINTING
    assert store.running_print_jobs()[0].id == job.id
    with pytest.raises(ValueError, match=match):
        store.transition(order.id, OrderState.FAILED, error_code=code, error_params=params)
    assert store.get(order.id).state is OrderState.PRINTING


def test_a_transition_keeps_the_last_error_until_printing_again(store) -> None:
    order = store.create_order(drink_id="latte", mask=make_mask(), preview=None)
    store.transition(order.id, OrderState.PRINTING)
    store.transition(order.id, OrderState.INTERRUPTED, error_code="link_lost",
                     error_params={"rows_done": 12})
    cancelled = store.transition(order.id, OrderState.CANCELLED)
    assert (cancelled.error_code, dict(cancelled.error_params)) == ("link_lost",
                                                                    {"rows_done": 12})


def test_sqlite_errors_become_codes() -> None:
    def raised(code: int) -> sqlite3.Error:
        exc = sqlite3.OperationalError("x")
        exc.sqlite_errorcode = code
        return exc

    where = Path("/data/orders.sqlite3")
    assert from_sqlite(raised(13), where).code is StoreErrorCode.DISK_FULL
    assert from_sqlite(raised(8 | (1 << 8)), where).code is StoreErrorCode.READ_ONLY
    assert from_sqlite(raised(5), where).code is StoreErrorCode.BUSY
    assert from_sqlite(raised(26), where).code is StoreErrorCode.CORRUPT
    assert from_sqlite(raised(10 | (3 << 8)), where).code is StoreErrorCode.IO_ERROR
    assert from_sqlite(sqlite3.DatabaseError("file is not a database"),
                       where).code is StoreErrorCode.CORRUPT
    assert from_sqlite(raised(13), where).params == {"path": str(where), "reason": "x"}


def test_the_disk_codes_are_the_same_for_the_store_and_the_code_files() -> None:
    for problem in DiskProblem:
        assert StoreErrorCode(problem.value) and CodeErrorCode(problem.value)
        assert StoreError(StoreErrorCode(problem.value), path="/x").is_disk_problem


@pytest.mark.parametrize("code", list(StoreErrorCode))
def test_every_store_code_has_cli_words(code: StoreErrorCode) -> None:
    params = {"path": "/data", "reason": "why", "order_id": 7, "print_id": 3,
              "result": "printed", "found": 3, "known": 2}
    line = store_error_line(StoreError(code, **params))
    assert code in STORE_WORDS and "?" not in line and "{" not in line
    assert line != code.value and len(line) > 15


@pytest.mark.parametrize("role", list(StaffRole))
@pytest.mark.parametrize("code", list(CodeErrorCode))
def test_every_staff_code_error_has_cli_words(code: CodeErrorCode, role: StaffRole) -> None:
    error = CodeError(code, "log line", role=role, path=Path("/data/code.json"),
                      params={"low": 4, "high": 12})
    line = code_error_line(error)
    assert code in CODE_WORDS and "{" not in line and "?" not in line and len(line) > 20
