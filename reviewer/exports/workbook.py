"""The xlsx workbook (pandas + openpyxl): the documents' tables, one sheet each, header styled, widths set, frozen.

Cells hold what a reader understands: labels instead of stored codes (推荐 / 不推荐 / 待议), 是 / 否 instead of
TRUE / FALSE, veto items with their reasons; figures stay unrounded numbers. Every sheet is set up to print:
A4 landscape, fitted to one page wide, the header row repeated on every page, the workbook's title and the
sheet's name in the page header, 第 N 页 / 共 M 页 in the footer."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from reviewer.exports.data import RECOMMENDATION, YES_NO, PanelData

if TYPE_CHECKING:
    import pandas as pd

SUMMARY_COLUMNS = {"direction": "方向", "rank": "排名", "code": "项目编号", "project_name": "项目名称", "applicant": "申报单位",
                   "recommender": "推荐单位", "formal": "形式审查", "n": "完整评分", "mean": "平均分", "median": "中位数", "trimmed": "去掉最高最低平均分",
                   "std": "标准差", "range": "极差", "consolidated": "综合得分", "vetoed": "否决", "tied": "并列",
                   "proposed": "拟支持"}
TOTALS_COLUMNS = {"expert": "专家", "code": "项目编号", "direction": "方向", "total": "总分", "z": "标准分z",
                  "complete": "评分完整", "recused": "回避", "vetoed": "提出否决项", "vetoes": "否决项及理由",
                  "recommendation": "建议", "opinion": "评审意见", "submitted": "已交回"}
CRITERIA_COLUMNS = {"code": "项目编号", "direction": "方向", "criterion_id": "指标编号", "criterion": "评价指标", "max": "分值",
                    "n": "评分数", "mean": "平均分", "median": "中位数", "trimmed": "去掉最高最低平均分", "std": "标准差",
                    "range": "极差", "consolidated": "综合得分"}
PROPOSED_COLUMNS = {"direction": "方向", "rank": "排名", "code": "项目编号", "project_name": "项目名称", "applicant": "申报单位",
                    "recommender": "推荐单位", "consolidated": "综合得分", "n": "完整评分", "tied": "并列", "tie_at_cut": "末位并列"}


def sheets(data: PanelData, review: Any, call: Any) -> dict[str, pd.DataFrame]:
    """Sheet name -> frame, in the workbook's order; every code and flag already a label."""
    import pandas as pd

    from reviewer.formal_check import findings, quota_table

    out: dict[str, pd.DataFrame] = {}
    stats = data.stats.assign(formal=data.stats["declaration_id"].map(lambda d: data.formal.get(int(d), "")),
                              direction=data.stats["direction"].map(lambda d: data.direction_label(int(d))))
    summary_columns = {k: v for k, v in SUMMARY_COLUMNS.items() if k != "formal" or data.formal}
    for direction, block in stats.groupby(data.stats["direction"], sort=True):
        out[f"汇总-方向{int(direction)}"] = _labelled(block[list(summary_columns)].rename(columns=summary_columns))
    totals = data.totals.merge(data.zscores[["expert_id", "declaration_id", "z"]], on=["expert_id", "declaration_id"], how="left")
    totals = totals.sort_values(["expert_id", "direction", "code"], ignore_index=True)
    totals["recommendation"] = totals["recommendation"].map(lambda r: RECOMMENDATION.get(r, "") if isinstance(r, str) else "")
    totals["vetoes"] = [_veto_text(data, int(d), v) for d, v in zip(totals["direction"], totals["vetoes"])]
    totals["direction"] = totals["direction"].map(lambda d: data.direction_label(int(d)))
    out["专家总分"] = _labelled(totals[list(TOTALS_COLUMNS)].rename(columns=TOTALS_COLUMNS))
    criteria = data.criteria.assign(direction=data.criteria["direction"].map(lambda d: data.direction_label(int(d))))
    out["指标统计"] = criteria[list(CRITERIA_COLUMNS)].rename(columns=CRITERIA_COLUMNS)
    proposed = data.proposed.assign(direction=data.proposed["direction"].map(lambda d: data.direction_label(int(d))))
    out["拟支持项目名单"] = _labelled(proposed[list(PROPOSED_COLUMNS)].rename(columns=PROPOSED_COLUMNS))
    severity = {"error": "错误", "warning": "警告", "info": "提示"}
    out["形式审查问题"] = pd.DataFrame([(f.declaration, severity.get(f.severity.value, f.severity.value), f.file, f.message("zh"))
                                   for f in findings(review)], columns=["申报项目", "级别", "文件", "说明"])
    out["名额"] = _labelled(pd.DataFrame([(q.recommender, q.kind, q.group, q.recommended, q.allowed, q.selected, q.over)
                                        for q in quota_table(review, call)],
                                       columns=["推荐单位", "类别", "方向组", "推荐数", "限额", "入选数", "超出限额"]))
    if data.score_files:
        out["评分文件"] = pd.DataFrame([(f.expert, f.seq, f.fingerprint, f.sha256, f.merged_at) for f in data.score_files],
                                   columns=["专家", "序号", "签名密钥指纹", "评分文件 SHA-256", "汇入时间"])
    return out


