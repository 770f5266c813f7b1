"""The Word documents: 专家组评审意见 (one per declaration), 评审汇总表, 个人评分表 (one per expert), 形式审查报告.

Every stored code is printed as its label (推荐 / 不推荐 / 待议, 是 / 否); every criterion of the rubric is
listed whether or not anybody scored it (未评); a table's caption, legend and signature block stay on its page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reviewer.exports import docxkit as kit
from reviewer.exports.data import RECOMMENDATION, PanelData, fmt, method_text, missing, rank_text, veto_summary

FLAG_TEXT = {"vetoed": "否决", "tied": "并列", "proposed": "拟支持", "tie_at_cut": "末位并列"}
NOT_SCORED = "未评"
#: Expert columns per matrix table on a landscape page (the rest continue in the next table, same rows).
MATRIX_COLUMNS = 10
LANDSCAPE_CM, PORTRAIT_CM = 25.7, 15.6


# --- 专家组评审意见 --------------------------------------------------------------------------------

def opinion(data: PanelData, row: Any, path: Path) -> Path:
    """One declaration's consolidated opinion; ``row`` is its line of declaration_stats (a namedtuple)."""
    declaration_id, direction = int(row.declaration_id), int(row.direction)
    doc = kit.new_document()
    kit.title(doc, f"{data.title}\n专家组评审意见")
    facts = [["项目编号", row.code], ["项目名称", row.project_name], ["申报单位", row.applicant],
             ["推荐单位", row.recommender], ["所属方向", data.direction_label(direction)]]
    if data.formal.get(declaration_id):
        facts.append(["形式审查", data.formal[declaration_id]])
    kit.table(doc, None, facts, [3.2, 12.4], "cl", label_column=True)
    kit.heading(doc, "一、评审情况")
    n, sitting = int(row.n), int(row.panel)
    kit.body(doc, f"本项目分配 {sitting + int(row.recused)} 位专家评审，其中 {int(row.recused)} 位回避、{sitting} 位参评，"
                  f"收到完整评分 {n} 份；{method_text(data.settings, n)}。")
    lines = data.criteria_of(declaration_id, direction)
    if not any(value is not None for *_, value in lines):
        kit.body(doc, "尚未汇入专家评分，下表各项指标均为“未评”。")
    kit.caption(doc, "各项指标评分")
    rows: list[list[object]] = [[i, name, fmt(top, 0), _or_not_scored(mean), _or_not_scored(value)]
                                for i, (_, name, top, mean, value) in enumerate(lines, 1)]
    rows.append(["", "总分", fmt(sum(line[2] for line in lines), 0), fmt(row.mean) or NOT_SCORED, fmt(row.consolidated) or NOT_SCORED])
    kit.table(doc, ["序号", "评价指标", "分值", "平均分", "综合得分"], rows, [1.4, 7.6, 1.8, 2.2, 2.6], "clccc",
              bold_last=True, keep="next")
    kit.note(doc, "注：各指标的综合得分按参评专家对该指标的评分计算；总分的综合得分按专家总分计算，可能与各指标之和略有差异。"
                  "“未评”表示尚无专家对该项评分。")
    kit.body(doc, _standing(data, row))
    vetoes = veto_summary(data, direction, data.totals[(data.totals["declaration_id"] == declaration_id) & ~data.totals["recused"]])
    if vetoes:
        kit.body(doc, f"否决项：{int(row.vetoed_by)} 位专家提出否决项——{vetoes}。")
    text, dissent = data.opinions.get(declaration_id, ("", ""))
    kit.heading(doc, "二、专家组意见")
    kit.body(doc, text or "（未填写）")
    kit.heading(doc, "三、不同意见")
    kit.body(doc, dissent or "无。")
    kit.heading(doc, "四、专家组签字")
    signature_block(doc, data, data.members_of(declaration_id), PORTRAIT_CM)
    return kit.save(doc, path, f"{row.code} {row.project_name} 专家组评审意见", _author(data))


