"""The offline score sheet: an expert's assignments and criteria as an .xlsx to fill in Excel or WPS.

``write_sheet`` makes the workbook from a work package: a "说明" sheet, then one
sheet per direction with one row per declaration and one column per criterion.
``read_sheet`` reads a filled workbook back and checks every cell before
anything is returned: a fault names its sheet and cell ("方向3 健康医疗服务!E7"),
all faults are collected and raised together as one :class:`SheetError`, so
nothing partial is ever stored. ``submit`` turns a filled sheet into the
expert's signed score file through the same core API the GUI uses.
Layout: docs/score-sheet.md.
"""

from __future__ import annotations

import io
import json
import math
import re
import unicodedata
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from sqlmodel import Session, select

from reviewer.errors import ReviewerError, WriteError
from reviewer.panel.packages import PackageContents, open_package, read_package
from reviewer.review import Review
from reviewer.rubric import Rubric, on_step
from reviewer.safeio import write_bytes_atomic
from reviewer.scoring import ScoreSheet
from reviewer.store.models import RubricRow, SettingRow

if TYPE_CHECKING:
    from reviewer.panel.scorefiles import ExportedScores

FORMAT = 1
MARKER = "reviewer-score-sheet"
GUIDE = "说明"

#: Rows of a direction sheet (1-based).
TITLE_ROW, EXPERT_ROW, PACKAGE_ROW, MARKER_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3, 4, 5, 6
#: The marker cells of row 4 (hidden): A4 the marker, B4 the format, C4 the binding (JSON). They sit
#: above the locked columns A–C, so a deleted criterion column is reported as such, not as a lost sheet.
MARKER_CELL, FORMAT_CELL, BINDING_CELL = "A4", "B4", "C4"

#: (key, header, width) of the fixed columns; the criteria come between LEAD and TAIL.
LEAD = (("code", "项目编号", 16), ("project", "项目名称", 30), ("applicant", "申报单位", 24))
TAIL = (("opinion", "评审意见", 40), ("recommendation", "推荐意见", 11), ("vetoes", "否决项", 11),
        ("veto_reason", "否决理由", 26), ("recused", "回避", 8), ("recusal_reason", "回避理由", 26),
        ("total", "总分", 9))
CRITERION_WIDTH = 12

RECOMMENDATION_WORDS = {"推荐": "recommend", "不推荐": "reject", "待议": "undecided"}
RECUSAL_WORDS = {"是": True, "否": False}
_SPLIT_VETOES = re.compile(r"[\s,，、;；/]+")
_NUMBER = re.compile(r"^[+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$")
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")
MAX_LISTED = 20

FONT = "微软雅黑"
GREY = "F2F2F2"
HEAD = "DDE6F0"
INPUT = "FFFDF0"
WARN = "FFC7CE"


# --- what a sheet holds ---------------------------------------------------------------------------

@dataclass(frozen=True)
class SheetDeclaration:
    code: str
    project_name: str
    applicant: str


@dataclass(frozen=True)
class SheetDirection:
    rubric: Rubric
    fingerprint: str
    declarations: tuple[SheetDeclaration, ...]

    @property
    def no(self) -> int:
        return self.rubric.direction

    @property
    def title(self) -> str:
        """The worksheet's name: "方向3 健康医疗服务" (Excel allows 31 characters and no []:*?/\\)."""
        return _BAD_TITLE.sub("", f"方向{self.no} {self.rubric.direction_name}")[:31].strip("' ")


@dataclass(frozen=True)
class SheetPlan:
    """Everything a sheet is made from and checked against: one expert's package."""

    package_id: str
    expert_id: int
    expert_name: str
    affiliation: str
    review_title: str
    directions: tuple[SheetDirection, ...]
    prefill: dict[str, ScoreSheet] = field(default_factory=dict)  # by declaration code


@dataclass(frozen=True)
class SheetEntry:
    """One declaration's row, read and checked: what the expert entered."""

    code: str
    direction: int
    sheet: str
    row: int
    points: dict[str, float]          # scored criteria only; a blank cell is "not scored"
    opinion: str
    recommendation: str | None        # recommend / reject / undecided
    vetoes: dict[str, str]            # veto id -> reason
    recused: bool
    recusal_reason: str


