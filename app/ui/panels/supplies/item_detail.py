"""The supplies panel's detail of the item selected in the stock view: its stock card (with the
running balance), lots, serial units and their custody, and stock over time with the minimum
line; and the movement selected on the stock card."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from app.services.supplies import balances, custody
from app.ui.panels.supplies.parts import SuppliesParts


class ItemDetail(SuppliesParts):
    """Part of `SuppliesPanel` (see its module)."""

    def show_item(self) -> None:
        row = self.selected_row()
        if row is None:
            for m in (self.card_model, self.lots_model, self.serial_model):
                m.set_rows([])
            return
        depot = self.depot.currentData()
        db = self.ctx.db
        self.card_model.set_rows(balances.stock_card(db, row.item, depot))
        self.card.resizeColumnsToContents()
        if self.card_model.rows:
            self.card.scrollToBottom()
        self.lots_model.set_rows(balances.lots_of(db, row.item))
        with db.read() as conn:
            states = custody.all_states(conn, row.item)
        names = {d.depot_id: d.name for d in self.depots}
        self.serial_model.set_rows([{
            "serial": s.serial, "status": s.status_label, "conflict": s.status == "conflict" or bool(s.conflicts),
            "where": " / ".join(h.name for h in s.holders) if s.holders else names.get(s.depot_id, ""),
            "since": self._time(s.since_ms) if s.since_ms else ""} for s in states])
        steps, minimum = balances.series(db, row.item, depot)
        where = self.depot.currentText()
        self.plot.show_series(f"{row.name}（{where}）", steps, minimum, db.wall(),
                              int(datetime.now(self.zone).utcoffset().total_seconds()))  # type: ignore[union-attr]

    def selected_move(self) -> Any:
        index = self.card.currentIndex()
        if not index.isValid() or index.row() >= len(self.card_model.rows):
            return None
        return self.card_model.rows[index.row()]
