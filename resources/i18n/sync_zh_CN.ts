<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AddCardDialog</name>
    <message>
        <source>Trust a station</source>
        <translation>信任站点</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>站点</translation>
    </message>
    <message>
        <source>Station id</source>
        <translation>站点编号</translation>
    </message>
    <message>
        <source>Call the station and have them read their fingerprint to you. Type what you hear; do not copy it from the card file.</source>
        <translation>请给对方站点打电话，请对方读出其指纹，按听到的输入；不要从名片文件中复制。</translation>
    </message>
    <message>
        <source>Fingerprint heard</source>
        <translation>听到的指纹</translation>
    </message>
    <message>
        <source>This is the county centre: accept its vouchers for township stations</source>
        <translation>这是县应急管理局（中心站）：接受其对乡镇站点的担保</translation>
    </message>
</context>
<context>
    <name>ConflictsDialog</name>
    <message>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Current value</source>
        <translation>现值</translation>
    </message>
    <message>
        <source>By</source>
        <translation>修改人</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Other value</source>
        <translation>未采用的值</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>站点</translation>
    </message>
    <message>
        <source>Replica</source>
        <translation>副本</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Found</source>
        <translation>发现时间</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Minutes ahead</source>
        <translation>超前分钟数</translation>
    </message>
    <message>
        <source>Flagged</source>
        <translation>标记时间</translation>
    </message>
    <message>
        <source>Keep current value</source>
        <translation>保留现值</translation>
    </message>
    <message>
        <source>Use the other value</source>
        <translation>改用另一值</translation>
    </message>
    <message>
        <source>Field edits</source>
        <translation>字段修改</translation>
    </message>
    <message>
        <source>Quarantined operations</source>
        <translation>隔离的操作</translation>
    </message>
    <message>
        <source>Clock far ahead</source>
        <translation>时钟超前</translation>
    </message>
    <message>
        <source>same id, other content</source>
        <translation>编号相同、内容不同</translation>
    </message>
    <message>
        <source>same number, other content</source>
        <translation>序号相同、内容不同</translation>
    </message>
    <message>
        <source>follows a quarantined operation</source>
        <translation>接在被隔离的操作之后</translation>
    </message>
    <message>
        <source>claims this computer&apos;s own log</source>
        <translation>冒用本机日志</translation>
    </message>
    <message>
        <source>Field edits (%1)</source>
        <translation>字段修改（%1）</translation>
    </message>
    <message>
        <source>Quarantined operations (%1)</source>
        <translation>隔离的操作（%1）</translation>
    </message>
    <message>
        <source>Clock far ahead (%1)</source>
        <translation>时钟超前（%1）</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export for another station</source>
        <translation>为其他站点导出同步包</translation>
    </message>
    <message>
        <source>Any station (everything)</source>
        <translation>任意站点（全部内容）</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>For station</source>
        <translation>接收站点</translation>
    </message>
    <message>
        <source>Folder (USB stick)</source>
        <translation>文件夹（U 盘）</translation>
    </message>
    <message>
        <source>The bundle holds what that station has not confirmed yet; sending more is harmless.</source>
        <translation>同步包包含对方尚未确认收到的全部内容；多发不会造成重复。</translation>
    </message>
    <message>
        <source>Folder for the bundle</source>
        <translation>同步包保存位置</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <source>Create the station key passphrase</source>
        <translation>设置站点密钥口令</translation>
    </message>
    <message numerus="yes">
        <source>This computer has no secure keyring, so the station&apos;s signing key is about to be created and kept in an encrypted file. Choose a passphrase of at least %n characters and type it twice. Write it down and keep it with the duty room&apos;s passwords: every export and station card will ask for it, and it cannot be recovered.</source>
        <translation>
            <numerusform>本机没有安全的系统密钥环，即将创建站点签名私钥并保存在加密文件中。请设置至少 %n 个字符的口令并输入两次。请把它记下，与值班室的密码一同保管：每次导出和保存站点名片都要输入它，遗忘后无法找回。</numerusform>
        </translation>
    </message>
    <message>
        <source>New passphrase</source>
        <translation>新口令</translation>
    </message>
    <message>
        <source>Type it again</source>
        <translation>再输入一次</translation>
    </message>
    <message>
        <source>Station key passphrase</source>
        <translation>站点密钥口令</translation>
    </message>
    <message>
        <source>This computer has no secure keyring, so the station&apos;s signing key is kept in an encrypted file. Enter its passphrase:</source>
        <translation>本机没有安全的系统密钥环，站点签名私钥保存在加密文件中。请输入密钥口令：</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>口令</translation>
    </message>
    <message numerus="yes">
        <source>The passphrase needs at least %n characters.</source>
        <translation>
            <numerusform>口令至少需要 %n 个字符。</numerusform>
        </translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>两次输入的口令不一致。</translation>
    </message>
