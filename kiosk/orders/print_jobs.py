"""Print jobs: one row per attempt to print an order, with how it ended as a code.

The barista's tap moves the order to PRINTING and opens a job row in one transaction
(:func:`begin`); the outcome closes it (:func:`finish`) with a :class:`PrintResult`, an error
code and parameters (:mod:`kiosk.orders.outcome`), and moves the order on. The job id is the
printer's, as the driver prints it: 8 lowercase hex digits.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from kiosk.orders.database import Database
from kiosk.orders.errors import StoreError, StoreErrorCode
from kiosk.orders.model import Order, OrderState, check_transition
from kiosk.orders.order_table import get_in, set_state_in
from kiosk.orders.outcome import (
    SUPERSEDED,
    ErrorParams,
    check_code,
    check_job_id,
    decode_params,
    encode_params,
)
from kiosk.orders.schema import PrintJob, PrintResult, from_iso, from_iso_or_none, to_iso

JOB_COLS = ("id, order_id, job_id, printer_boot_id, started_at, finished_at, result, "
            "error_code, error_params")


def job_from_row(row: tuple[Any, ...]) -> PrintJob:
    """A :class:`PrintJob` from a row of :data:`JOB_COLS`."""
    return PrintJob(
        id=row[0], order_id=row[1], job_id=row[2], printer_boot_id=row[3],
        started_at=from_iso(row[4]), finished_at=from_iso_or_none(row[5]),
        result=None if row[6] is None else PrintResult(row[6]), error_code=row[7],
        error_params=decode_params(row[8]),
    )


def _job_in(db: sqlite3.Connection, print_id: int) -> PrintJob:
    row = db.execute(f"SELECT {JOB_COLS} FROM print_jobs WHERE id = ?", (print_id,)).fetchone()
    if row is None:
        raise StoreError(StoreErrorCode.PRINT_JOB_NOT_FOUND, print_id=print_id)
    return job_from_row(row)


def begin(database: Database, order_id: int, *, job_id: str | None,
          printer_boot_id: str | None) -> tuple[Order, PrintJob]:
    """Order -> PRINTING and a new job row, atomically; an older open row is superseded."""
    if job_id is not None:
        check_job_id(job_id)
    now = to_iso(database.now())
    with database.tx() as db:
        order = get_in(db, order_id)
        check_transition(order.state, OrderState.PRINTING)
        set_state_in(db, database.now(), order, OrderState.PRINTING, None, None)
        db.execute(  # an earlier attempt still open is over now
            "UPDATE print_jobs SET finished_at = ?, result = ?, error_code = ?, "
            "error_params = NULL WHERE order_id = ? AND finished_at IS NULL",
            (now, PrintResult.INTERRUPTED.value, SUPERSEDED, order_id),
        )
        cur = db.execute(
            "INSERT INTO print_jobs (order_id, job_id, printer_boot_id, started_at) "
            "VALUES (?, ?, ?, ?)", (order_id, job_id, printer_boot_id, now))
        job = _job_in(db, int(cur.lastrowid or 0))
        return get_in(db, order_id), job


def update(database: Database, print_id: int, *, job_id: str | None,
           printer_boot_id: str | None) -> PrintJob:
    """Record the printer's job id and boot id once known."""
    if job_id is not None:
        check_job_id(job_id)
    with database.tx() as db:
        _job_in(db, print_id)
        if job_id is not None:
            db.execute("UPDATE print_jobs SET job_id = ? WHERE id = ?", (job_id, print_id))
        if printer_boot_id is not None:
            db.execute("UPDATE print_jobs SET printer_boot_id = ? WHERE id = ?",
                       (printer_boot_id, print_id))
        return _job_in(db, print_id)


def finish(database: Database, print_id: int, result: PrintResult, *,
           error_code: str | None, error_params: ErrorParams | None) -> Order:
    """Close a job and move its order to PRINTED, FAILED or INTERRUPTED.

    If the order is no longer printing (cancelled meanwhile) or a later attempt has
    started, only the job row is closed.
    """
    result = PrintResult(result)
    if error_code is not None:
        check_code(error_code)
    elif error_params:
        raise ValueError("error_params without an error_code")
    params_json = encode_params(error_params) if error_code is not None else None
    with database.tx() as db:
        job = _job_in(db, print_id)
        if job.finished_at is not None:
            raise StoreError(StoreErrorCode.PRINT_JOB_FINISHED, print_id=print_id,
                             result=None if job.result is None else job.result.value)
        db.execute(
            "UPDATE print_jobs SET finished_at = ?, result = ?, error_code = ?, "
            "error_params = ? WHERE id = ?",
            (to_iso(database.now()), result.value, error_code, params_json, print_id),
        )
        order = get_in(db, job.order_id)
        latest = db.execute(
            "SELECT MAX(id) FROM print_jobs WHERE order_id = ?", (job.order_id,)
        ).fetchone()[0]
        # A stale job (superseded by a reprint) must not decide the new print's outcome.
        if order.state is OrderState.PRINTING and latest == print_id:
            set_state_in(db, database.now(), order, result.order_state, error_code,
                         error_params)
        return get_in(db, job.order_id)


def of_order(database: Database, order_id: int) -> list[PrintJob]:
    """All print attempts of an order, oldest first."""
    rows = database.query(
        f"SELECT {JOB_COLS} FROM print_jobs WHERE order_id = ? ORDER BY id", (order_id,))
    return [job_from_row(r) for r in rows]


def recent(database: Database, limit: int, result: PrintResult | None) -> list[PrintJob]:
    """The latest finished jobs of any order, newest first (``result`` None: any)."""
    where = "finished_at IS NOT NULL"
    params: tuple[str, ...] = ()
    if result is not None:
        where += " AND result = ?"
        params = (PrintResult(result).value,)
    rows = database.query(
        f"SELECT {JOB_COLS} FROM print_jobs WHERE {where} "
        "ORDER BY finished_at DESC, id DESC LIMIT ?", (*params, int(limit)))
    return [job_from_row(r) for r in rows]


def running(database: Database) -> list[PrintJob]:
    """Jobs not finished yet (at most one while the kiosk runs), oldest first."""
    rows = database.query(
        f"SELECT {JOB_COLS} FROM print_jobs WHERE finished_at IS NULL ORDER BY id")
    return [job_from_row(r) for r in rows]