@dataclass(frozen=True)
class SheetFault:
    """One bad cell: where it is and what is wrong with it."""

    sheet: str
    cell: str
    code: str
    params: dict[str, Any]

    @property
    def address(self) -> str:
        return f"{self.sheet}!{self.cell}" if self.cell else self.sheet

    def message(self, lang: str = "zh") -> str:
        from reviewer.messages import describe

        separator = ": " if lang.startswith("en") else "："
        return self.address + separator + describe(self.code, None, "", self.params, lang)


class SheetError(ReviewerError):
    """A score sheet that is refused; nothing from it was stored. ``faults`` lists every bad cell."""

    def __init__(self, code: str, file: Path | str | None = None, place: str = "",
                 faults: Sequence[SheetFault] = (), **params: Any) -> None:
        self.faults = tuple(faults)
        super().__init__(code, file, place, **params)

    @classmethod
    def of(cls, path: Path, faults: Sequence[SheetFault]) -> "SheetError":
        listed = faults[:MAX_LISTED]
        rest = len(faults) - len(listed)
        return cls("sheet_cells", path, faults=faults, count=len(faults),
                   first="".join(f"\n  {f.message('zh')}" for f in listed),
                   first_en="".join(f"\n  {f.message('en')}" for f in listed),
                   more=f"\n  ……另有 {rest} 处错误" if rest else "",
                   more_en=f"\n  … and {rest} more" if rest else "")


def plan_of(source: PackageContents | Review) -> SheetPlan:
    """The plan of a package (as read with its passphrase) or of an expert's review opened from one."""
    if isinstance(source, PackageContents):
        return _plan_of_package(source)
    return _plan_of_review(source)


def _plan_of_package(contents: PackageContents) -> SheetPlan:
    manifest = contents.manifest
    directions = []
    for no in sorted(contents.rubrics):
        rows = sorted((d for d in manifest["declarations"] if d["direction"] == no), key=lambda d: d["code"])
        if rows:
            directions.append(SheetDirection(
                Rubric.from_json(contents.rubrics[no]), manifest["rubrics"][str(no)],
                tuple(SheetDeclaration(d["code"], d["project_name"], d["applicant"]) for d in rows)))
    expert = manifest["expert"]
    return SheetPlan(manifest["package_id"], int(expert["id"]), expert["name"], expert.get("affiliation", ""),
                     manifest.get("review_title", ""), tuple(directions))


def _plan_of_review(review: Review) -> SheetPlan:
    with Session(review.engine) as s:
        settings = {row.key: row.value for row in s.exec(select(SettingRow))}
        fingerprints = {row.direction: row.fingerprint for row in s.exec(select(RubricRow))}
    info = review.info()
    if info is None or "package_id" not in settings:
        raise SheetError("sheet_not_from_package", review.path)
    summaries = review.declarations()
    directions = []
    for no in sorted({d.direction for d in summaries}):
        rows = sorted((d for d in summaries if d.direction == no), key=lambda d: d.code)
        directions.append(SheetDirection(review.rubric(no), fingerprints[no],
                                         tuple(SheetDeclaration(d.code, d.project_name, d.applicant) for d in rows)))
    prefill = {d.code: review.sheet(d.id) for d in summaries}
    return SheetPlan(settings["package_id"], int(settings["expert_id"]), info.expert_name or "", "",
                     info.title, tuple(directions), prefill)


# --- writing --------------------------------------------------------------------------------------

def write_sheet(package: Path, passphrase: str, target: Path) -> Path:
    """Write the offline score sheet of a work package (EnvelopeError for a wrong passphrase)."""
    return save_sheet(read_package(package, passphrase), target)


