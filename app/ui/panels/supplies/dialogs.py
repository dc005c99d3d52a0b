"""Movement dialogs a storekeeper fills quickly: the item field completes by code, name or pinyin
initials (抽水机 ← "csj"); Enter moves on, Ctrl+Enter saves, Esc cancels. Each dialog calls the
service itself, shows a UserError inline in the user's language (nothing saved) and keeps the
result (number, Changes, warning) for the panel to publish and print."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QStringListModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.services.accounts import Actor
from app.services.supplies import movements
from app.services.supplies.common import Depot, Item
from app.storage.engine import Database

KINDS = ("receive", "issue", "transfer", "receive_transfer", "return", "writeoff", "adjust")



def item_completer(items: list[Item], parent: QWidget) -> QCompleter:
    """Completion entries 'CODE 品名 规格 · initials' matched anywhere (code, name or initials)."""
    entries = [f"{i.code} {i.name}{(' ' + i.spec) if i.spec else ''} · {i.initials}" for i in items]
    completer = QCompleter(QStringListModel(entries, parent), parent)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setMaxVisibleItems(12)
    return completer


def item_code(text: str) -> str:
    """The item reference typed or completed ('CSJ-01 抽水机 … · csj' → 'CSJ-01')."""
    text = text.strip()
    return text.split(" ", 1)[0] if " · " in text else text


class MovementDialog(QDialog):
    def __init__(self, kind: str, db: Database, actor: Actor, depots: list[Depot], items: list[Item],
                 leaders: list[tuple[str, str]], places: list[str], parent: QWidget | None = None,
                 preset: dict[str, Any] | None = None, transfers: list[tuple[str, str]] | None = None) -> None:
        super().__init__(parent)
        self.kind, self.db, self.actor = kind, db, actor
        self.result_value: movements.MoveResult | None = None
        self.print_after = False
        self.setObjectName(f"suppliesDialog_{kind}")
        titles = {"receive": QCoreApplication.translate("MovementDialog", "Receipt (入库)"), "issue": QCoreApplication.translate("MovementDialog", "Issue (出库)"), "transfer": QCoreApplication.translate("MovementDialog", "Transfer out (调出)"),
                  "receive_transfer": QCoreApplication.translate("MovementDialog", "Transfer in (调入)"), "return": QCoreApplication.translate("MovementDialog", "Return (退库)"),
                  "writeoff": QCoreApplication.translate("MovementDialog", "Write-off (报废)"), "adjust": QCoreApplication.translate("MovementDialog", "Adjustment (调整)")}
        self.setWindowTitle(titles[kind])
        preset = preset or {}
        form = QFormLayout()
        self.depot = QComboBox()
        own = [d for d in depots if db.station_id in (d.station_id, d.stock_owner)]
        for d in own:
            self.depot.addItem(d.label, d.depot_id)
        if preset.get("depot"):
            at = self.depot.findData(preset["depot"])
            if at >= 0:
                self.depot.setCurrentIndex(at)
        self.item = QLineEdit(preset.get("item", ""))
        self.item.setPlaceholderText(QCoreApplication.translate("MovementDialog", "code, name or pinyin initials (e.g. csj)"))
        self.item.setCompleter(item_completer(items, self))
        self.qty = QSpinBox()
        self.qty.setRange(-10_000_000 if kind == "adjust" else 0, 10_000_000)
        self.qty.setValue(int(preset.get("qty", 1 if kind != "adjust" else 0)))
        self.lot = QLineEdit()
        self.serials = QPlainTextEdit()
        self.serials.setPlaceholderText(QCoreApplication.translate("MovementDialog", "serial numbers, one per line or separated by spaces"))
        self.serials.setMaximumHeight(70)
        self.serials.setTabChangesFocus(True)
        self.reason = QLineEdit()
        self.fields: dict[str, QWidget] = {}
        if kind == "receive_transfer":
            self.transfer = QComboBox()
            for no, text in transfers or []:
                self.transfer.addItem(text, no)
            self.lost = QSpinBox()
            self.lost.setRange(0, 10_000_000)
            form.addRow(QCoreApplication.translate("MovementDialog", "Transfer"), self.transfer)
            form.addRow(QCoreApplication.translate("MovementDialog", "Received"), self.qty)
            form.addRow(QCoreApplication.translate("MovementDialog", "Lost in transit"), self.lost)
            form.addRow(QCoreApplication.translate("MovementDialog", "Reason"), self.reason)
            self.fields = {"no": self.transfer, "qty": self.qty, "lost": self.lost, "reason": self.reason}
        else:
            form.addRow(QCoreApplication.translate("MovementDialog", "From depot") if kind == "transfer" else QCoreApplication.translate("MovementDialog", "Depot"), self.depot)
            if kind == "transfer":
                self.to_depot = QComboBox()
                for d in depots:
                    self.to_depot.addItem(d.label, d.depot_id)
                form.addRow(QCoreApplication.translate("MovementDialog", "To depot"), self.to_depot)
            form.addRow(QCoreApplication.translate("MovementDialog", "Item"), self.item)
            form.addRow(QCoreApplication.translate("MovementDialog", "Quantity") if kind != "adjust" else QCoreApplication.translate("MovementDialog", "Change (+/−)"), self.qty)
            form.addRow(QCoreApplication.translate("MovementDialog", "Lot"), self.lot)
            if kind in ("receive", "issue", "transfer", "return", "writeoff"):
                form.addRow(QCoreApplication.translate("MovementDialog", "Serial numbers"), self.serials)
            self.fields = {"depot": self.depot, "item": self.item, "qty": self.qty, "lot": self.lot,
                           "serial": self.serials, "reason": self.reason}
        if kind == "receive":
            self.expires = QLineEdit()
            self.expires.setPlaceholderText("YYYY-MM-DD")
            self.produced = QLineEdit()
            self.produced.setPlaceholderText("YYYY-MM-DD")
            self.doc = QLineEdit()
            self.source = QLineEdit()
            self.maker = QLineEdit()
            form.addRow(QCoreApplication.translate("MovementDialog", "Production date"), self.produced)
            form.addRow(QCoreApplication.translate("MovementDialog", "Expiry"), self.expires)
            form.addRow(QCoreApplication.translate("MovementDialog", "Source document no."), self.doc)
            form.addRow(QCoreApplication.translate("MovementDialog", "Source (fund, donor)"), self.source)
            form.addRow(QCoreApplication.translate("MovementDialog", "Maker"), self.maker)
            self.fields.update(expires=self.expires, produced=self.produced, doc_no=self.doc)
        if kind == "issue":
            self.to = QLineEdit()
            self.to.setPlaceholderText(QCoreApplication.translate("MovementDialog", "township, township/village, team:…, incident:…"))
            self.to.setCompleter(QCompleter(places, self))
            form.addRow(QCoreApplication.translate("MovementDialog", "Recipient"), self.to)
            self.fields["to"] = self.to
        if kind == "return":
            self.from_ = QLineEdit()
            self.from_.setCompleter(QCompleter(places, self))
            form.addRow(QCoreApplication.translate("MovementDialog", "Returned by"), self.from_)
        if kind in ("issue", "writeoff"):
            self.approver = QComboBox()
            self.approver.setEditable(True)
            for user, name in leaders:
                self.approver.addItem(f"{name}（{user}）", user)
            self.approver.setCurrentIndex(-1)
            form.addRow(QCoreApplication.translate("MovementDialog", "Approved by (leader on duty)"), self.approver)
            self.fields["approver"] = self.approver
        if kind == "issue":
            self.emergency = QCheckBox(QCoreApplication.translate("MovementDialog", "Emergency: on a leader's instruction, voucher later"))
            self.voucher = QLineEdit()
            form.addRow("", self.emergency)
            form.addRow(QCoreApplication.translate("MovementDialog", "Voucher no."), self.voucher)
        if kind != "receive_transfer":
            form.addRow(QCoreApplication.translate("MovementDialog", "Reason") if kind != "issue" else QCoreApplication.translate("MovementDialog", "Reason (needed for an overdraft)"), self.reason)
        self.error = QLabel()
        self.error.setObjectName("suppliesDialogError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.print_button = QPushButton(QCoreApplication.translate("MovementDialog", "Save and &print voucher"))
        self.print_button.setObjectName("suppliesSavePrint")
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.print_button.clicked.connect(lambda: self.save(print_after=True))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        for seq in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(seq), self).activated.connect(self.save)
        self.setMinimumWidth(480)
        self.form = form
        self.catalogue = {i.code.upper(): i for i in items}
        self.item.textChanged.connect(self._item_changed)
        self._item_changed(self.item.text())
        first = self.transfer if kind == "receive_transfer" else self.item
        first.setFocus()

    def _item_changed(self, text: str) -> None:
        """Show the lot, serial and expiry fields only where the item uses them."""
        if self.kind == "receive_transfer":
            return
        item = self.catalogue.get(item_code(text).upper())
        tracking = item.tracking if item is not None else ""
        if self.form.indexOf(self.serials) >= 0:
            self.form.setRowVisible(self.serials, tracking in ("serial", ""))
        self.form.setRowVisible(self.lot, tracking in ("lot", ""))
        if self.kind == "receive":
            dated = item is None or item.has_expiry
            self.form.setRowVisible(self.expires, dated)

    def show_error(self, error: UserError) -> None:
        self.error.setText(error.message)
        self.error.show()
        name = getattr(error, "field", None) or ""
        widget = self.fields.get(str(name))
        if widget is not None:
            widget.setFocus()

    def _serials(self) -> list[str]:
        return [s for s in self.serials.toPlainText().replace(",", " ").replace("，", " ").split() if s]

    def _approver(self) -> str:
        data = self.approver.currentData()
        text = self.approver.currentText().strip()
        return str(data) if data and self.approver.currentIndex() >= 0 and text == self.approver.itemText(
            self.approver.currentIndex()) else text

    def call(self) -> movements.MoveResult:
        k, db, who = self.kind, self.db, self.actor
        depot = str(self.depot.currentData() or "")
        item = item_code(self.item.text())
        qty: Any = self.qty.value()
        serials = self._serials()
        if serials and k != "adjust":
            qty = None if qty in (0, 1) and len(serials) != 1 else qty
            qty = len(serials) if qty is None else qty
        if k == "receive":
            return movements.receive(db, who, depot, item, qty, lot=self.lot.text(), expires=self.expires.text() or None,
                                     produced=self.produced.text() or None, serials=serials, doc_no=self.doc.text(),
                                     source=self.source.text(), maker=self.maker.text())
        if k == "issue":
            return movements.issue(db, who, depot, item, qty, to=self.to.text(), approver=self._approver(),
                                   serials=serials, lot=self.lot.text() or None, reason=self.reason.text(),
                                   emergency=self.emergency.isChecked(), voucher_no=self.voucher.text())
        if k == "transfer":
            return movements.transfer(db, who, depot, str(self.to_depot.currentData()), item, qty,
                                      lot=self.lot.text() or None, serials=serials, reason=self.reason.text())
        if k == "receive_transfer":
            return movements.receive_transfer(db, who, str(self.transfer.currentData() or ""), self.qty.value(),
                                              lost=self.lost.value(), reason=self.reason.text())
        if k == "return":
            return movements.return_goods(db, who, depot, item, qty, from_=self.from_.text(), serials=serials,
                                          lot=self.lot.text(), reason=self.reason.text())
        if k == "writeoff":
            return movements.write_off(db, who, depot, item, qty, reason=self.reason.text(), approver=self._approver(),
                                       lot=self.lot.text() or None, serials=serials)
        return movements.adjust(db, who, depot, item, self.qty.value(), reason=self.reason.text(), lot=self.lot.text())

    def save(self, print_after: bool = False) -> None:
        try:
            self.result_value = self.call()
        except UserError as error:
            self.show_error(error)
            return
        self.print_after = print_after
        self.accept()


class ReasonDialog(QDialog):
    """One required line of text (the reason of a reversal) — the service is called by `run`."""

    def __init__(self, title: str, prompt: str, run: Callable[[str], Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("suppliesReasonDialog")
        self.setWindowTitle(title)
        self.run, self.value = run, None
        self.text = QLineEdit()
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(prompt))
        layout.addWidget(self.text)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def save(self) -> None:
        try:
            self.value = self.run(self.text.text())
        except UserError as error:
            self.error.setText(error.message)
            self.error.show()
            return
        self.accept()
