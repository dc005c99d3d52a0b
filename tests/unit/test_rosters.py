"""Rosters: units and strengths, people, phones, qualifications, status, directory, call lists."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from app import messages
from app.errors import PermissionDenied, ValidationError
from app.services import handover
from app.services.accounts import Actor
from app.services.incidents import incidents
from app.services.incidents.incidents import IncidentInput, IncidentRow
from app.services.rosters import (
    calllist,
    directory,
    people,
    phones,
    qualifications,
    status,
    timeline_events,
    units,
)
from app.storage import integrity
from app.storage.engine import Database
from tests.conftest import FakeWall, make_account
from tests.unit.rosters_support import small_roster


def an_incident(db: Database, actor: Actor) -> IncidentRow:
    at = datetime.fromtimestamp(db.wall() / 1000, UTC) - timedelta(minutes=30)
    return incidents.add(db, actor, IncidentInput(type="地震", level="一般", occurred_at=at, received_at=at,
                                                  township="五印乡", summary="M4.2级地震"))[1]


def by_name(db: Database) -> dict[str, units.UnitNode]:
    return {n.name: n for n in units.list_units(db)}


def test_tree_strengths_follow_members_and_statuses(db: Database, admin: Actor) -> None:
    s = small_roster(db, admin)
    rows = by_name(db)
    assert [n.name for n in units.list_units(db)] == ["森林消防专业扑火队", "五印乡驻防点", "五印一班", "五印二班"]
    assert rows["五印一班"].on_duty == 3 and rows["五印二班"].on_duty == 1
    assert rows["森林消防专业扑火队"].on_duty == 4 and rows["森林消防专业扑火队"].planned == 40
    assert rows["五印一班"].leader == "罗正华" and rows["五印一班"].leader_phone == "13908725001"
    status.set_status(db, admin, s.team, "deployed", place="五印乡")
    status.set_status(db, admin, "五印二班", "resting")
    rows = by_name(db)
    # the team's order took every squad along; the later order to squad 2 overrides it
    assert rows["五印一班"].status == "deployed" and rows["五印一班"].own_status == ""
    assert rows["五印二班"].status == "resting" and rows["五印二班"].on_duty == 0
    assert rows["森林消防专业扑火队"].on_duty == 3 and rows["森林消防专业扑火队"].deployed == 3
    people.edit_person(db, admin, "李志强", {"status": "resting"})
    assert by_name(db)["五印一班"].on_duty == 2
    status.set_status(db, admin, s.team, "standby")
    rows = by_name(db)
    assert rows["五印二班"].status == "standby" and rows["森林消防专业扑火队"].deployed == 0


def test_unit_without_member_list_reports_planned_strength_as_estimated(db: Database, admin: Actor) -> None:
    leader, _ = people.add_person(db, admin, people.PersonInput("张云华", phones=["13908726001"]))
    unit, _ = units.create_unit(db, admin, units.UnitInput("庙街镇义务扑火队", type="volunteer", township="庙街",
                                                           planned=102, leader=leader))
    people.assign(db, admin, leader, unit, "leader")
    node = by_name(db)["庙街镇义务扑火队"]
    assert node.estimated and node.on_duty == 102 and node.township == "庙街镇"
    status.set_status(db, admin, unit, "out", note="集中轮训")
    assert by_name(db)["庙街镇义务扑火队"].on_duty == 0


def test_bad_unit_input_names_the_field_and_saves_nothing(db: Database, admin: Actor) -> None:
    s = small_roster(db, admin)
    before = len(units.list_units(db))
    cases = [
        (units.UnitInput("", planned=3), "name"),
        (units.UnitInput("X", planned=-1), "planned"),
        (units.UnitInput("X", planned="十"), "planned"),
        (units.UnitInput("X", type="spaceship"), "type"),
        (units.UnitInput("X", township="火星乡"), "township"),
        (units.UnitInput("X", parent="不存在的队"), "unit"),
        (units.UnitInput("X", phone="abc"), "phone"),
    ]
    for data, field in cases:
        with pytest.raises(ValidationError) as info:
            units.create_unit(db, admin, data)
        assert info.value.field == field, data
    with pytest.raises(ValidationError) as info:
        units.edit_unit(db, admin, s.team, {"parent": s.team})
    assert info.value.code == "roster.own_parent" and "森林消防专业扑火队" in info.value.message
    with pytest.raises(ValidationError) as info:
        units.edit_unit(db, admin, s.team, {"parent": s.squad1})
    assert info.value.code == "roster.parent_cycle"
    assert len(units.list_units(db)) == before
    messages.set_language("en")
    with pytest.raises(ValidationError) as info:
        units.create_unit(db, admin, units.UnitInput("X", planned=-5))
    assert "Planned strength" in info.value.message


def test_people_duplicates_phones_and_leaving(db: Database, admin: Actor) -> None:
    s = small_roster(db, admin)
    with pytest.raises(ValidationError) as info:
        people.add_person(db, admin, people.PersonInput("李志强", unit=s.squad2, phones=["139 0872 5002"]))
    assert info.value.code == "roster.duplicate_person"
    pid, _ = people.add_person(db, admin, people.PersonInput("普建红", id_number="53292719900101123x",
                                                             phones=["13908725100"]))
    with pytest.raises(ValidationError) as info:
        people.add_person(db, admin, people.PersonInput("普建红2", id_number="53292719900101123X", phones=[]))
    assert info.value.code == "roster.duplicate_person"
    for bad, field in (("12ab", "phone"), ("123", "phone")):
        with pytest.raises(ValidationError) as info:
            people.add_person(db, admin, people.PersonInput("新人", phones=[bad]))
        assert info.value.field == field
    with pytest.raises(ValidationError):
        people.add_person(db, admin, people.PersonInput("新人", id_number="1234"))
    people.assign(db, admin, "李志强", s.squad2, "member")
    assert [m["unit"] for m in people.person_detail(db, "李志强")["memberships"]] == ["五印一班", "五印二班"]
    people.leave(db, admin, "李志强", "2024-05-01")
    detail = people.person_detail(db, "李志强")
    assert detail["status"] == "left" and detail["left_on"] == "2024-05-01"
    assert by_name(db)["五印二班"].on_duty == 1  # kept on record, no longer counted
    with pytest.raises(ValidationError):
        people.leave(db, admin, "李志强")
    with pytest.raises(ValidationError):
        people.assign(db, admin, "李志强", s.squad1)
    assert pid


def test_leaving_is_refused_while_equipment_is_held(db: Database, admin: Actor,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from app.services.rosters import equipment

    small_roster(db, admin)
    held = {"person": [{"label": "卫星电话 SAT-0007"}]}
    monkeypatch.setattr(equipment, "_held_by", lambda: lambda _db, kind, _id: held.get(kind, []))
    with pytest.raises(ValidationError) as info:
        people.leave(db, admin, "杨文忠")
    assert "SAT-0007" in info.value.message
    assert people.person_detail(db, "杨文忠")["status"] == "active"
    assert people.person_detail(db, "杨文忠")["equipment"][0]["label"] == "卫星电话 SAT-0007"
    held.clear()
    people.leave(db, admin, "杨文忠")


def test_call_order_skips_flagged_numbers_and_verification_ages(db: Database, admin: Actor, wall: FakeWall) -> None:
    s = small_roster(db, admin)
    phones.add_phone(db, admin, "罗正华", "13908725999", label="家")
    phones.edit_phone(db, admin, "罗正华", "13908725001", "invalid", True)
    phones.edit_phone(db, admin, "罗正华", "0872-6125001", "do_not_call", True)
    cl = calllist.build(db, units_=[s.squad1])
    first = cl.entries[0]
    assert first.name == "罗正华" and [n["number"] for n in first.numbers] == ["13908725999"] and first.skipped == 2
    phones.edit_phone(db, admin, "罗正华", "13908725999", "rank", 0)
    phones.edit_phone(db, admin, "罗正华", "13908725001", "invalid", False)
    assert [n["number"] for n in calllist.build(db, units_=[s.squad1]).entries[0].numbers] == [
        "13908725999", "13908725001"]
    wall.advance(200 * 86400)
    stale = phones.stale(db)
    assert {x.number for x in stale} >= {"13908725002", "13908725999"}
    assert "0872-6125001" not in {x.number for x in stale}  # do-not-call numbers are not re-verified
    phones.verify(db, admin, "李志强", "13908725002")
    assert "13908725002" not in {x.number for x in phones.stale(db)}
    phones.verify_ids(db, admin, [x.phone_id for x in phones.stale(db)])
    assert phones.stale(db) == []
    with pytest.raises(ValidationError):
        phones.stale(db, "0")


def test_qualification_status_is_computed_in_beijing_days(db: Database, admin: Actor, wall: FakeWall) -> None:
    small_roster(db, admin)
    qualifications.add(db, admin, "罗正华", qualifications.QualInput("扑火队员上岗证", "2023-12-01"))
    detail = people.person_detail(db, "罗正华")
    q = detail["qualifications"][0]
    assert q["expires"] == "2025-11-30" and q["validity_months"] == 24
    # 2025-11-30 23:30 Beijing is still the last valid day; 16:00 UTC is 00:00 on 1 December
    wall.set(datetime(2025, 11, 30, 15, 30, tzinfo=UTC))
    assert people.person_detail(db, "罗正华")["qualifications"][0]["status"] == "expiring"
    wall.set(datetime(2025, 11, 30, 16, 0, tzinfo=UTC))
    assert people.person_detail(db, "罗正华")["qualifications"][0]["status"] == "expired"
    wall.set(datetime(2025, 10, 1, tzinfo=UTC))
    assert people.person_detail(db, "罗正华")["qualifications"][0]["status"] == "valid"
    with pytest.raises(ValidationError) as info:
        qualifications.add(db, admin, "罗正华", qualifications.QualInput("急救", "2024-05-01", 12, "2024-04-01"))
    assert info.value.code == "roster.expires_before_awarded" and info.value.field == "expires"
    with pytest.raises(ValidationError):
        qualifications.add(db, admin, "罗正华", qualifications.QualInput("急救", "2024-13-01", 12))
    assert qualifications.expiry(date(2024, 1, 31), 1) == date(2024, 2, 28)


def test_roles_are_enforced_in_services(db: Database, admin: Actor) -> None:
    s = small_roster(db, admin)
    op = make_account(db, admin, "wanglei", "operator")
    keeper = make_account(db, admin, "duanzq", "storekeeper")
    with pytest.raises(PermissionDenied):
        units.create_unit(db, op, units.UnitInput("X"))
    with pytest.raises(PermissionDenied):
        people.add_person(db, op, people.PersonInput("X"))
    with pytest.raises(PermissionDenied):
        status.set_status(db, keeper, s.team, "deployed")
    quake = an_incident(db, op)
    with pytest.raises(ValidationError) as unknown:
        status.set_status(db, op, s.team, "deployed", incident_id="SJ9999-9999")
    assert unknown.value.code == "incident.unknown" and units.list_units(db, status="deployed") == []
    status.set_status(db, op, s.team, "deployed", incident_id=quake.no)  # typed as its number
    phones.verify(db, op, "罗正华", "1")
    assert units.list_units(db, status="deployed")[0].incident_id == quake.id
    assert [u["unit_id"] for u in status.units_of_incident(db, quake.id)] == [s.team]


def test_status_rules_history_and_timeline(db: Database, admin: Actor, wall: FakeWall) -> None:
    s = small_roster(db, admin)
    start = wall.ms
    with pytest.raises(ValidationError) as info:
        status.set_status(db, admin, s.team, "out")
    assert info.value.code == "roster.out_needs_reason"
    with pytest.raises(ValidationError):
        status.set_status(db, admin, s.team, "flying")
    inc = an_incident(db, make_account(db, admin, "zhanght", "shift_lead")).id
    status.set_status(db, admin, s.team, "出动", incident_id=inc, place="五印乡")
    with pytest.raises(ValidationError) as info:
        status.set_status(db, admin, s.team, "deployed", incident_id=inc, place="五印乡")
    assert info.value.code == "roster.same_status"
    wall.advance(3600)
    status.set_status(db, admin, s.team, "standby")
    assert [e.status for e in status.history(db, s.team)] == ["standby", "deployed"]
    events = timeline_events(db, start, wall.ms + 1)
    assert [e["label"] for e in events] == ["森林消防专业扑火队 出动（五印乡）", "森林消防专业扑火队 待命"]
    assert events[0]["significant"] and events[0]["incident_id"] == inc
    assert events[0]["ref"]["panel"] == "rosters" and events[0]["lane"] == "units"
    assert len(timeline_events(db, start, wall.ms + 1, inc)) == 1
    assert timeline_events(db, start, start) == []
    assert status.units_of_incident(db, inc) == []


def test_directory_one_person_two_villages(db: Database, admin: Actor) -> None:
    directory.add_post(db, admin, directory.PostInput("assistant", "五印乡", "瓦葵村", name="茶正明",
                                                      phones=("13908727001",)))
    directory.add_post(db, admin, directory.PostInput("assistant", "五印乡", "新胜村", name="茶正明",
                                                      phones=("13908727001",)))
    directory.add_post(db, admin, directory.PostInput("duty_phone", "五印乡", phone="0872-6301001"))
    directory.add_post(db, admin, directory.PostInput("liaison", department="县水务局", name="李红梅",
                                                      phones=("13908727101",)))
    rows = directory.list_directory(db, "五印")
    assert [(r["village"], r["role"], r["name"]) for r in rows] == [
        ("", "duty_phone", ""), ("新胜村", "assistant", "茶正明"), ("瓦葵村", "assistant", "茶正明")]
    assert rows[1]["person_id"] == rows[2]["person_id"]
    with pytest.raises(ValidationError) as info:
        directory.add_post(db, admin, directory.PostInput("assistant", "五印乡", "", name="X"))
    assert info.value.field == "village"
    cl = calllist.build(db, township="五印乡")
    assert cl.entries[0].numbers[0]["number"] == "0872-6301001"


def test_roll_call_records_who_answered_when(db: Database, admin: Actor, wall: FakeWall) -> None:
    s = small_roster(db, admin)
    cl = calllist.build(db, units_=[s.post])
    roll, _ = calllist.start_roll(db, admin, cl)
    wall.advance(60)
    calllist.answer(db, admin, roll, s.leader, "no_answer")
    wall.advance(60)
    calllist.answer(db, admin, roll, s.leader, "answered")
    state = calllist.roll_state(db, roll)
    assert state[s.leader]["outcome"] == "answered" and state[s.leader]["at_ms"] == wall.ms
    other, _ = people.add_person(db, admin, people.PersonInput("外人", phones=["13908720000"]))
    with pytest.raises(ValidationError):
        calllist.answer(db, admin, roll, other)


def test_handover_section_lists_deployed_changes_and_expiring(db: Database, admin: Actor, wall: FakeWall) -> None:
    s = small_roster(db, admin)
    today = datetime.fromtimestamp(wall.ms / 1000, UTC).date()
    qualifications.add(db, admin, "罗正华", qualifications.QualInput("红十字救护员证", "2020-01-01",
                                                                      expires=(today + timedelta(days=10)).isoformat()))
    qualifications.add(db, admin, "李志强", qualifications.QualInput("红十字救护员证", "2020-01-01",
                                                                      expires=(today + timedelta(days=10)).isoformat()))
    start = datetime.fromtimestamp(wall.ms / 1000, UTC)
    wall.advance(60)
    status.set_status(db, admin, s.squad2, "deployed", place="瓦葵村")
    wall.advance(60)
    spec = next(x for x in handover.section_specs() if x.code == "rosters")
    ctx = handover.SheetContext(db, None, start, datetime.fromtimestamp(wall.ms / 1000, UTC),  # type: ignore[arg-type]
                                datetime.fromtimestamp(wall.ms / 1000, UTC), UTC, {})
    section = spec.build(ctx)
    assert section is not None
    kinds = [row[0][0]["zh"] for row in section.rows]  # type: ignore[index]
    assert kinds == ["当前出动/停用", "本班状态变化", "资格将到期"]  # the key person only, not a member
    assert section.rows[2][0][1].startswith("罗正华")


def test_check_rebuild_matches_live_tables(db: Database, admin: Actor) -> None:
    s = small_roster(db, admin)
    status.set_status(db, admin, s.team, "deployed")
    phones.verify(db, admin, "罗正华", "1")
    people.leave(db, admin, "字学军")
    directory.add_post(db, admin, directory.PostInput("info_officer", "五印乡", "瓦葵村", person="罗正华"))
    results = integrity.run_all(db)
    assert all(r.ok for r in results), [r.problems for r in results]


def test_a_parent_cycle_made_at_two_stations_is_shown_broken_the_same_way(db: Database, admin: Actor) -> None:
    s = small_roster(db, admin)
    # two stations each moved one unit under the other while offline: both edits apply
    with db.write() as w:
        w.record("roster.unit.edit", {"unit_id": s.team, "field": "parent_id", "value": s.squad1, "base": ""},
                 admin.username)
    rows = units.list_units(db)
    assert sorted(n.name for n in rows) == sorted(["森林消防专业扑火队", "五印乡驻防点", "五印一班", "五印二班"])
    root = rows[0]
    assert root.depth == 0 and root.id == min(s.team, s.post, s.squad1)  # the smallest id of the cycle
    assert sum(1 for n in rows if n.depth == 0) == 1
    with pytest.raises(ValidationError) as info:  # the service never makes one itself
        units.edit_unit(db, admin, s.post, {"parent": s.squad2})
    assert info.value.code == "roster.parent_cycle"


def test_equipment_from_the_supply_ledger_blocks_leaving(db: Database, admin: Actor) -> None:
    from app.services.rosters import equipment
    from app.services.supplies import movements
    from tests.unit.supplies_support import setup_ledger

    s = small_roster(db, admin)
    lg = setup_ledger(db, admin)
    movements.receive(lg.db, lg.keeper, "XJK", "WXDH-01", serials=["TT001", "TT002"])
    movements.issue(db, lg.keeper, "XJK", "WXDH-01", serials=["TT001"], to=f"person:{s.members[2]}:杨文忠",
                    approver="lijun")
    movements.issue(db, lg.keeper, "XJK", "WXDH-01", serials=["TT002"], to=f"unit:{s.squad1}:五印一班",
                    approver="lijun")
    with pytest.raises(ValidationError) as info:
        people.leave(db, admin, "杨文忠")
    assert "TT001" in info.value.message and info.value.field == "status"
    assert people.person_detail(db, "杨文忠")["status"] == "active"
    assert [e["serial"] for e in people.person_detail(db, "杨文忠")["equipment"]] == ["TT001"]
    assert [e["serial"] for e in equipment.held_by_unit(db, s.squad1, "五印一班")] == ["TT002"]
    movements.return_goods(db, lg.keeper, "XJK", "WXDH-01", serials=["TT001"])
    people.leave(db, admin, "杨文忠")
    assert people.person_detail(db, "杨文忠")["status"] == "left"