def save_sheet(source: PackageContents | Review, target: Path) -> Path:
    """Write the sheet of a package, or of an expert's review (then filled with what is entered so far)."""
    from openpyxl import Workbook
    from openpyxl.workbook.protection import WorkbookProtection

    plan = plan_of(source)
    book = Workbook()
    _guide(book.active, plan)
    for direction in plan.directions:
        _direction_sheet(book.create_sheet(direction.title), plan, direction)
    book.security = WorkbookProtection(lockStructure=True)  # no password: against slips, not people
    buffer = io.BytesIO()
    book.save(buffer)
    try:
        return write_bytes_atomic(target, buffer.getvalue())
    except WriteError as exc:  # a missing folder, or the old sheet still open in Excel (Windows locks it)
        if exc.code in ("write_disk_full", "write_read_only"):
            raise  # said as such: the Excel hint would mislead
        raise SheetError("sheet_unwritable", target, detail=exc.params.get("detail", "")) from None


def _styles() -> dict[str, Any]:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="A6A6A6")
    return {
        "font": Font(name=FONT, size=10), "bold": Font(name=FONT, size=10, bold=True),
        "title": Font(name=FONT, size=14, bold=True), "note": Font(name=FONT, size=10, color="595959"),
        "grey": PatternFill("solid", fgColor=GREY), "head": PatternFill("solid", fgColor=HEAD),
        "input": PatternFill("solid", fgColor=INPUT), "warn": PatternFill("solid", fgColor=WARN),
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "wrap": Alignment(wrap_text=True, vertical="top"),
        "center": Alignment(horizontal="center", vertical="center", wrap_text=True),
    }


def _guide(ws: Any, plan: SheetPlan) -> None:
    style = _styles()
    ws.title = GUIDE
    vetoes = next(iter(plan.directions)).rubric.vetoes if plan.directions else ()
    who = plan.expert_name + (f"（{plan.affiliation}）" if plan.affiliation else "")
    lines: list[tuple[str, str]] = [
        ("title", f"{plan.review_title} · 专家离线评分表"),
        ("", f"评审专家：{who}"),
        ("", f"工作包编号：{plan.package_id}"),
        ("", "本表包含：" + "；".join(f"{d.title}（{len(d.declarations)} 项）" for d in plan.directions)),
        ("", ""),
        ("bold", "填写方法"),
        ("", "1. 每个评审方向一张工作表，每行一个申报项目。灰色单元格（项目编号、项目名称、申报单位、总分）不可修改，浅黄色单元格供填写。"),
        ("", "2. 指标分值：填 0 至该指标满分之间的数，步长 0.5（如 7、7.5）。留空表示尚未评分，0 表示得 0 分。每列标题中写明指标编号、名称和满分。"),
        ("", "3. 评审意见：对项目的综合评价；项目评完时必填（回避或否决的项目除外）。"),
        ("", "4. 推荐意见：从下拉列表选择“推荐”“不推荐”或“待议”，也可留空。"),
        ("", "5. 否决项：项目触及否决项时，填写否决项编号，多个用逗号分隔（如 V1,V3），并在“否决理由”中写明理由（必填）。否决项如下："),
        *(("", f"    {v.id}　{v.name}：{v.text}") for v in vetoes),
        ("", "6. 回避：需要回避的项目，在“回避”列选择“是”，并在“回避理由”中写明理由（必填）。"),
        ("", "7. “总分”列自动合计，仅供参考；导入时以各指标分值为准。"),
        ("", "8. 请直接填写数值或文字，不要使用公式。请勿插入、删除或移动行和列，不要修改工作表名称和灰色单元格。"
             "工作表已保护（无密码），只为防止误操作；可以调整列宽和行高。"),
        ("", "9. 填好后保存为 .xlsx（Excel 或 WPS 均可）。在评审工作台中导入评分表，或运行 "
             "reviewer submit 工作包 --scores 本表.xlsx --out 评分文件，生成评分文件交给评审组长。"),
        ("", "10. 导入前会检查每一个单元格；有任何错误，会逐一列出所在工作表和单元格（如 方向3 健康医疗服务!E7），"
             "且不导入任何内容。改正后重新导入即可。"),
    ]
    ws.column_dimensions["A"].width = 110
    for r, (kind, text) in enumerate(lines, 1):
        cell = ws.cell(r, 1, text)
        cell.font = style.get(kind or "font", style["font"])
        cell.alignment = style["wrap"]
        if kind == "title":
            ws.row_dimensions[r].height = 24
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def _columns(direction: SheetDirection) -> list[tuple[str, str, float]]:
    """(key, header, width) of every column, left to right; a criterion's key is its id."""
    criteria = [(c.id, f"{c.id}\n{c.name}\n（0–{c.max:g} 分）", CRITERION_WIDTH) for c in direction.rubric.criteria]
    return [*LEAD, *criteria, *TAIL]


