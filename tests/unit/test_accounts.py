"""Accounts: roles enforced in services, KDF, back-off, disabling, last admin."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from app import messages
from app.clock import Hlc
from app.errors import AuthError, PermissionDenied, ValidationError
from app.services import accounts, passwords, roles
from app.services.accounts import Actor
from app.storage.engine import Database
from app.storage.models import table
from app.storage.models.accounts import Account
from app.storage.models.oplog import Operation
from tests.conftest import ADMIN_PASSWORD, FakeWall, make_account


def test_password_hash_is_salted_scrypt() -> None:
    a, b = passwords.hash_password("same-password"), passwords.hash_password("same-password")
    assert a != b and a.startswith("scrypt$")
    assert passwords.verify_password("same-password", a)
    assert not passwords.verify_password("other", a)
    assert not passwords.verify_password("x", "garbage")


def test_password_never_stored_or_logged_in_clear(db: Database, admin: Actor) -> None:
    accounts.add_account(db, admin, "wanglei", "very-secret-9", ["operator"])
    with db.read() as conn:
        payloads = " ".join(conn.execute(select(table(Operation).c.payload)).scalars())
        hashes = " ".join(conn.execute(select(table(Account).c.password_hash)).scalars())
    assert "very-secret-9" not in payloads and "very-secret-9" not in hashes
    assert ADMIN_PASSWORD not in payloads


def test_role_check_names_the_role(db: Database, admin: Actor) -> None:
    operator = make_account(db, admin, "wanglei", "operator")
    with pytest.raises(PermissionDenied) as err:
        accounts.add_account(db, operator, "x1", "password-1", ["operator"])
    assert "管理员" in err.value.message
    messages.set_language("en")
    assert "Administrator" in err.value.message


def test_roles_accept_chinese_names_and_reject_unknown(db: Database, admin: Actor) -> None:
    accounts.add_account(db, admin, "yangzh", "password-1", ["带班领导", "值班长"])
    info = accounts.get_account(db, "yangzh")
    assert info is not None and set(info.roles) == {roles.LEADER, roles.SHIFT_LEAD}
    with pytest.raises(ValidationError) as err:
        accounts.add_account(db, admin, "x2", "password-1", ["boss"])
    assert err.value.field == "roles"
    assert accounts.get_account(db, "x2") is None


@pytest.mark.parametrize(
    ("username", "password", "phone", "field"),
    [("a", "password-1", "", "username"), ("ok_user", "short", "", "password"), ("ok_user", "password-1", "12ab", "phone")],
)
def test_bad_input_changes_nothing(db: Database, admin: Actor, username: str, password: str, phone: str, field: str) -> None:
    with db.read() as conn:
        before = conn.execute(select(table(Operation))).all()
    with pytest.raises(ValidationError) as err:
        accounts.add_account(db, admin, username, password, ["operator"], phone=phone)
    assert err.value.field == field
    with db.read() as conn:
        assert conn.execute(select(table(Operation))).all() == before


def test_wrong_passwords_are_recorded_and_back_off(db: Database, admin: Actor, wall: FakeWall) -> None:
    make_account(db, admin, "wanglei", "operator")
    for _ in range(3):
        with pytest.raises(AuthError):
            accounts.authenticate(db, "wanglei", "nope")
    with pytest.raises(AuthError) as err:
        accounts.authenticate(db, "wanglei", "wanglei-pass")  # right password, but must wait
    assert err.value.code == "auth.backoff"
    wall.advance(6)
    accounts.authenticate(db, "wanglei", "wanglei-pass")
    assert accounts.failed_attempts(db, "wanglei") == 0
    with db.read() as conn:
        kinds = list(conn.execute(select(table(Operation).c.kind)).scalars())
    assert kinds.count("auth.failed") == 3 and "auth.ok" in kinds


def test_unknown_user_attempts_also_back_off(db: Database) -> None:
    for _ in range(3):
        with pytest.raises(AuthError):
            accounts.authenticate(db, "ghost", "x")
    with pytest.raises(AuthError) as err:
        accounts.authenticate(db, "ghost", "x")
    assert err.value.code == "auth.backoff"


def test_same_user_name_created_twice_by_its_station_earliest_wins_in_any_order(db: Database, admin: Actor) -> None:
    from app.storage import oplog
    from app.storage.changes import Changes
    from app.storage.projections import apply

    make_account(db, admin, "wanglei", "operator", name="王磊")
    with db.read() as conn:
        create = next(op for op in oplog.iter_ops(conn) if op.kind == "account.create" and op.data["username"] == "wanglei")
    here = db.station_id  # two replicas of this station (a restored backup) created the same name
    later = oplog.make_op(station_id=here, replica_id="r2", seq=1, hlc=Hlc(create.wall_ms + 5, 0, "x"), author="x", kind="account.create",
        payload=create.data | {"display_name": "另一个王磊"}, prev_hash=oplog.GENESIS)
    earlier = oplog.make_op(station_id=here, replica_id="r3", seq=1, hlc=Hlc(create.wall_ms - 5, 0, "x"), author="x", kind="account.create",
        payload=create.data | {"display_name": "最早的王磊"}, prev_hash=oplog.GENESIS)
    with db.transaction() as conn:
        apply(conn, later, Changes())
    info = accounts.get_account(db, "wanglei")
    assert info is not None and info.display_name == "王磊"
    with db.transaction() as conn:
        apply(conn, earlier, Changes())
    info = accounts.get_account(db, "wanglei")
    assert info is not None and info.display_name == "最早的王磊"


def test_unknown_user_same_message_as_wrong_password(db: Database) -> None:
    with pytest.raises(AuthError) as a:
        accounts.authenticate(db, "nobody", "x")
    with pytest.raises(AuthError) as b:
        accounts.authenticate(db, "admin", "x")
    assert a.value.message == b.value.message


def test_disabled_account_cannot_sign_in_but_is_kept(db: Database, admin: Actor) -> None:
    make_account(db, admin, "wanglei", "operator")
    accounts.disable_account(db, admin, "wanglei")
    with pytest.raises(AuthError) as err:
        accounts.authenticate(db, "wanglei", "wanglei-pass")
    assert err.value.code == "auth.disabled"
    assert [a.username for a in accounts.list_accounts(db)] == ["admin", "wanglei"]
    accounts.enable_account(db, admin, "wanglei")
    accounts.authenticate(db, "wanglei", "wanglei-pass")


def test_last_admin_cannot_be_disabled_or_demoted(db: Database, admin: Actor) -> None:
    with pytest.raises(ValidationError):
        accounts.disable_account(db, admin, "admin")
    with pytest.raises(ValidationError):
        accounts.update_account(db, admin, "admin", role_values=["operator"])
    second = make_account(db, admin, "admin2", "admin")
    accounts.update_account(db, second, "admin", role_values=["operator", "admin"])


def test_reset_password_and_edit_fields(db: Database, admin: Actor) -> None:
    make_account(db, admin, "wanglei", "operator")
    accounts.reset_password(db, admin, "wanglei", "new-password-1")
    with pytest.raises(AuthError):
        accounts.authenticate(db, "wanglei", "wanglei-pass")
    accounts.authenticate(db, "wanglei", "new-password-1")
    changes = accounts.update_account(db, admin, "wanglei", display_name="王磊", phone="13908721301")
    assert "account" in changes
    info = accounts.get_account(db, "wanglei")
    assert info is not None and (info.display_name, info.phone) == ("王磊", "13908721301")


def test_accounts_of_other_stations_neither_sign_in_nor_are_managed_here(db: Database, admin: Actor) -> None:
    from sqlalchemy import update

    make_account(db, admin, "wuyin", "admin")
    with db.transaction() as conn:  # as if it had come by sync from the 五印乡 station
        conn.execute(update(table(Account)).where(table(Account).c.username == "wuyin").values(station_id="other"))
        conn.execute(text("UPDATE field_edit SET entity_key = :k WHERE entity_key LIKE :p"), {"k": "other:wuyin", "p": "%:wuyin"})
    with pytest.raises(AuthError) as err:
        accounts.authenticate(db, "wuyin", "wuyin-pass")
    assert err.value.code == "auth.foreign_account"
    with pytest.raises(ValidationError) as verr:
        accounts.reset_password(db, admin, "wuyin", "new-password-1")
    assert verr.value.code == "account.foreign"
    assert "wuyin" not in [a.username for a in accounts.list_accounts(db)]
    assert "wuyin" in [a.username for a in accounts.list_accounts(db, include_foreign=True)]
