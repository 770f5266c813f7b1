<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>App</name>
    <message>
        <location filename="../../ui/i18n.py" line="32"/>
        <source>评审工作台</source>
        <translation>Review Workbench</translation>
    </message>
</context>
<context>
    <name>AppController</name>
    <message>
        <location filename="../../ui/app.py" line="115"/>
        <source>评审库已升级</source>
        <translation>Review database upgraded</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="116"/>
        <source>评审库已升级到新版本格式。升级前的备份：{path}</source>
        <translation>The review database was upgraded to the new format. Backup of the previous version: {path}</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="130"/>
        <source>打开评审库</source>
        <translation>Open review</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="131"/>
        <source>评审库 (*.sqlite *.db);;所有文件 (*)</source>
        <translation>Review databases (*.sqlite *.db);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="207"/>
        <source>无法打开</source>
        <translation>Cannot open</translation>
    </message>
</context>
<context>
    <name>AuditModel</name>
    <message>
        <location filename="../../ui/formal_check_models.py" line="536"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="536"/>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="536"/>
        <source>申报项目</source>
        <translation>Declaration</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="536"/>
        <source>调整</source>
        <translation>Change</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="536"/>
        <source>理由</source>
        <translation>Reason</translation>
    </message>
</context>
<context>
    <name>BatchImport</name>
    <message>
        <location filename="../../ui/import_dialog.py" line="37"/>
        <location filename="../../ui/import_dialog.py" line="114"/>
        <source>导入申报批次</source>
        <translation>Import batch</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="39"/>
        <source>申报批次是文件夹（或光盘），还是压缩包？</source>
        <translation>Is the batch a folder (or a disc) or a zip archive?</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="40"/>
        <source>每个推荐单位一个子文件夹或压缩包，内含推荐项目汇总表、推荐意见函和申报书。批次只会被读取，不会被改动。</source>
        <translation>One sub-folder or zip per recommender, holding the summary table, the recommendation letter and the application forms. The batch is only read, never changed.</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="42"/>
        <source>文件夹…</source>
        <translation>Folder…</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="43"/>
        <source>压缩包…</source>
        <translation>Zip archive…</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="44"/>
        <location filename="../../ui/import_dialog.py" line="125"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="48"/>
        <source>选择申报批次文件夹</source>
        <translation>Choose the batch folder</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="50"/>
        <source>选择申报批次压缩包</source>
        <translation>Choose the batch zip archive</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="51"/>
        <source>压缩包 (*.zip)</source>
        <translation>Zip archives (*.zip)</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="62"/>
        <source>申报批次</source>
        <translation>batch</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="67"/>
        <source>评审库保存位置（选已有评审库则导入其中）</source>
        <translation>Save the review as (an existing review: import into it)</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="69"/>
        <source>评审库 (*.sqlite *.db)</source>
        <translation>Review databases (*.sqlite *.db)</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="93"/>
        <source>该批次已导入过此评审库，未作改动。</source>
        <translation>This batch is already in this review; nothing was changed.</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="94"/>
        <source>已导入：推荐单位 {recommenders} 个，申报项目 {declarations} 个（入选 {selected} 个），发现问题 {findings} 条（其中错误 {errors} 条）。</source>
        <translation>Imported: recommenders {recommenders}, declarations {declarations} ({selected} selected), findings {findings} ({errors} errors).</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="101"/>
        <source>有 {count} 个路径指向批次之外，出于安全未读取。</source>
        <translation> {count} paths led outside the batch; for safety they were not read.</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="154"/>
        <source>正在读取文件…</source>
        <translation>Reading files…</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="156"/>
        <source>正在导入 {batch}</source>
        <translation>Importing {batch}</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="166"/>
        <source>正在取消导入…</source>
        <translation>Cancelling the import…</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="167"/>
        <source>评审库将保持导入前的状态。</source>
        <translation>The review stays as it was before the import.</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="217"/>
        <source>已取消导入，评审库未改动</source>
        <translation>Import cancelled; the review was not changed</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="223"/>
        <source>导入 {batch} 时发生意外错误：{error}</source>
        <translation>An unexpected error occurred while importing {batch}: {error}</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="225"/>
        <source>无法导入</source>
        <translation>Cannot import</translation>
    </message>
</context>
<context>
    <name>Cockpit</name>
    <message>
        <location filename="../../ui/cockpit.py" line="38"/>
        <source>形式审查…</source>
        <translation>Formal check…</translation>
    </message>
    <message>
        <location filename="../../ui/cockpit.py" line="38"/>
        <location filename="../../ui/cockpit.py" line="39"/>
        <source>专家与分配…</source>
        <translation>Experts and assignment…</translation>
    </message>
    <message>
        <location filename="../../ui/cockpit.py" line="38"/>
        <source>生成工作包…</source>
        <translation>Write work packages…</translation>
    </message>
    <message>
        <location filename="../../ui/cockpit.py" line="39"/>
        <source>合并评分文件…</source>
        <translation>Merge score files…</translation>
    </message>
    <message>
        <location filename="../../ui/cockpit.py" line="39"/>
        <source>专家组看板…</source>
        <translation>Panel board…</translation>
    </message>
    <message>
        <location filename="../../ui/cockpit.py" line="40"/>
        <source>导出评审文件…</source>
        <translation>Export documents…</translation>
    </message>
    <message>
        <location filename="../../ui/cockpit.py" line="63"/>
        <location filename="../../ui/cockpit.py" line="122"/>
        <source>专家</source>
        <translation>Expert</translation>
    </message>
    <message>
        <location filename="../../ui/cockpit.py" line="63"/>
        <source>评审方向</source>
        <translation>Directions</translation>
    </message>
    <message>
        <location filename="../../ui/cockpit.py" line="63"/>
        <source>分配项目</source>
        <translation>Assigned</translation>
    </message>
    <message>
        <location filename="../../ui/cockpit.py" line="63"/>
        <source>工作包</source>
        <translation>Package</translation>
    </message>
    <message>
        <location filename="../../ui/cockpit.py" line="63"/>
        <source>评分文件</source>
        <translation>Score file</translation>
    </message>
    <message>
        <location filename="../../ui/cockpit.py" line="63"/>
        <source>已完成</source>
        <translation>Finished</translation>
    </message>
    <message>
        <location filename="../../ui/cockpit.py" line="71"/>
        <source>（组长）</source>
        <translation> (leader)</translation>
    </message>
    <message>
        <location filename="../../ui/cockpit.py" line="72"/>
        <source>未交回</source>
        <translation>not returned</translation>
    </message>
    <message>
        <location filename="../../ui/cockpit.py" line="86"/>
        <source>全部方向</source>
        <translation>All directions</translation>
    </message>
    <message>
        <location filename="../../ui/cockpit.py" line="91"/>
        <source>需重新发放</source>
        <translation>re-issue</translation>
    </message>
    <message>
        <location filename="../../ui/cockpit.py" line="122"/>
        <source>编号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../ui/cockpit.py" line="122"/>
        <source>方向</source>
        <translation>Dir.</translation>
    </message>
    <message>
        <location filename="../../ui/cockpit.py" line="122"/>
        <source>项目名称</source>
        <translation>Project</translation>
    </message>
    <message>
        <location filename="../../ui/cockpit.py" line="122"/>
        <source>形式审查</source>
        <translation>Formal check</translation>
    </message>
    <message>
        <location filename="../../ui/cockpit.py" line="122"/>
        <source>已评分</source>
        <translation>Scored</translation>
    </message>
    <message>
        <location filename="../../ui/cockpit.py" line="122"/>
        <source>回避</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <location filename="../../ui/cockpit.py" line="123"/>
        <source>偏离待确认</source>
        <translation>Deviations</translation>
    </message>
    <message>
        <location filename="../../ui/cockpit.py" line="111"/>
        <source>（未入选）</source>
        <translation> (not selected)</translation>
    </message>
