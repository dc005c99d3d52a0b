"""The rosters dock (救援队伍花名册 · 联络通讯录).

Tab "Units": the unit tree (status colour, planned / on duty / deployed, leader and first phone)
and, for the selected unit and everything below it, the member table (phones in call order,
qualifications — expiring in amber, expired in red —, "verify" when a sync conflict touched the
person) with the selected person's detail (equipment held, phone verification). Tab
"Directory": township duty phones, village assistants and information officers, department
liaisons. Tab "Re-verify": numbers not verified for N days with "Verified now".

Keys: S then 1–4 changes the selected unit's status (two keystrokes); Ctrl+L call list; Ctrl+B
the wall-screen status board; Ctrl+Shift+V verified-now on the re-verification tab.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QBrush, QColor, QIcon, QKeyEvent, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.services import station
from app.services.rosters import common, directory, people, phones, qualifications, units, xlsx
from app.services.rosters.common import EDITORS, STATUS_SETTERS
from app.storage.changes import Changes
from app.ui import file_dialogs
from app.ui.panel_api import LoadWhenShown, Panel, PanelSpec, RecordRef, SessionContext
from app.ui.panels.rosters.board import COLOURS, StatusBoard, status_text
from app.ui.panels.rosters.calllist_dialog import CallListDialog
from app.ui.panels.rosters.dialogs import ImportDialog, MemberDialog, StatusPopup, UnitDialog

TABLES = ("roster_unit", "roster_person", "roster_phone", "roster_qualification", "roster_post",
          "roster_status_event", "field_edit")
QUAL_COLOURS = {"expiring": "#b9770e", "expired": "#c0392b", "revoked": "#7f8c8d"}


class UnitTree(QTreeWidget):
    """S then 1–4: the panel's two-keystroke status change."""

    def __init__(self, panel: RostersPanel) -> None:
        super().__init__()
        self.panel = panel

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_S and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.panel.change_status()
            return
        super().keyPressEvent(event)


