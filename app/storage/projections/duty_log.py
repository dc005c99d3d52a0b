"""Projections of the duty log (`duty.entry.*`).

Order independence: an entry's fields are set by its `add`; amendments go through
`fields.record_edit` (newest HLC wins; an amendment that arrives before its entry is laid over
it when the entry comes); close/reopen/void are field edits of `status` / `void_reason`; the
newest instruction and action (by HLC) are copied to the entry row; everything else is one row
per operation in `duty_activity`. The search index is refreshed in the same transaction.
"""

from __future__ import annotations

from operator import itemgetter
from typing import Any

from sqlalchemy import BindParameter, Connection, bindparam, insert, select, union, update

from app.storage import duty_search
from app.storage.changes import Changes
from app.storage.models import table
from app.storage.models.duty_log import DutyActivity, DutyEntry
from app.storage.models.fields import FieldEdit
from app.storage.ops import Op
from app.storage.projections import batch_projector, fields, projector

ENTRY = table(DutyEntry)
ACTIVITY = table(DutyActivity)
EDITS = table(FieldEdit)
ENTITY = "duty_entry"
TOUCH = "duty_entry"

COLUMNS: dict[str, str] = {
    "direction": "direction",
    "channel": "channel",
    "category": "category",
    "received_at": "received_ms",
    "occurred_at": "occurred_ms",
    "source_unit": "source_unit",
    "source_person": "source_person",
    "phone": "phone",
    "township": "township",
    "location": "location",
    "summary": "summary",
    "due_at": "due_ms",
    "significant": "significant",
}
"""Amendable field -> entry column (values in payloads and field_edit are the column values)."""
STATE_COLUMNS = {"status": "status", "void_reason": "void_reason"}
"""Edited by close/reopen/void, not amendments."""
SEARCHED = {"received_at", "source_unit", "source_person", "phone", "township", "location", "summary",
            "category", "direction", "channel", "significant"}


def entry_values(op: Op) -> dict[str, Any]:
    """The entry row an add operation makes (before amendments that arrived earlier).

    `status` in the payload is optional ('closed' for entries taken over from an older ledger
    that were dealt with already); close/reopen operations override it."""
    d = op.data
    return {
        "entry_id": op.op_id,
        "station_id": op.station_id,
        "year": d["year"],
        "number": d["number"],
        "direction": d["direction"],
        "channel": d["channel"],
        "category": d["category"],
        "received_ms": d["received_ms"],
        "occurred_ms": d.get("occurred_ms"),
        "recorded_hlc": op.hlc,
        "source_unit": d.get("source_unit", ""),
        "source_person": d.get("source_person", ""),
        "phone": d.get("phone", ""),
        "township": d.get("township", ""),
        "location": d.get("location", ""),
        "summary": d["summary"],
        "instruction": "",
        "instruction_hlc": "",
        "action": "",
        "action_hlc": "",
        "due_ms": d.get("due_ms"),
        "significant": bool(d.get("significant", False)),
        "status": "closed" if d.get("status") == "closed" else "open",
        "void_reason": "",
        "author": op.author,
        "amended": "",
    }


# Statements of the hot path (replaying a million adds), built once: SQLAlchemy then reuses
# their compiled form instead of building and hashing a new statement per operation.
_ENTRY_EXISTS = select(ENTRY.c.entry_id).where(ENTRY.c.entry_id == bindparam("entry_id"))
_ENTRY_INSERT = insert(ENTRY)
_ACTIVITY_ANY = select(ACTIVITY.c.op_id).where(ACTIVITY.c.entry_id == bindparam("entry_id")).limit(1)
_ACTIVITY_TEXTS = (
    select(ACTIVITY.c.kind, ACTIVITY.c.text, ACTIVITY.c.hlc)
    .where(ACTIVITY.c.entry_id == bindparam("entry_id"), ACTIVITY.c.kind.in_(("instruct", "act")))
    .order_by(ACTIVITY.c.hlc, ACTIVITY.c.op_id)
)
_EDITED = select(EDITS.c.op_id).where(EDITS.c.entity == ENTITY, EDITS.c.entity_key == bindparam("entry_id")).limit(1)
_KNOWN = select(
    _ENTRY_EXISTS.scalar_subquery().label("entry"),
    _EDITED.scalar_subquery().label("edit"),
    _ACTIVITY_ANY.scalar_subquery().label("activity"),
)
"""What is already known of an entry: itself, edits or activity that arrived before it."""
_ACTIVITY_INSERT = insert(ACTIVITY)
_IDS: BindParameter[list[str]] = bindparam("ids", expanding=True)
_KNOWN_MANY = union(
    select(ENTRY.c.entry_id).where(ENTRY.c.entry_id.in_(_IDS)),
    select(EDITS.c.entity_key).where(EDITS.c.entity == bindparam("entity"), EDITS.c.entity_key.in_(_IDS)),
    select(ACTIVITY.c.entry_id).where(ACTIVITY.c.entry_id.in_(_IDS)),
)
"""Which of these entries are known already (themselves, edits or activity that arrived before
them): one statement, compiled once (its id list is expanded when it runs)."""


