"""The station: creating it (init), reading its identity (name, code, zone), its settings.

The station's facts other areas need — its time zone, its current time, the codes of the
stations known here — are read here and nowhere else."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Connection, and_, select

from app import messages
from app.clock import ms_to_datetime
from app.errors import ValidationError
from app.services import accounts, passwords, roles
from app.services.accounts import Actor
from app.storage.changes import Changes
from app.storage.engine import Database
from app.storage.models import table
from app.storage.models.station import Setting, Station, Township

STATION = table(Station)
SETTING = table(Setting)
TOWNSHIP = table(Township)
CODE_RE = re.compile(r"^[0-9A-Za-z]{6,12}$")
DEFAULT_TZ = "Asia/Shanghai"


@dataclass(frozen=True)
class StationInfo:
    station_id: str
    name: str
    code: str
    timezone: str
    language: str

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def validate_timezone(tz: str) -> str:
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError("station.bad_timezone", field="timezone", tz=tz) from error
    return tz


def initialize(
    db: Database,
    *,
    name: str,
    code: str,
    admin: str,
    password: str,
    timezone: str = DEFAULT_TZ,
    language: str = "zh_CN",
    admin_name: str = "",
) -> Changes:
    """Create the station and its first admin account in one transaction."""
    name = name.strip()
    if not name or len(name) > 60:
        raise ValidationError("station.bad_name", field="name")
    code = code.strip()
    if not CODE_RE.match(code):
        raise ValidationError("station.bad_code", field="code", value=code)
    validate_timezone(timezone)
    if language not in messages.LANGUAGES:
        language = "zh_CN"
    admin = accounts.validate_username(admin)
    accounts.validate_password(password)
    station_id = str(uuid.uuid4())
    with db.write(new_station=station_id) as w:
        w.record("station.create", {"name": name, "code": code, "timezone": timezone, "language": language}, admin)
        w.record(
            "account.create",
            {
                "station": station_id,
                "username": admin,
                "display_name": admin_name.strip() or admin,
                "phone": "",
                "roles": [roles.ADMIN],
                "password_hash": passwords.hash_password(password),
            },
            admin,
        )
    return w.changes


def info(db: Database) -> StationInfo:
    db.require_station()
    with db.read() as conn:
        row = conn.execute(select(STATION).where(STATION.c.station_id == db.station_id)).one()
    return StationInfo(row.station_id, row.name, row.code, row.timezone, row.language)


def zone(db: Database) -> ZoneInfo:
    """The station's time zone (the default zone before the station exists)."""
    try:
        return info(db).zone
    except Exception:
        return ZoneInfo(DEFAULT_TZ)


def now(db: Database) -> datetime:
    """The current time by the database's wall clock (aware, UTC)."""
    return ms_to_datetime(db.wall())


def station_codes(conn: Connection) -> dict[str, str]:
    """Station id → code, for the stations whose creation has been synced here."""
    return {r.station_id: r.code or r.station_id[:8] for r in conn.execute(select(STATION.c.station_id, STATION.c.code))}


def get_setting(db: Database, key: str, default: str = "") -> str:
    with db.read() as conn:
        value = conn.execute(
            select(SETTING.c.value).where(and_(SETTING.c.station_id == db.station_id, SETTING.c.key == key))
        ).scalar()
    return default if value is None else str(value)


def set_setting(db: Database, actor: Actor, key: str, value: str) -> Changes:
    actor.require(roles.ADMIN)
    if key == "timezone":
        validate_timezone(value)
    with db.write() as w:
        w.record("station.setting", {"key": key, "value": value}, actor.username)
    return w.changes


def townships(db: Database) -> list[str]:
    """Names of the county's towns and townships, in their official order."""
    with db.read() as conn:
        return list(conn.execute(select(TOWNSHIP.c.name).order_by(TOWNSHIP.c.sort)).scalars())
