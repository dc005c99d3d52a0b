"""Import rosters from .xlsx (preview first; nothing written until confirmed) and export them.

The sheet has a header row naming its columns (Chinese or English, any order): 队伍/Unit,
姓名/Name, 电话1/Phone 1 are required; 身份证号, 性别, 职务, 电话2, 电话3, 资格, 取得日期,
有效期（月）, 备注 are optional. A row matches an existing person by ID number, or by name and
a phone number; matched rows add nothing, so importing the same file again changes nothing.
Export writes the same columns (so an export can be re-imported), one row per person.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from app import messages
from app.errors import UserError, ValidationError
from app.services.accounts import Actor
from app.services.rosters import common, people, phones, qualifications, units
from app.storage.changes import Changes
from app.storage.engine import Database
from app.storage.ids import uuid7

COLUMNS: dict[str, tuple[str, ...]] = {
    "unit": ("队伍", "单位", "unit", "team"),
    "name": ("姓名", "name"),
    "id_number": ("身份证号", "身份证号码", "id number", "id_number"),
    "gender": ("性别", "gender"),
    "role": ("职务", "角色", "role"),
    "phone1": ("电话1", "电话", "手机", "phone 1", "phone1", "phone"),
    "phone2": ("电话2", "phone 2", "phone2"),
    "phone3": ("电话3", "phone 3", "phone3"),
    "qtype": ("资格", "资格证书", "qualification"),
    "awarded": ("取得日期", "awarded"),
    "validity_months": ("有效期（月）", "有效期(月)", "validity months", "validity_months"),
    "note": ("备注", "note"),
}
REQUIRED = ("unit", "name", "phone1")
HEADERS_ZH = ("队伍", "姓名", "身份证号", "性别", "职务", "电话1", "电话2", "电话3", "资格", "取得日期", "有效期（月）", "备注")
MAX_ROWS = 50_000

messages.register({
    "roster.xlsx_unreadable": ("无法读取表格“{path}”：{detail}", "Cannot read the spreadsheet “{path}”: {detail}"),
    "roster.xlsx_columns": ("表格缺少列：{missing}（第一行应为列名，必需：队伍、姓名、电话1；可选：{optional}）。",
                            "The spreadsheet lacks columns: {missing} (the first row names the columns; required: "
                            "队伍/Unit, 姓名/Name, 电话1/Phone 1; optional: {optional})."),
    "roster.xlsx_unknown_column": ("表格有无法识别的列“{name}”（可用：{known}）。",
                                   "Unknown column “{name}” in the spreadsheet (known: {known})."),
    "roster.xlsx_row": ("第 {row} 行：{message}", "Row {row}: {message}"),
    "roster.xlsx_errors": ("表格有 {count} 行错误，未导入任何数据。首个错误——{first}",
                           "{count} rows have errors; nothing was imported. First: {first}"),
    "roster.xlsx_too_many": ("表格超过 {max} 行。", "The spreadsheet has more than {max} rows."),
})


@dataclass
class RowResult:
    row: int
    name: str
    unit: str
    action: str
    """add | exists | error."""
    message: str = ""
    values: dict[str, Any] = field(default_factory=dict, repr=False)
    qual: qualifications.QualInput | None = field(default=None, repr=False)

    def to_json(self) -> dict[str, Any]:
        return {"row": self.row, "name": self.name, "unit": self.unit, "action": self.action, "message": self.message}


@dataclass
class ImportPreview:
    path: str
    rows: list[RowResult]

    @property
    def added(self) -> int:
        return sum(1 for r in self.rows if r.action == "add")

    @property
    def existing(self) -> int:
        return sum(1 for r in self.rows if r.action == "exists")

    @property
    def errors(self) -> list[RowResult]:
        return [r for r in self.rows if r.action == "error"]

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "add": self.added, "exists": self.existing, "errors": len(self.errors),
                "rows": [r.to_json() for r in self.rows]}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read(path: str | Path) -> list[tuple[int, dict[str, str]]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(Path(path).expanduser(), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds (zip, xml, key errors)
        raise UserError("roster.xlsx_unreadable", path=str(path), detail=str(error)[:200]) from error
    try:
        ws = wb.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        header = next(rows, None) or ()
        mapping: dict[int, str] = {}
        aliases = {alias.lower(): key for key, names in COLUMNS.items() for alias in names}
        for index, title in enumerate(header):
            name = _cell(title)
            if not name:
                continue
            key = aliases.get(name.lower())
            if key is None:
                raise ValidationError("roster.xlsx_unknown_column", field=name, name=name, known="、".join(HEADERS_ZH))
            mapping[index] = key
        missing = [COLUMNS[k][0] for k in REQUIRED if k not in mapping.values()]
        if missing:
            optional = "、".join(h for h in HEADERS_ZH if h not in ("队伍", "姓名", "电话1"))
            raise ValidationError("roster.xlsx_columns", field=missing[0], missing="、".join(missing), optional=optional)
        out: list[tuple[int, dict[str, str]]] = []
        for number, values in enumerate(rows, start=2):
            record = {key: _cell(values[i]) if i < len(values) else "" for i, key in mapping.items()}
            if not any(record.values()):
                continue
            out.append((number, record))
            if len(out) > MAX_ROWS:
                raise ValidationError("roster.xlsx_too_many", field="rows", max=MAX_ROWS)
        return out
    finally:
        wb.close()


def preview(db: Database, path: str | Path) -> ImportPreview:
    """What importing `path` would do, row by row (nothing is written)."""
    records = _read(path)
    results: list[RowResult] = []
    seen_ids: dict[str, int] = {}
    seen_name_phone: dict[tuple[str, str], int] = {}
    with db.read() as conn:
        for number, rec in records:
            result = RowResult(number, rec.get("name", ""), rec.get("unit", ""), "add")
            try:
                values = people.validate_person(conn, people.PersonInput(
                    name=rec.get("name", ""), id_number=rec.get("id_number", ""), gender=rec.get("gender", ""),
                    unit=rec.get("unit", ""), role=rec.get("role", "") or "member",
                    phones=[rec.get(k, "") for k in ("phone1", "phone2", "phone3")], note=rec.get("note", "")))
                if not values["phones"]:
                    raise ValidationError("roster.required", field="phone1", name="电话1")
                if rec.get("qtype"):
                    result.qual = qualifications.QualInput(rec["qtype"], rec.get("awarded", ""),
                                                           rec.get("validity_months") or None)
                    _check_qual(result.qual)
                result.values = values
                found = people.find_existing(conn, values["id_number"], values["name"], values["phones"])
                key = (values["name"], phones_key(values["phones"]))
                if found is not None:
                    result.action, result.message = "exists", found[1]
                elif values["id_number"] and values["id_number"] in seen_ids:
                    result.action, result.message = "exists", f"= {seen_ids[values['id_number']]}"
                elif key in seen_name_phone:
                    result.action, result.message = "exists", f"= {seen_name_phone[key]}"
                if values["id_number"]:
                    seen_ids.setdefault(values["id_number"], number)
                seen_name_phone.setdefault(key, number)
            except UserError as error:
                result.action = "error"
                result.message = messages.text("roster.xlsx_row", row=number, message=error.message)
            results.append(result)
    return ImportPreview(str(path), results)


def phones_key(numbers: list[str]) -> str:
    from app.storage.projections.rosters import digits

    return digits(numbers[0]) if numbers else ""


def _check_qual(q: qualifications.QualInput) -> None:
    awarded = common.iso_date(q.awarded, "awarded", required=True)
    months = common.count(q.validity_months if q.validity_months not in (None, "") else
                          qualifications.TYPES.get(q.qtype, 0), "validity_months", 1200)
    del awarded, months


def commit(db: Database, actor: Actor, path: str | Path) -> tuple[ImportPreview, Changes]:
    """Import `path`: all new rows in one transaction, or nothing when any row has an error."""
    common.require_editor(actor)
    result = preview(db, path)
    if result.errors:
        first = result.errors[0]
        raise ValidationError("roster.xlsx_errors", field=f"row {first.row}", count=len(result.errors),
                              first=first.message)
    today = common.today(db.wall())
    with db.write() as w:
        for row in result.rows:
            if row.action != "add":
                continue
            again = people.find_existing(w.conn, row.values["id_number"], row.values["name"], row.values["phones"])
            if again is not None:
                row.action = "exists"
                continue
            person_id = people.record_person(w, actor, row.values, today.isoformat())
            if row.qual is not None:
                awarded = common.iso_date(row.qual.awarded, "awarded", required=True)
                months = common.count(row.qual.validity_months if row.qual.validity_months not in (None, "")
                                      else qualifications.TYPES.get(row.qual.qtype, 0), "validity_months", 1200)
                end = qualifications.expiry(date.fromisoformat(awarded), months)
                w.record("roster.qual.add", {"qual_id": uuid7(db.wall()), "person_id": person_id,
                                             "qtype": row.qual.qtype, "awarded": awarded, "validity_months": months,
                                             "expires": end.isoformat() if end else ""}, actor.username)
    return result, w.changes


def export(db: Database, path: str | Path, *, unit_ids: list[str] | None = None, township: str = "") -> int:
    """Write the members (of the units given, or all) in the import's columns; returns rows written."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    from app.reports import pdf_base

    with db.read() as conn:
        roots = units.load_tree(conn)
        nodes = units.flatten(roots)
        town = common.township(conn, township) if township else ""
        chosen = [n.id for n in nodes] if unit_ids is None else units.subtree_ids(roots, set(unit_ids))
        if town:
            chosen = [u for u in chosen if any(n.id == u and n.township == town for n in nodes)]
        names = units.unit_names(conn)
        rows = people.members_of(conn, chosen)
        numbers = phones.phones_of(conn, [r.person_id for r in rows])
        quals = qualifications.of_people(conn, [r.person_id for r in rows], common.today(db.wall()))
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "花名册"
    ws.append(list(HEADERS_ZH))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E6E6E6")
    for r in rows:
        nums = [p["number"] for p in numbers.get(r.person_id, [])][:3]
        q = (quals.get(r.person_id) or [{}])[0]
        ws.append([names.get(r.unit_id, ""), r.name, r.id_number, r.gender, common.label(r.role, common.MEMBER_ROLES),
                   *([*nums, "", "", ""])[:3], q.get("type", ""), q.get("awarded", ""),
                   q.get("validity_months", "") if q else "", r.note])
    units_ws = wb.create_sheet("队伍")
    units_ws.append(["队伍", "层级", "类型", "上级", "乡镇", "驻地", "编制", "在岗", "状态", "负责人", "电话"])
    for n in nodes:
        if n.id in chosen:
            units_ws.append([n.name, common.label(n.level, common.LEVELS), common.label(n.type, common.UNIT_TYPES),
                             names.get(n.parent, ""), n.township, n.place, n.planned, n.on_duty,
                             common.label(n.status, common.STATUSES) if n.status else "", n.leader, n.leader_phone])
    for sheet, widths in ((ws, (24, 10, 20, 6, 10, 15, 15, 15, 20, 12, 10, 20)),
                          (units_ws, (28, 8, 14, 24, 10, 16, 8, 8, 8, 10, 15))):
        for i, width in enumerate(widths):
            sheet.column_dimensions[chr(ord("A") + i)].width = width

    def render(handle: Any) -> int:
        wb.save(handle)
        return len(rows)

    return pdf_base.atomic_write(path, render, "xlsx.cannot_write")
