"""Printed supply forms (A4): vouchers (入库单 / 出库单 / 调拨单 / 退库单 / 报废单 / 冲销单) with
signature lines, and count sheets (盘点表) with a blank count column, from the plain dicts of
app/services/supplies/vouchers.py. Built on pdf_base like the handover sheet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from app import messages
from app.reports import pdf_base
from app.reports.pdf_base import cell, para, pick, ruled_table

LABELS: dict[str, tuple[str, str]] = {
    "no": ("单号", "No."), "date": ("日期", "Date"), "depot": ("仓库", "Depot"), "to_depot": ("调入仓库", "To depot"),
    "from_depot": ("调出仓库", "From depot"), "item": ("物资编码", "Item code"), "name": ("品名", "Item"),
    "spec": ("规格型号", "Specification"), "unit": ("单位", "Unit"), "lot": ("批号", "Lot"), "qty": ("数量", "Quantity"),
    "lost": ("途损", "Lost in transit"), "serials": ("序列号", "Serial numbers"), "to": ("领用方", "Recipient"),
    "approver": ("批准领导", "Approved by"), "reason": ("事由 / 原因", "Reason"), "doc_no": ("来源单据号", "Source document"),
    "voucher_no": ("凭证号", "Voucher no."), "emergency": ("紧急出库（凭领导指令先行发放，手续后补）",
                                                          "Emergency issue (on a leader's instruction; paperwork follows)"),
    "incident": ("关联事件", "Incident"), "original": ("冲销原单", "Reverses"), "author": ("制单", "Prepared by"),
    "reversed": ("本单已冲销", "This movement has been reversed"), "station": ("单位", "Station"),
    "sign": ("签字", "Signature"), "sign_date": ("日期", "Date"), "count_title": ("盘点表", "Stock count sheet"),
    "count_cont": ("盘点表（续）", "Stock count sheet (cont.)"), "book": ("账面数", "Book"),
    "counted": ("实盘数", "Counted"), "diff": ("差异", "Difference"), "remark": ("备注", "Remarks"),
    "location": ("货位", "Location"), "blind": ("盲盘（不显示账面数）", "Blind count (book quantity not shown)"),
    "as_of": ("盘点时点", "As of"), "counter": ("盘点人", "Counted by"), "checker": ("监盘人", "Witnessed by"),
    "keeper": ("保管员", "Storekeeper"), "cont": ("（续）", " (cont.)"), "seq": ("序号", "#"),
}


def t(key: str, lang: str) -> str:
    return pick(LABELS[key], lang)


def _sep(lang: str) -> str:
    return "：" if pdf_base.zh(lang) else ": "


def _signature_table(pairs: list[list[str]], lang: str, width: float) -> Flowable:
    st = pdf_base.styles()
    header = [para("", st.cell_bold), para(t("sign", lang), st.cell_bold), para(t("sign_date", lang), st.cell_bold)]
    rows: list[list[Any]] = [header]
    for pair in pairs:
        rows.append([para(pick(tuple(pair), lang), st.cell), Spacer(1, 11 * mm), para("", st.cell)])  # type: ignore[arg-type]
    return ruled_table(rows, [width * 0.3, width * 0.4, width * 0.3])


def voucher_story(v: dict[str, Any], lang: str) -> list[Flowable]:
    st = pdf_base.styles()
    width = pdf_base.frame_width()
    sep = _sep(lang)
    facts: list[tuple[str, str]] = [(t("no", lang), v["no"]), (t("date", lang), v["date"]),
                                    (t("depot", lang) if v["kind"] != "transfer_in" else t("to_depot", lang), v["depot"])]
    if v["other_depot"]:
        facts.append((t("to_depot", lang) if v["kind"] == "transfer_out" else t("from_depot", lang), v["other_depot"]))
    if v["to"]:
        facts.append((t("to", lang), v["to"]))
    if v["approver"]:
        facts.append((t("approver", lang), v["approver"]))
    if v["doc_no"]:
        facts.append((t("doc_no", lang), v["doc_no"]))
    if v["kind"] == "issue":
        facts.append((t("voucher_no", lang), v["voucher_no"] or "＿＿＿＿＿＿"))
    if v["incident_id"]:
        facts.append((t("incident", lang), v["incident_id"]))
    if v["original"]:
        facts.append((t("original", lang), v["original"]))
    facts.append((t("author", lang), v["author"]))
    info_rows = []
    for i in range(0, len(facts), 2):
        pair = facts[i:i + 2]
        row: list[Any] = []
        for label, value in pair:
            row += [para(label, st.cell_bold), para(str(value), st.cell)]
        while len(row) < 4:
            row.append("")
        info_rows.append(row)
    flow: list[Flowable] = [ruled_table(info_rows, [width * 0.14, width * 0.36, width * 0.14, width * 0.36],
                                        header_rows=0), Spacer(1, 4 * mm)]
    if v["emergency"]:
        flow += [para("■ " + t("emergency", lang), st.body, bold=True), Spacer(1, 2 * mm)]
    if v["reversed"]:
        flow += [para("■ " + t("reversed", lang), st.body, bold=True), Spacer(1, 2 * mm)]
    heads = [t(k, lang) for k in ("seq", "item", "name", "spec", "lot", "unit", "qty")]
    widths = [width * w for w in (0.06, 0.14, 0.2, 0.26, 0.14, 0.08, 0.12)]
    qty = str(v["qty"]) + (f"（{t('lost', lang)} {v['lost']}）" if v["lost"] else "")
    cells = ["1", v["item"], v["name"], v["spec"], v["lot"], v["unit"], qty]
    rows = [[para(h, st.cell_bold) for h in heads],
            [cell(str(c), st.cell, widths[i], strike=bool(v["reversed"])) for i, c in enumerate(cells)]]
    flow.append(ruled_table(rows, widths))
    if v["serials"]:
        flow += [Spacer(1, 2 * mm), para(f"{t('serials', lang)}{sep}" + "、".join(v["serials"]), st.cell)]
    if v["reason"]:
        flow += [Spacer(1, 2 * mm), para(f"{t('reason', lang)}{sep}{v['reason']}", st.body)]
    flow += [Spacer(1, 6 * mm), KeepTogether([_signature_table(v["signatures"], lang, width)])]
    return flow


def render_voucher(v: dict[str, Any], path: str | Path, lang: str | None = None) -> int:
    lang = lang or messages.language()
    title = pick(tuple(v["title"]), lang)
    furniture = pdf_base.Furniture(title, title + t("cont", lang), f"{t('station', lang)}{_sep(lang)}{v['station']}",
                                   lang, right_note=f"{t('no', lang)}{_sep(lang)}{v['no']}")
    return pdf_base.write_pdf(path, lambda handle: pdf_base.build(handle, voucher_story(v, lang), furniture,
                                                                  title=f"{title} {v['no']}"))


def count_story(c: dict[str, Any], lang: str) -> list[Flowable]:
    st = pdf_base.styles()
    width = pdf_base.frame_width()
    flow: list[Flowable] = []
    if c["blind"]:
        flow += [para("■ " + t("blind", lang), st.body, bold=True), Spacer(1, 2 * mm)]
    heads = [t(k, lang) for k in ("seq", "item", "name", "spec", "lot", "location", "unit", "book", "counted", "diff",
                                  "remark")]
    widths = [width * w for w in (0.05, 0.11, 0.13, 0.16, 0.12, 0.07, 0.05, 0.08, 0.08, 0.07, 0.08)]
    rows: list[list[Any]] = [[para(h, st.cell_bold) for h in heads]]
    for n, line in enumerate(c["lines"], start=1):
        book = "" if line["book"] is None else str(line["book"])
        values = [str(n), line["item"], line["name"], line["spec"], line["lot"], "", line["unit"], book, "", "", ""]
        rows.append([cell(x, st.cell, widths[i]) for i, x in enumerate(values)])
    table = ruled_table(rows, widths)
    table._argH = [None] + [8 * mm] * (len(rows) - 1)  # room to write the counted figure by hand
    flow.append(table)
    pairs = [list(LABELS["counter"]), list(LABELS["checker"]), list(LABELS["keeper"])]
    flow += [Spacer(1, 6 * mm), KeepTogether([_signature_table(pairs, lang, width)])]
    return flow


def render_count_sheet(c: dict[str, Any], path: str | Path, lang: str | None = None) -> int:
    lang = lang or messages.language()
    sep = _sep(lang)
    facts = f"{t('station', lang)}{sep}{c['station']}　{t('depot', lang)}{sep}{c['depot']}　{t('as_of', lang)}{sep}{c['as_of']}"
    furniture = pdf_base.Furniture(t("count_title", lang), t("count_cont", lang), facts, lang,
                                   right_note=f"{t('no', lang)}{sep}{c['no']}")
    return pdf_base.write_pdf(path, lambda handle: pdf_base.build(handle, count_story(c, lang), furniture,
                                                                  title=f"{t('count_title', lang)} {c['no']}"))
