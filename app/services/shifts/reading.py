"""Reading shifts: the one on duty, past ones, the rota's plan for a slot, recorded sheets."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import TypeVar

from sqlalchemy import ColumnElement, Connection, and_, desc, select

from app.clock import ms_to_datetime
from app.errors import UserError, ValidationError
from app.services.shifts.slots import (
    pattern,
    reminder_minutes,
    slot_at,
)
from app.services.shifts.types import (
    CONFIRM_ROLES,
    HANDED_OVER,
    OPEN,
    PLANNED,
    Composition,
    Confirmation,
    HasId,
    Person,
    ShiftInfo,
)
from app.services.station import zone
from app.storage import canonical
from app.storage.engine import Database
from app.storage.models import table
from app.storage.models.shifts import HandoverSheet, RotaSlot, Shift, ShiftConfirmation

SHIFT = table(Shift)
SHEET = table(HandoverSheet)
CONFIRM = table(ShiftConfirmation)
SLOT = table(RotaSlot)


# -- reading ------------------------------------------------------------------------------------


def _names(conn: Connection) -> dict[str, str]:
    from app.storage.models.accounts import Account

    acc = table(Account)
    return {r.username: r.display_name for r in conn.execute(select(acc.c.username, acc.c.display_name))}


def _person(names: dict[str, str], username: str) -> Person | None:
    return Person(username, names.get(username, username)) if username else None


def _info(row: object, names: dict[str, str], confirmations: Iterable[Confirmation] = ()) -> ShiftInfo:
    m = row._mapping  # type: ignore[attr-defined]
    return ShiftInfo(
        shift_id=m["shift_id"],
        state=m["state"],
        slot_key=m["slot_key"],
        start=ms_to_datetime(m["start_ms"]),
        end=ms_to_datetime(m["end_ms"]) if m["end_ms"] is not None else None,
        planned_start=ms_to_datetime(m["planned_start_ms"]),
        planned_end=ms_to_datetime(m["planned_end_ms"]),
        leader=_person(names, m["leader"]),
        lead=_person(names, m["lead"]),
        operators=tuple(Person(u, names.get(u, u)) for u in m["operators"].split()),
        opened_by=m["opened_by"],
        outgoing=m["outgoing"],
        incoming=m["incoming"],
        sheet_no=m["sheet_no"],
        prev_shift_id=m["prev_shift_id"],
        next_shift_id=m["next_shift_id"],
        confirmations=tuple(confirmations),
    )


def _confirmations(conn: Connection, shift_id: str) -> list[Confirmation]:
    rows = conn.execute(select(CONFIRM).where(CONFIRM.c.shift_id == shift_id).order_by(CONFIRM.c.at_ms))
    order = {r: i for i, r in enumerate(CONFIRM_ROLES)}
    found = [Confirmation(r.role, r.username, r.at_ms) for r in rows]
    return sorted(found, key=lambda c: (order.get(c.role, 9), c.at_ms))


def at_this_station(db: Database) -> ColumnElement[bool]:
    """Only this station's shifts: synced shifts of other stations are theirs, not ours."""
    return SHIFT.c.station_id == db.station_id


def get_shift(db: Database, shift_id: str) -> ShiftInfo | None:
    with db.read() as conn:
        row = conn.execute(select(SHIFT).where(SHIFT.c.shift_id == shift_id, at_this_station(db))).first()
        if row is None:
            return None
        return _info(row, _names(conn), _confirmations(conn, shift_id))


E = TypeVar("E", bound=HasId)


def own_entries(db: Database, rows: Sequence[E]) -> list[E]:
    """Only the duty-log entries recorded at this station (the duty log's filter has no station
    criterion, and a synced database holds other stations' entries too)."""
    from app.storage.models.duty_log import DutyEntry

    entry = table(DutyEntry)
    ids = [r.id for r in rows]
    own: set[str] = set()
    with db.read() as conn:
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            own.update(conn.execute(
                select(entry.c.entry_id).where(entry.c.station_id == db.station_id, entry.c.entry_id.in_(chunk))
            ).scalars())
    return [r for r in rows if r.id in own]


def require_shift(db: Database, shift_id: str) -> ShiftInfo:
    info = get_shift(db, shift_id)
    if info is None:
        raise ValidationError("shift.unknown", field="shift", shift=shift_id)
    return info


def open_shift_info(db: Database) -> ShiftInfo | None:
    """The shift on duty now (opened and not handed over), or None."""
    with db.read() as conn:
        row = conn.execute(
            select(SHIFT).where(at_this_station(db), SHIFT.c.state == OPEN).order_by(desc(SHIFT.c.start_ms), desc(SHIFT.c.opened_hlc)).limit(1)
        ).first()
        return _info(row, _names(conn)) if row else None


