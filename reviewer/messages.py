"""Sentences for the core's error codes, in Chinese (first) and English.

Templates use ``str.format`` with the error's parameters. A message always
names the file and, where there is one, the place in it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

_TEMPLATES: dict[str, tuple[str, str]] = {
    # data files (call, rubrics)
    "file_missing": ("找不到文件。", "The file does not exist."),
    "file_unreadable": ("无法读取文件：{detail}", "The file cannot be read: {detail}"),
    "syntax": ("文件格式有误（第 {line} 行第 {col} 列）：{detail}",
               "The file is malformed (line {line}, column {col}): {detail}"),
    "schema_unsupported": ("文件的格式版本 {found} 不受支持（本程序支持 {expected}）。",
                           "Format version {found} is not supported (this program reads {expected})."),
    "field_missing": ("缺少必填项“{field}”。", "The required field '{field}' is missing."),
    "bad_value": ("“{field}”的值 {value!r} 无效：{why}", "'{field}' has an invalid value {value!r}: {why}"),
    "duplicate_id": ("编号“{id}”重复出现。", "The id '{id}' occurs more than once."),
    "total_mismatch": ("方向{direction}的满分合计为 {total:g} 分，应为 {expected:g} 分。",
                       "Direction {direction} totals {total:g} points; it must total {expected:g}."),
    "common_total": ("共性指标合计 {total:g} 分与各方向合计不符。",
                     "The common criteria total {total:g} points, which does not add up."),
    "level_gap": ("评分档次没有覆盖 0–{max:g} 分（{why}）。",
                  "The grade levels do not cover 0–{max:g} points ({why})."),
    "direction_missing": ("缺少方向{direction}（{name}）的评分细则。",
                          "There is no rubric for direction {direction} ({name})."),
    "direction_unknown": ("方向{direction}不在本次申报通知的 10 个方向之内。",
                          "Direction {direction} is not one of the call's 10 directions."),
    # store
    "db_newer": ("评审库由更新版本的评审工作台创建（库版本 {found}，本程序最高支持 {supported}），请升级程序后再打开。文件未被改动。",
                 "This review database was written by a newer version of the workbench (schema {found}; this program knows up to {supported}). Please upgrade. The file was not changed."),
    "db_not_review": ("这不是评审工作台的评审库。文件未被改动。",
                      "This is not a review database of the workbench. The file was not changed."),
    "db_corrupt": ("评审库已损坏或不是 SQLite 数据库：{detail}。文件未被改动。",
                   "The review database is damaged or not an SQLite database: {detail}. The file was not changed."),
    "db_migration_failed": ("升级评审库到版本 {version} 失败：{detail}。已恢复原文件，备份在 {backup}。",
                            "Upgrading the review database to version {version} failed: {detail}. The original is untouched; a backup is at {backup}."),
    "db_readonly": ("评审库无法写入（只读或被占用）：{detail}",
                    "The review database cannot be written (read-only or in use): {detail}"),
    # scoring
    "score_out_of_range": ("“{criterion}”的分值 {value:g} 超出范围（0–{max:g} 分）。",
                           "The score {value:g} for '{criterion}' is out of range (0–{max:g})."),
    "score_step": ("“{criterion}”的分值 {value:g} 须为 0.5 的整数倍。",
                   "The score {value:g} for '{criterion}' must be a multiple of 0.5."),
    "criterion_unknown": ("评分细则中没有指标“{criterion}”。", "The rubric has no criterion '{criterion}'."),
    "veto_unknown": ("评分细则中没有否决项“{veto}”。", "The rubric has no veto item '{veto}'."),
    "declaration_unknown": ("评审库中没有申报项目 {declaration}。", "The review has no declaration {declaration}."),
    "reason_required": ("{what}必须填写理由。", "{what} needs a reason."),
    # batch
    "batch_missing": ("找不到申报批次。", "The batch does not exist."),
    "batch_empty": ("批次中没有可识别的推荐单位或申报书。", "The batch holds no recognisable recommender or application form."),
    "batch_incomplete": ("批次不完整，未导入：{detail}", "The batch is incomplete and was not imported: {detail_en}"),
    "batch_conflict": ("该评审库已导入另一批次（{other}），请为新批次使用新的评审库。文件未被改动。",
                       "This review already holds another batch ({other}); use a new database for this batch. The file was not changed."),
    "table_header": ("汇总表中找不到表头（需要“序号”“项目名称”“申报单位”“所属方向”等列）。",
                     "The summary table has no header row (columns such as 序号, 项目名称, 申报单位, 所属方向)."),
    "table_cell": ("汇总表单元格 {cell} 无法识别：{detail}", "Summary table cell {cell} cannot be read: {detail}"),
    "document_missing": ("汇总表第 {order} 项“{project}”没有对应的申报书文件。",
                         "Item {order} '{project}' of the summary table has no application form file."),
    "document_unreadable": ("申报书无法读取（{reason}）。请检查文件是否损坏、加密或过大。",
                            "The application form cannot be read ({reason}). Check whether it is damaged, encrypted or too large."),
    "document_unsupported": ("不支持此文件格式，请另存为 .docx 或 .pdf 后重新导入。",
                             "This file format is not supported; save it as .docx or .pdf and import again."),
}

_UNKNOWN = ("发生错误（{code}）。", "An error occurred ({code}).")


def describe(code: str, file: Path | None, place: str, params: dict[str, Any], lang: str = "zh") -> str:
    """Render an error as one sentence: ``file, place: fault``."""
    zh, en = _TEMPLATES.get(code, _UNKNOWN)
    template = en if lang.startswith("en") else zh
    try:
        fault = template.format(code=code, **params)
    except (KeyError, ValueError, IndexError):
        fault = f"{template} {params}"
    return _locate(file, place, lang) + fault


def _locate(file: Path | None, place: str, lang: str) -> str:
    if file is None and not place:
        return ""
    where = str(file) if file is not None else ""
    if place:
        where = f"{where}（{place}）" if not lang.startswith("en") else f"{where} ({place})"
    return f"{where}：" if not lang.startswith("en") else f"{where}: "


def known_codes() -> frozenset[str]:
    return frozenset(_TEMPLATES)
