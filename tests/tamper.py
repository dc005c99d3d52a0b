"""Tests that play the attacker with the database file: drop the log's append-only triggers first
(as someone holding the file could), then edit. `check` reports the missing triggers too."""

from __future__ import annotations

from sqlalchemy import Connection, text

TRIGGERS = ("oplog_no_update", "oplog_no_delete", "oplog_no_truncate")


def drop_log_triggers(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        for name in TRIGGERS:
            conn.execute(text(f"DROP TRIGGER IF EXISTS {name} ON oplog"))
    else:
        for name in TRIGGERS[:2]:
            conn.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
