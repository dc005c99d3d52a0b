"""What every part of the supply ledger shares: messages, roles, numbers, lookups, parsing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, func, or_, select

from app import messages
from app.clock import datetime_to_ms, ms_to_datetime
from app.errors import ValidationError
from app.services import roles, station
from app.storage.engine import Database
from app.storage.models import table
from app.storage.models.station import Station, Township
from app.storage.models.supplies import StockCount
from app.storage.projections.supplies import DEPOT, ITEM, MOVE

COUNT = table(StockCount)
STATION = table(Station)
TOWNSHIP = table(Township)
WRITERS = (roles.STOREKEEPER,)
"""Movements, counts, serial marks: the storekeeper (物资管理员)."""
CATALOGUERS = (roles.STOREKEEPER, roles.ADMIN)
"""Items, depots, minimums: the storekeeper or the admin."""
MAX_QTY = 10_000_000
PREFIX = {"receive": "RK", "issue": "CK", "transfer_out": "DB", "transfer_in": "DR", "return": "TK",
          "writeoff": "BF", "reverse": "CX", "adjust": "TZ", "count": "PY"}
TYPE_LABELS: dict[str, tuple[str, str]] = {
    "receive": ("入库", "Receipt"), "issue": ("出库", "Issue"), "transfer_out": ("调出", "Transfer out"),
    "transfer_in": ("调入", "Transfer in"), "return": ("退库", "Return"), "writeoff": ("报废", "Write-off"),
    "reverse": ("冲销", "Reversal"), "adjust": ("调整", "Adjustment"), "count": ("盘点调整", "Count adjustment"),
}
NO_RE = re.compile(r"^(?:(?P<code>[0-9A-Za-z]{6,12})-)?(?P<prefix>[A-Z]{2})-(?P<year>\d{4})-(?P<number>\d{1,6})$")

messages.register({
    "stock.unknown_item": ("物资目录中没有“{ref}”（可输入编码、品名或拼音首字母）。",
                           "No item “{ref}” in the catalogue (give its code, name or pinyin initials)."),
    "stock.ambiguous_item": ("“{ref}”对应多个物资：{choices}，请输入编码。",
                             "“{ref}” matches several items: {choices}; give the code."),
    "stock.unknown_depot": ("没有仓库“{ref}”。", "No depot “{ref}”."),
    "stock.ambiguous_depot": ("多个站点都有仓库“{ref}”（{choices}），请带上站代码（如 532927/{ref}）。",
                              "Several stations have a depot “{ref}” ({choices}); give the station code (532927/{ref})."),
    "stock.depot_exists": ("本站已有仓库代码“{value}”。", "This station already has a depot “{value}”."),
    "stock.item_exists": ("物资编码“{value}”已存在。", "The item code “{value}” exists already."),
    "stock.bad_code": ("编码“{value}”不正确（1–40 位字母、数字、-、_、.）。",
                       "Bad code “{value}” (1–40 letters, digits, -, _, .)."),
    "stock.bad_gb": ("国标编码“{value}”不正确：应为 7 位数字（1 位大类 1–3 + 中类、小类、细类各 2 位 01–99），如 2010101。",
                     "Bad GB/T 38565 code “{value}”: 7 digits (class 1–3, then three 2-digit levels 01–99), e.g. 2010101."),
    "stock.bad_tracking": ("管理方式“{value}”不正确（none 不分批、lot 按批次、serial 按序列号）。",
                           "Bad tracking “{value}” (none, lot or serial)."),
    "stock.bad_qty": ("“{name}”的数量“{value}”不正确：应为 1 至 {max} 的整数。",
                      "Bad quantity “{value}” for “{name}”: a whole number from 1 to {max}."),
    "stock.bad_delta": ("调整数量“{value}”不正确：应为非零整数（正数增加，负数减少）。",
                        "Bad adjustment “{value}”: a non-zero whole number (positive adds, negative removes)."),
    "stock.bad_date": ("日期“{value}”不正确（应为 YYYY-MM-DD）。", "Bad date “{value}” (use YYYY-MM-DD)."),
    "stock.produced_in_future": ("生产日期 {produced} 晚于今天。", "The production date {produced} is after today."),
    "stock.expiry_before_production": ("有效期 {expires} 早于生产日期 {produced}。",
                                       "The expiry {expires} is before the production date {produced}."),
    "stock.expiry_not_tracked": ("“{item}”不管理有效期，不能填写有效期。",
                                 "“{item}” does not track expiry; no expiry date may be given."),
    "stock.expiry_required": ("“{item}”管理有效期，请填写有效期。", "“{item}” tracks expiry; give the expiry date."),
    "stock.lot_required": ("“{item}”按批次管理，请填写批号。", "“{item}” is tracked by lot; give the lot number."),
    "stock.unknown_lot": ("仓库“{depot}”没有“{item}”的批次“{lot}”。", "Depot “{depot}” has no lot “{lot}” of “{item}”."),
    "stock.serial_required": ("“{item}”按序列号管理，请逐一填写序列号（数量 {qty}）。",
                              "“{item}” is tracked by serial number; give every serial ({qty})."),
    "stock.serial_count": ("序列号个数 {count} 与数量 {qty} 不符。", "{count} serial numbers for a quantity of {qty}."),
    "stock.serial_not_tracked": ("“{item}”不按序列号管理，不能填写序列号。", "“{item}” is not tracked by serial number."),
    "stock.serial_duplicate": ("序列号“{serial}”重复。", "The serial number “{serial}” is given twice."),
    "stock.serial_exists": ("“{item}”的序列号“{serial}”已入库（{where}）。",
                            "Serial “{serial}” of “{item}” is already on the books ({where})."),
    "stock.unknown_serial": ("没有序列号“{serial}”。", "No serial number “{serial}”."),
    "stock.serial_not_here": ("序列号“{serial}”不在仓库“{depot}”（当前：{where}），不能重复发放。",
                              "Serial “{serial}” is not in depot “{depot}” (now: {where}); it cannot be issued twice."),
    "stock.serial_not_out": ("序列号“{serial}”未发出（当前：{where}），不能退库。",
                             "Serial “{serial}” is not out (now: {where}); it cannot be returned."),
    "stock.bad_serial_event": ("序列号状态“{value}”不正确（repair 送修、repaired 修复、lost 丢失、found 找回）。",
                               "Bad serial event “{value}” (repair, repaired, lost, found)."),
    "stock.approver_required": ("出库须填写批准的带班领导。", "An issue needs the approving leader on duty."),
    "stock.approver_not_leader": ("“{user}”没有带班领导角色，不能批准出库。",
                                  "“{user}” is not a leader on duty and cannot approve an issue."),
    "stock.recipient_required": ("请填写领用方（乡镇、村、队伍、人员或事件）。",
                                 "Give the recipient (township, village, team, person or incident)."),
    "stock.bad_recipient": ("领用方“{value}”不正确：{detail}", "Bad recipient “{value}”: {detail}"),
    "stock.overdraft": ("仓库“{depot}”的“{item}”账面仅有 {on_hand}{unit}，本次 {qty}{unit}；透支出库须填写原因。",
                        "Depot “{depot}” shows only {on_hand} {unit} of “{item}” ({qty} to issue); an overdraft needs a reason."),
    "stock.overdraft_warning": ("警告：透支出库，仓库“{depot}”的“{item}”结存将为 {after}{unit}，已列入异常待调整。",
                                "Warning: overdraft — “{item}” in depot “{depot}” will stand at {after} {unit}; listed as an exception until adjusted."),
    "stock.same_depot": ("调出和调入仓库相同。", "The sending and receiving depots are the same."),
    "stock.unknown_move": ("没有单据“{ref}”。", "No movement “{ref}”."),
    "stock.not_transfer": ("单据 {no} 不是调出单。", "{no} is not a transfer out."),
    "stock.transfer_done": ("调拨 {no} 已全部收讫或已冲销（在途 {remaining}）。",
                            "Transfer {no} has been received in full or reversed ({remaining} in transit)."),
    "stock.receipt_too_much": ("实收 {qty} 加损耗 {lost} 超过在途数量 {remaining}。",
                               "Received {qty} plus lost {lost} exceed the {remaining} in transit."),
    "stock.not_receiver": ("调拨 {no} 的调入仓库是“{depot}”，只能由该仓库所属站点收货。",
                           "Transfer {no} goes to “{depot}”; only that depot's station can receive it."),
    "stock.reason_required": ("请填写原因。", "Give a reason."),
    "stock.already_reversed": ("单据 {no} 已冲销。", "{no} has been reversed already."),
    "stock.cannot_reverse": ("单据 {no} 不能冲销：{detail}", "{no} cannot be reversed: {detail}"),
    "stock.not_issue": ("单据 {no} 不是出库单。", "{no} is not an issue."),
    "stock.foreign_depot": ("仓库“{depot}”不属于本站，不能在本站登记其出入库。",
                            "Depot “{depot}” does not belong to this station; its movements are recorded there."),
    "stock.unknown_township": ("没有名为“{value}”的乡镇。", "There is no township “{value}”."),
    "stock.unknown_count": ("没有盘点单“{ref}”。", "No stock-take “{ref}”."),
    "stock.count_posted": ("盘点单 {no} 已过账。", "Stock-take {no} has been posted."),
    "stock.count_empty": ("盘点单 {no} 尚未录入任何实盘数。", "No counted figures entered for {no} yet."),
    "stock.count_not_listed": ("盘点单 {no} 的仓库没有“{item}”批次“{lot}”，如确有实物请先登记入库。",
                               "Stock-take {no}: no lot “{lot}” of “{item}” in that depot; record a receipt first."),
    "stock.bad_count": ("实盘数“{value}”不正确：应为 0 或正整数。", "Bad counted figure “{value}”: 0 or a positive whole number."),
    "stock.too_long": ("“{name}”不能超过 {max} 个字符。", "“{name}” must be at most {max} characters."),
    "stock.required": ("请填写“{name}”。", "“{name}” is required."),
    "stock.bad_date_order": ("业务日期 {value} 晚于当前时间。", "The movement date {value} is in the future."),
    "stock.depot_foreign_station": ("仓库不属于该站点", "the depot does not belong to that station"),
    "stock.depot_unknown": ("仓库未知", "unknown depot"),
})


FIELD_LABELS: dict[str, tuple[str, str]] = {
    "code": ("编码", "code"), "name": ("名称", "name"), "unit": ("单位", "unit"), "spec": ("规格型号", "specification"),
    "qty": ("数量", "quantity"), "lost": ("损耗", "lost"), "depot": ("仓库", "depot"), "item": ("物资", "item"),
    "lot": ("批号", "lot"), "reason": ("原因", "reason"), "approver": ("批准领导", "approver"),
    "doc_no": ("单据号", "document no."), "to": ("领用方", "recipient"), "source": ("来源", "source"),
    "maker": ("生产厂家", "maker"), "origin": ("产地", "origin"), "voucher_no": ("凭证号", "voucher no."),
    "minimum": ("储备定额", "minimum"), "keeper": ("保管员", "keeper"), "serial": ("序列号", "serial"),
    "counted": ("实盘数", "counted"), "note": ("说明", "note"),
}


def field_name(field: str) -> str:
    zh, en = FIELD_LABELS.get(field, (field, field))
    return zh if messages.language() == "zh_CN" else en


def tr(code: str) -> str:
    return messages.text(code)


def type_label(kind: str) -> str:
    zh, en = TYPE_LABELS.get(kind, (kind, kind))
    return zh if messages.language() == "zh_CN" else en


def zone(db: Database) -> ZoneInfo:
    try:
        return station.info(db).zone
    except Exception:
        return ZoneInfo(station.DEFAULT_TZ)


def now_ms(db: Database) -> int:
    return db.wall()


def text(value: object, field: str, *, limit: int = 120, required: bool = False) -> str:
    out = "" if value is None else str(value).strip()
    if required and not out:
        raise ValidationError("stock.required", field=field, name=field_name(field))
    if len(out) > limit:
        raise ValidationError("stock.too_long", field=field, name=field_name(field), max=limit)
    return out


def qty(value: object, field: str = "qty") -> int:
    """A positive whole quantity (text from the command line or a spreadsheet is accepted)."""
    try:
        number = int(str(value).strip()) if not isinstance(value, int) else value
    except (TypeError, ValueError):
        raise ValidationError("stock.bad_qty", field=field, name=field_name(field), value=value, max=MAX_QTY) from None
    if isinstance(value, float) and not float(value).is_integer():
        raise ValidationError("stock.bad_qty", field=field, name=field_name(field), value=value, max=MAX_QTY)
    if not 1 <= number <= MAX_QTY:
        raise ValidationError("stock.bad_qty", field=field, name=field_name(field), value=value, max=MAX_QTY)
    return number


def parse_date(value: object, field: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError("stock.bad_date", field=field, value=value) from None


def date_ms(db: Database, value: date | None) -> int | None:
    """Local midnight of a date in the station's zone, as UTC ms."""
    if value is None:
        return None
    return datetime_to_ms(datetime.combine(value, time(0), tzinfo=zone(db)))


