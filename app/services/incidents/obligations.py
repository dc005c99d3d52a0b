"""Reporting obligations (首报 / 续报 / 终报 / 补报), computed from times — never from a timer.

`compute()` is a pure function of the incident, its reports and casualty series, the rules and
`now`: a deadline that passed while the PC was off is overdue the moment anything asks. For
each stage the applicable enabled rules are those whose type (or an ancestor) and level match;
first reports get one obligation per applicable rule (different recipients and limits); for
follow-up, final and supplementary reports only the most specific rules by type count, and of
those the strictest. Follow-ups run in a chain from the previous report (续报一、二 …) until the
final report; a casualty change after the first report and within the rule's window needs a
补报 (any report sent after the change meets it).
"""

from __future__ import annotations

from collections.abc import Sequence

from app import messages
from app.services.incidents.records import Casualties, IncidentRow, Obligation, Report
from app.services.incidents.rules import Rule, stage_label

MINUTE = 60_000
DAY = 86_400_000
NUMERALS = "一二三四五六七八九十"


def ordinal(n: int) -> str:
    """1 → 一, 12 → 十二, 25 → 二十五 (follow-up report numbers)."""
    if messages.language() != "zh_CN":
        return str(n)
    if n <= 10:
        return NUMERALS[n - 1]
    if n < 20:
        return "十" + NUMERALS[n - 11]
    tens, ones = divmod(n, 10)
    return NUMERALS[tens - 1] + "十" + (NUMERALS[ones - 1] if ones else "")


def followup_label(n: int) -> str:
    return f"续报{ordinal(n)}" if messages.language() == "zh_CN" else f"Follow-up {n}"


def _status(due: int, met: int | None, now: int) -> tuple[str, bool]:
    if met is not None:
        return "met", met > due
    return ("overdue" if now >= due else "due"), False


def _applicable(rules: Sequence[Rule], inc: IncidentRow, stage: str, *, all_of_them: bool) -> list[Rule]:
    scored = [(r.matches(inc.type_code, inc.level), r) for r in rules if r.stage == stage]
    scored = [(s, r) for s, r in scored if s > 0]
    if not scored or all_of_them:
        return [r for _s, r in scored]
    best = max(s for s, _r in scored)
    nearest = [r for s, r in scored if s == best]
    return [min(nearest, key=lambda r: (r.minutes, r.id))]


def compute(inc: IncidentRow, reports: Sequence[Report], casualties: Sequence[Casualties], rules: Sequence[Rule],
            now_ms: int) -> list[Obligation]:
    sent = sorted(reports, key=lambda r: (r.sent_ms, r.hlc))
    firsts = [r for r in sent if r.stage == "first"]
    finals = [r for r in sent if r.stage == "final"]
    follows = [r for r in sent if r.stage == "followup"]
    final = finals[0] if finals else None
    out: list[Obligation] = []

    def add(stage: str, label: str, due: int, rule: Rule, met: Report | None = None, met_ms: int | None = None) -> None:
        when = met.sent_ms if met is not None else met_ms
        status, late = _status(due, when, now_ms)
        if when is None and inc.closed_ms is not None and due > inc.closed_ms:
            return  # due after the incident was closed: no longer owed
        out.append(Obligation(stage, label, due, status, rule.id, rule.citation, rule.note, rule.to, when,
                              met.op_id if met else "", late, inc.id))

    def base(rule: Rule) -> int:
        return inc.received_ms if rule.from_ == "received" else inc.occurred_ms

    for rule in _applicable(rules, inc, "first", all_of_them=True):
        due = base(rule) + rule.minutes * MINUTE
        if rule.satisfied_by == "received":
            add("first", stage_label("first"), due, rule, met_ms=inc.received_ms)
        else:
            add("first", stage_label("first"), due, rule, firsts[0] if firsts else None)

    first = firsts[0] if firsts else None
    for rule in _applicable(rules, inc, "followup", all_of_them=False):
        if first is None:
            break
        prev = first.sent_ms
        n = 1
        pending = [r for r in follows if r.sent_ms >= prev]
        while True:
            due = prev + rule.minutes * MINUTE
            if pending:
                report = pending.pop(0)
                if final is not None and final.sent_ms < report.sent_ms:
                    break
                add("followup", followup_label(n), due, rule, report)
                prev, n = report.sent_ms, n + 1
                continue
            if final is not None:
                if final.sent_ms > due:
                    add("followup", followup_label(n), due, rule, final)
                break
            add("followup", followup_label(n), due, rule)
            break

    for rule in _applicable(rules, inc, "final", all_of_them=False):
        add("final", stage_label("final"), base(rule) + rule.minutes * MINUTE, rule, final)

    for rule in _applicable(rules, inc, "supplement", all_of_them=False):
        if first is None:
            break
        window_end = inc.occurred_ms + rule.window_days * DAY
        series = sorted(casualties, key=lambda c: (c.at_ms, c.hlc))
        previous = None
        for c in series:
            changed = previous is not None and c.counts()[:4] != previous.counts()[:4]
            previous = c
            if not changed or c.at_ms <= first.sent_ms or c.at_ms > window_end:
                continue
            answer = next((r for r in sent if r.sent_ms >= c.at_ms), None)
            add("supplement", stage_label("supplement"), c.at_ms + rule.minutes * MINUTE, rule, answer)
    return out


def open_ones(obligations: Sequence[Obligation]) -> list[Obligation]:
    return sorted((o for o in obligations if o.status != "met"), key=lambda o: o.due_ms)


def countdown(due_ms: int, now_ms: int) -> str:
    """'还剩 1:05' / '超时 0:12' (h:mm; days when longer) in the current language."""
    left = due_ms - now_ms
    span = abs(left) // MINUTE
    days, rest = divmod(span, 1440)
    hours, minutes = divmod(rest, 60)
    text = (f"{days}天" if messages.language() == "zh_CN" else f"{days}d ") if days else ""
    text += f"{hours}:{minutes:02d}"
    if messages.language() == "zh_CN":
        return ("还剩 " if left > 0 else "超时 ") + text
    return ("in " if left > 0 else "overdue ") + text
