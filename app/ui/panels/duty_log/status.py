"""The duty log panel's status line: the entry count, open and overdue counts (counted off the
GUI thread), the shift on duty, the minute tick."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.services import duty_log
from app.ui.panels.duty_log import worker
from app.ui.panels.duty_log.parts import DutyLogParts


class StatusLine(DutyLogParts):
    """Part of `DutyLogPanel` (see its module)."""

    def _update_count_label(self) -> None:
        total = self.model.total
        if not self.model.exact:
            text = QCoreApplication.translate("DutyLogPanel", "Counting… (%1 shown so far)").replace("%1", f"{total:,}")
        elif self.filter_bar.is_filtered():
            text = QCoreApplication.translate("DutyLogPanel", "%1 matching entries").replace("%1", f"{total:,}")
        else:
            text = QCoreApplication.translate("DutyLogPanel", "%1 entries").replace("%1", f"{total:,}")
        self.count_label.setText(text)

    def refresh_counts(self) -> None:
        """Count open and overdue entries on a worker thread (half a second on a million
        entries); the status-bar buttons update when the answer comes."""
        if self._counting:
            self._counts_dirty = True
            return
        self._counting = True
        db, now = self.ctx.db, self.model.now
        worker.start(lambda: (duty_log.open_count(db), duty_log.overdue_count(db, now)), None,
                     self._counts_done, self._counts_failed)

    def _counts_done(self, _tag: object, result: object) -> None:
        self._counting = False
        if self._counts_dirty:
            self._counts_dirty = False
            self.refresh_counts()
            return
        assert isinstance(result, tuple)
        open_n, overdue_n = result
        self.open_count, self.overdue_count = open_n, overdue_n
        self.open_button.setText(QCoreApplication.translate("DutyLogPanel", "Open %1").replace("%1", f"{open_n:,}"))
        if overdue_n:
            self.overdue_button.setText(QCoreApplication.translate("DutyLogPanel", "⚠ Overdue %1").replace("%1", f"{overdue_n:,}"))
            self.overdue_button.setStyleSheet("color: #a3160b; font-weight: bold;")
        else:
            self.overdue_button.setText(QCoreApplication.translate("DutyLogPanel", "Overdue %1").replace("%1", "0"))
            self.overdue_button.setStyleSheet("")

    def _counts_failed(self, _tag: object, message: str) -> None:
        self._counting = False
        self._show_message(message)

    def refresh_shift(self) -> None:
        if self._shifts is None:
            self.shift_label.hide()
            return
        try:
            shift = self._shifts.current_shift(self.ctx.db)
        except Exception:  # an optional extra: never let it break the log
            shift = None
        if shift is None:
            self.shift_label.setText("")
            self.shift_label.hide()
            return
        text = QCoreApplication.translate("DutyLogPanel", "Shift %1 (%2): %3").replace("%1", shift.period_text(self.zone)) \
            .replace("%2", shift.state_text()).replace("%3", shift.people_text())
        self.shift_label.setText(text)
        self.shift_label.setToolTip(text)
        self.shift_label.show()

    def tick(self) -> None:
        """Every minute: entries may have become overdue, a shift may have ended."""
        self.model.set_now(self._now())
        self.refresh_counts()
        self.refresh_shift()
