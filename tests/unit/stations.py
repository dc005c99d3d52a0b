"""The stations the multi-station tests exchange bundles between: the county bureau and its
townships (real names and codes), made, connected (each trusts the others' cards) and closed
in one place. Use from a fixture:

    @pytest.fixture
    def pair(tmp_path: Path) -> Iterator[tuple[Station, Station]]:
        with connected(tmp_path, [("a", COUNTY), ("b", NANZHAO)]) as (a, b):
            yield a, b
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tests.conftest import FakeWall
from tests.unit.test_sync_support import Station, connect_all, make_station, receive, send


@dataclass(frozen=True)
class Site:
    name: str
    code: str
    admin: str


COUNTY = Site("巍山县应急管理局", "532927", "county_admin")
NANZHAO = Site("南诏镇", "532927101", "nz_admin")
DACANG = Site("大仓镇", "532927102", "dc_admin")
WUYIN = Site("五印乡", "532927207", "wy_admin")


@contextmanager
def connected(tmp_path: Path, places: Sequence[tuple[str, Site]],
              start: datetime | None = None) -> Iterator[list[Station]]:
    """One station per (folder, site) under `tmp_path`, each with its own fake wall clock (at
    `start` when given), all trusting one another; closed afterwards."""
    stations = [make_station(tmp_path / folder, site.name, site.code,
                             FakeWall(start) if start is not None else FakeWall(), site.admin)
                for folder, site in places]
    connect_all(stations)
    try:
        yield stations
    finally:
        for s in stations:
            s.db.close()


def swap(a: Station, b: Station, usb: Path) -> None:
    """a's bundle to b, then b's back to a (through the folder `usb`)."""
    receive(b, send(a, b, usb))
    receive(a, send(b, a, usb))
