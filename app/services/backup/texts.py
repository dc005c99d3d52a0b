"""The backup area's messages (zh_CN, English)."""

from __future__ import annotations

from app import messages

messages.register({
    "backup.target_missing": ("备份目标文件夹不存在：{path}（U 盘是否已插入？）",
                              "The backup folder does not exist: {path} (is the USB stick plugged in?)"),
    "backup.target_not_dir": ("备份目标不是文件夹：{path}", "The backup target is not a folder: {path}"),
    "backup.readonly": ("无法写入备份文件夹（只读或无权限）：{path}",
                        "Cannot write to the backup folder (read-only or no permission): {path}"),
    "backup.full": ("备份文件夹所在磁盘已满：{path}；未留下不完整的备份文件",
                    "The disk of the backup folder is full: {path}; no partial backup was left behind"),
    "backup.io": ("写入备份失败：{detail}", "Writing the backup failed: {detail}"),
    "backup.no_pg_dump": ("找不到 pg_dump：服务器数据库的备份需要安装 PostgreSQL 客户端（postgresql-client）",
                          "pg_dump not found: backing up a server database needs the PostgreSQL client "
                          "(postgresql-client)"),
    "backup.same_disk": ("注意：备份文件夹与数据库在同一块磁盘上，磁盘损坏时两者会一起丢失，这不是真正的备份",
                         "Note: the backup folder is on the same disk as the database; if the disk fails both "
                         "are lost, so this is not a real backup"),
    "backup.verify_failed": ("备份副本校验未通过（{problem}），已删除：{detail}",
                             "The backup copy failed its check ({problem}) and was removed: {detail}"),
    "backup.no_targets": ("尚未设置备份目标：用 dutydesk backup --to 文件夹，或在“工具 → 备份设置”中设置",
                          "No backup target is set: use dutydesk backup --to FOLDER, or Tools → Backup settings"),
    "backup.bad_setting": ("备份设置无效：{name} = {value}", "Invalid backup setting: {name} = {value}"),
    "backup.done": ("已备份并校验：{path}（{size}，本站操作至第 {seq} 条）",
                    "Backed up and verified: {path} ({size}, this station's operations up to #{seq})"),
    "backup.removed_old": ("按保留规则删除了 {count} 个旧备份", "Removed {count} old backup(s) by the keep rule"),
    "backup.never": ("尚无备份", "No backup yet"),
    "backup.env_ok": ("{when}，{path}（已校验）", "{when}, {path} (verified)"),
    "backup.last_ok": ("最近备份：{when}，{path}", "Last backup: {when}, {path}"),
    "backup.last_failed": ("最近一次备份失败：{when}，{target}：{message}",
                           "The last backup failed: {when}, {target}: {message}"),
    "backup.overdue": ("备份已超过 {hours} 小时未成功", "No successful backup for more than {hours} hours"),
    "backup.file_missing": ("备份文件已不在原处：{path}", "The backup file is no longer there: {path}"),
    "backup.file_changed": ("备份文件与备份时不一致（大小或校验和不同）：{path}",
                            "The backup file differs from when it was made (size or checksum): {path}"),
    "restore.no_file": ("备份文件不存在：{path}", "The backup file does not exist: {path}"),
    "restore.not_a_backup": ("不是 DutyDesk 数据库备份：{path}（{detail}）",
                             "Not a DutyDesk database backup: {path} ({detail})"),
    "restore.damaged": ("备份文件已损坏，不能恢复（{problem}）：{detail}",
                        "The backup file is damaged and cannot be restored ({problem}): {detail}"),
    "restore.newer_schema": ("备份来自更新版本的程序（数据结构 {revision}），请先升级本程序",
                             "The backup comes from a newer version of the program (schema {revision}); "
                             "upgrade this program first"),
    "restore.other_station": ("备份属于另一个站点：{name}（{scode}），不是当前站点 {expected}",
                              "The backup belongs to another station: {name} ({scode}), not {expected}"),
    "restore.target_exists": ("目标数据库已存在，不会覆盖：{path}（请指定一个新文件）",
                              "The target database exists and will not be overwritten: {path} (name a new file)"),
    "restore.target_is_server": ("只能恢复为本机 SQLite 数据库文件；服务器数据库请用 pg_restore",
                                 "A backup can only be restored as a local SQLite database file; for a server "
                                 "database use pg_restore"),
    "restore.done": ("已恢复为新数据库：{path}（站点 {name}，新副本编号 {replica}）；导入各站点的同步包即可取回备份之后的记录",
                     "Restored as a new database: {path} (station {name}, new replica {replica}); import the "
                     "other stations' bundles to get back what was recorded after the backup"),
})
