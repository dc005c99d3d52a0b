"""The detail pane: every field of one entry, its three times, instructions, actions,
notifications and its history, with amended values struck through and who changed them when;
and what the other panels recorded around the entry's time (unit status changes, reports, stock
issued — every area's timeline hook), as links that select the record in its own panel."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QUrl, Signal
from PySide6.QtWidgets import QTextBrowser, QWidget

from app import messages
from app.services import duty_log
from app.services.duty_log import Amendment, EntryDetail
from app.ui.panels.duty_log.delegates import match_spans

FIELD_ORDER: tuple[str, ...] = (
    "direction", "channel", "category", "occurred_at", "received_at", "recorded_at", "source_unit",
    "source_person", "phone", "township", "location", "summary", "due_at", "significant", "author",
)
TIME_FIELDS = ("occurred_at", "received_at", "recorded_at", "due_at")

STYLE = """
<style>
  body { margin: 0; }
  h2 { margin: 2px 0 4px 0; font-size: 14pt; }
  h3 { margin: 10px 0 2px 0; font-size: 11pt; color: #333; border-bottom: 1px solid #ccc; }
  td.k { color: #555; padding-right: 10px; white-space: nowrap; vertical-align: top; }
  td.v { vertical-align: top; }
  .old { color: #8a1f11; text-decoration: line-through; }
  .who { color: #666; font-size: 9pt; }
  .badge { padding: 1px 6px; }
  .overdue { color: #a3160b; font-weight: bold; }
  .closed { color: #2e6b30; }
  .voided { color: #8a8a8a; }
  .sig { color: #9a5b00; font-weight: bold; }
  .mark { color: #d9822b; }
</style>
"""



def _texts() -> dict[str, str]:
    """The pane's own words in the UI language."""
    return {
        "entry": QCoreApplication.translate("DutyLogDetail", "Entry"),
        "voided": QCoreApplication.translate("DutyLogDetail", "Voided"),
        "set_by_the_system": QCoreApplication.translate("DutyLogDetail", "(set by the system)"),
        "recorded_by": QCoreApplication.translate("DutyLogDetail", "recorded by"),
        "by_phone": QCoreApplication.translate("DutyLogDetail", "(by phone)"),
        "none_yet": QCoreApplication.translate("DutyLogDetail", "None yet"),
        "nobody_notified_yet": QCoreApplication.translate("DutyLogDetail", "Nobody notified yet"),
        "history": QCoreApplication.translate("DutyLogDetail", "History"),
        "amendments": QCoreApplication.translate("DutyLogDetail", "Amendments"),
        "around": QCoreApplication.translate("DutyLogDetail", "Around this time (±2 h, other panels)"),
        "select_an_entry_to_see_all_its_fields_and_history": QCoreApplication.translate("DutyLogDetail", "Select an entry to see all its fields and history."),
    }


def _label(field: str) -> str:
    return duty_log.label(field, duty_log.FIELD_LABELS)


def when_text(value: datetime | None, zone: ZoneInfo) -> str:
    """'2024-04-19 05:54:10' in the station's zone."""
    return "" if value is None else value.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")


def value_text(field: str, value: Any, zone: ZoneInfo) -> str:
    if isinstance(value, datetime):
        return when_text(value, zone)
    if value is None or value == "":
        return "—"
    return duty_log.format_value(field, value)


def _h(text: str) -> str:
    return escape(text).replace("\n", "<br>")


def amendment_html(amendment: Amendment, zone: ZoneInfo, names: dict[str, str]) -> str:
    """'<s>old</s> → new  (王磊, 2024-04-19 06:10:00; reason)'."""
    who = names.get(amendment.author, amendment.author)
    reason = f"; {_h(amendment.reason)}" if amendment.reason else ""
    return (f"<span class='old'>{_h(value_text(amendment.field, amendment.old, zone))}</span> → "
            f"{_h(value_text(amendment.field, amendment.new, zone))} "
            f"<span class='who'>({_h(who)}, {when_text(amendment.at, zone)}{reason})</span>")


def around_html(events: Sequence[dict[str, Any]], zone: ZoneInfo) -> str:
    """What else happened near the entry's time (unit status changes, reports, stock issued):
    links to the records in their own panels, never copies."""
    T = _texts()
    if not events:
        return ""
    english = messages.language() == "en"
    rows = []
    for ev in events:
        when = datetime.fromtimestamp(int(ev["ms"]) / 1000, zone).strftime("%m-%d %H:%M")
        title = ev.get("lane_title") or {}
        lane = str(title.get("en" if english else "zh", ev.get("lane", ""))) if isinstance(title, dict) else ""
        label = str(ev.get("label_en") if english and ev.get("label_en") else ev.get("label", ""))
        ref = ev.get("ref")
        text = _h(label)
        if isinstance(ref, dict):
            text = f"<a href='ref:{_h(str(ref['panel']))}/{_h(str(ref['kind']))}/{_h(str(ref['key']))}'>{text}</a>"
        rows.append(f"<tr><td class='k'>{when}</td><td class='k'>{_h(lane)}</td><td class='v'>{text}</td></tr>")
    return (f"<h3>{_h(T['around'])} ({len(events)})</h3>"
            f"<table cellspacing='0' cellpadding='2'>{''.join(rows)}</table>")


def detail_html(detail: EntryDetail, zone: ZoneInfo, now: datetime, names: dict[str, str] | None = None,
                terms: Sequence[str] = (), around: Sequence[dict[str, Any]] = ()) -> str:
    """The whole detail pane as HTML (also used to print one entry)."""
    names = names or {}
    T = _texts()
    entry = detail.entry
    shown = entry.display_status(now)
    parts: list[str] = [STYLE]
    title = f"{_h(T['entry'])} {_h(entry.display_no)}"
    badges = [f"<span class='badge {shown}'>{_h(duty_log.label(shown, duty_log.STATUSES))}</span>"]
    if shown == "overdue":
        badges[0] = f"<span class='badge overdue'>⚠ {_h(duty_log.label(shown, duty_log.STATUSES))}</span>"
    if entry.significant:
        badges.append(f"<span class='sig'>★ {_h(_label('significant'))}</span>")
    style = " style='text-decoration: line-through; color:#8a8a8a'" if entry.voided else ""
    parts.append(f"<h2><span{style}>{title}</span> &nbsp; {' &nbsp; '.join(badges)}</h2>")
    if entry.voided:
        parts.append(f"<p class='voided'><b>{_h(T['voided'])}:</b> {_h(entry.void_reason)}</p>")

    by_field: dict[str, list[Amendment]] = {}
    for amendment in detail.history:
        by_field.setdefault(amendment.field, []).append(amendment)

    parts.append("<table cellspacing='0' cellpadding='2'>")
    for field in FIELD_ORDER:
        if field == "author":
            value = names.get(entry.author, entry.author)
            if value != entry.author:
                value = f"{value} ({entry.author})"
        elif field == "recorded_at":
            value = when_text(entry.recorded_at, zone)
        else:
            value = value_text(field, getattr(entry, field), zone)
        cell = _highlight(value, terms)
        amendments = by_field.get(field, [])
        if amendments:
            cell += " <span class='mark'>✎</span>"
            cell += "".join(f"<br>{amendment_html(a, zone, names)}" for a in amendments)
        if field == "recorded_at":
            cell += f" <span class='who'>{_h(T['set_by_the_system'])}</span>"
        parts.append(f"<tr><td class='k'>{_h(_label(field))}</td><td class='v'>{cell}</td></tr>")
    parts.append("</table>")

    parts.append(f"<h3>{_h(_label('instruction'))} ({len(detail.instructions)})</h3>")
    if detail.instructions:
        parts.append("<ol>")
        for ins in detail.instructions:
            recorder = names.get(ins.author, ins.author)
            phone = f" {_h(T['by_phone'])}" if ins.via == "phone" else ""
            parts.append(f"<li>{_highlight(ins.text, terms)} — <b>{_h(ins.leader)}</b>{phone} "
                         f"<span class='who'>({_h(T['recorded_by'])} {_h(recorder)}, {when_text(ins.at, zone)})</span></li>")
        parts.append("</ol>")
    else:
        parts.append(f"<p class='who'>{_h(T['none_yet'])}</p>")

    parts.append(f"<h3>{_h(_label('action'))} ({len(detail.actions)})</h3>")
    if detail.actions:
        parts.append("<ol>")
        for act in detail.actions:
            parts.append(f"<li>{_highlight(act.text, terms)} "
                         f"<span class='who'>({_h(names.get(act.author, act.author))}, {when_text(act.at, zone)})</span></li>")
        parts.append("</ol>")
    else:
        parts.append(f"<p class='who'>{_h(T['none_yet'])}</p>")

    parts.append(f"<h3>{_h(_label('notified'))} ({len(detail.notifications)})</h3>")
    if detail.notifications:
        parts.append("<ol>")
        for note in detail.notifications:
            channel = duty_log.label(note.channel, duty_log.CHANNELS)
            parts.append(f"<li><b>{_h(note.whom)}</b> · {_h(channel)} · {when_text(note.at, zone)} "
                         f"<span class='who'>({_h(T['recorded_by'])} {_h(names.get(note.author, note.author))}, "
                         f"{when_text(note.recorded_at, zone)})</span></li>")
        parts.append("</ol>")
    else:
        parts.append(f"<p class='who'>{_h(T['nobody_notified_yet'])}</p>")

    parts.append(around_html(around, zone))
    parts.append(f"<h3>{_h(T['history'])}</h3><table cellspacing='0' cellpadding='2'>")
    for activity in detail.activity:
        who = names.get(activity.author, activity.author)
        parts.append(f"<tr><td class='k'>{when_text(activity.at, zone)}</td><td class='k'>{_h(who)}</td>"
                     f"<td class='v'>{_h(activity.text)}</td></tr>")
    parts.append("</table>")
    if detail.history:
        parts.append(f"<h3>{_h(T['amendments'])} ({len(detail.history)})</h3><table cellspacing='0' cellpadding='2'>")
        for amendment in detail.history:
            parts.append(f"<tr><td class='k'>{_h(_label(amendment.field))}</td>"
                         f"<td class='v'>{amendment_html(amendment, zone, names)}</td></tr>")
        parts.append("</table>")
    return "".join(parts)


def _highlight(text: str, terms: Sequence[str]) -> str:
    """`text` as HTML with every occurrence of the search terms on a yellow mark."""
    if not terms:
        return _h(text)
    out: list[str] = []
    position = 0
    for start, end in match_spans(text, terms):
        out.append(_h(text[position:start]))
        out.append(f"<span style='background-color:#ffd54a'>{_h(text[start:end])}</span>")
        position = end
    out.append(_h(text[position:]))
    return "".join(out)


class DetailView(QTextBrowser):
    """Read-only rich text of the selected entry."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dutyLogDetail")
        self.setOpenLinks(False)
        self.anchorClicked.connect(self._clicked)
        self.detail: EntryDetail | None = None
        self.show_empty()

    record_clicked = Signal(str, str, str)  # panel, kind, key of a record in "Around this time"

    def _clicked(self, url: QUrl) -> None:
        text = url.toString()
        if text.startswith("ref:"):
            parts = text[4:].split("/", 2)
            if len(parts) == 3:
                self.record_clicked.emit(*parts)

    def show_empty(self) -> None:
        self.detail = None
        T = _texts()
        self.setHtml(f"<p style='color:#777'>{_h(T['select_an_entry_to_see_all_its_fields_and_history'])}</p>")

    def show_detail(self, detail: EntryDetail, zone: ZoneInfo, now: datetime, names: dict[str, str],
                    terms: Sequence[str] = (), around: Sequence[dict[str, Any]] = ()) -> None:
        bar = self.verticalScrollBar()
        keep = bar.value() if self.detail is not None and self.detail.entry.id == detail.entry.id else 0
        self.detail = detail
        self.setHtml(detail_html(detail, zone, now, names, terms, around))
        bar.setValue(keep)
