"""Tamper evidence with a key: seals, and every table verified by `check` (issue 9, finding 2)."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select, text, update

from app.reports import handover_sheet
from app.services import accounts, doctor, shifts, station
from app.storage import canonical, integrity, oplog, seals
from app.storage.engine import Database
from app.storage.oplog import HEADS, OPLOG
from app.sync import keys
from app.sync import seals as make_seals
from tests.conftest import FakeWall
from tests.tamper import drop_log_triggers
from tests.unit.test_handover_sheet import handed, text_of  # noqa: F401  (fixture)
from tests.unit.test_sync_support import (
    Station,
    _key_passphrase,  # noqa: F401  (autouse fixture)
    check_ok,
    connect_all,
    make_station,
    receive,
    send,
)


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Station, Station]:
    a = make_station(tmp_path / "a", "巍山县应急管理局", "532927", FakeWall(), "admin")
    b = make_station(tmp_path / "b", "南诏镇", "532927101", FakeWall(), "nz_admin")
    connect_all([a, b])
    return a, b


def _problems(s: Station) -> list[str]:
    return [p for r in doctor.run(s.db).checks for p in r.problems]


def _notes(s: Station) -> list[str]:
    return [n for r in doctor.run(s.db).checks for n in r.notes]


def _seal(s: Station) -> seals.Seal:
    made = make_seals.seal_now(s.db, reason="manual", key=keys.signing_key(s.db))
    assert made is not None
    return made


def test_export_seals_and_peers_verify_the_seal(pair: tuple[Station, Station], tmp_path: Path) -> None:
    a, b = pair
    accounts.add_account(a.db, a.admin, "wanglei", "wanglei-pass", ["operator"])
    receive(b, send(a, b, tmp_path / "usb"))
    with b.db.read() as conn:
        held = [s for _op, s in seals.iter_seals(conn) if s is not None and s.station_id == a.db.station_id]
    assert held and held[-1].reason == "export"
    check_ok(b.db)
    assert any("巍山县应急管理局" in n and "已封存" in n for n in _notes(b))
    station.set_setting(a.db, a.admin, "duty.note", "x")
    assert any("1 条操作尚未封存" in n for n in _notes(a))


def test_a_recomputed_chain_without_the_key_fails(pair: tuple[Station, Station]) -> None:
    a, _b = pair
    accounts.add_account(a.db, a.admin, "wanglei", "wanglei-pass", ["operator"])
    sealed = _seal(a)
    ok, _line = integrity.verify_seal_token(a.db, sealed.token)
    assert ok
    check_ok(a.db)
    # the attacker rewrites the first operation and recomputes every hash of the chain after it
    with a.db.transaction() as conn:
        drop_log_triggers(conn)
        ops = [oplog.Op.from_row(r) for r in conn.execute(
            select(*[OPLOG.c[n] for n in (*oplog.HASHED_FIELDS, "hash")])
            .where(OPLOG.c.replica_id == a.db.replica_id).order_by(OPLOG.c.seq))]
        prev = oplog.GENESIS
        for op in ops:
            fields = op.hashed() | {"prev_hash": prev}
            if op.kind == "account.create" and op.data["username"] == "wanglei":
                fields["payload"] = canonical.dumps(op.data | {"roles": ["admin"]})
            new = oplog.compute_hash(fields)
            conn.execute(update(OPLOG).where(OPLOG.c.op_id == op.op_id).values(**fields, hash=new))
            prev = new
        conn.execute(update(HEADS).where(HEADS.c.replica_id == a.db.replica_id).values(hash=prev))
        conn.execute(text("UPDATE account SET roles = 'admin' WHERE username = 'wanglei'"))
        from tests.tamper import TRIGGERS  # noqa: F401  (the attacker need not restore them)
    problems = _problems(a)
    assert any("封存之后日志被改写" in p for p in problems)
    assert any("oplog_no_update" in p for p in problems)  # and the dropped triggers are named
    ok, line = integrity.verify_seal_token(a.db, sealed.token)
    assert not ok and "改写" in line


def test_a_seal_signed_with_another_key_is_refused_by_check(pair: tuple[Station, Station]) -> None:
    a, _b = pair
    impostor = keys.StationKey(a.db.station_id, Ed25519PrivateKey.generate())
    with a.db.write() as w:
        seq, head = w.head()
        trust = seals.trust_digest(w.conn)
        real = keys.signing_key(a.db)
        payload = {"replica": a.db.replica_id, "seq": seq, "hash": head, "time_ms": a.db.wall(),
                   "key_id": real.key_id, "reason": "manual", "ref": "", "trust": trust,
                   "signature": impostor.sign(seals.body(a.db.station_id, a.db.replica_id, seq, head, a.db.wall(),
                                                         real.key_id, trust))}
        w.record(seals.KIND, payload, "system")
    assert any("签名无效" in p for p in _problems(a))


def test_paper_seal_of_an_unknown_record_fails(pair: tuple[Station, Station]) -> None:
    a, _b = pair
    _seal(a)
    ok, line = integrity.verify_seal_token(a.db, "99:0123456789ab")
    assert not ok and "没有本站的封存" in line
    ok, line = integrity.verify_seal_token(a.db, "nonsense")
    assert not ok and "格式" in line


@pytest.mark.parametrize("edit", [
    "INSERT INTO sync_trust VALUES ('stranger', '陌生站', '999', 'AAAA', 'k', FALSE, 'trusted', 'card', '', 'x', 0, '', 0)",
    "UPDATE sync_trust SET may_vouch = TRUE",
    "UPDATE sync_peer_ack SET seq = seq + 50",
    "INSERT INTO sync_bundle_log VALUES ('forged', 'x', 0, 0, 'x', 'f', 0, 0, 0, '{}', '', '')",
    "UPDATE sync_bundle_log SET manifest = replace(manifest, 'version_vector', 'version_vectoR')",
    "UPDATE replica_head SET hash = '00'",
    "UPDATE township SET name = '假乡' WHERE code = (SELECT min(code) FROM township)",
    "DELETE FROM township WHERE code = (SELECT min(code) FROM township)",
    "UPDATE sync_attestation SET seq = seq - 1",
])
def test_every_local_table_edit_is_caught(pair: tuple[Station, Station], tmp_path: Path, edit: str) -> None:
    a, b = pair
    usb = tmp_path / "usb"
    accounts.add_account(b.db, b.admin, "nz1", "operator-pass", ["operator"])
    receive(a, send(b, a, usb))
    receive(b, send(a, b, usb))
    receive(a, send(b, a, usb))
    _seal(a)
    check_ok(a.db)
    with a.db.transaction() as conn:
        result = conn.execute(text(edit))
        assert result.rowcount != 0
    assert _problems(a), edit


def test_dropped_triggers_are_reported(pair: tuple[Station, Station]) -> None:
    a, _b = pair
    with a.db.transaction() as conn:
        drop_log_triggers(conn)
    assert any("oplog_no_delete" in p for p in _problems(a))


def test_interval_seals_during_ordinary_writes(pair: tuple[Station, Station]) -> None:
    a, _b = pair
    station.set_setting(a.db, a.admin, make_seals.EVERY_OPS, "3")
    for i in range(7):
        station.set_setting(a.db, a.admin, f"duty.note.{i}", str(i))
    with a.db.read() as conn:
        reasons = [s.reason for _op, s in seals.iter_seals(conn, a.db.replica_id) if s is not None]
    assert reasons.count("interval") >= 2
    check_ok(a.db)


def test_station_card_needs_no_passphrase(pair: tuple[Station, Station], tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from app import cli

    a, _b = pair
    monkeypatch.delenv("DUTYDESK_KEY_PASSPHRASE")
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)

    def refuse(prompt: str = "") -> str:
        raise AssertionError("asked for the passphrase: " + prompt)

    monkeypatch.setattr("getpass.getpass", refuse)
    out = tmp_path / "card.json"
    assert cli.main(["--db", str(a.folder / "station.sqlite3"), "station", "card", "--out", str(out)]) == 0
    assert out.exists()


@pytest.fixture
def keyed(db: Database) -> None:
    keys.create_key(db)


def test_the_handover_sheet_prints_the_seal_of_its_moment(db: Database, keyed: None, handed: dict[str, str],  # noqa: F811
                                                           tmp_path: Path) -> None:
    sheet = shifts.sheet_content(db, handed["shift"])
    assert sheet is not None and isinstance(sheet["seal"], dict)
    path = tmp_path / "交接班记录.pdf"
    handover_sheet.render(sheet, path, "zh_CN")
    printed = "".join(text_of(path).split())
    token = sheet["seal"]["token"]
    assert "日志封存" in printed and token in printed
    ok, line = integrity.verify_seal_token(db, token)
    assert ok, line
    seq, short = token.split(":")[1:]
    assert integrity.verify_seal_token(db, f"{seq}:{short}")[0]  # without the replica, as typed from paper


def test_a_sheet_without_a_key_says_it_is_not_sealed(db: Database, handed: dict[str, str],  # noqa: F811
                                                     tmp_path: Path) -> None:
    sheet = shifts.sheet_content(db, handed["shift"])
    assert sheet is not None and sheet["seal"] is None
    path = tmp_path / "交接班记录.pdf"
    handover_sheet.render(sheet, path, "zh_CN")
    assert "未封存" in "".join(text_of(path).split())
