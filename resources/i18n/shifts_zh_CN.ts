<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ConfirmRow</name>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>not confirmed</source>
        <translation>未确认</translation>
    </message>
    <message>
        <source>confirmed at %1</source>
        <translation>确认于 %1</translation>
    </message>
</context>
<context>
    <name>HandoverDialog</name>
    <message>
        <source>Hand over the shift</source>
        <translation>交班</translation>
    </message>
    <message>
        <source>Shift %1 — on duty: %2</source>
        <translation>班次 %1 —— 值班人员：%2</translation>
    </message>
    <message>
        <source>Situation and reminders for the incoming shift</source>
        <translation>向接班人员交代的值班情况及提醒</translation>
    </message>
    <message>
        <source>Equipment working (untick what is out of order)</source>
        <translation>设备正常（有故障的请取消勾选）</translation>
    </message>
    <message>
        <source>Duty phones</source>
        <translation>值班电话</translation>
    </message>
    <message>
        <source>Fax</source>
        <translation>传真机</translation>
    </message>
    <message>
        <source>Radio</source>
        <translation>电台/对讲机</translation>
    </message>
    <message>
        <source>Satellite phone</source>
        <translation>卫星电话</translation>
    </message>
    <message>
        <source>Confirmations on this workstation</source>
        <translation>在本机确认（输入密码）</translation>
    </message>
    <message>
        <source>Outgoing:</source>
        <translation>交班人：</translation>
    </message>
    <message>
        <source>Incoming:</source>
        <translation>接班人：</translation>
    </message>
    <message>
        <source>Leader on duty (required):</source>
        <translation>带班领导（必须）：</translation>
    </message>
    <message>
        <source>Leader on duty (optional):</source>
        <translation>带班领导（可选）：</translation>
    </message>
    <message>
        <source>&amp;Hand over</source>
        <translation>交班(&amp;H)</translation>
    </message>
    <message>
        <source>Print pre&amp;view…</source>
        <translation>打印预览(&amp;V)…</translation>
    </message>
    <message>
        <source>Save as &amp;PDF…</source>
        <translation>另存为 PDF(&amp;P)…</translation>
    </message>
    <message>
        <source>Situation and reminders:</source>
        <translation>值班情况及提醒：</translation>
    </message>
    <message>
        <source>confirmed by %1</source>
        <translation>已由 %1 确认</translation>
    </message>
    <message>
        <source>NOT confirmed</source>
        <translation>未确认</translation>
    </message>
    <message>
        <source>Hand over shift %1 from %2 to %3?</source>
        <translation>确定将 %1 班次由 %2 交给 %3？</translation>
    </message>
    <message>
        <source>Leader on duty: %1</source>
        <translation>带班领导：%1</translation>
    </message>
    <message>
        <source>The handover sheet is then final.</source>
        <translation>交班后交接班记录即为定稿。</translation>
    </message>
    <message>
        <source>Handed over at %1 — sheet %2. Print it or save it as PDF.</source>
        <translation>已于 %1 完成交班，交接班记录 %2。请打印或另存为 PDF。</translation>
    </message>
    <message>
        <source>Handed over — sheet %1</source>
        <translation>已交班 —— 交接班记录 %1</translation>
    </message>
</context>
<context>
    <name>OpenShiftDialog</name>
    <message>
        <source>Open shift</source>
        <translation>接班</translation>
    </message>
    <message>
        <source>Shift %1. You (%2) open it and are on it.</source>
        <translation>班次 %1。由您（%2）接班，并在本班值班。</translation>
    </message>
    <message>
        <source>&amp;Open shift</source>
        <translation>接班(&amp;O)</translation>
    </message>
    <message>
        <source>A shift is already on duty (%1); hand it over instead.</source>
        <translation>已有班次在岗（%1），请办理交班，不能另开新班。</translation>
    </message>
</context>
<context>
    <name>PeoplePicker</name>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>&amp;Leader on duty:</source>
        <translation>带班领导(&amp;L)：</translation>
    </message>
    <message>
        <source>Shift l&amp;ead:</source>
        <translation>值班长(&amp;E)：</translation>
    </message>
    <message>
        <source>&amp;Operators:</source>
        <translation>值班员(&amp;O)：</translation>
    </message>
