"""`dutydesk member`: the people of the rosters — add, edit, leave, show, phones, verification,
qualifications and the re-verification list (the units are in app/commands/team.py)."""

from __future__ import annotations

import argparse

from app import formatting
from app.clock import ms_to_datetime
from app.commands.common import actor, open_db, print_json, say
from app.errors import ValidationError
from app.services import station
from app.services.rosters import (
    common,
    people,
    phones,
    qualifications,
)


def run_member_add(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        person_id, _ = people.add_person(db, actor(db, args), people.PersonInput(
            name=args.name, id_number=args.id_number, gender=args.gender, title=args.title, unit=args.unit,
            role=args.role, from_date=args.from_date, phones=args.phone, note=args.note))
        if args.json:
            print_json({"id": person_id})
        else:
            print(person_id)
    return 0


def run_member_edit(args: argparse.Namespace) -> int:
    wanted = {k: getattr(args, k) for k in people.EDITABLE if getattr(args, k, None) is not None}
    with open_db(args) as db:
        who = actor(db, args)
        if not wanted and args.unit is None and args.role is None:
            raise ValidationError("roster.required", field="field", name="--name/--status/--unit …")
        if args.unit is not None or args.role is not None:
            with db.read() as conn:
                row = common.resolve_person(conn, args.person)
                unit_ref = args.unit if args.unit is not None else row.unit_id
            people.assign(db, who, args.person, unit_ref, args.role or row.role or "member", args.from_date or "")
        if wanted:
            people.edit_person(db, who, args.person, wanted)
        say("已修改。", "Updated.")
    return 0


def run_member_leave(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        people.leave(db, actor(db, args), args.person, args.on, args.note)
        say("已办理离队（记录保留）。", "Marked left (the record is kept).")
    return 0


def run_member_show(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        data = people.person_detail(db, args.person)
        if args.json:
            print_json(data)
            return 0
        print(f"{data['name']}  {common.label(data['status'], common.PERSON_STATUSES)}  {data['unit']} "
              f"{common.label(data['role'], common.MEMBER_ROLES)}" + ("  ⚠ 待核实" if data["verify"] else ""))
        for p in data["phones"]:
            flags = ("无效 " if p["invalid"] else "") + ("勿拨 " if p["do_not_call"] else "")
            when = formatting.datetime_text(ms_to_datetime(p["verified_ms"]), station.info(db).zone) \
                if p["verified_ms"] else "—"
            print(f"  {p['rank']}. {p['number']} {p['label']} {flags}{when} {p['verified_by']}".rstrip())
        for q in data["qualifications"]:
            print(f"  {q['type']}  {q['awarded']} → {q['expires'] or '∞'}  "
                  f"{common.label(q['status'], qualifications.STATUS_LABELS)}")
        for item in data["equipment"]:
            print(f"  ⚙ {item['label']}")
        for c in data["conflicts"]:
            print(f"  ⚠ {common.field_name(c['field'])}: {c['value']} ≠ {c['lost']} ({c['lost_by']})")
    return 0


def run_member_phone(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        who = actor(db, args)
        if args.add:
            phones.add_phone(db, who, args.person, args.add, label=args.label)
        else:
            for flag, (field, value) in {"invalid": ("invalid", True), "valid": ("invalid", False),
                                         "do_not_call": ("do_not_call", True),
                                         "call_ok": ("do_not_call", False)}.items():
                number = getattr(args, flag)
                if number:
                    phones.edit_phone(db, who, args.person, number, field, value)
        say("已保存。", "Saved.")
    return 0


def run_member_verify(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        phones.verify(db, actor(db, args), args.person, args.phone)
        say("已记录核实。", "Verified.")
    return 0


def run_member_qual(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        qual_id, _ = qualifications.add(db, actor(db, args), args.person, qualifications.QualInput(
            args.type, args.awarded, args.months, args.expires))
        print(qual_id)
    return 0


def run_member_stale(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        found = phones.stale(db, args.days)
        if args.json:
            print_json([s.to_json() for s in found])
            return 0
        for s in found:
            print(f"{s.age_days:>5}d  {s.name}  {s.unit}  {s.number}")
        if not found:
            say("没有需要复核的号码。", "No numbers need re-verifying.")
    return 0


# -- call list / directory -----------------------------------------------------------------------
