"""Help → About: version, database, schema revision, keyring backend, PDF font, CJK font."""

from __future__ import annotations

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from app import __version__, messages
from app.services import doctor
from app.storage.engine import Database
from app.ui import i18n


class AboutDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None, *, cjk_font: bool | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About DutyDesk"))
        title = QLabel(self.tr("DutyDesk %1").replace("%1", __version__))
        font = QFont(title.font())
        font.setPointSize(font.pointSize() + 8)
        font.setBold(True)
        title.setFont(font)
        blurb = QLabel(self.tr("The duty room program of a county Emergency Management Bureau: duty log, "
                               "shifts, handover sheets, signed sync between stations and backups, working without a network."))
        blurb.setWordWrap(True)

        self.rows = doctor.environment(db)
        self.rows.append((self.tr("Qt"), f"{qVersion()} (PySide6 {PySide6.__version__})"))
        self.rows.append((self.tr("Interface font"), QGuiApplication.font().family()))
        form = QFormLayout()
        for name, value in self.rows:
            label = QLabel(value)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(name + "：" if messages.language() == "zh_CN" else name + ":", label)

        has_cjk = i18n.ui_has_cjk_font() if cjk_font is None else cjk_font
        self.cjk_note = QLabel(messages.text("env.cjk_missing"))
        self.cjk_note.setObjectName("cjkMissing")
        self.cjk_note.setWordWrap(True)
        self.cjk_note.setStyleSheet("color: #a61b1b; font-weight: bold;")
        self.cjk_note.setVisible(not has_cjk)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(blurb)
        layout.addLayout(form)
        layout.addWidget(self.cjk_note)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def text(self) -> str:
        """Everything shown, as plain text (for support requests)."""
        return "\n".join(f"{name}: {value}" for name, value in self.rows)
