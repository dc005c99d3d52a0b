<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CallListDialog</name>
    <message>
        <source>Call list</source>
        <translation>呼叫名单</translation>
    </message>
    <message>
        <source>Township</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <source>(selected units)</source>
        <translation>（所选队伍）</translation>
    </message>
    <message>
        <source>Print PDF…</source>
        <translation>打印 PDF…</translation>
    </message>
    <message>
        <source>Start roll call</source>
        <translation>开始点名</translation>
    </message>
    <message>
        <source>Unit / post</source>
        <translation>队伍 / 岗位</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>职务</translation>
    </message>
    <message>
        <source>Phones (in call order)</source>
        <translation>电话（按拨打顺序）</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>应答</translation>
    </message>
    <message>
        <source>no callable number</source>
        <translation>无可拨号码</translation>
    </message>
    <message>
        <source>(%1 skipped: invalid / do not call)</source>
        <translation>（另有 %1 个号码无效/勿拨，已跳过）</translation>
    </message>
    <message>
        <source>%1 people. Call the first number, then the next if nobody answers.</source>
        <translation>共 %1 人。先拨第一个号码，未接通再拨下一个。</translation>
    </message>
    <message>
        <source>Print call list</source>
        <translation>打印呼叫名单</translation>
    </message>
    <message>
        <source>Written: %1 (%2 pages)</source>
        <translation>已写入：%1（%2 页）</translation>
    </message>
    <message>
        <source>Roll call: Enter = answered, N = no answer, U = unreachable. Each answer is recorded with its time.</source>
        <translation>点名：回车 = 已应答，N = 未接，U = 无法接通。每次应答都记录时间。</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Import roster — %1</source>
        <translation>导入花名册 — %1</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>队伍</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Will be added</source>
        <translation>将新增</translation>
    </message>
    <message>
        <source>Already on the roster</source>
        <translation>已在花名册中</translation>
    </message>
    <message>
        <source>%1 to add, %2 already present, %3 rows with errors</source>
        <translation>新增 %1 人，已存在 %2 人，错误 %3 行</translation>
    </message>
</context>
<context>
    <name>MemberDialog</name>
    <message>
        <source>New member</source>
        <translation>新增队员</translation>
    </message>
    <message>
        <source>(no unit)</source>
        <translation>（无所属队伍）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>队伍</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>职务</translation>
    </message>
    <message>
        <source>Phone %1</source>
        <translation>电话%1</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
