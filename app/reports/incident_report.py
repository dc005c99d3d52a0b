"""The incident report (突发事件信息报告): 首报 / 续报一、二 … / 终报, A4, the handover sheet's look.

Title, time, place, type, level, casualties as of the report time, what was done (the linked
duty-log entries with their actions), teams and supplies (other areas' timeline events for the
incident), signature lines. The report time is the recorded report's sent time when that report
has been recorded, else now (a draft to send).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from app import messages
from app.clock import ms_to_datetime
from app.reports import pdf_base
from app.services import duty_log, station
from app.services.incidents import incidents, levels, obligations, reports, rules
from app.services.incidents.records import IncidentDetail
from app.storage.engine import Database


def chooser(zh: bool) -> Callable[[str, str], str]:
    """Pick the Chinese or the English text."""

    def pick(a: str, b: str) -> str:
        return a if zh else b
    return pick


def stage_title(stage: str, number: int, lang: str) -> str:
    if stage == "followup":
        saved = messages.language()
        messages.set_language(lang)
        try:
            label = obligations.followup_label(number)
        finally:
            messages.set_language(saved)
        return f"突发事件信息{label}" if pdf_base.zh(lang) else f"Incident report — {label}"
    pair = rules.STAGES.get(stage, (stage, stage))
    return f"突发事件信息{pair[0]}" if pdf_base.zh(lang) else f"Incident report — {pair[1]}"


def report_time(d: IncidentDetail, stage: str, number: int, now_ms: int) -> tuple[int, bool]:
    """(as-of time, whether the report has been recorded as sent)."""
    same = [r for r in d.reports if r.stage == stage]
    index = (number - 1) if stage == "followup" and number > 0 else 0
    if 0 <= index < len(same):
        return same[index].sent_ms, True
    return now_ms, False


def next_number(d: IncidentDetail) -> int:
    return sum(1 for r in d.reports if r.stage == "followup") + 1


def _when(db: Database, ms: int | None) -> str:
    return "" if ms is None else ms_to_datetime(ms).astimezone(duty_log.zone(db)).strftime("%Y-%m-%d %H:%M:%S")


def story(db: Database, d: IncidentDetail, stage: str, number: int, lang: str) -> tuple[list[Flowable], str]:
    st = pdf_base.styles()
    width = pdf_base.frame_width()
    zh = pdf_base.zh(lang)
    inc = d.incident
    as_of, recorded = report_time(d, stage, number, db.wall())
    L = chooser(zh)
    out: list[Flowable] = []
    counts = [c for c in d.casualties if c.at_ms <= as_of]
    c = counts[-1] if counts else None
    q = [x for x in d.quakes if x.hlc and x.origin_ms <= as_of + 86_400_000]
    chosen = [x for x in q if x.formal] or q
    quake = chosen[-1] if chosen else None
    info = [
        [L("事件编号", "Number"), inc.no, L("事件类型", "Type"), inc.type_name if zh else inc.type_code],
        [L("事件等级", "Level"), levels.LEVELS[inc.level][0 if zh else 1] + (f"（{inc.level_basis}）" if inc.level_basis else ""),
         L("状态", "Status"), incidents.STATUSES[inc.status][0 if zh else 1]],
        [L("发生时间", "Occurred"), _when(db, inc.occurred_ms), L("接报时间", "Received"), _when(db, inc.received_ms)],
        [L("发生地点", "Place"), f"{inc.township}{inc.village}{inc.place}",
         L("坐标", "Coordinates"), "" if inc.lat is None else f"{inc.lat:.2f}°N {inc.lon:.2f}°E"],
    ]
    if quake is not None:
        info.append([L("地震参数", "Earthquake"), f"M{quake.magnitude}  {L('震源深度', 'depth')} {quake.depth_km} km",
                     L("测定", "Measurement"), L("正式测定", "formal") if quake.formal else L("自动测定", "automatic")])
    if inc.exercise:
        info.append([L("演练", "Drill"), L("本事件为演练，不计入统计", "This is a drill (not counted)"), "", ""])
    w4 = [width * 0.14, width * 0.36, width * 0.14, width * 0.36]
    out.append(pdf_base.ruled_table([[pdf_base.cell(str(v), st.cell, w4[i], bold=i % 2 == 0)
                                      for i, v in enumerate(row)] for row in info], w4, header_rows=0,
                                    extra=[("BACKGROUND", (0, 0), (0, -1), pdf_base.SHADE),
                                           ("BACKGROUND", (2, 0), (2, -1), pdf_base.SHADE)]))
    out.append(pdf_base.para(L("一、事件概况", "1. Summary"), st.heading))
    out.append(pdf_base.para(inc.summary, st.body))
    if inc.paper_form:
        out.append(pdf_base.para(L(f"补录自纸质表格 No. {inc.paper_form}", f"Entered from paper form No. {inc.paper_form}"),
                                 st.small))
    out.append(pdf_base.para(L(f"二、人员伤亡和损失（截至 {_when(db, as_of)}）",
                               f"2. Casualties and losses (as of {_when(db, as_of)})"), st.heading))
    heads = [L("死亡", "Dead"), L("失踪", "Missing"), L("受伤", "Injured"), L("重伤", "Serious"),
             L("转移安置", "Evacuated"), L("房屋损坏(户)", "Houses"), L("直接经济损失(元)", "Loss (yuan)")]
    values = [str(v) for v in (c.counts() if c else (0,) * 7)]
    w7 = [width / 7] * 7
    out.append(pdf_base.ruled_table([heads, values], w7))
    if d.level_too_low:
        out.append(pdf_base.para(messages.text("incident.level_warning", implied=levels.label(d.implied_level or ""),
                                               citation=levels.CITATION, recorded=levels.label(inc.level)), st.small))
    out.append(pdf_base.para(L("三、处置情况", "3. What was done"), st.heading))
    entries = [e for e in d.entries if int(e.received_at.timestamp() * 1000) <= as_of]
    rows: list[list[Any]] = [[L("时间", "Time"), L("编号", "No."), L("内容", "Entry"), L("处理情况", "Action")]]
    wd = [width * 0.16, width * 0.12, width * 0.44, width * 0.28]
    for e in entries:
        rows.append([pdf_base.cell(e.received_at.astimezone(duty_log.zone(db)).strftime("%m-%d %H:%M"), st.cell, wd[0]),
                     pdf_base.cell(e.display_no, st.cell, wd[1]), pdf_base.para(e.summary, st.cell),
                     pdf_base.para(e.action or e.instruction, st.cell)])
    if len(rows) == 1:
        rows.append(["", "", L("（无关联的值班记录）", "(no linked entries)"), ""])
    out.append(pdf_base.ruled_table(rows, wd))
    out.append(pdf_base.para(L("四、救援力量和物资", "4. Teams and supplies"), st.heading))
    related = [e for e in d.related if int(e["ms"]) <= as_of]
    rows = [[L("时间", "Time"), L("类别", "Lane"), L("内容", "What")]]
    wr = [width * 0.18, width * 0.16, width * 0.66]
    for e in related:
        title = e.get("lane_title") or {}
        rows.append([_when(db, int(e["ms"]))[5:16], pdf_base.pick(title, lang) if title else str(e.get("lane", "")),
                     pdf_base.para(str(e.get("label", "")), st.cell)])
    if len(rows) == 1:
        rows.append(["", "", L("（暂无队伍出动和物资调拨记录）", "(no team deployed or supplies issued on record)")])
    out.append(pdf_base.ruled_table(rows, wr))
    sent = [r for r in d.reports if r.stage == stage]
    out.append(Spacer(1, 8 * mm))
    sig = [[L("填报人：", "Prepared by:"), "", L("审核（值班长）：", "Checked (shift lead):"), "",
            L("签发（带班领导）：", "Approved (leader):"), ""],
           [L("报送单位：", "Sent to:"), sent[0].sent_to if sent and recorded else "", L("报送方式：", "Channel:"),
            (reports.CHANNELS.get(sent[0].channel, ("", ""))[0 if zh else 1] if sent and recorded else ""),
            L("报送时间：", "Sent at:"), _when(db, as_of)[:16] if recorded else ""]]
    ws = [width * 0.12, width * 0.2, width * 0.16, width * 0.18, width * 0.16, width * 0.18]
    out.append(pdf_base.ruled_table(sig, ws, header_rows=0))
    note = "" if recorded else L("草稿：本报告尚未记录报送", "Draft: not yet recorded as sent")
    return out, note


def render_to(db: Database, handle: Any, d: IncidentDetail, stage: str, number: int, lang: str) -> int:
    info = station.info(db)
    title = stage_title(stage, number, lang)
    flow, note = story(db, d, stage, number, lang)
    facts = f"{info.name}　{d.incident.no}　{d.incident.title}"
    furniture = pdf_base.Furniture(title, title + ("（续）" if pdf_base.zh(lang) else " (cont.)"), facts, lang, note)
    return pdf_base.build(handle, flow, furniture, title=title)


def write(db: Database, ref: str, stage: str, path: str | Path, *, number: int = 0, lang: str | None = None) -> int:
    d = reports.detail(db, ref)
    if stage == "followup" and number <= 0:
        number = next_number(d)
    language = lang or messages.language()
    return pdf_base.write_pdf(path, lambda handle: render_to(db, handle, d, stage, number, language))
