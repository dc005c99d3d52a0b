"""Bundles between stations: round trip, repeats, orders, gaps, and every kind of bad file."""

from __future__ import annotations

import random
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.errors import UserError
from app.services import accounts, station
from app.storage import sync_store
from app.storage.ops import compute_hash
from app.sync import export, importer, trust
from app.sync.bundle import MAX_PART_BYTES
from tests.conftest import FakeWall
from tests.unit.stations import COUNTY, DACANG, NANZHAO, connected
from tests.unit.test_sync_support import (
    Station,
    _key_passphrase,  # noqa: F401  (autouse fixture)
    check_ok,
    dump,
    log_dump,
    make_station,
    manifest_of,
    op_ids,
    ops_lines,
    read_entries,
    receive,
    resign,
    send,
    set_lines,
    trust_card,
    write_entries,
)


@pytest.fixture
def trio(tmp_path: Path) -> Iterator[list[Station]]:
    with connected(tmp_path, [("county", COUNTY), ("nanzhao", NANZHAO), ("dacang", DACANG)]) as stations:
        yield stations


def work(s: Station, tag: str, n: int = 3) -> None:
    for i in range(n):
        accounts.add_account(s.db, s.admin, f"{tag}{i}", "operator-pass", ["operator"], phone="0872-6121000")
        station.set_setting(s.db, s.admin, f"duty.note.{tag}", f"{tag}-{i}")


def rejected(s: Station, path: Path, code: str) -> UserError:
    before, log = dump(s.db), log_dump(s.db)
    with pytest.raises(UserError) as info:
        receive(s, path)
    assert info.value.code == code, info.value.message
    assert "\n" not in info.value.message
    assert dump(s.db) == before and log_dump(s.db) == log
    check_ok(s.db)
    return info.value


def test_round_trip_repeat_and_renamed_copy(trio: list[Station], tmp_path: Path) -> None:
    a, b, _c = trio
    work(a, "a")
    bundle = send(a, b, tmp_path / "usb")
    report = receive(b, bundle)
    assert report.status == "imported" and report.new == len(op_ids(a.db)) and report.duplicate == 0
    assert op_ids(a.db) <= op_ids(b.db)
    check_ok(b.db)
    snapshot = (dump(b.db), log_dump(b.db))
    again = receive(b, bundle)
    assert again.status == "already" and "导入过" in again.lines()[0]
    renamed = bundle.with_name("copy-of-bundle.ddsync")
    shutil.copyfile(bundle, renamed)
    assert receive(b, renamed).status == "already"
    assert (dump(b.db), log_dump(b.db)) == snapshot
    # a damaged copy of a bundle already imported is still reported as damaged, not as "already"
    damaged = bundle.with_name("damaged-copy.ddsync")
    data = bytearray(bundle.read_bytes())
    data[100] ^= 0xFF
    damaged.write_bytes(bytes(data))
    with pytest.raises(UserError):
        receive(b, damaged)
    assert (dump(b.db), log_dump(b.db)) == snapshot


def test_own_bundle_is_a_no_op(trio: list[Station], tmp_path: Path) -> None:
    a, _b, _c = trio
    bundle = send(a, None, tmp_path / "usb")
    assert receive(a, bundle).status == "own"


def _three_deltas(a: Station, b: Station, out: Path) -> list[Path]:
    """Three bundles from a for b, each holding only what b confirmed it lacked."""
    bundles = []
    for round_ in range(3):
        work(a, f"r{round_}x", 2)
        bundles.append(send(a, b, out))
        receive(b, bundles[-1])
        receive(a, send(b, a, out))  # b's acknowledgement goes back to a
    return bundles


