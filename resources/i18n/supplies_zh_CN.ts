<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CountDialog</name>
    <message>
        <source>&amp;Save counted figures</source>
        <translation>保存实盘数(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Post differences</source>
        <translation>过账差异(&amp;P)</translation>
    </message>
    <message>
        <source>Print count &amp;sheet…</source>
        <translation>打印盘点表(&amp;S)…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>posted %1</source>
        <translation>已过账 %1</translation>
    </message>
    <message>
        <source>open</source>
        <translation>未过账</translation>
    </message>
    <message>
        <source>outdated: recount</source>
        <translation>已过时：请重新盘点</translation>
    </message>
    <message>
        <source>Stock-take %1</source>
        <translation>盘点 %1</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>物资</translation>
    </message>
    <message>
        <source>Specification</source>
        <translation>规格型号</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>批号</translation>
    </message>
    <message>
        <source>Book (seen)</source>
        <translation>账面数（盘点时）</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>实盘数</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>差异</translation>
    </message>
    <message>
        <source>Post the differences as one adjustment?</source>
        <translation>将差异作为一张调整单过账？</translation>
    </message>
    <message>
        <source>Posted as %1</source>
        <translation>已过账：%1</translation>
    </message>
</context>
<context>
    <name>MovementDialog</name>
    <message>
        <source>Receipt (入库)</source>
        <translation>入库</translation>
    </message>
    <message>
        <source>Issue (出库)</source>
        <translation>出库</translation>
    </message>
    <message>
        <source>Transfer out (调出)</source>
        <translation>调拨 — 调出</translation>
    </message>
    <message>
        <source>Transfer in (调入)</source>
        <translation>调拨 — 调入</translation>
    </message>
    <message>
        <source>Return (退库)</source>
        <translation>退库</translation>
    </message>
    <message>
        <source>Write-off (报废)</source>
        <translation>报废</translation>
    </message>
    <message>
        <source>Adjustment (调整)</source>
        <translation>调整</translation>
    </message>
    <message>
        <source>code, name or pinyin initials (e.g. csj)</source>
        <translation>编码、品名或拼音首字母（如 csj）</translation>
    </message>
    <message>
        <source>serial numbers, one per line or separated by spaces</source>
        <translation>序列号，每行一个或以空格分隔</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>调拨单</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>实收数量</translation>
    </message>
    <message>
        <source>Lost in transit</source>
        <translation>途中损耗</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>From depot</source>
        <translation>调出仓库</translation>
    </message>
    <message>
        <source>Depot</source>
        <translation>仓库</translation>
    </message>
    <message>
        <source>To depot</source>
        <translation>调入仓库</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>物资</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Change (+/−)</source>
        <translation>调整数量（+/−）</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>批号</translation>
    </message>
    <message>
        <source>Serial numbers</source>
        <translation>序列号</translation>
    </message>
    <message>
        <source>Production date</source>
        <translation>生产日期</translation>
    </message>
    <message>
        <source>Expiry</source>
        <translation>有效期</translation>
    </message>
    <message>
        <source>Source document no.</source>
        <translation>来源单据号</translation>
    </message>
    <message>
        <source>Source (fund, donor)</source>
        <translation>来源（资金、捐赠、上级调拨）</translation>
    </message>
    <message>
        <source>Maker</source>
        <translation>生产厂家</translation>
    </message>
    <message>
        <source>township, township/village, team:…, incident:…</source>
        <translation>乡镇、乡镇/村、team:队伍、incident:事件编号</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>领用方</translation>
    </message>
    <message>
        <source>Returned by</source>
        <translation>退还方</translation>
    </message>
    <message>
        <source>Approved by (leader on duty)</source>
        <translation>批准领导（带班领导）</translation>
    </message>
    <message>
        <source>Emergency: on a leader&apos;s instruction, voucher later</source>
        <translation>紧急出库：凭领导指令先行发放，凭证后补</translation>
    </message>
    <message>
        <source>Voucher no.</source>
        <translation>凭证号</translation>
    </message>
    <message>
        <source>Reason (needed for an overdraft)</source>
        <translation>原因（透支出库必填）</translation>
    </message>
    <message>
        <source>Save and &amp;print voucher</source>
        <translation>保存并打印单据(&amp;P)</translation>
    </message>
</context>
<context>
    <name>StockPlot</name>
    <message>
        <source>On hand</source>
        <translation>结存</translation>
    </message>
    <message>
        <source>Minimum %1</source>
        <translation>储备定额 %1</translation>
    </message>
</context>
<context>
    <name>SuppliesModel</name>
    <message>
        <source>Depot</source>
        <translation>仓库</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>物资</translation>
    </message>
    <message>
        <source>Specification</source>
        <translation>规格型号</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>On hand</source>
        <translation>结存</translation>
    </message>
    <message>
        <source>Minimum</source>
        <translation>储备定额</translation>
    </message>
    <message>
        <source>In transit</source>
        <translation>在途</translation>
    </message>
    <message>
        <source>Nearest expiry</source>
        <translation>最近有效期</translation>
    </message>
    <message>
        <source>Negative balance: an adjustment is needed</source>
        <translation>负结存：需要登记调整</translation>
    </message>
    <message>
        <source>Below the minimum stock</source>
        <translation>低于储备定额</translation>
    </message>
    <message>
        <source>A lot expires soon</source>
        <translation>有批次即将到期</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>单号</translation>
    </message>
    <message>
        <source>Movement</source>
        <translation>业务</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>批号</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>结存</translation>
    </message>
    <message>
        <source>Counterpart</source>
        <translation>对方</translation>
    </message>
    <message>
        <source>By</source>
        <translation>经办人</translation>
    </message>
</context>
<context>
    <name>SuppliesPanel</name>
    <message>
        <source>Search code, name, pinyin initials (e.g. csj)</source>
        <translation>搜索编码、品名、拼音首字母（如 csj）</translation>
    </message>
    <message>
        <source>Below minimum</source>
        <translation>低于定额</translation>
    </message>
    <message>
        <source>Any expiry</source>
        <translation>不限有效期</translation>
    </message>
    <message>
        <source>Expiring in %1 days</source>
        <translation>%1 天内到期</translation>
    </message>
    <message>
        <source>Depot</source>
        <translation>仓库</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>批号</translation>
    </message>
    <message>
        <source>On hand</source>
        <translation>结存</translation>
    </message>
    <message>
        <source>Produced</source>
        <translation>生产日期</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>有效期</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Maker</source>
        <translation>生产厂家</translation>
    </message>
    <message>
        <source>Serial</source>
        <translation>序列号</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Holder / depot</source>
        <translation>保管方 / 仓库</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>自</translation>
    </message>
    <message>
        <source>Exception</source>
        <translation>异常</translation>
    </message>
    <message>
        <source>Stock card</source>
        <translation>物资卡片</translation>
    </message>
    <message>
        <source>Over time</source>
        <translation>库存趋势</translation>
    </message>
    <message>
        <source>Lots</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Serial units</source>
        <translation>序列号装备</translation>
    </message>
    <message>
        <source>Exceptions</source>
        <translation>异常</translation>
    </message>
    <message>
        <source>&amp;Receipt (入库)…</source>
        <translation>入库(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Issue (出库)…</source>
        <translation>出库(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Transfer out (调出)…</source>
        <translation>调出(&amp;T)…</translation>
    </message>
    <message>
        <source>Transfer &amp;in (调入)…</source>
        <translation>调入(&amp;J)…</translation>
    </message>
    <message>
        <source>Re&amp;turn (退库)…</source>
        <translation>退库(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Write-off (报废)…</source>
        <translation>报废(&amp;W)…</translation>
    </message>
    <message>
        <source>&amp;Adjustment (调整)…</source>
        <translation>调整(&amp;A)…</translation>
    </message>
    <message>
        <source>Re&amp;verse selected movement (冲销)…</source>
        <translation>冲销所选单据(&amp;X)…</translation>
    </message>
    <message>
        <source>Reverse the movement selected on the stock card; it stays, struck through</source>
        <translation>冲销物资卡片上所选的单据；原单保留并划线</translation>
    </message>
    <message>
        <source>Record &amp;voucher no. of an emergency issue…</source>
        <translation>补录紧急出库凭证号(&amp;V)…</translation>
    </message>
    <message>
        <source>&amp;Print voucher of selected movement…</source>
        <translation>打印所选单据(&amp;P)…</translation>
    </message>
    <message>
        <source>Stock-&amp;take (盘点)…</source>
        <translation>盘点(&amp;C)…</translation>
    </message>
    <message>
        <source>Import Excel &amp;ledger…</source>
        <translation>导入 Excel 台账(&amp;L)…</translation>
    </message>
    <message>
        <source>&amp;Export view to Excel…</source>
        <translation>导出当前表格到 Excel(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Find item</source>
        <translation>查找物资(&amp;F)</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>刷新(&amp;F)</translation>
    </message>
    <message>
        <source>Needs the storekeeper role (物资管理员)</source>
        <translation>需要“物资管理员”角色</translation>
    </message>
    <message>
        <source>All depots</source>
        <translation>全部仓库</translation>
    </message>
    <message>
        <source>⚠ %1 exceptions</source>
        <translation>⚠ 异常 %1 项</translation>
    </message>
    <message>
        <source>Exceptions (%1)</source>
        <translation>异常（%1）</translation>
    </message>
    <message>
        <source>Recorded %1</source>
        <translation>已登记 %1</translation>
    </message>
    <message>
        <source>Supplies</source>
        <translation>物资台账</translation>
    </message>
    <message>
        <source>Select a movement on the stock card first</source>
        <translation>请先在物资卡片上选择一张单据</translation>
    </message>
    <message>
        <source>Reverse %1</source>
        <translation>冲销 %1</translation>
    </message>
    <message>
        <source>Reason of the reversal (the original stays, struck through):</source>
        <translation>冲销原因（原单保留并划线）：</translation>
    </message>
    <message>
        <source>Select an issue on the stock card first</source>
        <translation>请先在物资卡片上选择一张出库单</translation>
    </message>
    <message>
        <source>Voucher of %1</source>
        <translation>%1 的凭证号</translation>
    </message>
    <message>
        <source>Voucher number:</source>
        <translation>凭证号：</translation>
    </message>
    <message>
        <source>Save voucher as PDF</source>
        <translation>单据另存为 PDF</translation>
    </message>
    <message>
        <source>Voucher saved: %1</source>
        <translation>单据已保存：%1</translation>
    </message>
    <message>
        <source>Save count sheet as PDF</source>
        <translation>盘点表另存为 PDF</translation>
    </message>
    <message>
        <source>Count sheet saved: %1</source>
        <translation>盘点表已保存：%1</translation>
    </message>
    <message>
        <source>Import Excel ledger</source>
        <translation>导入 Excel 台账</translation>
    </message>
    <message>
        <source>Import these rows?</source>
        <translation>导入以上各行？</translation>
    </message>
    <message>
        <source>Export view to Excel</source>
        <translation>导出到 Excel</translation>
    </message>
    <message>
        <source>Exported: %1</source>
        <translation>已导出：%1</translation>
    </message>
</context>
</TS>
