"""`dutydesk check`: SQLite integrity, every hash chain, rebuild == live tables."""

from __future__ import annotations

import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, MetaData, Table, select

from app import messages
from app.storage import authority, duty_search_check, rebuild, seals, verify
from app.storage.engine import Database
from app.storage.models import load_all, projection_tables, table
from app.storage.models.station import Station
from app.storage.oplog import verify_chains

MAX_REPORTED = 20
STATION = table(Station)

messages.register(
    {
        "check.sqlite": ("SQLite 完整性", "SQLite integrity"),
        "check.chains": ("操作日志哈希链", "Operation log hash chains"),
        "check.rebuild": ("由日志重建 = 现有数据表", "Rebuild from the log = live tables"),
        "check.ops_checked": ("已校验 {count} 条操作，{replicas} 个副本", "{count} operations in {replicas} replica(s) verified"),
        "check.tables_equal": ("比对 {tables} 张表（重放 {count} 条操作）", "{tables} tables compared ({count} operations replayed)"),
        "check.search_docs": ("{count} 条值班记录的搜索文档与由日志重建的不一致（如 {first}）：运行 dutydesk log reindex",
                              "{count} duty entries' search documents differ from those rebuilt from the log (e.g. {first}): "
                              "run dutydesk log reindex"),
        "check.chain_hash": ("副本 {replica} 第 {seq} 条操作（{op}）的内容与哈希不符——被篡改？", "Replica {replica} op #{seq} ({op}): content does not match its hash — tampered?"),
        "check.chain_link": ("副本 {replica} 第 {seq} 条操作（{op}）与前一条的链接断开", "Replica {replica} op #{seq} ({op}): link to the previous operation broken"),
        "check.chain_gap": ("副本 {replica} 缺少第 {seq} 条之前的操作（本站副本不应缺号）", "Replica {replica}: operations missing before #{seq} (this station's own replica must have no gaps)"),
        "check.row_changed": ("表 {table} 行 {key}：字段 {column} 为 {live!r}，由日志重建应为 {rebuilt!r}", "Table {table} row {key}: {column} is {live!r}, the log says {rebuilt!r}"),
        "check.row_extra": ("表 {table} 行 {key}：日志中没有来源（被手工插入？）", "Table {table} row {key}: not produced by the log (inserted by hand?)"),
        "check.row_missing": ("表 {table} 行 {key}：缺失（被手工删除？）", "Table {table} row {key}: missing (deleted by hand?)"),
        "check.authority": ("越权操作（依日志与权限规则）", "Operations refused by authority rules (from the log)"),
        "check.refused_none": ("没有越权操作", "no refused operations"),
        "check.refused_count": ("{count} 条操作被拒绝（保留在日志中但不生效），{waiting} 条等待其记录到达", "{count} operations refused (kept in the log, applied nowhere), {waiting} waiting for their record"),
        "check.refused_line": ("{station} {kind}（{op}，{author}）：{reason}", "{station} {kind} ({op}, by {author}): {reason}"),
        "check.seals": ("封存、触发器、链头与参考数据", "Seals, log triggers, replica heads, reference data"),
        "check.seals_summary": ("{replicas} 个副本有有效封存，{unsealed} 条操作尚未封存", "{replicas} replica(s) with valid seals, {unsealed} operations not yet sealed"),
        "check.trust_changed": ("信任与担保表与本站最近一次封存（#{seq}）不一致：被手工修改，或在无法使用站点密钥时更改（导出一次同步包即重新封存）", "The trust and voucher tables differ from this station's last seal (#{seq}): edited by hand, or changed while the station key could not be used (an export seals them again)"),
        "check.trust_unsealed": ("信任表尚未封存（首次导出时封存）", "The trust table is not sealed yet (the first export seals it)"),
        "check.seal_token_bad": ("封存号“{token}”格式不对：应为 序号:哈希（如 1234:5f3e9a01c2d4），可在前面加副本号", "Seal “{token}” is not of the form SEQ:HASH (e.g. 1234:5f3e9a01c2d4), optionally REPLICA:SEQ:HASH"),
        "check.seal_token_ok": ("封存 {token} 与记录一致：副本 {replica} 到该序号的日志自 {when} 封存以来未被改写", "Seal {token} matches the record: replica {replica}'s log up to that seq is unchanged since it was sealed on {when}"),
        "check.seal_token_forged": ("封存 {token} 的签名无效：数据库中的封存是伪造的", "Seal {token}: its signature is invalid — the seal in the database is forged"),
        "check.seal_token_rewritten": ("封存 {token}：日志中该序号现在的哈希是 {now}——纸面封存之后记录被改写", "Seal {token}: the log now has {now} at that seq — the record was rewritten after the paper was sealed"),
        "check.seal_token_unknown": ("数据库中没有本站的封存 {token}：记录被改写或封存被删除", "No seal {token} of this station in the database: the record was rewritten or the seal removed"),
        "check.crashed": ("无法完成此项检查，数据库内容已损坏：{error}", "This check could not complete, the database content is damaged: {error}"),
        "check.apply_failed": ("操作 {op}（{kind}）无法由日志重放：{error}", "Operation {op} ({kind}) cannot be replayed from the log: {error}"),
        "check.more": ("……另有 {count} 处不一致", "… and {count} more differences"),
    }
)


