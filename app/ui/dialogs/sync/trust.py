"""Tools → Trusted stations…: this station's fingerprint, the stations trusted here, adding a
card after checking its fingerprint on the phone, revoking, vouching (county centre)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.services import keystore, roles
from app.sync import card, keys, trust
from app.ui import file_dialogs
from app.ui.dialogs.sync.passphrase import ask_passphrase
from app.ui.panel_api import SessionContext
from app.ui.screen_fit import fit_to_screen


class AddCardDialog(QDialog):
    """Shows a station card and asks for the fingerprint read out on the phone."""

    def __init__(self, c: card.Card, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncAddCard")
        self.setWindowTitle(self.tr("Trust a station"))
        self.card = c
        form = QFormLayout()
        form.addRow(self.tr("Station"), QLabel(f"{c.name}（{c.code}）"))
        form.addRow(self.tr("Station id"), QLabel(c.station_id))
        hint = QLabel(self.tr("Call the station and have them read their fingerprint to you. Type what you "
                              "hear; do not copy it from the card file."))
        hint.setWordWrap(True)
        self.fingerprint = QLineEdit()
        self.fingerprint.setObjectName("syncFingerprint")
        self.fingerprint.setPlaceholderText("XXXX-XXXX-XXXX-XXXX")
        form.addRow(self.tr("Fingerprint heard"), self.fingerprint)
        self.county = QCheckBox(self.tr("This is the county centre: accept its vouchers for township stations"))
        self.county.setObjectName("syncCounty")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.county)
        layout.addWidget(buttons)


class TrustDialog(QDialog):

    def __init__(self, ctx: SessionContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncTrustDialog")
        self.setWindowTitle(self.tr("Trusted stations"))
        self.ctx = ctx
        self.own = QLabel()
        self.own.setObjectName("syncOwnFingerprint")
        self.own.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.keyring = QLabel()
        self.keyring.setObjectName("syncKeyring")
        self.keyring.setWordWrap(True)
        headers = [self.tr("Station"), self.tr("Code"), self.tr("Fingerprint"), self.tr("Status"),
                   self.tr("Trusted by"), self.tr("May vouch")]
        self.table = QTableWidget(0, len(headers))
        self.table.setObjectName("syncTrustTable")
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(lambda: self._update_buttons())
        self.add_button = QPushButton(self.tr("Add station card…"))
        self.add_button.setObjectName("syncAddCardButton")
        self.revoke_button = QPushButton(self.tr("Revoke"))
        self.revoke_button.setObjectName("syncRevoke")
        self.vouch_button = QPushButton(self.tr("Vouch for station"))
        self.vouch_button.setObjectName("syncVouch")
        self.card_button = QPushButton(self.tr("Save this station's card…"))
        self.card_button.setObjectName("syncSaveCard")
        # clicked(bool) must not reach the optional `path` parameters
        self.add_button.clicked.connect(lambda _checked=False: self.add_card())
        self.revoke_button.clicked.connect(lambda _checked=False: self.revoke())
        self.vouch_button.clicked.connect(lambda _checked=False: self.vouch())
        self.card_button.clicked.connect(lambda _checked=False: self.save_card())
        is_admin = ctx.actor.has(roles.ADMIN)
        for button in (self.add_button, self.revoke_button, self.vouch_button):
            button.setEnabled(is_admin)
            if not is_admin:
                button.setToolTip(self.tr("Only an administrator can change trust."))
        row = QHBoxLayout()
        for button in (self.add_button, self.revoke_button, self.vouch_button, self.card_button):
            row.addWidget(button)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.own)
        layout.addWidget(self.keyring)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(close)
        fit_to_screen(self, 860, 420)
        self.refresh()

    def refresh(self) -> None:
        ident = keys.public_identity(self.ctx.db)
        self.own.setText(self.tr("This station: %1 — fingerprint %2").replace("%1", self.ctx.station.name).replace(
            "%2", ident["fingerprint"] if ident else self.tr("(no key yet: made on the first card or export)")))
        status = keystore.status()
        self.keyring.setText(status.describe())
        self.keyring.setStyleSheet("" if status.secure else "color: #a61b1b; font-weight: bold;")
        entries = trust.list_trusted(self.ctx.db)
        self.entries = entries
        self.table.setRowCount(len(entries))
        for r, e in enumerate(entries):
            values = [e.name, e.code, e.fingerprint,
                      self.tr("trusted") if e.status == "trusted" else self.tr("revoked"),
                      self.tr("card checked here") if e.source == "card" else self.tr("county voucher"),
                      self.tr("yes") if e.may_vouch else ""]
            for c, value in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self._update_buttons()

    def _update_buttons(self) -> None:
        """Revoke / vouch act on the selected station: off without one (and for non-admins)."""
        chosen = self._selected() is not None
        is_admin = self.ctx.actor.has(roles.ADMIN)
        self.revoke_button.setEnabled(chosen and is_admin)
        self.vouch_button.setEnabled(chosen and is_admin)

    def _selected(self) -> trust.TrustEntry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.entries[rows[0].row()] if rows else None

    def _error(self, error: UserError) -> None:
        QMessageBox.warning(self, self.tr("Trusted stations"), error.message)

    def add_card(self, path: str | None = None, fingerprint: str | None = None, county: bool = False) -> bool:
        if path is None:
            path = file_dialogs.open_file(self, self.tr("Station card"), "",
                                          self.tr("Station cards (*.json *.card);;All files (*)"))
            if not path:
                return False
        try:
            c = card.read_card(Path(path))
            if fingerprint is None:
                dialog = AddCardDialog(c, self)
                if dialog.exec() != QDialog.DialogCode.Accepted:
                    return False
                fingerprint, county = dialog.fingerprint.text(), dialog.county.isChecked()
            trust.add_card(self.ctx.db, self.ctx.actor, c, fingerprint, may_vouch=county)
        except UserError as error:
            self._error(error)
            return False
        self.refresh()
        return True

    def revoke(self) -> None:
        entry = self._selected()
        if entry is None:
            return
        answer = QMessageBox.question(self, self.tr("Revoke trust"),
                                      self.tr("Stop accepting bundles signed by %1?").replace("%1", entry.name))
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            trust.revoke(self.ctx.db, self.ctx.actor, entry.station_id,
                         ask_passphrase(self.ctx.db, self))
        except UserError as error:
            self._error(error)
        self.refresh()

    def vouch(self) -> None:
        entry = self._selected()
        if entry is None:
            return
        try:
            trust.vouch(self.ctx.db, self.ctx.actor, entry.station_id,
                        ask_passphrase(self.ctx.db, self))
        except UserError as error:
            self._error(error)
            return
        QMessageBox.information(self, self.tr("Vouch for station"),
                                self.tr("The voucher for %1 goes out with this station's next bundles.")
                                .replace("%1", entry.name))

    def save_card(self, path: str | None = None) -> bool:
        if path is None:
            path = file_dialogs.save_file(self, self.tr("Save station card"), f"{self.ctx.station.code}.card.json",
                                          self.tr("Station cards (*.json *.card)"), suffix="json")
            if not path:
                return False
        try:
            c = card.write_card(self.ctx.db, Path(path), ask_passphrase(self.ctx.db, self)
                                if keys.public_identity(self.ctx.db) is None else None)
        except UserError as error:
            self._error(error)
            return False
        self.refresh()
        QMessageBox.information(self, self.tr("Station card"),
                                self.tr("Card saved. Read this fingerprint to the other station on the phone: %1")
                                .replace("%1", c.fingerprint))
        return True
