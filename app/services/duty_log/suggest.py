"""Completers of the entry form: recent units, persons, phones and places.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    select,
)

from app.errors import ValidationError
from app.services.duty_log.types import (
    Contact,
)
from app.storage.engine import Database
from app.storage.models import table
from app.storage.models.duty_log import DutyActivity, DutyEntry
from app.storage.models.fields import FieldEdit
from app.storage.models.oplog import Operation
from app.storage.models.station import Township

ENTRY = table(DutyEntry)
ACTIVITY = table(DutyActivity)
EDITS = table(FieldEdit)
OPLOG = table(Operation)
TOWNSHIP = table(Township)


SUGGEST_FIELDS = ("source_unit", "source_person", "phone", "location")
RECENT = 5000


def _recent(db: Database) -> list[Any]:
    with db.read() as conn:
        return list(conn.execute(
            select(ENTRY.c.source_unit, ENTRY.c.source_person, ENTRY.c.phone, ENTRY.c.location)
            .order_by(ENTRY.c.received_ms.desc(), ENTRY.c.entry_id.desc())
            .limit(RECENT)
        ).all())


def _matches(value: str, prefix: str) -> int:
    """0 for a prefix match, 1 for a match inside, -1 for none."""
    if not prefix:
        return 0
    low, p = value.lower(), prefix.lower()
    return 0 if low.startswith(p) else (1 if p in low else -1)


def suggestions(db: Database, field: str, prefix: str = "", limit: int = 10) -> list[str]:
    if field not in SUGGEST_FIELDS:
        raise ValidationError("duty.bad_suggest_field", field=field, name=field)
    index = SUGGEST_FIELDS.index(field)
    ranked: dict[str, int] = {}
    for row in _recent(db):
        value = row[index]
        if value and value not in ranked:
            rank = _matches(value, prefix.strip())
            if rank >= 0:
                ranked[value] = rank
    ordered = sorted(ranked, key=lambda v: ranked[v])  # stable: most recent first within a rank
    return ordered[:limit]


def contacts(db: Database, prefix: str = "", limit: int = 10) -> list[Contact]:
    seen: dict[Contact, int] = {}
    for row in _recent(db):
        contact = Contact(row.source_unit, row.source_person, row.phone)
        if not (contact.unit or contact.person or contact.phone) or contact in seen:
            continue
        ranks = [r for r in (_matches(v, prefix.strip()) for v in (contact.unit, contact.person, contact.phone) if v)
                 if r >= 0]
        if ranks:
            seen[contact] = min(ranks)
    return sorted(seen, key=lambda c: seen[c])[:limit]
