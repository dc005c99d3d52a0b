"""Station keys (keyring or encrypted file), cards, trust, revocation and county vouching."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

from app.errors import PermissionDenied, UserError
from app.services import keystore
from app.sync import card, keys, trust
from tests.conftest import FakeWall, make_account
from tests.unit.test_sync_support import (
    PASSPHRASE,
    Station,
    _key_passphrase,  # noqa: F401  (autouse fixture)
    dump,
    make_station,
    receive,
    send,
    trust_card,
)


@pytest.fixture
def two(tmp_path: Path) -> Iterator[tuple[Station, Station]]:
    a = make_station(tmp_path / "a", "巍山县应急管理局", "532927", FakeWall(), "county_admin")
    b = make_station(tmp_path / "b", "南诏镇", "532927101", FakeWall(), "nz_admin")
    yield a, b
    a.db.close()
    b.db.close()


def test_file_fallback_is_encrypted_and_needs_the_passphrase(two: tuple[Station, Station],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    a, _b = two
    assert not keystore.status().secure  # tests run on keyrings.alt: no secure keyring
    assert "口令加密" in keystore.status().describe()
    key = keys.signing_key(a.db)
    raw = key.private.private_bytes_raw()
    stored = keys.key_file(a.db.station_id).read_text(encoding="utf-8")
    assert keys.b64(raw) not in stored and raw.hex() not in stored
    assert json.loads(stored)["cipher"] == "AES-256-GCM"
    assert keys.public_identity(a.db)["storage"] == keys.FILE  # type: ignore[index]
    monkeypatch.delenv("DUTYDESK_KEY_PASSPHRASE")
    with pytest.raises(UserError) as info:
        keys.signing_key(a.db)
    assert info.value.code == "sync.passphrase_needed"
    with pytest.raises(UserError) as info:
        keys.signing_key(a.db, "wrong-passphrase")
    assert info.value.code == "sync.passphrase_wrong"
    assert keys.signing_key(a.db, PASSPHRASE).key_id == key.key_id


class MemoryKeyring(KeyringBackend):
    priority = 10  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


def test_secure_keyring_holds_the_private_key(two: tuple[Station, Station], monkeypatch: pytest.MonkeyPatch) -> None:
    a, _b = two
    ring = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(ring)
    monkeypatch.setattr(keystore, "status", lambda: keystore.KeyringStatus("test.Memory", True, True))
    monkeypatch.delenv("DUTYDESK_KEY_PASSPHRASE")
    try:
        key = keys.signing_key(a.db)
        assert keys.public_identity(a.db)["storage"] == keys.KEYRING  # type: ignore[index]
        assert not keys.key_file(a.db.station_id).exists()
        assert (keystore.SERVICE, f"station-key:{a.db.station_id}") in ring.store
        assert keys.signing_key(a.db).key_id == key.key_id
    finally:
        keyring.set_keyring(previous)


def test_card_and_fingerprint_check(two: tuple[Station, Station], tmp_path: Path) -> None:
    a, b = two
    path = tmp_path / "a.card"
    c = card.write_card(a.db, path)
    assert len(c.fingerprint) == 19 and c.fingerprint.count("-") == 3
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["name"] == "巍山县应急管理局" and data["fingerprint"] == c.fingerprint
    read = card.read_card(path)
    with pytest.raises(UserError) as info:
        trust.add_card(b.db, b.admin, read, "0000-0000-0000-0000")
    assert info.value.code == "sync.fingerprint_mismatch" and trust.list_trusted(b.db) == []
    operator = make_account(b.db, b.admin, "wanglei", "operator")
    with pytest.raises(PermissionDenied):
        trust.add_card(b.db, operator, read, c.fingerprint)
    with pytest.raises(UserError):
        trust.add_card(a.db, a.admin, read, c.fingerprint)  # its own card
    entry = trust.add_card(b.db, b.admin, read, c.fingerprint.lower().replace("-", " "))
    assert entry.status == "trusted" and entry.source == "card"
    data["public_key"] = keys.b64(bytes(32))
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(UserError) as info:
        card.read_card(path)
    assert info.value.code == "sync.card_unreadable"


def test_county_vouches_for_townships(tmp_path: Path) -> None:
    county = make_station(tmp_path / "c", "巍山县应急管理局", "532927", FakeWall(), "county_admin")
    t1 = make_station(tmp_path / "t1", "南诏镇", "532927101", FakeWall(), "nz_admin")
    t2 = make_station(tmp_path / "t2", "大仓镇", "532927102", FakeWall(), "dc_admin")
    t3 = make_station(tmp_path / "t3", "庙街镇", "532927103", FakeWall(), "mj_admin")
    for town in (t1, t2, t3):
        trust_card(town, county, may_vouch=True)  # each township checks the county's card once
        trust_card(county, town)  # the county checks each township's card
        trust.vouch(county.db, county.admin, town.code)
    usb = tmp_path / "usb"
    # t2 hears from the county first, so its own bundles carry the county's voucher for t2
    receive(t2, send(county, t2, usb))
    # t1 has never seen t2's card, nor a county bundle yet: t2's bundle vouches for itself via the county
    report = receive(t1, send(t2, t1, usb))
    assert report.new > 0
    assert any(e.name == "大仓镇" and e.source == "voucher" for e in trust.list_trusted(t1.db))
    # the county revokes t2; the revocation travels with the county's bundles
    trust.revoke(county.db, county.admin, t2.code)
    receive(t1, send(county, t1, usb))
    assert next(e for e in trust.list_trusted(t1.db) if e.name == "大仓镇").status == "revoked"
    before = dump(t1.db)
    with pytest.raises(UserError) as info:
        receive(t1, send(t2, t1, usb))
    assert info.value.code == "sync.revoked" and dump(t1.db) == before
    # a township's own decision wins over vouchers: t3 revoked t1 locally and stays so
    receive(t3, send(county, t3, usb))
    trust.revoke(t3.db, t3.admin, t1.code)
    receive(t3, send(county, t3, usb))
    assert next(e for e in trust.list_trusted(t3.db) if e.name == "南诏镇").status == "revoked"
    for s in (county, t1, t2, t3):
        s.db.close()


def test_untrusted_origin_relayed_is_skipped_and_reported(tmp_path: Path) -> None:
    a = make_station(tmp_path / "a", "巍山县应急管理局", "532927", FakeWall(), "county_admin")
    b = make_station(tmp_path / "b", "南诏镇", "532927101", FakeWall(), "nz_admin")
    c = make_station(tmp_path / "c", "大仓镇", "532927102", FakeWall(), "dc_admin")
    trust_card(b, a)
    trust_card(c, b)  # c trusts b, but not a
    receive(b, send(a, b, tmp_path / "usb"))
    report = receive(c, send(b, c, tmp_path / "usb"))
    assert report.skipped_untrusted and any("未受信任" in line for line in report.lines())
    for s in (a, b, c):
        s.db.close()
