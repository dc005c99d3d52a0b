"""Projections of station identity and settings."""

from __future__ import annotations

from sqlalchemy import Connection, and_, insert, select, update

from app.storage.changes import Changes
from app.storage.models import table
from app.storage.models.station import Setting, Station
from app.storage.ops import Op
from app.storage.projections import projector

STATION = table(Station)
SETTING = table(Setting)
STATION_FIELDS = ("name", "timezone", "language")


@projector("station.create")
def station_create(conn: Connection, op: Op, changes: Changes) -> None:
    d = op.data
    exists = conn.execute(select(STATION.c.station_id).where(STATION.c.station_id == op.station_id)).first()
    if exists:
        return
    conn.execute(
        insert(STATION).values(
            station_id=op.station_id,
            name=d["name"],
            code=d["code"],
            timezone=d["timezone"],
            language=d["language"],
            created_hlc=op.hlc,
        )
    )
    # settings of this station that arrived (by sync) before its creation
    for row in conn.execute(
        select(SETTING.c.key, SETTING.c.value).where(
            SETTING.c.station_id == op.station_id, SETTING.c.key.in_(STATION_FIELDS)
        )
    ):
        conn.execute(update(STATION).where(STATION.c.station_id == op.station_id).values({row.key: row.value}))
    changes.touch("station", op.station_id)


@projector("station.setting")
def station_setting(conn: Connection, op: Op, changes: Changes) -> None:
    d = op.data
    where = and_(SETTING.c.station_id == op.station_id, SETTING.c.key == d["key"])
    row = conn.execute(select(SETTING.c.hlc).where(where)).first()
    if row is None:
        conn.execute(insert(SETTING).values(station_id=op.station_id, key=d["key"], value=d["value"], hlc=op.hlc))
    elif row.hlc < op.hlc:
        conn.execute(update(SETTING).where(where).values(value=d["value"], hlc=op.hlc))
    else:
        return
    if d["key"] in STATION_FIELDS:
        conn.execute(update(STATION).where(STATION.c.station_id == op.station_id).values({d["key"]: d["value"]}))
    changes.touch("setting", d["key"])
