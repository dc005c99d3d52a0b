<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About DutyDesk</source>
        <translation>关于应急值守台</translation>
    </message>
    <message>
        <source>DutyDesk %1</source>
        <translation>应急值守台 %1</translation>
    </message>
    <message>
        <source>The duty room program of a county Emergency Management Bureau: duty log, shifts, handover sheets, signed sync between stations and backups, working without a network.</source>
        <translation>县级应急管理局值班室专用程序：值班日志、班次与交接班记录、站点间签名同步、备份，断网也能使用。</translation>
    </message>
    <message>
        <source>Qt</source>
        <translation>Qt 版本</translation>
    </message>
    <message>
        <source>Interface font</source>
        <translation>界面字体</translation>
    </message>
</context>
<context>
    <name>AccountEditDialog</name>
    <message>
        <source>New account</source>
        <translation>新建账户</translation>
    </message>
    <message>
        <source>Edit account %1</source>
        <translation>编辑账户 %1</translation>
    </message>
    <message>
        <source>letters, digits, . _ - (2–32)</source>
        <translation>字母、数字、. _ -（2–32 个字符）</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>姓名(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Phone:</source>
        <translation>电话(&amp;P)：</translation>
    </message>
    <message>
        <source>Roles:</source>
        <translation>角色：</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Again:</source>
        <translation>再次输入(&amp;A)：</translation>
    </message>
</context>
<context>
    <name>AccountsDialog</name>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>账户管理</translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation>新建(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>编辑(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Disable</source>
        <translation>停用(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Reset password…</source>
        <translation>重置密码(&amp;R)…</translation>
    </message>
    <message>
        <source>Accounts are never deleted: a disabled account keeps its name on old records.</source>
        <translation>账户不会被删除：停用的账户在以往记录中仍保留其姓名。</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>active</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>E&amp;nable</source>
        <translation>启用(&amp;N)</translation>
    </message>
    <message>
        <source>The password of %1 (%2) was reset. Tell them the new one in person.</source>
        <translation>%1（%2）的密码已重置。请当面告知新密码。</translation>
    </message>
    <message>
        <source>Reset password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <source>A new password for %1 (%2). Tell it to them in person; it also ends any back-off.</source>
        <translation>为 %1（%2）设置新密码。请当面告知本人；重置后错误次数限制也随之解除。</translation>
    </message>
</context>
<context>
    <name>AdminPage</name>
    <message>
        <source>The administrator</source>
        <translation>管理员账户</translation>
    </message>
    <message>
        <source>The first account. It manages the other accounts (Tools → Accounts…) and can unlock any locked screen.</source>
        <translation>第一个账户。它管理其他账户（工具 → 账户管理…），并可解锁任何已锁定的屏幕。</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>姓名(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Again:</source>
        <translation>再次输入(&amp;A)：</translation>
    </message>
    <message>
        <source>At least 8 characters.</source>
        <translation>至少 8 个字符。</translation>
    </message>
</context>
<context>
    <name>Application</name>
    <message>
        <source>Already open</source>
        <translation>已经打开</translation>
    </message>
    <message>
        <source>DutyDesk is already open on this database; its window has been brought to the front. Only one program writes to a database at a time.</source>
        <translation>应急值守台已在使用这个数据库，已把它的窗口调到最前面。同一个数据库同一时间只由一个程序写入。</translation>
    </message>
    <message>
        <source>DutyDesk is already starting on this database; finish signing in there.</source>
        <translation>应急值守台正在用这个数据库启动，请在那个窗口里完成登录。</translation>
    </message>
    <message>
        <source>DutyDesk is already open on this database but does not answer. If it hangs, close it (Task Manager / System Monitor) and start it again.</source>
        <translation>应急值守台已在使用这个数据库，但没有响应。如果它卡住了，请用任务管理器（或系统监视器）关闭它后再启动。</translation>
    </message>
</context>
<context>
    <name>CheckDialog</name>
    <message>
        <source>Check integrity</source>
        <translation>完整性检查</translation>
    </message>
    <message>
        <source>Checking SQLite integrity, every hash chain, and rebuilding all tables from the log in a scratch database…</source>
        <translation>正在检查 SQLite 完整性、每条哈希链，并在临时数据库中由操作日志重建全部数据表进行比对…</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>All checks passed.</source>
        <translation>全部检查通过。</translation>
    </message>
    <message>
        <source>Problems found — see below.</source>
        <translation>发现问题——详见下方。</translation>
    </message>
    <message>
        <source>The check could not run: %1</source>
        <translation>检查无法运行：%1</translation>
    </message>
</context>
<context>
    <name>DatabaseTrouble</name>
    <message numerus="yes">
        <source>Database not answering — retrying every %n s</source>
        <translation>
            <numerusform>数据库无响应——每 %n 秒重试一次</numerusform>
        </translation>
    </message>
    <message>
        <source>The database answers again; the panels were reloaded.</source>
        <translation>数据库已恢复响应，各面板已重新载入。</translation>
    </message>
</context>
<context>
    <name>DutyOverview</name>
    <message>
        <source>Station code %1 · time zone %2</source>
        <translation>站点代码 %1 · 时区 %2</translation>
    </message>
    <message>
        <source>Beijing time</source>
        <translation>北京时间</translation>
    </message>
    <message>
        <source>On duty:</source>
        <translation>当前值班：</translation>
    </message>
    <message>
        <source>Signed in:</source>
        <translation>登录账户：</translation>
    </message>
    <message>
        <source>Since:</source>
        <translation>登录时间：</translation>
    </message>
    <message>
        <source>Database:</source>
        <translation>数据库：</translation>
    </message>
    <message>
        <source>Contacts:</source>
        <translation>联系人：</translation>
    </message>
    <message>
        <source>Ctrl+L locks the screen while you are away; the View menu shows and hides the panels.</source>
        <translation>离开座位时按 Ctrl+L 锁定屏幕；“视图”菜单可显示或隐藏各面板。</translation>
    </message>
    <message>
        <source>No shift open (Shift → Take over)</source>
        <translation>无在岗班次（班次 → 接班）</translation>
    </message>
    <message>
        <source>No contacts recorded yet.</source>
        <translation>尚未登记联系人。</translation>
    </message>
</context>
<context>
    <name>FileDialogs</name>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>%1 file</source>
        <translation>%1 文件</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Not this file</source>
        <translation>不能用这个文件</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>User name:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>解锁(&amp;U)</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>注销(&amp;O)</translation>
    </message>
    <message>
        <source>Screen locked</source>
        <translation>屏幕已锁定</translation>
    </message>
    <message>
        <source>%1 locked %2 at %3. Their password or an administrator&apos;s unlocks it.</source>
        <translation>%1 于 %3 锁定了%2的值班屏幕。输入其本人或管理员的密码即可解锁。</translation>
    </message>
    <message>
        <source>Only %1 or an administrator can unlock this screen.</source>
        <translation>只有 %1 本人或管理员可以解锁此屏幕。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Change my &amp;password…</source>
        <translation>修改我的密码(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Lock screen</source>
        <translation>锁定屏幕(&amp;L)</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>注销(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>粘贴(&amp;P)</translation>
    </message>
    <message>
        <source>Select &amp;all</source>
        <translation>全选(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Full screen</source>
        <translation>全屏(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Reset layout</source>
        <translation>恢复默认布局(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Accounts…</source>
        <translation>账户管理(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Check integrity…</source>
        <translation>完整性检查(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;About DutyDesk</source>
        <translation>关于应急值守台(&amp;A)</translation>
    </message>
    <message>
        <source>Panel %1 could not be loaded: %2</source>
        <translation>面板 %1 无法加载：%2</translation>
    </message>
    <message>
        <source>Module %1 could not be loaded: %2</source>
        <translation>模块 %1 无法加载：%2</translation>
    </message>
    <message>
        <source>Quit DutyDesk?</source>
        <translation>退出应急值守台？</translation>
    </message>
    <message>
        <source>%1 has not been saved. Quit and lose what was typed?</source>
        <translation>“%1”尚未保存。退出将丢失已输入的内容，仍要退出吗？</translation>
    </message>
    <message>
        <source>Quit anyway</source>
        <translation>仍然退出</translation>
    </message>
    <message>
        <source>Keep editing</source>
        <translation>继续编辑</translation>
    </message>
    <message>
        <source>Unlocked by administrator %1</source>
        <translation>已由管理员 %1 解锁</translation>
    </message>
    <message>
        <source>DutyDesk</source>
        <translation>应急值守台</translation>
    </message>
    <message>
        <source>An unexpected error occurred; nothing half-done was saved. Please report it:</source>
        <translation>发生了意外错误；未保存任何不完整的数据。请将以下信息报告给管理员：</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>&amp;Current password:</source>
        <translation>当前密码(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;New password:</source>
        <translation>新密码(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Again:</source>
        <translation>再次输入(&amp;A)：</translation>
    </message>
    <message>
        <source>At least 8 characters.</source>
        <translation>至少 8 个字符。</translation>
    </message>
    <message>
        <source>Change my password</source>
        <translation>修改我的密码</translation>
    </message>
    <message>
        <source>A new password for %1.</source>
        <translation>为 %1 设置新密码。</translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <source>DutyDesk cannot open the database</source>
        <translation>应急值守台无法打开数据库</translation>
    </message>
    <message>
        <source>Nothing was changed. Check the file, or start with --db pointing at another one.</source>
        <translation>未做任何更改。请检查该文件，或用 --db 指定另一个数据库启动。</translation>
    </message>
    <message>
        <source>DutyDesk cannot reach the database server</source>
        <translation>DutyDesk 无法连接数据库服务器</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <source>Set up DutyDesk</source>
        <translation>设置应急值守台</translation>
    </message>
    <message>
        <source>New database: %1</source>
        <translation>新数据库：%1</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>DutyDesk</source>
        <translation>应急值守台</translation>
    </message>
    <message>
        <source>Duty room sign-in</source>
        <translation>值班室登录</translation>
    </message>
    <message>
        <source>e.g. wanglei</source>
        <translation>如：wanglei</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
</context>
<context>
    <name>StationClock</name>
    <message>
        <source>Beijing time</source>
        <translation>北京时间</translation>
    </message>
</context>
<context>
    <name>StationPage</name>
    <message>
        <source>The station</source>
        <translation>站点</translation>
    </message>
    <message>
        <source>Which duty room this database belongs to. The code is the county&apos;s administrative code, such as 532927 for Weishan.</source>
        <translation>本数据库属于哪个值班室。代码为所在县的行政区划代码，如巍山县为 532927。</translation>
    </message>
    <message>
        <source>e.g. Weishan County Emergency Management Bureau</source>
        <translation>如：巍山县应急管理局</translation>
    </message>
    <message>
        <source>Station &amp;name:</source>
        <translation>站点名称(&amp;N)：</translation>
    </message>
    <message>
        <source>Station &amp;code:</source>
        <translation>站点代码(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;Time zone:</source>
        <translation>时区(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>界面语言(&amp;L)：</translation>
    </message>
</context>
</TS>
