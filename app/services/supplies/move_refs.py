"""Who goods go to (a township, a village, a team, a unit, a person, an incident) and finding
movements by their number; used by the movement services, the panel and the commands."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, select

from app import messages
from app.errors import ValidationError
from app.services.supplies.common import NO_RE, TOWNSHIP, display_no, station_codes, text
from app.storage.engine import Database
from app.storage.projections.supplies import MOVE

RECIPIENT_KINDS = ("township", "village", "team", "unit", "person", "incident")


@dataclass(frozen=True)
class Recipient:
    kind: str
    id: str
    name: str

    def payload(self) -> dict[str, str]:
        return {"kind": self.kind, "id": self.id, "name": self.name}


def parse_recipient(conn: Connection, value: object) -> Recipient:
    """'紫金乡' (township), '紫金乡/某村' (village), 'incident:ID', 'person:ID[:name]',
    'unit:ID[:name]', 'team:name', or free text (a team or unit by name)."""
    raw = text(value, "to", limit=120, required=True)
    towns = set(conn.execute(select(TOWNSHIP.c.name)).scalars())
    kind, _, rest = raw.partition(":")
    if rest and kind in RECIPIENT_KINDS:
        rest = rest.strip()
        if not rest:
            raise ValidationError("stock.recipient_required", field="to")
        if kind in ("person", "unit"):
            ident, _, name = rest.partition(":")
            return Recipient(kind, ident.strip(), (name or ident).strip())
        if kind == "incident":
            return Recipient(kind, rest, rest)
        if kind == "township":
            if rest not in towns:
                raise ValidationError("stock.unknown_township", field="to", value=rest)
            return Recipient(kind, rest, rest)
        if kind == "village":
            return _village(rest, towns)
        return Recipient("team", rest, rest)
    if raw in towns:
        return Recipient("township", raw, raw)
    if "/" in raw or any(raw.startswith(t) and len(raw) > len(t) and raw.endswith("村") for t in towns):
        return _village(raw, towns)
    return Recipient("team", raw, raw)


def _village(value: str, towns: set[str]) -> Recipient:
    town, sep, village = value.partition("/")
    if not sep:
        town = next((t for t in towns if value.startswith(t)), "")
        village = value[len(town):]
    town, village = town.strip(), village.strip()
    if town not in towns or not village:
        detail = "村级领用方应写作“乡镇/村”，如 紫金乡/某村" if messages.language() == "zh_CN" else \
            "write a village as 'township/village', e.g. 紫金乡/某村"
        raise ValidationError("stock.bad_recipient", field="to", value=value, detail=detail)
    return Recipient("village", f"{town}/{village}", f"{town}{village}")


# -- finding movements ------------------------------------------------------------------------------


def find_move(conn: Connection, ref: str, station_id: str) -> Any:
    """A movement row by number ('DB-2024-0003', '532927-DB-2024-0003') or id."""
    ref = str(ref).strip()
    row = conn.execute(select(MOVE).where(MOVE.c.move_id == ref)).first()
    if row is not None:
        return row
    m = NO_RE.match(ref.upper())
    if m is None:
        raise ValidationError("stock.unknown_move", field="no", ref=ref)
    stmt = select(MOVE).where(MOVE.c.prefix == m["prefix"], MOVE.c.year == int(m["year"]),
                              MOVE.c.number == int(m["number"]))
    rows = conn.execute(stmt).all()
    if m["code"]:
        codes = station_codes(conn)
        rows = [r for r in rows if codes.get(r.station_id) == m["code"]]
    else:
        own = [r for r in rows if r.station_id == station_id]
        rows = own or rows
    if len(rows) != 1:
        raise ValidationError("stock.unknown_move", field="no", ref=ref)
    return rows[0]


@dataclass(frozen=True)
class MovePlace:
    """Where a movement shows on the stock view: its item and its depot."""
    item: str
    depot_id: str


def move_place(db: Database, move_id: str) -> MovePlace | None:
    """The item and depot of the movement with this id (None when there is none)."""
    with db.read() as conn:
        row = conn.execute(select(MOVE.c.item, MOVE.c.depot_id).where(MOVE.c.move_id == move_id)).first()
    return None if row is None else MovePlace(row.item, row.depot_id)


def move_no(conn: Connection, row: Any, station_id: str) -> str:
    return display_no(row.prefix, row.year, row.number, row.station_id, station_id, station_codes(conn))


def is_reversed(conn: Connection, move_id: str) -> bool:
    return conn.execute(select(MOVE.c.move_id).where(MOVE.c.type == "reverse", MOVE.c.ref == move_id)).first() \
        is not None


def in_transit(conn: Connection, out: Any) -> int:
    """What of a 调出 has not been received or lost (0 when the 调出 is reversed)."""
    if is_reversed(conn, out.move_id):
        return 0
    ins = conn.execute(select(MOVE.c.move_id, MOVE.c.qty, MOVE.c.lost).where(
        MOVE.c.type == "transfer_in", MOVE.c.ref == out.move_id)).all()
    done = sum(int(r.qty) + int(r.lost) for r in ins if not is_reversed(conn, r.move_id))
    return int(out.qty) - done


@dataclass(frozen=True)
class OpenTransfer:
    move_id: str
    no: str
    from_depot: str
    to_depot: str
    item: str
    left: int


def open_transfers(db: Database, to_depots: set[str]) -> list[OpenTransfer]:
    """调出 to one of these depots that are not fully received (or lost) yet, oldest first."""
    out = []
    with db.read() as conn:
        for r in conn.execute(select(MOVE).where(MOVE.c.type == "transfer_out").order_by(MOVE.c.occurred_ms)):
            if r.other_depot not in to_depots:
                continue
            left = in_transit(conn, r)
            if left > 0:
                out.append(OpenTransfer(r.move_id, move_no(conn, r, db.station_id), r.depot_id, r.other_depot,
                                        r.item, left))
    return out


def move_count(db: Database) -> int:
    with db.read() as conn:
        return int(conn.execute(select(func.count()).select_from(MOVE)).scalar() or 0)