def _newest_texts(conn: Connection, entry_id: str) -> dict[str, tuple[str, str]]:
    """The newest instruction and action (text, hlc) already recorded for an entry."""
    found: dict[str, tuple[str, str]] = {}
    rows = conn.execute(_ACTIVITY_TEXTS, {"entry_id": entry_id}).all()
    for row in rows:
        found[row.kind] = (row.text, row.hlc)
    return found


def _doc(values: dict[str, Any], op: Op | None = None) -> duty_search.Doc:
    """The search document of a new entry without instructions, actions or notifications (the
    body `app.storage.prepared` computed ahead from the add payload when `op` carries it)."""
    body = op._prep if op is not None and isinstance(op._prep, str) else duty_search.entry_document(values)
    return duty_search.Doc(values["entry_id"], values["received_ms"], body)


@projector("duty.entry.add")
def entry_add(conn: Connection, op: Op, changes: Changes) -> None:
    known = conn.execute(_KNOWN, {"entry_id": op.op_id}).one()
    if known.entry is not None:
        return
    values = entry_values(op)
    amended: set[str] = set()
    earlier = fields.overlay(conn, entity=ENTITY, key=op.op_id) if known.edit is not None else {}
    for name, value in earlier.items():
        if name in COLUMNS:
            values[COLUMNS[name]] = value
            amended.add(name)
        elif name in STATE_COLUMNS:
            values[STATE_COLUMNS[name]] = value
    values["amended"] = " ".join(sorted(amended))
    texts = _newest_texts(conn, op.op_id) if known.activity is not None else {}
    values["instruction"], values["instruction_hlc"] = texts.get("instruct", ("", ""))
    values["action"], values["action_hlc"] = texts.get("act", ("", ""))
    duty_search.ensure(conn)  # before the insert: a first-time index fill must not see this entry
    conn.execute(_ENTRY_INSERT, values)
    if known.activity is not None:
        duty_search.refresh(conn, op.op_id)
    else:
        duty_search.add_many(conn, [_doc(values)])
    changes.touch(TOUCH, op.op_id)


@batch_projector("duty.entry.add")
def entry_add_many(conn: Connection, ops: list[Op], changes: Changes) -> None:
    """Bulk adds (demo data): one executemany; entries with earlier-arrived activity or that
    exist already go through the ordinary projector."""
    for start in range(0, len(ops), 500):
        chunk = ops[start:start + 500]
        ids = [op.op_id for op in chunk]
        special = set(conn.execute(_KNOWN_MANY, {"ids": ids, "entity": ENTITY}).scalars())
        plain = [op for op in chunk if op.op_id not in special]
        if plain:
            rows = [entry_values(op) for op in plain]
            duty_search.ensure(conn)
            _insert_entries(conn, rows)
            duty_search.add_many(conn, [_doc(r, op) for r, op in zip(rows, plain, strict=True)])
        for op in chunk:
            if op.op_id in special:
                entry_add(conn, op, changes)
    changes.touch(TOUCH, "*")


_NAMES = [c.name for c in ENTRY.columns]
_RAW_INSERT = f"INSERT INTO duty_entry ({', '.join(_NAMES)}) VALUES ({', '.join('?' * len(_NAMES))})"
_ROW_TUPLE = itemgetter(*_NAMES)