def when_ms(db: Database, value: datetime | date | None) -> int:
    """A movement's business time (default now): not more than 10 minutes ahead."""
    if value is None:
        return now_ms(db)
    if not isinstance(value, datetime):
        value = datetime.combine(value, time(12), tzinfo=zone(db))
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone(db))
    ms = datetime_to_ms(value)
    if ms - now_ms(db) > 10 * 60 * 1000:
        raise ValidationError("stock.bad_date_order", field="date", value=value.isoformat())
    return ms


def check_label_dates(db: Database, item: str, has_expiry: bool, expires: date | None, produced: date | None) -> None:
    """A receipt's lot label: an expiry exactly when the item has one, not before production, and
    no production date after today (station time)."""
    if expires and not has_expiry:
        raise ValidationError("stock.expiry_not_tracked", field="expires", item=item)
    if has_expiry and not expires:
        raise ValidationError("stock.expiry_required", field="expires", item=item)
    if expires and produced and expires < produced:
        raise ValidationError("stock.expiry_before_production", field="expires", expires=expires.isoformat(),
                              produced=produced.isoformat())
    if produced and produced.isoformat() > local_date(db, now_ms(db)):
        raise ValidationError("stock.produced_in_future", field="produced", produced=produced.isoformat())


def local_date(db: Database, ms: int | None) -> str:
    if ms is None:
        return ""
    return ms_to_datetime(ms).astimezone(zone(db)).date().isoformat()