</context>
<context>
    <name>ReminderDialog</name>
    <message>
        <source>Prepare the handover</source>
        <translation>准备交班</translation>
    </message>
    <message>
        <source>The shift ends at %1. Prepare the handover: check open items and the sheet.</source>
        <translation>本班将于 %1 结束，请准备交班：核对未办结事项和交接班记录。</translation>
    </message>
    <message>
        <source>Overdue follow-ups: %1</source>
        <translation>逾期未办事项：%1 条</translation>
    </message>
    <message>
        <source>No overdue follow-ups.</source>
        <translation>没有逾期未办事项。</translation>
    </message>
    <message>
        <source>&amp;Hand over now…</source>
        <translation>现在交班(&amp;H)…</translation>
    </message>
    <message>
        <source>&amp;Later</source>
        <translation>稍后(&amp;L)</translation>
    </message>
</context>
<context>
    <name>ReprintDialog</name>
    <message>
        <source>Reprint a handover sheet</source>
        <translation>补打交接班记录</translation>
    </message>
    <message>
        <source>Sheet no.</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>Handed over</source>
        <translation>交班时间</translation>
    </message>
    <message>
        <source>On duty</source>
        <translation>值班人员</translation>
    </message>
    <message>
        <source>No shift has been handed over yet.</source>
        <translation>还没有已交班的班次。</translation>
    </message>
    <message>
        <source>Print pre&amp;view…</source>
        <translation>打印预览(&amp;V)…</translation>
    </message>
    <message>
        <source>Save as &amp;PDF…</source>
        <translation>另存为 PDF(&amp;P)…</translation>
    </message>
