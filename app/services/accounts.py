"""Accounts: sign-in with back-off, role checks, add / edit / disable / reset password."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, select

from app import messages
from app.clock import Hlc
from app.errors import AuthError, PermissionDenied, ValidationError
from app.services import passwords, roles
from app.storage import throttle
from app.storage.changes import Changes
from app.storage.engine import Database
from app.storage.models import table
from app.storage.models.accounts import Account
from app.storage.projections import fields
from app.storage.projections.accounts import entity_key

ACCOUNT = table(Account)
USERNAME_RE = re.compile(r"^[A-Za-z0-9._-]{2,32}$")
PHONE_RE = re.compile(r"^\+?[0-9][0-9 \-]{2,19}$")
BACKOFF_AFTER = 3
BACKOFF_BASE_S = 5
BACKOFF_MAX_S = 300
SYSTEM = "system"


@dataclass(frozen=True)
class Actor:
    """The signed-in account on whose behalf a service acts."""

    username: str
    display_name: str
    roles: frozenset[str]

    def has(self, role: str) -> bool:
        return role in self.roles

    def require(self, *any_of: str) -> None:
        """Raise PermissionDenied naming the role needed unless the actor holds one of them."""
        if not any(role in self.roles for role in any_of):
            raise PermissionDenied("auth.role_required", roles=tuple(any_of))


@dataclass(frozen=True)
class AccountInfo:
    username: str
    display_name: str
    phone: str
    roles: tuple[str, ...]
    disabled: bool
    created_at: datetime
    created_by: str
    station_id: str
    """The station that manages the account (where it was created)."""

    def actor(self) -> Actor:
        return Actor(self.username, self.display_name, frozenset(self.roles))


def _info(row: object) -> AccountInfo:
    m = row._mapping  # type: ignore[attr-defined]
    return AccountInfo(
        username=m["username"],
        display_name=m["display_name"],
        phone=m["phone"],
        roles=tuple(m["roles"].split()),
        disabled=bool(m["disabled"]),
        created_at=Hlc.decode(m["created_hlc"]).as_datetime(),
        created_by=m["created_by"],
        station_id=m["station_id"],
    )


def _here(station_id: str, username: str) -> ColumnElement[bool]:
    return (ACCOUNT.c.station_id == station_id) & (ACCOUNT.c.username == username)


def get_account(db: Database, username: str, station_id: str | None = None) -> AccountInfo | None:
    """The account `username` of `station_id` (default: this station)."""
    with db.read() as conn:
        row = conn.execute(select(ACCOUNT).where(_here(station_id or db.station_id, username))).first()
    return _info(row) if row else None


def held_elsewhere(db: Database, username: str) -> list[str]:
    """Stations other than this one that have an account of that name (synced here)."""
    with db.read() as conn:
        return [r.station_id for r in conn.execute(
            select(ACCOUNT.c.station_id).where(ACCOUNT.c.username == username, ACCOUNT.c.station_id != db.station_id)
        )]


def qualified(username: str, station_code: str) -> str:
    """How an account of another station is named where several stations' accounts meet:
    `admin@532927101` (user names are unique per station only)."""
    return f"{username}@{station_code}"


def station_codes(db: Database) -> dict[str, str]:
    from app.storage.models.station import Station

    st = table(Station)
    with db.read() as conn:
        return {r.station_id: r.code for r in conn.execute(select(st.c.station_id, st.c.code))}


def list_accounts(db: Database, *, include_disabled: bool = True, include_foreign: bool = False) -> list[AccountInfo]:
    """This station's accounts (with `include_foreign`, also those synced from other stations,
    which are shown as authors but neither sign in nor are managed here)."""
    stmt = select(ACCOUNT).order_by(ACCOUNT.c.username, ACCOUNT.c.station_id)
    if not include_foreign:
        stmt = stmt.where(ACCOUNT.c.station_id == db.station_id)
    if not include_disabled:
        stmt = stmt.where(ACCOUNT.c.disabled.is_(False))
    with db.read() as conn:
        return [_info(row) for row in conn.execute(stmt)]


def backoff_remaining_s(failed_count: int, last_failed_ms: int, now_ms: int) -> int:
    """Seconds until another attempt is allowed (0 = now)."""
    if failed_count < BACKOFF_AFTER:
        return 0
    wait_s = min(BACKOFF_BASE_S * 2 ** (failed_count - BACKOFF_AFTER), BACKOFF_MAX_S)
    remaining_ms = last_failed_ms + wait_s * 1000 - now_ms
    return max(0, int(-(-remaining_ms // 1000)))


def authenticate(db: Database, username: str, password: str) -> Actor:
    """Check a password. Wrong ones are recorded (operations, for the audit) and slow further
    attempts at this workstation down."""
    db.require_station()
    with db.read() as conn:
        row = conn.execute(select(ACCOUNT).where(_here(db.station_id, username))).first()
        failed, last_failed_ms = throttle.failures(conn, username)
    if row is None and held_elsewhere(db, username):
        # another station's account: it signs in there only (nothing to record or slow down)
        raise AuthError("auth.foreign_account", user=username)
    wait = backoff_remaining_s(failed, last_failed_ms, db.wall())
    if wait > 0:
        raise AuthError("auth.backoff", seconds=wait)
    if row is None or not passwords.verify_password(password, row.password_hash):
        if row is None:
            passwords.verify_password(password, passwords.hash_password("x"))  # same time as a real check
        with db.write() as w:
            reason = "unknown_user" if row is None else "wrong_password"
            w.record("auth.failed", {"username": username, "reason": reason}, username if row else SYSTEM)
            throttle.record_failure(w.conn, username, db.wall())
        raise AuthError("auth.unknown_user" if row is None else "auth.wrong_password")
    if row.disabled:
        raise AuthError("auth.disabled", user=username)
    if failed:
        with db.write() as w:
            w.record("auth.ok", {"username": username}, username)
            throttle.reset(w.conn, username)
    return _info(row).actor()


def failed_attempts(db: Database, username: str) -> int:
    """Consecutive wrong passwords for `username` at this workstation."""
    with db.read() as conn:
        return throttle.failures(conn, username)[0]


def record_signin(db: Database, actor: Actor, *, signin: bool = True, via: str = "gui") -> Changes:
    with db.write() as w:
        w.record("session.signin" if signin else "session.signout", {"username": actor.username, "via": via}, actor.username)
    return w.changes


# -- validation ---------------------------------------------------------------------------


def validate_username(username: str) -> str:
    username = username.strip()
    if not USERNAME_RE.match(username):
        raise ValidationError("account.bad_username", field="username", user=username)
    return username


def validate_password(password: str) -> None:
    if len(password) < passwords.MIN_LENGTH:
        raise ValidationError("account.weak_password", field="password")


def validate_roles(values: list[str]) -> list[str]:
    parsed: list[str] = []
    for value in values:
        role = roles.parse(value)
        if role is None:
            raise ValidationError("account.bad_role", field="roles", role=value, roles=", ".join(roles.ALL))
        if role not in parsed:
            parsed.append(role)
    if not parsed:
        raise ValidationError("account.no_roles", field="roles")
    return sorted(parsed)


def validate_phone(phone: str) -> str:
    phone = phone.strip()
    if phone and not PHONE_RE.match(phone):
        raise ValidationError("account.bad_phone", field="phone", phone=phone)
    return phone


def validate_display_name(name: str) -> str:
    name = name.strip()
    if len(name) > 60:
        raise ValidationError("input.too_long", field="display_name", name=messages.text("field.display_name"),
                              max=60)
    return name


# -- changes --------------------------------------------------------------------------------


def add_account(
    db: Database,
    actor: Actor,
    username: str,
    password: str,
    role_values: list[str],
    *,
    display_name: str = "",
    phone: str = "",
) -> Changes:
    actor.require(roles.ADMIN)
    username = validate_username(username)
    validate_password(password)
    role_list = validate_roles(role_values)
    phone = validate_phone(phone)
    display_name = validate_display_name(display_name) or username
    if get_account(db, username) is not None:
        raise ValidationError("account.exists", field="username", user=username)
    payload = {
        "station": db.station_id,
        "username": username,
        "display_name": display_name,
        "phone": phone,
        "roles": role_list,
        "password_hash": passwords.hash_password(password),
    }
    with db.write() as w:
        w.record("account.create", payload, actor.username)
    return w.changes


def _require_account(db: Database, username: str) -> AccountInfo:
    """An account this station manages (accounts synced from other stations are theirs)."""
    info = get_account(db, username)
    if info is None:
        if held_elsewhere(db, username):
            raise ValidationError("account.foreign", field="username", user=username)
        raise ValidationError("account.unknown", field="username", user=username)
    return info


def _edit(db: Database, actor: Actor, username: str, edits: dict[str, object]) -> Changes:
    with db.write() as w:
        for name, value in edits.items():
            base = fields.current_hlc(w.conn, entity="account", key=entity_key(db.station_id, username), field=name)
            w.record("account.update", {"station": db.station_id, "username": username, "field": name,
                                        "value": value, "base": base}, actor.username)
    return w.changes


def update_account(
    db: Database,
    actor: Actor,
    username: str,
    *,
    display_name: str | None = None,
    phone: str | None = None,
    role_values: list[str] | None = None,
) -> Changes:
    actor.require(roles.ADMIN)
    info = _require_account(db, username)
    edits: dict[str, object] = {}
    if display_name is not None and validate_display_name(display_name) != info.display_name:
        edits["display_name"] = validate_display_name(display_name) or username
    if phone is not None and validate_phone(phone) != info.phone:
        edits["phone"] = validate_phone(phone)
    if role_values is not None:
        role_list = validate_roles(role_values)
        if tuple(role_list) != info.roles:
            if roles.ADMIN in info.roles and roles.ADMIN not in role_list:
                _check_not_last_admin(db, username)
            edits["roles"] = role_list
    return _edit(db, actor, username, edits) if edits else Changes()


def _check_not_last_admin(db: Database, username: str) -> None:
    others = [
        a for a in list_accounts(db, include_disabled=False) if roles.ADMIN in a.roles and a.username != username
    ]
    if not others:
        raise ValidationError("account.last_admin", field="username")


def disable_account(db: Database, actor: Actor, username: str) -> Changes:
    actor.require(roles.ADMIN)
    info = _require_account(db, username)
    if info.disabled:
        raise ValidationError("account.already_disabled", field="username", user=username)
    if username == actor.username:
        raise ValidationError("account.self_disable", field="username")
    if roles.ADMIN in info.roles:
        _check_not_last_admin(db, username)
    return _edit(db, actor, username, {"disabled": True})


def enable_account(db: Database, actor: Actor, username: str) -> Changes:
    actor.require(roles.ADMIN)
    info = _require_account(db, username)
    if not info.disabled:
        raise ValidationError("account.not_disabled", field="username", user=username)
    return _edit(db, actor, username, {"disabled": False})


def reset_password(db: Database, actor: Actor, username: str, new_password: str) -> Changes:
    """An admin sets a new password (also clears the back-off)."""
    actor.require(roles.ADMIN)
    _require_account(db, username)
    validate_password(new_password)
    changes = _edit(db, actor, username, {"password_hash": passwords.hash_password(new_password)})
    with db.transaction() as conn:
        throttle.reset(conn, username)
    return changes


def change_own_password(db: Database, actor: Actor, old_password: str, new_password: str) -> Changes:
    authenticate(db, actor.username, old_password)
    validate_password(new_password)
    return _edit(db, actor, actor.username, {"password_hash": passwords.hash_password(new_password)})