def planned_shift(db: Database, when: datetime | None = None) -> ShiftInfo | None:
    """The rota's plan for the slot holding `when` (default now), as a 'planned' ShiftInfo."""
    tz = zone(db)
    when = when or ms_to_datetime(db.wall())
    slot = slot_at(pattern(db), tz, when)
    with db.read() as conn:
        row = conn.execute(
            select(SLOT).where(SLOT.c.station_id == db.station_id, SLOT.c.slot_key == slot.key)
        ).first()
        names = _names(conn)
    if row is None:
        return None
    return ShiftInfo(
        shift_id="", state=PLANNED, slot_key=slot.key, start=ms_to_datetime(row.start_ms), end=None,
        planned_start=ms_to_datetime(row.start_ms), planned_end=ms_to_datetime(row.end_ms),
        leader=_person(names, row.leader), lead=_person(names, row.lead),
        operators=tuple(Person(u, names.get(u, u)) for u in row.operators.split()),
    )


def current_shift(db: Database) -> ShiftInfo | None:
    """The shift on duty (state 'open'); if none was opened, the rota's plan for now ('planned');
    None when there is neither."""
    return open_shift_info(db) or planned_shift(db)


def last_handed_over(db: Database) -> ShiftInfo | None:
    with db.read() as conn:
        row = conn.execute(
            select(SHIFT).where(at_this_station(db), SHIFT.c.state == HANDED_OVER).order_by(desc(SHIFT.c.end_ms)).limit(1)
        ).first()
        if row is None:
            return None
        return _info(row, _names(conn), _confirmations(conn, row.shift_id))


def list_shifts(db: Database, *, since: datetime | None = None, until: datetime | None = None,
                limit: int | None = None) -> list[ShiftInfo]:
    """Shifts newest first; `since`/`until` select by start time."""
    stmt = select(SHIFT).where(at_this_station(db)).order_by(desc(SHIFT.c.start_ms))
    if since is not None:
        stmt = stmt.where(SHIFT.c.start_ms >= int(since.timestamp() * 1000))
    if until is not None:
        stmt = stmt.where(SHIFT.c.start_ms < int(until.timestamp() * 1000))
    if limit is not None:
        stmt = stmt.limit(limit)
    with db.read() as conn:
        names = _names(conn)
        rows = conn.execute(stmt).all()
        return [_info(r, names, _confirmations(conn, r.shift_id) if r.state == HANDED_OVER else ()) for r in rows]


def shift_at(db: Database, when: datetime) -> ShiftInfo | None:
    """The shift in which something received at `when` belongs."""
    ms = int(when.timestamp() * 1000)
    with db.read() as conn:
        row = conn.execute(
            select(SHIFT)
            .where(at_this_station(db), and_(SHIFT.c.start_ms <= ms, (SHIFT.c.end_ms.is_(None)) | (SHIFT.c.end_ms > ms)))
            .order_by(desc(SHIFT.c.start_ms))
            .limit(1)
        ).first()
        return _info(row, _names(conn)) if row else None


def resolve(db: Database, ref: str) -> ShiftInfo:
    """'current', 'last', a shift id or its first characters, a sheet number, or the slot
    ('2024-04-18T08:30', or the date '2024-04-18' where the pattern has one shift a day)."""
    ref = (ref or "current").strip()
    if ref == "current":
        info = open_shift_info(db)
        if info is None:
            raise UserError("shift.none_open")
        return info
    if ref == "last":
        info = last_handed_over(db)
        if info is None:
            raise UserError("shift.none_handed_over")
        return info
    with db.read() as conn:
        ids = list(conn.execute(select(SHIFT.c.shift_id).where(at_this_station(db)).where(
            (SHIFT.c.shift_id == ref) | (SHIFT.c.sheet_no == ref) | (SHIFT.c.shift_id.like(ref + "%"))
            | (SHIFT.c.slot_key == ref) | (SHIFT.c.slot_key.like(ref + "T%"))
        ).limit(2)).scalars())
    if len(ids) != 1:
        raise ValidationError("shift.unknown", field="shift", shift=ref)
    return require_shift(db, ids[0])


def reminder_due(db: Database, now: datetime | None = None) -> ShiftInfo | None:
    """The open shift when its planned end is within the reminder time (or past)."""
    info = open_shift_info(db)
    if info is None:
        return None
    now = now or ms_to_datetime(db.wall())
    return info if now >= info.planned_end - timedelta(minutes=reminder_minutes(db)) else None


def _planned_composition(conn: Connection, station_id: str, key: str) -> Composition | None:
    row = conn.execute(select(SLOT).where(SLOT.c.station_id == station_id, SLOT.c.slot_key == key)).first()
    if row is None:
        return None
    return Composition(row.leader, row.lead, tuple(row.operators.split()))


def planned_composition(db: Database, key: str) -> Composition | None:
    with db.read() as conn:
        return _planned_composition(conn, db.station_id, key)


def sheet_content(db: Database, shift_id: str) -> dict[str, object] | None:
    """The sheet recorded at the shift's handover (None while the shift is on)."""
    from app.storage import seals

    with db.read() as conn:
        row = conn.execute(
            select(SHEET.c.content, SHEET.c.op_id).where(SHEET.c.shift_id == shift_id, SHEET.c.station_id == db.station_id)
        ).first()
        seal = seals.for_ref(conn, row.op_id) if row is not None else None
    if row is None:
        return None
    content = canonical.loads(row.content)
    assert isinstance(content, dict)
    content["seal"] = {"token": seal.token, "short": seal.short} if seal is not None else None  # issue 9
    return content