class RostersPanel(Panel):
    def __init__(self, ctx: SessionContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("rostersPanel")
        self.nodes: dict[str, units.UnitNode] = {}
        self.items: dict[str, QTreeWidgetItem] = {}
        self.member_ids: list[str] = []
        self.board: StatusBoard | None = None
        self.last_dialog: Any = None
        self.townships = station.townships(ctx.db)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("rosterTabs")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        bar = QHBoxLayout()
        self.township = QComboBox()
        self.township.setObjectName("rosterTownship")
        self.township.addItem(self.tr("All townships"), "")
        for t in self.townships:
            self.township.addItem(t, t)
        self.township.currentIndexChanged.connect(self.refresh)
        bar.addWidget(QLabel(self.tr("Township")))
        bar.addWidget(self.township)
        self.summary = QLabel()
        self.summary.setObjectName("rosterSummary")
        bar.addWidget(self.summary, 1)
        for text, slot, name in ((self.tr("Status (S)"), self.change_status, "rosterStatusButton"),
                                 (self.tr("Call list"), self.show_calllist, "rosterCallButton"),
                                 (self.tr("Status board"), self.show_board, "rosterBoardButton")):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            bar.addWidget(button)
        layout.addLayout(bar)
        layout.addWidget(self.tabs, 1)

        self.tree = UnitTree(self)
        self.tree.setObjectName("rosterTree")
        self.tree.setColumnCount(5)
        self.tree.setHeaderLabels([self.tr("Unit"), self.tr("Status"), self.tr("Planned / on duty / deployed"),
                                   self.tr("Leader"), self.tr("Phone")])
        self.tree.setColumnWidth(0, 230)
        self.tree.setColumnWidth(1, 64)
        self.tree.currentItemChanged.connect(self._unit_changed)
        self.members = QTableWidget(0, 6)
        self.members.setObjectName("rosterMembers")
        self.members.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Role"), self.tr("Unit"), self.tr("Status"),
                                                self.tr("Phones (in call order)"), self.tr("Qualifications")])
        self.members.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.members.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.members.verticalHeader().hide()
        self.members.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.members.currentCellChanged.connect(lambda row, *_: self._member_changed(row))
        self.detail = QLabel()
        self.detail.setObjectName("rosterDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        detail_area = QScrollArea()  # the detail never squeezes the member table in a small dock
        detail_area.setWidgetResizable(True)
        detail_area.setWidget(self.detail)
        detail_area.setMinimumHeight(self.fontMetrics().height() * 3)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.members)
        right.addWidget(detail_area)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.tree)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 4)
        self.tabs.addTab(split, self.tr("Units"))

        self.directory = QTableWidget(0, 5)
        self.directory.setObjectName("rosterDirectory")
        self.directory.setHorizontalHeaderLabels([self.tr("Township"), self.tr("Village / department"),
                                                  self.tr("Post"), self.tr("Name"), self.tr("Phones")])
        self.directory.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.directory.verticalHeader().hide()
        self.directory.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.tabs.addTab(self.directory, self.tr("Directory"))

        stale_page = QWidget()
        sl = QVBoxLayout(stale_page)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Not verified for more than")))
        self.days = QSpinBox()
        self.days.setObjectName("rosterStaleDays")
        self.days.setRange(1, 3650)
        self.days.setValue(phones.DEFAULT_DAYS)
        self.days.setSuffix(self.tr(" days"))
        self.days.valueChanged.connect(self.refresh_stale)
        row.addWidget(self.days)
        row.addStretch(1)
        self.verify_button = QPushButton(self.tr("Verified now"))
        self.verify_button.setObjectName("rosterVerifyNow")
        self.verify_button.clicked.connect(self.verify_selected)
        row.addWidget(self.verify_button)
        sl.addLayout(row)
        self.stale = QTableWidget(0, 5)
        self.stale.setObjectName("rosterStale")
        self.stale.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Unit"), self.tr("Number"),
                                              self.tr("Last verified"), self.tr("Days")])
        self.stale.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.stale.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.stale.verticalHeader().hide()
        self.stale.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        sl.addWidget(self.stale, 1)
        self.stale_rows: list[phones.StaleNumber] = []
        self.tabs.addTab(stale_page, self.tr("Re-verify"))

        self._actions: list[QAction] = []
        self._build_actions()
        ctx.bus.select_requested.connect(self._select_requested)
        self.loader = LoadWhenShown(self, self.refresh, defer=ctx.defer_hidden_loads)

    # -- actions -----------------------------------------------------------------------------------

    def _action(self, text: str, slot: Callable[[], Any], shortcut: str | None, name: str) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        self._actions.append(action)
        return action

    def _build_actions(self) -> None:
        self._action(self.tr("Change unit status… (S, 1–4)"), self.change_status, None, "rosterStatus")
        self._action(self.tr("Call list…"), self.show_calllist, "Ctrl+L", "rosterCallList")
        self._action(self.tr("Status board"), self.show_board, "Ctrl+B", "rosterBoard")
        self._action(self.tr("New unit…"), self.new_unit, None, "rosterNewUnit")
        self._action(self.tr("New member…"), self.new_member, None, "rosterNewMember")
        self._action(self.tr("Mark member left…"), self.leave_member, None, "rosterLeave")
        self._action(self.tr("Member's numbers verified now"), self.verify_member, None, "rosterVerifyMember")
        self._action(self.tr("Flag a number of the member…"), self.flag_number, None, "rosterFlagNumber")
        self._action(self.tr("Verify selected numbers now"), self.verify_selected, "Ctrl+Shift+V", "rosterVerify")
        self._action(self.tr("Import from .xlsx…"), self.import_dialog, None, "rosterImport")
        self._action(self.tr("Export to .xlsx…"), self.export_dialog, None, "rosterExport")
        self._action(self.tr("Refresh"), self.refresh, "F5", "rosterRefresh")

    def menu_actions(self) -> list[QAction]:
        return list(self._actions)

    # -- loading -----------------------------------------------------------------------------------

    def refresh(self) -> None:
        current = self.current_unit()
        with self.ctx.db.read() as conn:
            roots = units.load_tree(conn)
        town = self.township.currentData() or ""
        self.nodes = {n.id: n for n in units.flatten(roots)}
        self.tree.clear()
        self.items = {}
        for root in roots:
            self._add_item(None, root, town)
        self.tree.expandToDepth(0)
        deployed = sum(r.deployed for r in roots)
        on_duty = sum(r.on_duty for r in roots)
        self.summary.setText(self.tr("%1 units · on duty %2 · deployed %3").replace("%1", str(len(self.nodes)))
                             .replace("%2", str(on_duty)).replace("%3", str(deployed)))
        if current is not None and current.id in self.items:
            self.tree.setCurrentItem(self.items[current.id])
        elif (first := self.tree.topLevelItem(0)) is not None:
            self.tree.setCurrentItem(first)
        self.refresh_directory()
        self.refresh_stale()
        if self.board is not None and self.board.isVisible():
            self.board.refresh()

    def _visible(self, node: units.UnitNode, town: str) -> bool:
        return not town or node.township == town or any(self._visible(c, town) for c in node.children)

    def _add_item(self, parent: QTreeWidgetItem | None, node: units.UnitNode, town: str) -> None:
        if not self._visible(node, town):
            return
        strength = f"{node.planned} / {'≈' if node.estimated else ''}{node.on_duty} / {node.deployed}"
        item = QTreeWidgetItem([node.name, status_text(node.status), strength, node.leader, node.leader_phone])
        item.setData(0, Qt.ItemDataRole.UserRole, node.id)
        bg, fg = COLOURS.get(node.status, COLOURS[""])
        item.setIcon(0, _swatch(bg))
        item.setBackground(1, QBrush(QColor(bg)))
        item.setForeground(1, QBrush(QColor(fg)))
        tip = node.status_place + (f" #{node.incident_id}" if node.incident_id else "")
        if tip:
            item.setToolTip(1, tip)
        if parent is None:
            self.tree.addTopLevelItem(item)
        else:
            parent.addChild(item)
        self.items[node.id] = item
        for child in node.children:
            self._add_item(item, child, town)

    def current_unit(self) -> units.UnitNode | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        return self.nodes.get(item.data(0, Qt.ItemDataRole.UserRole))

    def _unit_changed(self, *_args: object) -> None:
        node = self.current_unit()
        keep = self.current_person()
        self.members.setRowCount(0)
        self.member_ids = []
        if node is None:
            return
        with self.ctx.db.read() as conn:
            ids = [n.id for n in units.flatten([node])]
            rows = people.members_of(conn, ids)
            numbers = phones.phones_of(conn, [r.person_id for r in rows])
            quals = qualifications.of_people(conn, [r.person_id for r in rows], common.today(self.ctx.db.wall()))
            flagged = people.flagged(conn)
        names = {n.id: n.name for n in self.nodes.values()}
        self.members.setRowCount(len(rows))
        for n, r in enumerate(rows):
            self.member_ids.append(r.person_id)
            listed = numbers.get(r.person_id, [])
            phone_text = "  /  ".join(p["number"] + ("" if p["callable"] else " ×") for p in listed)
            qual_list = quals.get(r.person_id, [])
            qual_text = "；".join(f"{q['type']} {q['expires'] or ''}".strip() for q in qual_list)
            name = r.name + ("  ⚠ " + self.tr("verify") if r.person_id in flagged else "")
            values = (name, common.label(r.role, common.MEMBER_ROLES), names.get(r.unit_id, ""),
                      common.label(r.status, common.PERSON_STATUSES), phone_text, qual_text)
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if col == 5:
                    worst = next((s for s in ("expired", "expiring") if any(q["status"] == s for q in qual_list)), "")
                    if worst:
                        item.setForeground(QBrush(QColor(QUAL_COLOURS[worst])))
                        item.setToolTip(self.tr("Expired") if worst == "expired" else self.tr("Expires within 30 days"))
                if col == 0 and r.person_id in flagged:
                    item.setForeground(QBrush(QColor("#b03a2e")))
                self.members.setItem(n, col, item)
        if rows:
            row = self.member_ids.index(keep) if keep in self.member_ids else 0
            self.members.setCurrentCell(row, 0)
        self._member_changed(self.members.currentRow() if rows else -1)

    def current_person(self) -> str:
        row = self.members.currentRow()
        return self.member_ids[row] if 0 <= row < len(self.member_ids) else ""

    def _member_changed(self, row: int) -> None:
        if not 0 <= row < len(self.member_ids):
            self.detail.setText("")
            return
        data = people.person_detail(self.ctx.db, self.member_ids[row])
        lines = [f"{data['name']}  {data['unit']}  {common.label(data['role'], common.MEMBER_ROLES)}"]
        for p in data["phones"]:
            flags = " ".join(x for x, on in ((self.tr("invalid"), p["invalid"]), (self.tr("do not call"),
                                                                                   p["do_not_call"])) if on)
            verified = self.tr("never verified") if p["verified_ms"] is None else self.tr("verified %1 by %2") \
                .replace("%1", _day(p["verified_ms"], self.ctx)).replace("%2", p["verified_by"])
            lines.append(f"  {p['rank']}. {p['number']}  {flags}  {verified}")
        for q in data["qualifications"]:
            lines.append(f"  {q['type']}  {q['awarded']} → {q['expires'] or '∞'}  "
                         f"{common.label(q['status'], qualifications.STATUS_LABELS)}")
        equipment = data["equipment"]
        lines.append(self.tr("Equipment held: %1").replace("%1", "、".join(e["label"] for e in equipment)
                                                              if equipment else self.tr("none")))
        node = self.current_unit()
        if node is not None:
            from app.services.rosters import equipment as unit_equipment

            held = unit_equipment.held_by_unit(self.ctx.db, node.id, node.name)
            if held:
                lines.append(self.tr("Unit %1 holds: %2").replace("%1", node.name)
                             .replace("%2", "、".join(e["label"] for e in held)))
        for c in data["conflicts"]:
            lines.append("⚠ " + self.tr("Changed at two stations: %1 kept, %2 (by %3) set aside — please verify")
                         .replace("%1", str(c["value"])).replace("%2", str(c["lost"])).replace("%3", c["lost_by"]))
        self.detail.setText("\n".join(lines))

    def refresh_directory(self) -> None:
        rows = directory.list_directory(self.ctx.db, self.township.currentData() or None)
        self.directory.setRowCount(len(rows))
        for n, r in enumerate(rows):
            for col, value in enumerate((r["township"], r["village"] or r["department"], r["role_label"], r["name"],
                                         "  /  ".join(r["phones"]))):
                self.directory.setItem(n, col, QTableWidgetItem(value))

    def refresh_stale(self) -> None:
        self.stale_rows = phones.stale(self.ctx.db, self.days.value())
        self.stale.setRowCount(len(self.stale_rows))
        for n, s in enumerate(self.stale_rows):
            last = _day(s.verified_ms, self.ctx) if s.verified_ms else self.tr("never")
            for col, value in enumerate((s.name, s.unit, s.number, last, str(s.age_days))):
                self.stale.setItem(n, col, QTableWidgetItem(value))
        self.tabs.setTabText(2, self.tr("Re-verify (%1)").replace("%1", str(len(self.stale_rows))))

    def on_changes(self, changes: Changes) -> None:
        if any(t in changes for t in TABLES):
            self.loader.request()  # behind another tab: reload when shown

    def _select_requested(self, ref: RecordRef) -> None:
        if ref.panel != "rosters":
            return
        self.loader.ensure()
        unit_id = ref.key
        if ref.kind == "status_event":
            with self.ctx.db.read() as conn:
                from sqlalchemy import select

                from app.services.rosters.status import EVENT

                unit_id = conn.execute(select(EVENT.c.unit_id).where(EVENT.c.event_id == ref.key)).scalar() or ""
        if unit_id in self.items:
            self.tabs.setCurrentIndex(0)
            self.tree.setCurrentItem(self.items[unit_id])

    # -- doing -------------------------------------------------------------------------------------

    def _require(self, roles: tuple[str, ...]) -> bool:
        try:
            self.ctx.actor.require(*roles)
        except UserError as error:
            self._warn(error.message)
            return False
        return True

    def _warn(self, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Rosters"), text, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("rosterWarning")
        box.open()
        self.last_dialog = box

    def _publish_when_done(self, dialog: Any, done: Callable[[Any], None] | None = None) -> Any:
        def finished(result: int) -> None:
            if result and dialog.changes:
                self.ctx.bus.publish(dialog.changes)
                if done is not None:
                    done(dialog)
        dialog.finished.connect(finished)
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def change_status(self) -> StatusPopup | None:
        node = self.current_unit()
        if node is None or not self._require(STATUS_SETTERS):
            return None
        popup = StatusPopup(self.ctx.db, self.ctx.actor, node, self)

        def done(d: StatusPopup) -> None:
            self.ctx.bus.status_message.emit(self.tr("%1: %2").replace("%1", node.name)
                                             .replace("%2", status_text(d.chosen)))
        return self._publish_when_done(popup, done)

    def show_calllist(self) -> CallListDialog:
        node = self.current_unit()
        town = self.township.currentData() or ""
        dialog = CallListDialog(self.ctx, self.townships, [node.id] if node and not town else [], town, self)
        dialog.finished.connect(lambda _r: self.ctx.bus.publish(dialog.changes))
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def show_board(self) -> StatusBoard:
        if self.board is None:
            self.board = StatusBoard(self.ctx.db)
        self.board.refresh()
        self.board.show()
        self.board.raise_()
        return self.board

    def new_unit(self) -> UnitDialog | None:
        if not self._require(EDITORS):
            return None
        return self._publish_when_done(UnitDialog(self.ctx.db, self.ctx.actor, self.townships, self.current_unit(),
                                                  self))

    def new_member(self) -> MemberDialog | None:
        if not self._require(EDITORS):
            return None
        return self._publish_when_done(MemberDialog(self.ctx.db, self.ctx.actor, self.current_unit(), self))

    def leave_member(self) -> bool:
        person = self.current_person()
        if not person or not self._require(EDITORS):
            return False
        try:
            changes = people.leave(self.ctx.db, self.ctx.actor, person)
        except UserError as error:
            self._warn(error.message)
            return False
        self.ctx.bus.publish(changes)
        return True

    def verify_member(self) -> int:
        """Verified-now for every callable number of the selected member (after calling them)."""
        person = self.current_person()
        if not person or not self._require(STATUS_SETTERS):
            return 0
        ids = [p["id"] for p in people.person_detail(self.ctx.db, person)["phones"] if p["callable"]]
        try:
            changes = phones.verify_ids(self.ctx.db, self.ctx.actor, ids)
        except UserError as error:
            self._warn(error.message)
            return 0
        self.ctx.bus.publish(changes)
        return len(ids)

    def flag_number(self, choice: tuple[str, str] | None = None) -> bool:
        """Mark one of the member's numbers invalid / do-not-call (or clear the flag)."""
        person = self.current_person()
        if not person or not self._require(STATUS_SETTERS):
            return False
        listed = people.person_detail(self.ctx.db, person)["phones"]
        if not listed:
            return False
        options = {
            self.tr("%1: invalid").replace("%1", p["number"]): (p["id"], "invalid", not p["invalid"])
            for p in listed
        } | {
            self.tr("%1: do not call").replace("%1", p["number"]): (p["id"], "do_not_call", not p["do_not_call"])
            for p in listed
        }
        if choice is None:
            picked, ok = QInputDialog.getItem(self, self.tr("Flag a number"), self.tr("Toggle which flag?"),
                                              list(options), 0, False)
            if not ok:
                return False
        else:
            picked = next(k for k, v in options.items() if (v[0], v[1]) == choice)
        phone_id, field, value = options[picked]
        try:
            changes = phones.edit_phone(self.ctx.db, self.ctx.actor, person, phone_id, field, value)
        except UserError as error:
            self._warn(error.message)
            return False
        self.ctx.bus.publish(changes)
        return True

    def verify_selected(self) -> int:
        rows = sorted({i.row() for i in self.stale.selectionModel().selectedRows()})
        ids = [self.stale_rows[r].phone_id for r in rows if r < len(self.stale_rows)]
        if not ids or not self._require(STATUS_SETTERS):
            return 0
        try:
            changes = phones.verify_ids(self.ctx.db, self.ctx.actor, ids)
        except UserError as error:
            self._warn(error.message)
            return 0
        self.ctx.bus.publish(changes)
        return len(ids)

    def import_dialog(self) -> None:
        path = file_dialogs.open_file(self, self.tr("Import roster"), "", "Excel (*.xlsx)")
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> ImportDialog | None:
        if not self._require(EDITORS):
            return None
        return self._publish_when_done(ImportDialog(self.ctx.db, self.ctx.actor, path, self))

    def export_dialog(self) -> None:
        path = file_dialogs.save_file(self, self.tr("Export roster"), "花名册.xlsx", "Excel (*.xlsx)")
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> int:
        node = self.current_unit()
        town = self.township.currentData() or ""
        try:
            count = xlsx.export(self.ctx.db, path, unit_ids=[node.id] if node and not town else None, township=town)
        except UserError as error:
            self._warn(error.message)
            return 0
        self.ctx.bus.status_message.emit(self.tr("Exported %1 people to %2").replace("%1", str(count))
                                         .replace("%2", str(path)))
        return count


def _swatch(colour: str) -> QIcon:
    """A small square of the status colour beside the unit's name (seen even when the dock is narrow)."""
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


def _day(ms: int | None, ctx: SessionContext) -> str:
    from app.clock import ms_to_datetime

    if ms is None:
        return ""
    return ms_to_datetime(ms).astimezone(ctx.station.zone).strftime("%Y-%m-%d")


def _title() -> str:
    return QCoreApplication.translate("RostersPanel", "Rescue units")


def _create(ctx: SessionContext) -> Panel:
    return RostersPanel(ctx)


SPEC = PanelSpec(
    panel_id="rosters",
    title=_title,
    create=_create,
    area=Qt.DockWidgetArea.RightDockWidgetArea,
    order=30,
    menu_title=_title,
)
