"""The status board (队伍状态看板): every team's status at a glance, large enough for the wall
screen. One tile per top-level team — its name, its status in colour, on duty / planned and
deployed — with a chip per sub-unit in that sub-unit's colour. F11 toggles full screen, Esc
leaves it; it refreshes when the roster changes."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.services.rosters import units
from app.storage.engine import Database

COLOURS = {"standby": ("#1e7b34", "#ffffff"), "deployed": ("#c0392b", "#ffffff"), "resting": ("#d68910", "#000000"),
           "out": ("#5d6d7e", "#ffffff"), "": ("#aab7b8", "#000000")}
"""Status → (background, text): green standby, red deployed, amber resting, grey out of service."""


def status_text(code: str, _tr: object = None) -> str:
    """The status in the UI language (the same words as 待命 / 出动 / 休整 / 停用)."""
    names = {
        "standby": QCoreApplication.translate("StatusBoard", "Standby"),
        "deployed": QCoreApplication.translate("StatusBoard", "Deployed"),
        "resting": QCoreApplication.translate("StatusBoard", "Resting"),
        "out": QCoreApplication.translate("StatusBoard", "Out of service"),
        "": QCoreApplication.translate("StatusBoard", "No status"),
    }
    return names.get(code, code)


class Tile(QFrame):
    def __init__(self, node: units.UnitNode, scale: float, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("boardTile")
        bg, fg = COLOURS.get(node.status, COLOURS[""])
        self.setStyleSheet(f"#boardTile {{ background: #1b2631; border: 3px solid {bg}; border-radius: 8px; }}"
                           "QLabel { color: #ecf0f1; }")
        layout = QVBoxLayout(self)
        name = QLabel(node.name)
        name.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        name.setStyleSheet(f"font-size: {int(22 * scale)}px; font-weight: bold;")
        state = QLabel(status_text(node.status, self.tr) + (f" · {node.status_place}" if node.status == "deployed"
                                                               and node.status_place else ""))
        state.setObjectName("boardStatus")
        state.setStyleSheet(f"background: {bg}; color: {fg}; font-size: {int(20 * scale)}px; font-weight: bold;"
                            "padding: 4px 10px; border-radius: 4px;")
        strength = QLabel(self.tr("On duty %1 / %2   Deployed %3").replace("%1", ("≈" if node.estimated else "")
                                                                           + str(node.on_duty))
                          .replace("%2", str(node.planned)).replace("%3", str(node.deployed)))
        strength.setStyleSheet(f"font-size: {int(18 * scale)}px;")
        layout.addWidget(name)
        layout.addWidget(state)
        layout.addWidget(strength)
        if node.leader:
            leader = QLabel(f"{node.leader}  {node.leader_phone}")
            leader.setStyleSheet(f"font-size: {int(15 * scale)}px; color: #bdc3c7;")
            layout.addWidget(leader)
        chips = QGridLayout()
        chips.setSpacing(4)
        for n, child in enumerate(node.children):
            cbg, cfg = COLOURS.get(child.status, COLOURS[""])
            chip = QLabel(f"{child.name} {child.on_duty}")
            chip.setToolTip(status_text(child.status, self.tr))
            chip.setStyleSheet(f"background: {cbg}; color: {cfg}; font-size: {int(13 * scale)}px;"
                               "padding: 2px 6px; border-radius: 3px;")
            chip.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            chips.addWidget(chip, n // 2, n % 2)
        layout.addLayout(chips)
        layout.addStretch(1)


class StatusBoard(QWidget):
    """A top-level window (also embeddable) showing the board."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("rosterStatusBoard")
        self.db = db
        self.setWindowTitle(self.tr("Unit status board"))
        self.setStyleSheet("#rosterStatusBoard { background: #0e1419; }")
        outer = QVBoxLayout(self)
        head = QHBoxLayout()
        self.title = QLabel(self.tr("Unit status board"))
        self.title.setStyleSheet("color: #ecf0f1; font-size: 28px; font-weight: bold;")
        self.totals = QLabel()
        self.totals.setObjectName("boardTotals")
        self.totals.setStyleSheet("color: #ecf0f1; font-size: 22px;")
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(self.totals)
        outer.addLayout(head)
        legend = QHBoxLayout()
        for code in ("standby", "deployed", "resting", "out"):
            bg, fg = COLOURS[code]
            chip = QLabel(status_text(code, self.tr))
            chip.setStyleSheet(f"background: {bg}; color: {fg}; padding: 3px 10px; font-size: 16px;")
            legend.addWidget(chip)
        legend.addStretch(1)
        outer.addLayout(legend)
        self.area = QScrollArea()
        self.area.setWidgetResizable(True)
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.area.setStyleSheet("QScrollArea { border: none; background: #0e1419; }")
        outer.addWidget(self.area, 1)
        self.tiles: list[Tile] = []
        self.resize(1280, 760)
        self.refresh()

    def refresh(self) -> None:
        roots = units.board(self.db)
        scale = max(0.8, min(2.2, self.width() / 1400))
        body = QWidget()
        body.setStyleSheet("background: #0e1419;")
        grid = QGridLayout(body)
        grid.setSpacing(12)
        columns = max(1, min(5, self.width() // 440))
        self.tiles = []
        for n, node in enumerate(roots):
            tile = Tile(node, scale, body)
            self.tiles.append(tile)
            grid.addWidget(tile, n // columns, n % columns)
        self.area.setWidget(body)
        deployed = sum(r.deployed for r in roots)
        on_duty = sum(r.on_duty for r in roots)
        self.totals.setText(self.tr("On duty %1   Deployed %2   Units %3").replace("%1", str(on_duty))
                            .replace("%2", str(deployed)).replace("%3", str(len(roots))))

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        if self.tiles:
            self.refresh()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_F11:
            self.showNormal() if self.isFullScreen() else self.showFullScreen()
        elif event.key() == Qt.Key.Key_Escape:
            if self.isFullScreen():
                self.showNormal()
            else:
                self.close()
        elif event.key() == Qt.Key.Key_F5:
            self.refresh()
        else:
            super().keyPressEvent(event)
