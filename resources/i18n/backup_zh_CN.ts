<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>BackupMenu</name>
    <message>
        <source>Backup: unknown</source>
        <translation>备份：状态未知</translation>
    </message>
    <message>
        <source>Backup ✓</source>
        <translation>备份 ✓</translation>
    </message>
    <message>
        <source>Backup FAILED</source>
        <translation>备份失败</translation>
    </message>
    <message>
        <source>Backup overdue</source>
        <translation>备份已逾期</translation>
    </message>
    <message>
        <source>No backup yet</source>
        <translation>尚未备份</translation>
    </message>
    <message>
        <source>Backup ✓ %1</source>
        <translation>备份 ✓ %1</translation>
    </message>
    <message>
        <source>&amp;Back up now</source>
        <translation>立即备份(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Restore from a backup…</source>
        <translation>从备份恢复(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Backup settings…</source>
        <translation>备份设置(&amp;B)…</translation>
    </message>
    <message>
        <source>Backing up…</source>
        <translation>正在备份…</translation>
    </message>
    <message>
        <source>Backup failed: %1</source>
        <translation>备份失败：%1</translation>
    </message>
    <message>
        <source>Backed up and verified: %1</source>
        <translation>已备份并校验：%1</translation>
    </message>
    <message>
        <source>Back up into which folder?</source>
        <translation>备份到哪个文件夹？</translation>
    </message>
    <message>
        <source>Backup settings</source>
        <translation>备份设置</translation>
    </message>
    <message>
        <source>Only an administrator can change where backups go.</source>
        <translation>只有管理员可以更改备份位置。</translation>
    </message>
</context>
<context>
    <name>BackupSettingsDialog</name>
    <message>
        <source>Backup settings</source>
        <translation>备份设置</translation>
    </message>
    <message>
        <source>&amp;Add folder…</source>
        <translation>添加文件夹(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>移除(&amp;R)</translation>
    </message>
    <message>
        <source> h</source>
        <translation> 小时</translation>
    </message>
    <message>
        <source>only at handovers</source>
        <translation>仅在交接班时</translation>
    </message>
    <message>
        <source>Use a second disk, a USB stick or a network folder — a folder on the same disk as the database is not a backup. A folder that is missing when a backup is due (USB stick not plugged in) is shown as a failed backup.</source>
        <translation>请使用第二块磁盘、U 盘或网络文件夹——与数据库在同一块磁盘上的文件夹不算备份。到备份时间而文件夹不存在（如 U 盘未插入）时，会显示为备份失败。</translation>
    </message>
    <message>
        <source>Folders</source>
        <translation>备份位置</translation>
    </message>
    <message>
        <source>Every</source>
        <translation>自动备份间隔</translation>
    </message>
    <message>
        <source>Keep daily backups of the last (days)</source>
        <translation>保留最近几天的每日备份（天）</translation>
    </message>
    <message>
        <source>Keep monthly backups of the last (months)</source>
        <translation>保留最近几个月的每月备份（月）</translation>
    </message>
    <message>
        <source>Backup folder</source>
        <translation>备份文件夹</translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <source>Restore from a backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Backup file</source>
        <translation>备份文件</translation>
    </message>
    <message>
        <source>New database file</source>
        <translation>新数据库文件</translation>
    </message>
    <message>
        <source>The backup is checked first and restored as a new database with a new replica id; the open database is not changed. Afterwards import the other stations&apos; bundles to get back what was recorded after the backup.</source>
        <translation>先校验备份，再恢复为一个新的数据库（使用新的副本编号）；当前打开的数据库不会改动。恢复后导入其他站点的同步包，即可取回备份之后记录的内容。</translation>
    </message>
    <message>
        <source>&amp;Restore</source>
        <translation>恢复(&amp;R)</translation>
    </message>
    <message>
        <source>DutyDesk backups (DutyDesk-*.sqlite3);;All files (*)</source>
        <translation>DutyDesk 备份 (DutyDesk-*.sqlite3);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Databases (*.sqlite3)</source>
        <translation>数据库 (*.sqlite3)</translation>
    </message>
    <message>
        <source>Restored</source>
        <translation>恢复完成</translation>
    </message>
    <message>
        <source>Restored as %1 (new replica %2). Start DutyDesk on it with dutydesk --db &quot;%1&quot;, then import the other stations&apos; bundles.</source>
        <translation>已恢复为 %1（新副本编号 %2）。用 dutydesk --db &quot;%1&quot; 启动程序，然后导入其他站点的同步包。</translation>
    </message>
</context>
</TS>
