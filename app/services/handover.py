"""The handover sheet (交接班记录) as plain data, built from the database.

The sheet is a JSON-able dict (it is recorded in the `shift.handover` operation, so a reprint of
a past shift is identical: same content, same number). Its body is a list of *sections*, each
made by a section builder registered with `register_section()`; the duty log's four sections
are registered here. Other areas add theirs without touching this module: any module in
`app/services/` that defines

    def handover_sections() -> list[SectionSpec]

(or an area package, `app/services/<area>/__init__.py`, that defines it) is asked once (stock below minimum, teams deployed, incidents in progress …).

Cells are language-neutral: plain text (as recorded), `{"zh": …, "en": …}` for labels, or
`{"ms": …}` / `{"ms": …, "fmt": "short"}` for times, `{"text": …, "amended": [{field, old, by, ms,
summary}]}` for an amended entry's summary (printed with the old values struck through); the PDF renders them in the UI language
and the station's zone (app/reports/handover_sheet.py).
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from app import messages
from app.clock import datetime_to_ms, ms_to_datetime
from app.services import accounts, duty_log, station
from app.services.shifts.reading import own_entries, planned_composition, sheet_content
from app.services.shifts.slots import slot_after
from app.services.shifts.types import EQUIPMENT, HANDED_OVER, Composition, Confirmation, ShiftInfo, Slot
from app.storage.engine import Database

log = logging.getLogger(__name__)
SHEET_VERSION = 1
Cell = str | dict[str, Any]
MAX_ROWS = 100_000


def tr(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


def at(value: datetime | None, fmt: str = "dt") -> Cell:
    if value is None:
        return ""
    return {"ms": datetime_to_ms(value), "fmt": fmt}


@dataclass
class Section:
    """One block of the sheet: a titled ruled table (or a note when it has no rows)."""

    code: str
    title: dict[str, str]
    columns: list[tuple[dict[str, str], int]]
    """(heading, relative width)."""
    rows: list[tuple[list[Cell], str]] = field(default_factory=list)
    """(cells, mark) — mark is '', 'significant', 'overdue' or 'struck'."""
    empty: dict[str, str] = field(default_factory=lambda: tr("无", "None"))
    note: dict[str, str] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "title": self.title,
            "columns": [{"label": label, "w": w} for label, w in self.columns],
            "rows": [{"cells": cells, "mark": mark} for cells, mark in self.rows],
            "empty": self.empty,
            "note": self.note,
        }


@dataclass(frozen=True)
class SheetContext:
    """What a section builder knows: the shift and the period the sheet covers."""

    db: Database
    shift: ShiftInfo
    start: datetime
    end: datetime
    """Handover time (or now, for a preview)."""
    next_end: datetime
    """End of the next shift: reports due before it are listed."""
    zone: ZoneInfo
    names: dict[str, str]

    def name(self, username: str) -> str:
        return self.names.get(username, username)


SectionBuilder = Callable[[SheetContext], Section | None]


@dataclass(frozen=True)
class SectionSpec:
    code: str
    order: int
    build: SectionBuilder


_SECTIONS: dict[str, SectionSpec] = {}
_discovered = False


def register_section(spec: SectionSpec) -> None:
    _SECTIONS[spec.code] = spec


def section_specs() -> list[SectionSpec]:
    global _discovered
    if not _discovered:
        import app.services as services_pkg

        for info in pkgutil.iter_modules(services_pkg.__path__):
            # modules and area packages (app/services/supplies/__init__.py) alike
            if info.name in (__name__.rsplit(".", 1)[-1], "demo"):
                continue
            try:
                module = importlib.import_module(f"{services_pkg.__name__}.{info.name}")
            except Exception:  # a broken area must not stop the handover
                log.exception("handover sections: %s failed to import", info.name)
                continue
            hook = getattr(module, "handover_sections", None)
            if callable(hook):
                for spec in hook():
                    register_section(spec)
        _discovered = True
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.code))


# -- the duty log's sections ----------------------------------------------------------------------


def _status(entry: duty_log.EntryRow, now: datetime) -> dict[str, str]:
    code = entry.display_status(now)
    zh, en = duty_log.STATUSES.get(code, (code, code))
    return tr(zh, en)


def _source(entry: duty_log.EntryRow) -> Cell:
    direction = duty_log.DIRECTIONS.get(entry.direction, ("", ""))
    channel = duty_log.CHANNELS.get(entry.channel, (entry.channel, entry.channel))
    who = " ".join(x for x in (entry.source_unit, entry.source_person) if x)
    return tr(f"{direction[0][:2]}·{channel[0]} {who}".strip(), f"{direction[1]} {channel[1]} {who}".strip())


def _both(render: Callable[[], str]) -> dict[str, str]:
    """A value rendered in both languages (the sheet is language-neutral)."""
    saved = messages.language()
    try:
        out = {}
        for lang, key in (("zh_CN", "zh"), ("en", "en")):
            messages.set_language(lang)
            out[key] = render()
        return out
    finally:
        messages.set_language(saved)


def _corrections(ctx: SheetContext, rows: Sequence[duty_log.EntryRow]) -> dict[str, list[dict[str, Any]]]:
    """Every amendment made up to the sheet's end, per entry id: field, old value, who, when."""
    amended = [e.id for e in rows if e.amended]
    out: dict[str, list[dict[str, Any]]] = {}
    if not amended:
        return out
    for detail in duty_log.details(ctx.db, amended):
        for a in detail.history:
            if a.at > ctx.end:
                continue
            field_name = a.field
            old = a.old
            out.setdefault(detail.entry.id, []).append({
                "field": tr(*duty_log.FIELD_LABELS.get(field_name, (field_name, field_name))),
                "old": {k: v or "—" for k, v in _both(partial(duty_log.format_value, field_name, old)).items()},
                "by": ctx.name(a.author),
                "ms": datetime_to_ms(a.at),
                "summary": field_name == "summary",
            })
    return out


