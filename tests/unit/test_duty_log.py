"""Duty log services: recording, correcting, roles, bad input, reading."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy import text as sql_text

from app import messages
from app.errors import PermissionDenied, ValidationError
from app.services import duty_log
from app.services.accounts import Actor
from app.services.duty_log import EntryFilter, EntryInput
from app.storage.engine import Database
from app.storage.integrity import run_all
from app.storage.models import table
from app.storage.models.duty_log import DutyEntry
from app.storage.models.oplog import Operation
from tests.conftest import FakeWall, make_account

ENTRY = table(DutyEntry)
OPLOG = table(Operation)


@pytest.fixture
def op(db: Database, admin: Actor) -> Actor:
    return make_account(db, admin, "wanglei", "operator", name="王磊")


@pytest.fixture
def lead(db: Database, admin: Actor) -> Actor:
    return make_account(db, admin, "zhanght", "shift_lead", "operator", name="张海涛")


@pytest.fixture
def boss(db: Database, admin: Actor) -> Actor:
    return make_account(db, admin, "yangzh", "leader", name="杨志华")


def quake(**values: object) -> EntryInput:
    base: dict[str, object] = {
        "summary": "州地震局通报：五印乡发生M4.2级地震，震源深度10千米。",
        "category": "突发事件报告", "channel": "电话", "source_unit": "大理州地震局",
        "phone": "0872-2125180", "township": "五印乡", "significant": True,
    }
    base.update(values)
    return EntryInput(**base)  # type: ignore[arg-type]


def op_count(db: Database) -> int:
    with db.read() as conn:
        return int(conn.execute(select(func.count()).select_from(OPLOG)).scalar_one())


def entry_count(db: Database) -> int:
    with db.read() as conn:
        return int(conn.execute(select(func.count()).select_from(ENTRY)).scalar_one())


# -- adding ---------------------------------------------------------------------------------------


def test_add_assigns_gap_free_numbers_and_defaults(db: Database, op: Actor, wall: FakeWall) -> None:
    changes, first = duty_log.add_entry(db, op, quake())
    assert first.no == "2024-0001"
    assert "duty_entry" in changes and first.id in changes.tables["duty_entry"]
    assert first.category == "incident" and first.channel == "phone" and first.direction == "in"
    assert first.township == "五印乡" and first.significant and first.status == "open"
    assert first.received_at == datetime(2024, 4, 19, tzinfo=UTC) == first.recorded_at
    assert first.author == "wanglei"
    wall.advance(60)
    _c, second = duty_log.add_entry(db, op, EntryInput(summary="例行通话"))
    assert second.no == "2024-0002"
    assert second.category == "routine"


def test_numbers_restart_each_year_in_station_zone(db: Database, op: Actor, wall: FakeWall) -> None:
    wall.set(datetime(2024, 12, 31, 15, 59, tzinfo=UTC))  # 23:59 in Asia/Shanghai
    _c, last = duty_log.add_entry(db, op, EntryInput(summary="年末"))
    wall.set(datetime(2024, 12, 31, 16, 1, tzinfo=UTC))  # 00:01 on 1 January 2025 local
    _c, first = duty_log.add_entry(db, op, EntryInput(summary="新年"))
    assert last.no == "2024-0001" and first.no == "2025-0001"
    assert duty_log.find_by_number(db, "2025-1") == first
    assert duty_log.find_by_number(db, "2024-0001") == last


def test_received_occurred_due_and_labels(db: Database, op: Actor) -> None:
    received = datetime(2024, 4, 19, 5, 56, tzinfo=duty_log.zone(db))
    _c, row = duty_log.add_entry(db, op, quake(
        received_at=received, occurred_at=datetime(2024, 4, 19, 5, 54, 10),  # naive: station zone
        due_at=received + timedelta(hours=1), direction="去电", channel="fax", category="warning"))
    assert row.received_at == received
    assert row.occurred_at == datetime(2024, 4, 18, 21, 54, 10, tzinfo=UTC)
    assert row.due_at == received + timedelta(hours=1)
    assert row.direction == "out" and row.channel == "fax" and row.category == "warning"
    assert duty_log.label("fax") == "传真"
    messages.set_language("en")
    assert duty_log.label("fax") == "Fax" and duty_log.label("overdue") == "Overdue"


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"summary": "   "}, "summary"),
        ({"received_at": datetime(2024, 4, 20, 1, 0, tzinfo=UTC)}, "received_at"),
        ({"received_at": datetime(2024, 4, 19, tzinfo=UTC), "due_at": datetime(2024, 4, 18, tzinfo=UTC)}, "due_at"),
        ({"township": "火星乡"}, "township"),
        ({"category": "gossip"}, "category"),
        ({"channel": "pigeon"}, "channel"),
        ({"direction": "sideways"}, "direction"),
        ({"phone": "call me"}, "phone"),
        ({"phone": "12"}, "phone"),
        ({"source_unit": "单" * 121}, "source_unit"),
        ({"occurred_at": datetime(2030, 1, 1, tzinfo=UTC)}, "occurred_at"),
        ({"received_at": datetime(2024, 4, 18, 2, 0, tzinfo=UTC), "occurred_at": datetime(2024, 4, 18, 4, 0, tzinfo=UTC)},
         "occurred_at"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(db: Database, op: Actor, values: dict[str, object],
                                                      field: str) -> None:
    before = op_count(db)
    with pytest.raises(ValidationError) as info:
        duty_log.add_entry(db, op, quake(**values))
    assert info.value.field == field
    zh = info.value.message
    messages.set_language("en")
    en = info.value.message
    assert zh != en and zh and en and "duty." not in zh
    assert op_count(db) == before and entry_count(db) == 0


def test_received_up_to_a_day_ahead_is_accepted(db: Database, op: Actor) -> None:
    _c, row = duty_log.add_entry(db, op, quake(received_at=datetime(2024, 4, 19, 23, 0, tzinfo=UTC)))
    assert row.no == "2024-0001"


def test_township_by_code_and_phone_forms(db: Database, op: Actor) -> None:
    _c, row = duty_log.add_entry(db, op, quake(township="532927204", phone="+86 (0872) 612-1001 转 8"))
    assert row.township == "五印乡"


def test_roles(db: Database, admin: Actor, op: Actor, lead: Actor, boss: Actor) -> None:
    keeper = make_account(db, admin, "duanzq", "storekeeper")
    with pytest.raises(PermissionDenied):
        duty_log.add_entry(db, keeper, quake())
    with pytest.raises(PermissionDenied):
        duty_log.add_entry(db, admin, quake())
    _c, row = duty_log.add_entry(db, boss, quake())
    with pytest.raises(PermissionDenied) as info:
        duty_log.add_instruction(db, op, row.id, "立即核实")
    assert "带班领导" in info.value.message or "值班长" in info.value.message
    duty_log.add_instruction(db, lead, row.id, "立即核实", leader="杨志华")
    duty_log.add_instruction(db, boss, row.id, "派工作组")
    with pytest.raises(PermissionDenied):
        duty_log.void_entry(db, op, row.id, "错")
    with pytest.raises(PermissionDenied):
        duty_log.amend(db, keeper, row.id, "summary", "新")
    before = op_count(db)
    with pytest.raises(PermissionDenied):
        duty_log.close_entry(db, keeper, row.id)
    assert op_count(db) == before
    detail = duty_log.get_entry(db, row.id)
    assert [(i.leader, i.author) for i in detail.instructions] == [("杨志华", "zhanght"), ("杨志华", "yangzh")]


# -- amending -------------------------------------------------------------------------------------


def test_amend_keeps_history_and_marks_field(db: Database, op: Actor, lead: Actor, wall: FakeWall) -> None:
    _c, row = duty_log.add_entry(db, op, quake(summary="房屋受损37户"))
    wall.advance(600)
    duty_log.amend(db, op, row.id, "summary", "房屋受损39户", reason="复核")
    wall.advance(600)
    duty_log.amend(db, lead, row.id, "summary", "房屋受损40户")
    duty_log.amend(db, lead, row.id, "received_at", "2024-04-19T07:50:00+08:00")
    duty_log.amend(db, lead, row.id, "significant", "否")
    duty_log.amend(db, lead, row.id, "township", "牛街乡")
    duty_log.amend(db, lead, row.id, "category", "请示")
    duty_log.amend(db, lead, row.id, "due_at", "2024-04-19 12:00")
    detail = duty_log.get_entry(db, row.id)
    e = detail.entry
    assert e.summary == "房屋受损40户" and not e.significant and e.township == "牛街乡" and e.category == "request"
    assert e.received_at == datetime(2024, 4, 18, 23, 50, tzinfo=UTC)
    assert e.due_at == datetime(2024, 4, 19, 4, 0, tzinfo=UTC)
    assert e.amended == {"summary", "received_at", "significant", "township", "category", "due_at"}
    summary = [(h.old, h.new, h.author, h.reason) for h in detail.history if h.field == "summary"]
    assert summary == [("房屋受损37户", "房屋受损39户", "wanglei", "复核"), ("房屋受损39户", "房屋受损40户", "zhanght", "")]
    received = next(h for h in detail.history if h.field == "received_at")
    assert received.old == datetime(2024, 4, 19, tzinfo=UTC)
    assert detail.original["summary"] == "房屋受损37户"
    assert e.recorded_at == datetime(2024, 4, 19, tzinfo=UTC)  # never changes
    assert any("37户" in a.text and a.kind == "amend" for a in detail.activity)


@pytest.mark.parametrize(
    ("name", "value", "field"),
    [
        ("recorded_at", "2024-04-19T00:00:00", "field"),
        ("author", "someone", "field"),
        ("no", "2024-0099", "field"),
        ("summary", "", "summary"),
        ("received_at", "yesterday", "received_at"),
        ("received_at", "2024-05-01T00:00:00+08:00", "received_at"),
        ("due_at", "2024-04-18T00:00:00+08:00", "due_at"),
        ("township", "火星乡", "township"),
        ("phone", "abc", "phone"),
        ("significant", "maybe", "significant"),
        ("category", "八卦", "category"),
        ("summary", "州地震局通报：五印乡发生M4.2级地震，震源深度10千米。", "summary"),
        ("occurred_at", "2030-01-01T00:00", "occurred_at"),
        ("occurred_at", "2024-04-19T07:30:00+08:00", "occurred_at"),
        ("received_at", "2024-04-19T05:50:00+08:00", "received_at"),
    ],
)
def test_bad_amendments(db: Database, op: Actor, name: str, value: str, field: str) -> None:
    # received 07:00, occurred 06:00 (+08:00); the clock is at 08:00
    _c, row = duty_log.add_entry(db, op, quake(received_at=datetime(2024, 4, 18, 23, 0, tzinfo=UTC),
                                               occurred_at=datetime(2024, 4, 18, 22, 0, tzinfo=UTC)))
    before = op_count(db)
    with pytest.raises(ValidationError) as info:
        duty_log.amend(db, op, row.id, name, value)
    assert info.value.field == field
    assert op_count(db) == before


def test_unknown_entry(db: Database, op: Actor) -> None:
    for call in (
        lambda: duty_log.amend(db, op, "nope", "summary", "x"),
        lambda: duty_log.close_entry(db, op, "nope"),
        lambda: duty_log.get_entry(db, "nope"),
        lambda: duty_log.resolve(db, "2024-0042"),
    ):
        with pytest.raises(ValidationError) as info:
            call()
        assert info.value.code == "duty.unknown_entry"
    assert duty_log.find_by_number(db, "garbage") is None


# -- instructions, actions, notifications, status ------------------------------------------------


def test_instruction_action_notification_close_reopen_void(db: Database, op: Actor, lead: Actor, boss: Actor,
                                                          wall: FakeWall) -> None:
    _c, row = duty_log.add_entry(db, op, quake(due_at=datetime(2024, 4, 19, 1, 0, tzinfo=UTC)))
    wall.advance(60)
    duty_log.add_instruction(db, boss, row.id, "立即启动地震应急预案")
    wall.advance(60)
    duty_log.add_instruction(db, boss, row.id, "派工作组赴五印乡")
    duty_log.add_action(db, op, row.id, "已通知五印乡排查")
    duty_log.add_notification(db, op, row.id, "五印乡人民政府", "电话")
    duty_log.add_notification(db, op, row.id, "县住建局", "im", datetime(2024, 4, 19, 8, 5, tzinfo=duty_log.zone(db)))
    assert duty_log.open_count(db) == 1
    assert duty_log.overdue_count(db, datetime(2024, 4, 19, 2, 0, tzinfo=UTC)) == 1
    assert duty_log.overdue_count(db, datetime(2024, 4, 19, 0, 30, tzinfo=UTC)) == 0
    duty_log.close_entry(db, op, row.id)
    with pytest.raises(ValidationError):
        duty_log.close_entry(db, op, row.id)
    assert duty_log.open_count(db) == 0
    duty_log.reopen_entry(db, lead, row.id)
    with pytest.raises(ValidationError):
        duty_log.reopen_entry(db, lead, row.id)
    detail = duty_log.get_entry(db, row.id)
    e = detail.entry
    assert e.instruction == "派工作组赴五印乡" and e.action == "已通知五印乡排查" and e.status == "open"
    assert [n.whom for n in detail.notifications] == ["五印乡人民政府", "县住建局"]
    assert detail.notifications[1].channel == "im"
    assert detail.notifications[1].at == datetime(2024, 4, 19, 0, 5, tzinfo=UTC)
    assert [a.kind for a in detail.activity] == ["add", "instruct", "instruct", "act", "notify", "notify", "close",
                                                 "reopen"]
    with pytest.raises(ValidationError) as info:
        duty_log.void_entry(db, lead, row.id, "  ")
    assert info.value.field == "reason"
    duty_log.void_entry(db, lead, row.id, "重复登记")
    e = duty_log.get_entry(db, row.id).entry
    assert e.voided and e.void_reason == "重复登记" and e.display_status(duty_log.now(db)) == "voided"
    assert duty_log.open_count(db) == 0
    for call in (lambda: duty_log.amend(db, op, row.id, "summary", "x"),
                 lambda: duty_log.add_action(db, op, row.id, "x"),
                 lambda: duty_log.void_entry(db, lead, row.id, "again")):
        with pytest.raises(ValidationError):
            call()
    with pytest.raises(ValidationError):
        duty_log.add_instruction(db, boss, "nope", "x")
    with pytest.raises(ValidationError) as info:
        duty_log.add_notification(db, op, duty_log.add_entry(db, op, quake())[1].id, "", "phone")
    assert info.value.field == "notified"


# -- reading --------------------------------------------------------------------------------------


def _fill(db: Database, op: Actor, wall: FakeWall) -> list[duty_log.EntryRow]:
    rows = []
    texts = [("五印乡地震房屋受损", "incident", "五印乡"), ("牛街乡零报告", "routine", "牛街乡"),
             ("大风蓝色预警", "warning", ""), ("烟花爆竹检查", "inspection", "南诏镇"), ("Radio check", "routine", "")]
    for n, (text, cat, town) in enumerate(texts * 4):
        wall.advance(300)
        _c, row = duty_log.add_entry(db, op, EntryInput(summary=f"{text} {n}", category=cat, township=town,
                                                        significant=n % 3 == 0))
        rows.append(row)
    return rows


def test_count_page_filters_and_sorting(db: Database, op: Actor, lead: Actor, wall: FakeWall) -> None:
    rows = _fill(db, op, wall)
    assert duty_log.count(db) == 20
    newest = duty_log.page(db, offset=0, limit=5)
    assert [r.id for r in newest] == [r.id for r in reversed(rows)][:5]
    oldest = duty_log.page(db, descending=False, limit=3)
    assert [r.id for r in oldest] == [r.id for r in rows[:3]]
    assert [r.no for r in duty_log.page(db, sort_key="no", descending=False)] == [r.no for r in rows]
    assert duty_log.count(db, EntryFilter(categories=["routine"])) == 8
    assert duty_log.count(db, EntryFilter(township="五印乡")) == 4
    assert duty_log.count(db, EntryFilter(significant_only=True)) == 7
    assert duty_log.count(db, EntryFilter(author="wanglei")) == 20
    assert duty_log.count(db, EntryFilter(author="zhanght")) == 0
    assert duty_log.count(db, EntryFilter(since=rows[10].received_at)) == 10
    assert duty_log.count(db, EntryFilter(since=rows[10].received_at, until=rows[12].received_at)) == 2
    duty_log.close_entry(db, op, rows[0].id)
    duty_log.void_entry(db, lead, rows[1].id, "重复")
    assert duty_log.count(db, EntryFilter(status="closed")) == 1
    assert duty_log.count(db, EntryFilter(status="open")) == 18
    assert duty_log.count(db, EntryFilter(include_voided=False)) == 19
    by_cat = duty_log.page(db, sort_key="category", descending=False, limit=100)
    assert [r.category for r in by_cat] == sorted(r.category for r in by_cat)
    with pytest.raises(ValidationError):
        duty_log.page(db, sort_key="nonsense")


def test_page_far_down_reads_from_the_other_end(db: Database, op: Actor, wall: FakeWall,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from app.services.duty_log import query as duty_query

    rows = _fill(db, op, wall)
    monkeypatch.setattr(duty_query, "REVERSE_FROM", 2)
    expected = [r.id for r in reversed(rows)]
    for offset in range(0, 21, 3):
        assert [r.id for r in duty_log.page(db, offset=offset, limit=4)] == expected[offset:offset + 4]
        assert [r.id for r in duty_log.page(db, EntryFilter(text="乡"), offset=offset, limit=2)] == [
            r.id for r in duty_log.page(db, EntryFilter(text="乡"), limit=100)][offset:offset + 2]


def test_suggestions_and_contacts(db: Database, op: Actor, wall: FakeWall) -> None:
    for unit, person, phone in (("大理州地震局", "值班员", "0872-2125180"), ("五印乡人民政府", "罗志明", "13887241306"),
                                ("大理州应急管理局", "李科长", "0872-2316220")):
        wall.advance(60)
        duty_log.add_entry(db, op, EntryInput(summary="x", source_unit=unit, source_person=person, phone=phone))
    assert duty_log.suggestions(db, "source_unit", "大理") == ["大理州应急管理局", "大理州地震局"]
    assert duty_log.suggestions(db, "source_unit", "政府") == ["五印乡人民政府"]
    assert duty_log.suggestions(db, "phone", "0872", limit=1) == ["0872-2316220"]
    assert duty_log.contacts(db, "罗")[0] == duty_log.Contact("五印乡人民政府", "罗志明", "13887241306")
    with pytest.raises(ValidationError):
        duty_log.suggestions(db, "summary")


def test_json_shape(db: Database, op: Actor, wall: FakeWall) -> None:
    _c, row = duty_log.add_entry(db, op, quake())
    wall.advance(60)
    duty_log.amend(db, op, row.id, "received_at", "2024-04-19T07:00:00")
    data = duty_log.to_json(duty_log.get_entry(db, row.id), db)
    assert data["no"] == "2024-0001" and data["id"] == row.id
    assert data["received_at"] == "2024-04-19T07:00:00+08:00"
    assert data["recorded_at"] == "2024-04-19T08:00:00+08:00"
    assert data["status"] == "open" and data["author"] == "wanglei"
    assert data["history"] == [{"field": "received_at", "old": "2024-04-19T08:00:00+08:00",
                                "new": "2024-04-19T07:00:00+08:00", "author": "wanglei",
                                "at": "2024-04-19T08:01:00+08:00", "reason": ""}]


def test_format_value_and_parse_time(db: Database) -> None:
    assert duty_log.format_value("significant", True) == "是"
    assert duty_log.format_value("channel", "satphone") == "卫星电话"
    assert duty_log.format_value("received_at", datetime(2024, 4, 18, 21, 54, 10, tzinfo=UTC)) == "2024年4月19日 05:54:10"
    assert duty_log.parse_time("2024-04-19 05:54:10", db) == datetime(2024, 4, 18, 21, 54, 10, tzinfo=UTC)
    with pytest.raises(ValidationError):
        duty_log.parse_time("19/04/2024", db)


def test_check_passes_and_catches_a_raw_update(db: Database, op: Actor, lead: Actor, boss: Actor,
                                               wall: FakeWall) -> None:
    rows = _fill(db, op, wall)
    duty_log.amend(db, op, rows[0].id, "summary", "更正后的摘要")
    duty_log.add_instruction(db, boss, rows[0].id, "批示")
    duty_log.close_entry(db, op, rows[1].id)
    duty_log.void_entry(db, lead, rows[2].id, "错")
    assert all(r.ok for r in run_all(db))
    assert duty_log.verify_index(db) == []
    with db.transaction() as conn:
        conn.execute(sql_text("UPDATE duty_entry SET summary = '篡改' WHERE entry_id = :id"), {"id": rows[3].id})
    result = run_all(db)[2]
    assert not result.ok
    assert any("duty_entry" in p and rows[3].id in p and "summary" in p for p in result.problems)
    assert duty_log.verify_index(db) == [rows[3].id]
