"""Sign-in back-off state of this workstation (the `signin_throttle` local table)."""

from __future__ import annotations

from sqlalchemy import Connection, delete, insert, select, update

from app.storage.models import table
from app.storage.models.accounts import SignInThrottle

THROTTLE = table(SignInThrottle)


def failures(conn: Connection, username: str) -> tuple[int, int]:
    """(consecutive wrong passwords, time of the last one in ms)."""
    row = conn.execute(
        select(THROTTLE.c.failed_count, THROTTLE.c.last_failed_ms).where(THROTTLE.c.username == username)
    ).first()
    return (row.failed_count, row.last_failed_ms) if row else (0, 0)


def record_failure(conn: Connection, username: str, at_ms: int) -> None:
    count, _last = failures(conn, username)
    if count == 0 and not conn.execute(select(THROTTLE.c.username).where(THROTTLE.c.username == username)).first():
        conn.execute(insert(THROTTLE).values(username=username, failed_count=1, last_failed_ms=at_ms))
    else:
        conn.execute(
            update(THROTTLE).where(THROTTLE.c.username == username).values(failed_count=count + 1, last_failed_ms=at_ms)
        )


def reset(conn: Connection, username: str) -> None:
    conn.execute(delete(THROTTLE).where(THROTTLE.c.username == username))
