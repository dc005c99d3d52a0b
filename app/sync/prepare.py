"""Reading a bundle's parts for the importer, ahead of it in a second process when the bundle is
large (docs/sync.md, "Import").

Reading a part is work on the part alone: unpacking it, checking its hash and count, parsing
its lines, checking every operation's own hash, parsing every payload and preparing what
`app.storage.prepared` declares. It is about half of an import's time. For a bundle of at least
`WORKER_MIN_OPS` operations a worker process does it for the parts after the first while the
importer applies the parts before, so the two cores of a duty-room PC share the import.

The worker is this program (a spawned interpreter; the packaged program calls
`multiprocessing.freeze_support()`), it reads the same file and checks each part against the
signed manifest the importer verified, so what it hands back is what the importer would have
computed. The importer still checks everything that depends on the order of the operations
(`OpChecker`: duplicates, replicas, chain links, chain heads) itself. Whenever the worker cannot
start, dies, is slow to answer or fails on a part, that part and the rest are read here instead:
the worker only ever saves time.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import logging
import multiprocessing
import os
import sys
import types
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.clock import Hlc
from app.storage import canonical, prepared
from app.storage.ops import Op, op_hash
from app.sync.bundle import BundleProblem, BundleReader

WORKER_MIN_OPS = 20_000
"""Bundles smaller than this are read in this process (starting a worker costs ~0.3 s)."""
SWITCH = "DUTYDESK_IMPORT_WORKER"
"""`0`: never start a worker (a PC whose security software stops programs starting processes)."""
log = logging.getLogger(__name__)
AHEAD = 4
"""Parts the worker may read ahead of the importer (each at most a few MB in memory)."""
HERE_FIRST = 2
"""Parts read here while the worker starts (it answers its first part after ~0.3 s)."""
WAIT_S = 120.0
"""How long the importer waits for one part before it reads the part itself."""

SHARED_LEN = 16
"""Payload strings up to this length (townships, categories, units) are kept once per part."""

Read = tuple[list[list[Any]], list[Any], list[Any], list[int]]
"""One part as read: operation rows (bundle.OP_COLUMNS), parsed payloads (None: not JSON),
prepared values, and the indexes of the operations whose own hash or time is wrong."""


def read_part(reader: BundleReader, part: dict[str, Any]) -> Read:
    """Read and check one part (raises BundleProblem when it is damaged)."""
    rows = reader.part_rows(part)
    datas: list[Any] = []
    preps: list[Any] = []
    bad: list[int] = []
    prepare, loads = prepared.prepare, canonical.loads
    shared: dict[str, str] = {}
    share = shared.setdefault
    for index, values in enumerate(rows):
        if op_hash(Op(*values)) != values[9] or not _valid_time(values[4]):
            bad.append(index)  # checked again in the importer, which names what is wrong
        for column in (1, 2, 5, 6):  # station, replica, author, kind: one string object each
            values[column] = share(values[column], values[column])
        try:
            data = loads(values[7])
        except Exception:  # not JSON, too deep: the projector meets it again and refuses it
            data = None
        if type(data) is dict:  # keys and short values repeat: sent (pickle) and kept once
            data = {share(k, k): share(v, v) if type(v) is str and len(v) <= SHARED_LEN else v
                    for k, v in data.items()}
        datas.append(data)
        preps.append(prepare(values[6], data))
    return rows, datas, preps, bad


def _valid_time(hlc: str) -> bool:
    try:
        Hlc.decode(hlc)
    except ValueError:
        return False
    return True


def to_ops(read: Read) -> tuple[list[Op], frozenset[int]]:
    rows, datas, preps, bad = read
    return [Op(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], data, prep)
            for v, data, prep in zip(rows, datas, preps, strict=True)], frozenset(bad)


@dataclass(frozen=True)
class Damaged:
    """A BundleProblem met in the worker, sent back as data (the exception does not pickle)."""

    kind: str
    detail: str


_OPEN: dict[str, BundleReader] = {}


def _in_worker(path: str, part: dict[str, Any]) -> Read | Damaged:
    """The worker's task: one part of the bundle at `path` (kept open between parts)."""
    try:
        reader = _OPEN.get(path)
        if reader is None:
            for old in _OPEN.values():
                old.close()
            _OPEN.clear()
            reader = _OPEN[path] = BundleReader(Path(path))
        return read_part(reader, part)
    except BundleProblem as problem:
        return Damaged(problem.kind, problem.detail)


@contextlib.contextmanager
def _bare_main() -> Iterator[None]:
    """Start the worker without the caller's `__main__`: a spawned interpreter runs the main
    script again (to find functions defined there) unless told otherwise, and a script without an
    `if __name__ == "__main__"` guard would then import the bundle twice. The worker's task lives
    in this module and needs nothing of it. (The process starts within `submit` for spawn.)"""
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if main is not None:
            sys.modules["__main__"] = main


class PartSource:
    """The parts of one bundle, in manifest order, each as (operations, indexes of operations
    whose own hash or time is wrong). Use as a context manager: leaving it stops the worker."""

    def __init__(self, reader: BundleReader, parts: list[dict[str, Any]], total: int) -> None:
        self.reader, self.parts = reader, parts
        self.pool: concurrent.futures.ProcessPoolExecutor | None = None
        self.futures: dict[int, concurrent.futures.Future[Read | Damaged]] = {}
        self.answered = 0
        """Parts the worker handed back."""
        self.next = HERE_FIRST
        """The next part to ask the worker for."""
        if total >= WORKER_MIN_OPS and len(parts) > HERE_FIRST and os.environ.get(SWITCH, "") != "0":
            try:
                self.pool = concurrent.futures.ProcessPoolExecutor(
                    max_workers=1, mp_context=multiprocessing.get_context("spawn"))
                with _bare_main():
                    self._ask(HERE_FIRST + 1)
                self._ask(HERE_FIRST + AHEAD)
            except Exception as error:  # no worker (no process allowed, no memory): all is read here
                log.warning("import worker did not start (%s: %s); reading the bundle in this process",
                            type(error).__name__, error)
                self._stop()

    def _ask(self, until: int) -> None:
        """Ask the worker for the parts before `until` not asked for yet."""
        while self.pool is not None and self.next < min(until, len(self.parts)):
            self.futures[self.next] = self.pool.submit(_in_worker, str(self.reader.path), self.parts[self.next])
            self.next += 1

    def _stop(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = None
        self.futures.clear()

    def get(self, index: int) -> tuple[list[Op], frozenset[int]]:
        """Part `index` (raises BundleProblem when it is damaged)."""
        future = self.futures.pop(index, None)
        self._ask(index + 1 + AHEAD)
        got: Read | Damaged | None = None
        if future is not None and (self.answered > 0 or self._ready(future)):
            try:
                got = future.result(timeout=WAIT_S)
                self.answered += 1
            except Exception as error:  # the worker died, is stuck or failed: read it all here from now on
                log.warning("import worker failed on part %d (%s: %s); reading the rest in this process",
                            index + 1, type(error).__name__, error)
                self._stop()
        elif future is not None:  # the worker is still starting: this part is read here meanwhile
            future.cancel()
        if got is None:
            return to_ops(read_part(self.reader, self.parts[index]))
        if isinstance(got, Damaged):
            raise BundleProblem(got.kind, got.detail)
        return to_ops(got)

    def _ready(self, future: concurrent.futures.Future[Read | Damaged]) -> bool:
        """Whether a part of a worker that has not answered yet is worth waiting for."""
        return future.done()

    def __enter__(self) -> PartSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop()