def _direction_sheet(ws: Any, plan: SheetPlan, direction: SheetDirection) -> None:
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Protection
    from openpyxl.utils import get_column_letter as letter
    from openpyxl.worksheet.datavalidation import DataValidation

    style = _styles()
    columns = _columns(direction)
    keys = [key for key, _, _ in columns]
    last = letter(len(columns))
    rubric = direction.rubric
    n = len(direction.declarations)
    end = FIRST_ROW + n - 1

    who = plan.expert_name + (f"（{plan.affiliation}）" if plan.affiliation else "")
    heads = ((TITLE_ROW, f"{plan.review_title} · 专家评分表 · {direction.title}", style["title"]),
             (EXPERT_ROW, f"评审专家：{who}", style["font"]),
             (PACKAGE_ROW, f"工作包编号：{plan.package_id}　　共 {n} 项，满分 {rubric.total:g} 分。"
                           "填写说明见“说明”工作表；浅黄色单元格供填写。", style["note"]))
    for row, text, font in heads:
        ws.merge_cells(f"A{row}:{last}{row}")
        cell = ws.cell(row, 1, text)
        cell.font = font
        cell.alignment = style["wrap"]
    ws.row_dimensions[TITLE_ROW].height = 24
    binding = {"package_id": plan.package_id, "expert_id": plan.expert_id, "expert": plan.expert_name,
               "direction": direction.no, "rubric": direction.fingerprint}
    for address, value in ((MARKER_CELL, MARKER), (FORMAT_CELL, FORMAT),
                           (BINDING_CELL, json.dumps(binding, ensure_ascii=False, sort_keys=True))):
        ws[address] = value
        ws[address].font = style["note"]
    ws.row_dimensions[MARKER_ROW].hidden = True

    for c, (key, header, width) in enumerate(columns, 1):
        cell = ws.cell(HEADER_ROW, c, header)
        cell.font, cell.fill, cell.border, cell.alignment = style["bold"], style["head"], style["border"], style["center"]
        ws.column_dimensions[letter(c)].width = width
    ws.row_dimensions[HEADER_ROW].height = 96

    first_criterion, last_criterion = letter(len(LEAD) + 1), letter(len(LEAD) + len(rubric.criteria))
    for r, declaration in enumerate(direction.declarations, FIRST_ROW):
        values = _prefill(plan.prefill.get(declaration.code), rubric)
        values.update(code=declaration.code, project=declaration.project_name, applicant=declaration.applicant,
                      total=f'=IF(COUNT({first_criterion}{r}:{last_criterion}{r})=0,"",'
                            f'SUM({first_criterion}{r}:{last_criterion}{r}))')
        for c, key in enumerate(keys, 1):
            cell = ws.cell(r, c, values.get(key))
            cell.font, cell.border, cell.alignment = style["font"], style["border"], style["wrap"]
            if key in ("code", "project", "applicant", "total"):
                cell.fill = style["grey"]
            else:
                cell.fill = style["input"]
                cell.protection = Protection(locked=False)
            if key == "total" or rubric.criterion(key) is not None or key in ("recommendation", "recused"):
                cell.alignment = style["center"]
        ws.row_dimensions[r].height = 45

    def column(key: str) -> str:
        return letter(keys.index(key) + 1)

    def validate(key: str, validation: DataValidation) -> None:
        validation.add(f"{column(key)}{FIRST_ROW}:{column(key)}{end}")
        ws.add_data_validation(validation)

    for criterion in rubric.criteria:
        col = column(criterion.id)
        validate(criterion.id, DataValidation(
            type="decimal", operator="between", formula1="0", formula2=f"{criterion.max:g}", allow_blank=True,
            showInputMessage=True, showErrorMessage=True, errorStyle="stop",
            promptTitle=f"{criterion.id}（0–{criterion.max:g} 分）"[:32],
            prompt=f"{criterion.name}：填 0–{criterion.max:g} 分，步长 0.5；留空表示尚未评分。"[:255],
            errorTitle="分值无效", error=f"{criterion.id} 的分值须在 0–{criterion.max:g} 之间，且为 0.5 的整数倍。"[:225]))
        # Excel's decimal validation cannot check the 0.5 step, and pasted values bypass it: show them red.
        top = f"{col}{FIRST_ROW}"
        ws.conditional_formatting.add(f"{col}{FIRST_ROW}:{col}{end}", FormulaRule(
            formula=[f"IF(ISNUMBER({top}),OR({top}<0,{top}>{criterion.max:g},MOD({top}*2,1)<>0),LEN({top})>0)"],
            fill=style["warn"]))
    validate("recommendation", DataValidation(
        type="list", formula1='"' + ",".join(RECOMMENDATION_WORDS) + '"', allow_blank=True,
        showInputMessage=True, showErrorMessage=True, promptTitle="推荐意见", prompt="推荐 / 不推荐 / 待议，可留空。",
        errorTitle="推荐意见无效", error="请从列表中选择：推荐、不推荐或待议。"))
    veto_list = "；".join(f"{v.id} {v.name}" for v in rubric.vetoes)
    validate("vetoes", DataValidation(
        showInputMessage=True, promptTitle="否决项",
        prompt=f"填写否决项编号，多个用逗号分隔（如 V1,V3），并填写否决理由。{veto_list}"[:255]))
    validate("veto_reason", DataValidation(showInputMessage=True, promptTitle="否决理由", prompt="填写了否决项时必填。"))
    validate("recused", DataValidation(
        type="list", formula1='"' + ",".join(RECUSAL_WORDS) + '"', allow_blank=True,
        showInputMessage=True, showErrorMessage=True, promptTitle="回避", prompt="需要回避时选“是”，并填写回避理由。",
        errorTitle="回避", error="请选择“是”或“否”，或留空。"))
    validate("recusal_reason", DataValidation(showInputMessage=True, promptTitle="回避理由", prompt="选择回避时必填。"))

    ws.freeze_panes = f"{letter(len(LEAD) + 1)}{FIRST_ROW}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.print_title_cols = f"A:{letter(len(LEAD))}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.protection.sheet = True          # no password; rows and columns cannot be inserted or deleted
    ws.protection.formatColumns = False  # widths and heights may be changed
    ws.protection.formatRows = False


