"""Wall clock and hybrid logical clock (HLC).

The HLC gives every operation a timestamp that is sortable as a string, never goes backwards
even when the wall clock does (flat CMOS battery after a power cut), and is ahead of every
timestamp this station has seen, so an edit made after seeing another sorts after it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

MAX_COUNTER = 99_999
"""The counter is encoded in five digits."""

WallClock = Callable[[], int]
"""Returns the wall time in milliseconds since the Unix epoch (UTC)."""


def system_ms() -> int:
    return time.time_ns() // 1_000_000


@dataclass(frozen=True, order=True)
class Hlc:
    wall_ms: int
    counter: int
    node: str

    def encode(self) -> str:
        return f"{self.wall_ms:015d}-{self.counter:05d}-{self.node}"

    @staticmethod
    def decode(text: str) -> Hlc:
        wall, counter, node = text.split("-", 2)
        return Hlc(int(wall), int(counter), node)

    def as_datetime(self) -> datetime:
        return ms_to_datetime(self.wall_ms)


def ms_to_datetime(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, tz=UTC)


def datetime_to_ms(value: datetime) -> int:
    if value.tzinfo is None:
        raise ValueError("naive datetime")
    return int(value.timestamp() * 1000)


class HybridClock:
    """HLC for one node; `now()` for local events, `observe()` for remote timestamps."""

    def __init__(self, node: str, wall: WallClock = system_ms, last: Hlc | None = None) -> None:
        self.node = node
        self.wall = wall
        self._last_wall = last.wall_ms if last else 0
        self._counter = last.counter if last else 0

    @property
    def wall_behind_ms(self) -> int:
        """How far the wall clock is behind the last timestamp this node issued or saw."""
        return max(0, self._last_wall - self.wall())

    def now(self) -> Hlc:
        wall = self.wall()
        if wall > self._last_wall:
            self._last_wall, self._counter = wall, 0
        elif self._counter >= MAX_COUNTER:
            # The counter has a fixed width (string order = time order): when a frozen or
            # very fast clock would overflow it, logical time moves on by one millisecond.
            self._last_wall, self._counter = self._last_wall + 1, 0
        else:
            self._counter += 1
        return Hlc(self._last_wall, self._counter, self.node)

    def observe(self, remote: Hlc, max_ahead_ms: int | None = None) -> bool:
        """Take a remote timestamp into account. Returns False (and ignores it) when the
        remote clock is more than `max_ahead_ms` ahead of our wall clock."""
        wall = self.wall()
        if max_ahead_ms is not None and remote.wall_ms - wall > max_ahead_ms:
            return False
        if remote.wall_ms > self._last_wall:
            self._last_wall, self._counter = remote.wall_ms, min(remote.counter, MAX_COUNTER)
        elif remote.wall_ms == self._last_wall:
            self._counter = min(max(self._counter, remote.counter), MAX_COUNTER)
        return True