def _insert_entries(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Insert entry rows: the driver's executemany on SQLite (the bulk hot path), Core elsewhere."""
    raw = conn.connection.driver_connection if conn.dialect.name == "sqlite" else None
    if raw is None:
        conn.execute(insert(ENTRY), rows)
        return
    raw.executemany(_RAW_INSERT, map(_ROW_TUPLE, rows))


def _activity(conn: Connection, op: Op, kind: str, **values: Any) -> str:
    entry_id = str(op.data["entry"])
    row = {"op_id": op.op_id, "entry_id": entry_id, "kind": kind, "hlc": op.hlc, "author": op.author,
           "text": "", "field": "", "leader": "", "whom": "", "channel": "", "at_ms": None}
    row.update(values)
    conn.execute(_ACTIVITY_INSERT, row)
    return entry_id


def _exists(conn: Connection, entry_id: str) -> bool:
    return conn.execute(select(ENTRY.c.entry_id).where(ENTRY.c.entry_id == entry_id)).first() is not None


@projector("duty.entry.amend")
def entry_amend(conn: Connection, op: Op, changes: Changes) -> None:
    """payload: entry, field, value (column value), base (HLC of the value the editor saw), reason."""
    d = op.data
    name = d["field"]
    if name not in COLUMNS:
        return
    entry_id = _activity(conn, op, "amend", field=name, text=d.get("reason", ""))
    fields.record_edit(conn, op, entity=ENTITY, key=entry_id, field=name, value=d["value"],
                       base_hlc=d.get("base", ""), target=ENTRY, key_column="entry_id", column=COLUMNS[name])
    row = conn.execute(select(ENTRY.c.amended).where(ENTRY.c.entry_id == entry_id)).first()
    if row is None:
        return  # the entry has not arrived yet; its add lays this amendment over it
    amended = set(row.amended.split()) | {name}
    conn.execute(update(ENTRY).where(ENTRY.c.entry_id == entry_id).values(amended=" ".join(sorted(amended))))
    if name in SEARCHED:
        duty_search.refresh(conn, entry_id)
    changes.touch(TOUCH, entry_id)


def _newest_text(conn: Connection, op: Op, column: str) -> None:
    entry_id = str(op.data["entry"])
    hlc_col = ENTRY.c[column + "_hlc"]
    conn.execute(
        update(ENTRY)
        .where(ENTRY.c.entry_id == entry_id, hlc_col < op.hlc)
        .values({column: op.data["text"], column + "_hlc": op.hlc})
    )
    if _exists(conn, entry_id):
        duty_search.refresh(conn, entry_id)


@projector("duty.entry.instruct")
def entry_instruct(conn: Connection, op: Op, changes: Changes) -> None:
    """payload: entry, text, leader."""
    entry_id = _activity(conn, op, "instruct", text=op.data["text"], leader=op.data.get("leader", ""),
                         channel=str(op.data.get("via", ""))[:16])  # "phone": relayed, written down by the author
    _newest_text(conn, op, "instruction")
    changes.touch(TOUCH, entry_id)


@projector("duty.entry.act")
def entry_act(conn: Connection, op: Op, changes: Changes) -> None:
    """payload: entry, text."""
    entry_id = _activity(conn, op, "act", text=op.data["text"])
    _newest_text(conn, op, "action")
    changes.touch(TOUCH, entry_id)


@projector("duty.entry.notify")
def entry_notify(conn: Connection, op: Op, changes: Changes) -> None:
    """payload: entry, whom, channel, at_ms."""
    d = op.data
    entry_id = _activity(conn, op, "notify", whom=d["whom"], channel=d.get("channel", ""), at_ms=d.get("at_ms"))
    if _exists(conn, entry_id):
        duty_search.refresh(conn, entry_id)
    changes.touch(TOUCH, entry_id)


def _state(conn: Connection, op: Op, kind: str, column: str, value: str, changes: Changes) -> None:
    entry_id = _activity(conn, op, kind, text=op.data.get("reason", ""))
    fields.record_edit(conn, op, entity=ENTITY, key=entry_id, field=column, value=value,
                       base_hlc=op.data.get("base", ""), target=ENTRY, key_column="entry_id")
    changes.touch(TOUCH, entry_id)


@projector("duty.entry.close")
def entry_close(conn: Connection, op: Op, changes: Changes) -> None:
    """payload: entry, base."""
    _state(conn, op, "close", "status", "closed", changes)


@projector("duty.entry.reopen")
def entry_reopen(conn: Connection, op: Op, changes: Changes) -> None:
    """payload: entry, base."""
    _state(conn, op, "reopen", "status", "open", changes)


@projector("duty.entry.void")
def entry_void(conn: Connection, op: Op, changes: Changes) -> None:
    """payload: entry, reason, base."""
    _state(conn, op, "void", "void_reason", str(op.data["reason"]), changes)
