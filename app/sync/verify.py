"""`dutydesk check` for the sync tables (docs/sync.md, "What check verifies").

- `sync_bundle_log`: every row carries the manifest exactly as its sender signed it; the
  signature is verified with the sender's key (trusted here, or this station's own) and the
  row's bundle id must be the manifest's. A forged row (to make a new bundle look imported)
  has no such manifest.
- `sync_peer_ack`: an acknowledgement may not exceed what the peer's own signed manifests
  (in the bundle log) said it held; a raised one would silently withhold operations.
- `sync_attestation`: each chain head is verified with its origin station's key and must be an
  operation held here.
- `sync_voucher`: each statement's signature is verified with its issuer's key.
- `sync_quarantine`: each kept operation's hash is recomputed.
Rows from before migration 0005 have no stored manifest: they are reported, not failed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select

from app import messages
from app.storage import sync_store
from app.storage.models import table
from app.storage.models.sync import SyncAttestation, SyncBundleLog, SyncPeerAck, SyncQuarantine, SyncVoucher
from app.storage.ops import compute_hash
from app.sync import keys, texts
from app.sync.bundle import attestation_body

texts.register()
BUNDLES = table(SyncBundleLog)
ACKS = table(SyncPeerAck)
ATTEST = table(SyncAttestation)
VOUCHERS = table(SyncVoucher)
QUARANTINE = table(SyncQuarantine)

messages.register(
    {
        "sverify.bundle_unsigned": ("同步包记录 {bundle}（来自 {sender}）没有有效的签名清单：伪造的记录？", "Bundle log row {bundle} (from {sender}) has no validly signed manifest: forged?"),
        "sverify.bundle_old": ("{count} 条同步包记录早于 0005 版本，未保存清单，无法验证", "{count} bundle log rows predate revision 0005 and kept no manifest: not verifiable"),
        "sverify.ack_raised": ("站点 {peer} 对副本 {replica} 的确认为 #{seq}，但其签名清单只到 #{signed}（被手工调高？）", "Peer {peer}: acknowledgement of replica {replica} is #{seq}, its signed manifests say #{signed} (raised by hand?)"),
        "sverify.attestation_bad": ("副本 {replica} 的链头签名无效或不在日志中", "Replica {replica}: chain-head attestation invalid or not in the log"),
        "sverify.voucher_bad": ("{issuer} 对 {station} 的担保签名无效", "Voucher of {issuer} for {station}: signature invalid"),
        "sverify.identity_bad": ("本站公钥与其密钥编号不符（被手工修改？）", "This station's public key does not match its key id (edited by hand?)"),
        "sverify.quarantine_bad": ("隔离区中操作 {op} 的哈希不符（被手工修改？）", "Quarantined operation {op}: its hash does not match (edited by hand?)"),
    }
)


@dataclass
class SyncFindings:
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _keys(conn: Connection, own_station: str) -> dict[str, str]:
    found = {r["station_id"]: r["public_key"] for r in sync_store.list_trust(conn)}
    ident = sync_store.get_identity(conn, own_station)
    if ident is not None:
        found[own_station] = ident["public_key"]
    return found


def check(conn: Connection, own_station: str) -> SyncFindings:
    out = SyncFindings()
    public = _keys(conn, own_station)
    signed_vv: dict[str, dict[str, int]] = {}
    verifiable_peers: set[str] = set()
    old = 0
    for row in conn.execute(select(BUNDLES)):
        if not row.manifest:
            old += 1
            continue
        key = public.get(row.sender_id)
        ok = key is not None and keys.verify(key, row.manifest.encode("utf-8"), row.signature)
        try:
            manifest: Any = json.loads(row.manifest) if ok else None
        except ValueError:
            manifest = None
        if not isinstance(manifest, dict) or manifest.get("bundle_id") != row.bundle_id \
                or not isinstance(manifest.get("sender"), dict) or manifest["sender"].get("station_id") != row.sender_id:
            out.problems.append(messages.text("sverify.bundle_unsigned", bundle=str(row.bundle_id)[:8],
                                              sender=str(row.sender_id)[:8]))
            continue
        verifiable_peers.add(row.sender_id)
        vv = manifest.get("version_vector")
        if isinstance(vv, dict):
            mine = signed_vv.setdefault(row.sender_id, {})
            for replica, seq in vv.items():
                if isinstance(seq, int):
                    mine[replica] = max(mine.get(replica, 0), seq)
    if old:
        out.notes.append(messages.text("sverify.bundle_old", count=old))
    for row in conn.execute(select(ACKS)):
        if row.peer_id not in verifiable_peers:
            continue
        signed = signed_vv.get(row.peer_id, {}).get(row.replica_id, 0)
        if row.seq > signed:
            out.problems.append(messages.text("sverify.ack_raised", peer=str(row.peer_id)[:8],
                                              replica=str(row.replica_id)[:8], seq=row.seq, signed=signed))
    for row in conn.execute(select(ATTEST)):
        key = public.get(row.station_id)
        held = sync_store.op_at(conn, row.replica_id, row.seq)
        body = attestation_body(row.replica_id, row.station_id, row.seq, row.hash)
        if key is None:
            continue  # a station no longer trusted here: its heads are not relayed any more
        if held is None or held[1] != row.hash or not keys.verify(key, body, row.signature):
            out.problems.append(messages.text("sverify.attestation_bad", replica=str(row.replica_id)[:8]))
    for row in conn.execute(select(VOUCHERS)):
        key = public.get(row.issuer_id)
        if key is not None and not keys.verify(key, str(row.body).encode("utf-8"), row.signature):
            out.problems.append(messages.text("sverify.voucher_bad", issuer=str(row.issuer_id)[:8],
                                              station=str(row.station_id)[:8]))
    ident = sync_store.get_identity(conn, own_station)
    if ident is not None:
        try:
            good_id = keys.key_id(keys.unb64(ident["public_key"])) == ident["key_id"]
        except (ValueError, TypeError):
            good_id = False
        if not good_id:
            out.problems.append(messages.text("sverify.identity_bad"))
    for row in conn.execute(select(QUARANTINE)):
        m = row._mapping
        fields = {k: m[k] for k in ("op_id", "station_id", "replica_id", "seq", "hlc", "author", "kind", "payload",
                                    "prev_hash")}
        try:
            good = compute_hash(fields) == m["hash"]
        except (TypeError, ValueError):
            good = False
        if not good:
            out.problems.append(messages.text("sverify.quarantine_bad", op=str(m["op_id"])[:8]))
    return out