</context>
<context>
    <name>CockpitWindow</name>
    <message>
        <location filename="../../ui/cockpit.py" line="164"/>
        <location filename="../../ui/cockpit.py" line="245"/>
        <source>组长工作台</source>
        <translation>Chair&apos;s cockpit</translation>
    </message>
    <message>
        <location filename="../../ui/cockpit.py" line="178"/>
        <source>下一步</source>
        <translation>Next steps</translation>
    </message>
    <message>
        <location filename="../../ui/cockpit.py" line="185"/>
        <source>专家</source>
        <translation>Experts</translation>
    </message>
    <message>
        <location filename="../../ui/cockpit.py" line="186"/>
        <source>申报项目</source>
        <translation>Declarations</translation>
    </message>
    <message>
        <location filename="../../ui/cockpit.py" line="197"/>
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../ui/cockpit.py" line="198"/>
        <source>打开评审库(&amp;O)…</source>
        <translation>&amp;Open review…</translation>
    </message>
    <message>
        <location filename="../../ui/cockpit.py" line="199"/>
        <source>导入申报批次(&amp;I)…</source>
        <translation>&amp;Import batch…</translation>
    </message>
    <message>
        <location filename="../../ui/cockpit.py" line="200"/>
        <source>打开工作包(&amp;P)…</source>
        <translation>Open work &amp;package…</translation>
    </message>
    <message>
        <location filename="../../ui/cockpit.py" line="202"/>
        <source>退出(&amp;X)</source>
        <translation>E&amp;xit</translation>
    </message>
    <message>
        <location filename="../../ui/cockpit.py" line="203"/>
        <source>评审(&amp;R)</source>
        <translation>&amp;Review</translation>
    </message>
    <message>
        <location filename="../../ui/cockpit.py" line="204"/>
        <source>形式审查(&amp;C)…</source>
        <translation>Formal &amp;check…</translation>
    </message>
    <message>
        <location filename="../../ui/cockpit.py" line="205"/>
        <source>专家与分配(&amp;E)…</source>
        <translation>&amp;Experts and assignments…</translation>
    </message>
    <message>
        <location filename="../../ui/cockpit.py" line="206"/>
        <source>生成工作包(&amp;K)…</source>
        <translation>Write wor&amp;k packages…</translation>
    </message>
    <message>
        <location filename="../../ui/cockpit.py" line="207"/>
        <source>合并评分文件(&amp;M)…</source>
        <translation>&amp;Merge score files…</translation>
    </message>
    <message>
        <location filename="../../ui/cockpit.py" line="208"/>
        <source>专家组看板(&amp;B)…</source>
        <translation>Panel &amp;board…</translation>
    </message>
    <message>
        <location filename="../../ui/cockpit.py" line="209"/>
        <source>导出评审文件(&amp;D)…</source>
        <translation>Export review &amp;documents…</translation>
    </message>
    <message>
        <location filename="../../ui/cockpit.py" line="211"/>
        <source>刷新(&amp;R)</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <location filename="../../ui/cockpit.py" line="212"/>
        <source>视图(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location filename="../../ui/cockpit.py" line="213"/>
        <source>语言 / Language</source>
        <translation>Language / 语言</translation>
    </message>
    <message>
        <location filename="../../ui/cockpit.py" line="257"/>
        <source>申报项目 {total} 项（参评 {admitted} 项）· 专家 {experts} 位，已交回评分文件 {returned} 位 · 组长：{leader}</source>
        <translation>{total} declarations ({admitted} under review) · {experts} experts, {returned} returned a score file · leader: {leader}</translation>
    </message>
    <message>
        <location filename="../../ui/cockpit.py" line="260"/>
        <source>未指定</source>
        <translation>none named</translation>
    </message>
</context>
<context>
    <name>ComparePanel</name>
    <message>
        <location filename="../../ui/overview.py" line="198"/>
        <source>回避 · 不评分</source>
        <translation>Recused · not scored</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="200"/>
        <source>总分 {total} / {max}</source>
        <translation>Total {total} / {max}</translation>
    </message>
</context>
<context>
    <name>CompareWindow</name>
    <message>
        <location filename="../../ui/overview.py" line="214"/>
        <source>并排比较</source>
        <translation>Side by side</translation>
    </message>
</context>
<context>
    <name>CriterionEditor</name>
    <message>
        <location filename="../../ui/score_widgets.py" line="174"/>
        <source>/ {max} 分</source>
        <translation>/ {max} pts</translation>
    </message>
    <message>
        <location filename="../../ui/score_widgets.py" line="194"/>
        <source>评分说明（可选）</source>
        <translation>Scoring note (optional)</translation>
    </message>
    <message>
        <location filename="../../ui/score_widgets.py" line="214"/>
        <source>未接受“{typed}”：本项 {allowed}。当前保存：{kept}</source>
        <translation>“{typed}” not accepted: this criterion takes {allowed}. Saved now: {kept}</translation>
    </message>
</context>
<context>
    <name>DeclarationModel</name>
    <message>
        <location filename="../../ui/declaration_model.py" line="78"/>
        <source>项目名称</source>
        <translation>Project</translation>
    </message>
    <message>
        <location filename="../../ui/declaration_model.py" line="78"/>
        <source>推荐单位</source>
        <translation>Recommender</translation>
    </message>
    <message>
        <location filename="../../ui/declaration_model.py" line="78"/>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../ui/declaration_model.py" line="78"/>
        <source>总分</source>
        <translation>Total</translation>
    </message>
    <message>
        <location filename="../../ui/declaration_model.py" line="128"/>
        <source>否决</source>
        <translation>Vetoed</translation>
    </message>
</context>
<context>
    <name>DeclarationSelectionModel</name>
    <message>
        <location filename="../../ui/formal_check_models.py" line="455"/>
        <source>入选</source>
        <translation>Selected</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="455"/>
        <source>编号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="455"/>
        <source>方向</source>
        <translation>Dir.</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="455"/>
        <source>项目名称</source>
        <translation>Project</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="455"/>
        <source>申报单位</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="456"/>
        <source>问题</source>
        <translation>Findings</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="456"/>
        <source>形式审查</source>
        <translation>Formal check</translation>
    </message>
</context>
<context>
    <name>DocumentPane</name>
    <message>
        <location filename="../../ui/document_pane.py" line="100"/>
        <source>目录</source>
        <translation>Contents</translation>
    </message>
    <message>
        <location filename="../../ui/document_pane.py" line="130"/>
        <source>缩小（Ctrl+-）</source>
        <translation>Smaller (Ctrl+-)</translation>
    </message>
    <message>
        <location filename="../../ui/document_pane.py" line="133"/>
        <source>放大（Ctrl+=）</source>
        <translation>Larger (Ctrl+=)</translation>
    </message>
    <message>
        <location filename="../../ui/document_pane.py" line="134"/>
        <source>关键词</source>
        <translation>Key terms</translation>
    </message>
    <message>
        <location filename="../../ui/document_pane.py" line="134"/>
        <source>突出显示本方向在申报通知中的关键词</source>
        <translation>Highlight this direction&apos;s key terms from the call</translation>
    </message>
    <message>
        <location filename="../../ui/document_pane.py" line="136"/>
        <source>打开原文件</source>
        <translation>Open original</translation>
    </message>
    <message>
        <location filename="../../ui/document_pane.py" line="157"/>
        <source>此项目没有可显示的申报书。</source>
        <translation>This declaration has no application form to show.</translation>
    </message>
    <message>
        <location filename="../../ui/document_pane.py" line="158"/>
        <source>申报材料中的申报书缺失、无法读取，或是不支持的格式（例如旧版 .doc）；形式审查记录了原因。请向评审组织方索取可读的文件。</source>
        <translation>The application form is missing from the material, unreadable, or in a format that is not supported (an old .doc, for example); the formal check records why. Ask the organisers for a readable copy.</translation>
    </message>
    <message>
        <location filename="../../ui/document_pane.py" line="174"/>
        <source>无法显示这份 PDF。</source>
        <translation>This PDF cannot be shown.</translation>
    </message>
    <message>
        <location filename="../../ui/document_pane.py" line="175"/>
        <source>它没有文字层（可能是扫描件），本机也找不到原文件 {path}。</source>
        <translation>It has no text layer (perhaps a scan), and the original file {path} is not on this computer.</translation>
    </message>
    <message>
        <location filename="../../ui/document_pane.py" line="177"/>
        <source>这份申报书没有可显示的文字。</source>
        <translation>This application form has no text to show.</translation>
    </message>
    <message>
        <location filename="../../ui/document_pane.py" line="177"/>
        <source>文件 {path} 中未读出任何文字。</source>
        <translation>No text could be read from {path}.</translation>
    </message>
    <message>
        <location filename="../../ui/document_pane.py" line="194"/>
        <source>原文件不在本机（只有导入时读出的文字）。</source>
        <translation>The original file is not on this computer (only the text read at import).</translation>
    </message>
    <message>
        <location filename="../../ui/document_pane.py" line="365"/>
        <source>突出显示本方向在申报通知中的关键词：</source>
        <translation>Highlight this direction&apos;s key terms from the call: </translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <location filename="../../ui/errors.py" line="37"/>
        <source>评审工作台 — 出错了</source>
        <translation>Review workbench — an error occurred</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="55"/>
        <source>详细信息</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="58"/>
        <source>复制</source>
        <translation>Copy</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="59"/>
        <source>把错误说明和技术详情复制到剪贴板</source>
        <translation>Copy the message and the technical details to the clipboard</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="64"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="112"/>
        <source>评审库已损坏</source>
        <translation>The review database is damaged</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="113"/>
        <source>打开备份的副本</source>
        <translation>Open a copy of the backup</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="114"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="124"/>
        <source>无法复制备份</source>
        <translation>Cannot copy the backup</translation>
    </message>
</context>
<context>
    <name>ExpertsWindow</name>
    <message>
        <location filename="../../ui/panel_setup.py" line="68"/>
        <source>专家与分配</source>
        <translation>Experts and assignments</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="75"/>
        <source>载入专家名单…</source>
        <translation>Load expert list…</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="77"/>
        <source>专家回避推荐单位所在省份的项目</source>
        <translation>Experts recuse from their own province&apos;s declarations</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="79"/>
        <source>生成工作包…</source>
        <translation>Write work packages…</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="83"/>
        <source>全部合格专家</source>
        <translation>all eligible experts</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="84"/>
        <source> 位</source>
        <translation> experts</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="85"/>
        <source>每个项目由几位专家评审；“全部合格专家”即本方向所有不需回避的专家</source>
        <translation>How many experts score each declaration; &apos;all eligible experts&apos; means every expert of the direction without a conflict of interest</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="86"/>
        <source>均衡分配</source>
        <translation>Balance</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="87"/>
        <source>按每个项目的专家人数重新分配，各位专家的项目数相差不超过一项（回避除外）；手工调整的分配保留</source>
        <translation>Assign again with this many experts per declaration; loads differ by at most one (conflicts aside); assignments moved by hand are kept</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="96"/>
        <source>组长</source>
        <translation>Leader</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="99"/>
        <source>每个项目</source>
        <translation>Per declaration</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="113"/>
        <source>移交给其他专家…</source>
        <translation>Move to another expert…</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="118"/>
        <source>分配的项目</source>
        <translation>Assigned declarations</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="118"/>
        <source>回避的项目及原因</source>
        <translation>Conflicts (recusals) and why</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="164"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="164"/>
        <source>工作单位</source>
        <translation>Affiliation</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="164"/>
        <source>省份</source>
        <translation>Province</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="164"/>
        <source>评审方向</source>
        <translation>Directions</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="164"/>
        <source>分配项目数</source>
        <translation>Assigned</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="165"/>
        <source>回避</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="165"/>
        <source>可评项目数</source>
        <translation>Eligible</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="165"/>
        <source>工作包</source>
        <translation>Package</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="178"/>
        <source>需重新发放</source>
        <translation>re-issue</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="187"/>
        <location filename="../../ui/panel_setup.py" line="329"/>
        <source>（未指定）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="192"/>
        <source>专家 {experts} 位，分配 {assigned} 项次，回避 {conflicts} 项次。</source>
        <translation>{experts} experts, {assigned} assignments, {conflicts} conflicts.</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="226"/>
        <location filename="../../ui/panel_setup.py" line="227"/>
        <source>编号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="226"/>
        <source>方向</source>
        <translation>Dir.</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="226"/>
        <location filename="../../ui/panel_setup.py" line="227"/>
        <source>项目名称</source>
        <translation>Project</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="226"/>
        <source>申报单位</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="227"/>
        <source>依据</source>
        <translation>Basis</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="227"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="229"/>
        <source>尚无专家：请载入专家名单。</source>
        <translation>No experts yet: load an expert list.</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="270"/>
        <source>无法载入专家名单</source>
        <translation>Cannot load the expert list</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="270"/>
        <source>专家名单未载入，没有任何改动。</source>
        <translation>The expert list was not loaded; nothing was changed.</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="273"/>
        <source>已载入 {count} 位专家：分配 {assigned} 项次，回避 {conflicts} 项次。</source>
        <translation>Loaded {count} experts: {assigned} assignments, {conflicts} conflicts.</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="286"/>
        <location filename="../../ui/panel_setup.py" line="307"/>
        <source>无法重新分配</source>
        <translation>Cannot assign again</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="294"/>
        <location filename="../../ui/panel_setup.py" line="311"/>
        <source>已重新分配：分配 {assigned} 项次，回避 {conflicts} 项次。</source>
        <translation>Assigned again: {assigned} assignments, {conflicts} conflicts.</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="325"/>
        <source>无法保存</source>
        <translation>Cannot save</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="329"/>
        <source>组长：{name}</source>
        <translation>Leader: {name}</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="347"/>
        <source>无法调整分配</source>
        <translation>Cannot move the assignment</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="358"/>
        <source>{code} 已从 {source} 移交给 {target}，已记入调整记录；两位专家的工作包需重新发放。</source>
        <translation>{code} moved from {source} to {target} and recorded in the audit log; both experts&apos; packages must be re-issued.</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="376"/>
        <source>生成工作包</source>
        <translation>Write work packages</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="376"/>
        <source>正在生成工作包…</source>
        <translation>Writing work packages…</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="386"/>
        <source>正在生成工作包：{name}（{n}/{total}）</source>
        <translation>Writing work package: {name} ({n}/{total})</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="398"/>
        <source>已为 {count} 位专家生成工作包，保存在：
{folder}

各位专家的口令在：
{passphrases}

请把工作包和口令分开交给专家（例如工作包用U盘，口令当面或电话告知），口令清单请妥善保管。</source>
        <translation>Work packages for {count} experts are in:
{folder}

The experts&apos; passphrases are in:
{passphrases}

Hand each expert the package and the passphrase separately (e.g. the package on a USB stick, the passphrase in person or by phone), and keep the passphrase list safe.</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="401"/>
        <source>工作包已生成</source>
        <translation>Work packages written</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="407"/>
        <source>无法生成工作包</source>
        <translation>Cannot write the work packages</translation>
    </message>
</context>
<context>
    <name>ExportAction</name>
    <message>
        <location filename="../../ui/export_action.py" line="46"/>
        <location filename="../../ui/export_action.py" line="114"/>
        <source>导出评审文件</source>
        <translation>Export review documents</translation>
    </message>
    <message>
        <location filename="../../ui/export_action.py" line="48"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/export_action.py" line="47"/>
        <source>正在导出评审文件…</source>
        <translation>Exporting the review documents…</translation>
    </message>
    <message>
        <location filename="../../ui/export_action.py" line="64"/>
        <source>正在写入：{name}</source>
        <translation>Writing: {name}</translation>
    </message>
    <message>
        <location filename="../../ui/export_action.py" line="79"/>
        <source>已取消导出，未写入任何文件。</source>
        <translation>Export cancelled; no file was written.</translation>
    </message>
    <message>
        <location filename="../../ui/export_action.py" line="83"/>
        <source>导出中断：{detail}。已写出的文件完整可用，其余文件未写出。</source>
        <translation>The export stopped: {detail}. The files already written are complete; the others were not written.</translation>
    </message>
    <message>
        <location filename="../../ui/export_action.py" line="98"/>
        <source>选择导出文件夹</source>
        <translation>Choose the export folder</translation>
    </message>
    <message>
        <location filename="../../ui/export_action.py" line="104"/>
        <source>文件夹中已有 {n} 个同名文件（例如 {name}）。覆盖它们吗？</source>
        <translation>The folder already holds {n} files of the same names (e.g. {name}). Overwrite them?</translation>
    </message>
    <message>
        <location filename="../../ui/export_action.py" line="105"/>
        <source>覆盖已有文件</source>
        <translation>Overwrite files</translation>
    </message>
    <message>
        <location filename="../../ui/export_action.py" line="111"/>
        <source>已导出 {n} 个文件到 {folder}</source>
        <translation>Exported {n} files to {folder}</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <location filename="../../ui/reading.py" line="31"/>
        <source>在申报书中查找</source>
        <translation>Find in the application form</translation>
    </message>
    <message>
        <location filename="../../ui/reading.py" line="33"/>
        <source>上一个</source>
        <translation>Previous</translation>
    </message>
    <message>
        <location filename="../../ui/reading.py" line="33"/>
        <source>上一个匹配（Shift+Enter）</source>
        <translation>Previous match (Shift+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/reading.py" line="34"/>
        <source>下一个</source>
        <translation>Next</translation>
    </message>
    <message>
        <location filename="../../ui/reading.py" line="34"/>
        <source>下一个匹配（Enter）</source>
        <translation>Next match (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/reading.py" line="37"/>
        <source>关闭查找（Esc）</source>
        <translation>Close find (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/reading.py" line="64"/>
        <source>无匹配</source>
        <translation>No match</translation>
    </message>
    <message>
        <location filename="../../ui/reading.py" line="66"/>
        <source>第 {current}/{total} 处</source>
        <translation>{current} of {total}</translation>
    </message>
</context>
<context>
    <name>FindingsModel</name>
    <message>
        <location filename="../../ui/formal_check_models.py" line="250"/>
        <source>级别</source>
        <translation>Severity</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="250"/>
        <source>申报项目</source>
        <translation>Declaration</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="250"/>
        <source>说明</source>
        <translation>Message</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="250"/>
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="266"/>
        <source>{severity} {n}</source>
        <translation>{severity}: {n}</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="268"/>
        <source>{group}（{count} 条：{breakdown}）</source>
        <translation>{group} ({count} — {breakdown})</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="269"/>
        <source>，</source>
        <translation>, </translation>
    </message>
</context>
<context>
    <name>FormalCheck</name>
    <message>
        <location filename="../../ui/formal_check_models.py" line="53"/>
        <source>错误</source>
        <translation>Error</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="54"/>
        <source>警告</source>
        <translation>Warning</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="55"/>
        <source>提示</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="62"/>
        <source>超出推荐名额</source>
        <translation>Over the quota</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="63"/>
        <source>统一社会信用代码无效</source>
        <translation>Invalid credit code</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="64"/>
        <source>不具备独立法人资格</source>
        <translation>Not a legal person</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="65"/>
        <source>缺少材料</source>
        <translation>Missing document</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="66"/>
        <source>文件无法读取</source>
        <translation>Unreadable file</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="67"/>
        <source>文件格式不支持</source>
        <translation>Unsupported format</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="68"/>
        <source>PDF 无文字层</source>
        <translation>PDF without text layer</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="69"/>
        <source>所属方向无法识别</source>
        <translation>Unknown direction</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="70"/>
        <source>推荐单位无法识别</source>
        <translation>Unknown recommender</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="71"/>
        <source>重复申报</source>
        <translation>Duplicate declaration</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="72"/>
        <source>汇总表与申报书不一致</source>
        <translation>Table and form disagree</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="73"/>
        <source>申报书缺少字段</source>
        <translation>Field missing in the form</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="74"/>
        <source>按文件名确定顺序</source>
        <translation>Order from file names</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="75"/>
        <source>路径指向批次之外</source>
        <translation>Path outside the batch</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="76"/>
        <source>已删除控制字符</source>
        <translation>Control characters removed</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="77"/>
        <source>信用代码存成数字</source>
        <translation>Credit code stored as a number</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="78"/>
        <source>补充材料接续顺序</source>
        <translation>Supplement continues the order</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="79"/>
        <source>推荐顺序冲突</source>
        <translation>Order conflict</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="80"/>
        <source>批次位于子文件夹</source>
        <translation>Batch in a sub-folder</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="86"/>
        <source>入选</source>
        <translation>selected</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="86"/>
        <source>未入选</source>
        <translation>not selected</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="208"/>
        <source>整个批次</source>
        <translation>The whole batch</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="315"/>
        <source>方向{no}</source>
        <translation>Direction {no}</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="317"/>
        <source>方向{first}~{last}</source>
        <translation>Directions {first}–{last}</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="323"/>
        <source>省、自治区、直辖市</source>
        <translation>Province</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="324"/>
        <source>计划单列市</source>
        <translation>Separately planned city</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="325"/>
        <source>新疆生产建设兵团</source>
        <translation>XPCC</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="504"/>
        <source>调整入选状态</source>
        <translation>Selection changed</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="505"/>
        <source>形式审查：接受</source>
        <translation>Formal check: accepted</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="506"/>
        <source>形式审查：更正</source>
        <translation>Formal check: corrected</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="507"/>
        <source>形式审查：补充材料</source>
        <translation>Formal check: supplemented</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="508"/>
        <source>形式审查：排除</source>
        <translation>Formal check: excluded</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="509"/>
        <source>调整分配</source>
        <translation>Assignment moved</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="510"/>
        <source>分配设置</source>
        <translation>Assignment settings</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="511"/>
        <source>汇总设置</source>
        <translation>Consolidation settings</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="512"/>
        <source>偏离确认</source>
        <translation>Deviation resolved</translation>
    </message>
</context>
<context>
    <name>FormalCheckWindow</name>
    <message>
        <location filename="../../ui/formal_check_view.py" line="55"/>
        <location filename="../../ui/formal_check_view.py" line="342"/>
        <source>形式审查</source>
        <translation>Formal check</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_view.py" line="62"/>
        <source>导出 Excel…</source>
        <translation>Export to Excel…</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_view.py" line="85"/>
        <source>筛选：推荐单位、申报项目、文件、说明</source>
        <translation>Filter: recommender, declaration, file, message</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_view.py" line="88"/>
        <source>全部级别</source>
        <translation>All severities</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_view.py" line="92"/>
        <source>按推荐单位</source>
        <translation>By recommender</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_view.py" line="93"/>
        <source>按问题类型</source>
        <translation>By kind of finding</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_view.py" line="114"/>
        <source>分组：</source>
        <translation>Group:</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_view.py" line="143"/>
        <source>调整入选状态…</source>
        <translation>Change selection…</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_view.py" line="146"/>
        <source>处理形式审查问题…</source>
        <translation>Resolve formal check…</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_view.py" line="149"/>
        <source>超出名额的项目按推荐顺序不予评审；有错误的项目待处理，不分配、不排名、不列入拟支持。组长可接受、更正、补充材料或排除，须填写理由，并记入调整记录。</source>
        <translation>Declarations over the quota are not reviewed (the recommender&apos;s order decides); declarations with errors are pending: not assigned, not ranked, never proposed. The chair may accept, correct, supplement or exclude them, with a reason that goes into the audit log.</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_view.py" line="209"/>
        <source>申报项目 {total} 个，入选 {selected} 个；发现问题 {findings} 条（错误 {errors}，警告 {warnings}，提示 {infos}）。</source>
        <translation>Declarations: {total}, selected: {selected}. Findings: {findings} (errors {errors}, warnings {warnings}, notes {infos}).</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_view.py" line="213"/>
        <source>问题 ({n})</source>
        <translation>Findings ({n})</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_view.py" line="214"/>
        <source>名额 (超出 {n})</source>
        <translation>Quotas ({n} over)</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_view.py" line="214"/>
        <source>名额</source>
        <translation>Quotas</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_view.py" line="215"/>
        <source>申报项目 ({n})</source>
        <translation>Declarations ({n})</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_view.py" line="216"/>
        <source>调整记录 ({n})</source>
        <translation>Audit log ({n})</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_view.py" line="217"/>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_view.py" line="218"/>
        <source>超出名额：{names}。按通知，超出名额的项目按推荐顺序取前若干个，其余不予评审。</source>
        <translation>Over the quota: {names}. As the notice says, the first declarations in the recommender&apos;s order are taken; the rest are not reviewed.</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_view.py" line="219"/>
        <source>所有推荐单位的推荐数均在名额之内。</source>
        <translation>Every recommender is within its quotas.</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_view.py" line="248"/>
        <source>选中一条问题，在此查看完整说明。</source>
        <translation>Select a finding to read it in full here.</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_view.py" line="255"/>
        <source>文件：{file}</source>
        <translation>File: {file}</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_view.py" line="273"/>
        <source>无法调整入选状态</source>
        <translation>Cannot change the selection</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_view.py" line="289"/>
        <source>{code} 已调整为{state}，已记入调整记录。</source>
        <translation>{code} is now {state}; the change is in the audit log.</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_view.py" line="314"/>
        <source>无法记录</source>
        <translation>Cannot record</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_view.py" line="327"/>
        <source>请选择补充材料文件。</source>
        <translation>Choose the supplementary document.</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_view.py" line="335"/>
        <source>已记录形式审查处理，已记入调整记录。</source>
        <translation>The resolution is recorded in the audit log.</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_view.py" line="345"/>
        <source>导出形式审查结果</source>
        <translation>Export the formal check</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_view.py" line="346"/>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbooks (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_view.py" line="352"/>
        <source>无法导出</source>
        <translation>Cannot export</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_view.py" line="363"/>
        <source>{path}：无法写入（{reason}）。</source>
        <translation>{path}: cannot be written ({reason}).</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_view.py" line="364"/>
        <source>已导出到 {path}</source>
        <translation>Exported to {path}</translation>
    </message>
</context>
<context>
    <name>HandedInDialog</name>
    <message>
        <location filename="../../ui/package_dialog.py" line="159"/>
        <source>评分文件已导出</source>
        <translation>Score file exported</translation>
    </message>
    <message>
        <location filename="../../ui/package_dialog.py" line="162"/>
        <source>评分文件已保存。请把它复制到U盘交给专家组组长。</source>
        <translation>The score file is saved. Copy it to a USB stick and hand it to the panel&apos;s chair.</translation>
    </message>
    <message>
        <location filename="../../ui/package_dialog.py" line="169"/>
        <source>文件：</source>
        <translation>File:</translation>
    </message>
    <message>
        <location filename="../../ui/package_dialog.py" line="170"/>
        <source>文件摘要（SHA-256）：</source>
        <translation>File digest (SHA-256):</translation>
    </message>
    <message>
        <location filename="../../ui/package_dialog.py" line="171"/>
        <source>本人签名密钥指纹：</source>
        <translation>My signing key fingerprint:</translation>
    </message>
    <message>
        <location filename="../../ui/package_dialog.py" line="179"/>
        <source>签署个人评分表前，请核对表上打印的文件摘要和签名密钥指纹与这里一致。</source>
        <translation>Before you sign your personal score sheet, check that the file digest and key fingerprint printed on it match these.</translation>
    </message>
    <message>
        <location filename="../../ui/package_dialog.py" line="184"/>
        <source>注意：其中 {count} 个项目尚未完成。</source>
        <translation>Note: {count} declarations in it are not finished.</translation>
    </message>
    <message>
        <location filename="../../ui/package_dialog.py" line="190"/>
        <source>打开所在文件夹(&amp;O)</source>
        <translation>&amp;Open the folder</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../ui/labels.py" line="13"/>
        <source>未评</source>
        <translation>Not started</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="14"/>
        <source>进行中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="15"/>
        <source>已完成</source>
        <translation>Finished</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="16"/>
        <source>回避</source>
        <translation>Recused</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="39"/>
        <source>推荐</source>
        <translation>Recommend</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="40"/>
        <source>不推荐</source>
        <translation>Do not recommend</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="41"/>
        <source>待议</source>
        <translation>Undecided</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="47"/>
        <source>方向{no} · {name}</source>
        <translation>Direction {no} · {name}</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="53"/>
        <source>好</source>
        <translation>Good</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="54"/>
        <source>中</source>
        <translation>Fair</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="55"/>
        <source>差</source>
        <translation>Poor</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="73"/>
        <source>正在打开评审库…</source>
        <translation>Opening the review…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="101"/>
        <source>全部方向</source>
        <translation>All directions</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="103"/>
        <source>全部状态</source>
        <translation>All states</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="147"/>
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="148"/>
        <source>打开评审库(&amp;O)…</source>
        <translation>&amp;Open review…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="149"/>
        <source>导入申报批次(&amp;I)…</source>
        <translation>&amp;Import batch…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="151"/>
        <source>打开工作包(&amp;P)…</source>
        <translation>Open work &amp;package…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="152"/>
        <source>导出评分文件(&amp;E)…</source>
        <translation>&amp;Export score file…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="153"/>
        <source>导出离线评分表(&amp;S)…</source>
        <translation>Export offline score &amp;sheet…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="154"/>
        <source>载入离线评分表(&amp;L)…</source>
        <translation>&amp;Load offline score sheet…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="156"/>
        <source>退出(&amp;X)</source>
        <translation>E&amp;xit</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="157"/>
        <source>编辑(&amp;E)</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="97"/>
        <source>筛选项目（Ctrl+Shift+F）</source>
        <translation>Filter (Ctrl+Shift+F)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="98"/>
        <source>按项目名称、申报单位、推荐单位筛选列表</source>
        <translation>Filter the list by project, applicant or recommender</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="158"/>
        <source>撤销(&amp;U)</source>
        <translation>&amp;Undo</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="160"/>
        <source>重做(&amp;R)</source>
        <translation>&amp;Redo</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="166"/>
        <source>在申报书中查找(&amp;F)…</source>
        <translation>&amp;Find in the form…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="167"/>
        <source>筛选项目列表(&amp;L)</source>
        <translation>Filter the &amp;list</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="168"/>
        <source>评审(&amp;R)</source>
        <translation>&amp;Review</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="175"/>
        <source>上一个项目(&amp;P)</source>
        <translation>&amp;Previous declaration</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="176"/>
        <source>下一个项目(&amp;N)</source>
        <translation>&amp;Next declaration</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="177"/>
        <source>下一个未完成项目(&amp;U)</source>
        <translation>Next &amp;unfinished declaration</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="179"/>
        <source>转到评分(&amp;S)</source>
        <translation>Go to &amp;scoring</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="180"/>
        <source>转到项目列表(&amp;L)</source>
        <translation>Go to the &amp;list</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="181"/>
        <source>申报书下一节</source>
        <translation>Next section of the form</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="182"/>
        <source>申报书上一节</source>
        <translation>Previous section of the form</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="184"/>
        <source>我的评分概览(&amp;O)…</source>
        <translation>My &amp;overview…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="185"/>
        <source>并排比较两个项目(&amp;W)…</source>
        <translation>Compare t&amp;wo side by side…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="187"/>
        <source>形式审查(&amp;C)…</source>
        <translation>Formal &amp;check…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="189"/>
        <source>合并评分文件(&amp;M)…</source>
        <translation>&amp;Merge score files…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="190"/>
        <source>导出评审文件(&amp;D)…</source>
        <translation>Export review &amp;documents…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="192"/>
        <source>专家组看板(&amp;B)…</source>
        <translation>Panel &amp;board…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="193"/>
        <source>专家与分配(&amp;E)…</source>
        <translation>&amp;Experts and assignments…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="169"/>
        <source>视图(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="170"/>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="171"/>
        <source>快捷键(&amp;K)</source>
        <translation>&amp;Keyboard shortcuts</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="172"/>
        <source>关于评审工作台(&amp;A)</source>
        <translation>&amp;About Review Workbench</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="197"/>
        <source>阅读模式(&amp;R)</source>
        <translation>&amp;Reading mode</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="200"/>
        <source>显示申报书目录(&amp;T)</source>
        <translation>Show the form&apos;s ou&amp;tline</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="203"/>
        <source>突出显示方向关键词(&amp;K)</source>
        <translation>Highlight the direction&apos;s &amp;key terms</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="208"/>
        <source>放大(&amp;I)</source>
        <translation>Zoom &amp;in</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="210"/>
        <source>缩小(&amp;O)</source>
        <translation>Zoom &amp;out</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="211"/>
        <source>原始大小(&amp;Z)</source>
        <translation>Actual si&amp;ze</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="212"/>
        <source>打开申报书原文件(&amp;W)</source>
        <translation>Open the original &amp;file</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="214"/>
        <source>语言 / Language(&amp;L)</source>
        <translation>语言 / &amp;Language</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="272"/>
        <source>所有项目均已完成。</source>
        <translation>Every declaration is finished.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="381"/>
        <source>评分</source>
        <translation>Score</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="381"/>
        <source>评分说明</source>
        <translation>Scoring note</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="381"/>
        <source>评审意见</source>
        <translation>Review opinion</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="382"/>
        <source>推荐意见</source>
        <translation>Recommendation</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="382"/>
        <source>否决项</source>
        <translation>Veto item</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="382"/>
        <source>回避</source>
        <translation>Recusal</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="383"/>
        <source>回避理由</source>
        <translation>Recusal reason</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="391"/>
        <source>已保存 {time}</source>
        <translation>Saved {time}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="401"/>
        <source>{done}/{total} 已完成</source>
        <translation>{done}/{total} finished</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="15"/>
        <source>下一个 / 上一个项目</source>
        <translation>Next / previous declaration</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="16"/>
        <source>下一个未完成项目</source>
        <translation>Next unfinished declaration</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="17"/>
        <source>转到评分 / 项目列表</source>
        <translation>Go to scoring / list</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="18"/>
        <source>下一项指标</source>
        <translation>Next criterion</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="19"/>
        <source>上一项指标</source>
        <translation>Previous criterion</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="20"/>
        <source>分值加减 0.5</source>
        <translation>Score up / down by 0.5</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="21"/>
        <source>清除分值</source>
        <translation>Clear a score</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="21"/>
        <source>全选后按 Delete</source>
        <translation>Select all, then Delete</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="22"/>
        <source>撤销 / 重做</source>
        <translation>Undo / redo</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="23"/>
        <source>申报书下一节 / 上一节</source>
        <translation>Next / previous section of the form</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="24"/>
        <source>在申报书中查找（下一处 / 上一处 / 关闭）</source>
        <translation>Find in the form (next / previous / close)</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="25"/>
        <source>筛选项目列表</source>
        <translation>Filter the list</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="26"/>
        <source>阅读模式</source>
        <translation>Reading mode</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="27"/>
        <source>放大 / 缩小 / 原始大小</source>
        <translation>Zoom in / out / actual size</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="28"/>
        <source>突出显示方向关键词</source>
        <translation>Highlight the direction&apos;s key terms</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="29"/>
        <source>显示 / 隐藏申报书目录</source>
        <translation>Show / hide the form&apos;s outline</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="30"/>
        <source>我的评分概览</source>
        <translation>My overview</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="31"/>
        <source>并排比较两个项目</source>
        <translation>Compare two side by side</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="32"/>
        <source>本人申请回避</source>
        <translation>I recuse myself</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="38"/>
        <source>每次修改都会立即保存，无需手动保存。</source>
        <translation>Every change is saved at once; there is no save button.</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="39"/>
        <source>快捷键</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="43"/>
        <source>关于评审工作台</source>
        <translation>About Review Workbench</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="43"/>
        <source>&lt;h3&gt;评审工作台 {version}&lt;/h3&gt;&lt;p&gt;新型信息消费示范项目专家评审（离线）。&lt;/p&gt;&lt;p&gt;评分细则的分值与权重为本软件的默认设置，并非工业和信息化部的官方标准；专家组组长可调整。&lt;/p&gt;&lt;p&gt;评审库：{path}&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Review Workbench {version}&lt;/h3&gt;&lt;p&gt;Offline expert review of New Information Consumption demonstration projects.&lt;/p&gt;&lt;p&gt;The points and weights of the rubrics are this product&apos;s defaults, not the ministry&apos;s official standard; the panel chair may change them.&lt;/p&gt;&lt;p&gt;Review database: {path}&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>MergeReportDialog</name>
    <message>
        <location filename="../../ui/package_dialog.py" line="204"/>
        <source>合并结果</source>
        <translation>Merge results</translation>
    </message>
    <message>
        <location filename="../../ui/package_dialog.py" line="208"/>
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../../ui/package_dialog.py" line="208"/>
        <source>专家</source>
        <translation>Expert</translation>
    </message>
    <message>
        <location filename="../../ui/package_dialog.py" line="208"/>
        <source>结果</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <location filename="../../ui/package_dialog.py" line="208"/>
        <source>说明</source>
        <translation>Message</translation>
    </message>
</context>
<context>
    <name>MoveDialog</name>
    <message>
        <location filename="../../ui/panel_setup.py" line="415"/>
        <source>调整分配</source>
        <translation>Assignment moved</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="420"/>
        <source>必填：调整的理由，将记入调整记录</source>
        <translation>Required: why, for the audit log</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="430"/>
        <source>把 {code} 从 {source} 移交给：</source>
        <translation>Move {code} from {source} to:</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="431"/>
        <source>专家</source>
        <translation>Expert</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="432"/>
        <source>理由</source>
        <translation>Reason</translation>
    </message>
</context>
<context>
    <name>OverviewWindow</name>
    <message>
        <location filename="../../ui/overview.py" line="69"/>
        <source>我的评分概览</source>
        <translation>My overview</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="71"/>
        <source>按本人总分在各方向内排序。双击打开项目；选两个项目后可并排比较。未完成、否决和回避的项目不排名。</source>
        <translation>Ranked by your own totals within each direction. Double-click to open a declaration; select two to compare them side by side. Unfinished, vetoed and recused declarations are not ranked.</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="76"/>
        <source>名次</source>
        <translation>Rank</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="76"/>
        <source>项目名称</source>
        <translation>Project</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="76"/>
        <source>推荐单位</source>
        <translation>Recommender</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="76"/>
        <source>总分</source>
        <translation>Total</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="77"/>
        <source>推荐意见</source>
        <translation>Recommendation</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="77"/>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="87"/>
        <source>并排比较(&amp;C)</source>
        <translation>&amp;Compare side by side</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="89"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="119"/>
        <source>否决</source>
        <translation>Vetoed</translation>
    </message>
</context>
<context>
    <name>PackageActions</name>
    <message>
        <location filename="../../ui/package_actions.py" line="85"/>
        <source>打开工作包</source>
        <translation>Open work package</translation>
    </message>
    <message>
        <location filename="../../ui/package_actions.py" line="78"/>
        <source>保存本人的评审库</source>
        <translation>Save your review as</translation>
    </message>
    <message>
        <location filename="../../ui/package_actions.py" line="79"/>
        <source>评审库 (*.sqlite)</source>
        <translation>Review databases (*.sqlite)</translation>
    </message>
    <message>
        <location filename="../../ui/package_actions.py" line="86"/>
        <source>工作包 (*.rvpkg);;所有文件 (*)</source>
        <translation>Work packages (*.rvpkg);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../ui/package_actions.py" line="121"/>
        <source>……另有 {count} 项</source>
        <translation>… and {count} more</translation>
    </message>
    <message>
        <location filename="../../ui/package_actions.py" line="127"/>
        <source>还有未完成的项目</source>
        <translation>Unfinished declarations</translation>
    </message>
    <message>
        <location filename="../../ui/package_actions.py" line="128"/>
        <source>还有 {count} 个项目未完成：

{list}

仍要导出评分文件交给组长吗？以后可以再导出新的评分文件，组长合并时以序号更大的为准。</source>
        <translation>{count} declarations are not finished:

{list}

Export the score file for the chair anyway? You can export a new one later; when merging, the chair&apos;s program keeps the one with the higher number.</translation>
    </message>
    <message>
        <location filename="../../ui/package_actions.py" line="132"/>
        <source>仍然导出</source>
        <translation>Export anyway</translation>
    </message>
    <message>
        <location filename="../../ui/package_actions.py" line="133"/>
        <source>继续评审</source>
        <translation>Keep reviewing</translation>
    </message>
    <message>
        <location filename="../../ui/package_actions.py" line="139"/>
        <source>导出评分文件</source>
        <translation>Export score file</translation>
    </message>
    <message>
        <location filename="../../ui/package_actions.py" line="140"/>
        <source>评分文件 (*.rvscore)</source>
        <translation>Score files (*.rvscore)</translation>
    </message>
    <message>
        <location filename="../../ui/package_actions.py" line="167"/>
        <source>无法导出评分文件</source>
        <translation>Cannot export the score file</translation>
    </message>
    <message>
        <location filename="../../ui/package_actions.py" line="169"/>
        <source>评分文件已导出到 {path}，请交给专家组组长。</source>
        <translation>Score file exported to {path}; hand it to the panel chair.</translation>
    </message>
    <message>
        <location filename="../../ui/package_actions.py" line="197"/>
        <source>第 {seq} 号 · 签名指纹 {fingerprint}</source>
        <translation>no. {seq} · signed by {fingerprint}</translation>
    </message>
    <message>
        <location filename="../../ui/package_actions.py" line="205"/>
        <source>已合并</source>
        <translation>merged</translation>
    </message>
    <message>
        <location filename="../../ui/package_actions.py" line="206"/>
        <source>已替换旧文件</source>
        <translation>replaced the older file</translation>
    </message>
    <message>
        <location filename="../../ui/package_actions.py" line="207"/>
        <source>已合并过，无变化</source>
        <translation>already merged, nothing changed</translation>
    </message>
    <message>
        <location filename="../../ui/package_actions.py" line="208"/>
        <source>已拒绝</source>
        <translation>refused</translation>
    </message>
    <message>
        <location filename="../../ui/package_actions.py" line="263"/>
        <location filename="../../ui/package_actions.py" line="297"/>
        <source>合并评分文件</source>
        <translation>Merge score files</translation>
    </message>
    <message>
        <location filename="../../ui/package_actions.py" line="264"/>
        <source>正在合并评分文件…</source>
        <translation>Merging score files…</translation>
    </message>
    <message>
        <location filename="../../ui/package_actions.py" line="274"/>
        <source>正在合并第 {n}/{total} 个文件：{name}</source>
        <translation>Merging file {n}/{total}: {name}</translation>
    </message>
    <message>
        <location filename="../../ui/package_actions.py" line="291"/>
        <source>无法合并</source>
        <translation>Cannot merge</translation>
    </message>
    <message>
        <location filename="../../ui/package_actions.py" line="299"/>
        <source>评分文件 (*.rvscore);;所有文件 (*)</source>
        <translation>Score files (*.rvscore);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../ui/package_actions.py" line="336"/>
        <source>导出离线评分表</source>
        <translation>Export offline score sheet</translation>
    </message>
    <message>
        <location filename="../../ui/package_actions.py" line="338"/>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbooks (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ui/package_actions.py" line="344"/>
        <source>无法导出离线评分表</source>
        <translation>Cannot export the offline score sheet</translation>
    </message>
    <message>
        <location filename="../../ui/package_actions.py" line="346"/>
        <source>离线评分表已导出到 {path}（已填入目前的评分），填好后用“载入离线评分表”读回。</source>
        <translation>Offline score sheet exported to {path} (with the scores entered so far); fill it in and read it back with &quot;Load offline score sheet&quot;.</translation>
    </message>
    <message>
        <location filename="../../ui/package_actions.py" line="353"/>
        <source>载入离线评分表</source>
        <translation>Load offline score sheet</translation>
    </message>
    <message>
        <location filename="../../ui/package_actions.py" line="355"/>
        <source>Excel 工作簿 (*.xlsx);;所有文件 (*)</source>
        <translation>Excel workbooks (*.xlsx);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../ui/package_actions.py" line="360"/>
        <source>无法载入离线评分表</source>
        <translation>Cannot load the offline score sheet</translation>
    </message>
    <message>
        <location filename="../../ui/package_actions.py" line="361"/>
        <source>评分表未载入，评审库没有任何改动。</source>
        <translation>The score sheet was not loaded; the review was not changed.</translation>
    </message>
    <message>
        <location filename="../../ui/package_actions.py" line="363"/>
        <source>已载入离线评分表：{count} 处改动。</source>
        <translation>Offline score sheet loaded: {count} changes.</translation>
    </message>
    <message>
        <location filename="../../ui/package_actions.py" line="222"/>
        <location filename="../../ui/package_actions.py" line="232"/>
        <source>共 {total} 个文件，拒绝 {refused} 个。</source>
        <translation>{total} file(s), {refused} refused.</translation>
    </message>
</context>
<context>
    <name>PackagesDialog</name>
    <message>
        <location filename="../../ui/package_dialog.py" line="42"/>
        <source>生成工作包</source>
        <translation>Write work packages</translation>
    </message>
    <message>
        <location filename="../../ui/package_dialog.py" line="46"/>
        <source>例如另一个U盘，或只有组长能打开的文件夹</source>
        <translation>e.g. another USB stick, or a folder only the chair can open</translation>
    </message>
    <message>
        <location filename="../../ui/package_dialog.py" line="47"/>
        <source>同时生成口令条（.docx，每位专家一页，可打印后装入信封密封）</source>
        <translation>Also write passphrase slips (.docx, one page per expert, to print and seal in envelopes)</translation>
    </message>
    <message>
        <location filename="../../ui/package_dialog.py" line="53"/>
        <source>工作包文件夹：</source>
        <translation>Packages folder:</translation>
    </message>
    <message>
        <location filename="../../ui/package_dialog.py" line="54"/>
        <source>口令文件夹：</source>
        <translation>Passphrases folder:</translation>
    </message>
    <message>
        <location filename="../../ui/package_dialog.py" line="55"/>
        <source>工作包和口令必须分开保管、分开交给专家：口令文件夹不能是工作包文件夹，也不能在其中。生成后组长的评审库不再保存口令明文。</source>
        <translation>Packages and passphrases are kept and handed out apart: the passphrases folder may not be the packages folder nor inside it. Once written, the chair&apos;s database no longer keeps the passphrases in clear.</translation>
    </message>
    <message>
        <location filename="../../ui/package_dialog.py" line="59"/>
        <source>生成</source>
        <translation>Write</translation>
    </message>
    <message>
        <location filename="../../ui/package_dialog.py" line="79"/>
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location filename="../../ui/package_dialog.py" line="85"/>
        <source>选择文件夹</source>
        <translation>Choose a folder</translation>
    </message>
    <message>
        <location filename="../../ui/package_dialog.py" line="93"/>
        <source>请选择两个文件夹。</source>
        <translation>Choose both folders.</translation>
    </message>
    <message>
        <location filename="../../ui/package_dialog.py" line="95"/>
        <source>口令文件夹不能与工作包文件夹相同，也不能在其中或包含它。</source>
        <translation>The passphrases folder may not be the packages folder, inside it or around it.</translation>
    </message>
</context>
<context>
    <name>PanelBoardWindow</name>
    <message>
        <location filename="../../ui/panel_board.py" line="49"/>
        <source>专家组看板</source>
        <translation>Panel board</translation>
    </message>
    <message>
        <location filename="../../ui/panel_board.py" line="61"/>
        <source>看板</source>
        <translation>Board</translation>
    </message>
    <message>
        <location filename="../../ui/panel_board.py" line="62"/>
        <source>拟支持</source>
        <translation>Proposed</translation>
    </message>
    <message>
        <location filename="../../ui/panel_board.py" line="63"/>
        <source>图表</source>
        <translation>Charts</translation>
    </message>
    <message>
        <location filename="../../ui/panel_board.py" line="81"/>
        <source>平均分</source>
        <translation>Mean</translation>
    </message>
    <message>
        <location filename="../../ui/panel_board.py" line="81"/>
        <source>中位数</source>
        <translation>Median</translation>
    </message>
    <message>
        <location filename="../../ui/panel_board.py" line="81"/>
        <source>去掉最高分和最低分</source>
        <translation>Drop highest and lowest</translation>
    </message>
    <message>
        <location filename="../../ui/panel_board.py" line="85"/>
        <source> 位专家起</source>
        <translation> experts or more</translation>
    </message>
    <message>
        <location filename="../../ui/panel_board.py" line="91"/>
        <source> 项</source>
        <translation> declarations</translation>
    </message>
    <message>
        <location filename="../../ui/panel_board.py" line="93"/>
        <source>方向</source>
        <translation>Direction</translation>
    </message>
    <message>
        <location filename="../../ui/panel_board.py" line="99"/>
        <source>综合方法</source>
        <translation>Method</translation>
    </message>
    <message>
        <location filename="../../ui/panel_board.py" line="99"/>
        <source>去掉最高最低分</source>
        <translation>Drop high/low from</translation>
    </message>
    <message>
        <location filename="../../ui/panel_board.py" line="100"/>
        <source>偏离阈值 ±</source>
        <translation>Deviation threshold ±</translation>
    </message>
    <message>
        <location filename="../../ui/panel_board.py" line="100"/>
        <source>本方向拟支持</source>
        <translation>To propose in this direction</translation>
    </message>
    <message>
        <location filename="../../ui/panel_board.py" line="118"/>
        <source>记录确认/更正…</source>
        <translation>Record confirmation/correction…</translation>
    </message>
    <message>
        <location filename="../../ui/panel_board.py" line="121"/>
        <source>▲ 偏离待处理（红色）；绿色为已记录确认或更正。选中一格可记录。</source>
        <translation>▲ deviation to resolve (red); green: confirmation or correction recorded. Select a cell to record one.</translation>
    </message>
    <message>
        <location filename="../../ui/panel_board.py" line="126"/>
        <source>原始分</source>
        <translation>Raw scores</translation>
    </message>
    <message>
        <location filename="../../ui/panel_board.py" line="126"/>
        <source>标准分</source>
        <translation>Standardised</translation>
    </message>
    <message>
        <location filename="../../ui/panel_board.py" line="127"/>
        <source>标准分：每位专家的总分按其本人所有已完成总分标准化（z 分数），消除打分松紧的差异</source>
        <translation>Standardised: each expert&apos;s totals as z-scores over that expert&apos;s own completed totals, so lenient and strict scorers compare</translation>
    </message>
    <message>
        <location filename="../../ui/panel_board.py" line="153"/>
        <source>选择一个项目，查看各位专家的评分和意见。</source>
        <translation>Select a declaration to see every expert&apos;s scores and opinions.</translation>
    </message>
    <message>
        <location filename="../../ui/panel_board.py" line="161"/>
        <source>专家组意见（由各位专家的意见生成初稿，可直接修改）</source>
        <translation>The panel&apos;s opinion (a draft made from the experts&apos; opinions; edit it freely)</translation>
    </message>
    <message>
        <location filename="../../ui/panel_board.py" line="163"/>
        <source>不同意见及理由（如有）</source>
        <translation>Dissenting views and their reasons (if any)</translation>
    </message>
    <message>
        <location filename="../../ui/panel_board.py" line="172"/>
        <source>专家组意见</source>
        <translation>Panel&apos;s opinion</translation>
    </message>
    <message>
        <location filename="../../ui/panel_board.py" line="175"/>
        <source>不同意见</source>
        <translation>Dissent</translation>
    </message>
    <message>
        <location filename="../../ui/panel_board.py" line="272"/>
        <source>专家组一致性（肯德尔 W）：{w}</source>
        <translation>Panel agreement (Kendall&apos;s W): {w}</translation>
    </message>
    <message>
        <location filename="../../ui/panel_board.py" line="288"/>
        <source>尚无专家交回评分文件：合并评分文件后这里显示各位专家的评分。</source>
        <translation>No expert has returned a score file yet: merge the score files and each expert&apos;s scores appear here.</translation>
    </message>
    <message>
        <location filename="../../ui/panel_board.py" line="294"/>
        <source>{n} 项形式审查待处理，不分配、不排名。</source>
        <translation>{n} pending the formal check: not assigned, not ranked.</translation>
    </message>
    <message>
        <location filename="../../ui/panel_board.py" line="296"/>
        <source>{n} 项尚无完整评分（专家未交回、未完成或全部回避），暂不排名。</source>
        <translation>{n} without a complete score yet (not returned, not finished, or everyone recused): not ranked yet.</translation>
    </message>
    <message>
        <location filename="../../ui/panel_board.py" line="298"/>
        <source>本方向参评项目均被否决，没有拟支持项目。</source>
        <translation>Every declaration of this direction is vetoed: none is proposed.</translation>
    </message>
    <message>
        <location filename="../../ui/panel_board.py" line="318"/>
        <source>名额 {quota} 项，拟支持 {count} 项；名额处并列的全部列入，否决的项目不列入。</source>
        <translation>Quota {quota}, proposed {count}; all tied at the cut are included, vetoed declarations are not.</translation>
    </message>
    <message>
        <location filename="../../ui/panel_board.py" line="394"/>
        <source>初稿由专家评分汇总生成，与文件中未修改时的意见相同；修改后自动保存。</source>
        <translation>Draft summed up from the experts&apos; scores, the same text the documents print until you edit it; your edits are saved automatically.</translation>
    </message>
    <message>
        <location filename="../../ui/panel_board.py" line="415"/>
        <source>无法保存</source>
        <translation>Cannot save</translation>
    </message>
    <message>
        <location filename="../../ui/panel_board.py" line="428"/>
        <source>专家组意见已保存</source>
        <translation>Panel&apos;s opinion saved</translation>
    </message>
    <message>
        <location filename="../../ui/panel_board.py" line="460"/>
        <source>无法记录</source>
        <translation>Cannot record</translation>
    </message>
</context>
<context>
    <name>PanelModels</name>
    <message>
        <location filename="../../ui/panel_models.py" line="269"/>
        <source>回避</source>
        <translation>Recused</translation>
    </message>
    <message>
        <location filename="../../ui/panel_models.py" line="271"/>
        <source>未交回</source>
        <translation>not returned</translation>
    </message>
    <message>
        <location filename="../../ui/panel_models.py" line="273"/>
        <source>未完成</source>
        <translation>Incomplete</translation>
    </message>
    <message>
        <location filename="../../ui/panel_models.py" line="278"/>
        <source>专家确认</source>
        <translation>Confirmed by the expert</translation>
    </message>
    <message>
        <location filename="../../ui/panel_models.py" line="279"/>
        <source>专家更正</source>
        <translation>Corrected by the expert</translation>
    </message>
    <message>
        <location filename="../../ui/panel_models.py" line="285"/>
        <source>偏离专家组平均分 {value:+.1%}</source>
        <translation>{value:+.1%} from the panel&apos;s mean</translation>
    </message>
    <message>
        <location filename="../../ui/panel_models.py" line="287"/>
        <source>：</source>
        <translation>: </translation>
    </message>
    <message>
        <location filename="../../ui/panel_models.py" line="338"/>
        <location filename="../../ui/panel_models.py" line="542"/>
        <source>编号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../ui/panel_models.py" line="338"/>
        <location filename="../../ui/panel_models.py" line="543"/>
        <source>项目名称</source>
        <translation>Project</translation>
    </message>
    <message>
        <location filename="../../ui/panel_models.py" line="339"/>
        <location filename="../../ui/panel_models.py" line="544"/>
        <source>综合得分</source>
        <translation>Consolidated</translation>
    </message>
    <message>
        <location filename="../../ui/panel_models.py" line="339"/>
        <location filename="../../ui/panel_models.py" line="542"/>
        <source>排名</source>
        <translation>Rank</translation>
    </message>
    <message>
        <location filename="../../ui/panel_models.py" line="340"/>
        <source>标记</source>
        <translation>Flags</translation>
    </message>
    <message>
        <location filename="../../ui/panel_models.py" line="394"/>
        <source>原始分 {total}</source>
        <translation>Raw total {total}</translation>
    </message>
    <message>
        <location filename="../../ui/panel_models.py" line="401"/>
        <source>合格</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../ui/panel_models.py" line="402"/>
        <source>有提示</source>
        <translation>Warning</translation>
    </message>
    <message>
        <location filename="../../ui/panel_models.py" line="403"/>
        <source>待处理</source>
        <translation>Pending</translation>
    </message>
    <message>
        <location filename="../../ui/panel_models.py" line="404"/>
        <source>已接受</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <location filename="../../ui/panel_models.py" line="405"/>
        <source>已更正</source>
        <translation>Corrected</translation>
    </message>
    <message>
        <location filename="../../ui/panel_models.py" line="406"/>
        <source>已补充材料</source>
        <translation>Supplemented</translation>
    </message>
    <message>
        <location filename="../../ui/panel_models.py" line="407"/>
        <source>已排除</source>
        <translation>Excluded</translation>
    </message>
    <message>
        <location filename="../../ui/panel_models.py" line="414"/>
        <source>形式审查{status}，不排名</source>
        <translation>Formal check: {status}, not ranked</translation>
    </message>
    <message>
        <location filename="../../ui/panel_models.py" line="417"/>
        <source>形式审查{status}</source>
        <translation>Formal check: {status}</translation>
    </message>
    <message>
        <location filename="../../ui/panel_models.py" line="419"/>
        <location filename="../../ui/panel_models.py" line="559"/>
        <source>拟支持</source>
        <translation>Proposed</translation>
    </message>
    <message>
        <location filename="../../ui/panel_models.py" line="421"/>
        <source>否决</source>
        <translation>Vetoed</translation>
    </message>
    <message>
        <location filename="../../ui/panel_models.py" line="423"/>
        <source>并列</source>
        <translation>Tied</translation>
    </message>
    <message>
        <location filename="../../ui/panel_models.py" line="425"/>
        <source>偏离待处理 {count}</source>
        <translation>{count} deviation(s) to resolve</translation>
    </message>
    <message>
        <location filename="../../ui/panel_models.py" line="451"/>
        <source>评分项（满分）</source>
        <translation>Criterion (max)</translation>
    </message>
    <message>
        <location filename="../../ui/panel_models.py" line="454"/>
        <source>平均</source>
        <translation>Mean</translation>
    </message>
    <message>
        <location filename="../../ui/panel_models.py" line="454"/>
        <source>中位数</source>
        <translation>Median</translation>
    </message>
    <message>
        <location filename="../../ui/panel_models.py" line="455"/>
        <source>标准差</source>
        <translation>Std dev</translation>
    </message>
    <message>
        <location filename="../../ui/panel_models.py" line="455"/>
        <source>极差</source>
        <translation>Range</translation>
    </message>
    <message>
        <location filename="../../ui/panel_models.py" line="456"/>
        <source>综合</source>
        <translation>Consolidated</translation>
    </message>
    <message>
        <location filename="../../ui/panel_models.py" line="502"/>
        <source>专家</source>
        <translation>Expert</translation>
    </message>
    <message>
        <location filename="../../ui/panel_models.py" line="502"/>
        <source>总分</source>
        <translation>Total</translation>
    </message>
    <message>
        <location filename="../../ui/panel_models.py" line="503"/>
        <source>推荐意见</source>
        <translation>Recommendation</translation>
    </message>
    <message>
        <location filename="../../ui/panel_models.py" line="503"/>
        <source>否决项</source>
        <translation>Vetoes</translation>
    </message>
    <message>
        <location filename="../../ui/panel_models.py" line="504"/>
        <source>评审意见</source>
        <translation>Opinion</translation>
    </message>
    <message>
        <location filename="../../ui/panel_models.py" line="543"/>
        <source>申报单位</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../../ui/panel_models.py" line="545"/>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../ui/panel_models.py" line="560"/>
        <source>拟支持 · 名额处并列</source>
        <translation>Proposed · tied at the cut</translation>
    </message>
    <message>
        <location filename="../../ui/panel_models.py" line="561"/>
        <source>否决，不列入</source>
        <translation>Vetoed, not proposed</translation>
    </message>
</context>
<context>
    <name>PanelSetup</name>
    <message>
        <location filename="../../ui/panel_setup.py" line="36"/>
        <source>专家声明</source>
        <translation>Declared by the expert</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="37"/>
        <source>本单位申报</source>
        <translation>Own unit applies</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="38"/>
        <source>同省回避</source>
        <translation>Same province</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="51"/>
        <source>载入专家名单</source>
        <translation>Load expert list</translation>
    </message>
    <message>
        <location filename="../../ui/panel_setup.py" line="52"/>
        <source>专家名单 (*.xlsx *.csv);;所有文件 (*)</source>
        <translation>Expert lists (*.xlsx *.csv);;All files (*)</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <location filename="../../ui/package_dialog.py" line="114"/>
        <source>打开工作包</source>
        <translation>Open work package</translation>
    </message>
    <message>
        <location filename="../../ui/package_dialog.py" line="115"/>
        <source>请输入工作包“{name}”的口令（由专家组组长另行提供）。不区分大小写，空格和短横线可有可无。</source>
        <translation>Enter the passphrase of the work package &apos;{name}&apos; (the panel&apos;s chair gives it to you separately). Case, spaces and dashes do not matter.</translation>
    </message>
    <message>
        <location filename="../../ui/package_dialog.py" line="128"/>
        <source>显示口令(&amp;S)</source>
        <translation>&amp;Show the passphrase</translation>
    </message>
</context>
<context>
    <name>QuotaModel</name>
    <message>
        <location filename="../../ui/formal_check_models.py" line="359"/>
        <source>推荐单位</source>
        <translation>Recommender</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="359"/>
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="359"/>
        <source>方向组</source>
        <translation>Directions</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="359"/>
        <source>推荐数</source>
        <translation>Recommended</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="359"/>
        <source>限额</source>
        <translation>Allowed</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="360"/>
        <source>入选数</source>
        <translation>Selected</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="360"/>
        <source>情况</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="399"/>
        <source>超出 {n} 项</source>
        <translation>{n} over</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="401"/>
        <source>入选数超出限额（组长调整）</source>
        <translation>more selected than allowed (chair&apos;s decision)</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_models.py" line="402"/>
        <source>；</source>
        <translation>; </translation>
    </message>
</context>
<context>
    <name>ResolutionDialog</name>
    <message>
        <location filename="../../ui/panel_board.py" line="472"/>
        <source>记录确认/更正</source>
        <translation>Record confirmation or correction</translation>
    </message>
    <message>
        <location filename="../../ui/panel_board.py" line="479"/>
        <source>必填：专家的书面确认或更正内容</source>
        <translation>Required: the expert&apos;s written confirmation or correction</translation>
    </message>
    <message>
        <location filename="../../ui/panel_board.py" line="484"/>
        <source>{expert} 的总分偏离专家组平均分 {value:+.1%}。</source>
        <translation>{expert}&apos;s total is {value:+.1%} from the panel&apos;s mean.</translation>
    </message>
    <message>
        <location filename="../../ui/panel_board.py" line="485"/>
        <source>处理</source>
        <translation>Resolution</translation>
    </message>
    <message>
        <location filename="../../ui/panel_board.py" line="486"/>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../ui/formal_resolution.py" line="36"/>
        <source>处理形式审查问题</source>
        <translation>Resolve the formal check</translation>
    </message>
    <message>
        <location filename="../../ui/formal_resolution.py" line="42"/>
        <source>当前状态：{status}</source>
        <translation>Now: {status}</translation>
    </message>
    <message>
        <location filename="../../ui/formal_resolution.py" line="49"/>
        <source>接受：按现有材料评审</source>
        <translation>Accept: review it as it is</translation>
    </message>
    <message>
        <location filename="../../ui/formal_resolution.py" line="49"/>
        <source>更正字段</source>
        <translation>Correct a field</translation>
    </message>
    <message>
        <location filename="../../ui/formal_resolution.py" line="49"/>
        <source>补充材料：附可读取的 .docx / .pdf</source>
        <translation>Supplement: attach a readable .docx / .pdf</translation>
    </message>
    <message>
        <location filename="../../ui/formal_resolution.py" line="50"/>
        <source>排除：不予评审</source>
        <translation>Exclude: not reviewed</translation>
    </message>
    <message>
        <location filename="../../ui/formal_resolution.py" line="60"/>
        <source>理由（必填，记入调整记录）：</source>
        <translation>Reason (required, goes into the audit log):</translation>
    </message>
    <message>
        <location filename="../../ui/formal_resolution.py" line="67"/>
        <source>记录</source>
        <translation>Record</translation>
    </message>
    <message>
        <location filename="../../ui/formal_resolution.py" line="69"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/formal_resolution.py" line="81"/>
        <source>所属方向</source>
        <translation>Direction</translation>
    </message>
    <message>
        <location filename="../../ui/formal_resolution.py" line="81"/>
        <source>申报单位</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../../ui/formal_resolution.py" line="81"/>
        <source>统一社会信用代码</source>
        <translation>Credit code</translation>
    </message>
    <message>
        <location filename="../../ui/formal_resolution.py" line="98"/>
        <source>补充材料文件</source>
        <translation>Supplementary document</translation>
    </message>
    <message>
        <location filename="../../ui/formal_resolution.py" line="99"/>
        <source>选择文件…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../../ui/formal_resolution.py" line="114"/>
        <source>选择补充材料</source>
        <translation>Choose the supplementary document</translation>
    </message>
    <message>
        <location filename="../../ui/formal_resolution.py" line="115"/>
        <source>申报材料 (*.docx *.pdf)</source>
        <translation>Application documents (*.docx *.pdf)</translation>
    </message>
</context>
<context>
    <name>ScoreSpin</name>
    <message>
        <location filename="../../ui/score_widgets.py" line="142"/>
        <source>{low}–{high} 分，步长 {step}</source>
        <translation>{low}–{high} points in steps of {step}</translation>
    </message>
</context>
<context>
    <name>ScoringPanel</name>
    <message>
        <location filename="../../ui/scoring_panel.py" line="110"/>
        <source>评审结论</source>
        <translation>Conclusion</translation>
    </message>
    <message>
        <location filename="../../ui/scoring_panel.py" line="112"/>
        <source>推荐意见：</source>
        <translation>Recommendation:</translation>
    </message>
    <message>
        <location filename="../../ui/scoring_panel.py" line="115"/>
        <source>推荐(&amp;T)</source>
        <translation>Re&amp;commend</translation>
    </message>
    <message>
        <location filename="../../ui/scoring_panel.py" line="115"/>
        <source>不推荐(&amp;B)</source>
        <translation>Do &amp;not recommend</translation>
    </message>
    <message>
        <location filename="../../ui/scoring_panel.py" line="115"/>
        <source>待议(&amp;D)</source>
        <translation>&amp;Undecided</translation>
    </message>
    <message>
        <location filename="../../ui/scoring_panel.py" line="124"/>
        <source>评审意见(&amp;O)：</source>
        <translation>Review &amp;opinion:</translation>
    </message>
    <message>
        <location filename="../../ui/scoring_panel.py" line="126"/>
        <source>对项目的总体评价：亮点、不足与建议。完成评审必须填写。</source>
        <translation>Overall assessment: strengths, weaknesses and advice. Required to finish the review.</translation>
    </message>
    <message>
        <location filename="../../ui/scoring_panel.py" line="149"/>
        <source>回避</source>
        <translation>Recusal</translation>
    </message>
    <message>
        <location filename="../../ui/scoring_panel.py" line="136"/>
        <source>否决项</source>
        <translation>Veto items</translation>
    </message>
    <message>
        <location filename="../../ui/scoring_panel.py" line="138"/>
        <source>勾选任一项即否决，须填写理由。</source>
        <translation>Any one ticked vetoes the project; a reason is required.</translation>
    </message>
    <message>
        <location filename="../../ui/scoring_panel.py" line="151"/>
        <source>本人申请回避(&amp;J)</source>
        <translation>I recuse &amp;myself</translation>
    </message>
    <message>
        <location filename="../../ui/scoring_panel.py" line="153"/>
        <source>回避理由，例如：近三年曾在申报单位任职</source>
        <translation>Reason, e.g. worked for the applicant in the past three years</translation>
    </message>
    <message>
        <location filename="../../ui/scoring_panel.py" line="164"/>
        <source>共性指标（{n} 分）</source>
        <translation>Common criteria ({n} pts)</translation>
    </message>
    <message>
        <location filename="../../ui/scoring_panel.py" line="165"/>
        <source>方向指标：{name}（{n} 分）</source>
        <translation>Direction criteria: {name} ({n} pts)</translation>
    </message>
    <message>
        <location filename="../../ui/scoring_panel.py" line="200"/>
        <source>否决理由</source>
        <translation>Reason for the veto</translation>
    </message>
    <message>
        <location filename="../../ui/scoring_panel.py" line="228"/>
        <source>方向{no} {name}</source>
        <translation>Direction {no} {name}</translation>
    </message>
    <message>
        <location filename="../../ui/scoring_panel.py" line="268"/>
        <source>回避 · 不评分</source>
        <translation>Recused · not scored</translation>
    </message>
    <message>
        <location filename="../../ui/scoring_panel.py" line="270"/>
        <source>总分 {total} / {max}</source>
        <translation>Total {total} / {max}</translation>
    </message>
    <message>
        <location filename="../../ui/scoring_panel.py" line="278"/>
        <source>已否决</source>
        <translation>vetoed</translation>
    </message>
    <message>
        <location filename="../../ui/scoring_panel.py" line="286"/>
        <source>需填写回避理由</source>
        <translation>recusal reason needed</translation>
    </message>
    <message>
        <location filename="../../ui/scoring_panel.py" line="288"/>
        <source>需填写否决理由</source>
        <translation>veto reason needed</translation>
    </message>
    <message>
        <location filename="../../ui/scoring_panel.py" line="290"/>
        <source>未评 {n} 项指标</source>
        <translation>{n} criteria unscored</translation>
    </message>
    <message>
        <location filename="../../ui/scoring_panel.py" line="292"/>
        <source>缺评审意见</source>
        <translation>opinion missing</translation>
    </message>
    <message>
        <location filename="../../ui/scoring_panel.py" line="293"/>
        <source>，</source>
        <translation>, </translation>
    </message>
</context>
<context>
    <name>SelectionDialog</name>
    <message>
        <location filename="../../ui/formal_check_view.py" line="374"/>
        <source>调整入选状态</source>
        <translation>Change selection</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_view.py" line="378"/>
        <source>当前：{old}&#x3000;→&#x3000;调整为：{new}</source>
        <translation>Now: {old}  →  becomes: {new}</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_view.py" line="381"/>
        <source>请填写理由（必填），将记入调整记录。</source>
        <translation>The reason (required); it goes into the audit log.</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_view.py" line="386"/>
        <source>调整为入选</source>
        <translation>Select for review</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_view.py" line="386"/>
        <source>调整为不入选</source>
        <translation>Take out of review</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_view.py" line="388"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/formal_check_view.py" line="400"/>
        <source>理由：</source>
        <translation>Reason:</translation>
    </message>
</context>
</TS>
