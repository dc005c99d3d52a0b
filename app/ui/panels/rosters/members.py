"""The member side of the rosters panel's "Units" tab: the member table of the selected unit and
everything below it (phones in call order, qualifications — expiring in amber, expired in red —,
"verify" when a sync conflict touched the person) and the selected person's detail pane
(phones and their verification, qualifications, equipment held, sync conflicts)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTableWidgetItem

from app.services.rosters import common, people, phones, qualifications, units
from app.ui.panels.rosters.parts import RostersParts, _day

QUAL_COLOURS = {"expiring": "#b9770e", "expired": "#c0392b", "revoked": "#7f8c8d"}


class MembersPart(RostersParts):
    """Fills the member table for the selected unit and the detail pane for the selected person."""

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
            name = r.name + ("  ⚠ " + QCoreApplication.translate("RostersPanel", "verify")
                             if r.person_id in flagged else "")
            values = (name, common.label(r.role, common.MEMBER_ROLES), names.get(r.unit_id, ""),
                      common.label(r.status, common.PERSON_STATUSES), phone_text, qual_text)
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if col == 5:
                    worst = next((s for s in ("expired", "expiring") if any(q["status"] == s for q in qual_list)), "")
                    if worst:
                        item.setForeground(QBrush(QColor(QUAL_COLOURS[worst])))
                        item.setToolTip(QCoreApplication.translate("RostersPanel", "Expired") if worst == "expired"
                                        else QCoreApplication.translate("RostersPanel", "Expires within 30 days"))
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
            flags = " ".join(x for x, on in ((QCoreApplication.translate("RostersPanel", "invalid"), p["invalid"]),
                                             (QCoreApplication.translate("RostersPanel", "do not call"),
                                              p["do_not_call"])) if on)
            verified = QCoreApplication.translate("RostersPanel", "never verified") if p["verified_ms"] is None \
                else QCoreApplication.translate("RostersPanel", "verified %1 by %2") \
                .replace("%1", _day(p["verified_ms"], self.ctx)).replace("%2", p["verified_by"])
            lines.append(f"  {p['rank']}. {p['number']}  {flags}  {verified}")
        for q in data["qualifications"]:
            lines.append(f"  {q['type']}  {q['awarded']} → {q['expires'] or '∞'}  "
                         f"{common.label(q['status'], qualifications.STATUS_LABELS)}")
        equipment = data["equipment"]
        lines.append(QCoreApplication.translate("RostersPanel", "Equipment held: %1")
                     .replace("%1", "、".join(e["label"] for e in equipment)
                              if equipment else QCoreApplication.translate("RostersPanel", "none")))
        node = self.current_unit()
        if node is not None:
            from app.services.rosters import equipment as unit_equipment

            held = unit_equipment.held_by_unit(self.ctx.db, node.id, node.name)
            if held:
                lines.append(QCoreApplication.translate("RostersPanel", "Unit %1 holds: %2").replace("%1", node.name)
                             .replace("%2", "、".join(e["label"] for e in held)))
        for c in data["conflicts"]:
            lines.append("⚠ " + QCoreApplication.translate(
                "RostersPanel", "Changed at two stations: %1 kept, %2 (by %3) set aside — please verify")
                         .replace("%1", str(c["value"])).replace("%2", str(c["lost"])).replace("%3", c["lost_by"]))
        self.detail.setText("\n".join(lines))
