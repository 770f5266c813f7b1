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
    # writing files (reviewer.safeio): one code per reason, each naming the file
    "write_disk_full": ("磁盘已满，无法写入。未留下不完整的文件，请腾出空间或换一个位置。",
                        "The disk is full. No partial file was left; free some space or choose another place."),
    "write_no_permission": ("没有写入权限（{detail}）。未留下不完整的文件。",
                            "No permission to write here ({detail}). No partial file was left."),
    "write_read_only": ("该位置是只读的（{detail}），请换一个位置。",
                        "This place is read-only ({detail}); please choose another."),
    "write_no_folder": ("文件夹“{detail}”不存在。", "The folder '{detail}' does not exist."),
    "write_parent_not_folder": ("“{detail}”是一个文件，不是文件夹。", "'{detail}' is a file, not a folder."),
    "write_is_folder": ("目标是一个文件夹，不能作为文件写入。", "The target is a folder; it cannot be written as a file."),
    "write_os_error": ("写入失败：{detail}。未留下不完整的文件。", "Writing failed: {detail}. No partial file was left."),
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
    "db_corrupt_backup": ("评审库已损坏（{detail}）。文件未被改动。有一份自动备份：{backup}，可打开它的副本继续工作。",
                          "The review database is damaged ({detail}). The file was not changed. An automatic backup exists: {backup}; you can open a copy of it and go on."),
    "db_locked": ("另一个窗口或程序正在写入这个评审库，等待 {seconds} 秒后仍未结束。本次操作未完成，已保存的内容不受影响；请关闭另一处打开的评审库后重试。",
                  "Another window or program is writing to this review database and did not finish within {seconds} seconds. This operation was not done; what was saved is unaffected. Close the other window or program and try again."),
    "db_disk_full": ("磁盘已满，评审库无法写入。本次操作未保存，此前已保存的内容都在；请腾出磁盘空间后重试。",
                     "The disk is full; the review database cannot be written. This operation was not saved; everything saved before is still there. Free some disk space and try again."),
    "db_io_error": ("读写评审库时发生磁盘错误（{detail}）。本次操作未完成；请检查磁盘或 U 盘是否仍然连接。",
                    "A disk error occurred while reading or writing the review database ({detail}). This operation was not done; check that the disk or USB stick is still connected."),
    "db_cantopen": ("无法打开评审库（{detail}）：请确认文件所在的文件夹存在并且可以写入。",
                    "The review database cannot be opened ({detail}): make sure its folder exists and can be written."),
    # the command line and the GUI as a whole
    "os_error": ("文件操作失败：{detail}", "A file operation failed: {detail}"),
    "os_disk_full": ("磁盘已满（{detail}）。请腾出空间或换一个位置后重试。", "The disk is full ({detail}). Free some space or choose another place and try again."),
    "unexpected": ("发生意外错误（{detail}）。本次操作未完成，已保存的内容不受影响。技术详情已写入 {log}",
                   "An unexpected error occurred ({detail}). The operation was not completed; what was saved is unaffected. Technical details were written to {log}"),
    "interrupted": ("操作被中断，未完成的部分没有保存。", "Interrupted; the unfinished part was not saved."),
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
    "batch_not_recognised": ("所选文件夹中找不到申报批次。申报批次应包含每个推荐单位的子文件夹或压缩包（如“浙江省”、“宁波市.zip”），其中有推荐项目汇总表、推荐意见函和申报书。",
                             "No batch in the chosen folder. Expected one sub-folder or .zip per recommender (such as '浙江省' or '宁波市.zip') holding the summary table, the letter and the forms."),
    "batch_ambiguous": ("所选文件夹中有多个申报批次（{candidates}），请选择其中一个。",
                        "The chosen folder holds several batches ({candidates}); choose one of them."),
    "batch_too_many_files": ("所选文件夹中的文件超过 {count} 个，不像是申报批次，请选择批次所在的文件夹。",
                             "The chosen folder holds more than {count} files; it does not look like a batch. Choose the batch's own folder."),
    "batch_too_large": ("压缩包超出可读取的范围（{detail}），未导入。",
                        "The archive is beyond what can be read ({detail}); nothing was imported."),
    # the panel
    "expert_header": ("专家名单中找不到表头（至少需要“姓名”和“评审方向”两列）。文件中的内容均未导入。",
                      "The expert list has no header row (it needs at least 'name' and 'directions'). Nothing from it was stored."),
    "expert_cell": ("专家名单单元格有误：{detail}。文件中的内容均未导入。",
                    "A cell of the expert list is wrong: {detail}. Nothing from it was stored."),
    "expert_list_empty": ("专家名单中没有专家。", "The expert list holds no expert."),
    # the chair: formal-check resolutions, assignment, settings
    "formal_bad_correction": ("更正无效：{field}“{value}”不可用（{why}）。未作改动。",
                              "The correction is refused: {field} '{value}' is not valid ({why}). Nothing was changed."),
    "formal_same_value": ("{field}已是“{value}”，无需更正。", "{field} is already '{value}'; nothing to correct."),
    "formal_bad_document": ("补充材料无法读取（{why}），请提供可读取的 .docx 或 .pdf 文件。未作改动。",
                            "The supplementary document cannot be read ({why}); supply a readable .docx or .pdf. Nothing was changed."),
    "assign_not_eligible": ("{expert} 不能评审 {declaration}：{why}。未作改动。",
                            "{expert} cannot review {declaration}: {why_en}. Nothing was changed."),
    "expert_unknown": ("评审库中没有专家“{expert}”。", "The review has no expert '{expert}'."),
    "leader_unknown": ("组长“{leader}”不在专家名单中。", "The leader '{leader}' is not on the expert list."),
    # panel files (packages, score files)
    "envelope_foreign": ("这不是评审工作台的工作包或评分文件。", "This is not a work package or score file of the workbench."),
    "envelope_truncated": ("文件不完整或已损坏（可能复制时中断）。", "The file is incomplete or damaged (perhaps a copy was interrupted)."),
    "envelope_passphrase": ("口令不正确，或文件已被改动。未作任何更改，可用正确口令重试。",
                            "Wrong passphrase, or the file was altered. Nothing was changed; try again with the right passphrase."),
    "package_not_package": ("这不是工作包（文件类型：{kind}）。", "This is not a work package (it is a {kind})."),
    "package_target_exists": ("该评审库文件已存在，请选择新的文件名。", "This review file already exists; choose a new name."),
    "score_not_from_package": ("这个评审库不是由工作包打开的，无法导出评分文件。", "This review was not opened from a work package, so it cannot export a score file."),
    "score_not_score_file": ("这不是评分文件（文件类型：{kind}）。评审库未改动。", "This is not a score file (it is a {kind}). Nothing was changed."),
    "score_unknown_expert": ("评分文件属于未登记的专家（编号 {expert}），可能来自其他评审。评审库未改动。",
                             "The score file belongs to an expert who is not registered here (id {expert}); it may come from another review. Nothing was changed."),
    "score_wrong_expert": ("评分文件与专家{expert}不符。评审库未改动。", "The score file does not belong to {expert}. Nothing was changed."),
    "score_other_batch": ("评分文件属于另一个申报批次。评审库未改动。", "The score file belongs to another batch. Nothing was changed."),
    "score_other_rubric": ("评分文件所用的方向{direction}评分细则与本评审不同。评审库未改动。",
                           "The score file used another rubric for direction {direction}. Nothing was changed."),
    "score_not_assigned": ("评分文件含有未分配给{expert}的项目 {declaration}。评审库未改动。",
                           "The score file holds {declaration}, which was not assigned to {expert}. Nothing was changed."),
    "score_older": ("这是{expert}的第 {seq} 号评分文件，已合并的是第 {merged} 号（更新），未合并。评审库未改动。",
                    "This is {expert}'s score file no. {seq}; no. {merged} (newer) is already merged. Nothing was changed."),
    "envelope_format": ("文件格式版本 {found} 不受支持（本程序读写版本 {expected}）。旧版生成的工作包或评分文件请组长用新版重新生成工作包。",
                        "File format {found} is not supported (this program reads and writes format {expected}). For a file from an older version, ask the chair for a new package."),
    "envelope_header": ("文件头无效（{field}：{why}），文件可能被改动或不是本程序生成的。未作任何更改。",
                        "The file header is invalid ({field}: {why}); the file was altered or not written by this program. Nothing was changed."),
    "envelope_kdf": ("文件要求的口令参数（{found}）不是本程序使用的参数，已拒绝（可能是恶意文件）。未作任何更改。",
                     "The file asks for passphrase parameters ({found}) this program does not use; refused (it may be hostile). Nothing was changed."),
    "envelope_unsigned": ("评分文件没有签名。评审库未改动。", "The score file is not signed. Nothing was changed."),
    "envelope_signature": ("评分文件的签名不符：文件已被改动，或不是由签名者本人生成。评审库未改动。",
                           "The score file's signature does not hold: it was altered, or not made by its signer. Nothing was changed."),
    "envelope_too_large": ("文件过大（{size} 字节，上限 {limit}），已拒绝。未作任何更改。",
                           "The file is too large ({size} bytes; the limit is {limit}); refused. Nothing was changed."),
    "package_unsafe_path": ("工作包中的文件名“{name}”会写到工作包文件夹之外，已拒绝整个工作包。未写入任何文件。",
                            "The package holds a file name '{name}' that would be written outside its folder; the whole package was refused. Nothing was written."),
    "packages_passphrases_together": ("口令文件夹不能与工作包文件夹相同，也不能在其中或包含它（{packages}）：口令必须与工作包分开保管。未写入任何文件。",
                                      "The passphrase folder must not be the package folder, inside it or around it ({packages}): passphrases travel apart from packages. Nothing was written."),
    "score_old_package": ("这个评审库由旧版工作包打开，没有签名密钥，无法导出评分文件。请组长用新版重新生成工作包。",
                          "This review was opened from an older package and has no signing key, so it cannot export a score file. Ask the chair for a new package."),
    "score_unfinished": ("还有 {count} 个项目未完成：{codes}。确认要提交未完成的评审，请使用 --allow-incomplete。",
                         "{count} declarations are not finished: {codes}. To hand in an unfinished review, use --allow-incomplete."),
    "score_other_package": ("评分文件不属于组长发给{expert}的工作包。评审库未改动。",
                            "The score file does not belong to the package issued to {expert}. Nothing was changed."),
    "score_key_changed": ("评分文件的签名密钥（指纹 {found}）与{expert}已登记的密钥（指纹 {pinned}）不同：不是{expert}本人的评审库所生成。评审库未改动。",
                          "The score file is signed with a key (fingerprint {found}) other than {expert}'s registered key ({pinned}): it was not made by {expert}'s own review. Nothing was changed."),
    "score_duplicate": ("评分文件中项目 {declaration} 出现了不止一次。评审库未改动。",
                        "The score file lists {declaration} more than once. Nothing was changed."),
    "table_header": ("汇总表中找不到表头（需要“序号”“项目名称”“申报单位”“所属方向”等列）。",
                     "The summary table has no header row (columns such as 序号, 项目名称, 申报单位, 所属方向)."),
    "table_cell": ("汇总表单元格 {cell} 无法识别：{detail}", "Summary table cell {cell} cannot be read: {detail}"),
    "document_missing": ("汇总表第 {order} 项“{project}”没有对应的申报书文件。",
                         "Item {order} '{project}' of the summary table has no application form file."),
    "document_unreadable": ("申报书无法读取（{reason}）。请检查文件是否损坏、加密或过大。",
                            "The application form cannot be read ({reason}). Check whether it is damaged, encrypted or too large."),
    "document_unsupported": ("不支持此文件格式，请另存为 .docx 或 .pdf 后重新导入。",
                             "This file format is not supported; save it as .docx or .pdf and import again."),
    # the offline score sheet (docs/score-sheet.md); a cell fault is prefixed with "工作表!单元格："
    "sheet_unreadable": ("无法读取评分表（{detail}）。请在 Excel 或 WPS 中另存为 .xlsx 后重试。未导入任何内容。",
                         "The score sheet cannot be read ({detail}). Save it as .xlsx in Excel or WPS and try again. Nothing was stored."),
    "sheet_unwritable": ("无法写入评分表：{detail}。若该文件正在 Excel 或 WPS 中打开，请先关闭。",
                         "The score sheet cannot be written: {detail}. If it is open in Excel or WPS, close it first."),
    "sheet_not_score_sheet": ("这不是评审工作台生成的评分表（找不到标记单元格）。未导入任何内容。",
                              "This is not a score sheet written by the workbench (its marker cells are missing). Nothing was stored."),
    "sheet_format": ("评分表的格式版本 {found} 不受支持（本程序支持 {expected}）。未导入任何内容。",
                     "Score sheet format {found} is not supported (this program reads {expected}). Nothing was stored."),
    "sheet_other_package": ("这份评分表属于另一个工作包（专家：{found_expert}，工作包 {found}），不是当前工作包（专家：{expert}，工作包 {expected}）。未导入任何内容。",
                            "This score sheet belongs to another work package (expert {found_expert}, package {found}), not this one (expert {expert}, package {expected}). Nothing was stored."),
    "sheet_not_from_package": ("这个评审库不是由工作包打开的，无法生成或导入评分表。",
                               "This review was not opened from a work package, so it has no score sheet."),
    "sheet_cells": ("评分表有 {count} 处错误，未导入任何内容：{first}{more}",
                    "The score sheet has {count} faults; nothing was stored:{first_en}{more_en}"),
    "sheet_missing_direction": ("缺少方向{direction}（{name}）的工作表。", "The sheet of direction {direction} ({name}) is missing."),
    "sheet_duplicate_direction": ("方向{direction}的工作表重复（另见“{other}”）。",
                                  "Direction {direction} has a second sheet (see also '{other}')."),
    "sheet_marker": ("标记单元格（{what}）被改动：{found}。", "A marker cell ({what_en}) was changed: {found}."),
    "sheet_marker_lost": ("找不到隐藏的标记单元格（第 4 行）：请勿删除第 1–4 行或 A–C 列。",
                          "The hidden marker cells (row 4) are gone: do not delete rows 1–4 or columns A–C."),
    "sheet_header": ("列标题应为“{expected}”，实为“{found}”。请勿插入、删除或移动列。",
                     "The column heading should be '{expected}' but is '{found}'. Do not insert, delete or move columns."),
    "sheet_no_code": ("这一行有内容，但没有项目编号。", "This row has content but no declaration code."),
    "sheet_unknown_code": ("项目编号“{declaration}”不是本工作表的项目。", "'{declaration}' is not a declaration of this sheet."),
    "sheet_duplicate_code": ("项目编号“{declaration}”重复出现（第一次在第 {first} 行）。",
                             "The declaration '{declaration}' occurs twice (first in row {first})."),
    "sheet_missing_row": ("缺少项目“{declaration}”（{project}）的行。请勿删除行。",
                          "The row of '{declaration}' ({project}) is missing. Do not delete rows."),
    "sheet_formula": ("请直接填写数值或文字，不要使用公式（{text}）。", "Enter a value, not a formula ({text})."),
    "sheet_not_number": ("“{criterion}”应填 0–{max:g} 之间的数，实为“{text}”。",
                         "'{criterion}' needs a number from 0 to {max:g}, not '{text}'."),
    "sheet_out_of_range": ("“{criterion}”的分值 {value:g} 超出范围 0–{max:g}。",
                           "The score {value:g} for '{criterion}' is out of range 0–{max:g}."),
    "sheet_step": ("“{criterion}”的分值 {value:g} 不是 0.5 的整数倍。",
                   "The score {value:g} for '{criterion}' is not a multiple of 0.5."),
    "sheet_recommendation": ("推荐意见“{value}”无效，应为 推荐、不推荐 或 待议（或留空）。",
                             "The recommendation '{value}' is not one of 推荐, 不推荐, 待议 (or blank)."),
    "sheet_veto_unknown": ("没有否决项“{veto}”（可选：{known}）。", "There is no veto item '{veto}' (known: {known})."),
    "sheet_reason_required": ("{what}必须填写理由。", "{what_en} needs a reason."),
    "sheet_reason_orphan": ("填写了{what}理由，但没有{what}（“{column}”列）。", "A {what_en} reason is given, but no {what_en} (column '{column}')."),
    "sheet_recusal_value": ("“回避”应为 是 或 否（或留空），实为“{value}”。", "回避 (recusal) must be 是 or 否 (or blank), not '{value}'."),
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