def local_time(db: Database, ms: int | None) -> str:
    if ms is None:
        return ""
    return ms_to_datetime(ms).astimezone(zone(db)).strftime("%Y-%m-%d %H:%M")


# -- lookups ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Depot:
    depot_id: str
    code: str
    name: str
    township: str
    keeper: str
    station_id: str
    stock_owner: str
    station_code: str

    @property
    def label(self) -> str:
        return f"{self.name}（{self.code}）" if messages.language() == "zh_CN" else f"{self.name} ({self.code})"

    @property
    def consigned(self) -> bool:
        """代储: the depot holds another station's stock."""
        return self.stock_owner != self.station_id


def station_codes(conn: Connection) -> dict[str, str]:
    return dict(conn.execute(select(STATION.c.station_id, STATION.c.code)).tuples().all())


def _depot(row: Any, codes: dict[str, str]) -> Depot:
    return Depot(row.depot_id, row.code, row.name, row.township, row.keeper, row.station_id, row.stock_owner,
                 codes.get(row.station_id, row.station_id[:8]))


def depots(conn: Connection) -> list[Depot]:
    codes = station_codes(conn)
    rows = conn.execute(select(DEPOT).order_by(DEPOT.c.township != "", DEPOT.c.code)).all()
    return [_depot(r, codes) for r in rows]