@pytest.mark.parametrize("order", [(0, 1, 2), (2, 0, 1), (1, 2, 0)])
def test_orders_converge_and_gaps_are_named(trio: list[Station], tmp_path: Path, order: tuple[int, int, int]) -> None:
    a, b, c = trio
    bundles = _three_deltas(a, b, tmp_path / "usb")
    seen_gap = False
    for index in order:
        report = receive(c, bundles[index])
        seen_gap = seen_gap or bool(report.gaps)
        if report.gaps:
            assert any("尚未收到" in line for line in report.lines())
        check_ok(c.db)
    assert seen_gap == (order != (0, 1, 2))
    a_ops = {r[0] for r in log_dump(a.db) if r[1] == a.db.station_id}
    assert a_ops <= op_ids(c.db)
    receive(a, send(c, a, tmp_path / "usb"))
    receive(c, send(a, c, tmp_path / "usb"))
    receive(b, send(a, b, tmp_path / "usb"))
    assert dump(a.db) == dump(b.db) == dump(c.db)
    assert op_ids(a.db) == op_ids(b.db) == op_ids(c.db)


def test_old_bundle_replayed_changes_nothing_and_never_lowers_acks(trio: list[Station], tmp_path: Path) -> None:
    a, b, _c = trio
    work(b, "b1", 1)
    old = send(b, a, tmp_path / "usb")
    work(b, "b2", 2)
    new = send(b, a, tmp_path / "usb")
    receive(a, new)
    with a.db.read() as conn:
        acks = sync_store.acks(conn, b.db.station_id)
    snapshot = (dump(a.db), log_dump(a.db))
    report = receive(a, old)
    assert report.status == "nothing_new" and report.new == 0
    assert (dump(a.db), log_dump(a.db)) == snapshot
    with a.db.read() as conn:
        assert sync_store.acks(conn, b.db.station_id) == acks


@pytest.fixture
def good(trio: list[Station], tmp_path: Path) -> tuple[Station, Station, Path]:
    a, b, _c = trio
    work(a, "g", 4)
    return a, b, send(a, b, tmp_path / "usb")


