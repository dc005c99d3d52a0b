"""Sync commands: `station card|new-key`, `trust add|list|revoke|vouch`, `export`, `import`,
`conflicts`, `sync status` (docs/sync.md)."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from app import formatting, messages
from app.clock import Hlc, ms_to_datetime
from app.commands.common import actor, add_as, open_db, print_json, say
from app.errors import EXIT_USER, UserError, ValidationError
from app.storage.engine import Database
from app.sync import card, conflicts, export, importer, keys, trust
from app.sync import status as sync_status


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    st = sub.add_parser("station", help="this station's signing key and card / 本站密钥与名片")
    sts = st.add_subparsers(dest="station_command", metavar="ACTION", required=True)
    c = sts.add_parser("card", help="write this station's card (public key + fingerprint) to a file")
    c.add_argument("--out", required=True, metavar="FILE")
    c.add_argument("--json", action="store_true")
    c.set_defaults(run=run_card)
    nk = sts.add_parser("new-key", help="make a new signing key (the old one was lost); send the new card again")
    add_as(nk)
    nk.set_defaults(run=run_new_key)

    tr = sub.add_parser("trust", help="stations whose bundles are accepted / 受信任站点")
    trs = tr.add_subparsers(dest="trust_command", metavar="ACTION", required=True)
    add = trs.add_parser("add", help="trust a station card after checking its fingerprint on the phone")
    add.add_argument("card", metavar="CARD")
    add_as(add)
    add.add_argument("--fingerprint", help="the fingerprint read out by the other station (else asked)")
    add.add_argument("--county", action="store_true",
                     help="the card is a county centre's: its vouchers for township stations are accepted")
    add.set_defaults(run=run_trust_add)
    lst = trs.add_parser("list", help="list trusted and revoked stations")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(run=run_trust_list)
    rv = trs.add_parser("revoke", help="stop accepting a station's bundles")
    rv.add_argument("station", metavar="STATION", help="station id, code or name")
    add_as(rv)
    rv.set_defaults(run=run_trust_revoke)
    vo = trs.add_parser("vouch", help="(county centre) vouch for a township station trusted here by card")
    vo.add_argument("station", metavar="STATION")
    add_as(vo)
    vo.set_defaults(run=run_trust_vouch)

    ex = sub.add_parser("export", help="write a sync bundle for another station / 导出同步包")
    add_as(ex)
    ex.add_argument("--to", required=True, metavar="DIR", help="folder to write the bundle into (USB stick)")
    ex.add_argument("--for", dest="for_station", metavar="STATION",
                    help="the receiving station (only what it has not confirmed); default: everything")
    ex.add_argument("--json", action="store_true")
    ex.set_defaults(run=run_export)

    im = sub.add_parser("import", help="import sync bundles / 导入同步包")
    im.add_argument("files", nargs="*", metavar="FILE")
    add_as(im)
    im.add_argument("--parked", action="store_true", help="retry bundles parked for a newer version")
    im.add_argument("--json", action="store_true")
    im.set_defaults(run=run_import)

    co = sub.add_parser("conflicts", help="field-edit conflicts, quarantined operations, clock warnings / 冲突")
    co.add_argument("--json", action="store_true")
    cos = co.add_subparsers(dest="conflicts_command", metavar="ACTION")
    res = cos.add_parser("resolve", help="settle a field conflict by keeping one value")
    res.add_argument("--entity", required=True)
    res.add_argument("--key", required=True)
    res.add_argument("--field", required=True)
    res.add_argument("--op", required=True, help="op id of the losing edit (from --json)")
    res.add_argument("--keep", choices=("winner", "loser"), required=True)
    add_as(res)
    res.set_defaults(run=run_resolve)
    co.set_defaults(run=run_conflicts)

    sy = sub.add_parser("sync", help="sync status / 同步状态")
    sys_ = sy.add_subparsers(dest="sync_command", metavar="ACTION", required=True)
    ss = sys_.add_parser("status", help="key, peers, last exchange, pending operations")
    ss.add_argument("--json", action="store_true")
    ss.set_defaults(run=run_status)
    rf = sys_.add_parser("refused", help="operations refused by authority rules / 越权被拒绝的操作")
    rf.add_argument("--json", action="store_true")
    rf.set_defaults(run=run_refused)

    sl = sts.add_parser("seal", help="sign this replica's chain head now / 立即封存本站日志")
    sl.add_argument("--json", action="store_true")
    sl.set_defaults(run=run_seal)


def _when(ms: int) -> str:
    return formatting.datetime_text(ms_to_datetime(ms)) if ms else "—"


def _passphrase(db: Database, *, creating: bool = False) -> str | None:
    """The key-file passphrase when the station key lives in the encrypted file (no secure keyring)."""
    if not keys.needs_passphrase(db) or not sys.stdin.isatty():
        return None
    zh = messages.language() == "zh_CN"
    print(messages.text("keyring.station_key_file"), file=sys.stderr)
    first = getpass.getpass("站点密钥口令：" if zh else "Station key passphrase: ")
    if creating and keys.public_identity(db) is None:
        again = getpass.getpass("再次输入：" if zh else "Again: ")
        if again != first:
            raise ValidationError("account.password_mismatch", field="passphrase")
    return first


def run_card(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        # the card is public: the passphrase is asked only when the key pair is made right now
        phrase = _passphrase(db, creating=True) if keys.public_identity(db) is None else None
        c = card.write_card(db, Path(args.out), phrase)
    if args.json:
        print_json({**c.to_json(), "path": args.out})
    else:
        say(f"已写出站点名片：{args.out}\n站点：{c.name}（{c.code}）\n指纹：{c.fingerprint}\n"
            "请把名片交给对方站点，并在电话中与对方核对指纹。",
            f"Station card written: {args.out}\nStation: {c.name} ({c.code})\nFingerprint: {c.fingerprint}\n"
            "Give the card to the other station and read the fingerprint to them on the phone.")
    return 0


def run_new_key(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        who = actor(db, args)
        from app.services import roles

        who.require(roles.ADMIN)
        key = keys.create_key(db, _passphrase(db, creating=True))
        fp = keys.fingerprint(keys.unb64(key.public_b64))
    say(f"已生成新的站点签名密钥，指纹：{fp}。请重新导出站点名片并发给各站。",
        f"New station signing key made, fingerprint {fp}. Export the station card again and send it to every station.")
    return 0


def run_trust_add(args: argparse.Namespace) -> int:
    path = Path(args.card)
    c = card.read_card(path)
    with open_db(args) as db:
        who = actor(db, args)
        given = args.fingerprint
        if given is None:
            if not sys.stdin.isatty():
                raise UserError("sync.fingerprint_not_confirmed")
            say(f"站点：{c.name}（{c.code}）\n请电话联系对方，请对方读出其指纹，并在下面输入（不要照抄名片上的指纹）。",
                f"Station: {c.name} ({c.code})\nCall the station, have them read their fingerprint, and type it here "
                "(do not copy it from the card).")
            given = input("指纹：" if messages.language() == "zh_CN" else "Fingerprint: ")
        entry = trust.add_card(db, who, c, given, may_vouch=args.county)
    say(f"已信任站点 {entry.name}（{entry.code}），指纹 {entry.fingerprint}" + ("，并接受其担保。" if entry.may_vouch else "。"),
        f"Now trusting {entry.name} ({entry.code}), fingerprint {entry.fingerprint}"
        + (", and accepting its vouchers." if entry.may_vouch else "."))
    return 0


def run_trust_list(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        entries = trust.list_trusted(db)
    if args.json:
        print_json([e.to_json() for e in entries])
        return 0
    for e in entries:
        state = {"trusted": ("受信任", "trusted"), "revoked": ("已撤销", "revoked")}[e.status]
        via = ("名片", "card") if e.source == "card" else ("担保", "voucher")
        zh = messages.language() == "zh_CN"
        print(f"{e.name}（{e.code}）  {e.fingerprint}  {state[0 if zh else 1]}  {via[0 if zh else 1]}"
              + ("  可担保" if zh and e.may_vouch else "  may vouch" if e.may_vouch else ""))
    return 0


def run_trust_revoke(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        who = actor(db, args)
        entry = trust.revoke(db, who, args.station, _passphrase(db))
    say(f"已撤销对站点 {entry.name}（{entry.code}）的信任。", f"Trust in {entry.name} ({entry.code}) revoked.")
    return 0


def run_trust_vouch(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        who = actor(db, args)
        entry = trust.vouch(db, who, args.station, _passphrase(db))
    say(f"已为站点 {entry.name}（{entry.code}）担保；担保随本站之后导出的同步包送达各站。",
        f"Vouched for {entry.name} ({entry.code}); the voucher travels with this station's next bundles.")
    return 0


def run_export(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        who = actor(db, args)
        result = export.export_bundle(db, who, Path(args.to), for_station=args.for_station,
                                      passphrase=_passphrase(db, creating=True))
    if args.json:
        print_json(result.to_json())
    else:
        size = f"{result.size / 1024:.1f} KiB"
        print(messages.text("sync.export_done", path=result.path, count=result.count, replicas=result.replicas,
                            size=size))
    return 0


def run_import(args: argparse.Namespace) -> int:
    if not args.files and not args.parked:
        raise UserError("sync.no_file", path="")
    failures = 0
    reports: list[importer.ImportReport] = []
    errors: list[dict[str, str]] = []
    with open_db(args) as db:
        who = actor(db, args)
        if args.parked:
            reports.extend(importer.import_parked(db, who))
        for name in args.files:
            try:
                reports.append(importer.import_file(db, who, Path(name)))
            except UserError as error:
                failures += 1
                errors.append({"file": name, "code": error.code, "message": error.message})
                print(error.message, file=sys.stderr)
    if args.json:
        print_json({"imported": [r.to_json() for r in reports], "rejected": errors})
    else:
        for report in reports:
            for line in report.lines():
                print(line)
    return EXIT_USER if failures else 0


def run_conflicts(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        view = conflicts.load(db)
    if args.json:
        print_json(view.to_json())
        return 0
    names = view.station_names
    if not view.fields and not view.quarantined and not view.clock:
        say("没有待处理的冲突。", "No conflicts.")
    for c in view.fields:
        entity, fld = conflicts.entity_label(c.entity), conflicts.field_label(c.entity, c.field)
        say(f"{entity} {c.key} · {fld}：现值 {conflicts.describe_value(c.winner_value)}（{c.winner_author}，{_when(c.winner_ms)}），"
            f"未采用 {conflicts.describe_value(c.loser_value)}（{c.loser_author}，{_when(c.loser_ms)}）",
            f"{entity} {c.key} · {fld}: current {conflicts.describe_value(c.winner_value)} ({c.winner_author}, "
            f"{_when(c.winner_ms)}), not used {conflicts.describe_value(c.loser_value)} ({c.loser_author}, {_when(c.loser_ms)})")
    for q in view.quarantined:
        station = names.get(q.station_id, q.station_id[:8])
        say(f"隔离：{station} 副本 {q.replica_id[:8]} 第 {q.seq} 条（{q.kind}，{q.reason}）",
            f"Quarantined: {station} replica {q.replica_id[:8]} #{q.seq} ({q.kind}, {q.reason})")
    for f in view.clock:
        station = names.get(f.station_id, f.station_id[:8])
        say(f"时钟超前：{station} 的操作 {f.op_id[:8]} 超前 {f.ahead_minutes} 分钟",
            f"Clock ahead: {station} operation {f.op_id[:8]} was {f.ahead_minutes} min ahead")
    return 0


def run_resolve(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        who = actor(db, args)
        view = conflicts.load(db)
        match = [c for c in view.fields if c.entity == args.entity and c.key == args.key and c.field == args.field
                 and c.loser_op_id == args.op]
        if not match:
            raise ValidationError("sync.conflict_gone")
        conflicts.resolve(db, who, match[0], args.keep)
    say("冲突已处理。", "Conflict resolved.")
    return 0


def run_refused(args: argparse.Namespace) -> int:
    from app.storage import authority, sync_store

    with open_db(args) as db, db.read() as conn:
        rows = authority.list_refusals(conn)
        names = sync_store.station_names(conn)
    if args.json:
        print_json([{**r, "station": names.get(r["station_id"], ""), "waiting": authority.is_waiting(r["reason"])}
                    for r in rows])
        return 0
    if not rows:
        say("没有越权被拒绝的操作。", "No operations were refused.")
        return 0
    for r in rows:
        when = _when(Hlc.decode(r["hlc"]).wall_ms)
        print(f"{when}  {names.get(r['station_id'], r['station_id'][:8])}  {r['kind']}  {r['author']}  "
              f"{r['reason']}  {r['op_id']}")
    return 0


def run_seal(args: argparse.Namespace) -> int:
    from app.sync import seals

    with open_db(args) as db:
        key = keys.signing_key(db, _passphrase(db))
        made = seals.seal_now(db, reason="manual", key=key)
    if made is None:
        say("日志为空，无需封存。", "The log is empty: nothing to seal.")
        return 0
    if args.json:
        print_json(made.to_json())
    else:
        say(f"已封存：{made.short}（副本 {made.replica_id[:8]}）。核对：dutydesk check --seal {made.token}",
            f"Sealed: {made.short} (replica {made.replica_id[:8]}). Verify: dutydesk check --seal {made.token}")
    return 0


def run_status(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        st = sync_status.status(db)
    if args.json:
        print_json(st.to_json())
        return 0
    zh = messages.language() == "zh_CN"
    say(f"本站指纹：{st.fingerprint or '（尚未生成密钥）'}", f"This station's fingerprint: {st.fingerprint or '(no key yet)'}")
    say(f"密钥存储：{st.keyring}", f"Key storage: {st.keyring}")
    say(f"操作总数：{st.total_ops}", f"Operations: {st.total_ops}")
    for p in st.peers:
        print(f"  {p.name}（{p.code}）{'' if zh else ' '}"
              + (f"最近导入 {_when(p.last_import_ms)}，最近导出 {_when(p.last_export_ms)}，待发送 {p.pending} 条"
                 if zh else f"last import {_when(p.last_import_ms)}, last export {_when(p.last_export_ms)}, "
                 f"pending {p.pending}")
              + ("" if p.trust == "trusted" else ("（已撤销）" if zh else " (revoked)")))
    say(f"冲突 {st.conflicts} 处，隔离 {st.quarantined} 条，时钟超前 {st.clock_flags} 条，暂存同步包 {st.parked} 个，"
        f"越权被拒绝 {st.refused} 条",
        f"{st.conflicts} conflicts, {st.quarantined} quarantined, {st.clock_flags} clock-ahead, {st.parked} parked bundles, "
        f"{st.refused} refused by authority rules")
    return 0