</context>
<context>
    <name>RostersPanel</name>
    <message>
        <source>All townships</source>
        <translation>全部乡镇</translation>
    </message>
    <message>
        <source>Township</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <source>Status (S)</source>
        <translation>状态（S）</translation>
    </message>
    <message>
        <source>Call list</source>
        <translation>呼叫名单</translation>
    </message>
    <message>
        <source>Status board</source>
        <translation>状态看板</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>队伍</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Planned / on duty / deployed</source>
        <translation>编制 / 在岗 / 出动</translation>
    </message>
    <message>
        <source>Leader</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>职务</translation>
    </message>
    <message>
        <source>Phones (in call order)</source>
        <translation>电话（按拨打顺序）</translation>
    </message>
    <message>
        <source>Qualifications</source>
        <translation>资格证书</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>队伍</translation>
    </message>
    <message>
        <source>Village / department</source>
        <translation>村（社区）/ 部门</translation>
    </message>
    <message>
        <source>Post</source>
        <translation>岗位</translation>
    </message>
    <message>
        <source>Phones</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Directory</source>
        <translation>通讯录</translation>
    </message>
    <message>
        <source>Not verified for more than</source>
        <translation>超过</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天未核实</translation>
    </message>
    <message>
        <source>Verified now</source>
        <translation>已核实（现在）</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>号码</translation>
    </message>
    <message>
        <source>Last verified</source>
        <translation>最近核实</translation>
    </message>
    <message>
        <source>Days</source>
        <translation>天数</translation>
    </message>
    <message>
        <source>Re-verify</source>
        <translation>号码复核</translation>
    </message>
    <message>
        <source>Change unit status… (S, 1–4)</source>
        <translation>更改队伍状态…（S，1–4）</translation>
    </message>
    <message>
        <source>Call list…</source>
        <translation>呼叫名单…</translation>
    </message>
    <message>
        <source>New unit…</source>
        <translation>新增队伍…</translation>
    </message>
    <message>
        <source>New member…</source>
        <translation>新增队员…</translation>
    </message>
    <message>
        <source>Mark member left…</source>
        <translation>办理离队…</translation>
    </message>
    <message>
        <source>Verify selected numbers now</source>
        <translation>所选号码标为已核实</translation>
    </message>
    <message>
        <source>Import from .xlsx…</source>
        <translation>从 .xlsx 导入…</translation>
    </message>
    <message>
        <source>Export to .xlsx…</source>
        <translation>导出为 .xlsx…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>%1 units · on duty %2 · deployed %3</source>
        <translation>%1 支队伍 · 在岗 %2 人 · 出动 %3 人</translation>
    </message>
    <message>
        <source>verify</source>
        <translation>待核实</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>Expires within 30 days</source>
        <translation>30 天内到期</translation>
    </message>
    <message>
        <source>invalid</source>
        <translation>无效</translation>
    </message>
    <message>
        <source>do not call</source>
        <translation>勿拨</translation>
    </message>
    <message>
        <source>never verified</source>
        <translation>从未核实</translation>
    </message>
    <message>
        <source>verified %1 by %2</source>
        <translation>%1 由 %2 核实</translation>
    </message>
    <message>
        <source>Equipment held: %1</source>
        <translation>持有装备：%1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Changed at two stations: %1 kept, %2 (by %3) set aside — please verify</source>
        <translation>两个站点同时修改：保留 %1，%2（%3 所改）未采用——请核实</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>Re-verify (%1)</source>
        <translation>号码复核（%1）</translation>
    </message>
    <message>
        <source>Rosters</source>
        <translation>救援队伍</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Import roster</source>
        <translation>导入花名册</translation>
    </message>
    <message>
        <source>Export roster</source>
        <translation>导出花名册</translation>
    </message>
    <message>
        <source>Exported %1 people to %2</source>
        <translation>已导出 %1 人：%2</translation>
    </message>
    <message>
        <source>Rescue units</source>
        <translation>救援队伍</translation>
    </message>
</context>
<context>
    <name>StatusBoard</name>
    <message>
        <source>Standby</source>
        <translation>待命</translation>
    </message>
    <message>
        <source>Deployed</source>
        <translation>出动</translation>
    </message>
    <message>
        <source>Resting</source>
        <translation>休整</translation>
    </message>
    <message>
        <source>Out of service</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>No status</source>
        <translation>未设状态</translation>
    </message>
    <message>
        <source>Unit status board</source>
        <translation>救援队伍状态看板</translation>
    </message>
    <message>
        <source>On duty %1   Deployed %2   Units %3</source>
        <translation>在岗 %1 人   出动 %2 人   队伍 %3 支</translation>
    </message>
</context>
<context>
    <name>StatusPopup</name>
    <message>
        <source>Status of %1</source>
        <translation>%1 的状态</translation>
    </message>
    <message>
        <source>%1 — now: %2</source>
        <translation>%1 — 当前：%2</translation>
    </message>
    <message>
        <source>Place (deployed)</source>
        <translation>出动地点</translation>
    </message>
    <message>
        <source>Incident id (deployed)</source>
        <translation>事件编号（出动）</translation>
    </message>
    <message>
        <source>Note / reason</source>
        <translation>备注 / 原因</translation>
    </message>
    <message>
        <source>Press 1–4 to set the status now; fill in place or reason first if needed. Esc cancels.</source>
        <translation>按 1–4 立即设定状态；如需填写地点或原因，请先填写（在输入框中按 Alt+1–4）。Esc 取消。</translation>
    </message>
    <message>
        <source>Out of service needs a reason: type it, then press Alt+4.</source>
        <translation>停用须说明原因：输入原因后按 Alt+4。</translation>
    </message>
</context>
<context>
    <name>Tile</name>
    <message>
        <source>On duty %1 / %2   Deployed %3</source>
        <translation>在岗 %1 / %2   出动 %3</translation>
    </message>
</context>
<context>
    <name>UnitDialog</name>
    <message>
        <source>New unit</source>
        <translation>新增队伍</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Parent</source>
        <translation>上级</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>层级</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Township</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>驻地</translation>
    </message>
    <message>
        <source>Planned strength</source>
        <translation>编制人数</translation>
    </message>
    <message>
        <source>Duty phone</source>
        <translation>值班电话</translation>
    </message>
</context>
</TS>
