"""The data of printed vouchers (入库单 / 出库单 / 调拨单 / …) and count sheets (盘点表), as plain
dicts that app/reports/supplies_print.py lays out (reports do not read the database)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from app.services import station
from app.services.supplies.common import depot_by_id, get_item, local_date, local_time, type_label
from app.services.supplies.counts import CountInfo
from app.services.supplies.move_refs import find_move, is_reversed, move_no
from app.storage.engine import Database
from app.storage.models import table
from app.storage.models.accounts import Account
from app.storage.projections.supplies import MOVE

ACCOUNT = table(Account)
TITLES = {"receive": ("入库单", "Goods receipt"), "issue": ("出库单", "Goods issue"),
          "transfer_out": ("调拨单（调出）", "Transfer note (out)"), "transfer_in": ("调拨单（调入）", "Transfer note (in)"),
          "return": ("退库单", "Return note"), "writeoff": ("报废单", "Write-off note"), "reverse": ("冲销单", "Reversal note"),
          "adjust": ("调整单", "Adjustment note"), "count": ("盘点调整单", "Count adjustment")}


def _name(conn: Any, user: str) -> str:
    row = conn.execute(select(ACCOUNT.c.display_name).where(ACCOUNT.c.username == user)).first()
    return (row.display_name or user) if row else user


def voucher_data(db: Database, no: str) -> dict[str, Any]:
    info = station.info(db)
    with db.read() as conn:
        row = find_move(conn, no, db.station_id)
        number = move_no(conn, row, db.station_id)
        depot = depot_by_id(conn, row.depot_id)
        other = depot_by_id(conn, row.other_depot) if row.other_depot else None
        item = get_item(conn, row.item) if row.item else None
        original = ""
        if row.type == "reverse" and row.ref:
            orig = conn.execute(select(MOVE).where(MOVE.c.move_id == row.ref)).first()
            original = move_no(conn, orig, db.station_id) if orig is not None else row.ref[:8]
        author = _name(conn, row.author)
        reversed_ = is_reversed(conn, row.move_id)
    signatures = {"receive": (("交货人", "Delivered by"), ("验收人", "Checked by"), ("保管员", "Storekeeper")),
                  "issue": (("领用人", "Received by"), ("批准领导", "Approved by"), ("保管员", "Storekeeper")),
                  "transfer_out": (("发货人", "Sent by"), ("承运人", "Carrier"), ("批准领导", "Approved by")),
                  "transfer_in": (("收货人", "Received by"), ("承运人", "Carrier"), ("保管员", "Storekeeper")),
                  "writeoff": (("经办人", "Prepared by"), ("批准领导", "Approved by"), ("保管员", "Storekeeper"))}
    return {
        "kind": row.type, "title": TITLES.get(row.type, (row.type, row.type)), "no": number,
        "station": info.name, "date": local_time(db, row.occurred_ms), "type_label": type_label(row.type),
        "depot": depot.label if depot else row.depot_id[:8], "other_depot": other.label if other else "",
        "item": row.item, "name": item.name if item else "", "spec": item.spec if item else "",
        "unit": item.unit if item else "", "lot": row.lot, "qty": int(row.qty), "lost": int(row.lost),
        "serials": row.serials.split(), "to": row.to_name, "approver": row.approver, "reason": row.reason,
        "doc_no": row.doc_no, "voucher_no": row.voucher_no, "emergency": bool(row.emergency),
        "incident_id": row.incident_id, "original": original, "author": author, "reversed": reversed_,
        "signatures": [list(s) for s in signatures.get(row.type, (("经办人", "Prepared by"), ("保管员", "Storekeeper"),
                                                                ("批准领导", "Approved by")))],
    }


def count_sheet_data(db: Database, c: CountInfo) -> dict[str, Any]:
    info = station.info(db)
    return {"no": c.no, "station": info.name, "depot": c.depot, "as_of": local_time(db, c.as_of_ms),
            "date": local_date(db, c.as_of_ms), "blind": c.blind, "posted": c.posted, "outdated": c.outdated,
            "lines": [{"item": line.item, "name": line.name, "spec": line.spec, "unit": line.unit, "lot": line.lot,
                       "book": None if c.blind else line.book} for line in c.lines]}
