"""Reading a bundle's parts in a worker process (app/sync/prepare.py): what the worker hands back
is what this process would have read, an import through it ends exactly like one without it,
and a worker that cannot start, dies or meets a damaged part changes nothing but the time."""

from __future__ import annotations

import concurrent.futures
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.errors import UserError
from app.services.demo.duty_synthetic import synthetic_payloads
from app.storage import duty_search
from app.storage.engine import Database
from app.storage.projections.duty_log import entry_values
from app.sync import bundle as bundle_mod
from app.sync import importer, prepare
from app.sync.bundle import BundleReader
from tests.engines import url_for
from tests.unit.stations import COUNTY, DACANG, NANZHAO, connected
from tests.unit.test_sync_support import (
    Station,
    _key_passphrase,  # noqa: F401  (autouse fixture)
    check_ok,
    dump,
    log_dump,
    manifest_of,
    op_ids,
    ops_lines,
    read_entries,
    receive,
    resign,
    send,
    set_lines,
    write_entries,
)

ROOT = Path(__file__).resolve().parents[2]


def _die(path: str, part: object) -> None:  # run in the worker: it dies without a word
    os._exit(3)


@pytest.fixture
def trio(tmp_path: Path) -> Iterator[list[Station]]:
    with connected(tmp_path, [("a", COUNTY), ("b", NANZHAO), ("c", DACANG)]) as stations:
        yield stations


@pytest.fixture
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Bundles of many small parts, and the worker used for any size; each part is waited for
    (a real import only waits once the worker has answered, reading parts itself meanwhile)."""
    monkeypatch.setattr(bundle_mod, "OPS_PER_PART", 30)
    monkeypatch.setattr(importer, "BATCH", 60)
    monkeypatch.setattr(prepare, "WORKER_MIN_OPS", 0)
    monkeypatch.setattr(prepare.PartSource, "_ready", lambda self, future: bool(concurrent.futures.wait([future])))


@pytest.fixture
def answered(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many parts the worker handed back, per PartSource used."""
    found: list[int] = []
    leave = prepare.PartSource.__exit__

    def recording(self: prepare.PartSource, *exc: object) -> None:
        found.append(self.answered)
        leave(self, *exc)

    monkeypatch.setattr(prepare.PartSource, "__exit__", recording)
    return found