def _or_not_scored(value: float | None) -> str:
    return NOT_SCORED if value is None else fmt(value)


def _standing(data: PanelData, row: Any) -> str:
    parts = [f"本项目{rank_text(data, row)}。"]
    if row.tied and not missing(row.rank):
        parts.append("与其他项目得分并列。")
    if row.vetoed:
        parts.append(f"超过半数参评专家（{int(row.vetoed_by)}/{int(row.panel)} 位）提出否决项，排在未被否决的项目之后，未列入拟支持项目名单。")
    elif not missing(row.rank):
        parts.append("列入拟支持项目名单。" if row.proposed else "未列入拟支持项目名单。")
    return "".join(parts)


def signature_block(doc: Any, data: PanelData, members: list[str], width_cm: float) -> None:
    """The leader named on a line of their own, then the members' table (two experts a row beyond eight),
    kept on one page with the date."""
    kit.signature_line(doc, "专家组组长", data.leader, keep=True)
    if len(members) > 8:
        half = (len(members) + 1) // 2
        pairs = [[i + 1, members[i], "", *([i + half + 1, members[i + half], ""] if i + half < len(members) else ["", "", ""])]
                 for i in range(half)]
        w = width_cm / 2
        kit.table(doc, ["序号", "专家姓名", "签字"] * 2, pairs, [0.15 * w, 0.37 * w, 0.48 * w] * 2, row_cm=0.85, keep="next")
    else:
        kit.table(doc, ["序号", "专家姓名", "签字"], [[i, name, ""] for i, name in enumerate(members, 1)] or [["", "（无参评专家）", ""]],
                  [0.12 * width_cm, 0.35 * width_cm, 0.53 * width_cm], row_cm=0.85, keep="next")
    kit.paragraph(doc, f"评审日期：{data.today}", "签署", align="right")


def _author(data: PanelData) -> str:
    return f"{data.title}专家组" + (f"（组长：{data.leader}）" if data.leader else "")


# --- 评审汇总表 ------------------------------------------------------------------------------------

