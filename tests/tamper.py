"""Tests that play the attacker with the database file: drop the log's append-only triggers first
(as someone holding the file could), then edit. `check` reports the missing triggers too."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, text

TRIGGERS = ("oplog_no_update", "oplog_no_delete", "oplog_no_truncate")


def drop_log_triggers(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        for name in TRIGGERS:
            conn.execute(text(f"DROP TRIGGER IF EXISTS {name} ON oplog"))
    else:
        for name in TRIGGERS[:2]:
            conn.execute(text(f"DROP TRIGGER IF EXISTS {name}"))


def forge(s: Any, kind: str, payload: dict[str, Any], *, hlc: Any = None, author: str = "") -> Any:
    """What a hostile station's modified program writes into its own signed chain: an operation
    appended without the authority rules the honest writer asks first (issue 9). `s` is a test
    Station (db, admin)."""
    from sqlalchemy import insert, select, update

    from app.storage import oplog
    from app.storage.changes import Changes
    from app.storage.oplog import HEADS, OPLOG
    from app.storage.projections import apply

    with s.db.transaction() as conn:
        head = conn.execute(select(HEADS.c.seq, HEADS.c.hash).where(HEADS.c.replica_id == s.db.replica_id)).one()
        op = oplog.make_op(station_id=s.db.station_id, replica_id=s.db.replica_id, seq=head.seq + 1,
                           hlc=hlc or s.db.clock.now(), author=author or s.admin.username, kind=kind,
                           payload=payload, prev_hash=head.hash)
        conn.execute(insert(OPLOG).values(**op.row()))
        conn.execute(update(HEADS).where(HEADS.c.replica_id == s.db.replica_id).values(seq=op.seq, hash=op.hash))
        apply(conn, op, Changes())  # its own tables as a rebuild makes them (the rules refuse it there too)
    return op
