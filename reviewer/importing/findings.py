"""Findings of the formal check: a stable code, a severity, the file, the declaration, a message."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Severity(str, Enum):
    ERROR = "error"      # the declaration cannot be reviewed as it stands
    WARNING = "warning"  # a person should look at it
    INFO = "info"        # what the app did, so nobody is surprised


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    file: str = ""          # relative to the batch root
    declaration: str = ""   # the declaration's code, e.g. "浙江省-03"
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str = "zh") -> str:
        zh, en = TEMPLATES[self.code]
        template = en if lang.startswith("en") else zh
        try:
            return template.format(**self.params)
        except (KeyError, IndexError, ValueError):
            return f"{template} {self.params}"

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        return {"code": self.code, "severity": self.severity.value, "file": self.file,
                "declaration": self.declaration, "message": self.message(lang), "params": self.params}


TEMPLATES: dict[str, tuple[str, str]] = {
    "quota_exceeded": (
        "{recommender}推荐的{group}项目超过名额（第 {position} 个，限 {max} 个），按通知“默认按顺序选取”，本项目不予评审。",
        "{recommender} recommended more {group} projects than allowed (no. {position}, limit {max}); as the notice says, the first ones in order are taken and this one is not reviewed."),
    "invalid_credit_code": (
        "统一社会信用代码“{credit_code}”无效（{why}）。",
        "The unified social credit code '{credit_code}' is invalid ({why_en})."),
    "not_legal_person": (
        "申报单位“{applicant}”不具备独立法人资格（{why}）。",
        "The applicant '{applicant}' is not an independent legal person ({why_en})."),
    "missing_document": (
        "缺少{what}。",
        "The {what_en} is missing."),
    "unreadable_document": (
        "文件无法读取（{why}），请向推荐单位索取完好的文件。",
        "The file cannot be read ({why_en}); ask the recommender for an intact copy."),
    "unsupported_format": (
        "不支持 {suffix} 格式，请另存为 .docx 或 .pdf 后重新导入。",
        "The {suffix} format is not supported; save the file as .docx or .pdf and import again."),
    "no_text_layer": (
        "PDF 没有文字层（可能是扫描件），项目信息取自汇总表，请人工核对。",
        "The PDF has no text layer (probably a scan); the project's data come from the summary table — check them by hand."),
    "unknown_direction": (
        "无法识别所属方向“{direction}”。",
        "The direction '{direction}' is not one of the call's directions."),
    "unknown_recommender": (
        "无法识别推荐单位“{name}”，该文件夹未导入。",
        "The recommender '{name}' is not known; this folder was not imported."),
    "duplicate_declaration": (
        "与 {other} 重复：申报单位和项目名称相同。",
        "Duplicates {other}: same applicant and project name."),
    "field_mismatch": (
        "汇总表与申报书的{field}不一致：汇总表为“{table}”，申报书为“{form}”。",
        "The summary table and the form disagree on {field_en}: table '{table}', form '{form}'."),
    "missing_field": (
        "申报书中找不到“{field}”。",
        "The form has no '{field_en}'."),
    "unassigned_file": (
        "该文件不属于任何申报项目（文件名既无项目序号也不含项目名称），未导入。",
        "This file belongs to no declaration (its name has neither a project number nor a project name); it was not imported."),
    "unsafe_path": (
        "路径指向批次之外（“{target}”），出于安全未读取，也不会进入专家工作包。",
        "The path leads outside the batch ('{target}'); for safety it was not read and goes into no package."),
    "control_characters": (
        "{what}中含有 {count} 个无法保存的控制字符（如 NUL、垂直制表符），已删除，请核对。",
        "The {what_en} held {count} control character(s) that cannot be stored (such as NUL or a vertical tab); they were removed — please check it."),
    "number_lost_digits": (
        "汇总表第 {rows} 行的统一社会信用代码存成了数字，后几位已丢失（表格软件只保留 15 位），改以申报书中的代码为准，请核对。",
        "In row(s) {rows} of the summary table the credit code was stored as a number and lost its last digits (spreadsheets keep 15); the form's code is used instead — please check."),
    "order_continued": (
        "{unit}的项目序号重新从 1 开始，作为{recommender}的补充材料接续在前一部分之后（自第 {first} 个起）。",
        "The numbers in {unit} start again at 1; as {recommender}'s supplement they continue after the earlier part (from no. {first})."),
    "order_conflict": (
        "推荐顺序冲突：第 {order} 个已由 {other} 使用，本项目排在最后（第 {new} 个），请与推荐单位核实顺序。",
        "Order conflict: no. {order} is already taken by {other}; this project was put last (no. {new}) — check the order with the recommender."),
    "batch_found_inside": (
        "申报批次位于所选文件夹的子文件夹“{folder}”中，已从该处导入。",
        "The batch is in the sub-folder '{folder}' of the chosen folder and was imported from there."),
    "order_from_file_names": (
        "没有推荐项目汇总表，项目顺序按文件名编号确定。",
        "There is no summary table; the order of the projects follows the numbers in the file names."),
}

CREDIT_CODE_FAULTS = {"length": ("长度不是 18 位", "not 18 characters"),
                      "character": ("含有不允许的字符", "contains characters that never occur"),
                      "check_digit": ("校验位错误", "wrong check digit")}
LEGAL_PERSON_FAULTS = {"individual_business": ("个体工商户", "an individual business"),
                       "branch": ("分公司", "a branch office")}


def finding(code: str, severity: Severity, file: str = "", declaration: str = "", **params: Any) -> Finding:
    return Finding(code, severity, file, declaration, params)
