"""The consent log: each answer to the photo consent screen, with no image, no name and no
link to an order (see :mod:`kiosk.orders.privacy`)."""

from __future__ import annotations

from datetime import datetime

from kiosk.orders.database import Database
from kiosk.orders.schema import ConsentRecord, from_iso, to_iso


def record(database: Database, text_version: str, lang: str, accepted: bool) -> ConsentRecord:
    """Log one answer; returns once committed."""
    now = to_iso(database.now())
    with database.tx() as db:
        cur = db.execute(
            "INSERT INTO consent_log (text_version, lang, decided_at, accepted) "
            "VALUES (?, ?, ?, ?)", (text_version, lang, now, int(bool(accepted))))
        return ConsentRecord(int(cur.lastrowid or 0), text_version, lang, from_iso(now),
                             bool(accepted))


def log_since(database: Database, since: datetime | None) -> list[ConsentRecord]:
    """Answers given at or after ``since`` (all if None), oldest first."""
    rows = database.query(
        "SELECT id, text_version, lang, decided_at, accepted FROM consent_log "
        "WHERE decided_at >= ? ORDER BY id", (to_iso(since) if since else "",))
    return [ConsentRecord(r[0], r[1], r[2], from_iso(r[3]), bool(r[4])) for r in rows]
