"""The warehouse supply ledger (物资台账): projections of `stock.*` operations (docs/supplies.md).

Nothing here is a balance anyone can overwrite. A movement (`stock_move`, one row per operation)
has lines (`stock_line`): signed quantities per location × item × lot, where a location is a real
depot or a virtual one (`@supplier`, `@recipient`, `@transit`, `@loss`, `@scrap`, `@adjust`), so
every movement's lines sum to zero. On hand is SUM(qty) of a depot's lines (index
`ix_stock_line_balance`); `stock_summary` keeps that sum per depot × item beside the minimum, the
quantity in transit and the nearest expiry, recomputed from the lines whenever they change (a
projection like the others: `check` rebuilds it from the log and compares). Serial units have one event row per operation that names them
(`stock_serial_event`); custody follows from those rows. Counts keep what the counter entered and
the book quantity they saw.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.models import PROJECTION, REFERENCE, Base


class StockCategory(Base):
    """Reference data: GB/T 38565-2020 categories (level 1 and 2) of emergency supplies."""

    __tablename__ = "stock_category"
    __table_args__ = ({"info": {"role": REFERENCE}},)

    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    """'1' (level 1) or '101' (level 2): the first digits of a 7-digit item code."""
    level: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(60))
    name_en: Mapped[str] = mapped_column(String(80))


class StockItem(Base):
    """A catalogue item, keyed by its code (shared by every station; fields merge by HLC)."""

    __tablename__ = "stock_item"
    __table_args__ = ({"info": {"role": PROJECTION}},)

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    spec: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(16))
    gb_code: Mapped[str] = mapped_column(String(8))
    """GB/T 38565-2020 code (7 digits) or ''."""
    tracking: Mapped[str] = mapped_column(String(8))
    """none | lot | serial."""
    has_expiry: Mapped[bool] = mapped_column(Boolean)
    nature: Mapped[str] = mapped_column(String(12))
    """consumable | equipment."""
    initials: Mapped[str] = mapped_column(String(120))
    """Pinyin initials of the name (for completion), derived."""
    created_hlc: Mapped[str] = mapped_column(String(80))


class StockDepot(Base):
    """A depot (仓库 / 乡镇储备点). `station_id` keeps it; `stock_owner` owns the stock in it (the
    county station for 代储 depots). Both may record its movements; both are fixed at creation."""

    __tablename__ = "stock_depot"
    __table_args__ = (
        Index("ix_stock_depot_code", "code"),
        {"info": {"role": PROJECTION}},
    )

    depot_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    """The op_id of the `stock.depot.add` operation."""
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(120))
    township: Mapped[str] = mapped_column(String(40))
    keeper: Mapped[str] = mapped_column(String(64))
    station_id: Mapped[str] = mapped_column(String(36))
    stock_owner: Mapped[str] = mapped_column(String(36))
    created_hlc: Mapped[str] = mapped_column(String(80))


class StockMinimum(Base):
    """储备定额: every setting of an item's minimum stock in a depot; the newest by HLC holds."""

    __tablename__ = "stock_minimum"
    __table_args__ = (
        Index("ix_stock_minimum_key", "depot_id", "item", "hlc"),
        {"info": {"role": PROJECTION}},
    )

    op_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    depot_id: Mapped[str] = mapped_column(String(36))
    item: Mapped[str] = mapped_column(String(40))
    qty: Mapped[int] = mapped_column(BigInteger)
    hlc: Mapped[str] = mapped_column(String(80))
    station_id: Mapped[str] = mapped_column(String(36))


class StockLot(Base):
    """A lot's label fields (批次标签: 产地 生产日期 有效期 来源 生产厂家), from its first receipt."""

    __tablename__ = "stock_lot"
    __table_args__ = ({"info": {"role": PROJECTION}},)

    item: Mapped[str] = mapped_column(String(40), primary_key=True)
    lot: Mapped[str] = mapped_column(String(60), primary_key=True)
    produced_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    expires_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    source: Mapped[str] = mapped_column(String(120))
    maker: Mapped[str] = mapped_column(String(120))
    origin: Mapped[str] = mapped_column(String(120))
    hlc: Mapped[str] = mapped_column(String(80))
    """HLC of the receipt whose label is shown (the earliest)."""


class StockMove(Base):
    """One movement (one operation): receipt, issue, transfer out/in, return, write-off,
    reversal, adjustment, count posting."""

    __tablename__ = "stock_move"
    __table_args__ = (
        Index("ix_stock_move_no", "station_id", "prefix", "year", "number"),
        Index("ix_stock_move_occurred", "occurred_ms", "move_id"),
        Index("ix_stock_move_ref", "ref"),
        {"info": {"role": PROJECTION}},
    )

    move_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    station_id: Mapped[str] = mapped_column(String(36))
    prefix: Mapped[str] = mapped_column(String(4))
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(16))
    depot_id: Mapped[str] = mapped_column(String(36))
    other_depot: Mapped[str] = mapped_column(String(36))
    """Transfers: the receiving depot (调出) or the sending depot (调入)."""
    item: Mapped[str] = mapped_column(String(40))
    lot: Mapped[str] = mapped_column(String(60))
    qty: Mapped[int] = mapped_column(BigInteger)
    lost: Mapped[int] = mapped_column(BigInteger)
    """Transit loss recorded on receipt of a transfer."""
    ref: Mapped[str] = mapped_column(String(36))
    """Reversal: the reversed move; 调入: its 调出; count posting: the count."""
    to_kind: Mapped[str] = mapped_column(String(12))
    to_id: Mapped[str] = mapped_column(String(60))
    to_name: Mapped[str] = mapped_column(String(120))
    incident_id: Mapped[str] = mapped_column(String(60))
    approver: Mapped[str] = mapped_column(String(60))
    reason: Mapped[str] = mapped_column(Text)
    doc_no: Mapped[str] = mapped_column(String(60))
    voucher_no: Mapped[str] = mapped_column(String(60))
    """Emergency issues: the voucher number recorded later (newest by HLC)."""
    voucher_hlc: Mapped[str] = mapped_column(String(80))
    emergency: Mapped[bool] = mapped_column(Boolean)
    serials: Mapped[str] = mapped_column(Text)
    """Space-separated serial numbers."""
    occurred_ms: Mapped[int] = mapped_column(BigInteger)
    hlc: Mapped[str] = mapped_column(String(80))
    author: Mapped[str] = mapped_column(String(64))


