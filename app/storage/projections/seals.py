"""`seal` operations (app/storage/seals.py): audit only, no projection table; a seal may only
seal the chain it is part of."""

from __future__ import annotations

from sqlalchemy import Connection

from app.storage import authority, seals
from app.storage.changes import Changes
from app.storage.ops import Op
from app.storage.projections import projector


@authority.rule(seals.KIND)
def _own_chain(conn: Connection, op: Op) -> str | None:
    seal = seals.parse(op)
    if seal is None:
        return "seal.malformed"
    return None if seal.seq < op.seq else "seal.foreign_chain"


@projector(seals.KIND)
def seal(conn: Connection, op: Op, changes: Changes) -> None:
    """Verified by `dutydesk check`, not projected."""
