"""Which stations' bundles this station accepts: trust by card, revocation, county vouching.

Direct trust: an admin adds a station's card after reading its fingerprint back on the phone.
Vouching (docs/sync.md): a station trusted here *as a county centre* (`may_vouch`) can sign
vouchers for township stations ("this key is station X") and revocations of them. Vouchers
travel inside every bundle, so township stations trust each other through the county without
exchanging cards pairwise. A decision made here always wins over a voucher: a station revoked
here stays revoked, and a card added here is never replaced by a voucher.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Connection

from app.errors import UserError, ValidationError
from app.services import roles
from app.services.accounts import Actor
from app.storage import canonical, sync_store
from app.storage.engine import Database
from app.sync import keys, seals, texts
from app.sync.card import Card

texts.register()

VOUCHER_TYPE = "dutydesk-voucher"
TRUSTED = "trusted"
REVOKED = "revoked"


@dataclass(frozen=True)
class TrustEntry:
    station_id: str
    name: str
    code: str
    key_id: str
    fingerprint: str
    may_vouch: bool
    status: str
    source: str
    vouched_by: str
    added_by: str
    added_ms: int
    revoked_by: str
    revoked_ms: int

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _entry(row: dict[str, Any]) -> TrustEntry:
    return TrustEntry(
        row["station_id"], row["name"], row["code"], row["key_id"], keys.fingerprint(keys.unb64(row["public_key"])),
        bool(row["may_vouch"]), row["status"], row["source"], row["vouched_by"], row["added_by"], row["added_ms"],
        row["revoked_by"], row["revoked_ms"],
    )


def list_trusted(db: Database) -> list[TrustEntry]:
    with db.read() as conn:
        return [_entry(r) for r in sync_store.list_trust(conn)]


def find(conn: Connection, text: str, *, known: bool = False) -> dict[str, Any]:
    """A trust row by station id, id prefix (8+), code or name (`known`: also stations only
    known from the log, returned with their id, name and code)."""
    text = text.strip()
    rows = sync_store.list_trust(conn)
    if known:
        trusted = {r["station_id"] for r in rows}
        rows = rows + [r for r in sync_store.known_stations(conn) if r["station_id"] not in trusted]
    tests: list[Callable[[dict[str, Any]], bool]] = [
        lambda r: bool(r["station_id"] == text),
        lambda r: bool(r["code"] == text),
        lambda r: bool(r["name"] == text),
        lambda r: len(text) >= 8 and str(r["station_id"]).startswith(text),
    ]
    for test in tests:
        hits = [r for r in rows if test(r)]
        if len(hits) == 1:
            return hits[0]
    raise ValidationError("sync.unknown_station", field="station", station=text)


def add_card(db: Database, actor: Actor, card: Card, confirmed: str, *, may_vouch: bool = False) -> TrustEntry:
    """Trust `card` after the admin confirmed its fingerprint (`confirmed` must equal it)."""
    actor.require(roles.ADMIN)
    if card.station_id == db.station_id:
        raise ValidationError("sync.card_is_self", field="card")
    given = keys.normalise_fingerprint(confirmed)
    if not given:
        raise ValidationError("sync.fingerprint_not_confirmed", field="fingerprint")
    if given != card.fingerprint:
        raise ValidationError("sync.fingerprint_mismatch", field="fingerprint", card=card.fingerprint, given=given)
    values = {
        "station_id": card.station_id, "name": card.name, "code": card.code, "public_key": card.public_key,
        "key_id": card.key_id, "may_vouch": may_vouch, "status": TRUSTED, "source": "card", "vouched_by": "",
        "added_by": actor.username, "added_ms": db.wall(), "revoked_by": "", "revoked_ms": 0,
    }
    with db.transaction() as conn:
        sync_store.put_trust(conn, values)
    seals.after_trust_change(db)
    return _entry(values)


def revoke(db: Database, actor: Actor, station_text: str, passphrase: str | None = None) -> TrustEntry:
    """Stop accepting a station's bundles. If this station had vouched for it, a signed
    revocation goes out with the next bundles as well."""
    actor.require(roles.ADMIN)
    with db.read() as conn:
        row = find(conn, station_text)
        vouched = any(
            v["issuer_id"] == db.station_id and v["station_id"] == row["station_id"]
            and json.loads(v["body"]).get("action") == "vouch"
            for v in sync_store.list_vouchers(conn)
        )
    if row["status"] == REVOKED:
        raise ValidationError("sync.already_revoked", field="station", name=row["name"])
    statement = _sign_voucher(db, row, "revoke", passphrase) if vouched else None
    with db.transaction() as conn:
        sync_store.set_trust_status(conn, row["station_id"], REVOKED, actor.username, db.wall())
        if statement is not None:
            sync_store.put_voucher(conn, **statement)
        row = sync_store.get_trust(conn, row["station_id"]) or row
    seals.after_trust_change(db)
    return _entry(row)


def vouch(db: Database, actor: Actor, station_text: str, passphrase: str | None = None) -> TrustEntry:
    """As a county centre, vouch for a station trusted here by its card."""
    actor.require(roles.ADMIN)
    with db.read() as conn:
        row = find(conn, station_text)
    if row["status"] != TRUSTED:
        raise ValidationError("sync.already_revoked", field="station", name=row["name"])
    statement = _sign_voucher(db, row, "vouch", passphrase)
    with db.transaction() as conn:
        sync_store.put_voucher(conn, **statement)
    seals.after_trust_change(db)
    return _entry(row)


def _sign_voucher(db: Database, row: dict[str, Any], action: str, passphrase: str | None) -> dict[str, Any]:
    key = keys.signing_key(db, passphrase)
    with db.read() as conn:
        earlier = [v["issued_ms"] for v in sync_store.list_vouchers(conn)
                   if v["issuer_id"] == db.station_id and v["station_id"] == row["station_id"]]
    issued = max([db.wall(), *(ms + 1 for ms in earlier)])  # a later statement always sorts later
    body = canonical.dumps({
        "type": VOUCHER_TYPE, "action": action, "issuer_id": db.station_id, "issuer_key_id": key.key_id,
        "station_id": row["station_id"], "name": row["name"], "code": row["code"],
        "public_key": row["public_key"], "key_id": row["key_id"], "issued_ms": issued,
    })
    return {"issuer_id": db.station_id, "station_id": row["station_id"], "body": body,
            "signature": key.sign(body.encode("utf-8")), "issued_ms": issued}


# -- used by the importer -----------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    ok: bool
    status: str
    """`trusted`, `revoked` or `unknown`."""
    public_key: str = ""
    name: str = ""


def check_voucher(conn: Connection, voucher: dict[str, Any]) -> dict[str, Any] | None:
    """The voucher's statement when it is well-formed and signed by a vouching station trusted here."""
    body, signature = voucher.get("body"), voucher.get("signature")
    if not isinstance(body, str) or not isinstance(signature, str) or len(body) > 4096:
        return None
    try:
        data = json.loads(body)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("type") != VOUCHER_TYPE or data.get("action") not in ("vouch", "revoke"):
        return None
    if not all(isinstance(data.get(k), str) for k in ("issuer_id", "station_id", "name", "code", "public_key", "key_id")):
        return None
    if not isinstance(data.get("issued_ms"), int):
        return None
    issuer = sync_store.get_trust(conn, data["issuer_id"])
    if issuer is None or issuer["status"] != TRUSTED or not issuer["may_vouch"]:
        return None
    if not keys.verify(issuer["public_key"], body.encode("utf-8"), signature):
        return None
    return data