def _duty(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """The duty-log tables (the receivers differ in their own station's rows)."""
    return {name: rows for name, rows in dump(db).items() if name.startswith("duty_")}


def _bundle(a: Station, b: Station, folder: Path, count: int = 200) -> Path:
    payloads = synthetic_payloads(count)
    with a.db.write() as w:
        w.record_many([("duty.entry.add", next(payloads), a.admin.username) for _ in range(count)])
    return send(a, b, folder)


def test_the_worker_reads_each_part_as_this_process_does(trio: list[Station], tmp_path: Path,
                                                         small_parts: None) -> None:
    a, b, _c = trio
    path = _bundle(a, b, tmp_path / "usb")
    with BundleReader(path) as reader:
        parts = reader.manifest()["parts"]
        assert len(parts) >= 6
        with prepare.PartSource(reader, parts, 0) as source:
            assert source.pool is not None
            for index, part in enumerate(parts):
                got, wrong = source.get(index)
                here, here_wrong = prepare.to_ops(prepare.read_part(reader, part))
                assert got == here and wrong == here_wrong == frozenset()
                assert [op._data for op in got] == [op.data for op in here]
                assert [op._prep for op in got] == [op._prep for op in here]
                for op in got:  # the prepared body is the one the projector would make
                    if op.kind == "duty.entry.add":
                        assert op._prep == duty_search.entry_document(entry_values(op))
            assert source.answered == len(parts) - prepare.HERE_FIRST


def test_an_import_through_the_worker_ends_like_one_without_it(trio: list[Station], tmp_path: Path,
                                                               small_parts: None, answered: list[int],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    a, b, c = trio
    path = _bundle(a, b, tmp_path / "usb")
    assert receive(b, path).new >= 200
    assert answered[-1] > 0
    monkeypatch.setattr(prepare, "WORKER_MIN_OPS", 10**9)
    assert receive(c, path).new >= 200
    assert answered[-1] == 0
    dump_b, dump_c = _duty(b.db), _duty(c.db)
    assert dump_b["duty_entry"] and dump_b == dump_c
    assert [r for r in log_dump(b.db) if r[1] == a.db.station_id] == [r for r in log_dump(c.db)
                                                                       if r[1] == a.db.station_id]
    with b.db.read() as conn:  # every search document is the one the entry's row gives
        assert duty_search.present(conn) and duty_search.verify(conn) == []
    check_ok(b.db)


def test_a_damaged_part_met_by_the_worker_refuses_the_whole_import(trio: list[Station], tmp_path: Path,
                                                                   small_parts: None, answered: list[int]) -> None:
    a, b, _c = trio
    path = _bundle(a, b, tmp_path / "usb")
    entries = read_entries(path)
    parts = [p["name"] for p in manifest_of(entries)["parts"]]
    lines = ops_lines(entries, parts[4])
    lines[3][7] = lines[3][7].replace('"summary":"', '"summary":"改', 1)
    entries[parts[4]] = b"".join(
        __import__("json").dumps(v, ensure_ascii=False, separators=(",", ":")).encode() + b"\n" for v in lines)
    before = op_ids(b.db)
    with pytest.raises(UserError) as caught:
        receive(b, write_entries(tmp_path / "damaged.ddsync", entries))
    assert caught.value.code == "sync.damaged" and "hash" in str(caught.value.params)
    assert answered[-1] > 0 and op_ids(b.db) == before
    assert receive(b, path).new >= 200


def test_a_wrong_operation_hash_found_by_the_worker_is_refused(trio: list[Station], tmp_path: Path,
                                                               small_parts: None, answered: list[int]) -> None:
    """The part is intact and the manifest re-signed by the sender: only the operation's own
    hash tells; the worker marks it and this process names it."""
    a, b, _c = trio
    path = _bundle(a, b, tmp_path / "usb")
    entries = read_entries(path)
    manifest = manifest_of(entries)
    part = manifest["parts"][5]["name"]
    lines = ops_lines(entries, part)
    lines[2][7] = lines[2][7].replace('"summary":"', '"summary":"改', 1)
    set_lines(entries, manifest, lines, part)
    resign(entries, manifest, a)
    resign(entries, manifest, a)
    before = op_ids(b.db)
    with pytest.raises(UserError) as caught:
        receive(b, write_entries(tmp_path / "forged.ddsync", entries))
    assert caught.value.code == "sync.damaged" and caught.value.params.get("detail") == "operation hash"
    assert answered[-1] > 0 and op_ids(b.db) == before


def test_a_worker_that_dies_leaves_the_parts_to_this_process(trio: list[Station], tmp_path: Path, small_parts: None,
                                                             answered: list[int],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    a, b, c = trio
    path = _bundle(a, b, tmp_path / "usb")
    monkeypatch.setattr(prepare, "_in_worker", _die)
    assert receive(b, path).new >= 200
    assert answered[-1] == 0
    monkeypatch.setattr(prepare, "WORKER_MIN_OPS", 10**9)
    receive(c, path)
    assert _duty(b.db) == _duty(c.db)


def test_no_worker_when_no_process_may_start(trio: list[Station], tmp_path: Path, small_parts: None,
                                             answered: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    a, b, _c = trio
    path = _bundle(a, b, tmp_path / "usb")

    def refused(*args: object, **kwargs: object) -> None:
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", refused)  # as prepare looks it up
    assert receive(b, path).new >= 200
    assert answered[-1] == 0
    check_ok(b.db)


def test_the_worker_does_not_run_an_unguarded_script_again(trio: list[Station], tmp_path: Path,
                                                           small_parts: None) -> None:
    """A spawned interpreter runs the caller's main script again unless it is told not to; a
    script that imports a bundle without an `if __name__ == "__main__"` guard then imported it
    twice (once in the worker)."""
    a, b, _c = trio
    path = _bundle(a, b, tmp_path / "usb", count=120)
    db_url = url_for(b.folder / "station.sqlite3")
    b.db.close()
    runs = tmp_path / "runs.txt"
    script = tmp_path / "unguarded.py"
    script.write_text(textwrap.dedent(f"""
        import os
        from pathlib import Path
        with open({str(runs)!r}, "a") as out:
            out.write(str(os.getpid()) + "\\n")
        from app.services import accounts, passwords
        passwords.fast_for_tests()
        from app.storage.engine import Database
        from app.sync import bundle, importer, prepare
        prepare.WORKER_MIN_OPS = 0
        prepare.PartSource._ready = lambda self, future: True
        leave = prepare.PartSource.__exit__
        answered = []
        def recording(self, *exc):
            answered.append(self.answered)
            leave(self, *exc)
        prepare.PartSource.__exit__ = recording
        db = Database.open({db_url!r})
        actor = accounts.authenticate(db, "nz_admin", "nz_admin-pass-1")
        new = importer.import_file(db, actor, Path({str(path)!r})).new
        print(answered[0], new)
    """), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=ROOT, env=env,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    worker_parts, new = map(int, done.stdout.split()[-2:])
    assert new >= 120 and worker_parts > 0
    assert len(runs.read_text().split()) == 1
