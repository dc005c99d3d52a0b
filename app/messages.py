"""User-facing messages outside the GUI (errors, command-line output) in zh_CN and English.

The GUI's own strings go through Qt's translator (app/ui/i18n.py); everything a service, the
storage layer or the command line says to a person is looked up here by a stable code.
"""

from __future__ import annotations

import locale
import os
from typing import Any

LANGUAGES = ("zh_CN", "en")
_current = "zh_CN"

_CATALOG: dict[str, tuple[str, str]] = {}


def register(catalog: dict[str, tuple[str, str]]) -> None:
    """Areas add their own messages (code -> (zh_CN, en)); codes must be unique."""
    for code in catalog:
        if code in _CATALOG and _CATALOG[code] != catalog[code]:
            raise ValueError(f"message code registered twice: {code}")
    _CATALOG.update(catalog)


def detect_language() -> str:
    """zh_CN unless the system locale says English; DUTYDESK_LANG overrides."""
    env = os.environ.get("DUTYDESK_LANG")
    if env in LANGUAGES:
        return env
    loc = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG") or ""
    if not loc and os.name == "nt":
        try:
            loc = locale.getlocale()[0] or ""
        except ValueError:
            loc = ""
    return "en" if loc.lower().startswith("en") else "zh_CN"


def set_language(lang: str) -> None:
    global _current
    if lang not in LANGUAGES:
        raise ValueError(lang)
    _current = lang


def language() -> str:
    return _current


def text(code: str, **params: Any) -> str:
    """The message for `code` in the current language, with {params} filled in."""
    pair = _CATALOG.get(code)
    if pair is None:
        return code if not params else f"{code} {params}"
    template = pair[0] if _current == "zh_CN" else pair[1]
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template


def has(code: str) -> bool:
    return code in _CATALOG


def all_codes() -> list[str]:
    return sorted(_CATALOG)


