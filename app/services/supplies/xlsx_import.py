"""Importing the county's Excel ledger (.xlsx): check every row, preview, then write all or nothing.

Layout (first sheet; header in row 1, one receipt per row; docs/supplies.md §Import):

    仓库代码 | 物资编码 | 品名 | 规格型号 | 单位 | 国标编码 | 管理方式 | 批号 | 生产日期 | 有效期 |
    来源 | 生产厂家 | 产地 | 数量 | 序列号 | 单据号 | 入库日期

Required: 仓库代码, 物资编码, 品名, 单位, 数量. English headers (depot, code, name, spec, unit, gb,
tracking, lot, produced, expires, source, maker, origin, qty, serials, doc_no, date) work too.
Unknown items are added to the catalogue. Each row becomes a receipt (入库) carrying a key made from
the row's content, so importing the same file again adds nothing; two identical rows in one file
are an error. Merged cells, text in number columns, wrong columns: row and column named, nothing
written.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app import messages
from app.errors import UserError, ValidationError
from app.services.accounts import Actor
from app.services.supplies import catalogue, custody
from app.services.supplies.common import (
    PREFIX,
    WRITERS,
    date_ms,
    find_depot,
    get_item,
    local_date,
    next_number,
    now_ms,
    year_of,
)
from app.storage.engine import Database
from app.storage.projections.supplies import MOVE

COLUMNS: list[tuple[str, str, str]] = [
    ("depot", "仓库代码", "depot"), ("code", "物资编码", "code"), ("name", "品名", "name"), ("spec", "规格型号", "spec"),
    ("unit", "单位", "unit"), ("gb", "国标编码", "gb"), ("tracking", "管理方式", "tracking"), ("lot", "批号", "lot"),
    ("produced", "生产日期", "produced"), ("expires", "有效期", "expires"), ("source", "来源", "source"),
    ("maker", "生产厂家", "maker"), ("origin", "产地", "origin"), ("qty", "数量", "qty"), ("serials", "序列号", "serials"),
    ("doc_no", "单据号", "doc_no"), ("date", "入库日期", "date"),
]
REQUIRED = ("depot", "code", "name", "unit", "qty")
TRACKING_WORDS = {"不分批": "none", "批次": "lot", "按批次": "lot", "序列号": "serial", "按序列号": "serial", "": "none"}

messages.register({
    "stock.xlsx.unreadable": ("无法读取 Excel 文件“{path}”：{detail}", "Cannot read the Excel file “{path}”: {detail}"),
    "stock.xlsx.missing_columns": ("表头缺少列：{columns}（第 1 行应为：{expected}）",
                                   "Missing columns in the header: {columns} (row 1 should hold: {expected})"),
    "stock.xlsx.unknown_column": ("第 1 行第 {col} 列“{name}”不是可识别的列名（可用：{expected}）",
                                  "Row 1, column {col}: “{name}” is not a known column (known: {expected})"),
    "stock.xlsx.merged": ("表中有合并单元格 {ranges}，请取消合并、每行填写完整后再导入。",
                          "The sheet has merged cells {ranges}; unmerge them and fill every row before importing."),
    "stock.xlsx.row_error": ("第 {row} 行“{column}”：{message}", "Row {row}, “{column}”: {message}"),
    "stock.xlsx.not_number": ("“{value}”不是整数", "“{value}” is not a whole number"),
    "stock.xlsx.duplicate": ("与第 {other} 行完全相同（重复行）", "the same as row {other} (duplicated row)"),
    "stock.xlsx.item_differs": ("物资“{item}”已在目录中，但{field}不同（目录：{known}，表中：{value}）",
                                "item “{item}” is in the catalogue with a different {field} ({known}; sheet: {value})"),
    "stock.xlsx.has_errors": ("Excel 文件有 {count} 处错误，未导入任何数据：\n{errors}",
                              "The Excel file has {count} error(s); nothing was imported:\n{errors}"),
    "stock.xlsx.empty": ("Excel 文件没有数据行。", "The Excel file has no data rows."),
    "stock.xlsx.summary": ("{verb}：新增物资 {items} 种，入库 {rows} 行（{qty} 件），已导入过而跳过 {skipped} 行。",
                           "{verb}: {items} new item(s), {rows} receipt row(s) ({qty} units), {skipped} row(s) imported before and skipped."),
    "stock.xlsx.verb_preview": ("预览（未写入）", "Preview (nothing written)"),
    "stock.xlsx.verb_done": ("已导入", "Imported"),
})


@dataclass
class RowPlan:
    row: int
    values: dict[str, Any]
    key: str
    skip: bool = False


@dataclass
class ImportPlan:
    path: str
    rows: list[RowPlan] = field(default_factory=list)
    new_items: dict[str, dict[str, Any]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def fresh(self) -> list[RowPlan]:
        return [r for r in self.rows if not r.skip]

    def summary(self, *, committed: bool) -> dict[str, Any]:
        return {"file": self.path, "committed": committed and not self.errors, "new_items": sorted(self.new_items),
                "rows": [{"row": r.row, "depot": r.values["depot"], "item": r.values["code"], "qty": r.values["qty"],
                          "lot": r.values["lot"], "skipped": r.skip} for r in self.rows],
                "skipped": sum(1 for r in self.rows if r.skip), "errors": self.errors}

    def describe(self, *, committed: bool) -> list[str]:
        verb = messages.text("stock.xlsx.verb_done" if committed else "stock.xlsx.verb_preview")
        lines = [f"{r.row}\t{r.values['depot']}\t{r.values['code']}\t{r.values['name']}\t{r.values['lot']}\t"
                 f"{r.values['qty']}{'（跳过）' if r.skip and messages.language() == 'zh_CN' else ' (skip)' if r.skip else ''}"
                 for r in self.rows]
        lines.append(messages.text("stock.xlsx.summary", verb=verb, items=len(self.new_items), rows=len(self.fresh),
                                   qty=sum(int(r.values["qty"]) for r in self.fresh),
                                   skipped=sum(1 for r in self.rows if r.skip)))
        return lines


def _header_map(header: list[Any]) -> dict[int, str]:
    names = {zh: code for code, zh, _en in COLUMNS} | {en: code for code, _zh, en in COLUMNS}
    out: dict[int, str] = {}
    expected = "、".join(zh for _c, zh, _e in COLUMNS)
    for i, value in enumerate(header):
        text = "" if value is None else str(value).strip()
        if not text:
            continue
        code = names.get(text) or names.get(text.lower())
        if code is None:
            raise ValidationError("stock.xlsx.unknown_column", field="header", col=i + 1, name=text, expected=expected)
        out[i] = code
    missing = [zh for code, zh, _e in COLUMNS if code in REQUIRED and code not in out.values()]
    if missing:
        raise ValidationError("stock.xlsx.missing_columns", field="header", columns="、".join(missing), expected=expected)
    return out


def _label(code: str) -> str:
    for c, zh, en in COLUMNS:
        if c == code:
            return zh if messages.language() == "zh_CN" else en
    return code


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value).strip()
    return int(text) if text.lstrip("-").isdigit() else None


def _date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip().replace("/", "-").replace(".", "-")
    return date.fromisoformat(text) if text else None


def _reporter(plan: ImportPlan, row: int) -> Callable[[str, str], None]:
    def error(column: str, message: str) -> None:
        plan.errors.append(messages.text("stock.xlsx.row_error", row=row, column=_label(column), message=message))

    return error


def read(db: Database, path: Path) -> ImportPlan:
    """Check the file and plan the import (writes nothing). Errors are collected per row."""
    try:
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=False, data_only=True)
    except FileNotFoundError as error:
        raise UserError("file.cannot_read", path=str(path), detail=error.strerror or str(error)) from error
    except Exception as error:  # not an xlsx, damaged zip …
        raise UserError("stock.xlsx.unreadable", path=str(path), detail=str(error)[:200]) from error
    ws = wb.worksheets[0]
    today = local_date(db, now_ms(db))
    if ws.merged_cells.ranges:
        raise ValidationError("stock.xlsx.merged", field="file", ranges="、".join(str(r) for r in ws.merged_cells.ranges))
    rows = list(ws.iter_rows(values_only=True))
    if not rows:
        raise ValidationError("stock.xlsx.empty", field="file")
    columns = _header_map(list(rows[0]))
    plan = ImportPlan(str(path))
    seen: dict[str, int] = {}
    with db.read() as conn:
        for n, raw in enumerate(rows[1:], start=2):
            if all(v is None or str(v).strip() == "" for v in raw):
                continue
            values = {code: raw[i] if i < len(raw) else None for i, code in columns.items()}
            for code, _zh, _en in COLUMNS:
                values.setdefault(code, None)

            report = _reporter(plan, n)
            before = len(plan.errors)
            clean: dict[str, Any] = {k: ("" if v is None else v) for k, v in values.items()}
            for k in ("depot", "code", "name", "spec", "unit", "gb", "lot", "source", "maker", "origin", "doc_no"):
                clean[k] = str(clean[k]).strip()
                raw_value = values[k]
                if isinstance(raw_value, float) and raw_value.is_integer():
                    clean[k] = str(int(raw_value))
            quantity = _int(values["qty"]) if values["qty"] not in (None, "") else None
            if quantity is None:
                report("qty", messages.text("stock.xlsx.not_number", value=values["qty"] if values["qty"] is not None else ""))
            elif quantity < 1:
                report("qty", messages.text("stock.bad_qty", name=_label("qty"), value=quantity, max=10_000_000))
            clean["qty"] = quantity or 0
            clean["tracking"] = TRACKING_WORDS.get(str(clean["tracking"] or "").strip(), str(clean["tracking"]).strip())
            for k in ("produced", "expires", "date"):
                try:
                    clean[k] = _date(values[k]) if values[k] not in (None, "") else None
                except ValueError:
                    report(k, messages.text("stock.bad_date", value=values[k]))
                    clean[k] = None
            clean["serials"] = [s for s in str(values["serials"] or "").replace("，", ",").replace("、", ",")
                                .replace(" ", ",").split(",") if s.strip()]
            for k in REQUIRED:
                if clean[k] in ("", None) and k != "qty":
                    report(k, messages.text("stock.required", name=_label(k)))
            try:
                depot = find_depot(conn, clean["depot"], db.station_id) if clean["depot"] else None
                if depot is not None:
                    catalogue.own_depot(db, depot)
                    clean["depot_id"] = depot.depot_id
            except ValidationError as e:
                report("depot", e.message)
            item = get_item(conn, clean["code"]) if clean["code"] else None
            try:
                if item is None and clean["code"] and clean["code"] not in plan.new_items and clean["name"]:
                    plan.new_items[clean["code"]] = catalogue.item_payload(
                        clean["code"], clean["name"], clean["unit"], clean["spec"], clean["gb"],
                        clean["tracking"] or "none", bool(clean["expires"]))
                elif item is not None:
                    for fld, known in (("name", item.name), ("unit", item.unit)):
                        if clean[fld] and clean[fld] != known:
                            report(fld, messages.text("stock.xlsx.item_differs", item=item.code, field=_label(fld),
                                                     known=known, value=clean[fld]))
            except ValidationError as e:
                report(e.field or "code", e.message)
            spec = plan.new_items.get(clean["code"]) or ({"tracking": item.tracking, "expiry": item.has_expiry}
                                                          if item else {"tracking": "none", "expiry": False})
            if spec["tracking"] == "lot" and not clean["lot"]:
                report("lot", messages.text("stock.lot_required", item=clean["name"] or clean["code"]))
            if spec["tracking"] == "serial":
                if len(clean["serials"]) != clean["qty"]:
                    report("serials", messages.text("stock.serial_count", count=len(clean["serials"]), qty=clean["qty"]))
            elif clean["serials"]:
                report("serials", messages.text("stock.serial_not_tracked", item=clean["name"] or clean["code"]))
            if clean["expires"] and clean["produced"] and clean["expires"] < clean["produced"]:
                report("expires", messages.text("stock.expiry_before_production", expires=clean["expires"],
                                               produced=clean["produced"]))
            if clean["produced"] and clean["produced"].isoformat() > today:
                report("produced", messages.text("stock.produced_in_future", produced=clean["produced"].isoformat()))
            if len(plan.errors) > before:
                continue
            body = "|".join(str(clean[k]) for k in ("depot", "code", "lot", "qty", "doc_no", "date", "produced",
                                                     "expires")) + "|" + ",".join(clean["serials"])
            key = "xlsx:" + hashlib.sha256(body.encode("utf-8")).hexdigest()[:24]
            if key in seen:
                report("code", messages.text("stock.xlsx.duplicate", other=seen[key]))
                continue
            seen[key] = n
            done = conn.execute(select(MOVE.c.move_id).where(MOVE.c.type == "receive", MOVE.c.ref == key)).first()
            if done is None:
                for s in clean["serials"]:
                    state = custody.custody(conn, clean["code"], s)
                    if state.status not in ("", "written_off"):
                        report("serials", messages.text("stock.serial_exists", item=clean["code"], serial=s,
                                                       where=state.status_label))
                if len(plan.errors) > before:
                    continue
            plan.rows.append(RowPlan(n, clean, key, skip=done is not None))
    if not plan.rows and not plan.errors:
        raise ValidationError("stock.xlsx.empty", field="file")
    return plan


def commit(db: Database, actor: Actor, plan: ImportPlan) -> None:
    """Write the planned items and receipts in one transaction; refuse if the plan has errors."""
    actor.require(*WRITERS)
    if plan.errors:
        shown = "\n".join(plan.errors[:20]) + ("\n…" if len(plan.errors) > 20 else "")
        raise ValidationError("stock.xlsx.has_errors", field="file", count=len(plan.errors), errors=shown)
    with db.write() as w:
        for payload in plan.new_items.values():
            if get_item(w.conn, payload["code"]) is None:
                w.record("stock.item.add", payload, actor.username)
        year = year_of(db, db.wall())
        number = next_number(w.conn, db.station_id, PREFIX["receive"], year)
        for r in plan.fresh:
            v = r.values
            if w.conn.execute(select(MOVE.c.move_id).where(MOVE.c.type == "receive", MOVE.c.ref == r.key)).first():
                continue
            occurred = date_ms(db, v["date"]) if v["date"] else db.wall()
            w.record("stock.move.receive", {
                "depot": v["depot_id"], "item": v["code"], "lot": v["lot"], "qty": int(v["qty"]), "serials": v["serials"],
                "doc_no": v["doc_no"], "occurred_ms": min(int(occurred or db.wall()), db.wall()), "import_key": r.key,
                "label": {"produced_ms": date_ms(db, v["produced"]), "expires_ms": date_ms(db, v["expires"]),
                          "source": v["source"], "maker": v["maker"], "origin": v["origin"]},
                "no": {"prefix": PREFIX["receive"], "year": year, "number": number}}, actor.username)
            number += 1
