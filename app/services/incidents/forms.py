"""Blank paper forms (空白表格) for when the PC or the power fails, and their numbers.

Each printed blank carries a number `<station code>-<kind prefix>-<serial>` reserved when it is
printed (a counter per kind in this installation's local state), so a form filled in by hand
can be entered afterwards and cited: the record notes "补录自纸质表格 No. …" (the incident's
`paper_form`), and its occurred/received times are those written on the paper.
"""

from __future__ import annotations

from sqlalchemy import insert, select, update

from app import messages
from app.errors import ValidationError
from app.services import station
from app.storage.engine import Database
from app.storage.models import table
from app.storage.models.oplog import LocalState

LOCAL = table(LocalState)
KINDS: dict[str, tuple[str, str, str]] = {
    "phone": ("DH", "值班电话记录单", "Duty phone record"),
    "handover": ("JJ", "交接班记录", "Handover sheet"),
    "incident": ("SB", "突发事件信息首报表", "Incident first report"),
    "issue": ("CK", "救灾物资出库单", "Stock issue voucher"),
}
MAX_COUNT = 500


def parse_kind(value: str) -> str:
    raw = (value or "").strip()
    for code, (_prefix, zh, en) in KINDS.items():
        if raw in (code, zh, en):
            return code
    raise ValidationError("forms.bad_kind", field="kind", value=raw, choices=", ".join(KINDS))


def check_count(count: int) -> int:
    if not 1 <= count <= MAX_COUNT:
        raise ValidationError("forms.bad_count", field="count", value=count, max=MAX_COUNT)
    return count


def reserve(db: Database, kind: str, count: int) -> list[str]:
    """Reserve `count` numbers for blanks of `kind` (in one transaction)."""
    code = parse_kind(kind)
    check_count(count)
    key = f"forms.next.{code}"
    prefix = KINDS[code][0]
    station_code = station.info(db).code
    with db.transaction() as conn:
        value = conn.execute(select(LOCAL.c.value).where(LOCAL.c.key == key)).scalar()
        first = int(value) if value else 1
        if value is None:
            conn.execute(insert(LOCAL).values(key=key, value=str(first + count)))
        else:
            conn.execute(update(LOCAL).where(LOCAL.c.key == key).values(value=str(first + count)))
    return [f"{station_code}-{prefix}-{n:06d}" for n in range(first, first + count)]


messages.register({
    "forms.bad_kind": ("没有“{value}”这种表格（可选：{choices}）。", "No form kind “{value}” (choose from: {choices})."),
    "forms.bad_count": ("份数 {value} 不正确（1 至 {max}）。", "Bad count {value} (1 to {max})."),
})