</context>
<context>
    <name>RotaDialog</name>
    <message>
        <source>Duty rota</source>
        <translation>值班表</translation>
    </message>
    <message>
        <source>◀ &amp;Previous</source>
        <translation>◀ 上月(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Next ▶</source>
        <translation>下月(&amp;N) ▶</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>星期</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>Leader on duty</source>
        <translation>带班领导</translation>
    </message>
    <message>
        <source>Shift lead</source>
        <translation>值班长</translation>
    </message>
    <message>
        <source>Operators</source>
        <translation>值班员</translation>
    </message>
    <message>
        <source>Remarks</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>&amp;Plan shift…</source>
        <translation>排班(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Swap…</source>
        <translation>换班(&amp;S)…</translation>
    </message>
    <message>
        <source>Print to P&amp;DF…</source>
        <translation>打印为 PDF(&amp;D)…</translation>
    </message>
    <message>
        <source>Export to E&amp;xcel…</source>
        <translation>导出 Excel(&amp;X)…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Planning the rota needs a leader on duty, a shift lead or an administrator.</source>
        <translation>排班需要带班领导、值班长或管理员权限。</translation>
    </message>
    <message>
        <source>Drag a person onto a day:</source>
        <translation>将人员拖到某一天：</translation>
    </message>
    <message>
        <source>%1 of %2 shifts planned; %3 with warnings.</source>
        <translation>共 %2 个班次，已排 %1 个；%3 个需要注意。</translation>
    </message>
    <message>
        <source>Print the rota to PDF</source>
        <translation>值班表打印为 PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Export the rota</source>
        <translation>导出值班表</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
</context>
<context>
    <name>ShiftSettingsDialog</name>
    <message>
        <source>Shift settings</source>
        <translation>班次设置</translation>
    </message>
    <message>
        <source>Start times of the shifts: 08:30 for one 24-hour shift, 08:30,20:30 for a day and a night shift.</source>
        <translation>各班次的接班时间：08:30 表示每天一班（24 小时），08:30,20:30 表示白班和夜班。</translation>
    </message>
    <message>
        <source>The leader on duty must confirm every handover</source>
        <translation>每次交接班须经带班领导确认</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>Shift &amp;starts:</source>
        <translation>接班时间(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Minimum on duty besides the leader:</source>
        <translation>每班最少人数（不含带班领导）(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;Remind before the end:</source>
        <translation>交班前提醒(&amp;R)：</translation>
    </message>
</context>
<context>
    <name>ShiftStatus</name>
    <message>
        <source>No shift on duty</source>
        <translation>无在岗班次</translation>
    </message>
    <message>
        <source>Shift %1</source>
        <translation>班次 %1</translation>
    </message>
    <message>
        <source>Leader %1</source>
        <translation>带班 %1</translation>
    </message>
    <message>
        <source>Lead %1</source>
        <translation>值班长 %1</translation>
    </message>
    <message numerus="yes">
        <source>Operators: %n</source>
        <translation>
            <numerusform>值班员 %n 人</numerusform>
        </translation>
    </message>
    <message>
        <source>Operators %1</source>
        <translation>值班员 %1</translation>
    </message>
    <message>
        <source>(planned, not opened)</source>
        <translation>（计划，未接班）</translation>
    </message>
    <message>
        <source>(handover overdue)</source>
        <translation>（交班已逾时）</translation>
    </message>
    <message>
        <source>Current shift (Shift menu: hand over, rota)</source>
        <translation>当前班次（“班次”菜单：交班、值班表）</translation>
    </message>
</context>
<context>
    <name>ShiftsController</name>
    <message>
        <source>&amp;Shift</source>
        <translation>班次(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Open shift…</source>
        <translation>接班(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Hand over…</source>
        <translation>交班(&amp;H)…</translation>
    </message>
    <message>
        <source>Duty &amp;rota…</source>
        <translation>值班表(&amp;R)…</translation>
    </message>
    <message>
        <source>Re&amp;print handover sheet…</source>
        <translation>补打交接班记录(&amp;P)…</translation>
    </message>
    <message>
        <source>Shift &amp;settings…</source>
        <translation>班次设置(&amp;S)…</translation>
    </message>
    <message>
        <source>The shift ends at %1: prepare the handover.</source>
        <translation>本班将于 %1 结束，请准备交班。</translation>
    </message>
    <message>
        <source>DutyDesk</source>
        <translation>应急值守台</translation>
    </message>
    <message>
        <source>Reprint</source>
        <translation>补打</translation>
    </message>
    <message>
        <source>No shift has been handed over yet.</source>
        <translation>还没有已交班的班次。</translation>
    </message>
</context>
<context>
    <name>ShiftsHandover</name>
    <message>
        <source>Save handover sheet as PDF</source>
        <translation>交接班记录另存为 PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Handover sheet</source>
        <translation>交接班记录</translation>
    </message>
    <message>
        <source>Hand over</source>
        <translation>交班</translation>
    </message>
    <message>
        <source>No shift is on duty. Open a shift first (Shift → Open shift…).</source>
        <translation>当前没有在岗班次。请先接班（班次 → 接班…）。</translation>
    </message>
</context>
<context>
    <name>ShiftsRota</name>
    <message>
        <source>Duty rota</source>
        <translation>值班表</translation>
    </message>
</context>
<context>
    <name>SlotDialog</name>
    <message>
        <source>Plan shift %1</source>
        <translation>排班 %1</translation>
    </message>
</context>
<context>
    <name>SwapDialog</name>
    <message>
        <source>Swap on %1</source>
        <translation>换班 %1</translation>
    </message>
    <message>
        <source>&amp;Gives the duty:</source>
        <translation>换出人(&amp;G)：</translation>
    </message>
    <message>
        <source>&amp;Takes the duty:</source>
        <translation>换入人(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Asked by:</source>
        <translation>申请人(&amp;A)：</translation>
    </message>
    <message>
        <source>Appro&amp;ved by:</source>
        <translation>批准人(&amp;V)：</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>事由(&amp;R)：</translation>
    </message>
    <message>
        <source>leader on duty</source>
        <translation>带班领导</translation>
    </message>
    <message>
        <source>shift lead</source>
        <translation>值班长</translation>
    </message>
    <message>
        <source>operator</source>
        <translation>值班员</translation>
    </message>
    <message>
        <source>Nobody is planned on this shift yet.</source>
        <translation>本班次尚未排人。</translation>
    </message>
</context>
</TS>