def resolve(conn: Connection, station_id: str, extra: list[dict[str, Any]] | None = None) -> Verdict:
    """May operations signed as `station_id` be accepted, and with which public key?"""
    row = sync_store.get_trust(conn, station_id)
    if row is not None:
        if row["status"] == REVOKED:
            return Verdict(False, REVOKED, row["public_key"], row["name"])
        return Verdict(True, TRUSTED, row["public_key"], row["name"])
    latest: dict[str, dict[str, Any]] = {}
    candidates = [{"body": v["body"], "signature": v["signature"]} for v in sync_store.list_vouchers(conn)]
    for voucher in [*candidates, *(extra or [])]:
        data = check_voucher(conn, voucher)
        if data is None or data["station_id"] != station_id:
            continue
        current = latest.get(data["issuer_id"])
        if current is None or data["issued_ms"] > current["issued_ms"]:
            latest[data["issuer_id"]] = data
    if not latest:
        return Verdict(False, "unknown")
    if any(d["action"] == "revoke" for d in latest.values()):
        name = next(iter(latest.values()))["name"]
        return Verdict(False, REVOKED, "", name)
    newest = max(latest.values(), key=lambda d: d["issued_ms"])
    return Verdict(True, TRUSTED, newest["public_key"], newest["name"])


def accept_vouchers(conn: Connection, vouchers: list[dict[str, Any]], when_ms: int) -> list[str]:
    """Store valid vouchers (for relaying) and apply them; returns names newly trusted."""
    added: list[str] = []
    for voucher in vouchers:
        data = check_voucher(conn, voucher)
        if data is None:
            continue
        if not sync_store.put_voucher(conn, issuer_id=data["issuer_id"], station_id=data["station_id"],
                                      body=voucher["body"], signature=voucher["signature"],
                                      issued_ms=data["issued_ms"]):
            continue
        row = sync_store.get_trust(conn, data["station_id"])
        if data["action"] == "vouch":
            if row is None and data["station_id"] != _own_station(conn):
                sync_store.put_trust(conn, {
                    "station_id": data["station_id"], "name": data["name"], "code": data["code"],
                    "public_key": data["public_key"], "key_id": data["key_id"], "may_vouch": False,
                    "status": TRUSTED, "source": "voucher", "vouched_by": data["issuer_id"], "added_by": "",
                    "added_ms": when_ms, "revoked_by": "", "revoked_ms": 0,
                })
                added.append(data["name"])
        elif row is not None and row["source"] == "voucher" and row["vouched_by"] == data["issuer_id"]:
            sync_store.set_trust_status(conn, data["station_id"], REVOKED, f"voucher:{data['issuer_id'][:8]}", when_ms)
    return added


def outgoing_vouchers(conn: Connection) -> list[dict[str, str]]:
    return [{"body": v["body"], "signature": v["signature"]} for v in sync_store.list_vouchers(conn)]


def _own_station(conn: Connection) -> str:
    return sync_store.own_station_id(conn)


def require_trusted(db: Database, station_text: str) -> dict[str, Any]:
    with db.read() as conn:
        row = find(conn, station_text)
    if row["status"] != TRUSTED:
        raise UserError("sync.not_trusted_here", name=row["name"])
    return row
