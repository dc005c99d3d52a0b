"""The handover sheet (交接班记录) PDF: A4 portrait, printed-form look.

Renders the plain-data sheet made by `app/services/handover.py` (a dict; this module does not
read the database), in the language asked for (the English UI prints an English sheet) and the
station's zone. Same content in, same file out: a reprint of a past shift is identical.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table

from app import formatting, messages
from app.clock import ms_to_datetime
from app.reports import pdf_base
from app.reports.pdf_base import para, pick, ruled_table

L: dict[str, tuple[str, str]] = {
    "title": ("交接班记录", "Shift Handover Record"),
    "continued": ("交接班记录（续）", "Shift Handover Record (continued)"),
    "station": ("值班单位", "Duty station"),
    "no": ("编号", "Sheet no."),
    "period": ("值班时段", "Shift period"),
    "handover": ("交接班时间", "Handover time"),
    "leader": ("带班领导", "Leader on duty"),
    "lead": ("值班长", "Shift lead"),
    "out": ("交班人员", "Outgoing"),
    "in": ("接班人员", "Incoming"),
    "preview": ("预览（尚未交班，无编号）", "Preview (not handed over, no number)"),
    "notes": ("值班情况及提醒", "Situation and reminders"),
    "equipment": ("设备状况", "Equipment status"),
    "ok": ("正常", "Working"),
    "fault": ("故障", "Fault"),
    "signatures": ("交接签字", "Signatures"),
    "sig_out": ("交班人", "Outgoing"),
    "sig_in": ("接班人", "Incoming"),
    "sig_leader": ("带班领导", "Leader on duty"),
    "confirmed": ("系统确认时间", "Confirmed in DutyDesk"),
    "signature": ("签字", "Signature"),
    "seal": ("日志封存：{short}（核对：dutydesk check --seal {token}）",
             "Log seal: {short} (verify: dutydesk check --seal {token})"),
    "no_seal": ("日志封存：交接时站点密钥不可用，未封存（下次导出时封存）",
                "Log seal: the station key was not available at the handover — not sealed (the next export seals it)"),
    "not_confirmed": ("（未确认）", "(not confirmed)"),
    "none": ("无", "None"),
    "amended": ("已更正", "corrected"),
    "count": ("共 {n} 条", "{n} in all"),
    "pending": ("—", "—"),
}


def t(key: str, lang: str, **params: Any) -> str:
    text = pick(L[key], lang)
    return text.format(**params) if params else text


def _with_lang(lang: str) -> Any:
    """Format dates in `lang` (formatting follows messages' current language)."""

    class _Lang:
        def __enter__(self) -> None:
            self.saved = messages.language()
            messages.set_language(lang)

        def __exit__(self, *exc: object) -> None:
            messages.set_language(self.saved)

    return _Lang()


def _corrected_by(c: dict[str, Any], zone: ZoneInfo, lang: str) -> str:
    when = formatting.short_datetime(ms_to_datetime(int(c["ms"])), zone)
    return f"{c['by']} {when} 更正" if pdf_base.zh(lang) else f"corrected by {c['by']} {when}"


def _old_label(c: dict[str, Any], lang: str) -> str:
    """'原内容' for the summary, else the field's label."""
    if c.get("summary"):
        return "原内容" if pdf_base.zh(lang) else "was"
    return pick(c["field"], lang) + ("原为" if pdf_base.zh(lang) else " was")


def cell_text(value: Any, lang: str, zone: ZoneInfo) -> str:
    if isinstance(value, dict) and "amended" in value:
        with _with_lang(lang):
            notes = [f"{_old_label(c, lang)}“{pick(c['old'], lang)}”，{_corrected_by(c, zone, lang)}" if pdf_base.zh(lang)
                     else f"{_old_label(c, lang)} “{pick(c['old'], lang)}”, {_corrected_by(c, zone, lang)}"
                     for c in value["amended"]]
        mark = t("amended", lang)
        return f"{value['text']} [{mark}: " + ("；" if pdf_base.zh(lang) else "; ").join(notes) + "]"
    if isinstance(value, dict):
        if "ms" in value:
            when = ms_to_datetime(int(value["ms"]))
            if value.get("fmt") == "short":
                return formatting.short_datetime(when, zone)
            return formatting.datetime_text(when, zone, seconds=False)
        return pick(value, lang)
    return "" if value is None else str(value)


def period_text(start_ms: int, end_ms: int, zone: ZoneInfo, lang: str) -> str:
    s = ms_to_datetime(start_ms).astimezone(zone)
    e = ms_to_datetime(end_ms).astimezone(zone)
    if pdf_base.zh(lang):
        tail = f"{e:%H:%M}"
        if e.date() != s.date():
            tail = (f"{e.year}年" if e.year != s.year else "") + f"{e.month}月{e.day}日 " + tail
        return f"{s.year}年{s.month}月{s.day}日 {s:%H:%M} 至 {tail}"
    with _with_lang("en"):
        head = formatting.datetime_text(s, zone, seconds=False)
        tail = f"{e:%H:%M}" if e.date() == s.date() else formatting.datetime_text(e, zone, seconds=False)
    return f"{head} – {tail}"


def _names(group: dict[str, Any] | None, lang: str) -> str:
    if not group:
        return "—"
    sep = "、" if pdf_base.zh(lang) else ", "
    parts: list[str] = []
    for role in ("leader", "lead"):
        person = group.get(role)
        if person:
            label = t(role, lang)
            parts.append(f"{person['n']}（{label}）" if pdf_base.zh(lang) else f"{person['n']} ({label})")
    parts.extend(p["n"] for p in group.get("operators", []) if p)
    return sep.join(parts) or "—"


def _name(person: dict[str, str] | None) -> str:
    return person["n"] if person else "—"


def _when(ms: int | None, zone: ZoneInfo, lang: str) -> str:
    if ms is None:
        return ""
    with _with_lang(lang):
        return formatting.datetime_text(ms_to_datetime(ms), zone)


def _info_table(sheet: dict[str, Any], zone: ZoneInfo, lang: str, width: float) -> Table:
    st = pdf_base.styles()
    c = st.cell
    b = st.cell_bold
    shift = sheet["shift"]
    period = period_text(shift["start_ms"], shift["end_ms"], zone, lang)
    handover = _when(sheet.get("handover_ms"), zone, lang) or t("preview", lang)
    out, inc = sheet.get("out") or {}, sheet.get("in") or {}
    rows = [
        [para(t("station", lang), b), para(sheet["station"]["name"], c), para(t("no", lang), b),
         para(sheet.get("sheet_no") or "—", c)],
        [para(t("period", lang), b), para(period, c), para(t("handover", lang), b), para(handover, c)],
        [para(t("leader", lang), b), para(_name(out.get("leader")), c), para(t("lead", lang), b),
         para(_name(out.get("lead")), c)],
        [para(t("out", lang), b), para(_names(out, lang), c), "", ""],
        [para(t("in", lang), b), para(_names(inc, lang), c), "", ""],
    ]
    w = [width * 0.15, width * 0.42, width * 0.15, width * 0.28]
    return ruled_table(rows, w, header_rows=0, extra=[
        ("SPAN", (1, 3), (3, 3)), ("SPAN", (1, 4), (3, 4)),
        ("BACKGROUND", (0, 0), (0, -1), pdf_base.SHADE), ("BACKGROUND", (2, 0), (2, 2), pdf_base.SHADE),
    ])


def numbered(n: int, title: str, lang: str) -> str:
    """'一、title' / '1. title'."""
    if pdf_base.zh(lang):
        digits = "一二三四五六七八九十"
        label = digits[n - 1] if n <= 10 else ("十" + digits[n - 11] if n < 20 else str(n))
        return f"{label}、{title}"
    return f"{n}. {title}"


def amended_cell(value: dict[str, Any], zone: ZoneInfo, lang: str, *, bold: bool = False,
                 strike: bool = False) -> Paragraph:
    """An amended entry's summary: the current text marked 已更正, then every correction with the
    old value struck through and who changed it when (issue 3: every print shows corrections)."""
    st = pdf_base.styles()
    esc = pdf_base.esc
    body = esc(str(value.get("text", "")))
    if strike:
        body = f"<strike>{body}</strike>"
    lines = [f"{body} <font size=\"7\">[{esc(t('amended', lang))}]</font>"]
    with _with_lang(lang):
        for c in value.get("amended", []):
            label = esc(_old_label(c, lang))
            old = esc(pick(c["old"], lang))
            sep = "：" if pdf_base.zh(lang) else ": "
            lines.append(f"<font size=\"7\">{label}{sep}<strike>{old}</strike>（{esc(_corrected_by(c, zone, lang))}）</font>"
                         if pdf_base.zh(lang) else
                         f"<font size=\"7\">{label}{sep}<strike>{old}</strike> ({esc(_corrected_by(c, zone, lang))})</font>")
    style = st.cell_bold if bold else st.cell
    return Paragraph("<br/>".join(lines), style)


def _section(section: dict[str, Any], zone: ZoneInfo, lang: str, width: float, n: int) -> list[Flowable]:
    st = pdf_base.styles()
    columns = section["columns"]
    total = sum(col["w"] for col in columns) or 1
    widths = [width * col["w"] / total for col in columns]
    title = numbered(n, pick(section["title"], lang), lang)
    rows_in = section["rows"]
    if rows_in:
        title += "　" + t("count", lang, n=len(rows_in)) if pdf_base.zh(lang) else f"  ({t('count', lang, n=len(rows_in))})"
    heading = Paragraph(pdf_base.esc(title), st.heading)
    header = [para(pick(col["label"], lang), st.cell_bold) for col in columns]
    rows: list[list[Any]] = [header]
    extra: list[tuple[Any, ...]] = []
    if not rows_in:
        rows.append([para(pick(section.get("empty") or L["none"], lang), st.cell)] + [""] * (len(columns) - 1))
        extra.append(("SPAN", (0, 1), (-1, 1)))
    for i, row in enumerate(rows_in, start=1):
        mark = row.get("mark", "")
        bold = mark in ("significant", "overdue")
        rows.append([
            amended_cell(v, zone, lang, bold=bold, strike=mark == "struck") if isinstance(v, dict) and "amended" in v
            else pdf_base.cell(cell_text(v, lang, zone), st.cell, w, bold=bold, strike=mark == "struck")
            for v, w in zip(row["cells"], widths, strict=True)
        ])
        if bold:
            extra.append(("FONTNAME", (0, i), (-1, i), st.bold))
    table = ruled_table(rows, widths, extra=extra)
    out: list[Flowable] = [CondPageBreak(30 * mm), KeepTogether([heading, table]) if len(rows) < 4 else heading]
    if len(rows) >= 4:
        out.append(table)
    note = section.get("note")
    if note and rows_in:
        out.append(Paragraph(pdf_base.esc(pick(note, lang)), st.small))
    return out


def _notes(sheet: dict[str, Any], lang: str, width: float, n: int) -> list[Flowable]:
    st = pdf_base.styles()
    notes = sheet.get("notes") or ""
    body = para(notes, st.body) if notes else Spacer(1, 24 * mm)
    table = ruled_table([[body]], [width], header_rows=0)
    return [CondPageBreak(40 * mm), Paragraph(pdf_base.esc(numbered(n, t("notes", lang), lang)), st.heading), table]


def _equipment(sheet: dict[str, Any], lang: str, width: float, n: int) -> list[Flowable]:
    st = pdf_base.styles()
    items = sheet.get("equipment") or []
    cells: list[Any] = []
    for item in items:
        ok = item.get("ok")
        cells.append([
            para(pick(item["label"], lang), st.cell_bold),
            pdf_base.TickBox(ok is True, t("ok", lang), st.font),
            pdf_base.TickBox(ok is False, t("fault", lang), st.font),
        ])
    rows = []
    for i in range(0, len(cells), 2):
        pair = cells[i:i + 2]
        row: list[Any] = []
        for group in pair:
            row.extend(group)
        while len(row) < 6:
            row.append("")
        rows.append(row)
    w = width / 2
    widths = [w * 0.46, w * 0.27, w * 0.27] * 2
    table = ruled_table(rows, widths, header_rows=0,
                        extra=[("BACKGROUND", (0, 0), (0, -1), pdf_base.SHADE),
                               ("BACKGROUND", (3, 0), (3, -1), pdf_base.SHADE)])
    return [KeepTogether([Paragraph(pdf_base.esc(numbered(n, t("equipment", lang), lang)), st.heading), table])]


def _signatures(sheet: dict[str, Any], zone: ZoneInfo, lang: str, width: float, n: int) -> list[Flowable]:
    st = pdf_base.styles()
    confirmed = {c["role"]: c for c in sheet.get("confirmations", [])}
    out = sheet.get("out") or {}
    header = [para(x, st.cell_bold) for x in ("", t("signature", lang), t("confirmed", lang))]
    rows: list[list[Any]] = [header]
    for role, key in (("outgoing", "sig_out"), ("incoming", "sig_in"), ("leader", "sig_leader")):
        c = confirmed.get(role)
        if c is not None:
            who, when = c["n"], _when(c["at_ms"], zone, lang)
        else:
            who = _name(out.get("leader")) if role == "leader" else ""
            when = t("not_confirmed", lang) if not sheet.get("preview") else ""
        label = f"{t(key, lang)}：{who}" if pdf_base.zh(lang) else f"{t(key, lang)}: {who}"
        rows.append([para(label, st.cell), Spacer(1, 10 * mm), para(when, st.cell)])
    table = ruled_table(rows, [width * 0.34, width * 0.33, width * 0.33])
    parts: list[Flowable] = [Paragraph(pdf_base.esc(numbered(n, t("signatures", lang), lang)), st.heading), table]
    if "seal" in sheet and not sheet.get("preview"):  # the log's seal of this handover (issue 9)
        seal = sheet.get("seal")
        line = (t("seal", lang, short=seal["short"], token=seal["token"]) if isinstance(seal, dict)
                else t("no_seal", lang))
        parts += [Spacer(1, 2 * mm), para(line, st.cell)]
    return [KeepTogether(parts)]


def story(sheet: dict[str, Any], lang: str) -> list[Flowable]:
    zone = ZoneInfo(sheet.get("zone") or "Asia/Shanghai")
    width = pdf_base.frame_width()
    flow: list[Flowable] = [_info_table(sheet, zone, lang, width), Spacer(1, 2 * mm)]
    n = 0
    for n, section in enumerate(sheet.get("sections", []), start=1):
        flow.extend(_section(section, zone, lang, width, n))
    flow.extend(_notes(sheet, lang, width, n + 1))
    flow.extend(_equipment(sheet, lang, width, n + 2))
    flow.extend(_signatures(sheet, zone, lang, width, n + 3))
    return flow


def furniture(sheet: dict[str, Any], lang: str) -> pdf_base.Furniture:
    zone = ZoneInfo(sheet.get("zone") or "Asia/Shanghai")
    shift = sheet["shift"]
    period = period_text(shift["start_ms"], shift["end_ms"], zone, lang)
    sep = "：" if pdf_base.zh(lang) else ": "
    facts = f"{t('station', lang)}{sep}{sheet['station']['name']}　　{t('period', lang)}{sep}{period}"
    number = sheet.get("sheet_no") or t("preview", lang)
    return pdf_base.Furniture(t("title", lang), t("continued", lang), facts, lang,
                              right_note=f"{t('no', lang)}{sep}{number}")


def render_to(handle: Any, sheet: dict[str, Any], lang: str | None = None) -> int:
    lang = lang or messages.language()
    return pdf_base.build(handle, story(sheet, lang), furniture(sheet, lang),
                          title=f"{t('title', lang)} {sheet.get('sheet_no') or ''}".strip())


def render(sheet: dict[str, Any], path: str | Path, lang: str | None = None) -> int:
    """Write the sheet as a PDF at `path` (atomically); returns the number of pages."""
    return pdf_base.write_pdf(path, lambda handle: render_to(handle, sheet, lang))