register(
    {
        # storage / database
        "db.not_a_database": ("文件“{path}”不是 DutyDesk 数据库，或已损坏。", "“{path}” is not a DutyDesk database, or it is damaged."),
        "db.corrupt": ("数据库文件已损坏：{detail}", "The database file is damaged: {detail}"),
        "db.locked": ("数据库正被其他程序占用，请稍后重试。", "The database is in use by another program; try again shortly."),
        "db.readonly": ("数据库文件只读，无法保存更改：{path}", "The database file is read-only; changes cannot be saved: {path}"),
        "db.newer_schema": ("该数据库由更新版本的 DutyDesk 写入（结构版本 {revision}），请升级程序后再打开。", "This database was written by a newer DutyDesk (schema {revision}); upgrade the program to open it."),
        "db.disk_full": ("数据库所在的磁盘已满，未能保存（{path}）。请腾出磁盘空间后重试，已保存的记录不受影响。",
                         "The disk holding the database is full; nothing was saved ({path}). Free some space and "
                         "try again; records already saved are safe."),
        "db.io_error": ("读写数据库文件时出错（{path}）：{detail}", "Error reading or writing the database file ({path}): {detail}"),
        "db.cannot_open": ("无法打开数据库：{detail}", "Cannot open the database: {detail}"),
        "db.not_initialised": ("数据库尚未初始化（{path}）。请先运行“dutydesk init”或“dutydesk demo”，或用 --db 指定数据库。", "The database has not been set up ({path}). Run “dutydesk init” or “dutydesk demo” first, or name one with --db."),
        "db.no_driver": ("无法连接数据库服务器：未安装 {driver} 驱动（pip install {driver}）。", "Cannot connect to the database server: the {driver} driver is not installed (pip install {driver})."),
        "db.already_initialised": ("数据库已初始化（站点：{station}）。", "The database is already set up (station: {station})."),
        "db.exists": ("数据库已存在：{path}。如需覆盖请加 --force。", "A database already exists at {path}. Use --force to replace it."),
        "clock.behind": ("系统时钟比最后一条记录的时间早 {seconds} 秒（可能是断电后主板电池没电）。请校正时钟；记录顺序仍然正确。", "The system clock is {seconds} s behind the last recorded time (a flat CMOS battery after a power cut?). Please set the clock; record ordering stays correct."),
        "replica.new": ("检测到数据库文件被复制或从备份恢复，已为本副本分配新的副本编号 {replica}。", "This database file was copied or restored from a backup; this copy now has a new replica id {replica}."),
        # accounts / auth
        "auth.unknown_user": ("用户名或密码错误。", "Wrong user name or password."),
        "auth.wrong_password": ("用户名或密码错误。", "Wrong user name or password."),
        "auth.disabled": ("账户“{user}”已停用。", "The account “{user}” is disabled."),
        "auth.backoff": ("密码错误次数过多，请在 {seconds} 秒后重试。", "Too many wrong passwords; try again in {seconds} s."),
        "auth.role_required": ("此操作需要“{role}”角色。", "This needs the role “{role}”."),
        "auth.no_password": ("未提供密码（请设置 DUTYDESK_PASSWORD 或在终端中输入）。", "No password given (set DUTYDESK_PASSWORD or type it on a terminal)."),
        "auth.as_required": ("此命令需要 --as 用户名。", "This command needs --as USER."),
        "auth.foreign_account": ("账户“{user}”属于其他站点（经同步传来），只能在其所属站点登录。", "The account “{user}” belongs to another station (it came by sync) and signs in there only."),
        "account.foreign": ("账户“{user}”属于其他站点，只能由该站点的管理员管理。", "The account “{user}” belongs to another station; only that station's admin manages it."),
        "account.exists": ("账户“{user}”已存在。", "The account “{user}” already exists."),
        "account.unknown": ("没有名为“{user}”的账户。", "There is no account “{user}”."),
        "account.bad_username": ("用户名只能包含字母、数字、点、下划线和连字符（2–32 个字符）：“{user}”", "A user name is 2–32 letters, digits, dots, underscores or hyphens: “{user}”"),
        "account.bad_role": ("未知角色“{role}”。可用角色：{roles}", "Unknown role “{role}”. Roles: {roles}"),
        "account.no_roles": ("账户至少需要一个角色。", "An account needs at least one role."),
        "account.weak_password": ("密码至少需要 8 个字符。", "A password needs at least 8 characters."),
        "account.bad_phone": ("电话号码格式不正确：“{phone}”", "Malformed phone number: “{phone}”"),
        "account.already_disabled": ("账户“{user}”已经是停用状态。", "The account “{user}” is already disabled."),
        "account.last_admin": ("不能停用最后一个有效的管理员账户。", "The last active admin account cannot be disabled."),
        "account.self_disable": ("不能停用自己正在使用的账户。", "You cannot disable the account you are signed in with."),
        "account.not_disabled": ("账户“{user}”没有停用。", "The account “{user}” is not disabled."),
        "account.password_mismatch": ("两次输入的密码不一致。", "The passwords do not match."),
        # station
        "station.bad_name": ("站点名称不能为空，且不超过 60 个字符。", "The station name must be 1–60 characters."),
        "station.bad_code": ("站点代码应为 6–12 位数字或字母（如 532927）：“{value}”", "The station code is 6–12 digits or letters (such as 532927): “{value}”"),
        "station.bad_timezone": ("未知时区：“{tz}”", "Unknown time zone: “{tz}”"),
        # generic
        "input.required": ("“{field}”不能为空。", "“{field}” is required."),
        "input.too_long": ("“{name}”不能超过 {max} 个字符。", "“{name}” must be at most {max} characters."),
        "field.display_name": ("姓名", "Full name"),
        "field.notes": ("值班情况及提醒", "Situation and reminders"),
        "input.datetime_range": ("时间“{value}”超出可用范围（1900 年至 2999 年）。",
                                 "The time “{value}” is out of range (years 1900 to 2999)."),
        "input.bad_datetime": ("时间格式不正确：“{value}”（应为 ISO 8601，如 2024-04-19T05:54:10+08:00）", "Malformed time “{value}” (use ISO 8601, e.g. 2024-04-19T05:54:10+08:00)"),
        "file.cannot_write": ("无法写入文件“{path}”：{detail}", "Cannot write the file “{path}”: {detail}"),
        "file.cannot_read": ("无法读取文件“{path}”：{detail}", "Cannot read the file “{path}”: {detail}"),
        "cli.interrupted": ("已取消，未做任何更改。", "Cancelled; nothing was changed."),
    }
)
