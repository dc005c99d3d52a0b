"""Projections of accounts: creation, field edits (LWW), disabling, sign-in failures.

An account is keyed by (station, user name): two stations may both have an `admin`. Its
operations name the station (`payload["station"]`; older ones did not and mean their own) and
may be authored only by that station (authority rule below), so a trusted peer can neither edit
another station's accounts nor take a user name from it.
"""

from __future__ import annotations

from sqlalchemy import Connection, insert, select, update

from app.storage import authority
from app.storage.changes import Changes
from app.storage.models import table
from app.storage.models.accounts import Account
from app.storage.ops import Op
from app.storage.projections import fields, projector

ACCOUNT = table(Account)
EDITABLE = ("display_name", "phone", "roles", "password_hash", "disabled")


def entity_key(station_id: str, username: str) -> str:
    """The key of an account in `field_edit`."""
    return f"{station_id}:{username}"


@authority.rule("account.create", "account.update")
def _own_accounts(conn: Connection, op: Op) -> str | None:
    """Only the owning station creates or edits an account."""
    if not isinstance(op.data["username"], str):
        return "malformed"
    return authority.own_station_only(op, "account.foreign_station")


@authority.rule("auth.", "session.")
def _own_audit(conn: Connection, op: Op) -> str | None:
    """Sign-in audit records are written where the account signs in: its own station."""
    return authority.own_station_only(op, "account.foreign_station")


@projector("account.create")
def account_create(conn: Connection, op: Op, changes: Changes) -> None:
    """The same account created twice by its station (two replicas): the earliest creation (by
    HLC) stands on every station, whatever order the two arrive in; edits merge field by field."""
    d = op.data
    station, key = op.station_id, entity_key(op.station_id, d["username"])
    here = (ACCOUNT.c.station_id == station) & (ACCOUNT.c.username == d["username"])
    existing = conn.execute(select(ACCOUNT.c.created_hlc).where(here)).first()
    if existing is not None and existing.created_hlc <= op.hlc:
        return
    values = {
        "username": d["username"],
        "station_id": station,
        "display_name": d["display_name"],
        "phone": d["phone"],
        "roles": " ".join(sorted(d["roles"])),
        "password_hash": d["password_hash"],
        "disabled": False,
        "created_hlc": op.hlc,
        "created_by": op.author,
        "updated_hlc": op.hlc,
    }
    values.update(fields.overlay(conn, entity="account", key=key))
    # edits that arrived (by sync) before the creation: the same updated_hlc as in log order
    values["updated_hlc"] = max(
        [op.hlc, *(fields.current_hlc(conn, entity="account", key=key, field=f) for f in EDITABLE)]
    )
    if existing is None:
        conn.execute(insert(ACCOUNT).values(**values))
    else:
        conn.execute(update(ACCOUNT).where(here).values(**values))
    changes.touch("account", d["username"])  # the UI refreshes by user name


@projector("account.update")
def account_update(conn: Connection, op: Op, changes: Changes) -> None:
    """payload: username, field, value, base (HLC of the value the editor saw)."""
    d = op.data
    if d["field"] not in EDITABLE:
        return
    value = " ".join(sorted(d["value"])) if d["field"] == "roles" else d["value"]
    key = entity_key(op.station_id, d["username"])
    here = (ACCOUNT.c.station_id == op.station_id) & (ACCOUNT.c.username == d["username"])
    won = fields.record_edit(
        conn, op, entity="account", key=key, field=d["field"], value=value,
        base_hlc=d.get("base", ""), target=ACCOUNT, key_column="username", where=here,
    )
    if won:  # never lower it: a late-arriving older edit can still win its own field
        conn.execute(update(ACCOUNT).where(here, ACCOUNT.c.updated_hlc < op.hlc).values(updated_hlc=op.hlc))
    changes.touch("account", d["username"])  # the UI refreshes by user name


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
