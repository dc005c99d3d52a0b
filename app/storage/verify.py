"""What `dutydesk check` verifies besides the rebuild: seals, the log's triggers, replica heads,
reference data, and which table is verified how (docs/sync.md, "What check verifies").

Every table of the models declares a role (`Table.info["role"]`): `log` (the operation log),
`projection` (rebuilt from the log and compared row by row), `reference` (compared with what
the migrations ship) or `local` (this installation's own state). A local table must also name
how it is verified in `Table.info["verified"]` (one of `VERIFIED`), so a new table cannot slip
past `check`: tests/unit/test_coverage.py fails when one has neither.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, func, select

from app import messages, paths
from app.storage import seals
from app.storage.models import LOCAL, PROJECTION, REFERENCE, load_all, table
from app.storage.models.oplog import ReplicaHead
from app.storage.models.station import Township
from app.storage.oplog import OPLOG

HEADS = table(ReplicaHead)
TOWNSHIP = table(Township)
REFERENCE_FILE = paths.reference_dir() / "townships.json"  # source tree, installed package, frozen build
LOG_TRIGGERS = ("oplog_no_update", "oplog_no_delete")

VERIFIED = {
    "log": ("哈希链 + 站点签名封存 + 禁止修改/删除的触发器", "hash chains + station-signed seals + triggers refusing UPDATE/DELETE"),
    PROJECTION: ("由日志重建并逐行比对", "rebuilt from the log and compared row by row"),
    REFERENCE: ("与迁移随附的参考数据比对", "compared with the reference data the migrations ship"),
    "heads": ("等于日志中各链的最后一条操作", "equal to the last operation of each chain in the log"),
    "signed": ("每行的签名用其站点的公钥验证", "every row's signature verified with its station's public key"),
    "manifests": ("已签名的清单：签名验证，确认记录与其一致", "signed manifests: signature verified, acknowledgements checked against them"),
    "sealed": ("这些是本站自己的决定：其摘要随链头一起签名封存", "this station's own decisions: their digest is signed with the chain head in every seal"),
    "identity": ("密钥编号与公钥一致，本站封存用它验证", "key id matches the public key; this station's seals verify with it"),
    "search": ("搜索索引与日志重建的值班记录一致（log reindex --check）", "search index agrees with the duty entries rebuilt from the log (log reindex --check)"),
    "quarantine": ("被隔离的操作：重算其哈希", "quarantined operations: their hashes recomputed"),
    "advisory": ("仅本机参考（本机状态、登录退避、时钟标记、暂存包、备份记录）：不影响记录", "advisory state of this machine (local state, sign-in back-off, clock flags, parked bundles, backup runs): changes no record"),
}


def text_of(how: str) -> str:
    zh, en = VERIFIED[how]
    return zh if messages.language() == "zh_CN" else en


def role_of(name: str) -> str:
    t = load_all().tables[name]
    return str(t.info.get("role", ""))


def how_verified(name: str) -> str | None:
    """The key of VERIFIED that says how table `name` is verified (None: undeclared)."""
    t = load_all().tables[name]
    role = t.info.get("role")
    if role in ("log", PROJECTION, REFERENCE):
        return str(role)
    if role == LOCAL:
        how = t.info.get("verified")
        return str(how) if how in VERIFIED else None
    return None


def coverage() -> list[tuple[str, str | None]]:
    meta = load_all()
    return [(t.name, how_verified(t.name)) for t in sorted(meta.sorted_tables, key=lambda t: t.name)]


@dataclass
class Findings:
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)


messages.register(
    {
        "verify.trigger_missing": ("操作日志缺少触发器 {name}：数据库不再拒绝修改或删除日志（被人为删除？）", "The operation log lacks trigger {name}: the database no longer refuses edits or deletes of the log (dropped by hand?)"),
        "verify.head_wrong": ("副本 {replica} 的链头记录为 #{seq} {hash}，日志中是 #{log_seq} {log_hash}（被手工修改？）", "Replica {replica}: head recorded as #{seq} {hash}, the log says #{log_seq} {log_hash} (edited by hand?)"),
        "verify.head_missing": ("副本 {replica} 没有链头记录（日志中到 #{log_seq}）", "Replica {replica}: no head row (the log goes to #{log_seq})"),
        "verify.township_changed": ("参考数据 township：{detail}（与程序随附的不一致）", "Reference table township: {detail} (differs from what the program ships)"),
        "verify.seal_bad_signature": ("副本 {replica} 第 {at} 条的封存签名无效（伪造？）", "Replica {replica} seal at #{at}: signature invalid (forged?)"),
        "verify.seal_malformed": ("副本 {replica} 第 {at} 条的封存格式错误", "Replica {replica} seal at #{at}: malformed"),
        "verify.seal_mismatch": ("副本 {replica} 封存 #{seq} 时的哈希为 {sealed}，日志中现在是 {now}：封存之后日志被改写", "Replica {replica}: sealed #{seq} as {sealed}, the log now says {now}: the log was rewritten after it was sealed"),
        "verify.seal_unknown_key": ("{station} 的 {count} 个封存使用本站未知的密钥（旧密钥或未信任的站点），无法验证", "{count} seals of {station} use a key not known here (an earlier key, or a station not trusted here): not verified"),
        "verify.unsealed": ("{station} 副本 {replica}：{count} 条操作尚未封存（#{first} 之后）", "{station} replica {replica}: {count} operations not yet sealed (after #{first})"),
        "verify.sealed_all": ("{station} 副本 {replica}：已封存到 #{seq}（{when}）", "{station} replica {replica}: sealed up to #{seq} ({when})"),
        "verify.seal_ahead": ("副本 {replica} 封存了 #{seq}，但本站只有到 #{held}（其余尚未到达）", "Replica {replica}: seal covers #{seq}, only #{held} held here (the rest has not arrived)"),
    }
)


def triggers(conn: Connection) -> list[str]:
    if conn.dialect.name == "postgresql":
        rows = conn.exec_driver_sql(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'oplog'::regclass AND NOT tgisinternal").scalars()
    else:
        rows = conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'oplog'").scalars()
    present = set(rows)
    return [messages.text("verify.trigger_missing", name=n) for n in LOG_TRIGGERS if n not in present]


def heads(conn: Connection) -> list[str]:
    problems: list[str] = []
    last = _last_ops(conn)
    recorded = {r.replica_id: (r.seq, r.hash) for r in conn.execute(select(HEADS.c.replica_id, HEADS.c.seq, HEADS.c.hash))}
    for replica, (seq, hash_) in sorted(recorded.items()):
        log_seq, log_hash = last.get(replica, (0, ""))
        if (seq, hash_) != (log_seq, log_hash):
            problems.append(messages.text("verify.head_wrong", replica=str(replica)[:8], seq=seq, hash=str(hash_)[:12],
                                          log_seq=log_seq, log_hash=log_hash[:12]))
    for replica, (log_seq, _h) in sorted(last.items()):
        if replica not in recorded:
            problems.append(messages.text("verify.head_missing", replica=replica[:8], log_seq=log_seq))
    return problems


def _last_ops(conn: Connection) -> dict[str, tuple[int, str]]:
    """The highest-seq operation of each replica (one index seek per replica)."""
    found: dict[str, tuple[int, str]] = {}
    for (replica,) in conn.execute(select(OPLOG.c.replica_id).distinct()):
        row = conn.execute(select(OPLOG.c.seq, OPLOG.c.hash).where(OPLOG.c.replica_id == replica)
                           .order_by(OPLOG.c.seq.desc()).limit(1)).first()
        if row is not None:
            found[str(replica)] = (int(row.seq), str(row.hash))
    return found


def townships(conn: Connection) -> list[str]:
    try:
        shipped = json.loads(REFERENCE_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return [messages.text("verify.township_changed", detail=f"cannot read {REFERENCE_FILE.name}")]
    want = {str(r["code"]): (r["name"], r["kind"], r["sort"]) for r in shipped}
    have = {str(r.code): (r.name, r.kind, r.sort) for r in conn.execute(select(TOWNSHIP))}
    problems: list[str] = []
    for code in sorted(set(want) | set(have)):
        if code not in have:
            problems.append(messages.text("verify.township_changed", detail=f"{code} missing"))
        elif code not in want:
            problems.append(messages.text("verify.township_changed", detail=f"{code} {have[code][0]} added"))
        elif have[code] != want[code]:
            problems.append(messages.text("verify.township_changed", detail=f"{code} {have[code]} != {want[code]}"))
    return problems


def check_seals(conn: Connection, station_names: dict[str, str], when_text: Any) -> Findings:
    """Verify every seal; say how far each chain is sealed."""
    found = Findings()
    keys = seals.public_keys(conn)
    unknown: dict[str, int] = {}
    sealed: dict[str, tuple[int, int]] = {}
    for op, seal in seals.iter_seals(conn):
        replica = op.replica_id[:8]
        if seal is None:
            found.problems.append(messages.text("verify.seal_malformed", replica=replica, at=op.seq))
            continue
        ok = seals.signature_ok(seal, keys)
        if ok is None:
            unknown[op.station_id] = unknown.get(op.station_id, 0) + 1
            continue
        if not ok:
            found.problems.append(messages.text("verify.seal_bad_signature", replica=replica, at=op.seq))
            continue
        now = seals.hash_at(conn, seal.replica_id, seal.seq)
        if now is None:
            found.notes.append(messages.text("verify.seal_ahead", replica=replica, seq=seal.seq, held="?"))
            continue
        if now != seal.hash:
            found.problems.append(messages.text("verify.seal_mismatch", replica=replica, seq=seal.seq,
                                                sealed=seal.hash[:12], now=now[:12]))
            continue
        best = sealed.get(seal.replica_id)
        if best is None or seal.seq > best[0]:
            sealed[seal.replica_id] = (seal.seq, seal.time_ms)
    for station, count in sorted(unknown.items()):
        found.notes.append(messages.text("verify.seal_unknown_key", station=station_names.get(station, station[:8]),
                                         count=count))
    total_unsealed = 0
    for replica, station, _top in _replicas(conn):
        name = station_names.get(station, station[:8])
        seq, when = sealed.get(replica, (0, 0))
        after = conn.execute(select(func.count()).select_from(OPLOG).where(
            OPLOG.c.replica_id == replica, OPLOG.c.seq > seq, OPLOG.c.kind != seals.KIND)).scalar() or 0
        total_unsealed += int(after)
        if after:
            found.notes.append(messages.text("verify.unsealed", station=name, replica=replica[:8], count=after, first=seq))
        elif seq:
            found.notes.append(messages.text("verify.sealed_all", station=name, replica=replica[:8], seq=seq,
                                             when=when_text(when)))
    found.summary = {"replicas_sealed": len(sealed), "unsealed": total_unsealed}
    return found


def _replicas(conn: Connection) -> list[tuple[str, str, int]]:
    return [(str(r.replica_id), str(r.station_id), int(r.seq)) for r in conn.execute(
        select(HEADS.c.replica_id, HEADS.c.station_id, HEADS.c.seq).order_by(HEADS.c.station_id, HEADS.c.replica_id))]
