"""The xlsx workbook (pandas + openpyxl): the documents' tables, one sheet each, header styled, widths set, frozen."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from reviewer.exports.data import PanelData

if TYPE_CHECKING:
    import pandas as pd

SUMMARY_COLUMNS = {"rank": "排名", "code": "项目编号", "project_name": "项目名称", "applicant": "申报单位",
                   "recommender": "推荐单位", "n": "有效评分", "mean": "平均分", "median": "中位数", "trimmed": "去掉最高最低平均分",
                   "std": "标准差", "range": "极差", "consolidated": "综合得分", "vetoed": "否决", "tied": "并列",
                   "proposed": "拟支持"}
TOTALS_COLUMNS = {"expert": "专家", "code": "项目编号", "direction": "方向", "total": "总分", "z": "标准分z",
                  "complete": "完整", "recused": "回避", "vetoed": "否决项", "recommendation": "建议", "opinion": "评审意见"}
CRITERIA_COLUMNS = {"code": "项目编号", "direction": "方向", "criterion_id": "指标编号", "criterion": "评价指标", "max": "分值",
                    "n": "评分数", "mean": "平均分", "median": "中位数", "trimmed": "去掉最高最低平均分", "std": "标准差",
                    "range": "极差", "consolidated": "综合得分"}
PROPOSED_COLUMNS = {"direction": "方向", "rank": "排名", "code": "项目编号", "project_name": "项目名称", "applicant": "申报单位",
                    "recommender": "推荐单位", "consolidated": "综合得分", "n": "有效评分", "tied": "并列", "tie_at_cut": "末位并列"}


def sheets(data: PanelData, review: Any, call: Any) -> dict[str, pd.DataFrame]:
    """Sheet name -> frame, in the workbook's order."""
    import pandas as pd

    from reviewer.formal_check import findings, quota_table

    out: dict[str, pd.DataFrame] = {}
    for direction, block in data.stats.groupby("direction", sort=True):
        out[f"汇总-方向{int(direction)}"] = block[list(SUMMARY_COLUMNS)].rename(columns=SUMMARY_COLUMNS).reset_index(drop=True)
    totals = data.totals.merge(data.zscores[["expert_id", "declaration_id", "z"]], on=["expert_id", "declaration_id"], how="left")
    totals = totals.sort_values(["expert_id", "direction", "code"], ignore_index=True)
    out["专家总分"] = totals[list(TOTALS_COLUMNS)].rename(columns=TOTALS_COLUMNS)
    out["指标统计"] = data.criteria[list(CRITERIA_COLUMNS)].rename(columns=CRITERIA_COLUMNS)
    out["拟支持项目名单"] = data.proposed[list(PROPOSED_COLUMNS)].rename(columns=PROPOSED_COLUMNS)
    severity = {"error": "错误", "warning": "警告", "info": "提示"}
    out["形式审查问题"] = pd.DataFrame([(f.declaration, severity.get(f.severity.value, f.severity.value), f.code, f.file, f.message("zh"))
                                   for f in findings(review)], columns=["申报项目", "级别", "代码", "文件", "说明"])
    out["名额"] = pd.DataFrame([(q.recommender, q.kind, q.group, q.recommended, q.allowed, q.selected) for q in quota_table(review, call)],
                             columns=["推荐单位", "类别", "方向组", "推荐数", "限额", "入选数"])
    return out


def write(frames: dict[str, pd.DataFrame], path: Path) -> None:
    """One sheet per frame (openpyxl's write-only mode: fast for the 10,000-row sheets)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook(write_only=True)
    font, fill = Font(bold=True), PatternFill("solid", fgColor="DCE6F2")
    alignment = Alignment(vertical="center", horizontal="center", wrap_text=True)
    for name, frame in frames.items():
        ws = book.create_sheet(name)
        for i, column in enumerate(frame.columns):
            sample = [str(column)] + [str(v) for v in frame[column].head(200)]
            ws.column_dimensions[_letter(i)].width = min(max(max(_width(t) for t in sample) + 2, 8), 60)
        ws.freeze_panes = "A2"
        header = []
        for column in frame.columns:
            cell = WriteOnlyCell(ws, value=str(column))
            cell.font, cell.fill, cell.alignment = font, fill, alignment
            header.append(cell)
        ws.append(header)
        for row in frame.astype(object).where(frame.notna(), None).itertuples(index=False, name=None):
            ws.append([_plain(v) for v in row])
    book.save(path)


def _plain(value: Any) -> Any:
    """numpy scalars as Python values; anything else openpyxl cannot store as text."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if hasattr(value, "item"):
        return value.item()
    return str(value)


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _letter(index: int) -> str:
    """Column letter of a 0-based index (A, …, Z, AA, …)."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)
