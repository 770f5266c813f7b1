"""The recommender's summary table (推荐项目汇总表): .xlsx or .csv, as offices make them.

Title rows above the header, header names that vary, directions written in
several ways, CSV in UTF-8 (with or without BOM) or GBK.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from reviewer.call import Call
from reviewer.importing.sources import SourceFile, SourceUnreadable, read_text_table
from reviewer.safeio import clean_text

#: A summary table lists a few dozen projects; rows and columns beyond these are never read
#: (a cell in column XFD must not pad every row to 16,384 cells).
MAX_TABLE_ROWS = 2000
MAX_TABLE_COLUMNS = 64

COLUMNS: dict[str, tuple[str, ...]] = {
    "seq": ("序号", "推荐顺序", "排序", "顺序", "推荐排序"),
    "project_name": ("项目名称", "示范项目名称", "申报项目名称"),
    "applicant": ("申报单位", "申报主体", "单位名称", "申报单位名称", "企业名称"),
    "credit_code": ("统一社会信用代码", "社会信用代码", "信用代码"),
    "direction": ("所属方向", "申报方向", "方向"),
}
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class TableRow:
    row: int                 # 1-based row number in the sheet
    seq: int | None
    project_name: str
    applicant: str
    credit_code: str
    direction_text: str


@dataclass(frozen=True)
class SummaryTable:
    file: str
    title: str               # the text above the header (it often names the recommender)
    rows: tuple[TableRow, ...]
    removed_characters: int = 0  # control characters taken out of its cells
    lost_digits: tuple[int, ...] = ()  # rows whose credit code was stored as a number (digits lost)


class TableError(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def is_summary_table(source: SourceFile) -> bool:
    return source.suffix in (".xlsx", ".csv") and ("汇总" in source.name or "推荐" in source.name or "清单" in source.name)


def read_summary_table(source: SourceFile) -> SummaryTable:
    """Read the table; raises TableError('unreadable: …' / 'no_header') for a table that cannot serve."""
    cells, removed, lost = _cells(source)
    header_at, columns = _header(cells)
    title = " ".join(c for line in cells[:header_at] for c in line if c)
    rows = []
    for number, line in enumerate(cells[header_at + 1:], header_at + 2):
        value = {key: _cell(line, index) for key, index in columns.items()}
        if not value.get("project_name"):
            continue
        rows.append(TableRow(number, leading_number(value.get("seq", "")), value["project_name"],
                             value.get("applicant", ""), value.get("credit_code", ""), value.get("direction", "")))
    code_column = columns.get("credit_code", -1)
    lost_rows = tuple(r + 1 for r, c in sorted(lost) if c == code_column and r > header_at)
    return SummaryTable(source.path, title, tuple(rows), removed, lost_rows)


def _cells(source: SourceFile) -> tuple[list[list[str]], int, set[tuple[int, int]]]:
    """The table's cells as text (at most MAX_TABLE_ROWS × MAX_TABLE_COLUMNS), how many control
    characters went, and where a number lost its digits (0-based row, column)."""
    try:
        data = source.read()
    except SourceUnreadable as exc:
        raise TableError(exc.reason) from None
    rows, lost = (_csv_rows(data), set()) if source.suffix == ".csv" else _xlsx_rows(data)
    cells: list[list[str]] = []
    removed = 0
    for row in rows:
        line = []
        for value in row[:MAX_TABLE_COLUMNS]:
            text, count = clean_text(value)
            line.append(text)
            removed += count
        cells.append(line)
    return cells, removed, lost


def _csv_rows(data: bytes) -> list[list[str]]:
    try:
        text = read_text_table(data)
    except UnicodeDecodeError:
        raise TableError("encoding") from None
    rows = []
    try:
        for number, row in enumerate(csv.reader(io.StringIO(text)), 1):
            if number > MAX_TABLE_ROWS:
                break
            rows.append([c.strip() for c in row[:MAX_TABLE_COLUMNS]])
    except csv.Error as exc:
        raise TableError(f"corrupt ({exc})") from None
    return rows


def _xlsx_rows(data: bytes) -> tuple[list[list[str]], set[tuple[int, int]]]:
    from openpyxl import load_workbook  # only an import needs it

    from reviewer.documents import ooxml_refusal

    refusal = ooxml_refusal(data)
    if refusal:
        raise TableError(refusal)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise TableError(f"corrupt ({type(exc).__name__})") from None
    try:
        sheet = workbook.worksheets[0]
        rows: list[list[str]] = []
        lost: set[tuple[int, int]] = set()
        for r, row in enumerate(sheet.iter_rows(min_row=1, max_row=MAX_TABLE_ROWS, max_col=MAX_TABLE_COLUMNS, values_only=True)):
            lost.update((r, c) for c, v in enumerate(row) if _lost_digits(v))
            rows.append(["" if _lost_digits(v) else _text(v) for v in row])
        return rows, lost
    except Exception as exc:  # a sheet that breaks while it is read
        raise TableError(f"corrupt ({type(exc).__name__})") from None
    finally:
        workbook.close()


#: A number this large in a cell was a code typed into a number cell (Excel keeps 15 digits; an
#: 18-digit credit code loses its last ones). Its digits cannot be trusted: the cell reads as
#: empty, so the form's value is used, and the table says which rows these were.
_MAX_EXACT = 10 ** 15


def _lost_digits(value: object) -> bool:
    """A float cell this large (a whole number written by a program that wrote it exactly is an int)."""
    return isinstance(value, float) and abs(value) >= _MAX_EXACT


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _header(cells: list[list[str]]) -> tuple[int, dict[str, int]]:
    for i, line in enumerate(cells[:20]):
        names = [_SPACE.sub("", c) for c in line]
        columns: dict[str, int] = {}
        for key, aliases in COLUMNS.items():
            for index, name in enumerate(names):
                if key not in columns and any(name == a or name.startswith(a + "（") or name.startswith(a + "(") for a in aliases):
                    columns[key] = index
        if "project_name" in columns and ("applicant" in columns or "direction" in columns):
            return i, columns
    raise TableError("no_header")


def _cell(line: list[str], index: int) -> str:
    return line[index].strip() if index < len(line) else ""


def leading_number(text: str) -> int | None:
    match = re.match(r"\s*(\d+)", text)
    return int(match.group(1)) if match else None


def parse_direction(text: str, call: Call) -> int | None:
    """``3``, ``方向3``, ``方向三``, ``（三）3.健康医疗服务``, ``3.健康医疗服务`` or the name → 3."""
    compact = _SPACE.sub("", text)
    if not compact:
        return None
    known = {d.no for d in call.directions}
    for direction in sorted(call.directions, key=lambda d: -len(d.name)):
        if direction.name in compact:
            return direction.no
    numbered = re.search(r"(?:^|方向|[）)])(\d{1,2})(?![\d])", compact)
    if numbered and int(numbered.group(1)) in known:
        return int(numbered.group(1))
    chinese = re.search(r"方向([一二三四五六七八九十]+)", compact)
    if chinese:
        value = chinese_number(chinese.group(1))
        return value if value in known else None
    return None


def chinese_number(text: str) -> int:
    """一 … 九十九 as an int (enough for directions and sections)."""
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    return _CN_DIGITS.get(text, 0)
