"""Roles an account may hold, with their names in both languages."""

from __future__ import annotations

from app import messages

OPERATOR = "operator"
SHIFT_LEAD = "shift_lead"
LEADER = "leader"
STOREKEEPER = "storekeeper"
ADMIN = "admin"

ALL = (OPERATOR, SHIFT_LEAD, LEADER, STOREKEEPER, ADMIN)
_LABELS = {
    OPERATOR: ("值班员", "Operator"),
    SHIFT_LEAD: ("值班长", "Shift lead"),
    LEADER: ("带班领导", "Leader on duty"),
    STOREKEEPER: ("物资管理员", "Storekeeper"),
    ADMIN: ("管理员", "Administrator"),
}
_ALIASES = {zh: code for code, (zh, _en) in _LABELS.items()} | {
    en.lower(): code for code, (_zh, en) in _LABELS.items()
} | {"lead": SHIFT_LEAD, "shift-lead": SHIFT_LEAD, "leader-on-duty": LEADER}


messages.register({f"role.{code}": pair for code, pair in _LABELS.items()})


def label(role: str) -> str:
    return messages.text(f"role.{role}") if role in _LABELS else role


def labels(roles: list[str] | tuple[str, ...]) -> str:
    sep = "、" if messages.language() == "zh_CN" else " / "
    return sep.join(label(r) for r in roles)


def parse(value: str) -> str | None:
    """A role code from a code, a Chinese name or an English name; None when unknown."""
    value = value.strip()
    if value in ALL:
        return value
    return _ALIASES.get(value) or _ALIASES.get(value.lower())
