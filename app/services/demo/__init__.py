"""The Weishan demo station (巍山县应急管理局, 532927), from shared/seed/FACTS.md.

`build()` creates a fresh database with the station and its people. Every other module in
this package adds its area's data with

    def events(ctx: DemoContext) -> Iterable[tuple[datetime, Callable[[], None]]]

(what happens when; the builder merges all modules' events in time order, sets the demo clock
to each event's time and runs it, so the duty log, shifts and other areas interleave as they
would in a real fortnight), and optionally `finish(ctx)` (bulk work after all events, such as
`--entries N`). `ORDER` breaks ties between modules at the same instant.
The demo runs on a settable clock so that records made "in April 2024" carry April 2024 times.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from app.clock import datetime_to_ms, system_ms
from app.errors import DatabaseError
from app.services import accounts, station
from app.services.accounts import Actor
from app.storage.engine import Database, resolve_url, sqlite_path

DEMO_PASSWORD = "Weishan-2024"
TZ = ZoneInfo("Asia/Shanghai")
STATION_NAME = "巍山县应急管理局"
STATION_CODE = "532927"


class DemoClock:
    """A wall clock the demo moves forward by hand; never goes backwards."""

    def __init__(self, start: datetime) -> None:
        self.ms = datetime_to_ms(start)

    def __call__(self) -> int:
        return self.ms

    def set(self, when: datetime) -> None:
        self.ms = max(self.ms + 1, datetime_to_ms(when))


@dataclass(frozen=True)
class Person:
    username: str
    name: str
    roles: tuple[str, ...]
    phone: str


PEOPLE: tuple[Person, ...] = (
    Person("admin", "李建国", ("admin",), "0872-6121001"),
    Person("yangzh", "杨志华", ("leader",), "13908721101"),
    Person("zhaolp", "赵丽萍", ("leader",), "13908721102"),
    Person("mayj", "马永军", ("leader",), "13908721103"),
    Person("zhanght", "张海涛", ("shift_lead", "operator"), "13908721201"),
    Person("lixy", "李秀英", ("shift_lead", "operator"), "13908721202"),
    Person("wanglei", "王磊", ("operator",), "13908721301"),
    Person("chenjing", "陈静", ("operator",), "13908721302"),
    Person("liuyang", "刘洋", ("operator",), "13908721303"),
    Person("yangfang", "杨芳", ("operator",), "13908721304"),
    Person("luowb", "罗文斌", ("operator",), "13908721305"),
    Person("zicm", "字春梅", ("operator",), "13908721306"),
    Person("duanzq", "段志强", ("storekeeper",), "13908721401"),
)


@dataclass
class DemoContext:
    db: Database
    clock: DemoClock
    people: dict[str, Actor] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)
    progress: Callable[[str], None] = lambda _msg: None

    def actor(self, username: str) -> Actor:
        return self.people[username]

    def at(self, when: datetime) -> None:
        self.clock.set(when)


def _looks_like_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            head = f.read(16)
    except OSError:
        return False
    return head == b"SQLite format 3\x00" or head == b""


def _contributors() -> list[Any]:
    modules = [
        importlib.import_module(f"{__name__}.{info.name}") for info in pkgutil.iter_modules(__path__)
    ]
    found = [m for m in modules if hasattr(m, "events") or hasattr(m, "finish")]
    return sorted(found, key=lambda m: (getattr(m, "ORDER", 100), m.__name__))


def run_events(ctx: DemoContext, modules: list[Any]) -> int:
    """Merge every module's events by time and run them on the demo clock."""
    timeline: list[tuple[datetime, int, int, Callable[[], None]]] = []
    for rank, module in enumerate(modules):
        if hasattr(module, "events"):
            for n, (when, action) in enumerate(module.events(ctx)):
                timeline.append((when, rank, n, action))
    timeline.sort(key=lambda item: (item[0], item[1], item[2]))
    for when, _rank, _n, action in timeline:
        ctx.at(when)
        action()
    return len(timeline)


def build(db_arg: str | None, *, force: bool = False, options: dict[str, Any] | None = None,
          progress: Callable[[str], None] | None = None) -> Database:
    """Create the demo database (replacing an existing file only with `force`)."""
    url = resolve_url(db_arg)
    path = sqlite_path(url)
    if path is not None and path.exists():
        if not force:
            raise DatabaseError("db.exists", path=str(path))
        if path.is_dir() or not _looks_like_sqlite(path):  # --force replaces databases only
            raise DatabaseError("db.not_a_database", path=str(path))
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    clock = DemoClock(datetime(2024, 3, 1, 9, 0, tzinfo=TZ))
    db = Database.open(url, wall=clock, create=True)
    try:
        station.initialize(db, name=STATION_NAME, code=STATION_CODE, admin="admin", password=DEMO_PASSWORD,
                           admin_name="李建国")
        admin = accounts.authenticate(db, "admin", DEMO_PASSWORD)
        ctx = DemoContext(db, clock, {"admin": admin}, dict(options or {}), progress or (lambda _m: None))
        for person in PEOPLE[1:]:
            clock.set(datetime(2024, 3, 1, 9, 30, tzinfo=TZ))
            accounts.add_account(db, admin, person.username, DEMO_PASSWORD, list(person.roles),
                                 display_name=person.name, phone=person.phone)
        for person in PEOPLE:
            info = accounts.get_account(db, person.username)
            assert info is not None
            ctx.people[person.username] = info.actor()
        modules = _contributors()
        run_events(ctx, modules)
        for module in modules:
            if hasattr(module, "finish"):
                module.finish(ctx)
    except BaseException:
        db.close()
        if path is not None:  # never leave a half-built demo behind
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(str(path) + suffix).unlink(missing_ok=True)
        raise
    db.wall = system_ms
    db.clock.wall = system_ms
    return db