def find_depot(conn: Connection, ref: str, station_id: str) -> Depot:
    """A depot by id, code (this station's first) or 'station code/code'."""
    ref = str(ref).strip()
    codes = station_codes(conn)
    qualifier = ""
    if "/" in ref:
        qualifier, ref = ref.split("/", 1)
    rows = conn.execute(select(DEPOT).where(or_(DEPOT.c.depot_id == ref, DEPOT.c.code == ref,
                                                DEPOT.c.name == ref))).all()
    if qualifier:
        rows = [r for r in rows if codes.get(r.station_id) == qualifier]
    if not rows:
        raise ValidationError("stock.unknown_depot", field="depot", ref=ref)
    if len(rows) > 1:
        own = [r for r in rows if r.station_id == station_id or r.depot_id == ref]
        if len(own) == 1:
            return _depot(own[0], codes)
        raise ValidationError("stock.ambiguous_depot", field="depot", ref=ref,
                              choices="、".join(codes.get(r.station_id, "?") for r in rows))
    return _depot(rows[0], codes)


def depot_by_id(conn: Connection, depot_id: str) -> Depot | None:
    row = conn.execute(select(DEPOT).where(DEPOT.c.depot_id == depot_id)).first()
    return _depot(row, station_codes(conn)) if row else None