def summary(data: PanelData, charts: list[tuple[str, bytes]], path: Path) -> Path:
    doc = kit.new_document(landscape=True)
    kit.title(doc, f"{data.title}\n评审汇总表")
    kit.note(doc, f"评审日期：{data.today}　　综合得分：{_method_rule(data)}　　"
                  f"偏离标注：专家总分偏离该项目专家平均分超过 ±{data.settings.deviation:.0%}")
    kit.heading(doc, "一、总体情况")
    kit.table(doc, ["方向", "申报项目数", "评审专家数", "完整评分（份）", "肯德尔和谐系数 W", "拟支持项目数"],
              _overview(data), [7.6, 2.6, 2.6, 3.0, 7.0, 2.9], "lccclc", size="小四", keep="next")
    kit.note(doc, "注：W 在评分完整的专家 × 项目表上计算；个别项目（如被否决、未打分）缺评分时，只用评分完整的项目，并注明项目数。")
    kit.heading(doc, "二、各方向排名")
    formal = bool(data.formal)
    for direction, block in data.stats.groupby("direction", sort=True):
        kit.caption(doc, f"{data.direction_label(int(direction))}（{len(block)} 项）")
        header, rows, widths, align = _ranking(data, block, formal)
        kit.table(doc, header, rows, widths, align, size="小四")
    vetoed = vetoed_rows(data)
    if vetoed:
        kit.caption(doc, "被否决的项目（超过半数参评专家提出否决项）")
        kit.table(doc, ["方向", "项目编号", "项目名称", "否决专家", "否决项及理由"], vetoed, [1.8, 3.0, 6.4, 2.2, 12.3], "cclcl",
                  size="小四")
    kit.heading(doc, "三、各专家总分", page_break=True)
    kit.note(doc, "说明：“*”偏离该项目专家平均分超过 ±{:.0%}；“回避”已声明回避；“否决”该专家提出否决项且未给出完整评分；"
                  "“未完成”已交回但评分不完整；“未提交”尚未交回评分文件。".format(data.settings.deviation), keep=True)
    for direction, block in data.stats.groupby("direction", sort=True):
        _matrix(doc, data, int(direction), block)
    kit.heading(doc, "四、专家评分情况")
    kit.table(doc, ["专家", "工作单位", "评审项目", "回避", "完整评分", "平均总分", "标准差", "与专家组平均的平均偏离", "偏离标注"],
              expert_rows(data), [2.6, 6.2, 2.0, 1.6, 2.0, 2.4, 2.0, 4.5, 2.4], "llccccccc", size="小四")
    kit.heading(doc, "五、拟支持项目名单")
    kit.table(doc, ["序号", "方向", "排名", "项目编号", "项目名称", "申报单位", "推荐单位", "综合得分", "备注"],
              proposed_rows(data) or [["", "", "", "", ("未设置拟支持名额，或尚无符合条件的项目", 5)]],
              [1.3, 1.9, 1.4, 3.4, 6.4, 5.0, 2.5, 2.0, 1.8], "ccccllccc", size="小四")
    if data.score_files:
        kit.heading(doc, "六、已汇入的评分文件")
        kit.table(doc, ["专家", "序号", "签名密钥指纹", "评分文件 SHA-256", "汇入时间"], score_file_rows(data),
                  [2.2, 1.0, 7.4, 11.6, 3.5], "lclll", size="小五", keep="whole" if len(data.score_files) <= 30 else "")
    if charts:
        kit.heading(doc, f"{_chinese(7 if data.score_files else 6)}、图表", page_break=True)
        for k, (caption, png) in enumerate(charts):
            kit.picture(doc, png, 16.0)
            kit.paragraph(doc, caption, "表题")
    kit.heading(doc, f"{_chinese(6 + bool(data.score_files) + bool(charts))}、专家组签字", page_break=not charts)
    signature_block(doc, data, [e.name for e in data.experts], LANDSCAPE_CM * 0.8)
    return kit.save(doc, path, f"{data.title}评审汇总表", _author(data))


def _method_rule(data: PanelData) -> str:
    s = data.settings
    if s.method == "trimmed":
        return f"去掉一个最高分和一个最低分后的平均分（完整评分不足 {s.trim_min_panel} 份时为平均分）"
    return "中位数" if s.method == "median" else "平均分"


def _overview(data: PanelData) -> list[list[object]]:
    rows = []
    for direction, block in data.stats.groupby("direction", sort=True):
        t = data.totals[data.totals["direction"] == direction]
        w = data.agreement.get(int(direction))
        rows.append([data.direction_label(int(direction)), len(block), t["expert_id"].nunique(), int(t["complete"].sum()),
                     w.text() if w is not None else "—", int(block["proposed"].sum())])
    return rows


def _ranking(data: PanelData, block: Any, formal: bool) -> tuple[list[str], list[list[object]], list[float], str]:
    header = ["排名", "项目编号", "项目名称", "申报单位", "推荐单位", *(["形式审查"] if formal else []),
              "完整评分", "平均分", "标准差", "综合得分", "标注"]
    rows = []
    for r in block.itertuples(index=False):
        line: list[object] = ["—" if missing(r.rank) else int(r.rank), r.code, r.project_name, r.applicant, r.recommender]
        if formal:
            line.append(data.formal.get(int(r.declaration_id), ""))
        line += [int(r.n), fmt(r.mean), fmt(r.std), fmt(r.consolidated) or NOT_SCORED,
                 "、".join(FLAG_TEXT[k] for k in ("proposed", "vetoed", "tied") if getattr(r, k))]
        rows.append(line)
    widths = [1.2, 2.6, 0.0, 4.6, 2.2, *([2.0] if formal else []), 1.6, 1.7, 1.7, 1.9, 2.0]
    widths[2] = LANDSCAPE_CM - sum(widths)
    return header, rows, widths, "cclll" + ("c" if formal else "") + "ccccc"


