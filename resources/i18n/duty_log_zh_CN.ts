<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ActionDialog</name>
    <message>
        <source>&amp;Action taken:</source>
        <translation>处理情况(&amp;A)：</translation>
    </message>
</context>
<context>
    <name>AmendDialog</name>
    <message>
        <source>&amp;Field:</source>
        <translation>字段(&amp;F)：</translation>
    </message>
    <message>
        <source>Now:</source>
        <translation>当前值：</translation>
    </message>
    <message>
        <source>&amp;New value:</source>
        <translation>新值(&amp;N)：</translation>
    </message>
    <message>
        <source>why the record was wrong (optional)</source>
        <translation>更正原因（可不填）</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>原因(&amp;R)：</translation>
    </message>
</context>
<context>
    <name>BusLinks</name>
    <message>
        <source>Period chosen on the timeline — click to clear</source>
        <translation>在时间线上选择的时段——点击清除</translation>
    </message>
    <message>
        <source>Period %1 – %2  ✕</source>
        <translation>时段 %1 – %2  ✕</translation>
    </message>
    <message>
        <source>Link to incident</source>
        <translation>关联事件</translation>
    </message>
    <message>
        <source>There is no open incident.</source>
        <translation>没有处置中的事件。</translation>
    </message>
    <message>
        <source>Link entry %1 to:</source>
        <translation>将值班记录 %1 关联到：</translation>
    </message>
</context>
<context>
    <name>DutyLogDetail</name>
    <message>
        <source>(by phone)</source>
        <translation>（电话批示）</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>值班记录</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>已作废</translation>
    </message>
    <message>
        <source>(set by the system)</source>
        <translation>（系统自动记录）</translation>
    </message>
    <message>
        <source>recorded by</source>
        <translation>登记人</translation>
    </message>
    <message>
        <source>None yet</source>
        <translation>暂无</translation>
    </message>
    <message>
        <source>Nobody notified yet</source>
        <translation>尚未通知任何人</translation>
    </message>
    <message>
        <source>History</source>
        <translation>处理经过</translation>
    </message>
    <message>
        <source>Amendments</source>
        <translation>更正记录</translation>
    </message>
    <message>
        <source>Around this time (±2 h, other panels)</source>
        <translation>前后动态（±2小时，其他面板）</translation>
    </message>
    <message>
        <source>Select an entry to see all its fields and history.</source>
        <translation>选择一条记录，查看全部内容和处理经过。</translation>
    </message>
</context>
<context>
    <name>DutyLogDialogs</name>
    <message>
        <source>Amend entry</source>
        <translation>更正记录</translation>
    </message>
    <message>
        <source>Leader&apos;s instruction</source>
        <translation>领导批示</translation>
    </message>
    <message>
        <source>Action taken</source>
        <translation>处理情况</translation>
    </message>
    <message>
        <source>Notification</source>
        <translation>通知</translation>
    </message>
    <message>
        <source>Void entry</source>
        <translation>作废记录</translation>
    </message>
</context>
<context>
    <name>DutyLogExport</name>
    <message>
        <source>Notified</source>
        <translation>已通知</translation>
    </message>
    <message>
        <source>Voided (reason)</source>
        <translation>作废（原因）</translation>
    </message>
    <message>
        <source>Amendments</source>
        <translation>更正记录</translation>
    </message>
    <message>
        <source>Duty log</source>
        <translation>值班日志</translation>
    </message>
</context>
<context>
    <name>DutyLogModel</name>
    <message>
        <source>Source</source>
        <translation>来电单位/人</translation>
    </message>
    <message>
        <source>Click to sort by this column</source>
        <translation>点击按此列排序</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>Significant entry</source>
        <translation>重要记录</translation>
    </message>
    <message>
        <source>Overdue: follow-up was due at %1</source>
        <translation>逾期：跟进时限为 %1</translation>
    </message>
    <message>
        <source>Follow-up due at %1</source>
        <translation>跟进时限 %1</translation>
    </message>
    <message>
        <source>Voided: %1</source>
        <translation>已作废：%1</translation>
    </message>
    <message>
        <source>%1 Amended — the detail pane shows the old value</source>
        <translation>%1 已更正——详情栏显示原值</translation>
    </message>
