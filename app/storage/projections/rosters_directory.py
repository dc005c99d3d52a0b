"""Projections of the liaison directory (`roster.post.*`) and roll calls (`roster.roll.*`).

A directory post (a department's liaison officer, a village's 助理员 or 信息员, a township's duty
phone) links a person; one person may hold several posts (two villages). Post fields merge
through `field_edit` (entity `roster_post`). Roll calls are append-only: every answer is kept;
the latest by HLC is what the list shows. Any trusted station may write these (docs/rosters.md).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, insert, select

from app.storage.changes import Changes
from app.storage.models import table
from app.storage.models.rosters import RosterPost, RosterRollAnswer, RosterRollCall
from app.storage.ops import Op
from app.storage.projections import fields, projector

POST = table(RosterPost)
ROLL = table(RosterRollCall)
ANSWER = table(RosterRollAnswer)
POST_ENTITY = "roster_post"
POST_FIELDS = ("person_id", "phone", "village", "department", "ended")


@projector("roster.post.create")
def post_create(conn: Connection, op: Op, changes: Changes) -> None:
    d = op.data
    if conn.execute(select(POST.c.post_id).where(POST.c.post_id == d["post_id"])).first():
        return
    values: dict[str, Any] = {
        "post_id": d["post_id"], "role": d["role"], "township": d.get("township", ""), "village": d.get("village", ""),
        "department": d.get("department", ""), "person_id": d.get("person_id", ""), "phone": d.get("phone", ""),
        "ended": False, "created_hlc": op.hlc,
    }
    values.update({k: v for k, v in fields.overlay(conn, entity=POST_ENTITY, key=d["post_id"]).items()
                   if k in POST_FIELDS})
    conn.execute(insert(POST).values(**values))
    changes.touch("roster_post", d["post_id"])


@projector("roster.post.edit")
def post_edit(conn: Connection, op: Op, changes: Changes) -> None:
    d = op.data
    if d["field"] not in POST_FIELDS:
        return
    fields.record_edit(conn, op, entity=POST_ENTITY, key=d["post_id"], field=d["field"], value=d["value"],
                       base_hlc=d.get("base", ""), target=POST, key_column="post_id")
    changes.touch("roster_post", d["post_id"])


@projector("roster.roll.start")
def roll_start(conn: Connection, op: Op, changes: Changes) -> None:
    d = op.data
    if conn.execute(select(ROLL.c.roll_id).where(ROLL.c.roll_id == d["roll_id"])).first():
        return
    conn.execute(insert(ROLL).values(roll_id=d["roll_id"], title=d.get("title", ""),
                                     person_ids=" ".join(d.get("person_ids", [])), started_ms=op.wall_ms,
                                     started_by=op.author, station_id=op.station_id))
    changes.touch("roster_rollcall", d["roll_id"])


@projector("roster.roll.answer")
def roll_answer(conn: Connection, op: Op, changes: Changes) -> None:
    """payload: roll_id, person_id, phone_id, outcome (answered | no_answer | unreachable)."""
    d = op.data
    conn.execute(insert(ANSWER).values(op_id=op.op_id, roll_id=d["roll_id"], person_id=d["person_id"],
                                       phone_id=d.get("phone_id", ""), outcome=d["outcome"], at_ms=op.wall_ms,
                                       author=op.author, hlc=op.hlc))
    changes.touch("roster_rollcall", d["roll_id"])