def vetoed_rows(data: PanelData) -> list[list[object]]:
    """The vetoed declarations with their veto items and reasons."""
    sitting = data.totals[~data.totals["recused"]]
    rows: list[list[object]] = []
    for r in data.stats[data.stats["vetoed"]].itertuples(index=False):
        mine = sitting[sitting["declaration_id"] == r.declaration_id]
        rows.append([f"方向{int(r.direction)}", r.code, r.project_name, f"{int(r.vetoed_by)}/{int(r.panel)}",
                     veto_summary(data, int(r.direction), mine)])
    return rows


def _matrix(doc: Any, data: PanelData, direction: int, block: Any) -> None:
    """Each expert's total per declaration: a matrix table per group of ≤ 10 experts, header repeated on every page."""
    t = data.totals[data.totals["direction"] == direction]
    experts = list(t.drop_duplicates("expert_id").sort_values("expert_id")["expert"])
    by_pair = {(int(r.declaration_id), r.expert): r for r in t.itertuples(index=False)}
    flagged = {(int(d), e) for d, e in zip(data.deviations["declaration_id"], data.deviations["expert"])}
    groups = [experts[i:i + MATRIX_COLUMNS] for i in range(0, len(experts), MATRIX_COLUMNS)] or [[]]
    for k, names in enumerate(groups, 1):
        part = f"（专家 {MATRIX_COLUMNS * (k - 1) + 1}–{MATRIX_COLUMNS * (k - 1) + len(names)}）" if len(groups) > 1 else ""
        kit.caption(doc, f"{data.direction_label(direction)} 各专家总分{part}")
        rows = [["—" if missing(r.rank) else int(r.rank), r.code,
                 *[_expert_total(by_pair.get((int(r.declaration_id), name)), (int(r.declaration_id), name) in flagged) for name in names],
                 fmt(r.consolidated) or NOT_SCORED] for r in block.itertuples(index=False)]
        each = min(2.1, (LANDSCAPE_CM - 6.8) / max(len(names), 1))
        kit.table(doc, ["排名", "项目编号", *names, "综合得分"], rows, [1.2, 3.4, *[each] * len(names), 2.2],
                  size="小四")


def _expert_total(pair: Any, flagged: bool) -> str:
    if pair is None:
        return ""
    if pair.recused:
        return "回避"
    if not pair.complete:
        if pair.vetoed:
            return "否决"
        return "未完成" if pair.submitted else "未提交"
    return fmt(pair.total) + ("*" if flagged else "")


def expert_rows(data: PanelData) -> list[list[object]]:
    t = data.totals
    complete = t[t["complete"]].copy()
    mean = complete.groupby("declaration_id")["total"].transform("mean")
    complete["off"] = (complete["total"] - mean) / mean
    rows = []
    for e in data.experts:
        mine, done = t[t["expert_id"] == e.id], complete[complete["expert_id"] == e.id]
        flags = int((data.deviations["expert_id"] == e.id).sum())
        rows.append([e.name, e.affiliation, len(mine), int(mine["recused"].sum()), len(done), fmt(done["total"].mean()),
                     fmt(done["total"].std()), f"{done['off'].mean():+.1%}" if len(done) else "", flags])
    return rows


def proposed_rows(data: PanelData) -> list[list[object]]:
    return [[i, f"方向{int(p.direction)}", int(p.rank), p.code, p.project_name, p.applicant, p.recommender,
             fmt(p.consolidated), "末位并列" if p.tie_at_cut else ""]
            for i, p in enumerate(data.proposed.itertuples(index=False), 1)]


def score_file_rows(data: PanelData) -> list[list[object]]:
    return [[f.expert, f.seq, f.fingerprint or "—", f.sha256, f.merged_at.replace("T", " ")]
            for f in data.score_files]


# --- 个人评分表 ------------------------------------------------------------------------------------

