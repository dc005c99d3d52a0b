"""Stock-take (盘点) window: the count's lines (book quantity hidden for a blind count), counted
figures typed into the table, differences, outdated lines, print the count sheet, post."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.services.accounts import Actor
from app.services.supplies import counts
from app.storage.changes import Changes
from app.storage.engine import Database


class CountDialog(QDialog):
    def __init__(self, db: Database, actor: Actor, count_no: str, publish: Callable[[Changes], None],
                 print_sheet: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("suppliesCountDialog")
        self.db, self.actor, self.no, self.publish, self.print_sheet = db, actor, count_no, publish, print_sheet
        self.table = QTableWidget(0, 7)
        self.table.setObjectName("suppliesCountTable")
        self.header = QLabel()
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        save = QPushButton(QCoreApplication.translate("CountDialog", "&Save counted figures"))
        save.setObjectName("suppliesCountSave")
        post = QPushButton(QCoreApplication.translate("CountDialog", "&Post differences"))
        post.setObjectName("suppliesCountPost")
        sheet = QPushButton(QCoreApplication.translate("CountDialog", "Print count &sheet…"))
        close = QPushButton(QCoreApplication.translate("CountDialog", "Close"))
        self.save_button, self.post_button = save, post
        save.clicked.connect(self.save)
        post.clicked.connect(self.post)
        sheet.clicked.connect(lambda: self.print_sheet(self.no))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        for b in (sheet, save, post, close):
            # Enter belongs to the table (it ends typing a counted figure): no button is pressed by it
            # (it printed the sheet, and the next figures typed became the PDF's file name)
            b.setAutoDefault(False)
            b.setDefault(False)
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.table)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.resize(900, 520)
        self.load()

    def load(self) -> None:
        info = counts.info(self.db, self.no)
        self.info = info
        state = QCoreApplication.translate("CountDialog", "posted %1").replace("%1", info.posted_no) if info.posted else QCoreApplication.translate("CountDialog", "open")
        if info.outdated:
            state += " — " + QCoreApplication.translate("CountDialog", "outdated: recount")
        self.setWindowTitle(QCoreApplication.translate("CountDialog", "Stock-take %1").replace("%1", info.no))
        self.header.setText(f"{info.no}　{info.depot}　{state}")
        heads = [QCoreApplication.translate("CountDialog", "Code"), QCoreApplication.translate("CountDialog", "Item"), QCoreApplication.translate("CountDialog", "Specification"), QCoreApplication.translate("CountDialog", "Lot"), QCoreApplication.translate("CountDialog", "Book (seen)"), QCoreApplication.translate("CountDialog", "Counted"),
                 QCoreApplication.translate("CountDialog", "Difference")]
        self.table.setHorizontalHeaderLabels(heads)
        self.table.setRowCount(len(info.lines))
        for r, line in enumerate(info.lines):
            book = "" if info.blind and line.book_seen is None else str(line.book_seen if line.book_seen is not None
                                                                          else line.book)
            values = [line.item, line.name, line.spec, line.lot, book,
                      "" if line.counted is None else str(line.counted),
                      "" if line.difference is None else f"{line.difference:+d}"]
            for c, v in enumerate(values):
                cell = QTableWidgetItem(v)
                if c != 5 or info.posted:
                    cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if line.outdated:
                    cell.setBackground(QBrush(QColor("#fff2cc")))
                self.table.setItem(r, c, cell)
        self.table.resizeColumnsToContents()
        for button in (self.save_button, self.post_button):  # a posted count is closed
            button.setEnabled(not info.posted)

    def save(self) -> bool:
        changes = Changes()
        try:
            for r, line in enumerate(self.info.lines):
                cell = self.table.item(r, 5)
                text = cell.text().strip() if cell is not None else ""
                if text == "" or (line.counted is not None and text == str(line.counted)):
                    continue
                changes.merge(counts.enter(self.db, self.actor, self.no, line.item, text, lot=line.lot))
        except UserError as error:
            self.error.setStyleSheet("color: #b00020;")
            self.error.setText(error.message)
            self.publish(changes)
            return False
        self.error.setText("")
        self.publish(changes)
        self.load()
        return True

    def post(self) -> None:
        if not self.save():
            return
        answer = QMessageBox.question(self, self.windowTitle(), QCoreApplication.translate("CountDialog", "Post the differences as one adjustment?"))
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            changes, no = counts.post(self.db, self.actor, self.no)
        except UserError as error:
            self.error.setStyleSheet("color: #b00020;")
            self.error.setText(error.message)
            return
        self.publish(changes)
        self.load()
        self.error.setStyleSheet("color: #1e7b34;")  # done, not an error
        self.error.setText(QCoreApplication.translate("CountDialog", "Posted as %1").replace("%1", no))