def test_truncated_bundles_are_rejected(good: tuple[Station, Station, Path], tmp_path: Path) -> None:
    _a, b, bundle = good
    data = bundle.read_bytes()
    rng = random.Random(5)
    for cut in sorted({rng.randrange(1, len(data)) for _ in range(25)} | {1, len(data) - 1, len(data) // 2}):
        broken = tmp_path / f"cut{cut}.ddsync"
        broken.write_bytes(data[:cut])
        error = rejected(b, broken, "sync.bad_file") if cut < len(data) - 22 else None
        if error is None:
            with pytest.raises(UserError):
                receive(b, broken)


@pytest.mark.sqlite_only  # copies station files
def test_flipped_bits_are_rejected_or_harmless(good: tuple[Station, Station, Path], tmp_path: Path) -> None:
    _a, b, bundle = good
    data = bytearray(bundle.read_bytes())
    reference = tmp_path / "reference"
    b.db.close()
    pristine = tmp_path / "pristine.sqlite3"
    shutil.copyfile(b.folder / "station.sqlite3", pristine)
    expected = None
    rng = random.Random(11)
    for i, pos in enumerate(sorted(rng.sample(range(len(data)), 30))):
        target = reference / str(i)
        target.mkdir(parents=True)
        shutil.copyfile(pristine, target / "station.sqlite3")
        from app.services import accounts as acc
        from app.storage.engine import Database

        db = Database.open(str(target / "station.sqlite3"), wall=FakeWall())
        s = Station(db, acc.authenticate(db, "nz_admin", "nz_admin-pass-1"), b.code, target)
        if expected is None:
            receive(s, bundle)
            expected = dump(s.db)
            db.close()
            continue
        flipped = bytearray(data)
        flipped[pos] ^= 1 << rng.randrange(8)
        path = tmp_path / f"flip{pos}.ddsync"
        path.write_bytes(bytes(flipped))
        before = dump(s.db)
        try:
            receive(s, path)
        except UserError as error:
            assert error.code in {"sync.bad_file", "sync.damaged", "sync.bad_signature", "sync.unsafe",
                                  "sync.too_big", "sync.forged_origin"}, error.message
            assert dump(s.db) == before
        else:  # a bit outside anything read or signed (a timestamp in a zip header): content intact
            assert dump(s.db) == expected
        check_ok(s.db)
        db.close()


def test_edited_op_rehashed_but_not_resigned(good: tuple[Station, Station, Path], tmp_path: Path) -> None:
    _a, b, bundle = good
    entries = read_entries(bundle)
    manifest = manifest_of(entries)
    lines = ops_lines(entries)
    victim = next(v for v in lines if "0872-6121000" in v[7])
    victim[7] = victim[7].replace("0872-6121000", "13800000000")
    fields = dict(zip(("op_id", "station_id", "replica_id", "seq", "hlc", "author", "kind", "payload", "prev_hash"),
                      victim[:9], strict=True))
    victim[9] = compute_hash(fields)
    # 1) part hash left as it was: damaged
    entries_1 = dict(entries)
    entries_1["ops/000001.jsonl"] = b"".join(
        __import__("json").dumps(v, ensure_ascii=False, separators=(",", ":")).encode() + b"\n" for v in lines)
    rejected(b, write_entries(tmp_path / "t1.ddsync", entries_1), "sync.damaged")
    # 2) part hash fixed in the manifest, manifest not re-signed: bad signature
    set_lines(entries, manifest, lines)
    resign(entries, manifest, None)
    rejected(b, write_entries(tmp_path / "t2.ddsync", entries), "sync.bad_signature")


def test_unknown_and_revoked_senders(trio: list[Station], tmp_path: Path) -> None:
    a, b, _c = trio
    stranger = make_station(tmp_path / "stranger", "某未知站", "999999", FakeWall(), "x_admin")
    trust_card(stranger, b)
    error = rejected(b, send(stranger, b, tmp_path / "usb"), "sync.untrusted")
    assert "某未知站" in error.message and "指纹" in error.message
    trust.revoke(b.db, b.admin, a.code)
    error = rejected(b, send(a, b, tmp_path / "usb"), "sync.revoked")
    assert "撤销" in error.message
    stranger.db.close()


def test_relay_cannot_inject_or_alter_another_stations_ops(trio: list[Station], tmp_path: Path) -> None:
    a, b, c = trio
    work(a, "a", 2)
    receive(b, send(a, b, tmp_path / "usb"))
    relayed = send(b, c, tmp_path / "usb")  # b relays a's operations to c
    entries = read_entries(relayed)
    manifest = manifest_of(entries)
    lines = ops_lines(entries)
    a_entry = next(e for e in manifest["replicas"] if e["station_id"] == a.db.station_id)
    a_lines = [v for v in lines if v[2] == a_entry["replica_id"]]
    # b appends a fake operation in a's name, correctly chained and hashed, and re-signs the manifest
    last = a_lines[-1]
    fake = list(last)
    fake[0] = "01900000-0000-7000-8000-000000000001"
    fake[3] = last[3] + 1
    fake[4] = last[4][:15] + "-00009-" + a.db.station_id
    fake[6] = "account.create"
    fake[7] = '{"display_name":"假","password_hash":"x","phone":"","roles":["admin"],"username":"intruder"}'
    fake[8] = last[9]
    fake[9] = compute_hash(dict(zip(("op_id", "station_id", "replica_id", "seq", "hlc", "author", "kind", "payload",
                                     "prev_hash"), fake[:9], strict=True)))
    set_lines(entries, manifest, [*lines, fake])
    a_entry["last"] += 1
    a_entry["count"] += 1
    resign(entries, manifest, b)
    rejected(c, write_entries(tmp_path / "inject.ddsync", entries), "sync.forged_origin")
    # b alters one of a's operations (re-hashing the chain from there on) and re-signs: also refused
    entries = read_entries(relayed)
    manifest = manifest_of(entries)
    lines = ops_lines(entries)
    altered = next(v for v in lines if v[2] == a_entry["replica_id"] and '"operator"' in v[7])
    altered[7] = altered[7].replace("operator", "admin")
    altered[9] = compute_hash(dict(zip(("op_id", "station_id", "replica_id", "seq", "hlc", "author", "kind", "payload",
                                        "prev_hash"), altered[:9], strict=True)))
    set_lines(entries, manifest, lines)
    resign(entries, manifest, b)
    rejected(c, write_entries(tmp_path / "alter.ddsync", entries), "sync.forged_origin")
    # the honest relay is accepted and c ends with a's operations
    report = receive(c, relayed)
    assert report.new > 0 and op_ids(a.db) <= op_ids(c.db)


def test_unsafe_paths_and_zip_bombs(good: tuple[Station, Station, Path], tmp_path: Path) -> None:
    _a, b, bundle = good
    entries = read_entries(bundle)
    for evil in ("../evil.txt", "/etc/passwd", "ops/../../x", "C:/Windows/x"):
        rejected(b, write_entries(tmp_path / "evil.ddsync", {**entries, evil: b"x"}), "sync.unsafe")
    rejected(b, write_entries(tmp_path / "extra.ddsync", {**entries, "readme.txt": b"x"}), "sync.unsafe")
    bomb = tmp_path / "bomb.ddsync"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
        zf.writestr("ops/000002.jsonl", b"\0" * (MAX_PART_BYTES + 1))
    rejected(b, bomb, "sync.too_big")
    ratio = tmp_path / "ratio.ddsync"
    with zipfile.ZipFile(ratio, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
        zf.writestr("ops/000002.jsonl", b"\0" * (8 * 1024 * 1024))
    rejected(b, ratio, "sync.too_big")


def test_newer_bundle_is_parked(good: tuple[Station, Station, Path], tmp_path: Path) -> None:
    a, b, bundle = good
    entries = read_entries(bundle)
    manifest = manifest_of(entries)
    manifest["min_reader_revision"] = "0099_future"
    resign(entries, manifest, a)
    path = write_entries(tmp_path / "future.ddsync", entries)
    before = (dump(b.db), log_dump(b.db))
    with pytest.raises(UserError) as info:
        receive(b, path)
    assert info.value.code == "sync.newer" and "升级" in info.value.message
    assert (dump(b.db), log_dump(b.db)) == before
    with b.db.read() as conn:
        parked = sync_store.list_parked(conn)
    assert len(parked) == 1 and Path(parked[0]["file_path"]).exists()
    assert importer.import_parked(b.db, b.admin) == []  # still too new: stays parked
    check_ok(b.db)


def test_unknown_kinds_are_stored_and_relayed_intact(trio: list[Station], tmp_path: Path) -> None:
    a, b, c = trio
    with a.db.write() as w:
        w.record("future.thing.add", {"x": 1, "名": "新"}, "county_admin")
    receive(b, send(a, b, tmp_path / "usb"))
    receive(c, send(b, c, tmp_path / "usb"))
    rows = [r for r in log_dump(c.db) if r[6] == "future.thing.add"]
    assert len(rows) == 1 and rows[0] in log_dump(a.db)
    check_ok(c.db)


def test_export_writes_atomically_and_reports_counts(trio: list[Station], tmp_path: Path) -> None:
    a, b, _c = trio
    out = tmp_path / "usb"
    out.mkdir()
    result = export.export_bundle(a.db, a.admin, out, for_station=b.code)
    assert result.path.exists() and result.count == len(op_ids(a.db)) and result.peer_name == "南诏镇"
    assert [p.name for p in out.iterdir()] == [result.path.name]  # no temporary left behind
    with pytest.raises(UserError) as info:
        export.export_bundle(a.db, a.admin, tmp_path / "missing")
    assert info.value.code == "sync.no_such_dir"
    receive(b, result.path)
    # after b confirmed, an export for b holds only a's newer work
    receive(a, send(b, a, out))
    work(a, "late", 1)
    assert export.export_bundle(a.db, a.admin, out, for_station=b.code).count == 3  # with the seal of the export


def test_fast_op_hash_equals_the_logs_hash(trio: list[Station]) -> None:
    from app.storage.ops import Op, op_hash

    a, _b, _c = trio
    with a.db.write() as w:
        w.record("test.kind", {"text": 'quote " backslash \\ 换行\n tab\t \u2028 emoji 🚒', "n": -1}, "county_admin")
    for row in log_dump(a.db):
        op = Op(*row)
        assert op_hash(op) == compute_hash(op.hashed())


def test_bundle_file_name_is_in_the_stations_time(trio: list[Station], tmp_path: Path) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from app.clock import datetime_to_ms

    a, b, _c = trio
    beijing = datetime(2024, 4, 19, 6, 2, 3, tzinfo=ZoneInfo("Asia/Shanghai"))  # 22:02:03 UTC the day before
    name = export.bundle_name("532927", "532927101", datetime_to_ms(beijing), "x" * 36, ZoneInfo("Asia/Shanghai"))
    assert "-20240419-060203+0800-" in name
    out = tmp_path / "usb"
    out.mkdir()
    result = export.export_bundle(a.db, a.admin, out, for_station=b.code)
    shown = datetime.fromtimestamp(a.db.wall() / 1000, ZoneInfo("Asia/Shanghai"))
    assert f"-{shown:%Y%m%d}-" in result.path.name and "+0800-" in result.path.name


def test_a_damaged_later_part_undoes_the_parts_applied_before_it(trio: list[Station], tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Parts are checked one at a time as they are applied, in one transaction: a bad second
    part is found after the first was applied, and the whole import is still refused."""
    from app.services.demo.duty_synthetic import synthetic_payloads
    from app.sync import bundle as bundle_mod

    monkeypatch.setattr(bundle_mod, "OPS_PER_PART", 40)
    monkeypatch.setattr(importer, "BATCH", 40)
    applied: list[int] = []
    batch = importer._Applier.batch

    def counting(self: importer._Applier, ops: list) -> None:  # type: ignore[type-arg]
        applied.append(len(ops))
        batch(self, ops)

    monkeypatch.setattr(importer._Applier, "batch", counting)
    a, b, _c = trio
    payloads = synthetic_payloads(100)
    with a.db.write() as w:
        w.record_many([("duty.entry.add", next(payloads), a.admin.username) for _ in range(100)])
    path = send(a, b, tmp_path / "usb")
    entries = read_entries(path)
    parts = [p["name"] for p in manifest_of(entries)["parts"]]
    assert len(parts) >= 3
    lines = ops_lines(entries, parts[1])
    lines[5][7] = lines[5][7].replace('"summary":"', '"summary":"改', 1)
    entries[parts[1]] = b"".join(
        __import__("json").dumps(v, ensure_ascii=False, separators=(",", ":")).encode() + b"\n" for v in lines)
    rejected(b, write_entries(tmp_path / "second-part.ddsync", entries), "sync.damaged")
    assert applied and sum(applied) >= 40  # the first part had been applied, then rolled back
    assert receive(b, path).new >= 100  # the intact file still imports


def test_an_entry_flagged_for_strong_encryption_is_refused(good: tuple[Station, Station, Path],
                                                          tmp_path: Path) -> None:
    """A flipped flag bit (bit 6, strong encryption) in a part's central directory record made
    zipfile raise NotImplementedError, which reached the user as a crash."""
    _a, b, bundle = good
    data = bytearray(bundle.read_bytes())
    name = b"ops/000001.jsonl"
    record = data.find(b"PK\x01\x02")
    while record != -1 and data[record + 46:record + 46 + len(name)] != name:
        record = data.find(b"PK\x01\x02", record + 4)
    assert record != -1
    data[record + 8] |= 0x40  # general purpose flags, bit 6: strong encryption
    path = tmp_path / "strong.ddsync"
    path.write_bytes(bytes(data))
    rejected(b, path, "sync.unsafe")
