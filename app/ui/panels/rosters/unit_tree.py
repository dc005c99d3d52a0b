"""The unit tree of the rosters panel's "Units" tab: the tree widget (S then 1–4 changes the
selected unit's status) and the rows it shows — status colour, planned / on duty / deployed,
leader and first phone — filtered by township."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QKeyEvent, QPixmap
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from app.services.rosters import units
from app.ui.panels.rosters.board import COLOURS, status_text
from app.ui.panels.rosters.parts import RostersParts


class UnitTree(QTreeWidget):
    """S then 1–4: the panel's two-keystroke status change."""

    def __init__(self, panel: RostersParts) -> None:
        super().__init__()
        self.panel = panel

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_S and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.panel.change_status()
            return
        super().keyPressEvent(event)


class UnitTreePart(RostersParts):
    """Fills the unit tree and tells which unit is selected."""

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


def _swatch(colour: str) -> QIcon:
    """A small square of the status colour beside the unit's name (seen even when the dock is narrow)."""
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)