@dataclass
class CheckResult:
    name: str
    ok: bool
    summary: str = ""
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)
    """Findings that do not fail the check (refused operations, operations not yet sealed)."""
    covers: tuple[str, ...] = ()
    """What else this check verified ("search_docs": the search documents against the rebuild)."""


def sqlite_integrity(db: Database) -> CheckResult:
    start = time.perf_counter()
    if not db.is_sqlite:  # PostgreSQL: amcheck and a full read (app/storage/server.py)
        from app.storage import server

        with db.read() as conn:
            summary, found = server.integrity(conn)
        return CheckResult(messages.text("check.server"), not found, summary, found, time.perf_counter() - start)
    with db.read() as conn:
        rows = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").all()]
        fk = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
    problems = [r for r in rows if r != "ok"] + [f"foreign key: {tuple(r)}" for r in fk]
    return CheckResult(messages.text("check.sqlite"), not problems, "ok" if not problems else "", problems,
                       time.perf_counter() - start)


def hash_chains(db: Database) -> CheckResult:
    start = time.perf_counter()
    with db.read() as conn:
        count, found = verify_chains(conn)
        replicas = conn.exec_driver_sql("SELECT count(DISTINCT replica_id) FROM oplog").scalar() or 0
    problems: list[str] = []
    for p in found:
        if p.problem == "gap" and p.replica_id != db.replica_id:
            continue  # ranges of other stations may still be on their way
        code = {"hash": "check.chain_hash", "link": "check.chain_link", "gap": "check.chain_gap"}[p.problem]
        problems.append(messages.text(code, replica=p.replica_id[:8], seq=p.seq, op=p.op_id))
    return CheckResult(
        messages.text("check.chains"), not problems,
        messages.text("check.ops_checked", count=count, replicas=replicas), _cap(problems),
        time.perf_counter() - start,
    )


def _cap(problems: list[str]) -> list[str]:
    if len(problems) <= MAX_REPORTED:
        return problems
    return [*problems[:MAX_REPORTED], messages.text("check.more", count=len(problems) - MAX_REPORTED)]


def _order(value: Any) -> tuple[int, Any]:
    """SQLite's order across storage classes (NULL < numbers < text < blob), so that a value of
    the wrong type put in by hand compares instead of failing."""
    if value is None:
        return (0, 0)
    if isinstance(value, bool):
        return (1, int(value))
    if isinstance(value, (int, float)):
        return (1, value)
    if isinstance(value, str):
        return (2, value)
    return (3, bytes(value) if isinstance(value, (bytes, bytearray, memoryview)) else repr(value))


def _rows(conn: Connection, table: Table) -> Iterator[tuple[tuple[Any, ...], tuple[Any, ...]]]:
    """(ordered primary key, the row's values in column order), in primary-key order."""
    pk = list(table.primary_key.columns)
    names = [c.name for c in table.columns]
    at = [names.index(c.name) for c in pk]
    stmt = select(*table.columns).order_by(*pk)
    for row in conn.execution_options(stream_results=True, yield_per=5000).execute(stmt):
        values = tuple(row)
        yield tuple(_order(values[i]) for i in at), values