</context>
<context>
    <name>DutyLogPanel</name>
    <message>
        <source>Link to &amp;incident…</source>
        <translation>关联事件(&amp;I)…</translation>
    </message>
    <message>
        <source>Open duty log entries — click to show them</source>
        <translation>待办的值班记录——点击查看</translation>
    </message>
    <message>
        <source>Open entries past their follow-up time — click to show them</source>
        <translation>超过跟进时限的待办记录——点击查看</translation>
    </message>
    <message>
        <source>&amp;New entry…</source>
        <translation>新建记录(&amp;N)…</translation>
    </message>
    <message>
        <source>Record a call, fax, message or report (Ctrl+N)</source>
        <translation>登记来电、传真、短信或报告（Ctrl+N）</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>查找(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Go to number…</source>
        <translation>按编号查找(&amp;G)…</translation>
    </message>
    <message>
        <source>&amp;Amend field…</source>
        <translation>更正字段(&amp;A)…</translation>
    </message>
    <message>
        <source>Correct a field; the old value stays, struck through</source>
        <translation>更正一个字段；原值保留并划线显示</translation>
    </message>
    <message>
        <source>Leader&apos;s &amp;instruction…</source>
        <translation>领导批示(&amp;I)…</translation>
    </message>
    <message>
        <source>Action &amp;taken…</source>
        <translation>处理情况(&amp;T)…</translation>
    </message>
    <message>
        <source>&amp;Notification…</source>
        <translation>通知(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Close entry</source>
        <translation>办结(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Reopen entry</source>
        <translation>重新打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Void entry…</source>
        <translation>作废(&amp;V)…</translation>
    </message>
    <message>
        <source>Void a wrong entry with a reason (it stays, struck through)</source>
        <translation>作废错误记录并注明原因（记录保留，划线显示）</translation>
    </message>
    <message>
        <source>&amp;Open items only</source>
        <translation>只看待办(&amp;O)</translation>
    </message>
    <message>
        <source>O&amp;verdue items only</source>
        <translation>只看逾期(&amp;V)</translation>
    </message>
    <message>
        <source>C&amp;lear filters</source>
        <translation>清除筛选(&amp;L)</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>刷新(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Export view to Excel…</source>
        <translation>导出当前视图到 Excel(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Print view…</source>
        <translation>打印当前视图(&amp;P)…</translation>
    </message>
    <message>
        <source>%1 matching entries</source>
        <translation>符合条件 %1 条</translation>
    </message>
    <message>
        <source>%1 entries</source>
        <translation>共 %1 条</translation>
    </message>
    <message>
        <source>Open %1</source>
        <translation>待办 %1</translation>
    </message>
    <message>
        <source>⚠ Overdue %1</source>
        <translation>⚠ 逾期 %1</translation>
    </message>
    <message>
        <source>Overdue %1</source>
        <translation>逾期 %1</translation>
    </message>
    <message>
        <source>Counting… (%1 shown so far)</source>
        <translation>正在统计…（已显示 %1 条）</translation>
    </message>
    <message>
        <source>Shift %1 (%2): %3</source>
        <translation>班次 %1（%2）：%3</translation>
    </message>
    <message>
        <source>Go to entry</source>
        <translation>按编号查找</translation>
    </message>
    <message>
        <source>Entry number (e.g. 2024-0137):</source>
        <translation>记录编号（如 2024-0137）：</translation>
    </message>
    <message>
        <source>Duty log</source>
        <translation>值班日志</translation>
    </message>
    <message>
        <source>Saved as %1</source>
        <translation>已保存，编号 %1</translation>
    </message>
    <message>
        <source>Select an entry first.</source>
        <translation>请先选择一条记录。</translation>
    </message>
    <message>
        <source>%1 amended</source>
        <translation>%1 已更正</translation>
    </message>
    <message>
        <source>Instruction recorded for %1</source>
        <translation>已登记 %1 的领导批示</translation>
    </message>
    <message>
        <source>Action recorded for %1</source>
        <translation>已登记 %1 的处理情况</translation>
    </message>
    <message>
        <source>Notification recorded for %1</source>
        <translation>已登记 %1 的通知情况</translation>
    </message>
    <message>
        <source>%1 voided</source>
        <translation>%1 已作废</translation>
    </message>
    <message>
        <source>%1 closed</source>
        <translation>%1 已办结</translation>
    </message>
    <message>
        <source>%1 reopened</source>
        <translation>%1 已重新打开</translation>
    </message>
    <message>
        <source>duty-log-%1.xlsx</source>
        <translation>值班日志-%1.xlsx</translation>
    </message>
    <message>
        <source>Export duty log</source>
        <translation>导出值班日志</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Exporting %1 entries…</source>
        <translation>正在导出 %1 条记录…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Export cancelled; no file written.</source>
        <translation>已取消导出，未写入文件。</translation>
    </message>
    <message>
        <source>%1 entries exported to %2</source>
        <translation>已导出 %1 条记录到 %2</translation>
    </message>
    <message>
        <source>search “%1”</source>
        <translation>搜索“%1”</translation>
    </message>
    <message>
        <source>All entries</source>
        <translation>全部记录</translation>
    </message>
    <message>
        <source>Filter: %1</source>
        <translation>筛选：%1</translation>
    </message>
</context>
<context>
    <name>DutyLogPrint</name>
    <message>
        <source>duty-log.pdf</source>
        <translation>值班日志.pdf</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>接报时间</translation>
    </message>
    <message>
        <source>Direction / channel</source>
        <translation>方向/方式</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来电单位/人</translation>
    </message>
    <message>
        <source>Township / location</source>
        <translation>乡镇/地点</translation>
    </message>
    <message>
        <source>Summary, instruction, action</source>
        <translation>内容摘要、领导批示、处理情况</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Recorded by</source>
        <translation>登记人</translation>
    </message>
    <message>
        <source>Duty log</source>
        <translation>值班日志</translation>
    </message>
    <message>
        <source>due</source>
        <translation>时限</translation>
    </message>
    <message>
        <source>%1 entries · printed %2 by %3</source>
        <translation>共 %1 条 · %3 打印于 %2</translation>
    </message>
    <message>
        <source>Only the first %1 entries are printed; export to .xlsx for the whole view.</source>
        <translation>只打印前 %1 条；完整内容请导出为 .xlsx。</translation>
    </message>
    <message>
        <source>Print duty log</source>
        <translation>打印值班日志</translation>
    </message>
</context>
<context>
    <name>EntryForm</name>
    <message>
        <source>New duty log entry</source>
        <translation>新建值班记录</translation>
    </message>
    <message>
        <source>e.g. 五印乡人民政府</source>
        <translation>如：五印乡人民政府</translation>
    </message>
    <message>
        <source>callback number</source>
        <translation>回拨电话</translation>
    </message>
    <message>
        <source>village, road, building…</source>
        <translation>村、道路、建筑…</translation>
    </message>
    <message>
        <source>What was reported or said (required)</source>
        <translation>报告或通话的内容（必填）</translation>
    </message>
    <message>
        <source>Si&amp;gnificant (important for the leader on duty)</source>
        <translation>重要(&amp;G)（需带班领导关注）</translation>
    </message>
    <message>
        <source>typing in a paper form? its number (the times are those on the paper)</source>
        <translation>补录纸质表格时填写其编号（时间按纸面所记填写）</translation>
    </message>
    <message>
        <source>&amp;Direction / channel:</source>
        <translation>方向/方式(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Unit:</source>
        <translation>来电单位(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Person:</source>
        <translation>来电人(&amp;P)：</translation>
    </message>
    <message>
        <source>P&amp;hone:</source>
        <translation>联系电话(&amp;H)：</translation>
    </message>
    <message>
        <source>&amp;Received:</source>
        <translation>接报时间(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Township:</source>
        <translation>乡镇(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Location:</source>
        <translation>地点(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Category:</source>
        <translation>类别(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;Summary:</source>
        <translation>内容摘要(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Occurred:</source>
        <translation>发生时间(&amp;O)：</translation>
    </message>
    <message>
        <source>Follow-up &amp;due:</source>
        <translation>跟进时限(&amp;D)：</translation>
    </message>
    <message>
        <source>Paper for&amp;m No.:</source>
        <translation>纸质表格编号(&amp;M)：</translation>
    </message>
    <message>
        <source>Save (Ctrl+Enter)</source>
        <translation>保存 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>取消 (Esc)</translation>
    </message>
    <message>
        <source>Signed in as %1 — the entry is recorded in your name.</source>
        <translation>当前登录：%1——记录以您的名义登记。</translation>
    </message>
    <message>
        <source>Discard entry?</source>
        <translation>放弃这条记录？</translation>
    </message>
    <message>
        <source>This entry has not been saved. Discard what you typed?</source>
        <translation>这条记录尚未保存。放弃已填写的内容吗？</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>放弃</translation>
    </message>
    <message>
        <source>Keep editing</source>
        <translation>继续填写</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>Search summary, instruction, action, source, place, phone…</source>
        <translation>搜索内容、批示、处理情况、来电单位、地点、电话…</translation>
    </message>
    <message>
        <source>Finds one or more Chinese characters (震, 地震, 五印乡), words and phone numbers; separate several terms with spaces</source>
        <translation>可搜索单个或多个汉字（震、地震、五印乡）、英文单词和电话号码；多个词用空格分开</translation>
    </message>
    <message>
        <source>All dates</source>
        <translation>全部日期</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>最近 24 小时</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>最近 30 天</translation>
    </message>
    <message>
        <source>Date range…</source>
        <translation>日期范围…</translation>
    </message>
    <message>
        <source>First day (received time)</source>
        <translation>起始日期（接报时间）</translation>
    </message>
    <message>
        <source>Last day (received time)</source>
        <translation>截止日期（接报时间）</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Open includes overdue entries</source>
        <translation>待办包括逾期记录</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <source>Both directions</source>
        <translation>来电和去电</translation>
    </message>
    <message>
        <source>All channels</source>
        <translation>全部方式</translation>
    </message>
    <message>
        <source>All townships</source>
        <translation>全部乡镇</translation>
    </message>
    <message>
        <source>Anyone</source>
        <translation>全部登记人</translation>
    </message>
    <message>
        <source>Significant only</source>
        <translation>只看重要</translation>
    </message>
    <message>
        <source>Hide voided</source>
        <translation>隐藏已作废</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <source>Find (Ctrl+F):</source>
        <translation>查找（Ctrl+F）：</translation>
    </message>
</context>
<context>
    <name>InstructionDialog</name>
    <message>
        <source>Given by &amp;phone (I write it down)</source>
        <translation>领导电话批示，由我记录(&amp;P)</translation>
    </message>
    <message>
        <source>Operators record leaders&apos; instructions given by phone; the leader and you are both named.</source>
        <translation>值班员记录领导通过电话下达的批示；批示领导和记录人都会写明。</translation>
    </message>
    <message>
        <source>&amp;Leader:</source>
        <translation>批示领导(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Instruction:</source>
        <translation>批示内容(&amp;I)：</translation>
    </message>
</context>
<context>
    <name>NotificationDialog</name>
    <message>
        <source>unit or person notified, e.g. 五印乡人民政府 李明</source>
        <translation>通知的单位或人员，如：五印乡人民政府 李明</translation>
    </message>
    <message>
        <source>&amp;Whom:</source>
        <translation>通知对象(&amp;W)：</translation>
    </message>
    <message>
        <source>&amp;By:</source>
        <translation>方式(&amp;B)：</translation>
    </message>
    <message>
        <source>&amp;When:</source>
        <translation>时间(&amp;W)：</translation>
    </message>
</context>
<context>
    <name>ServiceDialog</name>
    <message>
        <source>Record (Ctrl+Enter)</source>
        <translation>登记 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>TimeEdit</name>
    <message>
        <source>Tick to give a time</source>
        <translation>勾选后填写时间</translation>
    </message>
</context>
<context>
    <name>VoidDialog</name>
    <message>
        <source>A voided entry is not deleted: it stays in the log and in every print, struck through, with the reason and your name.</source>
        <translation>作废的记录不会删除：它仍保留在日志和所有打印件中，划线显示，并注明原因和您的姓名。</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>原因(&amp;R)：</translation>
    </message>
    <message>
        <source>Void (Ctrl+Enter)</source>
        <translation>作废 (Ctrl+Enter)</translation>
    </message>
</context>
</TS>