def personal(data: PanelData, review: Any, expert: Any, path: Path) -> Path:
    doc = kit.new_document(landscape=True)
    kit.title(doc, f"{data.title}\n个人评分表")
    kit.note(doc, f"评审专家：{expert.name}　　工作单位：{expert.affiliation or '—'}　　评审日期：{data.today}")
    files = [f for f in data.score_files if f.expert_id == expert.id]
    fingerprint = data.key_fingerprints.get(int(expert.id), "") or (files[-1].fingerprint if files else "")
    if fingerprint or files:
        kit.note(doc, f"签名密钥指纹：{fingerprint or '—'}　　评分文件 SHA-256：{files[-1].sha256 if files else '（尚未汇入）'}")
    mine = data.totals[data.totals["expert_id"] == expert.id]
    scores = data.scores[data.scores["expert_id"] == expert.id]
    points = {(r.declaration_id, r.criterion_id): r.points for r in scores.itertuples(index=False)}
    remarks = {(r.declaration_id, r.criterion_id): r.remark for r in scores.itertuples(index=False) if r.remark}
    project = dict(zip(data.stats["declaration_id"], data.stats["project_name"]))
    if mine.empty:
        kit.body(doc, "本专家未分配评审项目。")
    for k, (direction, block) in enumerate(mine.groupby("direction", sort=True), 1):
        rubric = data.rubrics.get(int(direction)) or review.rubric(int(direction))
        kit.heading(doc, f"{_chinese(k)}、{data.direction_label(int(direction))}", page_break=k > 1)   # a direction a page
        kit.note(doc, "评价指标：" + "；".join(f"{c.id} {c.name}（{c.max:g} 分）" for c in rubric.criteria), keep=True)
        header = ["项目编号", "项目名称", *[f"{c.id}\n{c.max:g}" for c in rubric.criteria], "总分", "建议", "否决项"]
        rows, notes = [], []
        for r in block.itertuples(index=False):
            if r.recused:
                rows.append([r.code, project[r.declaration_id], *["—"] * len(rubric.criteria), "回避", "", ""])
                notes.append([r.code, "回避：" + (data.recusals.get((expert.id, r.declaration_id)) or "（未填写理由）")])
                continue
            vetoes = r.vetoes if isinstance(r.vetoes, dict) else {}
            rows.append([r.code, project[r.declaration_id],
                         *[fmt(points.get((r.declaration_id, c.id)), 1) or NOT_SCORED for c in rubric.criteria],
                         _personal_total(r), RECOMMENDATION.get(r.recommendation or "", ""), "、".join(sorted(vetoes))])
            notes.append([r.code, _personal_note(data, int(direction), r, vetoes, remarks, rubric)])
        n = len(rubric.criteria)
        crit = min(1.6, (LANDSCAPE_CM - 3.4 - 1.8 - 1.6 - 2.0 - 6.0) / n)
        widths = [3.4, 0.0, *[crit] * n, 1.8, 1.6, 2.0]
        widths[1] = LANDSCAPE_CM - sum(widths)
        small = len(rows) <= 12
        kit.table(doc, header, rows, widths, "cl" + "c" * (n + 3), size="小四", keep="next" if small else "")
        kit.caption(doc, "评审意见、否决理由与备注")
        kit.table(doc, ["项目编号", "评审意见、否决理由与备注"], notes, [3.4, LANDSCAPE_CM - 3.4], "cl", size="小四",
                  keep="whole" if small else "")
    kit.paragraph(doc, "本人已如实、独立评分，与所评项目不存在须回避的关系（已声明回避的除外）。", "签署", keep=True)
    kit.signature_line(doc, "评审专家", expert.name)
    return kit.save(doc, path, f"{expert.name} 个人评分表", expert.name)


def _personal_total(r: Any) -> str:
    if r.complete:
        return fmt(r.total, 1)
    return "否决" if r.vetoed else "未完成"


