"""The supply panel as a storekeeper uses it: keys into the movement dialog (item completion by
pinyin initials, Enter/Tab, Ctrl+Enter saves, Esc cancels), errors inline with nothing saved,
the stock view colouring, the stock card, the plot with its minimum line, the count window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from app.services.accounts import Actor
from app.services.supplies import balances, catalogue, movements
from app.storage.engine import Database
from app.ui.panel_api import RecordRef
from app.ui.panels.supplies.dialogs import MovementDialog
from app.ui.panels.supplies.models import BELOW
from app.ui.panels.supplies.panel import SuppliesPanel
from tests.ui.conftest import context
from tests.unit.supplies_support import Ledger, setup_ledger


@pytest.fixture
def ledger(db: Database, admin: Actor) -> Ledger:
    lg = setup_ledger(db, admin)
    movements.receive(db, lg.keeper, "XJK", "CSJ-01", 12)
    catalogue.set_minimum(db, lg.keeper, "CSJ-01", "XJK", 20)
    return lg


@pytest.fixture
def panel(qtbot, ledger: Ledger) -> SuppliesPanel:  # type: ignore[no-untyped-def]
    p = SuppliesPanel(context(ledger.db, ledger.keeper))
    qtbot.addWidget(p)
    p.resize(1300, 700)
    p.show()
    return p


def _when_dialog(qtbot, action, fill) -> None:  # type: ignore[no-untyped-def]
    """Run `fill(dialog)` once the modal dialog is up, then trigger the panel's `action`.
    A failure inside `fill` closes the dialog and is raised here (never inside Qt's event loop)."""
    failures: list[BaseException] = []

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, run)
            return
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
        (dialog.focusWidget() or dialog).setFocus()
        try:
            fill(dialog)
        except BaseException as error:
            failures.append(error)
            dialog.close()
    QTimer.singleShot(0, run)
    action()
    if failures:
        raise failures[0]


def test_stock_view_marks_below_minimum(panel: SuppliesPanel) -> None:
    rows = panel.stock_model.rows
    assert [(r.item, r.on_hand, r.minimum) for r in rows] == [("CSJ-01", 12, 20)]
    brush = panel.stock_model.data(panel.stock_model.index(0, 0), Qt.ItemDataRole.BackgroundRole)
    assert brush.color() == BELOW
    assert [c.balance for c in panel.card_model.rows] == [12]
    assert panel.plot.minimum is not None and panel.plot.minimum.value() == 20
    assert panel.plot.points and panel.plot.points[-1][1] == 12


def test_issue_by_keys(qtbot, panel: SuppliesPanel, ledger: Ledger) -> None:  # type: ignore[no-untyped-def]
    def fill(dialog: MovementDialog) -> None:
        dialog.item.clear()
        qtbot.keyClicks(dialog.item, "csj")
        completer = dialog.item.completer()
        assert completer.completionCount() == 1
        popup = completer.popup()
        if popup is not None and popup.isVisible():
            qtbot.keyClick(popup, Qt.Key.Key_Down)
            qtbot.keyClick(popup, Qt.Key.Key_Return)
        else:  # offscreen: the popup may not show; take the completion as a click would
            dialog.item.setText(completer.currentCompletion())
        assert dialog.item.text().startswith("CSJ-01")
        dialog.qty.setFocus()
        dialog.qty.selectAll()
        qtbot.keyClicks(dialog.qty, "5")
        dialog.to.setFocus()
        dialog.to.insert("五印乡")  # an input method commits Chinese text as a whole
        dialog.approver.setCurrentIndex(0)
        qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    _when_dialog(qtbot, panel.move_actions["issue"].trigger, fill)
    assert panel.last_dialog.result() == QDialog.DialogCode.Accepted
    result = panel.last_dialog.result_value
    assert result is not None and result.no.startswith("CK-")
    assert [r.on_hand for r in panel.stock_model.rows] == [7]
    assert [c.balance for c in panel.card_model.rows] == [12, 7]


def test_overdraft_without_reason_is_refused_inline(qtbot, panel: SuppliesPanel, ledger: Ledger) -> None:  # type: ignore[no-untyped-def]
    seen: dict[str, str] = {}

    def fill(dialog: MovementDialog) -> None:
        dialog.qty.setValue(50)
        dialog.to.setText("五印乡")
        dialog.approver.setCurrentIndex(0)
        qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        seen["error"] = dialog.error.text()
        assert dialog.isVisible()
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    _when_dialog(qtbot, panel.move_actions["issue"].trigger, fill)
    assert "透支" in seen["error"] and "原因" in seen["error"]
    assert balances.stock_view(ledger.db)[0].on_hand == 12


def test_reverse_from_the_card_and_select_request(qtbot, panel: SuppliesPanel, ledger: Ledger) -> None:  # type: ignore[no-untyped-def]
    panel.tabs.setCurrentWidget(panel.card)
    panel.card.selectRow(0)

    def fill(dialog) -> None:  # type: ignore[no-untyped-def]
        dialog.text.insert("数量录错")
        qtbot.keyClick(dialog.text, Qt.Key.Key_Return)

    _when_dialog(qtbot, panel.reverse_action.trigger, fill)
    assert [c.reversed for c in panel.card_model.rows] == [True, False]
    font = panel.card_model.data(panel.card_model.index(0, 1), Qt.ItemDataRole.FontRole)
    assert font.strikeOut()
    move_id = panel.card_model.rows[1].move_id
    panel.ctx.bus.select_requested.emit(RecordRef("supplies", "move", move_id))
    assert panel.card.currentIndex().row() == 1


def test_count_window_posts_difference(qtbot, panel: SuppliesPanel, ledger: Ledger,  # type: ignore[no-untyped-def]
                                       monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    panel.depot.setCurrentIndex(panel.depot.findData(next(d.depot_id for d in panel.depots if d.code == "XJK")))

    printed: list[str] = []
    monkeypatch.setattr(panel, "print_count_sheet", printed.append)

    def fill(dialog) -> None:  # type: ignore[no-untyped-def]
        table = dialog.table
        table.setFocus()
        table.setCurrentCell(0, 5)
        table.item(0, 5).setText("11")
        qtbot.keyClick(dialog, Qt.Key.Key_Return)  # the Enter that ends typing a figure reaches the dialog:
        assert printed == [] and dialog.isVisible()  # it pressed "print count sheet"
        dialog.post()
        assert "PY-" in dialog.error.text() and "#1e7b34" in dialog.error.styleSheet()
        assert not dialog.save_button.isEnabled() and not dialog.post_button.isEnabled()  # a posted count is closed
        dialog.accept()

    _when_dialog(qtbot, panel.count_action.trigger, fill)
    assert balances.stock_view(ledger.db)[0].on_hand == 11


def test_dialog_fits_small_screen(qtbot, panel: SuppliesPanel) -> None:  # type: ignore[no-untyped-def]
    def fill(dialog) -> None:  # type: ignore[no-untyped-def]
        size = dialog.sizeHint()
        assert size.width() <= 1366 and size.height() <= 740
        dialog.reject()

    for kind in ("receive", "issue", "transfer", "receive_transfer", "writeoff"):
        _when_dialog(qtbot, panel.move_actions[kind].trigger, fill)