class StockLine(Base):
    """A signed quantity of one movement at one location (real depot or '@virtual')."""

    __tablename__ = "stock_line"
    __table_args__ = (
        Index("ix_stock_line_balance", "depot_id", "item", "lot", "qty"),
        Index("ix_stock_line_card", "item", "occurred_ms", "hlc", "line_id", "depot_id", "qty", "lot", "move_id"),
        Index("ix_stock_line_move", "move_id"),
        {"info": {"role": PROJECTION}},
    )

    line_id: Mapped[str] = mapped_column(String(44), primary_key=True)
    move_id: Mapped[str] = mapped_column(String(36))
    depot_id: Mapped[str] = mapped_column(String(36))
    item: Mapped[str] = mapped_column(String(40))
    lot: Mapped[str] = mapped_column(String(60))
    qty: Mapped[int] = mapped_column(BigInteger)
    for_depot: Mapped[str] = mapped_column(String(36))
    """Lines in '@transit': the depot the goods travel to."""
    occurred_ms: Mapped[int] = mapped_column(BigInteger)
    hlc: Mapped[str] = mapped_column(String(80))
    station_id: Mapped[str] = mapped_column(String(36))
    """The station that recorded the movement (authority is re-checked when a depot arrives)."""


class StockSummary(Base):
    """Per real depot × item: what the stock view shows, derived from lines, minimums and lots.

    A row exists while the depot has lines of the item, a minimum above 0 or goods in transit to
    it. Recomputed (never incremented) from `stock_line`, `stock_minimum` and `stock_lot` by
    projections/supplies_summary.py wherever those change."""

    __tablename__ = "stock_summary"
    __table_args__ = ({"info": {"role": PROJECTION}, "sqlite_with_rowid": False},)

    depot_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    item: Mapped[str] = mapped_column(String(40), primary_key=True)
    on_hand: Mapped[int] = mapped_column(BigInteger)
    minimum: Mapped[int] = mapped_column(BigInteger)
    in_transit: Mapped[int] = mapped_column(BigInteger)
    nearest_expiry_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    """The nearest expiry of the item's lots with stock in the depot."""


class StockSerialEvent(Base):
    """One operation's effect on one serial unit."""

    __tablename__ = "stock_serial_event"
    __table_args__ = (
        Index("ix_stock_serial_event_serial", "item", "serial", "hlc"),
        Index("ix_stock_serial_event_holder", "holder_kind", "holder_id"),
        {"info": {"role": PROJECTION}},
    )

    op_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    serial: Mapped[str] = mapped_column(String(60), primary_key=True)
    item: Mapped[str] = mapped_column(String(40))
    event: Mapped[str] = mapped_column(String(16))
    """receive, issue, return, transfer_out, transfer_in, writeoff, repair, repaired, lost, found."""
    depot_id: Mapped[str] = mapped_column(String(36))
    holder_kind: Mapped[str] = mapped_column(String(12))
    holder_id: Mapped[str] = mapped_column(String(60))
    holder_name: Mapped[str] = mapped_column(String(120))
    move_id: Mapped[str] = mapped_column(String(36))
    note: Mapped[str] = mapped_column(Text)
    occurred_ms: Mapped[int] = mapped_column(BigInteger)
    hlc: Mapped[str] = mapped_column(String(80))
    author: Mapped[str] = mapped_column(String(64))
    station_id: Mapped[str] = mapped_column(String(36))


class StockCount(Base):
    """A stock-take (盘点) of one depot; `as_of_ms` is the cut-off of the book quantities."""

    __tablename__ = "stock_count"
    __table_args__ = ({"info": {"role": PROJECTION}},)

    count_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    station_id: Mapped[str] = mapped_column(String(36))
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    depot_id: Mapped[str] = mapped_column(String(36))
    blind: Mapped[bool] = mapped_column(Boolean)
    as_of_ms: Mapped[int] = mapped_column(BigInteger)
    hlc: Mapped[str] = mapped_column(String(80))
    author: Mapped[str] = mapped_column(String(64))
    posted_move: Mapped[str] = mapped_column(String(36))
    """The posting's move id ('' until posted; first posting by HLC)."""


class StockCountLine(Base):
    """A counted figure (newest entry by HLC per count × item × lot) and the book quantity the
    counter saw when entering it."""

    __tablename__ = "stock_count_line"
    __table_args__ = ({"info": {"role": PROJECTION}},)

    count_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    item: Mapped[str] = mapped_column(String(40), primary_key=True)
    lot: Mapped[str] = mapped_column(String(60), primary_key=True)
    counted: Mapped[int] = mapped_column(BigInteger)
    book_seen: Mapped[int] = mapped_column(BigInteger)
    hlc: Mapped[str] = mapped_column(String(80))
    author: Mapped[str] = mapped_column(String(64))
