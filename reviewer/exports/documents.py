"""The Word documents: 专家组评审意见 (one per declaration), 评审汇总表, 个人评分表 (one per expert), 形式审查报告."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reviewer.exports import docxkit as kit
from reviewer.exports.data import PanelData, fmt

FLAG_TEXT = {"vetoed": "否决", "tied": "并列", "proposed": "拟支持", "tie_at_cut": "末位并列"}
RECOMMENDATION = {"recommend": "推荐", "not_recommend": "不推荐", "undecided": "待定"}


# --- 专家组评审意见 --------------------------------------------------------------------------------

def opinion(data: PanelData, row: Any, path: Path) -> Path:
    """One declaration's consolidated opinion; ``row`` is its line of declaration_stats (a namedtuple)."""
    doc = kit.new_document()
    kit.title(doc, "新型信息消费示范项目专家组评审意见")
    kit.table(doc, ["项目", "内容"], [
        ["项目编号", row.code], ["项目名称", row.project_name], ["申报单位", row.applicant],
        ["推荐单位", row.recommender], ["所属方向", data.direction_label(int(row.direction))]], [3.2, 12.4], "cl")
    kit.heading(doc, "一、评审情况")
    n = int(row.n)
    kit.body(doc, f"本项目由 {int(row.panel)} 位专家评审（回避 {int(row.recused)} 位），有效评分 {n} 份；"
                  f"综合得分按{data.method_text(n)}计算。")
    lines = data.criteria_of(int(row.declaration_id))
    rows: list[list[object]] = [[i, name, fmt(top, 0), fmt(mean), fmt(value)] for i, (name, top, mean, value) in enumerate(lines, 1)]
    rows.append(["", "综合得分（总分）", fmt(sum(line[1] for line in lines), 0), fmt(row.mean), fmt(row.consolidated)])
    kit.table(doc, ["序号", "评价指标", "分值", "平均分", "综合得分"], rows, [1.4, 8.4, 1.8, 2.0, 2.0], "clccc", bold_last=True)
    kit.note(doc, "注：各指标综合得分为该指标专家评分按上述方法计算的结果；总分的综合得分按专家总分计算，可能与各指标之和略有差异。")
    kit.body(doc, _standing(data, row))
    text, dissent = data.opinions.get(int(row.declaration_id), ("", ""))
    kit.heading(doc, "二、专家组意见")
    kit.body(doc, text or "（未填写）")
    kit.heading(doc, "三、不同意见")
    kit.body(doc, dissent or "无。")
    kit.heading(doc, "四、专家组签字")
    kit.signature_lines(doc, "专家组组长")
    members = _members(data, int(row.declaration_id))
    kit.table(doc, ["序号", "专家姓名", "签字", "日期"], [[i, name, "", ""] for i, name in enumerate(members, 1)],
              [1.4, 4.2, 5.6, 4.4], row_cm=1.0)
    kit.note(doc, f"评审日期：{data.today}")
    return kit.save(doc, path)


def _missing(value: object) -> bool:
    """None, NaN or pandas' NA (a declaration nobody finished scoring has no rank)."""
    import pandas as pd

    return value is None or bool(pd.isna(value))


def rank_text(data: PanelData, row: Any) -> str:
    size = data.direction_size(int(row.direction))
    if _missing(row.rank):
        return f"无排名（共 {size} 项）"
    return f"第 {int(row.rank)} 名（共 {size} 项）"


def _standing(data: PanelData, row: Any) -> str:
    parts = [f"在“{data.direction_label(int(row.direction))}”中排名：{rank_text(data, row)}。"]
    if row.tied:
        parts.append("与其他项目得分并列。")
    if row.vetoed:
        parts.append(f"超过半数专家（{int(row.vetoed_by)} 位）提出否决项，排在未否决项目之后。")
    parts.append("列入拟支持项目名单。" if row.proposed else "未列入拟支持项目名单。")
    return "".join(parts)


def _members(data: PanelData, declaration_id: int) -> list[str]:
    """The experts who scored the declaration: assigned, submitted, not recused."""
    return data.members_of(declaration_id)


# --- 评审汇总表 ------------------------------------------------------------------------------------