def compare_tables(live: Connection, rebuilt: Connection, tables: list[str]) -> list[str]:
    """Merge-join each table on its primary key; name every differing row and column."""
    meta = MetaData()
    full = load_all()
    problems: list[str] = []
    for name in tables:
        table = full.tables[name].to_metadata(meta)
        columns = [c.name for c in table.columns]
        a, b = _rows(live, table), _rows(rebuilt, table)
        ra, rb = next(a, None), next(b, None)
        while ra is not None or rb is not None:
            if rb is None or (ra is not None and ra[0] < rb[0]):
                assert ra is not None
                problems.append(messages.text("check.row_extra", table=name, key=_key(ra[0])))
                ra = next(a, None)
            elif ra is None or rb[0] < ra[0]:
                problems.append(messages.text("check.row_missing", table=name, key=_key(rb[0])))
                rb = next(b, None)
            else:
                if ra[1] != rb[1]:  # rows compare as tuples; name the columns only when they differ
                    for column, value, other in zip(columns, ra[1], rb[1], strict=True):
                        if other != value:
                            problems.append(
                                messages.text("check.row_changed", table=name, key=_key(ra[0]), column=column,
                                              live=value, rebuilt=other)
                            )
                ra, rb = next(a, None), next(b, None)
    return problems


def _key(values: tuple[Any, ...]) -> str:
    return "/".join(str(v[1]) if isinstance(v, tuple) else str(v) for v in values)


def rebuild_equals_live(db: Database, progress: rebuild.Progress | None = None) -> CheckResult:
    start = time.perf_counter()
    tables = projection_tables()
    stale: list[str] | None = None
    with tempfile.TemporaryDirectory(prefix="dutydesk-check-") as tmp:
        engine = rebuild.scratch_engine(Path(tmp), search_index=False)  # documents compared, not the index
        try:
            with db.read() as source, engine.connect() as target:
                failures: list[str] = []
                count = rebuild.replay(source, target, progress, failures)
                target.commit()
                problems = [*failures, *compare_tables(source, target, tables)]
                stale = duty_search_check.compare_docs(source, target)
                if stale:
                    problems.append(messages.text("check.search_docs", count=len(stale),
                                                  first=", ".join(s[:8] for s in stale[:5])))
        finally:
            engine.dispose()
    return CheckResult(
        messages.text("check.rebuild"), not problems,
        messages.text("check.tables_equal", tables=len(tables), count=count), _cap(problems),
        time.perf_counter() - start, covers=("search_docs",) if stale is not None else (),
    )


def refusals(db: Database) -> CheckResult:
    """The refusals as the live table lists them (the rebuild check proves the log says the same)."""
    start = time.perf_counter()
    with db.read() as conn:
        rows = authority.list_refusals(conn)
        codes: dict[str, str] = {r.station_id: r.code for r in conn.execute(select(STATION.c.station_id, STATION.c.code))}
    notes = [messages.text("check.refused_line", station=codes.get(r["station_id"], str(r["station_id"])[:8]),
                           kind=r["kind"], op=r["op_id"], author=r["author"], reason=r["reason"]) for r in rows]
    waiting = sum(1 for r in rows if authority.is_waiting(str(r["reason"])))
    summary = (messages.text("check.refused_count", count=len(rows) - waiting, waiting=waiting) if rows
               else messages.text("check.refused_none"))
    return CheckResult(messages.text("check.authority"), True, summary, [], time.perf_counter() - start, _cap(notes))


def _when(ms: int) -> str:
    from app import formatting
    from app.clock import ms_to_datetime

    return formatting.datetime_text(ms_to_datetime(ms)) if ms else ""


