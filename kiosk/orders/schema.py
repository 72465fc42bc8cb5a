"""The order store's schema and record types (see :mod:`kiosk.orders.store`).

Migrations are append-only: version N is ``MIGRATIONS[N - 1]``; a released migration is
never edited, a change is a new one. Timestamps are stored as ISO 8601 UTC text with
microseconds, which sorts and compares correctly as text.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

import cv2
import numpy as np

from kiosk.orders.model import OrderState
from kiosk.orders.outcome import KIOSK_RESTARTED, LEGACY, SUPERSEDED, ErrorParams
from printer_driver.powders import PowderSet

PREVIEW_PX = 256
"""Edge of the stored cup preview in pixels (the barista's queue thumbnail)."""

DEFAULT_RETENTION_MINUTES = 120.0

# The sentences schema 1 stored for the store's own outcomes; migration 2 turns them into
# codes (the UI's words for them live in the front ends now).
_V1_INTERRUPTED = (
    "The kiosk stopped during this print (power cut or restart). "
    "Check the cup, then press Reprint or Cancel."
)
_V1_SUPERSEDED = "superseded by a reprint"

Clock = Callable[[], datetime]


class PrintResult(StrEnum):
    """How a print job ended; decides the order's next state."""

    PRINTED = "printed"
    FAILED = "failed"
    INTERRUPTED = "interrupted"

    @property
    def order_state(self) -> OrderState:
        return {
            PrintResult.PRINTED: OrderState.PRINTED,
            PrintResult.FAILED: OrderState.FAILED,
            PrintResult.INTERRUPTED: OrderState.INTERRUPTED,
        }[self]


@dataclass(frozen=True)
class PrintJob:
    """One attempt to print an order.

    Attributes:
        id: row id (pass to :meth:`OrderStore.finish_print`).
        order_id: the order printed.
        job_id: the printer's job id once uploaded: 8 lowercase hex digits (``"0000002a"``).
        printer_boot_id: the printer's boot id (tells a printer reboot mid-job apart).
        started_at / finished_at: UTC datetimes; finished_at None while running.
        result: :class:`PrintResult` or None while running.
        error_code: why it failed or stopped (:mod:`kiosk.orders.outcome`), None if fine.
        error_params: that error's parameters (empty if none).
    """

    id: int
    order_id: int
    job_id: str | None
    printer_boot_id: str | None
    started_at: datetime
    finished_at: datetime | None
    result: PrintResult | None
    error_code: str | None = None
    error_params: ErrorParams = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class ConsentRecord:
    """A customer's answer to the photo consent screen: no image, no name, no order link.

    Attributes:
        id: row id.
        text_version: :data:`kiosk.orders.privacy.CONSENT_TEXT_VERSION` of the text shown.
        lang: language the text was shown in.
        decided_at: UTC datetime.
        accepted: True if the customer agreed to the photo.
    """

    id: int
    text_version: str
    lang: str
    decided_at: datetime
    accepted: bool


# --- schema -----------------------------------------------------------------------------

def _enum_check(column: str, enum: Iterable[StrEnum]) -> str:
    values = ", ".join(f"'{e.value}'" for e in enum)
    return f"CHECK ({column} IN ({values}))"


MIGRATIONS: tuple[tuple[str, str], ...] = (
    (
        "orders, images, print jobs, consent log",
        f"""
        CREATE TABLE orders (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            day TEXT NOT NULL,
            number INTEGER NOT NULL,
            drink_id TEXT NOT NULL,
            design TEXT NOT NULL,
            powders TEXT NOT NULL {_enum_check("powders", PowderSet)},
            darkness REAL NOT NULL CHECK (darkness BETWEEN -1 AND 1),
            state TEXT NOT NULL {_enum_check("state", OrderState)},
            lang TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            print_attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            UNIQUE (day, number)
        );
        CREATE INDEX orders_by_state ON orders (state, id);
        CREATE INDEX orders_by_created ON orders (created_at);
        CREATE TABLE order_images (
            order_id INTEGER PRIMARY KEY REFERENCES orders (id) ON DELETE CASCADE,
            mask_png BLOB NOT NULL,
            preview_png BLOB
        );
        CREATE TABLE print_jobs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            order_id INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
            job_id TEXT,
            printer_boot_id TEXT,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            result TEXT {_enum_check("result", PrintResult)},
            error TEXT
        );
        CREATE INDEX print_jobs_by_order ON print_jobs (order_id);
        CREATE TABLE consent_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            text_version TEXT NOT NULL,
            lang TEXT NOT NULL,
            decided_at TEXT NOT NULL,
            accepted INTEGER NOT NULL CHECK (accepted IN (0, 1))
        );
        """,
    ),
    (
        "print outcomes as error codes and parameters instead of English sentences",
        f"""
        ALTER TABLE print_jobs ADD COLUMN error_code TEXT;
        ALTER TABLE print_jobs ADD COLUMN error_params TEXT
            CHECK (error_params IS NULL OR json_type(error_params) = 'object');
        UPDATE print_jobs SET
            error_code = CASE error WHEN '{_V1_INTERRUPTED}' THEN '{KIOSK_RESTARTED}'
                                    WHEN '{_V1_SUPERSEDED}' THEN '{SUPERSEDED}'
                                    ELSE '{LEGACY}' END,
            error_params = CASE WHEN error IN ('{_V1_INTERRUPTED}', '{_V1_SUPERSEDED}')
                                THEN NULL ELSE json_object('text', error) END
            WHERE error IS NOT NULL;
        ALTER TABLE print_jobs DROP COLUMN error;
        ALTER TABLE orders ADD COLUMN error_code TEXT;
        ALTER TABLE orders ADD COLUMN error_params TEXT
            CHECK (error_params IS NULL OR json_type(error_params) = 'object');
        UPDATE orders SET
            error_code = CASE last_error WHEN '{_V1_INTERRUPTED}' THEN '{KIOSK_RESTARTED}'
                                         ELSE '{LEGACY}' END,
            error_params = CASE last_error WHEN '{_V1_INTERRUPTED}' THEN NULL
                                ELSE json_object('text', last_error) END
            WHERE last_error IS NOT NULL;
        ALTER TABLE orders DROP COLUMN last_error;
        """,
    ),
    (
        "the counter: the price charged, how and when it was paid, when the cup was called",
        """
        ALTER TABLE orders ADD COLUMN price_won INTEGER CHECK (price_won >= 0);
        ALTER TABLE orders ADD COLUMN payment TEXT NOT NULL DEFAULT 'counter';
        ALTER TABLE orders ADD COLUMN paid_at TEXT;
        ALTER TABLE orders ADD COLUMN ready_at TEXT;
        CREATE INDEX orders_by_ready ON orders (ready_at) WHERE ready_at IS NOT NULL;
        """,
    ),
)
"""Schema migrations in order; version N is ``MIGRATIONS[N - 1]``. Append, never edit."""

SCHEMA_VERSION = len(MIGRATIONS)


def migrate(db: sqlite3.Connection, *, applied_at: str) -> int:
    """Bring the schema up to :data:`SCHEMA_VERSION` inside the caller's transaction.

    Returns the version found; when it is newer than this code knows, nothing is changed
    and the caller refuses the file.
    """
    db.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
               "description TEXT NOT NULL, applied_at TEXT NOT NULL)")
    found = int(db.execute(
        "SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()[0])
    if found > SCHEMA_VERSION:
        return found
    for version in range(found + 1, SCHEMA_VERSION + 1):
        description, script = MIGRATIONS[version - 1]
        for statement in script.split(";"):
            if statement.strip():
                db.execute(statement)
        db.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)",
                   (version, description, applied_at))
    return found


