"""The exception list (异常): negative balances, serial conflicts, outdated counts, overdue or
over-received transfers, counts posted twice. Every one is derived from the operations, so
every station holding the same operations lists the same exceptions."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from app import messages
from app.services.supplies import counts, custody
from app.services.supplies.balances import DAY_MS, OVERDUE_TRANSFER_DAYS, balances
from app.services.supplies.common import depots, display_no, get_item, local_time, station_codes
from app.storage.engine import Database
from app.storage.projections.supplies import MOVE


def _t(zh: str, en: str) -> str:
    return zh if messages.language() == "zh_CN" else en


def exceptions(db: Database) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    now = db.wall()
    with db.read() as conn:
        all_depots = {d.depot_id: d for d in depots(conn)}
        codes = station_codes(conn)
        for (dep, item, lot), q in sorted(balances(conn, list(all_depots)).items()):
            if q < 0:
                it = get_item(conn, item)
                d = all_depots[dep]
                out.append({"kind": "negative", "depot": d.code, "depot_name": d.name, "item": item,
                            "name": it.name if it else item, "lot": lot, "on_hand": q,
                            "text": _t(f"{d.name} {it.name if it else item}{' 批次 ' + lot if lot else ''} 结存 {q}，待调整",
                                       f"{d.name} {it.name if it else item}{' lot ' + lot if lot else ''} stands at {q}; needs an adjustment")})
        for c in custody.conflicts(conn):
            it = get_item(conn, c.item)
            holders = " / ".join(h.name or h.id for h in c.holders)
            out.append({"kind": "serial_conflict", "item": c.item, "name": it.name if it else c.item,
                        "serial": c.serial, "holders": [h.name or h.id for h in c.holders],
                        "text": _t(f"{it.name if it else c.item} {c.serial} 同时登记在：{holders}（{'；'.join(c.conflicts)}）",
                                   f"{it.name if it else c.item} {c.serial} recorded with: {holders} ({'; '.join(c.conflicts)})")})
        outs = conn.execute(select(MOVE).where(MOVE.c.type == "transfer_out")).all()
        ins = conn.execute(select(MOVE).where(MOVE.c.type == "transfer_in")).all()
        reversed_ids = custody.reversed_moves(conn)
        got: dict[str, int] = {}
        for r in ins:
            if r.move_id not in reversed_ids:
                got[r.ref] = got.get(r.ref, 0) + int(r.qty) + int(r.lost)
        out_ids = {r.move_id for r in outs}
        for r in outs:
            if r.move_id in reversed_ids:
                continue
            remaining = int(r.qty) - got.get(r.move_id, 0)
            no = display_no(r.prefix, r.year, r.number, r.station_id, db.station_id, codes)
            it = get_item(conn, r.item)
            name = it.name if it else r.item
            dst = all_depots.get(r.other_depot)
            if remaining < 0:
                out.append({"kind": "over_received", "no": no, "item": r.item, "name": name, "qty": remaining,
                            "text": _t(f"调拨 {no} {name} 收货多于发货 {-remaining}", f"Transfer {no} {name}: {-remaining} more received than sent")})
            elif remaining > 0 and now - int(r.occurred_ms) > OVERDUE_TRANSFER_DAYS * DAY_MS:
                out.append({"kind": "transfer_overdue", "no": no, "item": r.item, "name": name, "qty": remaining,
                            "since": local_time(db, r.occurred_ms),
                            "text": _t(f"调拨 {no} {name} 在途 {remaining} 超过 {OVERDUE_TRANSFER_DAYS} 天未收（调往 {dst.name if dst else '?'}）",
                                       f"Transfer {no} {name}: {remaining} in transit for over {OVERDUE_TRANSFER_DAYS} days (to {dst.name if dst else '?'})")})
        for r in ins:
            if r.ref not in out_ids and r.move_id not in reversed_ids:
                no = display_no(r.prefix, r.year, r.number, r.station_id, db.station_id, codes)
                out.append({"kind": "transfer_in_early", "no": no, "item": r.item, "qty": int(r.qty),
                            "text": _t(f"调入 {no} 已登记，对应调出单尚未同步到本站", f"{no} received; its transfer out has not arrived here yet")})
        twice = conn.execute(select(MOVE.c.ref, func.count().label("n")).where(MOVE.c.type == "count")
                             .group_by(MOVE.c.ref).having(func.count() > 1)).all()
    for row in twice:
        out.append({"kind": "count_posted_twice", "count": row.ref, "text": _t(
            f"同一盘点单被过账 {row.n} 次，请核对后冲销多余的一次", f"One stock-take posted {row.n} times; reverse the extra posting")})
    latest_posted: dict[str, int] = {}
    all_counts = counts.counts(db)
    for ci in all_counts:
        if ci.posted:
            latest_posted[ci.depot_id] = max(latest_posted.get(ci.depot_id, 0), ci.as_of_ms)
    for ci in all_counts:
        if ci.outdated and latest_posted.get(ci.depot_id, 0) <= ci.as_of_ms:
            items = "、".join(line.name for line in ci.lines if line.outdated)
            out.append({"kind": "count_outdated", "count": ci.no, "depot_name": ci.depot, "items": items, "text": _t(
                f"盘点单 {ci.no}（{ci.depot}）已过时：盘点时点之前的出入库后来才登记（{items}），请重新盘点",
                f"Stock-take {ci.no} ({ci.depot}) is outdated: movements dated before it arrived later ({items}); recount")})
    return out
