"""The catalogue (物资目录), depots (仓库 / 乡镇储备点) and minimum stock (储备定额)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, or_, select

from app.errors import ValidationError
from app.services.accounts import Actor
from app.services.supplies.common import (
    CATALOGUERS,
    Depot,
    Item,
    find_depot,
    find_item,
    get_item,
    qty,
    station_codes,
    text,
)
from app.storage.changes import Changes
from app.storage.engine import Database
from app.storage.models import table
from app.storage.models.accounts import Account
from app.storage.models.supplies import StockCategory
from app.storage.projections import fields, supplies_summary
from app.storage.projections.supplies import DEPOT, DEPOT_ENTITY, ITEM, ITEM_ENTITY

CODE_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,39}$")
GB_RE = re.compile(r"^[1-3](0[1-9]|[1-9][0-9]){3}$")
TRACKING = ("none", "lot", "serial")
NATURES = ("consumable", "equipment")
CATEGORY = table(StockCategory)
ACCOUNT = table(Account)


def check_code(value: object, field: str = "code") -> str:
    code = text(value, field, limit=40, required=True)
    if not CODE_RE.match(code):
        raise ValidationError("stock.bad_code", field=field, value=code)
    return code


def check_gb(value: object) -> str:
    """'' or a GB/T 38565-2020 code: 7 digits, 1 + 2 + 2 + 2, class 1–3, each level 01–99."""
    code = "" if value is None else str(value).strip()
    if code and not GB_RE.match(code):
        raise ValidationError("stock.bad_gb", field="gb", value=code)
    return code


def check_tracking(value: object) -> str:
    tracking = str(value or "none").strip().lower()
    if tracking not in TRACKING:
        raise ValidationError("stock.bad_tracking", field="tracking", value=value)
    return tracking


def item_payload(code: object, name: object, unit: object, spec: object = "", gb: object = "",
                 tracking: object = "none", expiry: bool = False, nature: object = "") -> dict[str, Any]:
    tracking_code = check_tracking(tracking)
    nature_code = str(nature or ("equipment" if tracking_code == "serial" else "consumable")).strip()
    if nature_code not in NATURES:
        nature_code = "consumable"
    return {"code": check_code(code), "name": text(name, "name", required=True), "unit": text(unit, "unit", limit=16,
            required=True), "spec": text(spec, "spec", limit=200), "gb": check_gb(gb), "tracking": tracking_code,
            "expiry": bool(expiry), "nature": nature_code}


def add_item(db: Database, actor: Actor, code: str, name: str, unit: str, *, spec: str = "", gb: str = "",
             tracking: str = "none", expiry: bool = False, nature: str = "") -> Changes:
    actor.require(*CATALOGUERS)
    payload = item_payload(code, name, unit, spec, gb, tracking, expiry, nature)
    with db.write() as w:
        if get_item(w.conn, payload["code"]) is not None:
            raise ValidationError("stock.item_exists", field="code", value=payload["code"])
        w.record("stock.item.add", payload, actor.username)
    return w.changes


def update_item(db: Database, actor: Actor, code: str, field: str, value: Any) -> Changes:
    """Change one field of an item (name, spec, unit, gb_code, has_expiry, nature)."""
    actor.require(*CATALOGUERS)
    allowed: dict[str, Callable[[Any], Any]] = {"name": lambda v: text(v, "name", required=True), "spec": lambda v: text(v, "spec", limit=200),
               "unit": lambda v: text(v, "unit", limit=16, required=True), "gb_code": check_gb,
               "has_expiry": bool, "nature": lambda v: v if v in NATURES else "consumable"}
    if field not in allowed:
        raise ValidationError("stock.required", field=field, name=field)
    with db.write() as w:
        item = find_item(w.conn, code)
        base = fields.current_hlc(w.conn, entity=ITEM_ENTITY, key=item.code, field=field)
        w.record("stock.item.update", {"code": item.code, "field": field, "value": allowed[field](value),
                                       "base": base}, actor.username)
    return w.changes


def categories(db: Database) -> dict[str, tuple[str, str]]:
    with db.read() as conn:
        return {r.code: (r.name, r.name_en) for r in conn.execute(select(CATEGORY))}


def complete(db: Database, prefix: str, limit: int = 20) -> list[Item]:
    """Items whose code, name or pinyin initials start with (or name contains) `prefix`."""
    from app.services.supplies.common import _item

    p = prefix.strip()
    if not p:
        return []
    like = p.replace("%", "").replace("_", "")
    with db.read() as conn:
        rows = conn.execute(select(ITEM).where(or_(
            func.upper(ITEM.c.code).like(like.upper() + "%"), ITEM.c.name.like("%" + like + "%"),
            ITEM.c.initials.like(like.lower() + "%"))).order_by(ITEM.c.code).limit(limit)).all()
    return [_item(r) for r in rows]


# -- depots -----------------------------------------------------------------------------------------


def add_depot(db: Database, actor: Actor, code: str, name: str, *, township: str = "", keeper: str = "",
              stock_owner: str = "") -> Changes:
    """A depot of this station. `stock_owner` (a station id or code) marks a 代储 depot holding
    that station's (the county's) stock; that station may record its movements too."""
    actor.require(*CATALOGUERS)
    depot_code = check_code(code)
    label = text(name, "name", required=True)
    with db.write() as w:
        conn = w.conn
        town = ""
        if township.strip():
            from app.services.supplies.common import TOWNSHIP

            town = conn.execute(select(TOWNSHIP.c.name).where(or_(TOWNSHIP.c.name == township.strip(),
                                                                   TOWNSHIP.c.code == township.strip()))).scalar() or ""
            if not town:
                raise ValidationError("stock.unknown_township", field="township", value=township)
        who = text(keeper, "keeper", limit=64)
        if who and conn.execute(select(ACCOUNT.c.username).where(ACCOUNT.c.username == who)).first() is None:
            raise ValidationError("account.unknown", field="keeper", user=who)
        exists = conn.execute(select(DEPOT.c.depot_id).where(DEPOT.c.code == depot_code,
                                                             DEPOT.c.station_id == db.station_id)).first()
        if exists:
            raise ValidationError("stock.depot_exists", field="code", value=depot_code)
        owner = db.station_id
        if stock_owner.strip():
            codes = station_codes(conn)
            owner = next((sid for sid, c in codes.items() if stock_owner.strip() in (sid, c)), "")
            if not owner:
                raise ValidationError("stock.unknown_depot", field="stock_owner", ref=stock_owner)
        w.record("stock.depot.add", {"code": depot_code, "name": label, "township": town, "keeper": who,
                                     "station": db.station_id, "stock_owner": owner}, actor.username)
    return w.changes


def update_depot(db: Database, actor: Actor, ref: str, field: str, value: str) -> Changes:
    actor.require(*CATALOGUERS)
    if field not in ("name", "keeper"):
        raise ValidationError("stock.required", field=field, name=field)
    with db.write() as w:
        depot = find_depot(w.conn, ref, db.station_id)
        base = fields.current_hlc(w.conn, entity=DEPOT_ENTITY, key=depot.depot_id, field=field)
        w.record("stock.depot.update", {"depot": depot.depot_id, "field": field,
                                        "value": text(value, field, required=field == "name"), "base": base},
                 actor.username)
    return w.changes


def own_depot(db: Database, depot: Depot) -> None:
    """ValidationError unless this station may record the depot's movements."""
    if db.station_id not in (depot.station_id, depot.stock_owner):
        raise ValidationError("stock.foreign_depot", field="depot", depot=depot.label)


def set_minimum(db: Database, actor: Actor, item_ref: str, depot_ref: str, quantity: object) -> Changes:
    actor.require(*CATALOGUERS)
    minimum = int(str(quantity).strip()) if str(quantity).strip().lstrip("-").isdigit() else -1
    if minimum < 0:
        raise ValidationError("stock.bad_count", field="minimum", value=quantity)
    if minimum:
        qty(minimum, "minimum")
    with db.write() as w:
        depot = find_depot(w.conn, depot_ref, db.station_id)
        own_depot(db, depot)
        item = find_item(w.conn, item_ref)
        w.record("stock.min", {"depot": depot.depot_id, "item": item.code, "qty": minimum}, actor.username)
    return w.changes


def minimum_subquery() -> Any:
    """(depot_id, item, qty) of the newest minimum setting per depot × item."""
    return supplies_summary.newest_minimums()
