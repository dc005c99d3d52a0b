"""The handover sheet's supply section: stock below minimum, lots expiring within 30 days,
transfers in transit, serial units issued during the shift, and open stock exceptions."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, func, select

from app.clock import datetime_to_ms
from app.services.handover import Section, SectionSpec, SheetContext, tr
from app.services.supplies import balances, exceptions
from app.services.supplies.common import depots, display_no, get_item, local_date, station_codes
from app.storage.projections.supplies import LINE, MOVE, SERIAL
from app.storage.projections.supplies_moves import TRANSIT

EXPIRY_DAYS = 30


def _stock_section(ctx: SheetContext) -> Section | None:
    db = ctx.db
    end_ms = datetime_to_ms(ctx.end)
    start_ms = datetime_to_ms(ctx.start)
    with db.read() as conn:
        if not depots(conn):
            return None
    section = Section(
        "supplies",
        tr("物资库存提示", "Supplies"),
        [(tr("事项", "Item"), 18), (tr("仓库", "Depot"), 22), (tr("物资", "Supply"), 30), (tr("情况", "Detail"), 60)],
        empty=tr("无低于定额、临期、在途或异常的物资", "Nothing below minimum, expiring, in transit or exceptional"),
    )
    rows = balances.stock_view(db)
    for r in rows:
        if r.below_min:
            section.rows.append(([tr("低于储备定额", "Below minimum"), r.depot_name, f"{r.name} {r.spec}".strip(),
                                  tr(f"结存 {r.on_hand}{r.unit}，定额 {r.minimum}{r.unit}",
                                     f"on hand {r.on_hand} {r.unit}, minimum {r.minimum}")],
                                 "overdue" if r.on_hand < 0 else "significant"))
    limit = end_ms + EXPIRY_DAYS * balances.DAY_MS
    with db.read() as conn:
        names = {d.depot_id: d.name for d in depots(conn)}
        lots = conn.execute(
            select(LINE.c.depot_id, LINE.c.item, LINE.c.lot, func.sum(LINE.c.qty).label("q"), balances.LOT.c.expires_ms)
            .select_from(LINE.join(balances.LOT, and_(balances.LOT.c.item == LINE.c.item, balances.LOT.c.lot == LINE.c.lot)))
            .where(LINE.c.depot_id.in_(list(names)), balances.LOT.c.expires_ms.is_not(None),
                   balances.LOT.c.expires_ms <= limit)
            .group_by(LINE.c.depot_id, LINE.c.item, LINE.c.lot, balances.LOT.c.expires_ms)).all()
        for lot in lots:
            if int(lot.q) <= 0:
                continue
            it = get_item(conn, lot.item)
            expired = lot.expires_ms <= end_ms
            date = local_date(db, lot.expires_ms)
            section.rows.append(([tr("已过期" if expired else "临期", "Expired" if expired else "Expiring"),
                                  names[lot.depot_id], f"{it.name if it else lot.item} 批次 {lot.lot}",
                                  tr(f"{int(lot.q)}{it.unit if it else ''}，有效期至 {date}",
                                     f"{int(lot.q)} {it.unit if it else ''}, expires {date}")], "significant"))
        codes = station_codes(conn)
        transit = conn.execute(select(LINE.c.move_id, LINE.c.for_depot, LINE.c.item, func.sum(LINE.c.qty).label("q"))
                               .where(LINE.c.depot_id == TRANSIT).group_by(LINE.c.move_id, LINE.c.for_depot,
                                                                            LINE.c.item)).all()
        pending: dict[tuple[str, str], int] = {}
        for t in transit:
            pending[(t.for_depot, t.item)] = pending.get((t.for_depot, t.item), 0) + int(t.q)
        for (dest, item), q in sorted(pending.items()):
            if q <= 0:
                continue
            it = get_item(conn, item)
            section.rows.append(([tr("调拨在途", "In transit"), names.get(dest, dest[:8]), it.name if it else item,
                                  tr(f"在途 {q}{it.unit if it else ''}，待调入", f"{q} {it.unit if it else ''} on the way")], ""))
        issued = conn.execute(select(SERIAL.c.serial, SERIAL.c.item, SERIAL.c.holder_name, SERIAL.c.move_id,
                                     SERIAL.c.depot_id)
                              .where(SERIAL.c.event == "issue", SERIAL.c.occurred_ms >= start_ms,
                                     SERIAL.c.occurred_ms < end_ms).order_by(SERIAL.c.occurred_ms)).all()
        moves = {m.move_id: m for m in conn.execute(select(MOVE).where(
            MOVE.c.move_id.in_([i.move_id for i in issued])))} if issued else {}
        for i in issued:
            it = get_item(conn, i.item)
            m = moves.get(i.move_id)
            no = display_no(m.prefix, m.year, m.number, m.station_id, db.station_id, codes) if m else ""
            section.rows.append(([tr("本班发放装备", "Unit issued"), names.get(i.depot_id, ""),
                                  f"{it.name if it else i.item} {i.serial}",
                                  tr(f"发给 {i.holder_name}（{no}）", f"to {i.holder_name} ({no})")], ""))
    both = _exceptions_both(db)
    for e, label in both:
        if e["kind"] == "negative" and any(r.below_min and r.item == e["item"] and r.depot == e["depot"] for r in rows):
            continue  # listed above as below minimum, with its negative balance
        section.rows.append(([tr("异常", "Exception"), e.get("depot_name", ""), e.get("name", ""), label], "overdue"))
    return section


def _exceptions_both(db: Any) -> list[tuple[dict[str, Any], dict[str, str]]]:
    """The exception list with each text in both languages (same order in both: derived the same way)."""
    from app import messages

    saved = messages.language()
    try:
        messages.set_language("zh_CN")
        zh = exceptions.exceptions(db)
        messages.set_language("en")
        en = exceptions.exceptions(db)
    finally:
        messages.set_language(saved)
    return [(a, {"zh": a["text"], "en": b["text"]}) for a, b in zip(zh, en, strict=True)]


def sections() -> list[SectionSpec]:
    return [SectionSpec("supplies", 60, _stock_section)]