</context>
<context>
    <name>SyncJobDialog</name>
    <message>
        <source>Checking signatures, hashes and counts…</source>
        <translation>正在核对签名、哈希和数量……</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancelling… nothing will be changed.</source>
        <translation>正在取消……不会做任何更改。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Bundle written and verified.</source>
        <translation>同步包已写出并复核无误。</translation>
    </message>
    <message>
        <source>Nothing to import.</source>
        <translation>没有需要导入的同步包。</translation>
    </message>
    <message>
        <source>%1 file(s) refused; nothing was changed by them.</source>
        <translation>有 %1 个文件被拒绝，它们未造成任何更改。</translation>
    </message>
    <message>
        <source>Import finished.</source>
        <translation>导入完成。</translation>
    </message>
</context>
<context>
    <name>SyncMenu</name>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>Sync: …</source>
        <translation>同步：……</translation>
    </message>
    <message>
        <source>Sync: no trusted stations</source>
        <translation>同步：尚无受信任站点</translation>
    </message>
    <message>
        <source>Sync: %1 pending · %2 %3</source>
        <translation>同步：待发送 %1 条 · %2 %3</translation>
    </message>
    <message>
        <source>%1 conflicts</source>
        <translation>%1 处冲突</translation>
    </message>
    <message>
        <source>%1: last import %2, last export %3, pending %4</source>
        <translation>%1：最近导入 %2，最近导出 %3，待发送 %4 条</translation>
    </message>
    <message>
        <source>&amp;Export for…</source>
        <translation>导出同步包(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>导入同步包(&amp;I)…</translation>
    </message>
    <message>
        <source>Import &amp;parked bundles</source>
        <translation>导入暂存的同步包(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Trusted stations…</source>
        <translation>受信任站点(&amp;T)…</translation>
    </message>
    <message>
        <source>C&amp;onflicts…</source>
        <translation>冲突(&amp;O)…</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Import bundles</source>
        <translation>导入同步包</translation>
    </message>
    <message>
        <source>DutyDesk bundles (*.ddsync);;All files (*)</source>
        <translation>DutyDesk 同步包 (*.ddsync);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
</context>
<context>
    <name>TrustDialog</name>
    <message>
        <source>Trusted stations</source>
        <translation>受信任站点</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>站点</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Fingerprint</source>
        <translation>指纹</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Trusted by</source>
        <translation>信任来源</translation>
    </message>
    <message>
        <source>May vouch</source>
        <translation>可担保</translation>
    </message>
    <message>
        <source>Add station card…</source>
        <translation>添加站点名片…</translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation>撤销信任</translation>
    </message>
    <message>
        <source>Vouch for station</source>
        <translation>为站点担保</translation>
    </message>
    <message>
        <source>Save this station&apos;s card…</source>
        <translation>保存本站名片…</translation>
    </message>
    <message>
        <source>Only an administrator can change trust.</source>
        <translation>只有管理员可以更改信任。</translation>
    </message>
    <message>
        <source>This station: %1 — fingerprint %2</source>
        <translation>本站：%1 — 指纹 %2</translation>
    </message>
    <message>
        <source>(no key yet: made on the first card or export)</source>
        <translation>（尚未生成密钥：首次保存名片或导出时生成）</translation>
    </message>
    <message>
        <source>trusted</source>
        <translation>受信任</translation>
    </message>
    <message>
        <source>revoked</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <source>card checked here</source>
        <translation>本站核对名片</translation>
    </message>
    <message>
        <source>county voucher</source>
        <translation>县中心担保</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>Station card</source>
        <translation>站点名片</translation>
    </message>
    <message>
        <source>Station cards (*.json *.card);;All files (*)</source>
        <translation>站点名片 (*.json *.card);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Revoke trust</source>
        <translation>撤销信任</translation>
    </message>
    <message>
        <source>Stop accepting bundles signed by %1?</source>
        <translation>不再接受由 %1 签署的同步包？</translation>
    </message>
    <message>
        <source>The voucher for %1 goes out with this station&apos;s next bundles.</source>
        <translation>对 %1 的担保将随本站之后导出的同步包送达各站。</translation>
    </message>
    <message>
        <source>Save station card</source>
        <translation>保存站点名片</translation>
    </message>
    <message>
        <source>Station cards (*.json *.card)</source>
        <translation>站点名片 (*.json *.card)</translation>
    </message>
    <message>
        <source>Card saved. Read this fingerprint to the other station on the phone: %1</source>
        <translation>名片已保存。请在电话中向对方读出本站指纹：%1</translation>
    </message>
</context>
</TS>