def summary_cell(entry: duty_log.EntryRow, corrections: dict[str, list[dict[str, Any]]]) -> Cell:
    """The summary as printed: plain text, or — for an amended entry — the current text with every
    correction (old value struck through, who, when), as issue 3 asks of every print."""
    found = corrections.get(entry.id)
    if not found:
        return entry.summary
    return {"text": entry.summary, "amended": found}


def _entries_section(ctx: SheetContext) -> Section:
    flt = duty_log.EntryFilter(since=ctx.start, until=ctx.end, include_voided=True, now=ctx.end)
    rows = own_entries(ctx.db, duty_log.page(ctx.db, flt, 0, MAX_ROWS, sort_key="received_at",
                                                     descending=False))
    rows.sort(key=lambda e: (not e.significant, e.received_at, e.no))
    section = Section(
        "entries",
        tr("本班接报事项", "Entries received in this shift"),
        [(tr("编号", "No."), 16), (tr("接报时间", "Received"), 14), (tr("来源", "Source"), 26),
         (tr("内容摘要", "Summary"), 62), (tr("状态", "Status"), 12)],
        empty=tr("本班无接报事项", "No entries received in this shift"),
        note=tr("★ 为重要事项，排在前面", "★ marks significant entries, listed first"),
    )
    corrections = _corrections(ctx, rows)
    for e in rows:
        mark = "struck" if e.voided else ("significant" if e.significant else "")
        no = ("★ " if e.significant else "") + e.no
        section.rows.append(([no, at(e.received_at, "short"), _source(e), summary_cell(e, corrections),
                              _status(e, ctx.end)], mark))
    return section


def _open_entries(ctx: SheetContext) -> list[duty_log.EntryRow]:
    flt = duty_log.EntryFilter(until=ctx.end, status="open", include_voided=False, now=ctx.end)
    return own_entries(ctx.db, duty_log.page(ctx.db, flt, 0, MAX_ROWS, sort_key="received_at",
                                                    descending=False))


def _open_section(ctx: SheetContext) -> Section:
    section = Section(
        "open_items",
        tr("未办结事项（移交下一班）", "Open items carried over"),
        [(tr("编号", "No."), 16), (tr("事项", "Entry"), 45), (tr("待办内容", "Pending"), 35),
         (tr("责任人", "Owner"), 14), (tr("跟进时限", "Follow-up due"), 14), (tr("状态", "Status"), 11)],
        empty=tr("无未办结事项", "No open items"),
    )
    items = _open_entries(ctx)
    items.sort(key=lambda e: (not e.overdue(ctx.end), e.due_at or ctx.end, e.received_at))
    corrections = _corrections(ctx, items)
    for e in items:
        if e.action:
            pending: Cell = tr(f"进展：{e.action}", f"Progress: {e.action}")
        elif e.instruction:
            pending = tr(f"落实批示：{e.instruction}", f"Carry out: {e.instruction}")
        else:
            pending = tr("待处理", "To be handled")
        status = _status(e, ctx.end)
        mark = "overdue" if e.overdue(ctx.end) else ""
        section.rows.append(([e.no, summary_cell(e, corrections), pending, ctx.name(e.author), at(e.due_at, "short"),
                              status], mark))
    return section


def _instructions_section(ctx: SheetContext) -> Section:
    section = Section(
        "instructions",
        tr("领导批示未落实事项", "Leader's instructions not yet carried out"),
        [(tr("编号", "No."), 16), (tr("批示内容", "Instruction"), 52), (tr("批示领导", "Given by"), 16),
         (tr("批示时间", "Given at"), 14), (tr("事项", "Entry"), 37)],
        empty=tr("无", "None"),
    )
    candidates = [e for e in _open_entries(ctx) if e.instruction]
    for detail in duty_log.details(ctx.db, [e.id for e in candidates]):
        e = detail.entry
        given = [i for i in detail.instructions if i.at <= ctx.end]
        if not given:
            continue
        last = max(given, key=lambda i: i.at)
        acted = any(a.at >= last.at for a in detail.actions if a.at <= ctx.end)
        if acted:
            continue
        given_by: Any = last.leader or ctx.name(last.author)
        if getattr(last, "via", "") == "phone":  # relayed by phone: the recorder is named too
            given_by = tr(f"{given_by}（电话，{ctx.name(last.author)}记录）",
                          f"{given_by} (by phone, written down by {ctx.name(last.author)})")
        section.rows.append(([e.no, last.text, given_by, at(last.at, "short"), e.summary],
                             "overdue" if e.overdue(ctx.end) else ""))
    return section


