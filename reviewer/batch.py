"""Reading a batch of declarations: one folder per recommender, a summary table, forms.

Layout (the bundled demo batch follows it)::

    BATCH/
      01_浙江省/
        推荐项目汇总表.xlsx      序号 | 项目名称 | 申报单位 | 统一社会信用代码 | 所属方向 ...
        推荐意见函.docx
        申报书/01_<项目名称>.docx   (or .pdf), numbered by 序号

A batch is only ever read.
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from reviewer.call import Call
from reviewer.documents import DocumentError, DocumentText, read_document
from reviewer.errors import BatchError
from reviewer.tasks import NO_TASK, Task, check

FORM_SUFFIXES = (".docx", ".pdf")
TABLE_SUFFIXES = (".xlsx", ".csv")
_NOT_FORMS = ("推荐意见", "推荐函", "汇总表")
_PREFIX = re.compile(r"^\d+[\s_\-.、]*")
_LEADING_NO = re.compile(r"^(\d+)")
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九十")}

COLUMNS: dict[str, tuple[str, ...]] = {
    "seq": ("序号", "推荐顺序", "排序"),
    "project_name": ("项目名称",),
    "applicant": ("申报单位", "申报主体", "单位名称"),
    "credit_code": ("统一社会信用代码", "信用代码"),
    "direction": ("所属方向", "申报方向"),
}


@dataclass(frozen=True)
class BatchDocument:
    path: str            # relative to the batch root, with "/"
    format: str
    sha256: str
    content: DocumentText


@dataclass(frozen=True)
class BatchDeclaration:
    recommender: str
    seq: int
    direction: int
    project_name: str
    applicant: str
    credit_code: str
    documents: tuple[BatchDocument, ...]

    @property
    def code(self) -> str:
        return f"{self.recommender}-{self.seq:02d}"


@dataclass(frozen=True)
class Batch:
    root: Path
    fingerprint: str
    recommenders: tuple[tuple[str, str], ...]   # (name, kind)
    declarations: tuple[BatchDeclaration, ...]


def read_batch(root: Path, call: Call, task: Task = NO_TASK) -> Batch:
    """Read every recommender folder of a batch; faults raise BatchError naming the file."""
    if not root.is_dir():
        raise BatchError("batch_missing", root)
    folders = [(f, call.recommender(_PREFIX.sub("", f.name))) for f in sorted(root.iterdir()) if f.is_dir()]
    known = [(f, rec) for f, rec in folders if rec is not None]
    if not known:
        raise BatchError("batch_empty", root)
    rows = [(folder, rec, row) for folder, rec in known for row in _summary_rows(folder, call)]
    declarations = []
    for i, (folder, rec, row) in enumerate(rows):
        check(task)
        task.progress(i, len(rows), row["project_name"])
        declarations.append(_declaration(root, folder, rec.name, row))
    task.progress(len(rows), len(rows))
    documents = [d for decl in declarations for d in decl.documents]
    return Batch(root, _fingerprint(documents), tuple((rec.name, rec.kind) for _, rec in known), tuple(declarations))


def _summary_rows(folder: Path, call: Call) -> list[dict[str, str | int]]:
    table = _summary_table(folder)
    cells = _read_table(table)
    header_at, columns = _header(cells, table)
    rows: list[dict[str, str | int]] = []
    for r, line in enumerate(cells[header_at + 1:], header_at + 2):
        values = {key: (line[c].strip() if c < len(line) else "") for key, c in columns.items()}
        if not values["project_name"]:
            continue
        seq = _leading_int(values["seq"]) if values.get("seq") else len(rows) + 1
        direction = parse_direction(values["direction"], call)
        if seq is None or direction is None:
            bad = "seq" if seq is None else "direction"
            raise BatchError("table_cell", table, cell=f"{_column_letter(columns[bad])}{r}", detail=values[bad] or "—")
        rows.append({**values, "seq": seq, "direction": direction})
    return rows


def _summary_table(folder: Path) -> Path:
    tables = sorted(p for p in folder.iterdir() if p.suffix.lower() in TABLE_SUFFIXES and "汇总" in p.stem)
    if not tables:
        raise BatchError("file_missing", folder / "推荐项目汇总表.xlsx")
    return tables[0]


def _read_table(path: Path) -> list[list[str]]:
    if path.suffix.lower() == ".csv":
        return _read_csv(path)
    from openpyxl import load_workbook  # imported here: only an import needs it

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise BatchError("file_unreadable", path, detail=str(exc)) from None
    try:
        sheet = workbook.worksheets[0]
        return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return list(csv.reader(raw.decode(encoding).splitlines()))
        except UnicodeDecodeError:
            continue
    raise BatchError("file_unreadable", path, detail="neither UTF-8 nor GBK text")


def _header(cells: list[list[str]], table: Path) -> tuple[int, dict[str, int]]:
    for i, line in enumerate(cells[:15]):
        names = [re.sub(r"\s+", "", c) for c in line]
        columns = {key: names.index(alias) for key, aliases in COLUMNS.items() for alias in aliases if alias in names}
        if {"project_name", "applicant", "direction"} <= columns.keys():
            return i, columns
    raise BatchError("table_header", table)


def parse_direction(text: str, call: Call) -> int | None:
    """``3``, ``方向3``, ``方向三``, ``（三）3.健康医疗服务`` or only the name → 3."""
    compact = re.sub(r"\s+", "", text)
    for direction in call.directions:
        if direction.name in compact:
            return direction.no
    number = re.search(r"\d+", compact)
    if number and call.directions and any(d.no == int(number.group()) for d in call.directions):
        return int(number.group())
    chinese = re.search(r"方向([一二三四五六七八九十]+)", compact)
    if chinese:
        value = _chinese_number(chinese.group(1))
        return value if any(d.no == value for d in call.directions) else None
    return None


def _chinese_number(text: str) -> int:
    if text.startswith("十"):
        return 10 + (_CN_DIGITS[text[1]] if len(text) > 1 else 0)
    return _CN_DIGITS[text[0]]


def _declaration(root: Path, folder: Path, recommender: str, row: dict[str, str | int]) -> BatchDeclaration:
    seq = int(row["seq"])
    forms = [p for p in _forms(folder) if _leading_int(p.name) == seq]
    if not forms:
        raise BatchError("document_missing", _summary_table(folder), order=seq, project=row["project_name"])
    return BatchDeclaration(
        recommender=recommender, seq=seq, direction=int(row["direction"]),
        project_name=str(row["project_name"]), applicant=str(row["applicant"]),
        credit_code=str(row.get("credit_code", "")),
        documents=tuple(_document(root, p) for p in forms),
    )


def _forms(folder: Path) -> Iterable[Path]:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix.lower() in FORM_SUFFIXES and not any(w in path.stem for w in _NOT_FORMS):
            yield path


def _document(root: Path, path: Path) -> BatchDocument:
    try:
        content = read_document(path)
    except DocumentError as exc:
        code = "document_unsupported" if exc.code == "unsupported_format" else "document_unreadable"
        raise BatchError(code, path, reason=exc.reason) from None
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return BatchDocument(path.relative_to(root).as_posix(), content.format, digest, content)


def _fingerprint(documents: list[BatchDocument]) -> str:
    h = hashlib.sha256()
    for doc in sorted(documents, key=lambda d: d.path):
        h.update(f"{doc.path}\0{doc.sha256}\n".encode())
    return h.hexdigest()


def _leading_int(text: str) -> int | None:
    match = _LEADING_NO.match(text.strip())
    return int(match.group(1)) if match else None


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
