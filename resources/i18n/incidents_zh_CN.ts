<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CasualtiesDialog</name>
    <message>
        <source>Casualties and losses</source>
        <translation>人员伤亡和损失</translation>
    </message>
    <message>
        <source>Dead</source>
        <translation>死亡</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>失踪</translation>
    </message>
    <message>
        <source>Injured</source>
        <translation>受伤</translation>
    </message>
    <message>
        <source>Seriously injured</source>
        <translation>重伤</translation>
    </message>
    <message>
        <source>Evacuated</source>
        <translation>转移安置</translation>
    </message>
    <message>
        <source>Houses damaged</source>
        <translation>房屋损坏</translation>
    </message>
    <message>
        <source>Direct loss (yuan)</source>
        <translation>直接经济损失（元）</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>required when a figure goes down</source>
        <translation>数字减少时必须填写</translation>
    </message>
    <message>
        <source>Correction reason</source>
        <translation>更正原因</translation>
    </message>
</context>
<context>
    <name>IncidentsPanel</name>
    <message>
        <source>Open only</source>
        <translation>仅处置中</translation>
    </message>
    <message>
        <source>Show drills</source>
        <translation>显示演练</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Occurred</source>
        <translation>发生时间</translation>
    </message>
    <message>
        <source>Incident</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Next report</source>
        <translation>下一报告</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>报告</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>时限</translation>
    </message>
    <message>
        <source>Countdown</source>
        <translation>倒计时</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>依据</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Reports due</source>
        <translation>报告时限</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>周</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年</translation>
    </message>
    <message>
        <source>10 years</source>
        <translation>10年</translation>
    </message>
    <message>
        <source>This incident only</source>
        <translation>仅本事件</translation>
    </message>
    <message>
        <source>Select period</source>
        <translation>选择时段</translation>
    </message>
    <message>
        <source>Drag over the timeline to filter the duty log to that period</source>
        <translation>在时间线上拖动选择时段，值班日志随之筛选</translation>
    </message>
    <message>
        <source>PNG…</source>
        <translation>PNG…</translation>
    </message>
    <message>
        <source>PDF…</source>
        <translation>PDF…</translation>
    </message>
    <message>
        <source>%1 points</source>
        <translation>%1 个点</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>&amp;New incident…</source>
        <translation>登记事件(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Casualties…</source>
        <translation>伤亡统计(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Report sent…</source>
        <translation>记录报送(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Earthquake parameters…</source>
        <translation>地震参数(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Link entry…</source>
        <translation>关联值班记录(&amp;L)…</translation>
    </message>
    <message>
        <source>Clo&amp;se incident</source>
        <translation>结束事件(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Print report…</source>
        <translation>打印信息报告(&amp;P)…</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>刷新(&amp;F)</translation>
    </message>
    <message>
        <source>Reports due: none</source>
        <translation>待报：无</translation>
    </message>
    <message>
        <source>Reports due %1 · next: %2 %3</source>
        <translation>待报 %1 · 最近：%2 %3</translation>
    </message>
    <message>
        <source> · overdue %1</source>
        <translation> · 超时 %1</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>接报时间</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>Entered from paper form No. %1</source>
        <translation>补录自纸质表格 No. %1</translation>
    </message>
    <message>
        <source>formal</source>
        <translation>正式测定</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>自动测定</translation>
    </message>
    <message>
        <source>Earthquake parameters</source>
        <translation>地震参数</translation>
    </message>
    <message>
        <source>Casualties and losses</source>
        <translation>人员伤亡和损失</translation>
    </message>
    <message>
        <source>Dead</source>
        <translation>死亡</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>失踪</translation>
    </message>
    <message>
        <source>Injured</source>
        <translation>受伤</translation>
    </message>
    <message>
        <source>Evacuated</source>
        <translation>转移安置</translation>
    </message>
    <message>
        <source>Houses damaged</source>
        <translation>房屋损坏</translation>
    </message>
    <message>
        <source>Duty-log entries</source>
        <translation>关联的值班记录</translation>
    </message>
    <message>
        <source>Teams and supplies</source>
        <translation>救援力量和物资</translation>
    </message>
    <message>
        <source>Reports sent</source>
        <translation>已报送</translation>
    </message>
    <message>
        <source>due</source>
        <translation>待报</translation>
    </message>
    <message>
        <source>met</source>
        <translation>已报</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>超时</translation>
    </message>
    <message>
        <source> (late)</source>
        <translation>（迟报）</translation>
    </message>
    <message>
        <source>Select an incident first.</source>
        <translation>请先选择一个事件。</translation>
    </message>
    <message>
        <source>Close incident</source>
        <translation>结束事件</translation>
    </message>
    <message>
        <source>Close incident %1? Nothing more can be added to it.</source>
        <translation>结束事件 %1？结束后不能再添加任何内容。</translation>
    </message>
    <message>
        <source>Print incident report</source>
        <translation>打印信息报告</translation>
    </message>
    <message>
        <source>Export timeline</source>
        <translation>导出时间线</translation>
    </message>
    <message>
        <source>Incident timeline</source>
        <translation>事件时间线</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Incidents</source>
        <translation>突发事件</translation>
    </message>
    <message>
        <source>&amp;Incidents</source>
        <translation>突发事件(&amp;I)</translation>
    </message>
</context>
<context>
    <name>LinkEntryDialog</name>
    <message>
        <source>Link a duty-log entry</source>
        <translation>关联值班记录</translation>
    </message>
    <message>
        <source>Entry number</source>
        <translation>值班记录编号</translation>
    </message>
</context>
<context>
    <name>NewIncidentDialog</name>
    <message>
        <source>New incident</source>
        <translation>登记事件</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>事件类型</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Occurred</source>
        <translation>发生时间</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>接报时间</translation>
    </message>
    <message>
        <source>Township</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>Latitude (°N)</source>
        <translation>纬度（北纬）</translation>
    </message>
    <message>
        <source>Longitude (°E)</source>
        <translation>经度（东经）</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>事件概况</translation>
    </message>
    <message>
        <source>Dead</source>
        <translation>死亡</translation>
    </message>
    <message>
        <source>Injured</source>
        <translation>受伤</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>失踪</translation>
    </message>
    <message>
        <source>Drill (left out of statistics)</source>
        <translation>演练（不计入统计）</translation>
    </message>
    <message>
        <source>number of the paper form, when entered from one</source>
        <translation>从纸质表格补录时填写其编号</translation>
    </message>
    <message>
        <source>Paper form No.</source>
        <translation>纸质表格编号</translation>
    </message>
</context>
<context>
    <name>QuakeDialog</name>
    <message>
        <source>Earthquake parameters</source>
        <translation>地震参数</translation>
    </message>
    <message>
        <source>Magnitude (M)</source>
        <translation>震级（M）</translation>
    </message>
    <message>
        <source>Depth (km)</source>
        <translation>震源深度（千米）</translation>
    </message>
    <message>
        <source>Latitude (°N)</source>
        <translation>纬度（北纬）</translation>
    </message>
    <message>
        <source>Longitude (°E)</source>
        <translation>经度（东经）</translation>
    </message>
    <message>
        <source>Formal measurement (supersedes automatic)</source>
        <translation>正式测定（取代自动测定）</translation>
    </message>
</context>
<context>
    <name>ReportDialog</name>
    <message>
        <source>Report sent</source>
        <translation>记录报送</translation>
    </message>
    <message>
        <source>First report</source>
        <translation>首报</translation>
    </message>
    <message>
        <source>Follow-up report</source>
        <translation>续报</translation>
    </message>
    <message>
        <source>Final report</source>
        <translation>终报</translation>
    </message>
    <message>
        <source>Supplementary report</source>
        <translation>补报</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>报告阶段</translation>
    </message>
    <message>
        <source>Sent to</source>
        <translation>报送单位</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>报送方式</translation>
    </message>
    <message>
        <source>Document No.</source>
        <translation>文号</translation>
    </message>
    <message>
        <source>Sent at</source>
        <translation>报送时间</translation>
    </message>
</context>
<context>
    <name>StatsView</name>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>The end date is before the start date.</source>
        <translation>截止日期早于起始日期。</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Accidents</source>
        <translation>事故起数</translation>
    </message>
    <message>
        <source>Last year</source>
        <translation>去年同期</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>同比</translation>
    </message>
    <message>
        <source>Deaths</source>
        <translation>死亡人数</translation>
    </message>
    <message>
        <source>Injured</source>
        <translation>受伤</translation>
    </message>
    <message>
        <source>Same period last year: %1 – %2. Drills are left out. Change rounded half-up.</source>
        <translation>去年同期：%1 至 %2。演练不计入；同比四舍五入保留两位小数。</translation>
    </message>
    <message>
        <source>Print statistics to PDF</source>
        <translation>打印统计表为 PDF</translation>
    </message>
</context>
</TS>
