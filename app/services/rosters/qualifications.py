"""Qualifications (资格证书): type, awarded, validity in months, expiry — status computed on read.

`expires` is the last valid Beijing-time day: the day before the same date `validity_months`
later (awarded 2023-12-01 with 24 months → valid through 2025-11-30), unless an explicit expiry
is given; 0 months means it does not expire. Status is never stored: `valid`, `expiring`
(expires within `warn_days`, default 30), `expired` (visible, but no longer counted), `revoked`.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, select

from app.errors import ValidationError
from app.services.accounts import Actor
from app.services.rosters import common
from app.storage.changes import Changes
from app.storage.engine import Database
from app.storage.ids import uuid7
from app.storage.models import table
from app.storage.models.rosters import RosterQualification

QUAL = table(RosterQualification)
WARN_DAYS = 30
TYPES: dict[str, int] = {
    "扑火队员上岗证": 24, "红十字救护员证": 36, "机动车驾驶证": 72, "特种作业操作证（电工）": 72,
    "无人机驾驶员执照": 24, "油锯操作证": 24, "应急救援员（国家职业资格）": 0, "卫星电话操作培训": 12,
    "水域救援技术": 24, "护士执业证书": 60, "医师执业证书": 0,
}
"""Common types and their usual validity in months (0: no expiry); any other type may be entered."""


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def expiry(awarded: date, months: int) -> date | None:
    return None if months <= 0 else add_months(awarded, months) - timedelta(days=1)


def status(expires: str, revoked: bool, today: date, warn_days: int = WARN_DAYS) -> str:
    if revoked:
        return "revoked"
    if not expires:
        return "valid"
    last = date.fromisoformat(expires)
    if today > last:
        return "expired"
    if (last - today).days < warn_days:
        return "expiring"
    return "valid"


STATUS_LABELS = {"valid": ("有效", "Valid"), "expiring": ("即将到期", "Expiring"), "expired": ("已过期", "Expired"),
                 "revoked": ("已撤销", "Revoked")}


@dataclass(frozen=True)
class QualInput:
    qtype: str
    awarded: str
    validity_months: int | str | None = None
    expires: str = ""


def add(db: Database, actor: Actor, person: str, data: QualInput) -> tuple[str, Changes]:
    common.require_editor(actor)
    qtype = common.text(data.qtype, "qtype", required=True, limit=60)
    awarded = common.iso_date(data.awarded, "awarded", required=True)
    months_raw = data.validity_months if data.validity_months not in (None, "") else TYPES.get(qtype, 0)
    months = common.count(months_raw, "validity_months", 1200)
    explicit = common.iso_date(data.expires, "expires")
    computed = expiry(date.fromisoformat(awarded), months)
    expires = explicit or (computed.isoformat() if computed else "")
    if expires and expires < awarded:
        raise ValidationError("roster.expires_before_awarded", field="expires", expires=expires, awarded=awarded)
    with db.write() as w:
        row = common.resolve_person(w.conn, person)
        qual_id = uuid7(db.wall())
        w.record("roster.qual.add", {"qual_id": qual_id, "person_id": row.person_id, "qtype": qtype,
                                     "awarded": awarded, "validity_months": months, "expires": expires},
                 actor.username)
    return qual_id, w.changes


def revoke(db: Database, actor: Actor, qual_id: str) -> Changes:
    common.require_editor(actor)
    with db.write() as w:
        if w.conn.execute(select(QUAL.c.qual_id).where(QUAL.c.qual_id == qual_id)).first() is None:
            raise ValidationError("roster.unknown_field", field="qual", name=qual_id, fields="")
        w.record("roster.qual.revoke", {"qual_id": qual_id}, actor.username)
    return w.changes


def of_people(conn: Connection, person_ids: list[str], today: date,
              warn_days: int = WARN_DAYS) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for start in range(0, len(person_ids), 500):
        for r in conn.execute(select(QUAL).where(QUAL.c.person_id.in_(person_ids[start:start + 500]))
                              .order_by(QUAL.c.person_id, QUAL.c.qtype, QUAL.c.awarded)):
            out.setdefault(r.person_id, []).append({
                "id": r.qual_id, "type": r.qtype, "awarded": r.awarded, "validity_months": r.validity_months,
                "expires": r.expires, "status": status(r.expires, r.revoked, today, warn_days),
            })
    return out


def expiring(conn: Connection, today: date, within_days: int = WARN_DAYS) -> list[Any]:
    """Qualification rows (not revoked) expiring from today to `within_days` ahead, soonest first."""
    last = (today + timedelta(days=within_days)).isoformat()
    return list(conn.execute(select(QUAL).where(QUAL.c.revoked.is_(False), QUAL.c.expires != "",
                                                QUAL.c.expires >= today.isoformat(), QUAL.c.expires <= last)
                             .order_by(QUAL.c.expires, QUAL.c.person_id)).all())
