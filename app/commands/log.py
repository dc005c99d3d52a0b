"""`dutydesk log …`: the 24-hour duty log from the command line (DESIGN.md §5 contract).

    log add --as USER --summary TEXT [--received ISO] [--occurred ISO] [--direction in|out]
            [--channel NAME] [--category NAME] [--source-unit U] [--source-person P] [--phone N]
            [--township NAME] [--location L] [--due ISO] [--significant]      → prints the number
    log list [--since ISO] [--until ISO] [--status open|overdue|closed] [--limit N] [--json]
    log search QUERY [--limit N] [--json]
    log show NO [--json]
    log amend NO --as USER --field NAME --value TEXT [--reason TEXT]
    log close|reopen NO --as USER
    log void NO --as USER --reason TEXT
    log instruct NO --as USER --text TEXT [--leader NAME]
    log act NO --as USER --text TEXT
    log notify NO --as USER --whom WHO [--channel NAME] [--at ISO]
    log reindex                                  rebuild the local search index

Numbers are gap-free per station and year. Entries synced from another station are shown
as '<station code>-2024-0137' (its code, or the first 8 characters of its id until its
creation is synced). NO may be given that way; a bare number means this station's entry
(a note on stderr names the other stations that have the same number). In --json, `no` is
the plain number, `station_code` the recording station's code, `display_no` the number as
shown and `foreign` whether another station recorded it.

`log list` (oldest first) and `log search` (newest first) print at most 200 entries, in text
and in --json alike; `--limit N` changes that, `--limit 0` prints all (streamed: rows are read
and printed as they come, never all held in memory).
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Callable, Iterator

from app import formatting, messages
from app.commands.common import actor, add_as, number, open_db, print_json, say, to_json_value
from app.errors import ValidationError
from app.services import duty_log
from app.services.accounts import Actor
from app.services.duty_log import EntryFilter, EntryInput, EntryRow
from app.services.duty_log import lookup as duty_lookup
from app.storage.engine import Database

Handler = Callable[[argparse.Namespace], int]
DEFAULT_LIMIT = 200
"""`log list` and `log search` print at most this many entries unless --limit says otherwise."""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("log", help="24-hour duty log / 值班日志")
    cmds = p.add_subparsers(dest="log_command", metavar="ACTION", required=True)

    a = cmds.add_parser("add", help="record a new entry; prints its number / 登记")
    add_as(a)
    a.add_argument("--summary", required=True, help="内容摘要")
    a.add_argument("--received", metavar="ISO", help="接报时间 (default: now)")
    a.add_argument("--occurred", metavar="ISO", help="发生时间")
    a.add_argument("--direction", default="in", help="in|out (来电/去电)")
    a.add_argument("--channel", default="phone", help="phone, fax, sms, satphone, radio, im, document, walkin, system or 中文")
    a.add_argument("--category", default="routine",
                   help="incident, warning, notice, request, inspection, drill, routine, other or 中文")
    a.add_argument("--source-unit", default="", help="来电单位")
    a.add_argument("--source-person", default="", help="来电人")
    a.add_argument("--phone", default="", help="联系电话")
    a.add_argument("--township", default="", help="乡镇")
    a.add_argument("--location", default="", help="地点")
    a.add_argument("--due", metavar="ISO", help="跟进时限")
    a.add_argument("--significant", action="store_true", help="重要")
    a.add_argument("--paper-form", default="", metavar="NO",
                   help="补录：纸质表格编号 (the entry is typed in from that paper form)")
    a.set_defaults(run=_add)

    lst = cmds.add_parser("list", help="entries in a period / 列表")
    lst.add_argument("--since", metavar="ISO")
    lst.add_argument("--until", metavar="ISO", help="end (exclusive); a date alone includes that whole day")
    lst.add_argument("--status", choices=("open", "overdue", "closed", "voided"))
    lst.add_argument("--category", help="类别")
    lst.add_argument("--township", help="乡镇")
    lst.add_argument("--significant", action="store_true")
    lst.add_argument("--limit", type=number, default=DEFAULT_LIMIT, metavar="N",
                     help=f"at most N entries, oldest first (default {DEFAULT_LIMIT}, text and --json; 0: all)")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(run=_list)

    s = cmds.add_parser("search", help="full-text search, newest first / 检索")
    s.add_argument("query")
    s.add_argument("--limit", type=number, default=DEFAULT_LIMIT, metavar="N",
                   help=f"at most N entries, newest first (default {DEFAULT_LIMIT}, text and --json; 0: all)")
    s.add_argument("--json", action="store_true")
    s.set_defaults(run=_search)

    sh = cmds.add_parser("show", help="one entry with its history / 详情")
    sh.add_argument("no")
    sh.add_argument("--json", action="store_true")
    sh.set_defaults(run=_show)

    am = cmds.add_parser("amend", help="correct a field (the old value stays in the history) / 更正")
    am.add_argument("no")
    add_as(am)
    am.add_argument("--field", required=True, help=", ".join(duty_log.AMENDABLE))
    am.add_argument("--value", required=True)
    am.add_argument("--reason", default="")
    am.set_defaults(run=_amend)

    for name, helptext in (("close", "mark closed / 办结"), ("reopen", "open again / 重新打开")):
        c = cmds.add_parser(name, help=helptext)
        c.add_argument("no")
        add_as(c)
        c.set_defaults(run=_close if name == "close" else _reopen)

    v = cmds.add_parser("void", help="void a wrong entry (shift lead, leader) / 作废")
    v.add_argument("no")
    add_as(v)
    v.add_argument("--reason", required=True)
    v.set_defaults(run=_void)

    i = cmds.add_parser("instruct", help="leader's instruction / 领导批示")
    i.add_argument("no")
    add_as(i)
    i.add_argument("--text", required=True)
    i.add_argument("--leader", default="", help="who gave it (default: you)")
    i.add_argument("--by-phone", action="store_true",
                   help="the leader gave it by phone and you write it down (an operator may) / 电话批示")
    i.set_defaults(run=_instruct)

    ac = cmds.add_parser("act", help="action taken / 处理情况")
    ac.add_argument("no")
    add_as(ac)
    ac.add_argument("--text", required=True)
    ac.set_defaults(run=_act)

    n = cmds.add_parser("notify", help="record a notification / 通知")
    n.add_argument("no")
    add_as(n)
    n.add_argument("--whom", required=True)
    n.add_argument("--channel", default="phone")
    n.add_argument("--at", metavar="ISO")
    n.set_defaults(run=_notify)

    r = cmds.add_parser("reindex", help="rebuild the local full-text index / 重建检索索引")
    r.add_argument("--check", action="store_true", help="only compare the index with the entries (exit 2 if stale)")
    r.set_defaults(run=_reindex)


# -- writing -----------------------------------------------------------------------------------


def _add(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        who = actor(db, args)
        data = EntryInput(
            summary=args.summary,
            direction=args.direction,
            channel=args.channel,
            category=args.category,
            received_at=duty_log.parse_time(args.received, db, "received_at") if args.received else None,
            occurred_at=duty_log.parse_time(args.occurred, db, "occurred_at") if args.occurred else None,
            source_unit=args.source_unit,
            source_person=args.source_person,
            phone=args.phone,
            township=args.township,
            location=args.location,
            due_at=duty_log.parse_time(args.due, db, "due_at") if args.due else None,
            significant=args.significant,
            paper_form=args.paper_form,
        )
        _changes, row = duty_log.add_entry(db, who, data)
    print(row.no)
    return 0


def _field(name: str) -> str:
    """A field code from a code or its Chinese/English label."""
    value = name.strip()
    for code, (zh, en) in duty_log.FIELD_LABELS.items():
        if value in (zh, en) or value.lower() == en.lower():
            return code
    return value.replace("-", "_")


def _resolve(db: Database, ref: str) -> EntryRow:
    """The entry NO names; when a bare number also exists at other stations, say on stderr
    which one was taken."""
    row = duty_log.resolve(db, ref)
    if not row.foreign and duty_lookup.NUMBER_RE.match(ref):
        others = [n for n in duty_log.same_number(db, row) if n != row.display_no]
        if others:
            station = row.station_code or row.station_id[:8]
            text = (f"注意：{ref.strip()} 指本站（{station}）的 {row.display_no}；其他站的同号记录：{'、'.join(others)}"
                    if messages.language() == "zh_CN" else
                    f"Note: {ref.strip()} means {row.display_no} of station {station}; "
                    f"other stations' entries with this number: {', '.join(others)}")
            print(text, file=sys.stderr)
    return row


def _amend(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        who = actor(db, args)
        row = _resolve(db, args.no)
        duty_log.amend(db, who, row.id, _field(args.field), args.value, args.reason)
        say(f"已更正 {row.display_no} 的“{duty_log.label(_field(args.field))}”",
            f"Amended {row.display_no}: {duty_log.label(_field(args.field))}")
    return 0


def _simple(args: argparse.Namespace, action: Callable[[Database, Actor, str], object], zh: str, en: str) -> int:
    with open_db(args) as db:
        who = actor(db, args)
        row = _resolve(db, args.no)
        action(db, who, row.id)
        say(f"{zh} {row.display_no}", f"{en} {row.display_no}")
    return 0


def _close(args: argparse.Namespace) -> int:
    return _simple(args, duty_log.close_entry, "已办结", "Closed")


def _reopen(args: argparse.Namespace) -> int:
    return _simple(args, duty_log.reopen_entry, "已重新打开", "Reopened")


def _void(args: argparse.Namespace) -> int:
    return _simple(args, lambda db, who, entry: duty_log.void_entry(db, who, entry, args.reason), "已作废", "Voided")


def _instruct(args: argparse.Namespace) -> int:
    return _simple(args, lambda db, who, entry: duty_log.add_instruction(db, who, entry, args.text, args.leader,
                                                                              via="phone" if args.by_phone else ""),
                   "已记录领导批示：", "Instruction recorded:")


def _act(args: argparse.Namespace) -> int:
    return _simple(args, lambda db, who, entry: duty_log.add_action(db, who, entry, args.text),
                   "已记录处理情况：", "Action recorded:")


def _notify(args: argparse.Namespace) -> int:
    def run(db: Database, who: Actor, entry: str) -> object:
        at = duty_log.parse_time(args.at, db, "notified") if args.at else None
        return duty_log.add_notification(db, who, entry, args.whom, args.channel, at)

    return _simple(args, run, "已记录通知：", "Notification recorded:")


def _reindex(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        if args.check:
            stale = duty_log.verify_index(db)
            if stale:
                say(f"检索索引与记录不一致（{len(stale)} 条，如 {stale[0]}），请运行 dutydesk log reindex",
                    f"The search index does not match the entries ({len(stale)}, e.g. {stale[0]}); "
                    "run dutydesk log reindex")
                return 2
            say("检索索引与记录一致", "The search index matches the entries")
            return 0
        count = duty_log.reindex(db)
    say(f"检索索引已重建：{count} 条记录", f"Search index rebuilt: {count} entries")
    return 0


# -- reading -----------------------------------------------------------------------------------


def _chunks(db: Database, flt: EntryFilter, limit: int, descending: bool) -> Iterator[list[EntryRow]]:
    if limit < 0:
        raise ValidationError("duty.bad_limit", field="limit", value=limit)
    return duty_log.iterate(db, flt, limit, "received_at", descending, chunk=500)


def _output(db: Database, chunks: Iterator[list[EntryRow]], as_json: bool, limit: int) -> None:
    """Print the entries as they are read (JSON: one array written element by element)."""
    if not as_json:
        _table(db, chunks, limit)
        return
    out = sys.stdout
    first = True
    out.write("[")
    for rows in chunks:
        for detail in duty_log.details(db, [r.id for r in rows]):
            text = json.dumps(to_json_value(duty_log.to_json(detail, db)), ensure_ascii=False, indent=2)
            out.write(("\n" if first else ",\n") + "\n".join("  " + line for line in text.splitlines()))
            first = False
    out.write("]\n" if first else "\n]\n")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cut(text: str, width: int) -> str:
    out, used = "", 0
    for ch in text.replace("\n", " "):
        w = _width(ch)
        if used + w > width:
            return out[:-1] + "…" if out else ""
        out, used = out + ch, used + w
    return out + " " * (width - used)


def _table(db: Database, chunks: Iterator[list[EntryRow]], limit: int) -> None:
    zone = duty_log.zone(db)
    reference = duty_log.now(db)
    heads = [duty_log.label(k) for k in ("no", "received_at", "category", "source_unit", "summary", "status")]
    widths = [max([10, *(_width(code) + 11 for code in duty_log.other_station_codes(db))]), 11, 12, 20, 44, 8]
    print("  ".join(_cut(h, w) for h, w in zip(heads, widths, strict=True)).rstrip())
    shown = 0
    for r in (row for rows in chunks for row in rows):
        shown += 1
        marks = "*" if r.amended else ""
        source = " ".join(x for x in (r.source_unit, r.source_person) if x)
        cells = [r.display_no + marks, formatting.short_datetime(r.received_at, zone), duty_log.label(r.category),
                 source, r.summary, duty_log.label(r.display_status(reference))]
        print("  ".join(_cut(c, w) for c, w in zip(cells, widths, strict=True)).rstrip())
    if limit and shown == limit:
        say(f"显示前 {shown} 条（* 表示有更正；--limit N 显示更多，--limit 0 显示全部）",
            f"First {shown} entries shown (* = amended; --limit N for more, --limit 0 for all)")
    else:
        say(f"共 {shown} 条（* 表示有更正）", f"{shown} entries (* = amended)")


def _list(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        since = duty_log.parse_time(args.since, db, "since") if args.since else None
        until = duty_log.parse_until(args.until, db, "until") if args.until else None
        duty_log.check_period(since, until)
        flt = EntryFilter(
            since=since,
            until=until,
            status=args.status,
            categories=[duty_log.parse_choice(args.category, duty_log.CATEGORIES, "category")] if args.category else (),
            township=args.township or None,
            significant_only=args.significant,
        )
        _output(db, _chunks(db, flt, args.limit, descending=False), args.json, args.limit)
    return 0


def _search(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        flt = EntryFilter(text=duty_log.check_query(args.query))
        _output(db, _chunks(db, flt, args.limit, descending=True), args.json, args.limit)
    return 0


def _show(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        row = _resolve(db, args.no)
        detail = duty_log.get_entry(db, row.id)
        if args.json:
            print_json(duty_log.to_json(detail, db))
            return 0
        zone = duty_log.zone(db)
        e = detail.entry
        lines: list[tuple[str, str]] = [
            ("no", e.display_no + (f"  【{duty_log.label('voided')}：{e.void_reason}】" if e.voided else "")),
            ("direction", duty_log.label(e.direction)), ("channel", duty_log.label(e.channel)),
            ("category", duty_log.label(e.category)),
            ("received_at", formatting.datetime_text(e.received_at, zone)),
            ("occurred_at", formatting.datetime_text(e.occurred_at, zone)),
            ("recorded_at", formatting.datetime_text(e.recorded_at, zone)),
            ("source_unit", e.source_unit), ("source_person", e.source_person), ("phone", e.phone),
            ("township", e.township), ("location", e.location), ("summary", e.summary),
            ("due_at", formatting.datetime_text(e.due_at, zone)),
            ("significant", duty_log.format_value("significant", e.significant)),
            ("status", duty_log.label(e.display_status(duty_log.now(db)))), ("author", e.author),
        ]
        for code, value in lines:
            if value:
                mark = " *" if code in e.amended else ""
                print(f"{duty_log.label(code)}{mark}：{value}" if messages.language() == "zh_CN"
                      else f"{duty_log.label(code)}{mark}: {value}")
        if detail.activity:
            say("—— 经过 ——", "—— History ——")
            for act in detail.activity:
                print(f"  {formatting.datetime_text(act.at, zone)}  {act.author}  {act.text}")
    return 0
