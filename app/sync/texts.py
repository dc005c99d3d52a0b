"""User-facing messages of sync (zh_CN, English): every rejection is one line an operator understands."""

from __future__ import annotations

from app import messages

CATALOG: dict[str, tuple[str, str]] = {
    # keys
    "sync.passphrase_needed": (
        "本机没有安全的系统密钥环，站点签名私钥保存在加密文件中：请输入密钥口令（或设置 DUTYDESK_KEY_PASSPHRASE）。",
        "No secure keyring here; the station signing key is in an encrypted file: give its passphrase (or set DUTYDESK_KEY_PASSPHRASE).",
    ),
    "sync.passphrase_short": ("密钥口令至少需要 {min} 个字符。", "The key passphrase needs at least {min} characters."),
    "sync.passphrase_wrong": ("密钥口令不正确。", "Wrong key passphrase."),
    "sync.key_file_damaged": ("站点密钥文件已损坏：{path}", "The station key file is damaged: {path}"),
    "sync.key_missing": (
        "本机找不到站点签名私钥（数据库可能是从其他电脑复制来的）。请在原电脑上导出，或由管理员运行“dutydesk station new-key”并把新的站点名片发给各站。",
        "The station's signing key is not on this machine (was the database copied from another PC?). Export on the original PC, or have an admin run “dutydesk station new-key” and send the new station card to the other stations.",
    ),
    "sync.key_mismatch": ("本机保存的私钥与数据库中的站点公钥不一致。", "The private key on this machine does not match the station's public key in the database."),
    # cards and trust
    "sync.card_unreadable": ("不是有效的站点名片文件：{path}（{detail}）", "Not a valid station card file: {path} ({detail})"),
    "sync.card_is_self": ("这是本站自己的名片，无需添加信任。", "That is this station's own card; it needs no trust."),
    "sync.fingerprint_mismatch": (
        "指纹不一致：名片上的指纹是 {card}，您输入的是 {given}。请电话核对后再试；未做任何更改。",
        "Fingerprints differ: the card says {card}, you entered {given}. Check on the phone and try again; nothing was changed.",
    ),
    "sync.fingerprint_not_confirmed": ("未确认指纹，未添加信任。", "Fingerprint not confirmed; no trust added."),
    "sync.unknown_station": ("没有找到站点“{station}”（可用站点编号、代码或名称）。", "No station “{station}” (use its id, code or name)."),
    "sync.not_trusted_here": ("站点“{name}”尚未受信任：请先用其名片添加信任。", "The station “{name}” is not trusted yet: add its card first."),
    "sync.already_revoked": ("站点“{name}”的信任已经撤销。", "Trust in “{name}” is already revoked."),
    # bundle rejections
    "sync.no_file": ("找不到同步包文件：{path}", "Bundle file not found: {path}"),
    "sync.bad_file": ("“{name}”不是 DutyDesk 同步包，或文件已损坏（{detail}）。", "“{name}” is not a DutyDesk bundle, or it is damaged ({detail})."),
    "sync.damaged": (
        "同步包“{name}”已损坏或被改动（{detail}），未导入任何内容。请让对方重新导出。",
        "The bundle “{name}” is damaged or was altered ({detail}); nothing was imported. Ask the sender to export again.",
    ),
    "sync.unsafe": ("同步包“{name}”含有不安全的内容（{detail}），已拒绝。", "The bundle “{name}” contains unsafe content ({detail}); rejected."),
    "sync.too_big": ("同步包“{name}”过大或压缩比异常（{detail}），已拒绝。", "The bundle “{name}” is too large or abnormally compressed ({detail}); rejected."),
    "sync.untrusted": (
        "同步包由未受信任的站点“{station}”（指纹 {fingerprint}）签署。请管理员电话核对指纹并添加其名片后再导入。",
        "The bundle is signed by “{station}” (fingerprint {fingerprint}), which is not trusted here. An admin must check the fingerprint on the phone and add its card first.",
    ),
    "sync.revoked": ("站点“{station}”的信任已被撤销，拒绝导入其同步包。", "Trust in “{station}” has been revoked; its bundles are refused."),
    "sync.bad_signature": (
        "同步包“{name}”的签名无效（文件被改动，或并非由“{station}”签署），未导入任何内容。",
        "The bundle “{name}” has an invalid signature (altered, or not signed by “{station}”); nothing was imported.",
    ),
    "sync.forged_origin": (
        "同步包中含有并非由站点“{station}”签署的、以其名义的操作（被中转站伪造或改动？），已整体拒绝。",
        "The bundle holds operations in the name of “{station}” that “{station}” did not sign (forged or altered by a relay?); rejected whole.",
    ),
    "sync.newer": (
        "同步包“{name}”由更新版本的 DutyDesk 制作（需要 {needs}），已暂存；请升级本程序，之后用“导入暂存的同步包”完成导入。",
        "The bundle “{name}” was made by a newer DutyDesk (needs {needs}); it is parked. Upgrade this program, then import the parked bundles.",
    ),
    "sync.cancelled": ("导入已取消，未做任何更改。", "Import cancelled; nothing was changed."),
    "sync.export_cancelled": ("导出已取消，未写出文件。", "Export cancelled; no file was written."),
    "sync.apply_failed": ("应用操作 {op}（{kind}）时出错：{detail}；未导入任何内容。", "Applying operation {op} ({kind}) failed: {detail}; nothing was imported."),
    "sync.export_verify_failed": ("写出的同步包复核失败（{detail}），已删除。请换一个存储位置重试。", "The written bundle failed its re-check ({detail}) and was deleted. Try another location."),
    "sync.cannot_write": ("无法写入同步包到“{path}”：{detail}", "Cannot write the bundle to “{path}”: {detail}"),
    "sync.no_such_dir": ("目标文件夹不存在：{path}", "The target folder does not exist: {path}"),
    # reports
    "sync.report_imported": ("已导入“{name}”（来自 {station}，{created}）：新增 {new} 条，重复 {duplicate} 条，隔离 {quarantined} 条。", "Imported “{name}” (from {station}, {created}): {new} new, {duplicate} duplicate, {quarantined} quarantined."),
    "sync.report_already": ("“{name}”已于 {when} 导入过，本次没有任何更改。", "“{name}” was already imported on {when}; nothing changed."),
    "sync.report_nothing_new": ("“{name}”中的操作本站均已有，没有新内容（可能是旧的或重复的同步包）。", "Every operation in “{name}” is already here; nothing new (an old or repeated bundle?)."),
    "sync.report_own": ("“{name}”是本站自己导出的同步包，无需导入。", "“{name}” is this station's own bundle; nothing to import."),
    "sync.report_gap": ("缺少 {station} 的操作：副本 {replica} 第 {first}–{last} 条尚未收到（请向对方索取包含这些操作的同步包）。", "Missing from {station}: replica {replica} ops #{first}–#{last} have not arrived (ask for a bundle holding them)."),
    "sync.report_clock": ("{station} 的时钟超前本站 {minutes} 分钟：{count} 条操作已接收并标记，本站时钟不受影响。", "{station}'s clock is {minutes} min ahead of this station: {count} operations accepted and flagged; this station's clock is not moved."),
    "sync.report_quarantine": ("隔离 {count} 条操作（{station}）：编号或序号已被其他内容占用，未应用，请在“冲突”中查看。", "{count} operations of {station} quarantined: their id or sequence number is taken by other content; not applied (see Conflicts)."),
    "sync.report_untrusted_origin": ("跳过 {count} 条由未受信任（或已撤销）的站点 {station} 产生的操作。", "Skipped {count} operations made by {station}, which is not trusted (or revoked) here."),
    "sync.report_refused": ("{station} 的 {count} 条操作越权（例如修改其他站点的账户），已拒绝：保留在日志中但不生效（见 dutydesk sync refused）。", "{count} operations of {station} exceed its authority (e.g. editing another station's accounts) and were refused: kept in the log, applied nowhere (see dutydesk sync refused)."),
    "sync.report_conflicts": ("现有 {count} 处字段编辑冲突待处理（见“冲突”）。", "{count} field-edit conflicts are waiting to be resolved (see Conflicts)."),
    "sync.report_vouched": ("经 {issuer} 担保，新增信任站点：{stations}。", "Now trusted on {issuer}'s voucher: {stations}."),
    "sync.export_done": ("已写出同步包：{path}\n共 {count} 条操作（{replicas} 个副本），{size}。", "Bundle written: {path}\n{count} operations ({replicas} replicas), {size}."),
    "sync.resolve_unknown_entity": ("无法在此处理“{entity}”类型的冲突。", "Conflicts of “{entity}” cannot be resolved here."),
    "sync.conflict_gone": ("该冲突已不存在（可能已被处理）。", "That conflict no longer exists (already resolved?)."),
}


def register() -> None:
    messages.register(CATALOG)


register()
