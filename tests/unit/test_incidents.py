"""Incidents: opening, casualties series and implied level, earthquake parameters, links, reports,
deadline rules and obligations (fixed clocks, the PC-off case), authority across stations, bad input."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.errors import PermissionDenied, ValidationError
from app.services import duty_log
from app.services.accounts import Actor
from app.services.duty_log import EntryInput
from app.services.incidents import (
    casualties,
    incidents,
    levels,
    links,
    obligations,
    quake,
    reports,
    rules,
    types,
)
from app.services.incidents.incidents import IncidentInput
from app.services.incidents.records import Casualties, IncidentRow, Report
from app.storage.engine import Database
from app.storage.models import table
from app.storage.models.oplog import Operation
from tests.conftest import FakeWall, make_account

TZ = ZoneInfo("Asia/Shanghai")
OPLOG = table(Operation)


def bj(d: int, h: int, m: int, s: int = 0) -> datetime:
    return datetime(2024, 4, d, h, m, s, tzinfo=TZ)


@pytest.fixture
def op(db: Database, admin: Actor) -> Actor:
    return make_account(db, admin, "wanglei", "operator", name="王磊")


@pytest.fixture
def lead(db: Database, admin: Actor) -> Actor:
    return make_account(db, admin, "zhanght", "shift_lead", "operator", name="张海涛")


def ops(db: Database) -> int:
    with db.read() as conn:
        return int(conn.execute(select(func.count()).select_from(OPLOG)).scalar_one())


def quake_input(**values: object) -> IncidentInput:
    base: dict[str, object] = {"type": "地震", "level": "一般", "occurred_at": bj(19, 5, 54, 10),
                               "received_at": bj(19, 5, 56, 40), "township": "五印乡", "summary": "M4.2级地震",
                               "lat": 25.22, "lon": 99.96}
    base.update(values)
    return IncidentInput(**base)  # type: ignore[arg-type]


def road_input(**values: object) -> IncidentInput:
    base: dict[str, object] = {"type": "道路交通事故", "level": "一般", "occurred_at": bj(19, 6, 0),
                               "received_at": bj(19, 6, 20), "township": "南诏镇", "summary": "两车相撞"}
    base.update(values)
    return IncidentInput(**base)  # type: ignore[arg-type]


def test_types_and_levels() -> None:
    assert types.parse("地震") == "earthquake" and types.parse("森林火灾") == "forest_fire"
    assert types.parse("道路交通事故") == "road_traffic" and types.parse("火灾") == "fire"
    assert types.root_of("road_traffic") == "accident"
    assert levels.parse("较大") == "III" and levels.parse("I") == "I"
    # 493号令 Art. 3: "以上" includes the number
    assert levels.implied("road_traffic", 3, 0, 0) == "III"
    assert levels.implied("road_traffic", 2, 9, 9_999_999) == "IV"
    assert levels.implied("fire", 0, 50, 0) == "II"
    assert levels.implied("hazchem", 0, 0, 100_000_000) == "I"
    assert levels.implied("hazchem", 10, 0, 0) == "II"
    assert levels.implied("earthquake", 40, 0, 0) is None


def test_add_show_json_and_quake_history(db: Database, op: Actor) -> None:
    _c, row = incidents.add(db, op, quake_input())
    assert row.no == "SJ2024-0001" and row.status == "open"
    quake.record(db, op, row.id, magnitude="4.3", depth="12", lat="25.2", lon="99.9")
    quake.record(db, op, row.no, magnitude="4.2", depth="10", lat="25.22", lon="99.96", formal=True)
    quake.record(db, op, row.id[:8], magnitude="4.4", depth="11", lat="25.2", lon="99.9")  # a later automatic one
    d = reports.detail(db, row.id)
    data = reports.to_json(db, d)
    json.dumps(data, ensure_ascii=False)
    assert data["type"] == "earthquake" and data["level"] == "IV" and data["implied_level"] is None
    assert data["quake"]["magnitude"] == "4.2" and data["quake"]["formal"] is True  # formal supersedes
    assert len(data["quake"]["history"]) == 3
    assert data["occurred_at"] == "2024-04-19T05:54:10+08:00"
    assert {o["stage"] for o in data["obligations"]} == {"first", "final"}
    first = next(o for o in data["obligations"] if o["stage"] == "first")
    assert first["due_at"] == "2024-04-19T07:54:10+08:00" and first["status"] == "overdue"  # now is 08:00
    assert first["rule"] == "natural.first" and "2小时" in first["citation"]


def test_casualty_series_implied_level_warning(db: Database, op: Actor) -> None:
    _c, row = incidents.add(db, op, road_input(), {"dead": 1, "injured": 2})
    casualties.record(db, op, row.id, {"dead": 3, "injured": 12, "serious": 4})
    d = reports.detail(db, row.id)
    assert [c.dead for c in d.casualties] == [1, 3] and d.current is not None and d.current.dead == 3
    assert d.implied_level == "III" and d.level_too_low
    before = ops(db)
    with pytest.raises(ValidationError) as e:
        casualties.record(db, op, row.id, {"dead": 2})
    assert e.value.field == "reason" and "减少" in e.value.message
    with pytest.raises(ValidationError) as e:
        casualties.record(db, op, row.id, {"injured": -1})
    assert e.value.field == "injured" and "负数" in e.value.message
    assert ops(db) == before
    casualties.record(db, op, row.id, {"dead": 2}, reason="复核：1人为重伤误报为死亡")
    d = reports.detail(db, row.id)
    assert [c.dead for c in d.casualties] == [1, 3, 2] and d.casualties[-1].reason.startswith("复核")


@pytest.mark.parametrize(("values", "field", "words"), [
    ({"level": "严重"}, "level", "等级"),
    ({"lat": 60.0, "lon": 99.0}, "lat", "境内"),
    ({"lat": 25.0, "lon": 150.0}, "lon", "境内"),
    ({"type": "外星人"}, "type", "事件类型"),
    ({"township": "北京"}, "township", "乡镇"),
    ({"summary": " "}, "summary", "事件概况"),
    ({"occurred_at": bj(19, 7, 0), "received_at": bj(19, 6, 0)}, "occurred_at", "晚于"),
    ({"occurred_at": bj(20, 7, 0)}, "occurred_at", "晚于当前时间"),
])
def test_bad_incident_input_changes_nothing(db: Database, op: Actor, values: dict[str, object], field: str,
                                            words: str) -> None:
    before = ops(db)
    with pytest.raises(ValidationError) as e:
        incidents.add(db, op, quake_input(**values))
    assert e.value.field == field and words in e.value.message
    assert ops(db) == before


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"magnitude": "-0.1", "depth": "10"}, "magnitude"),
    ({"magnitude": "10.5", "depth": "10"}, "magnitude"),
    ({"magnitude": "4.2", "depth": "0"}, "depth"),
    ({"magnitude": "4.2", "depth": ""}, "depth"),
    ({"magnitude": "abc", "depth": "10"}, "magnitude"),
])
def test_bad_quake_parameters(db: Database, op: Actor, kwargs: dict[str, str], field: str) -> None:
    _c, row = incidents.add(db, op, quake_input())
    before = ops(db)
    with pytest.raises(ValidationError) as e:
        quake.record(db, op, row.id, lat="25.22", lon="99.96", **kwargs)
    assert e.value.field == field
    assert ops(db) == before


def test_reports_meet_obligations_and_closed_incident_takes_nothing(db: Database, op: Actor, lead: Actor,
                                                                    wall: FakeWall) -> None:
    _c, row = incidents.add(db, op, quake_input())
    with pytest.raises(ValidationError):
        reports.record(db, op, row.id, stage="followup", sent_to="州应急管理局")  # no first report yet
    reports.record(db, op, row.id, stage="首报", sent_to="州应急管理局", channel="传真", doc_no="震1号", at=bj(19, 6, 35))
    d = reports.detail(db, row.id)
    first = next(o for o in d.obligations if o.stage == "first")
    assert first.status == "met" and not first.late
    follow = next(o for o in d.obligations if o.stage == "followup")
    assert follow.label == "续报一" and follow.due_ms == int(bj(20, 6, 35).timestamp() * 1000)
    with pytest.raises(PermissionDenied):
        incidents.close(db, op, row.id)
    incidents.close(db, lead, row.id)
    before = ops(db)
    with pytest.raises(ValidationError) as e:
        reports.record(db, op, row.id, stage="followup", sent_to="州应急管理局")
    assert "已结束" in e.value.message
    with pytest.raises(ValidationError):
        casualties.record(db, op, row.id, {"dead": 1})
    assert ops(db) == before


def test_deadline_passed_while_pc_was_off_is_overdue_at_start(db_path: object, db: Database, op: Actor,
                                                              wall: FakeWall) -> None:
    _c, _row = incidents.add(db, op, road_input(occurred_at=bj(19, 7, 30), received_at=bj(19, 7, 40)))
    owed = {o.rule_id: o for o in reports.due(db)}
    assert owed["accident.first"].status == "due"
    db.close()
    # the PC is off for three hours; nothing runs; at start the deadline is overdue
    later = FakeWall(datetime(2024, 4, 19, 3, 0, tzinfo=UTC))
    reopened = Database.open(str(db_path), wall=later)
    try:
        owed = {o.rule_id: o for o in reports.due(reopened)}
        assert owed["accident.first"].status == "overdue"
        assert obligations.countdown(owed["accident.first"].due_ms, later()).startswith("超时 1:")
    finally:
        reopened.close()


def test_followup_chain_late_and_supplement_for_road_accident(db: Database, op: Actor, wall: FakeWall) -> None:
    _c, row = incidents.add(db, op, road_input(), {"injured": 2})
    reports.record(db, op, row.id, stage="first", sent_to="州应急管理局", at=bj(19, 7, 0))
    wall.set(bj(21, 12, 0))
    reports.record(db, op, row.id, stage="followup", sent_to="州应急管理局", at=bj(20, 9, 0))   # due 20 Apr 07:00: late
    casualties.record(db, op, row.id, {"injured": 3, "dead": 1}, at=bj(21, 10, 30))
    d = reports.detail(db, row.id)
    fu = [o for o in d.obligations if o.stage == "followup"]
    assert [o.label for o in fu] == ["续报一", "续报二"]
    assert fu[0].status == "met" and fu[0].late
    assert fu[1].status == "overdue"  # due 21 Apr 09:00, now 12:00
    sup = [o for o in d.obligations if o.stage == "supplement"]
    assert len(sup) == 1 and sup[0].rule_id == "accident.supplement.road_fire" and sup[0].status == "due"
    reports.record(db, op, row.id, stage="补报", sent_to="州应急管理局", at=bj(21, 11, 0))
    d = reports.detail(db, row.id)
    assert [o.status for o in d.obligations if o.stage == "supplement"] == ["met"]
    # a change 8 days after a road accident is outside the 7-day 补报 window (Art. 13)
    wall.set(bj(28, 12, 0))
    casualties.record(db, op, row.id, {"dead": 2}, at=bj(28, 10, 0))
    d = reports.detail(db, row.id)
    assert len([o for o in d.obligations if o.stage == "supplement"]) == 1


def test_rules_configurable_with_citation(db: Database, admin: Actor, op: Actor) -> None:
    shipped = rules.defaults()
    assert all(r.citation for r in shipped) and len({r.id for r in shipped}) == len(shipped)
    assert any(not r.confirmed and r.note for r in shipped)
    with pytest.raises(ValidationError) as e:
        rules.set_rule(db, admin, "natural.first", {"minutes": -5})
    assert e.value.field == "minutes"
    with pytest.raises(PermissionDenied):
        rules.set_rule(db, op, "natural.first", {"minutes": 60})
    rules.set_rule(db, admin, "local.phone.major", {"enabled": True})
    _c, row = incidents.add(db, op, quake_input(level="重大"))
    d = reports.detail(db, row.id)
    due = {o.rule_id: o.due_ms - row.received_ms for o in d.obligations if o.stage == "first"}
    assert due["local.phone.major"] == 15 * 60_000
    with pytest.raises(ValidationError):
        rules.set_rule(db, admin, "my.rule", {"minutes": 30})  # a new rule needs stage and citation
    rules.set_rule(db, admin, "my.rule", {"stage": "first", "minutes": 30, "citation": "县政府办〔2024〕1号"})
    assert "my.rule" in {r.id for r in rules.effective(db)}


def test_link_from_either_side(db: Database, op: Actor) -> None:
    _c, entry = duty_log.add_entry(db, op, EntryInput(summary="州地震局通报五印乡地震", received_at=bj(19, 5, 57)))
    _c, row = incidents.add(db, op, quake_input())
    links.link(db, op, row.no, entry.no)
    assert [e.id for e in links.entries(db, row.id)] == [entry.id]
    assert [i.id for i in links.incidents_of_entry(db, entry.id)] == [row.id]
    with pytest.raises(ValidationError):
        links.link(db, op, row.id, entry.id)
    assert reports.to_json(db, reports.detail(db, row.id))["entries"] == [entry.no]


def _inc(level: str = "IV", code: str = "road_traffic") -> IncidentRow:
    occurred = int(bj(19, 6, 0).timestamp() * 1000)
    return IncidentRow("i1", "s", 2024, 1, code, level, "", "open", False, "南诏镇", "", "", None, None, occurred,
                       occurred + 600_000, "", "", "u", "h", None)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.permutations(range(5)))
def test_obligations_do_not_depend_on_the_order_reports_arrive(order: list[int]) -> None:
    base = int(bj(19, 7, 0).timestamp() * 1000)
    sent = [Report(f"r{n}", "first" if n == 0 else "followup", base + n * 20 * 3_600_000, "州", "fax", "", "", "u",
                   f"h{n}") for n in range(5)]
    counts = [Casualties(f"c{n}", base + n * 3_600_000, n, 0, n, 0, 0, 0, 0, "", "", "u", f"c{n}") for n in range(3)]
    now = base + 200 * 3_600_000
    expected = obligations.compute(_inc(), sent, counts, rules.defaults(), now)
    shuffled = [sent[i] for i in order]
    assert obligations.compute(_inc(), shuffled, list(reversed(counts)), rules.defaults(), now) == expected


def test_foreign_station_may_not_edit_but_county_may_add(db: Database, op: Actor) -> None:
    from app.clock import Hlc
    from app.storage import oplog
    from app.storage.changes import Changes
    from app.storage.projections import apply

    _c, row = incidents.add(db, op, road_input())
    with db.transaction() as conn:
        conn.execute(table(__import__("app.storage.models.station", fromlist=["Station"]).Station).insert().values(
            station_id="town-1", name="五印乡", code="532927204", timezone="Asia/Shanghai", language="zh_CN",
            created_hlc=""))

    def foreign(kind: str, payload: dict[str, object], station: str = "town-1") -> None:
        op_ = oplog.make_op(station_id=station, replica_id="r-" + station, seq=1, hlc=Hlc(db.wall() + 1000, 0, station),
                            author="x", kind=kind, payload=payload, prev_hash=oplog.GENESIS)
        with db.transaction() as conn:
            apply(conn, op_, Changes())

    foreign("incident.edit", {"incident": row.id, "owner": db.station_id, "values": {"summary": "篡改"}, "base": {}})
    foreign("incident.casualties", {"incident": row.id, "owner": db.station_id, "at_ms": db.wall(), "dead": 9})
    d = reports.detail(db, row.id)
    assert d.incident.summary == "两车相撞" and not d.casualties  # a township may not touch the county's incident
    # the county (prefix code) may add to a township's incident, never edit it
    _c, own = incidents.add(db, op, road_input())
    town_incident = oplog.make_op(station_id="town-1", replica_id="r-t2", seq=1, hlc=Hlc(db.wall() + 2000, 0, "town-1"),
                                  author="x", kind="incident.add",
                                  payload={"year": 2024, "number": 1, "type": "fire", "level": "IV",
                                           "occurred_ms": own.occurred_ms, "received_ms": own.received_ms,
                                           "township": "五印乡", "summary": "乡里报的火灾"}, prev_hash=oplog.GENESIS)
    with db.transaction() as conn:
        apply(conn, town_incident, Changes())
    casualties.record(db, op, town_incident.op_id, {"injured": 1})
    with pytest.raises(ValidationError):
        incidents.edit(db, op, town_incident.op_id, {"summary": "改"})
    assert reports.detail(db, town_incident.op_id).current is not None


def test_handover_sheet_section_lists_incidents_due_and_overdue(db: Database, admin: Actor, op: Actor,
                                                                wall: FakeWall, tmp_path: object) -> None:
    from pathlib import Path

    from pypdf import PdfReader

    from app.reports import handover_sheet
    from app.services import handover, shifts

    lead_ = make_account(db, admin, "zhanght", "shift_lead", "operator", name="张海涛")
    wall.set(bj(19, 8, 40))
    shift_id = shifts.open_shift(db, lead_)[1]
    _c, row = incidents.add(db, op, quake_input())
    assert "incidents" in {s.code for s in handover.section_specs()}
    shift = shifts.get_shift(db, shift_id)
    assert shift is not None
    sheet = handover.sheet_for(db, shift)  # the preview up to now
    section = next(s for s in sheet["sections"] if s["code"] == "incidents")
    marks = [r["mark"] for r in section["rows"]]
    assert "overdue" in marks  # 首报 was due 07:54:10, the sheet is at 08:40
    path = Path(str(tmp_path)) / "h.pdf"
    handover_sheet.render(sheet, path, "zh_CN")
    text = "".join(p.extract_text() for p in PdfReader(str(path)).pages)
    assert "突发事件及信息报告" in text and row.no in text and "已超时" in text


def test_projections_do_not_depend_on_arrival_order(db: Database, op: Actor, lead: Actor, tmp_path: object) -> None:
    """Apply the same incident operations in many orders to an empty schema: same tables."""
    from pathlib import Path

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
    from sqlalchemy import select

    from app.storage.changes import Changes
    from app.storage.models import table as tbl
    from app.storage.models.fields import FieldEdit
    from app.storage.models.incidents import Incident, IncidentCasualty, IncidentLink, IncidentReport
    from app.storage.oplog import iter_ops
    from app.storage.projections import apply

    _c, entry = duty_log.add_entry(db, op, EntryInput(summary="州地震局通报", received_at=bj(19, 5, 57)))
    _c, row = incidents.add(db, op, quake_input(), {"injured": 1})
    incidents.edit(db, op, row.id, {"summary": "M4.2级地震，五印乡震感强烈"})
    incidents.edit(db, op, row.id, {"level": "较大"})
    casualties.record(db, op, row.id, {"injured": 3})
    links.link(db, op, row.id, entry.id)
    reports.record(db, op, row.id, stage="first", sent_to="州", at=bj(19, 6, 35))
    incidents.close(db, lead, row.id)
    with db.read() as conn:
        ops = [o for o in iter_ops(conn) if o.kind.startswith("incident.")]
    tables = [tbl(m) for m in (Incident, IncidentCasualty, IncidentLink, IncidentReport, FieldEdit)]

    def snapshot(conn: object) -> list[list[tuple[object, ...]]]:
        return [sorted(tuple(r) for r in conn.execute(select(t))) for t in tables]  # type: ignore[attr-defined]

    scratch = Database.open(str(Path(str(tmp_path)) / "scratch.sqlite3"), create=True)
    try:
        with scratch.engine.connect() as conn:
            trans = conn.begin()
            for o in ops:
                apply(conn, o, Changes())
            expected = snapshot(conn)
            trans.rollback()
        assert expected[0] and expected[0][0][tables[0].c.keys().index("status")] == "closed"

        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
        @given(st.permutations(range(len(ops))))
        def check(order: list[int]) -> None:
            with scratch.engine.connect() as conn:
                trans = conn.begin()
                for i in order:
                    apply(conn, ops[i], Changes())
                assert snapshot(conn) == expected
                trans.rollback()

        check()
    finally:
        scratch.close()
