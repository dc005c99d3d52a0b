"""Field conflicts of roster records in the sync conflicts view (app/sync/conflicts.py).

Concurrent edits of a person, a phone, a unit or a directory post merge field by field (newest
HLC wins, see app/storage/projections/fields.py); the losing value stays listed there, and the
person is flagged "verify" in the roster until someone settles it. Settling records the chosen
value again as an edit made after seeing both (a roster editor's decision).
"""

from __future__ import annotations

from typing import Any

from app.services.accounts import Actor
from app.services.rosters import common
from app.storage.changes import Changes
from app.storage.engine import Database
from app.storage.projections import fields

KINDS = {"roster_person": ("roster.person.edit", "person_id"), "roster_phone": ("roster.phone.edit", "phone_id"),
         "roster_unit": ("roster.unit.edit", "unit_id"), "roster_post": ("roster.post.edit", "post_id")}
NAMES = {"roster_person": ("人员", "Person"), "roster_phone": ("电话", "Phone"), "roster_unit": ("队伍", "Unit"),
         "roster_post": ("通讯录岗位", "Directory post")}
_registered = False


def _resolver(entity: str) -> Any:
    kind, key_name = KINDS[entity]

    def resolve(db: Database, actor: Actor, key: str, field: str, value: Any) -> Changes:
        common.require_editor(actor)
        with db.write() as w:
            base = fields.current_hlc(w.conn, entity=entity, key=key, field=field)
            w.record(kind, {key_name: key, "field": field, "value": value, "base": base}, actor.username)
        return w.changes

    return resolve


def register() -> None:
    global _registered
    if _registered:
        return
    from app.sync import conflicts

    for entity in KINDS:
        conflicts.register_resolver(entity, _resolver(entity))
        conflicts.register_labels(entity, NAMES[entity], dict(common.FIELD_NAMES))
    _registered = True
