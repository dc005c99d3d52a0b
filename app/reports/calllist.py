"""The call list (呼叫名单) as an A4 PDF: the sheet a duty operator keeps by the phone.

One ruled table, grouped by unit (or directory heading), each person with their numbers in call
order (numbers flagged invalid or do-not-call are left out; the count skipped is noted), and
two empty columns to tick and to write the time a person answered. Renders from the plain
data of `CallList.to_json()` so that the GUI, the CLI and the tests print the same sheet.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from app import messages
from app.clock import ms_to_datetime
from app.reports import pdf_base
from app.reports.pdf_base import cell, para, pick, ruled_table

CHUNK = 40
L: dict[str, tuple[str, str]] = {
    "title": ("呼叫名单", "Call List"),
    "continued": ("呼叫名单（续）", "Call List (continued)"),
    "no": ("序号", "No."),
    "unit": ("队伍 / 岗位", "Unit / post"),
    "name": ("姓名", "Name"),
    "role": ("职务", "Role"),
    "phones": ("电话（按拨打顺序）", "Phones (in call order)"),
    "answered": ("应答", "Answered"),
    "time": ("时间", "Time"),
    "skipped": ("另有 {n} 个号码标为无效/勿拨，未列出", "{n} number(s) marked invalid / do-not-call not listed"),
    "none": ("无可拨号码", "no callable number"),
    "facts": ("{station}  ·  范围：{scope}  ·  共 {count} 人  ·  生成：{at}",
              "{station}  ·  Scope: {scope}  ·  {count} people  ·  Made: {at}"),
    "foot": ("拨打顺序：先拨第一个号码，未接通再拨下一个；接通后在“应答”栏打勾并写明时间。",
             "Call the first number; if there is no answer, the next. Tick “Answered” and write the time."),
}


def t(key: str, lang: str, **params: Any) -> str:
    text = pick(L[key], lang)
    return text.format(**params) if params else text


def story(data: dict[str, Any], lang: str, roles: dict[str, tuple[str, str]]) -> list[Flowable]:
    st = pdf_base.styles()
    width = pdf_base.frame_width()
    parts = (8, 38, 20, 16, 62, 14, 20)
    widths = [width * p / sum(parts) for p in parts]
    head = [para(t(k, lang), st.cell_bold) for k in ("no", "unit", "name", "role", "phones", "answered", "time")]
    rows: list[list[Any]] = [head]
    shade: list[int] = []
    section = None
    number = 0
    for e in data["entries"]:
        if e["section"] != section:
            section = e["section"]
            rows.append([para(section or "—", st.cell_bold), "", "", "", "", "", ""])
            shade.append(len(rows) - 1)
        number += 1  # noqa: SIM113 (section rows are not numbered)
        phones = "  /  ".join(p["number"] + (f"（{p['label']}）" if p["label"] else "") for p in e["numbers"])
        if not phones:
            phones = t("none", lang)
        if e["skipped"]:
            phones += "\n" + t("skipped", lang, n=e["skipped"])
        rows.append([str(number), cell(section or "", st.cell, widths[1]), cell(e["name"], st.cell_bold, widths[2],
                                                                               bold=True),
                     cell(pick(roles.get(e["role"], (e["role"], e["role"])), lang), st.cell, widths[3]),
                     cell(phones, st.cell, widths[4]), "", ""])
    # one table per chunk: reportlab splits a long table at every page again (quadratic in its
    # length); chunks of a page or so keep 1,000 people well under the 2 s a sheet may take
    story: list[Flowable] = []
    body = rows[1:]
    shaded = {r - 1 for r in shade}
    for start in range(0, len(body), CHUNK):
        part = body[start:start + CHUNK]
        marks = [n + 1 for n in range(len(part)) if start + n in shaded]
        extra = [("SPAN", (0, r), (-1, r)) for r in marks]
        story.append(ruled_table([head, *part], widths, shade=marks, extra=extra))
    story += [Spacer(1, 4 * mm), para(t("foot", lang), st.small)]
    return story


def write(data: dict[str, Any], path: str | Path, *, station: str, zone: ZoneInfo,
          roles: dict[str, tuple[str, str]], lang: str | None = None) -> int:
    """Write the call list PDF (atomically); returns the page count."""
    lang = lang or messages.language()
    made = ms_to_datetime(data["generated_ms"]).astimezone(zone).strftime("%Y-%m-%d %H:%M")
    facts = t("facts", lang, station=station, scope=data["title"] or "—", count=len(data["entries"]), at=made)
    furniture = pdf_base.Furniture(t("title", lang), t("continued", lang), facts, lang)
    flow = story(data, lang, roles)

    def render(handle: Any) -> int:
        return pdf_base.build(handle, flow, furniture, title=f"{t('title', lang)} {data['title']}")

    return pdf_base.write_pdf(path, render)