def _due_section(ctx: SheetContext) -> Section:
    section = Section(
        "due_next",
        tr("下一班应办（续报、回复等时限事项）", "Reports and follow-ups due in the next shift"),
        [(tr("编号", "No."), 16), (tr("事项", "Entry"), 62), (tr("跟进时限", "Due"), 16), (tr("责任人", "Owner"), 16),
         (tr("状态", "Status"), 11)],
        empty=tr("无", "None"),
    )
    for e in _open_entries(ctx):
        if e.due_at is None or not (ctx.end <= e.due_at < ctx.next_end):
            continue
        section.rows.append(([e.no, e.summary, at(e.due_at, "short"), ctx.name(e.author), _status(e, ctx.end)], ""))
    section.rows.sort(key=lambda r: str(r[0][2]))
    return section


for _spec in (
    SectionSpec("entries", 10, _entries_section),
    SectionSpec("open_items", 20, _open_section),
    SectionSpec("instructions", 30, _instructions_section),
    SectionSpec("due_next", 40, _due_section),
):
    register_section(_spec)


# -- the sheet ------------------------------------------------------------------------------------


def _person(names: dict[str, str], username: str) -> dict[str, str] | None:
    return {"u": username, "n": names.get(username, username)} if username else None


def _people(names: dict[str, str], comp: Composition) -> dict[str, Any]:
    return {
        "leader": _person(names, comp.leader),
        "lead": _person(names, comp.lead),
        "operators": [_person(names, u) for u in comp.operators],
    }


def composition_of(shift: ShiftInfo) -> Composition:
    return Composition(
        shift.leader.username if shift.leader else "",
        shift.lead.username if shift.lead else "",
        tuple(p.username for p in shift.operators),
    )


def build_sheet(
    db: Database,
    shift: ShiftInfo,
    *,
    handover_ms: int | None = None,
    sheet_no: str = "",
    confirmations: Sequence[Confirmation] = (),
    notes: str = "",
    equipment: dict[str, bool] | None = None,
    incoming: Composition | None = None,
    next_slot: Slot | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """The sheet's content. Without `handover_ms` it is a preview up to now (no number)."""
    info = station.info(db)
    tz = info.zone
    names = {a.username: a.display_name for a in accounts.list_accounts(db)}
    now = now or ms_to_datetime(db.wall())
    end = ms_to_datetime(handover_ms) if handover_ms is not None else now
    if next_slot is None or incoming is None:
        slot, comp = slot_after(db, shift, end), Composition()
        planned = planned_composition(db, slot.key)
        next_slot = next_slot or slot
        incoming = incoming or planned or comp
    ctx = SheetContext(db, shift, shift.start, end, max(next_slot.end, end), tz, names)
    sections = []
    for spec in section_specs():
        try:
            section = spec.build(ctx)
        except Exception as error:  # shown on the sheet rather than blocking the handover
            log.exception("handover section %s failed", spec.code)
            section = Section(spec.code, tr(f"{spec.code}（此部分未能生成）", f"{spec.code} (could not be built)"),
                              [(tr("说明", "Note"), 1)],
                              empty=tr(f"错误：{error}", f"Error: {error}"))
        if section is not None:
            sections.append(section.to_dict())
    return {
        "v": SHEET_VERSION,
        "sheet_no": sheet_no,
        "preview": handover_ms is None,
        "station": {"name": info.name, "code": info.code},
        "zone": info.timezone,
        "shift": {
            "id": shift.shift_id,
            "slot": shift.slot_key,
            "start_ms": datetime_to_ms(shift.start),
            "end_ms": datetime_to_ms(end),
            "planned_end_ms": datetime_to_ms(shift.planned_end),
        },
        "next": {"slot": next_slot.key, "start_ms": next_slot.start_ms, "end_ms": next_slot.end_ms},
        "out": _people(names, composition_of(shift)),
        "in": _people(names, incoming),
        "handover_ms": handover_ms,
        "confirmations": [
            {"role": c.role, "u": c.username, "n": names.get(c.username, c.username), "at_ms": c.at_ms}
            for c in confirmations
        ],
        "notes": notes,
        "equipment": [
            {"code": code, "label": tr(zh, en), "ok": bool((equipment or {}).get(code, True))}
            for code, (zh, en) in EQUIPMENT.items()
        ] if equipment is not None else [
            {"code": code, "label": tr(zh, en), "ok": None} for code, (zh, en) in EQUIPMENT.items()
        ],
        "sections": sections,
    }


def sheet_for(db: Database, shift: ShiftInfo) -> dict[str, Any]:
    """The recorded sheet of a handed-over shift, or a preview of one still on duty."""
    if shift.state == HANDED_OVER:
        content = sheet_content(db, shift.shift_id)
        if content is not None:
            return content
    return build_sheet(db, shift)