def _personal_note(data: PanelData, direction: int, r: Any, vetoes: dict[str, str], remarks: dict[Any, str], rubric: Any) -> str:
    lines = [str(r.opinion or "").strip()]
    lines += [f"否决项 {data.veto_name(direction, item)}：{reason or '（未填写理由）'}" for item, reason in sorted(vetoes.items())]
    remark = "；".join(f"{c.id}：{remarks[(r.declaration_id, c.id)]}" for c in rubric.criteria if (r.declaration_id, c.id) in remarks)
    if remark:
        lines.append(f"备注：{remark}")
    return "\n".join(line for line in lines if line) or "（未填写）"


def _chinese(k: int) -> str:
    digits = "零一二三四五六七八九十"
    return digits[k] if k <= 10 else ("十" + digits[k - 10] if k < 20 else str(k))


# --- 形式审查报告 ----------------------------------------------------------------------------------

def formal(data: PanelData, review: Any, call: Any, path: Path) -> Path:
    from reviewer.formal_check import findings, quota_table

    doc = kit.new_document()
    kit.title(doc, f"{data.title}\n形式审查报告")
    found = findings(review)
    severity = {"error": "错误", "warning": "警告", "info": "提示"}
    counts = {name: sum(f.severity.value == key for f in found) for key, name in severity.items()}
    kit.heading(doc, "一、审查发现的问题")
    if not found:
        kit.body(doc, "未发现问题。")
    else:
        kit.body(doc, f"共发现问题 {len(found)} 条：" + "，".join(f"{k} {v} 条" for k, v in counts.items() if v) + "。")
        rows = [[i, f.declaration or f.file.split("/")[0], severity.get(f.severity.value, f.severity.value), f.message("zh")]
                for i, f in enumerate(found, 1)]
        kit.table(doc, ["序号", "申报项目 / 文件", "级别", "说明"], rows, [1.2, 3.4, 1.4, 9.6], "clcl", size="小四")
    kit.heading(doc, "二、推荐名额")
    lines = quota_table(review, call)
    kit.table(doc, ["推荐单位", "类别", "方向组", "推荐数", "限额", "入选数", "说明"],
              [[q.recommender, q.kind, q.group, q.recommended, q.allowed, q.selected, "超出限额" if q.over else ""]
               for q in lines if q.recommended], [3.6, 4.4, 2.0, 1.4, 1.2, 1.4, 1.6], "llccccc", size="小四")
    kit.note(doc, "注：超出名额的项目按推荐单位的推荐顺序选取，其余不予评审；仅列出有推荐项目的名额组。")
    kit.heading(doc, "三、形式审查结论")
    verdicts = formal_rows(data, review)
    total = len(data.formal)
    kit.body(doc, f"共 {total} 个申报项目，其中 {total - len(verdicts)} 个形式审查合格，其余 {len(verdicts)} 个的结论与处理理由见下表。"
             if verdicts else f"共 {total} 个申报项目，均形式审查合格。")
    if verdicts:
        kit.table(doc, ["项目编号", "项目名称", "形式审查", "处理理由"], verdicts, [3.0, 5.4, 2.4, 4.8], "clcl", size="小四")
    kit.signature_line(doc, "审查人", keep=True)
    kit.paragraph(doc, f"报告日期：{data.today}", "签署", align="right")
    return kit.save(doc, path, f"{data.title}形式审查报告", _author(data))


def formal_rows(data: PanelData, review: Any) -> list[list[object]]:
    """Every declaration whose formal status is not 合格: its status and the chair's reason (if resolved)."""
    with review.engine.connect() as connection:
        rows = connection.exec_driver_sql(
            "SELECT d.id, d.code, d.project_name, COALESCE(r.reason, '') FROM declaration d "
            "LEFT JOIN formal_resolution r ON r.declaration_id = d.id ORDER BY d.direction, d.recommender_id, d.seq").all()
    ok = status_text("ok")
    return [[code, name, data.formal[int(d)], reason or "—"] for d, code, name, reason in rows
            if data.formal.get(int(d), ok) != ok]


def status_text(status: str) -> str:
    from reviewer.formal_status import status_label

    return status_label(status, "zh")