def seals_and_log(db: Database) -> CheckResult:
    """Seals (signatures, sealed hashes still in the log), the trust tables against the last own
    seal, the log's triggers, the replica heads, the township reference."""
    start = time.perf_counter()
    with db.read() as conn:
        names: dict[str, str] = {r.station_id: r.name for r in conn.execute(select(STATION.c.station_id, STATION.c.name))}
        found = verify.check_seals(conn, names, _when)
        problems = [*verify.triggers(conn), *verify.heads(conn), *verify.townships(conn), *found.problems]
        own = _last_own_verified(conn, db.station_id)
        digest = seals.trust_digest(conn)
        if own is not None and own.trust and own.trust != digest:
            problems.append(messages.text("check.trust_changed", seq=own.seq))
        elif own is None and conn.execute(select(seals.TRUST.c.station_id).limit(1)).first() is not None:
            found.notes.append(messages.text("check.trust_unsealed"))
    summary = messages.text("check.seals_summary", replicas=found.summary.get("replicas_sealed", 0),
                            unsealed=found.summary.get("unsealed", 0))
    return CheckResult(messages.text("check.seals"), not problems, summary, _cap(problems),
                       time.perf_counter() - start, _cap(found.notes))


def _last_own_verified(conn: Connection, station_id: str) -> seals.Seal | None:
    keys = seals.public_keys(conn)
    best: seals.Seal | None = None
    for op, seal in seals.iter_seals(conn):
        if op.station_id != station_id or seal is None or not seals.signature_ok(seal, keys):
            continue
        if best is None or seal.time_ms >= best.time_ms:
            best = seal
    return best


def verify_seal_token(db: Database, token: str) -> tuple[bool, str]:
    """`check --seal [REPLICA:]SEQ:HASH`: does the record still hold what the paper says?"""
    parts = token.strip().replace("#", "").replace("·", ":").replace(" ", "").split(":")
    if len(parts) not in (2, 3) or not parts[-2].isdigit() or len(parts[-1]) < 8:
        return False, messages.text("check.seal_token_bad", token=token)
    replica_prefix = parts[0].lower() if len(parts) == 3 else ""
    seq, short = int(parts[-2]), parts[-1].lower()
    with db.read() as conn:
        keys = seals.public_keys(conn)
        for op, seal in seals.iter_seals(conn):
            if seal is None or op.station_id != db.station_id or seal.seq != seq:
                continue
            if not seal.hash.startswith(short) or not seal.replica_id.startswith(replica_prefix):
                continue
            if not seals.signature_ok(seal, keys):
                return False, messages.text("check.seal_token_forged", token=token)
            now = seals.hash_at(conn, seal.replica_id, seal.seq)
            if now != seal.hash:
                return False, messages.text("check.seal_token_rewritten", token=token, now=(now or "—")[:12])
            return True, messages.text("check.seal_token_ok", token=token, when=_when(seal.time_ms),
                                       replica=seal.replica_id[:8])
    return False, messages.text("check.seal_token_unknown", token=token)


def guarded(name: str, check: Any, *args: Any) -> CheckResult:
    """Run one check; a failure on corrupt content is a finding, never a crash of `check`."""
    try:
        result: CheckResult = check(*args)
        return result
    except rebuild.Cancelled:
        raise
    except Exception as error:
        return CheckResult(name, False, "", [messages.text("check.crashed", error=f"{type(error).__name__}: {error}"[:300])])


class Background:
    """One check run on a daemon thread beside the others: SQLite's own checks spend their time
    in C with the GIL released, so on two cores they cost nothing next to the Python replay.
    A daemon, so that Ctrl+C never waits for it."""

    def __init__(self, name: str, check: Any, *args: Any) -> None:
        self._result: CheckResult | None = None
        self._thread = threading.Thread(target=self._run, args=(name, check, *args), daemon=True,
                                        name="dutydesk-check")
        self._thread.start()

    def _run(self, name: str, check: Any, *args: Any) -> None:
        self._result = guarded(name, check, *args)

    def result(self) -> CheckResult:
        self._thread.join()
        assert self._result is not None
        return self._result


def run_all(db: Database, progress: rebuild.Progress | None = None) -> list[CheckResult]:
    sqlite = Background(messages.text("check.sqlite"), sqlite_integrity, db)
    rest = [
        guarded(messages.text("check.chains"), hash_chains, db),
        guarded(messages.text("check.rebuild"), rebuild_equals_live, db, progress),
        guarded(messages.text("check.authority"), refusals, db),
        guarded(messages.text("check.seals"), seals_and_log, db),
    ]
    return [sqlite.result(), *rest]