@dataclass(frozen=True)
class Item:
    code: str
    name: str
    spec: str
    unit: str
    gb_code: str
    tracking: str
    has_expiry: bool
    nature: str
    initials: str

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}" + (f"（{self.spec}）" if self.spec else "")


def _item(row: Any) -> Item:
    return Item(row.code, row.name, row.spec, row.unit, row.gb_code, row.tracking, bool(row.has_expiry), row.nature,
                row.initials)


def get_item(conn: Connection, code: str) -> Item | None:
    row = conn.execute(select(ITEM).where(ITEM.c.code == code)).first()
    return _item(row) if row else None


def find_item(conn: Connection, ref: str) -> Item:
    """An item by code, exact name or pinyin initials (one match)."""
    ref = str(ref).strip()
    row = conn.execute(select(ITEM).where(func.upper(ITEM.c.code) == ref.upper())).first()
    if row is not None:
        return _item(row)
    rows = conn.execute(select(ITEM).where(or_(ITEM.c.name == ref, ITEM.c.initials == ref.lower()))
                        .order_by(ITEM.c.code).limit(6)).all()
    if not rows:
        raise ValidationError("stock.unknown_item", field="item", ref=ref)
    if len(rows) > 1:
        raise ValidationError("stock.ambiguous_item", field="item", ref=ref,
                              choices="、".join(f"{r.code} {r.name}" for r in rows))
    return _item(rows[0])


def items(conn: Connection) -> list[Item]:
    return [_item(r) for r in conn.execute(select(ITEM).order_by(ITEM.c.code))]


def townships(conn: Connection) -> list[str]:
    return list(conn.execute(select(TOWNSHIP.c.name).order_by(TOWNSHIP.c.sort)).scalars())


# -- numbers ------------------------------------------------------------------------------------------


def next_number(conn: Connection, station_id: str, prefix: str, year: int) -> int:
    top = conn.execute(select(func.max(MOVE.c.number)).where(
        MOVE.c.station_id == station_id, MOVE.c.prefix == prefix, MOVE.c.year == year)).scalar()
    return int(top or 0) + 1


def next_count_number(conn: Connection, station_id: str, year: int) -> int:
    top = conn.execute(select(func.max(COUNT.c.number)).where(COUNT.c.station_id == station_id,
                                                             COUNT.c.year == year)).scalar()
    return int(top or 0) + 1


def year_of(db: Database, ms: int) -> int:
    return ms_to_datetime(ms).astimezone(zone(db)).year


def display_no(prefix: str, year: int, number: int, station_id: str, own_station: str, codes: dict[str, str]) -> str:
    base = f"{prefix}-{year}-{number:04d}"
    if station_id == own_station:
        return base
    return f"{codes.get(station_id, station_id[:8])}-{base}"


def days(n: int) -> timedelta:
    return timedelta(days=n)
