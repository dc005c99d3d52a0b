"""The station key passphrase, asked when there is no secure keyring (the key lives in an
encrypted file). The first time — no key yet — the dialog says it is *creating* the passphrase
and asks for it twice; afterwards it asks once."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.storage.engine import Database
from app.sync import keys

MIN_LENGTH = keys.MIN_PASSPHRASE  # what creating the key file requires


class PassphraseDialog(QDialog):
    def __init__(self, creating: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncPassphrase")
        self.creating = creating
        self.phrase = QLineEdit()
        self.phrase.setObjectName("passphrase")
        self.phrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit()
        self.again.setObjectName("passphraseAgain")
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.problem = QLabel()
        self.problem.setObjectName("passphraseProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        form = QFormLayout()
        if creating:
            self.setWindowTitle(self.tr("Create the station key passphrase"))
            intro = QLabel(self.tr(
                "This computer has no secure keyring, so the station's signing key is about to be created "
                "and kept in an encrypted file. Choose a passphrase of at least %n characters and type it "
                "twice. Write it down and keep it with the duty room's passwords: every export and station "
                "card will ask for it, and it cannot be recovered.", "", MIN_LENGTH))
            form.addRow(self.tr("New passphrase"), self.phrase)
            form.addRow(self.tr("Type it again"), self.again)
        else:
            self.setWindowTitle(self.tr("Station key passphrase"))
            intro = QLabel(self.tr("This computer has no secure keyring, so the station's signing key is kept "
                                   "in an encrypted file. Enter its passphrase:"))
            form.addRow(self.tr("Passphrase"), self.phrase)
            self.again.hide()
        intro.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.phrase.textChanged.connect(self._update)
        self.again.textChanged.connect(self._update)
        self.setMinimumWidth(460)
        self._update()

    def why_not(self) -> str:
        """Why OK is disabled, in the user's words; empty when the passphrase can be used."""
        text = self.phrase.text()
        if not text:
            return ""
        if not self.creating:
            return ""
        if len(text) < MIN_LENGTH:
            return self.tr("The passphrase needs at least %n characters.", "", MIN_LENGTH)
        if self.again.text() != text:
            return self.tr("The two passphrases differ.") if self.again.text() else ""
        return ""

    def usable(self) -> bool:
        text = self.phrase.text()
        if not text:
            return False
        return not self.creating or (len(text) >= MIN_LENGTH and self.again.text() == text)

    def _update(self) -> None:
        self.problem.setText(self.why_not())
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.usable())

    def accept(self) -> None:
        if self.usable():
            super().accept()


def ask_passphrase(db: Database, parent: QWidget | None) -> str | None:
    """The key-file passphrase when there is no secure keyring; None when not needed or cancelled."""
    if not keys.needs_passphrase(db):
        return None
    dialog = PassphraseDialog(creating=keys.public_identity(db) is None, parent=parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.phrase.text()
    finally:
        dialog.deleteLater()