def _prefill(sheet: ScoreSheet | None, rubric: Rubric) -> dict[str, Any]:
    """The cells of what an expert's review already holds (nothing for a package)."""
    if sheet is None or sheet.is_blank():
        return {}
    words = {code: word for word, code in RECOMMENDATION_WORDS.items()}
    values: dict[str, Any] = {c.id: sheet.points[c.id] for c in rubric.criteria if c.id in sheet.points}
    reasons = sorted({r for r in sheet.vetoes.values() if r})
    values.update(opinion=sheet.opinion or None, recommendation=words.get(sheet.recommendation or ""),
                  vetoes=",".join(sheet.vetoes) or None, veto_reason="；".join(reasons) or None,
                  recused="是" if sheet.recused else None, recusal_reason=sheet.recusal_reason or None)
    return values


# --- reading --------------------------------------------------------------------------------------

def read_sheet(sheet: Path, source: PackageContents | Review) -> list[SheetEntry]:
    """Read a filled sheet and check every cell against the package; SheetError lists every fault.

    ``source`` is the package (``read_package``) or the expert's review opened from it. The entries
    come in the package's order, one per declaration.
    """
    plan = plan_of(source)
    book = _load(sheet)
    try:
        faults: list[SheetFault] = []
        marked = _marked_sheets(book, plan, sheet, faults)
        entries: list[SheetEntry] = []
        for direction in plan.directions:
            found = marked.get(direction.no, [])
            if not found:
                if direction.title in book.sheetnames:  # there by name, but rows 1–4 or columns A–C were deleted
                    faults.append(SheetFault(direction.title, MARKER_CELL, "sheet_marker_lost", {}))
                else:
                    faults.append(SheetFault(direction.title, "", "sheet_missing_direction",
                                             {"direction": direction.no, "name": direction.rubric.direction_name}))
                continue
            for extra, _ in found[1:]:
                faults.append(SheetFault(extra.title, BINDING_CELL, "sheet_duplicate_direction",
                                         {"direction": direction.no, "other": found[0][0].title}))
            ws, binding = found[0]
            if binding.get("rubric") != direction.fingerprint:
                faults.append(SheetFault(ws.title, BINDING_CELL, "sheet_marker",
                                         {"what": "评分细则指纹", "what_en": "rubric fingerprint",
                                          "found": str(binding.get("rubric"))[:16]}))
            entries.extend(_read_direction(ws, direction, faults))
        for no, worksheets in marked.items():
            if no not in {d.no for d in plan.directions}:
                for ws, _ in worksheets:
                    faults.append(SheetFault(ws.title, BINDING_CELL, "sheet_marker",
                                             {"what": "方向", "what_en": "direction", "found": no}))
    finally:
        book.close()
    if faults:
        raise SheetError.of(sheet, faults)
    order = {d.code: i for i, d in enumerate(d for direction in plan.directions for d in direction.declarations)}
    return sorted(entries, key=lambda e: order[e.code])


