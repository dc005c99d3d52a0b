"""Deadline rules (信息报告时限): shipped defaults with their citations, changed per station.

The defaults are db/reference/deadline_rules.json. A station changes a rule (or adds one) with
an `incident.rule.set` operation carrying the whole rule; the newest (by HLC) wins. Each rule:

- `id`, `stage` (first / followup / final / supplement), `types` (type codes; a rule applies to
  an incident whose type or an ancestor is listed; [] = every type), `levels` ([] = every level);
- `from`: what the limit counts from — `occurred`, `received`, `previous` (the previous report,
  for follow-ups) or `change` (a casualty change, for 补报); `minutes` (≥ 0); `window_days`
  (补报: changes within this many days of the incident);
- `to` (the recipient), `citation` (the source), `note` (what could not be confirmed),
  `confirmed`, `enabled`, `ruleset` ('default' or 'local' example rules, shipped disabled),
  `satisfied_by` ('received': met by the incident's received time — the unit's report to us).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy import select

from app import messages
from app.errors import ValidationError
from app.services import roles
from app.services.accounts import Actor
from app.services.incidents import levels, types
from app.services.incidents.types import REFERENCE
from app.storage import canonical
from app.storage.changes import Changes
from app.storage.engine import Database
from app.storage.models import table
from app.storage.models.incidents import IncidentRule

RULE = table(IncidentRule)
STAGES: dict[str, tuple[str, str]] = {
    "first": ("首报", "First report"),
    "followup": ("续报", "Follow-up report"),
    "final": ("终报", "Final report"),
    "supplement": ("补报", "Supplementary report"),
}
FROMS = ("occurred", "received", "previous", "change")
SETTERS = (roles.LEADER, roles.ADMIN)


@dataclass(frozen=True)
class Rule:
    id: str
    stage: str
    minutes: int
    citation: str
    types: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    from_: str = "occurred"
    window_days: int = 0
    to: str = ""
    note: str = ""
    confirmed: bool = False
    enabled: bool = True
    ruleset: str = "default"
    satisfied_by: str = ""
    origin: str = field(default="default", compare=False)
    """'default' (shipped) or 'station' (changed here)."""

    def matches(self, type_code: str, level: str) -> int:
        """0 when the rule does not apply; otherwise how specific its type match is (higher = nearer)."""
        if not self.enabled or (self.levels and level not in self.levels):
            return 0
        if not self.types:
            return 1
        chain = types.ancestors(type_code)
        for depth, code in enumerate(chain):
            if code in self.types:
                return 2 + len(chain) - depth
        return 0

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["from"] = out.pop("from_")
        out["types"] = list(self.types)
        out["levels"] = list(self.levels)
        return out


def from_dict(d: dict[str, Any], origin: str = "default") -> Rule:
    return Rule(id=str(d["id"]), stage=str(d["stage"]), minutes=int(d["minutes"]), citation=str(d.get("citation", "")),
                types=tuple(d.get("types", ())), levels=tuple(d.get("levels", ())), from_=str(d.get("from", "occurred")),
                window_days=int(d.get("window_days", 0)), to=str(d.get("to", "")), note=str(d.get("note", "")),
                confirmed=bool(d.get("confirmed", False)), enabled=bool(d.get("enabled", True)),
                ruleset=str(d.get("ruleset", "default")), satisfied_by=str(d.get("satisfied_by", "")), origin=origin)


@lru_cache(maxsize=1)
def defaults() -> tuple[Rule, ...]:
    rows = json.loads((REFERENCE / "deadline_rules.json").read_text(encoding="utf-8"))
    return tuple(validate(from_dict(r)) for r in rows)


def effective(db: Database) -> list[Rule]:
    """The shipped rules with this station's changes laid over them (and its own rules)."""
    with db.read() as conn:
        rows = conn.execute(select(RULE.c.rule_id, RULE.c.body).where(RULE.c.station_id == db.station_id)).all()
    changed = {r.rule_id: from_dict(canonical.loads(r.body), "station") for r in rows}
    out = [changed.pop(r.id, r) for r in defaults()]
    return out + sorted(changed.values(), key=lambda r: r.id)


def validate(rule: Rule) -> Rule:
    if not rule.id.strip() or len(rule.id) > 64:
        raise ValidationError("incident.rule_bad_id", field="id", value=rule.id)
    if rule.stage not in STAGES:
        raise ValidationError("incident.rule_bad_stage", field="stage", value=rule.stage)
    if rule.minutes < 0:
        raise ValidationError("incident.rule_negative", field="minutes", value=rule.minutes)
    if rule.window_days < 0:
        raise ValidationError("incident.rule_negative", field="window_days", value=rule.window_days)
    if rule.from_ not in FROMS:
        raise ValidationError("incident.rule_bad_from", field="from", value=rule.from_)
    for code in rule.types:
        if code not in types.tree():
            raise ValidationError("incident.unknown_type", field="types", value=code, choices="…")
    for level in rule.levels:
        if level not in levels.LEVELS:
            raise ValidationError("incident.bad_level", field="levels", value=level, choices="IV III II I")
    if not rule.citation.strip():
        raise ValidationError("incident.rule_no_citation", field="citation", value=rule.id)
    return rule


def set_rule(db: Database, actor: Actor, rule_id: str, changes: dict[str, Any]) -> tuple[Changes, Rule]:
    """Change (or add) a rule: `changes` holds the fields to set (JSON names: from, minutes …)."""
    actor.require(*SETTERS)
    current = {r.id: r for r in effective(db)}.get(rule_id)
    base = current.to_json() if current else {"id": rule_id}
    base.pop("origin", None)
    for key, value in changes.items():
        if value is not None:
            base[key] = value
    for required in ("stage", "minutes", "citation"):
        if required not in base:
            raise ValidationError("incident.rule_missing", field=required, name=required, value=rule_id)
    try:
        rule = validate(from_dict(base, "station"))
    except (TypeError, ValueError) as error:
        raise ValidationError("incident.rule_bad_value", field="rule", value=str(error)) from error
    payload = rule.to_json()
    payload.pop("origin", None)
    with db.write() as w:
        w.record("incident.rule.set", {"rule": payload}, actor.username)
    return w.changes, rule


def stage_label(stage: str) -> str:
    pair = STAGES.get(stage, (stage, stage))
    return pair[0] if messages.language() == "zh_CN" else pair[1]


messages.register({
    "incident.rule_bad_id": ("规则编号“{value}”不正确。", "Bad rule id “{value}”."),
    "incident.rule_bad_stage": ("报告阶段“{value}”不正确（可选：first 首报、followup 续报、final 终报、supplement 补报）。",
                                "Bad report stage “{value}” (first, followup, final, supplement)."),
    "incident.rule_negative": ("时限“{field}”不能为负数（{value}）。", "The limit “{field}” cannot be negative ({value})."),
    "incident.rule_bad_from": ("起算点“{value}”不正确（可选：occurred、received、previous、change）。",
                               "Bad start “{value}” (occurred, received, previous, change)."),
    "incident.rule_no_citation": ("规则 {value} 必须注明依据（--citation）。", "Rule {value} needs its citation (--citation)."),
    "incident.rule_missing": ("新规则 {value} 缺少“{name}”。", "The new rule {value} needs “{name}”."),
    "incident.rule_bad_value": ("规则的值不正确：{value}", "Bad rule value: {value}"),
})
