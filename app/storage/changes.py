"""What a write changed: table name -> keys. Services return it; the GUI broadcasts it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Changes:
    tables: dict[str, set[str]] = field(default_factory=dict)
    ops: list[str] = field(default_factory=list)
    """Op ids written, in order."""

    def touch(self, table: str, key: object = "") -> None:
        self.tables.setdefault(table, set()).add(str(key))

    def merge(self, other: Changes) -> None:
        for table, keys in other.tables.items():
            self.tables.setdefault(table, set()).update(keys)
        self.ops.extend(other.ops)

    def __contains__(self, table: str) -> bool:
        return table in self.tables

    def __bool__(self) -> bool:
        return bool(self.tables) or bool(self.ops)
