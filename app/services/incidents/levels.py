"""Incident levels (一般/较大/重大/特别重大, IV–I) and the level casualty figures imply.

For work-safety accidents (the 'accident' branch of the type tree) the level follows
《生产安全事故报告和调查处理条例》(国务院令第493号) Art. 3: deaths ≥ 30 / ≥ 10 / ≥ 3;
serious injuries ≥ 100 / ≥ 50 / ≥ 10; direct economic loss ≥ 1亿 / 5000万 / 1000万 元
("以上" includes the number). The highest level any figure reaches is the implied level.
"""

from __future__ import annotations

from app import messages
from app.errors import ValidationError
from app.services.incidents import types

LEVELS: dict[str, tuple[str, str]] = {
    "IV": ("一般", "General (IV)"),
    "III": ("较大", "Larger (III)"),
    "II": ("重大", "Major (II)"),
    "I": ("特别重大", "Especially major (I)"),
}
RANK = {"IV": 1, "III": 2, "II": 3, "I": 4}
THRESHOLDS: tuple[tuple[str, int, int, int], ...] = (
    ("I", 30, 100, 100_000_000),
    ("II", 10, 50, 50_000_000),
    ("III", 3, 10, 10_000_000),
)
"""(level, deaths ≥, serious injuries ≥, direct loss in yuan ≥) — 493号令 Art. 3."""
CITATION = "《生产安全事故报告和调查处理条例》（国务院令第493号）第三条"


def label(level: str) -> str:
    pair = LEVELS.get(level)
    if pair is None:
        return level
    return pair[0] if messages.language() == "zh_CN" else pair[1]


def parse(value: str) -> str:
    raw = (value or "").strip()
    for code, (zh, en) in LEVELS.items():
        if raw in (code, zh, en) or raw.upper() == code or raw.lower() in (en.lower(), en.split(" ")[0].lower()):
            return code
    raise ValidationError("incident.bad_level", field="level", value=raw, choices="、".join(z for z, _ in LEVELS.values()))


def implied(type_code: str, dead: int, serious: int, loss_yuan: int) -> str | None:
    """The level the figures imply under 493号令 Art. 3 (None for types it does not cover)."""
    if types.root_of(type_code) != "accident":
        return None
    for level, d, s, loss in THRESHOLDS:
        if dead >= d or serious >= s or loss_yuan >= loss:
            return level
    return "IV"


def lower(recorded: str, other: str | None) -> bool:
    return other is not None and RANK.get(recorded, 0) < RANK.get(other, 0)


messages.register({
    "incident.bad_level": ("事件等级“{value}”不正确（可选：{choices}）。",
                           "Bad incident level “{value}” (choose from: 一般 / 较大 / 重大 / 特别重大 or IV–I)."),
    "incident.level_warning": ("伤亡和损失数字对应“{implied}”（{citation}），高于登记的“{recorded}”，请核实事件等级。",
                               "The figures imply level “{implied}” ({citation}), above the recorded “{recorded}”; "
                               "please check the level."),
})