def summary(data: PanelData, charts: list[tuple[str, bytes]], path: Path) -> Path:
    doc = kit.new_document(landscape=True)
    kit.title(doc, "新型信息消费示范项目评审汇总表")
    kit.note(doc, f"评审：{data.title}　　综合得分方法：{data.method_text(99)}（不足 {data.settings.trim_min_panel} 位专家时为平均分）"
                  f"　　偏离标注：偏离专家平均分超过 ±{data.settings.deviation:.0%}　　日期：{data.today}")
    kit.heading(doc, "一、总体情况")
    kit.table(doc, ["方向", "申报项目数", "评审专家数", "有效评分（份）", "肯德尔和谐系数 W", "拟支持项目数"],
              _overview(data), [8.0, 2.8, 2.8, 3.0, 3.6, 3.0], "lccccc")
    kit.heading(doc, "二、各方向排名")
    for direction, block in data.stats.groupby("direction", sort=True):
        note = f"{data.direction_label(int(direction))}（{len(block)} 项）"
        kit.note(doc, note)
        header, rows, widths, align = _ranking(data, block)
        kit.table(doc, header, rows, widths, align, size="五号")
    kit.heading(doc, "三、专家评分情况")
    kit.table(doc, ["专家", "工作单位", "评审项目", "回避", "有效总分", "平均总分", "标准差", "与专家组平均的平均偏离", "偏离标注"],
              expert_rows(data), [2.6, 5.4, 2.0, 1.6, 2.0, 2.4, 2.0, 4.4, 2.2], "llccccccc", size="五号")
    kit.heading(doc, "四、拟支持项目名单")
    kit.table(doc, ["序号", "方向", "排名", "项目编号", "项目名称", "申报单位", "推荐单位", "综合得分", "备注"],
              proposed_rows(data) or [["", "", "", "", "（未设置拟支持名额，或无符合条件的项目）", "", "", "", ""]], [1.4, 2.2, 1.4, 2.6, 6.4, 5.0, 2.6, 2.0, 2.0], "ccccllccc", size="五号")
    if charts:
        kit.heading(doc, "五、图表")
        for caption, png in charts:
            kit.picture(doc, png, 20)
            kit.note(doc, caption)
    kit.heading(doc, "六、专家组签字")
    kit.signature_lines(doc, "专家组组长")
    kit.table(doc, ["序号", "专家姓名", "签字", "日期"], [[i, e.name, "", ""] for i, e in enumerate(data.experts, 1)],
              [1.6, 5.0, 8.0, 5.0], row_cm=1.0)
    return kit.save(doc, path)


def _overview(data: PanelData) -> list[list[object]]:
    rows = []
    for direction, block in data.stats.groupby("direction", sort=True):
        t = data.totals[data.totals["direction"] == direction]
        w = data.kendall.get(int(direction))
        rows.append([data.direction_label(int(direction)), len(block), t["expert_id"].nunique(), int(t["complete"].sum()),
                     fmt(w, 3) if w is not None else "—", int(block["proposed"].sum())])
    return rows


def _ranking(data: PanelData, block: Any) -> tuple[list[str], list[list[object]], list[float], str]:
    t = data.totals[data.totals["direction"] == block["direction"].iloc[0]]
    names = list(t.drop_duplicates("expert_id").sort_values("expert_id")["expert"])
    by_pair = {(r.declaration_id, r.expert): r for r in t.itertuples(index=False)}
    flagged = set(zip(data.deviations["declaration_id"], data.deviations["expert"]))
    wide = len(names) <= 4
    header = ["排名", "项目编号", "项目名称", "申报单位", "推荐单位", "有效评分", "平均分", "标准差", "综合得分"]
    header += names if wide else ["各专家总分"]
    header.append("标注")
    rows = []
    for r in block.itertuples(index=False):
        cells = [_expert_total(by_pair.get((r.declaration_id, name)), (r.declaration_id, name) in flagged) for name in names]
        line: list[object] = ["" if str(r.rank) == "<NA>" else int(r.rank), r.code, r.project_name, r.applicant, r.recommender,
                              int(r.n), fmt(r.mean), fmt(r.std), fmt(r.consolidated)]
        line += cells if wide else ["；".join(f"{n} {c}" for n, c in zip(names, cells) if c)]
        line.append("、".join(FLAG_TEXT[k] for k in ("proposed", "vetoed", "tied") if getattr(r, k)))
        rows.append(line)
    fixed = [1.0, 2.2, 0.0, 3.4, 1.8, 1.1, 1.4, 1.4, 1.8]
    extra = [1.5] * len(names) if wide else [6.0]
    fixed[2] = 25.7 - sum(fixed) - sum(extra) - 1.6
    return header, rows, fixed + extra + [1.6], "cclllcccc" + ("c" * len(names) if wide else "l") + "c"


def _expert_total(pair: Any, flagged: bool) -> str:
    if pair is None:
        return ""
    if pair.recused:
        return "回避"
    if not pair.complete:
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


# --- 个人评分表 ------------------------------------------------------------------------------------

