"""Projections of accounts: creation, field edits (LWW), disabling, sign-in failures."""

from __future__ import annotations

from sqlalchemy import Connection, insert, select, update

from app.storage.changes import Changes
from app.storage.models import table
from app.storage.models.accounts import Account
from app.storage.ops import Op
from app.storage.projections import fields, projector

ACCOUNT = table(Account)
EDITABLE = ("display_name", "phone", "roles", "password_hash", "disabled")


@projector("account.create")
def account_create(conn: Connection, op: Op, changes: Changes) -> None:
    """The same user name created at two stations: the earliest creation (by HLC) stands on
    every station, whatever order the two arrive in; edits of either merge field by field."""
    d = op.data
    existing = conn.execute(
        select(ACCOUNT.c.created_hlc).where(ACCOUNT.c.username == d["username"])
    ).first()
    if existing is not None and existing.created_hlc <= op.hlc:
        return
    values = {
        "username": d["username"],
        "station_id": op.station_id,
        "display_name": d["display_name"],
        "phone": d["phone"],
        "roles": " ".join(sorted(d["roles"])),
        "password_hash": d["password_hash"],
        "disabled": False,
        "created_hlc": op.hlc,
        "created_by": op.author,
        "updated_hlc": op.hlc,
    }
    values.update(fields.overlay(conn, entity="account", key=d["username"]))
    # edits that arrived (by sync) before the creation: the same updated_hlc as in log order
    values["updated_hlc"] = max(
        [op.hlc, *(fields.current_hlc(conn, entity="account", key=d["username"], field=f) for f in EDITABLE)]
    )
    if existing is None:
        conn.execute(insert(ACCOUNT).values(**values))
    else:
        conn.execute(update(ACCOUNT).where(ACCOUNT.c.username == d["username"]).values(**values))
    changes.touch("account", d["username"])


@projector("account.update")
def account_update(conn: Connection, op: Op, changes: Changes) -> None:
    """payload: username, field, value, base (HLC of the value the editor saw)."""
    d = op.data
    if d["field"] not in EDITABLE:
        return
    value = " ".join(sorted(d["value"])) if d["field"] == "roles" else d["value"]
    won = fields.record_edit(
        conn, op, entity="account", key=d["username"], field=d["field"], value=value,
        base_hlc=d.get("base", ""), target=ACCOUNT, key_column="username",
    )
    if won:  # never lower it: a late-arriving older edit can still win its own field
        conn.execute(
            update(ACCOUNT)
            .where(ACCOUNT.c.username == d["username"], ACCOUNT.c.updated_hlc < op.hlc)
            .values(updated_hlc=op.hlc)
        )
    changes.touch("account", d["username"])


@projector("auth.failed")
def auth_failed(conn: Connection, op: Op, changes: Changes) -> None:
    """Audit only: the back-off itself is local to the workstation (app/storage/throttle.py)."""


@projector("auth.ok")
def auth_ok(conn: Connection, op: Op, changes: Changes) -> None:
    """Audit only."""


@projector("session.signin")
def session_signin(conn: Connection, op: Op, changes: Changes) -> None:
    """Audit only: the log itself is the record of who signed in where."""


@projector("session.signout")
def session_signout(conn: Connection, op: Op, changes: Changes) -> None:
    """Audit only."""
