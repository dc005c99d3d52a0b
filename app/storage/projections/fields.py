"""Editable fields: record an edit, pick the winner, list conflicts (see models/fields.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, and_, insert, select, update

from app.storage import canonical
from app.storage.models import table
from app.storage.models.fields import FieldEdit
from app.storage.ops import Op

EDITS = table(FieldEdit)


def record_edit(
    conn: Connection,
    op: Op,
    *,
    entity: str,
    key: str,
    field: str,
    value: Any,
    base_hlc: str,
    target: Table,
    key_column: str,
    column: str | None = None,
    where: Any = None,
) -> bool:
    """Store the edit; if it is now the newest for that field, write it to `target`.

    Returns True when the edit became the current value.
    """
    conn.execute(
        insert(EDITS).values(
            op_id=op.op_id,
            field=field,
            entity=entity,
            entity_key=key,
            hlc=op.hlc,
            base_hlc=base_hlc,
            value=canonical.dumps(value),
            author=op.author,
        )
    )
    newest = conn.execute(
        select(EDITS.c.op_id)
        .where(and_(EDITS.c.entity == entity, EDITS.c.entity_key == key, EDITS.c.field == field))
        .order_by(EDITS.c.hlc.desc(), EDITS.c.op_id.desc())
        .limit(1)
    ).scalar_one()
    if newest != op.op_id:
        return False
    match = target.c[key_column] == key if where is None else where
    conn.execute(update(target).where(match).values({column or field: value}))
    return True


def overlay(conn: Connection, *, entity: str, key: str) -> dict[str, Any]:
    """The newest edited value of each field of one record (for a record created after some of
    its edits arrived)."""
    rows = conn.execute(
        select(EDITS.c.field, EDITS.c.value)
        .where(and_(EDITS.c.entity == entity, EDITS.c.entity_key == key))
        .order_by(EDITS.c.field, EDITS.c.hlc, EDITS.c.op_id)
    ).all()
    values: dict[str, Any] = {}
    for row in rows:
        values[row.field] = canonical.loads(row.value)
    return values


@dataclass(frozen=True)
class Conflict:
    entity: str
    key: str
    field: str
    winner_value: Any
    winner_author: str
    winner_hlc: str
    loser_value: Any
    loser_author: str
    loser_hlc: str
    loser_op_id: str


def conflicts(conn: Connection, entity: str | None = None) -> list[Conflict]:
    """Edits that lost to an edit whose author had not seen them."""
    stmt = select(EDITS).order_by(EDITS.c.entity, EDITS.c.entity_key, EDITS.c.field, EDITS.c.hlc)
    if entity is not None:
        stmt = stmt.where(EDITS.c.entity == entity)
    groups: dict[tuple[str, str, str], list[Any]] = {}
    for row in conn.execute(stmt):
        groups.setdefault((row.entity, row.entity_key, row.field), []).append(row)
    found: list[Conflict] = []
    for (ent, key, fld), rows in groups.items():
        winner = max(rows, key=lambda r: (r.hlc, r.op_id))
        for row in rows:
            if row.op_id != winner.op_id and row.hlc > winner.base_hlc:
                found.append(
                    Conflict(
                        ent, key, fld,
                        canonical.loads(winner.value), winner.author, winner.hlc,
                        canonical.loads(row.value), row.author, row.hlc, row.op_id,
                    )
                )
    return found


def current_hlc(conn: Connection, *, entity: str, key: str, field: str) -> str:
    """The HLC of the current value of a field ('' when never edited): the `base` of a new edit."""
    value = conn.execute(
        select(EDITS.c.hlc)
        .where(and_(EDITS.c.entity == entity, EDITS.c.entity_key == key, EDITS.c.field == field))
        .order_by(EDITS.c.hlc.desc())
        .limit(1)
    ).scalar()
    return value or ""