def personal(data: PanelData, review: Any, expert: Any, path: Path) -> Path:
    doc = kit.new_document(landscape=True)
    kit.title(doc, "新型信息消费示范项目个人评分表")
    kit.note(doc, f"评审专家：{expert.name}　　工作单位：{expert.affiliation or '—'}　　评审：{data.title}")
    mine = data.totals[data.totals["expert_id"] == expert.id]
    scores = data.scores[data.scores["expert_id"] == expert.id]
    points = {(r.declaration_id, r.criterion_id): r.points for r in scores.itertuples(index=False)}
    remarks = {(r.declaration_id, r.criterion_id): r.remark for r in scores.itertuples(index=False) if r.remark}
    project = dict(zip(data.stats["declaration_id"], data.stats["project_name"]))
    if mine.empty:
        kit.body(doc, "本专家未分配评审项目。")
    for k, (direction, block) in enumerate(mine.groupby("direction", sort=True), 1):
        rubric = review.rubric(int(direction))
        kit.heading(doc, f"{_chinese(k)}、{data.direction_label(int(direction))}")
        kit.note(doc, "评价指标：" + "；".join(f"{c.id} {c.name}（{c.max:g}分）" for c in rubric.criteria))
        header = ["项目编号", "项目名称", *[f"{c.id}\n{c.max:g}" for c in rubric.criteria], "总分", "建议", "否决项"]
        rows, notes = [], []
        for r in block.itertuples(index=False):
            if r.recused:
                rows.append([r.code, project[r.declaration_id], *["—"] * len(rubric.criteria), "回避", "", ""])
                notes.append([r.code, "回避：" + (data.recusals.get((expert.id, r.declaration_id)) or "（未填写理由）")])
                continue
            rows.append([r.code, project[r.declaration_id], *[fmt(points.get((r.declaration_id, c.id)), 1) for c in rubric.criteria],
                         fmt(r.total, 1) if r.complete else "未完成", RECOMMENDATION.get(r.recommendation or "", ""),
                         "；".join(f"{k2}：{v}" for k2, v in r.vetoes.items())])
            remark = "；".join(f"{c.id}：{remarks[(r.declaration_id, c.id)]}" for c in rubric.criteria
                              if (r.declaration_id, c.id) in remarks)
            notes.append([r.code, (r.opinion or "") + (f"\n备注：{remark}" if remark else "")])
        n = len(rubric.criteria)
        crit = (25.7 - 2.6 - 5.0 - 1.6 - 1.4 - 2.4) / n
        kit.table(doc, header, rows, [2.6, 5.0, *[crit] * n, 1.6, 1.4, 2.4], "cl" + "c" * (n + 3), size="五号")
        kit.table(doc, ["项目编号", "评审意见与备注"], notes, [2.6, 23.1], "cl", size="五号", keep_last=True)
    kit.body(doc, "本人已如实、独立评分，与所评项目不存在须回避的关系（已声明回避的除外）。", style="表注", keep=True)
    kit.signature_lines(doc, "评审专家")
    return kit.save(doc, path)


def _chinese(k: int) -> str:
    digits = "零一二三四五六七八九十"
    return digits[k] if k <= 10 else ("十" + digits[k - 10] if k < 20 else str(k))


# --- 形式审查报告 ----------------------------------------------------------------------------------

def formal(review: Any, call: Any, path: Path) -> Path:
    from reviewer.formal_check import findings, quota_table

    doc = kit.new_document()
    kit.title(doc, "新型信息消费示范项目形式审查报告")
    found = findings(review)
    severity = {"error": "错误", "warning": "警告", "info": "提示"}
    counts = {name: sum(f.severity.value == key for f in found) for key, name in severity.items()}
    kit.heading(doc, "一、审查发现的问题")
    kit.body(doc, f"共发现问题 {len(found)} 条：" + "，".join(f"{k} {v} 条" for k, v in counts.items()) + "。")
    rows = [[i, f.declaration or f.file.split("/")[0], severity.get(f.severity.value, f.severity.value), f.message("zh")]
            for i, f in enumerate(found, 1)]
    kit.table(doc, ["序号", "申报项目 / 文件", "级别", "说明"], rows or [["", "无", "", ""]], [1.2, 3.4, 1.4, 9.6], "clcl", size="五号")
    kit.heading(doc, "二、推荐名额")
    lines = quota_table(review, call)
    kit.table(doc, ["推荐单位", "类别", "方向组", "推荐数", "限额", "入选数", "说明"],
              [[q.recommender, q.kind, q.group, q.recommended, q.allowed, q.selected, "超出限额" if q.over else ""]
               for q in lines if q.recommended], [3.6, 4.0, 2.2, 1.5, 1.3, 1.5, 1.5], "llccccc", size="五号")
    kit.note(doc, "注：超出名额的项目按推荐单位的推荐顺序选取，其余不予评审；仅列出有推荐项目的名额组。")
    kit.signature_lines(doc, "审查人")
    return kit.save(doc, path)