def utc_now() -> datetime:
    """The current time, timezone-aware UTC (the store's default clock)."""
    return datetime.now(UTC)


def to_iso(dt: datetime) -> str:
    """A timezone-aware datetime as the stored text (UTC, microseconds)."""
    if dt.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware")
    return dt.astimezone(UTC).isoformat(timespec="microseconds")


def from_iso(text: str) -> datetime:
    """A stored timestamp back as a timezone-aware datetime."""
    return datetime.fromisoformat(text)


def from_iso_or_none(text: str | None) -> datetime | None:
    """:func:`from_iso`, passing None through (a print job still running)."""
    return None if text is None else datetime.fromisoformat(text)


def encode_preview(preview: np.ndarray | bytes, size_px: int = PREVIEW_PX) -> bytes:
    """A cup preview as PNG bytes at most ``size_px`` across.

    Args:
        preview: ``(S, S, 3)`` RGB ``uint8`` (as :func:`kiosk.imaging.preview.render_cup`
            returns), or PNG bytes, which are stored as given.
    """
    if isinstance(preview, bytes | bytearray | memoryview):
        return bytes(preview)
    arr = np.asarray(preview)
    if arr.dtype != np.uint8 or arr.ndim != 3 or arr.shape[2] != 3:
        raise ValueError(f"preview must be (S, S, 3) uint8 RGB, got {arr.shape} {arr.dtype}")
    h, w = arr.shape[:2]
    if max(h, w) > size_px:
        scale = size_px / max(h, w)
        arr = cv2.resize(arr, (max(1, round(w * scale)), max(1, round(h * scale))),
                         interpolation=cv2.INTER_AREA)
    ok, buf = cv2.imencode(".png", cv2.cvtColor(arr, cv2.COLOR_RGB2BGR))
    if not ok:
        raise ValueError("could not encode the preview as PNG")
    return buf.tobytes()
