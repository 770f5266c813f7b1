<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>CriterionEditor</name>
    <message>
        <location filename="../../ui/score_widgets.py" line="111"/>
        <source>/ {max} 分</source>
        <translation>/ {max} pts</translation>
    </message>
    <message>
        <location filename="../../ui/score_widgets.py" line="126"/>
        <source>评分说明（可选）</source>
        <translation>Scoring note (optional)</translation>
    </message>
</context>
<context>
    <name>DeclarationModel</name>
    <message>
        <location filename="../../ui/declaration_model.py" line="93"/>
        <source>项目名称</source>
        <translation>Project</translation>
    </message>
    <message>
        <location filename="../../ui/declaration_model.py" line="93"/>
        <source>推荐单位</source>
        <translation>Recommender</translation>
    </message>
    <message>
        <location filename="../../ui/declaration_model.py" line="93"/>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../ui/declaration_model.py" line="93"/>
        <source>总分</source>
        <translation>Total</translation>
    </message>
    <message>
        <location filename="../../ui/declaration_model.py" line="143"/>
        <source>否决</source>
        <translation>Vetoed</translation>
    </message>
</context>
<context>
    <name>DocumentPane</name>
    <message>
        <location filename="../../ui/document_pane.py" line="88"/>
        <source>目录</source>
        <translation>Contents</translation>
    </message>
    <message>
        <location filename="../../ui/document_pane.py" line="117"/>
        <source>此项目没有可显示的申报书。</source>
        <translation>This declaration has no application form to show.</translation>
    </message>
    <message>
        <location filename="../../ui/document_pane.py" line="132"/>
        <source>该 PDF 没有文字层（可能是扫描件），且找不到原文件。</source>
        <translation>This PDF has no text layer (probably a scan) and the original file cannot be found.</translation>
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
        <translation>Recusal</translation>
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
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="40"/>
        <location filename="../../ui/main_window.py" line="69"/>
        <source>评审工作台</source>
        <translation>Review Workbench</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="63"/>
        <source>正在打开评审库…</source>
        <translation>Opening the review…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="86"/>
        <source>搜索项目、单位、推荐单位（Ctrl+F）</source>
        <translation>Search project, applicant, recommender (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="89"/>
        <source>全部方向</source>
        <translation>All directions</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="91"/>
        <source>全部状态</source>
        <translation>All states</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="127"/>
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="128"/>
        <source>打开评审库(&amp;O)…</source>
        <translation>&amp;Open review…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="130"/>
        <source>退出(&amp;X)</source>
        <translation>E&amp;xit</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="131"/>
        <source>编辑(&amp;E)</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="132"/>
        <source>撤销</source>
        <translation>Undo</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="134"/>
        <source>重做</source>
        <translation>Redo</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="140"/>
        <source>查找项目(&amp;F)</source>
        <translation>&amp;Find declaration</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="141"/>
        <source>评审(&amp;R)</source>
        <translation>&amp;Review</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="142"/>
        <source>上一个项目(&amp;P)</source>
        <translation>&amp;Previous declaration</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="143"/>
        <source>下一个项目(&amp;N)</source>
        <translation>&amp;Next declaration</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="144"/>
        <source>下一个未完成项目(&amp;U)</source>
        <translation>Next &amp;unfinished declaration</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="146"/>
        <source>转到评分(&amp;S)</source>
        <translation>Go to &amp;scoring</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="147"/>
        <source>转到项目列表(&amp;L)</source>
        <translation>Go to the &amp;list</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="148"/>
        <source>申报书下一节</source>
        <translation>Next section of the form</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="149"/>
        <source>申报书上一节</source>
        <translation>Previous section of the form</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="150"/>
        <source>视图(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="151"/>
        <source>语言 / Language</source>
        <translation>Language / 语言</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="159"/>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="160"/>
        <source>快捷键(&amp;K)</source>
        <translation>&amp;Keyboard shortcuts</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="161"/>
        <source>关于评审工作台(&amp;A)</source>
        <translation>&amp;About Review Workbench</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="212"/>
        <source>所有项目均已完成。</source>
        <translation>Every declaration is finished.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="251"/>
        <source>评分</source>
        <translation>Score</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="251"/>
        <source>评分说明</source>
        <translation>Scoring note</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="251"/>
        <source>评审意见</source>
        <translation>Review opinion</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="252"/>
        <source>推荐意见</source>
        <translation>Recommendation</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="252"/>
        <source>否决项</source>
        <translation>Veto item</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="252"/>
        <source>回避</source>
        <translation>Recusal</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="253"/>
        <source>回避理由</source>
        <translation>Recusal reason</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="261"/>
        <source>已保存 {time}</source>
        <translation>Saved {time}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="271"/>
        <source>{done}/{total} 已完成</source>
        <translation>{done}/{total} finished</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="306"/>
        <source>下一个 / 上一个项目</source>
        <translation>Next / previous declaration</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="307"/>
        <source>下一个未完成项目</source>
        <translation>Next unfinished declaration</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="308"/>
        <source>转到评分 / 项目列表</source>
        <translation>Go to scoring / list</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="309"/>
        <source>下一项指标</source>
        <translation>Next criterion</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="310"/>
        <source>分值加减 0.5</source>
        <translation>Score up / down by 0.5</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="311"/>
        <source>清除分值</source>
        <translation>Clear a score</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="311"/>
        <source>全选后按 Delete</source>
        <translation>Select all, then Delete</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="312"/>
        <source>撤销 / 重做</source>
        <translation>Undo / redo</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="313"/>
        <source>申报书下一节 / 上一节</source>
        <translation>Next / previous section of the form</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="314"/>
        <source>查找项目</source>
        <translation>Find declaration</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="317"/>
        <source>每次修改都会立即保存，无需手动保存。</source>
        <translation>Every change is saved at once; there is no save button.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="318"/>
        <source>快捷键</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="321"/>
        <source>关于评审工作台</source>
        <translation>About Review Workbench</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="322"/>
        <source>&lt;h3&gt;评审工作台 {version}&lt;/h3&gt;&lt;p&gt;新型信息消费示范项目专家评审（离线）。&lt;/p&gt;&lt;p&gt;评分细则的分值与权重为本软件的默认设置，并非工业和信息化部的官方标准；专家组组长可调整。&lt;/p&gt;&lt;p&gt;评审库：{path}&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Review Workbench {version}&lt;/h3&gt;&lt;p&gt;Offline expert review of New Information Consumption demonstration projects.&lt;/p&gt;&lt;p&gt;The points and weights of the rubrics are this product&apos;s defaults, not the ministry&apos;s official standard; the panel chair may change them.&lt;/p&gt;&lt;p&gt;Review database: {path}&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>ScoringPanel</name>
    <message>
        <location filename="../../ui/scoring_panel.py" line="99"/>
        <source>评审结论</source>
        <translation>Conclusion</translation>
    </message>
    <message>
        <location filename="../../ui/scoring_panel.py" line="101"/>
        <source>推荐意见：</source>
        <translation>Recommendation:</translation>
    </message>
    <message>
        <location filename="../../ui/scoring_panel.py" line="105"/>
        <source>推荐(&amp;T)</source>
        <translation>Recommend (&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/scoring_panel.py" line="105"/>
        <source>不推荐(&amp;B)</source>
        <translation>Do not recommend (&amp;B)</translation>
    </message>
    <message>
        <location filename="../../ui/scoring_panel.py" line="105"/>
        <source>待议(&amp;D)</source>
        <translation>Undecided (&amp;D)</translation>
    </message>
    <message>
        <location filename="../../ui/scoring_panel.py" line="112"/>
        <source>评审意见(&amp;O)：</source>
        <translation>Review &amp;opinion:</translation>
    </message>
    <message>
        <location filename="../../ui/scoring_panel.py" line="114"/>
        <source>对项目的总体评价：亮点、不足与建议。完成评审必须填写。</source>
        <translation>Overall assessment: strengths, weaknesses and advice. Required to finish the review.</translation>
    </message>
    <message>
        <location filename="../../ui/scoring_panel.py" line="125"/>
        <source>否决项（勾选任一项即否决，须填写理由）</source>
        <translation>Veto items (any one ticked vetoes the project; a reason is required)</translation>
    </message>
    <message>
        <location filename="../../ui/scoring_panel.py" line="132"/>
        <source>回避</source>
        <translation>Recusal</translation>
    </message>
    <message>
        <location filename="../../ui/scoring_panel.py" line="134"/>
        <source>本人申请回避(&amp;H)</source>
        <translation>I recuse myself (&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/scoring_panel.py" line="136"/>
        <source>回避理由，例如：近三年曾在申报单位任职</source>
        <translation>Reason, e.g. worked for the applicant in the past three years</translation>
    </message>
    <message>
        <location filename="../../ui/scoring_panel.py" line="147"/>
        <source>共性指标（{n} 分）</source>
        <translation>Common criteria ({n} pts)</translation>
    </message>
    <message>
        <location filename="../../ui/scoring_panel.py" line="148"/>
        <source>方向指标：{name}（{n} 分）</source>
        <translation>Direction criteria: {name} ({n} pts)</translation>
    </message>
    <message>
        <location filename="../../ui/scoring_panel.py" line="182"/>
        <source>否决理由</source>
        <translation>Reason for the veto</translation>
    </message>
    <message>
        <location filename="../../ui/scoring_panel.py" line="210"/>
        <source>方向{no} {name}</source>
        <translation>Direction {no} {name}</translation>
    </message>
    <message>
        <location filename="../../ui/scoring_panel.py" line="252"/>
        <source>总分 {total} / {max}</source>
        <translation>Total {total} / {max}</translation>
    </message>
    <message>
        <location filename="../../ui/scoring_panel.py" line="259"/>
        <source>已否决</source>
        <translation>vetoed</translation>
    </message>
    <message>
        <location filename="../../ui/scoring_panel.py" line="266"/>
        <source>需填写回避理由</source>
        <translation>recusal reason needed</translation>
    </message>
    <message>
        <location filename="../../ui/scoring_panel.py" line="268"/>
        <source>需填写否决理由</source>
        <translation>veto reason needed</translation>
    </message>
    <message>
        <location filename="../../ui/scoring_panel.py" line="270"/>
        <source>未评 {n} 项指标</source>
        <translation>{n} criteria unscored</translation>
    </message>
    <message>
        <location filename="../../ui/scoring_panel.py" line="272"/>
        <source>缺评审意见</source>
        <translation>opinion missing</translation>
    </message>
    <message>
        <location filename="../../ui/scoring_panel.py" line="273"/>
        <source>，</source>
        <translation>, </translation>
    </message>
</context>
</TS>