def _veto_text(data: PanelData, direction: int, vetoes: Any) -> str:
    if not isinstance(vetoes, dict):
        return ""
    return "；".join(f"{data.veto_name(direction, item)}：{reason}" for item, reason in sorted(vetoes.items()))


def _labelled(frame: pd.DataFrame) -> pd.DataFrame:
    """Boolean columns as 是 / 否."""
    import numpy as np

    for column in frame.columns:
        values = frame[column].dropna()
        if frame[column].dtype == bool or (len(values) and values.map(lambda v: isinstance(v, (bool, np.bool_))).all()):
            frame[column] = frame[column].map(lambda v: YES_NO.get(bool(v), "") if v is not None and v == v else "")
    return frame


def write(frames: dict[str, pd.DataFrame], path: Path, title: str = "") -> None:
    """One sheet per frame (openpyxl's write-only mode: fast for the 10,000-row sheets), each set up to print."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook(write_only=True)
    book.properties.title, book.properties.creator, book.properties.language = f"{title}评审数据", "评审工作台", "zh-CN"
    font, fill = Font(bold=True), PatternFill("solid", fgColor="DCE6F2")
    alignment = Alignment(vertical="center", horizontal="center", wrap_text=True)
    for name, frame in frames.items():
        ws = book.create_sheet(name)
        for i, column in enumerate(frame.columns):
            sample = [str(column)] + [str(v) for v in frame[column].head(200)]
            ws.column_dimensions[_letter(i)].width = min(max(max(_width(t) for t in sample) + 2, 8), 60)
        ws.freeze_panes = "A2"
        _print_setup(ws, f"{title}评审数据 · {name}")
        header = []
        for column in frame.columns:
            cell = WriteOnlyCell(ws, value=str(column))
            cell.font, cell.fill, cell.alignment = font, fill, alignment
            header.append(cell)
        ws.append(header)
        figures = [_two_decimals(ws) for _ in frame.columns]
        for row in frame.astype(object).where(frame.notna(), None).itertuples(index=False, name=None):
            ws.append([_figure(figure, v) for figure, v in zip(figures, row)])
    book.save(path)


def _print_setup(ws: Any, heading: str) -> None:
    """A4 landscape, one page wide (as many tall as needed), header row on every page, header and footer."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9          # A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.print_options.gridLines = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.oddHeader.center.text = heading.replace("&", "&&")
    ws.oddFooter.center.text = "第 &P 页 / 共 &N 页"
    ws.oddFooter.right.text = "&D"


def _two_decimals(ws: Any) -> Any:
    """A cell shown with two decimals; write-only mode writes a row when it is appended, so one such cell per
    column is reused for every row (far cheaper than styling a new cell per figure)."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws)
    cell.number_format = "0.00"
    return cell


def _figure(cell: Any, value: Any) -> Any:
    """A float in the column's two-decimal cell (the unrounded value is stored); anything else as it is."""
    value = _plain(value)
    if isinstance(value, float):
        cell.value = value
        return cell
    return value


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