def _load(path: Path) -> Any:
    from openpyxl import load_workbook

    if not path.exists():
        raise SheetError("file_missing", path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # extensions Excel or WPS add that openpyxl does not keep
            return load_workbook(path, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        raise SheetError("sheet_unreadable", path, detail=type(exc).__name__) from None


def _marked_sheets(book: Any, plan: SheetPlan, path: Path,
                   faults: list[SheetFault]) -> dict[Any, list[tuple[Any, dict[str, Any]]]]:
    """The direction sheets, with their binding, by the direction in it; a sheet of another package refuses the file."""
    marked: dict[Any, list[tuple[Any, dict[str, Any]]]] = {}
    broken: list[Any] = []
    for ws in book.worksheets:
        if _text(ws[MARKER_CELL].value) != MARKER:
            continue
        version = _text(ws[FORMAT_CELL].value)
        if version.isdigit() and version != str(FORMAT):
            raise SheetError("sheet_format", path, f"{ws.title}!{FORMAT_CELL}", found=version, expected=FORMAT)
        try:
            binding = json.loads(_text(ws[BINDING_CELL].value))
        except json.JSONDecodeError:
            binding = None
        if version != str(FORMAT) or not isinstance(binding, dict):
            broken.append(ws)  # a column of A–C was deleted, or the marker cells were cleared
            continue
        if binding.get("package_id") != plan.package_id:
            raise SheetError("sheet_other_package", path, f"{ws.title}!{BINDING_CELL}",
                             found_expert=binding.get("expert") or "?", found=binding.get("package_id"),
                             expert=plan.expert_name, expected=plan.package_id)
        marked.setdefault(binding.get("direction"), []).append((ws, binding))
    titles = {d.title for d in plan.directions}
    if not marked and not broken and not titles & set(book.sheetnames):
        raise SheetError("sheet_not_score_sheet", path)
    for ws in broken:
        if ws.title not in titles:  # (an expected title is reported as the direction's lost marker)
            faults.append(SheetFault(ws.title, MARKER_CELL, "sheet_marker_lost", {}))
    return marked


def _read_direction(ws: Any, direction: SheetDirection, faults: list[SheetFault]) -> list[SheetEntry]:
    from openpyxl.utils import get_column_letter as letter

    title = ws.title
    rubric = direction.rubric

    def fault(cell: str, kind: str, **params: Any) -> None:
        faults.append(SheetFault(title, cell, kind, params))

    columns = _columns(direction)
    header_ok = True
    for c, (_key, header, _width) in enumerate(columns, 1):
        found = _text(ws.cell(HEADER_ROW, c).value).split("\n")[0].strip()
        wanted = header.split("\n")[0]
        if found != wanted:
            fault(f"{letter(c)}{HEADER_ROW}", "sheet_header", expected=wanted, found=found)
            header_ok = False
    if not header_ok:
        return []  # the columns moved: reading the cells under them would only add noise

    keys = [key for key, _, _ in columns]
    at = {key: c for c, key in enumerate(keys, 1)}
    known = {d.code: d for d in direction.declarations}
    seen: dict[str, int] = {}
    entries = []
    for r in range(FIRST_ROW, ws.max_row + 1):
        cells = {key: ws.cell(r, at[key]) for key in keys if key != "total"}
        if all(_blank(cell) for cell in cells.values()):
            continue
        code_cell = cells["code"]
        code = _text(code_cell.value)
        if not code:
            fault(code_cell.coordinate, "sheet_no_code")
            continue
        if code not in known:
            fault(code_cell.coordinate, "sheet_unknown_code", declaration=code)
            continue
        if code in seen:
            fault(code_cell.coordinate, "sheet_duplicate_code", declaration=code, first=seen[code])
            continue
        seen[code] = r
        entry = _read_row(r, code, cells, rubric, title, fault)
        if entry is not None:
            entries.append(entry)
    for d in direction.declarations:
        if d.code not in seen:
            fault(f"A{FIRST_ROW}:A{FIRST_ROW + len(direction.declarations) - 1}", "sheet_missing_row",
                  declaration=d.code, project=d.project_name)
    return entries


def _read_row(r: int, code: str, cells: dict[str, Any], rubric: Rubric, title: str, fault: Any) -> SheetEntry | None:
    count = [0]

    def bad(cell: Any, code_: str, **params: Any) -> None:
        count[0] += 1
        fault(cell.coordinate, code_, **params)

    for cell in cells.values():
        if cell.data_type == "f":
            bad(cell, "sheet_formula", text=_clip(str(cell.value)))
    points: dict[str, float] = {}
    for criterion in rubric.criteria:
        cell = cells[criterion.id]
        if cell.data_type == "f":
            continue
        value, problem = _number(cell.value)
        label = f"{criterion.id} {criterion.name}"
        if problem is not None:
            bad(cell, "sheet_not_number", criterion=label, max=criterion.max, text=_clip(problem))
        elif value is not None:
            if not 0 <= value <= criterion.max:
                bad(cell, "sheet_out_of_range", criterion=label, value=value, max=criterion.max)
            elif not on_step(value):
                bad(cell, "sheet_step", criterion=label, value=value)
            else:
                points[criterion.id] = value

    def text(key: str) -> str:
        cell = cells[key]
        return "" if cell.data_type == "f" else _text(cell.value)

    recommendation_word = _word(text("recommendation"))
    recommendation = RECOMMENDATION_WORDS.get(recommendation_word)
    if recommendation_word and recommendation is None:
        bad(cells["recommendation"], "sheet_recommendation", value=_clip(recommendation_word))

    veto_reason = text("veto_reason")
    vetoes: dict[str, str] = {}
    for part in _SPLIT_VETOES.split(_word(text("vetoes"))):
        veto_id = part.strip().upper()
        if not veto_id:
            continue
        if rubric.veto(veto_id) is None:
            bad(cells["vetoes"], "sheet_veto_unknown", veto=_clip(part), known=", ".join(v.id for v in rubric.vetoes))
        else:
            vetoes[veto_id] = veto_reason
    if vetoes and not veto_reason:
        bad(cells["veto_reason"], "sheet_reason_required", what=f"否决项（{','.join(vetoes)}）",
            what_en=f"Veto {','.join(vetoes)}")
    if veto_reason and not text("vetoes"):
        bad(cells["veto_reason"], "sheet_reason_orphan", what="否决", what_en="veto", column="否决项")

    recused_word = _word(text("recused"))
    recused = RECUSAL_WORDS.get(recused_word, None) if recused_word else False
    recusal_reason = text("recusal_reason")
    if recused is None:
        bad(cells["recused"], "sheet_recusal_value", value=_clip(recused_word))
    elif recused and not recusal_reason:
        bad(cells["recusal_reason"], "sheet_reason_required", what="回避", what_en="A recusal")
    elif recusal_reason and not recused:
        bad(cells["recusal_reason"], "sheet_reason_orphan", what="回避", what_en="recusal", column="回避")
    if count[0]:
        return None
    return SheetEntry(code, rubric.direction, title, r, points, text("opinion"), recommendation, vetoes,
                      bool(recused), recusal_reason)


def _blank(cell: Any) -> bool:
    return cell.value is None or (isinstance(cell.value, str) and not cell.value.strip())


def _text(value: Any) -> str:
    """A cell as text, stripped; a number without a trailing ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _word(value: str) -> str:
    """A value to compare with a list (推荐, 是, V1): full-width letters and spaces typed with a Chinese IME folded."""
    return unicodedata.normalize("NFKC", value).strip()


def _number(value: Any) -> tuple[float | None, str | None]:
    """(the number, None), (None, None) for a blank, or (None, the offending text)."""
    if value is None:
        return None, None
    if isinstance(value, bool):
        return None, str(value).upper()
    if isinstance(value, (int, float)):
        number = float(value)
        return (number, None) if math.isfinite(number) else (None, str(value))
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()  # full-width digits typed with a Chinese IME
        if not text:
            return None, None
        if _NUMBER.match(text):
            return float(text), None
        return None, value.strip()
    return None, str(value)  # a date or time: Excel turned what was typed into one


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


# --- applying -------------------------------------------------------------------------------------

def apply_sheet(review: Review, entries: Sequence[SheetEntry]) -> int:
    """Make the expert's review hold exactly what the sheet holds, in one transaction through the core's one
    write path (every value is checked again by the validator; any fault stores nothing). Per-criterion
    remarks, which the sheet has no column for, are kept. Returns the number of changes."""
    ids = {d.code: d.id for d in review.declarations(include_unselected=True)}
    missing = [e.code for e in entries if e.code not in ids]
    if missing:
        raise SheetError("declaration_unknown", review.path, declaration=", ".join(missing))
    current = review.sheets([ids[e.code] for e in entries])
    wanted = {ids[e.code]: ScoreSheet(ids[e.code], points=dict(e.points), remarks=dict(current[ids[e.code]].remarks),
                                      opinion=e.opinion, recommendation=e.recommendation, vetoes=dict(e.vetoes),
                                      recused=e.recused, recusal_reason=e.recusal_reason) for e in entries}
    return len(review.write_sheets(wanted))


def submit(package: Path, passphrase: str, sheet: Path, out: Path, allow_incomplete: bool = False,
           database: Path | None = None) -> ExportedScores:
    """A filled sheet to the expert's signed score file: check every cell, apply the values to the expert's
    review of this package (``database``; by default one kept in the data folder, named by the package, so
    the signing key and the sequence number persist from one submission to the next), and export."""
    from reviewer.panel.scorefiles import export_score_file

    contents = read_package(package, passphrase)
    entries = read_sheet(sheet, contents)
    if database is None:
        from reviewer.paths import data_dir

        database = data_dir() / f"package-{contents.manifest['package_id']}.sqlite"
    if not database.exists():
        open_package(package, passphrase, database)
    review = Review.open(database)
    try:
        if plan_of(review).package_id != contents.manifest["package_id"]:
            raise SheetError("sheet_other_package", database, found_expert="?", found="?",
                             expert=plan_of(review).expert_name, expected=contents.manifest["package_id"])
        apply_sheet(review, entries)
        return export_score_file(review, out, allow_incomplete)
    finally:
        review.close()


__all__ = ["SheetEntry", "SheetError", "SheetFault", "SheetPlan", "apply_sheet", "plan_of", "read_sheet",
           "save_sheet", "submit", "write_sheet"]
