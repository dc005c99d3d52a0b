"""Shifts: pattern and slots, opening, handing over (and every way a handover can be refused)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.errors import AuthError, UserError, ValidationError
from app.services import duty_log, shifts
from app.services.accounts import Actor
from app.storage.engine import Database
from app.storage.models import table
from app.storage.models.shifts import Shift
from tests.conftest import FakeWall, make_account

TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def crew(db: Database, admin: Actor) -> dict[str, Actor]:
    people = {
        "yangzh": ("leader",),
        "zhanght": ("shift_lead", "operator"),
        "lixy": ("shift_lead", "operator"),
        "wanglei": ("operator",),
        "chenjing": ("operator",),
        "liuyang": ("operator",),
        "yangfang": ("operator",),
        "duanzq": ("storekeeper",),
    }
    return {u: make_account(db, admin, u, *r) for u, r in people.items()}


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=TZ)


def shift_rows(db: Database) -> int:
    with db.read() as conn:
        return len(conn.execute(table(Shift).select()).all())


def test_pattern_and_slots() -> None:
    day_night = shifts.parse_pattern("20:30, 08:30")
    assert day_night == [time(8, 30), time(20, 30)]
    night = shifts.slot_at(day_night, TZ, local(2024, 4, 19, 5, 54))
    assert night.key == "2024-04-18T20:30" and night.end == local(2024, 4, 19, 8, 30)
    assert shifts.next_slot(day_night, TZ, night.end).key == "2024-04-19T08:30"
    full = shifts.parse_pattern("08:30")
    assert shifts.slot_at(full, TZ, local(2024, 4, 19, 8, 30)).key == "2024-04-19T08:30"
    assert shifts.slot_at(full, TZ, local(2024, 4, 19, 8, 29)).key == "2024-04-18T08:30"
    assert len(shifts.slots_between(day_night, TZ, local(2024, 4, 1).date(), local(2024, 4, 30).date())) == 60
    for bad in ("", "8.30", "25:00", "08:30,08:30"):
        with pytest.raises(ValidationError):
            shifts.parse_pattern(bad)


def test_settings(db: Database, admin: Actor, crew: dict[str, Actor]) -> None:
    assert shifts.pattern_text(shifts.pattern(db)) == "08:30"
    assert shifts.min_operators(db) == 3 and not shifts.leader_confirm_required(db)
    shifts.configure(db, admin, pattern_value="08:30,20:30", minimum=2, leader_confirm=True, reminder=45)
    assert shifts.pattern_text(shifts.pattern(db)) == "08:30,20:30"
    assert (shifts.min_operators(db), shifts.leader_confirm_required(db), shifts.reminder_minutes(db)) == (2, True, 45)
    with pytest.raises(UserError):
        shifts.configure(db, crew["wanglei"], minimum=1)
    with pytest.raises(ValidationError):
        shifts.configure(db, admin, pattern_value="morning")


def test_open_and_current(db: Database, wall: FakeWall, crew: dict[str, Actor]) -> None:
    assert shifts.current_shift(db) is None
    wall.set(local(2024, 4, 18, 8, 40))
    _changes, shift_id = shifts.open_shift(db, crew["zhanght"], leader="yangzh", operators=["wanglei", "chenjing"])
    info = shifts.current_shift(db)
    assert info is not None and info.shift_id == shift_id and info.state == "open"
    assert info.lead is not None and info.lead.username == "zhanght"  # the opener is on the shift
    assert info.leader is not None and info.leader.name == "yangzh"
    assert info.start == local(2024, 4, 18, 8, 30) and info.planned_end == local(2024, 4, 19, 8, 30)
    assert [p.username for p in info.operators] == ["wanglei", "chenjing"]
    assert "2024年4月18日 08:30" in info.period_text(TZ)
    # no second shift while one is on
    with pytest.raises(UserError) as err:
        shifts.open_shift(db, crew["lixy"])
    assert err.value.code == "shift.already_open"
    assert shift_rows(db) == 1
    assert shifts.shift_at(db, local(2024, 4, 18, 12, 0)) == info
    assert shifts.reminder_due(db, local(2024, 4, 19, 7, 0)) is None
    assert shifts.reminder_due(db, local(2024, 4, 19, 8, 5)) is not None


def test_open_refuses_bad_people(db: Database, wall: FakeWall, crew: dict[str, Actor]) -> None:
    wall.set(local(2024, 4, 18, 8, 40))
    with pytest.raises(UserError):
        shifts.open_shift(db, crew["duanzq"])
    with pytest.raises(ValidationError) as err:
        shifts.open_shift(db, crew["zhanght"], leader="wanglei")
    assert err.value.code == "shift.wrong_role"
    with pytest.raises(ValidationError) as err:
        shifts.open_shift(db, crew["zhanght"], operators=["wanglei", "wanglei"])
    assert err.value.code == "shift.double_role"
    with pytest.raises(ValidationError) as err:
        shifts.open_shift(db, crew["zhanght"], operators=["nobody"])
    assert err.value.code == "shift.unknown_user"
    assert shift_rows(db) == 0


def _open(db: Database, wall: FakeWall, crew: dict[str, Actor]) -> str:
    wall.set(local(2024, 4, 18, 8, 40))
    return shifts.open_shift(db, crew["zhanght"], leader="yangzh", operators=["wanglei", "chenjing", "liuyang"])[1]


def test_handover(db: Database, wall: FakeWall, crew: dict[str, Actor]) -> None:
    shift_id = _open(db, wall, crew)
    wall.set(local(2024, 4, 19, 5, 54, 30))
    _c, entry = duty_log.add_entry(db, crew["wanglei"], duty_log.EntryInput(
        summary="五印乡发生4.2级地震", category="incident", significant=True,
        received_at=local(2024, 4, 19, 5, 54, 30), due_at=local(2024, 4, 19, 10, 0)))
    wall.set(local(2024, 4, 19, 8, 31))
    out = shifts.confirm(db, "zhanght", "zhanght-pass", shifts.OUTGOING)
    wall.advance(40)
    inc = shifts.confirm(db, "lixy", "lixy-pass", shifts.INCOMING)
    wall.advance(5)
    result = shifts.hand_over(db, shift_id, [out, inc], notes="续报 10:00 前报州局", equipment={"fax": False})
    assert result.sheet_no == "JJB-2024-0001"
    assert result.handover_at == inc.at  # the last confirmation is the official time
    old = shifts.require_shift(db, shift_id)
    assert old.state == "handed_over" and old.end == inc.at and old.next_shift_id == result.next_shift_id
    assert [c.role for c in old.confirmations] == ["outgoing", "incoming"]
    new = shifts.current_shift(db)
    assert new is not None and new.shift_id == result.next_shift_id and new.start == inc.at
    assert new.has_member("lixy") and new.prev_shift_id == shift_id
    assert new.planned_end == local(2024, 4, 20, 8, 30)
    # the entry belongs to the old shift
    assert shifts.shift_at(db, entry.received_at).shift_id == shift_id  # type: ignore[union-attr]
    sheet = shifts.sheet_content(db, shift_id)
    assert sheet is not None and sheet["sheet_no"] == "JJB-2024-0001" and sheet["notes"] == "续报 10:00 前报州局"
    entries = next(s for s in sheet["sections"] if s["code"] == "entries")
    assert entries["rows"][0]["cells"][0] == "★ " + entry.no
    assert {e["code"]: e["ok"] for e in sheet["equipment"]}["fax"] is False
    assert shifts.last_handed_over(db).shift_id == shift_id  # type: ignore[union-attr]
    assert shifts.resolve(db, "JJB-2024-0001").shift_id == shift_id
    assert shifts.resolve(db, "2024-04-18").shift_id == shift_id
    assert shifts.resolve(db, "2024-04-18T08:30").shift_id == shift_id
    with pytest.raises(ValidationError):
        shifts.resolve(db, "2024-04-17")
    assert [s.shift_id for s in shifts.list_shifts(db)] == [result.next_shift_id, shift_id]


def test_handover_refusals_change_nothing(db: Database, wall: FakeWall, crew: dict[str, Actor]) -> None:
    shift_id = _open(db, wall, crew)
    wall.set(local(2024, 4, 19, 8, 31))
    shift = shifts.require_shift(db, shift_id)
    with pytest.raises(AuthError) as auth:
        shifts.confirm(db, "lixy", "wrong-password", shifts.INCOMING)
    assert auth.value.message == "接班人 lixy 的密码确认未通过：用户名或密码错误。"
    with pytest.raises(AuthError) as auth:
        shifts.confirm(db, "yangzh", "wrong-password", shifts.LEADER)
    assert auth.value.message.startswith("带班领导 yangzh ")
    with pytest.raises(ValidationError) as err:
        shifts.precheck_handover(db, shift, "yangfang", "lixy")
    assert err.value.code == "shift.not_on_shift"
    with pytest.raises(ValidationError) as err:
        shifts.precheck_handover(db, shift, "zhanght", "zhanght")
    assert err.value.code == "shift.same_person"
    not_on = shifts.confirm(db, "yangfang", "yangfang-pass", shifts.OUTGOING)
    inc = shifts.confirm(db, "lixy", "lixy-pass", shifts.INCOMING)
    with pytest.raises(ValidationError):
        shifts.hand_over(db, shift_id, [not_on, inc])
    out = shifts.confirm(db, "zhanght", "zhanght-pass", shifts.OUTGOING)
    same = shifts.confirm(db, "zhanght", "zhanght-pass", shifts.INCOMING)
    with pytest.raises(ValidationError):
        shifts.hand_over(db, shift_id, [out, same])
    with pytest.raises(ValidationError) as err:
        shifts.hand_over(db, shift_id, [out])
    assert err.value.code == "shift.confirm_missing"
    store = shifts.confirm(db, "duanzq", "duanzq-pass", shifts.INCOMING)
    with pytest.raises(ValidationError):
        shifts.hand_over(db, shift_id, [out, store])
    assert shift_rows(db) == 1 and shifts.require_shift(db, shift_id).state == "open"
    shifts.hand_over(db, shift_id, [out, inc])
    with pytest.raises(UserError) as err:
        shifts.hand_over(db, shift_id, [out, inc])
    assert err.value.code == "shift.already_handed_over"
    assert shift_rows(db) == 2


def test_leader_confirmation_and_stale(db: Database, admin: Actor, wall: FakeWall, crew: dict[str, Actor]) -> None:
    shifts.configure(db, admin, leader_confirm=True)
    shift_id = _open(db, wall, crew)
    wall.set(local(2024, 4, 19, 8, 0))
    stale = shifts.confirm(db, "zhanght", "zhanght-pass", shifts.OUTGOING)
    wall.set(local(2024, 4, 19, 8, 31))
    out = shifts.confirm(db, "zhanght", "zhanght-pass", shifts.OUTGOING)
    inc = shifts.confirm(db, "lixy", "lixy-pass", shifts.INCOMING)
    with pytest.raises(ValidationError) as err:
        shifts.hand_over(db, shift_id, [out, inc])
    assert err.value.code == "shift.leader_required"
    not_leader = shifts.confirm(db, "wanglei", "wanglei-pass", shifts.LEADER)
    with pytest.raises(ValidationError) as err:
        shifts.hand_over(db, shift_id, [out, inc, not_leader])
    assert err.value.code == "shift.not_leader"
    leader = shifts.confirm(db, "yangzh", "yangzh-pass", shifts.LEADER)
    with pytest.raises(ValidationError) as err:
        shifts.hand_over(db, shift_id, [stale, inc, leader])
    assert err.value.code == "shift.confirm_stale"
    wall.advance(20)
    leader = shifts.confirm(db, "yangzh", "yangzh-pass", shifts.LEADER)
    result = shifts.hand_over(db, shift_id, [out, inc, leader])
    assert result.handover_at == leader.at
    assert [c.role for c in shifts.require_shift(db, shift_id).confirmations] == ["outgoing", "incoming", "leader"]


def test_late_handover_skips_nothing(db: Database, wall: FakeWall, crew: dict[str, Actor]) -> None:
    shift_id = _open(db, wall, crew)
    wall.set(local(2024, 4, 20, 9, 0))  # a whole day late
    out = shifts.confirm(db, "zhanght", "zhanght-pass", shifts.OUTGOING)
    inc = shifts.confirm(db, "lixy", "lixy-pass", shifts.INCOMING)
    result = shifts.hand_over(db, shift_id, [out, inc])
    new = shifts.require_shift(db, result.next_shift_id)
    # the next shift starts at the handover and ends at the pattern's first end after it
    assert new.start == local(2024, 4, 20, 9, 0) == result.handover_at
    assert new.planned_end == local(2024, 4, 21, 8, 30)
    assert new.slot_key == "2024-04-20T08:30"
    assert new.start < new.period_end
    assert not new.overdue(local(2024, 4, 20, 9, 0))
    assert shifts.require_shift(db, shift_id).end == new.start  # nothing skipped: no gap


def test_very_late_handover_never_ends_before_it_starts(db: Database, wall: FakeWall,
                                                        crew: dict[str, Actor]) -> None:
    """The demo case: a shift open since April 2024 handed over in November 2026."""
    shift_id = _open(db, wall, crew)
    wall.set(local(2026, 11, 29, 11, 7))
    out = shifts.confirm(db, "zhanght", "zhanght-pass", shifts.OUTGOING)
    inc = shifts.confirm(db, "lixy", "lixy-pass", shifts.INCOMING)
    result = shifts.hand_over(db, shift_id, [out, inc])
    new = shifts.require_shift(db, result.next_shift_id)
    assert new.start == local(2026, 11, 29, 11, 7)
    assert new.planned_end == local(2026, 11, 30, 8, 30)
    assert new.period_text(TZ) == "2026年11月29日 11:07 — 11月30日 08:30"


def test_early_handover_keeps_the_next_slot(db: Database, wall: FakeWall, crew: dict[str, Actor]) -> None:
    shift_id = _open(db, wall, crew)
    planned_end = shifts.require_shift(db, shift_id).planned_end
    wall.set(planned_end - timedelta(minutes=10))
    out = shifts.confirm(db, "zhanght", "zhanght-pass", shifts.OUTGOING)
    inc = shifts.confirm(db, "lixy", "lixy-pass", shifts.INCOMING)
    new = shifts.require_shift(db, shifts.hand_over(db, shift_id, [out, inc]).next_shift_id)
    assert new.planned_start == planned_end and new.planned_end == planned_end + timedelta(days=1)


def test_rebuild_matches(db: Database, wall: FakeWall, crew: dict[str, Actor]) -> None:
    from app.storage import integrity

    shift_id = _open(db, wall, crew)
    wall.set(local(2024, 4, 19, 8, 31))
    shifts.hand_over(db, shift_id, [shifts.confirm(db, "zhanght", "zhanght-pass", shifts.OUTGOING),
                                   shifts.confirm(db, "lixy", "lixy-pass", shifts.INCOMING)])
    wall.advance(timedelta(hours=1).total_seconds())
    results = integrity.run_all(db)
    assert all(r.ok for r in results), [r.problems for r in results]
def test_projection_independent_of_arrival_order(db: Database, wall: FakeWall, crew: dict[str, Actor]) -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from app.storage import authority, oplog
    from app.storage.changes import Changes
    from app.storage.models.oplog import AuthorityRefusal
    from app.storage.models.shifts import HandoverSheet, ShiftConfirmation
    from app.storage.projections import apply

    shift_id = _open(db, wall, crew)
    for day, (out, inc) in enumerate((("zhanght", "lixy"), ("lixy", "zhanght"), ("zhanght", "lixy")), start=19):
        wall.set(local(2024, 4, day, 8, 31))
        result = shifts.hand_over(db, shift_id, [shifts.confirm(db, out, f"{out}-pass", shifts.OUTGOING),
                                                 shifts.confirm(db, inc, f"{inc}-pass", shifts.INCOMING)])
        shift_id = result.next_shift_id
    models = (Shift, HandoverSheet, ShiftConfirmation)

    def snapshot() -> list[list[tuple[object, ...]]]:
        with db.read() as conn:
            return [sorted(tuple(r) for r in conn.execute(table(m).select())) for m in models]

    before = snapshot()
    with db.read() as conn:
        ops = [op for op in oplog.iter_ops(conn) if op.kind.startswith("shift.")]
    assert len(ops) == 4

    @settings(max_examples=12, deadline=None)
    @given(st.permutations(ops))
    def replay(order: list[oplog.Op]) -> None:
        with db.transaction() as conn:
            for model in models:
                conn.execute(table(model).delete())
            conn.execute(table(AuthorityRefusal).delete())
            for op in order:
                apply(conn, op, Changes())
            # as imports and the rebuild do: a handover that arrived before its shift waits
            authority.retry_waiting(conn, Changes(), held={op.op_id: op for op in order})
        assert snapshot() == before

    replay()
