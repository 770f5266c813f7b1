"""Reading a batch and checking it against the call: nothing is written here.

:func:`check_batch` returns every declaration it could make out and every
finding; a file that fails becomes a finding and the rest goes on.
"""

from __future__ import annotations

import gc
import hashlib
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Iterator

from reviewer.call import Call, Recommender
from reviewer.documents import DocumentError, DocumentText, read_document_bytes
from reviewer.errors import BatchError
from reviewer.importing.findings import Finding, Severity, finding
from reviewer.importing.forms import FormField, compare_key, extract_fields, same_text
from reviewer.importing.recommenders import recommender_in
from reviewer.importing.sources import SourceFile, list_batch
from reviewer.importing.tables import SummaryTable, TableError, TableRow, is_summary_table, leading_number, parse_direction, read_summary_table
from reviewer.tasks import NO_TASK, Task, check

FORM_SUFFIXES = (".docx", ".pdf")
UNSUPPORTED_SUFFIXES = (".doc", ".wps", ".rtf", ".odt", ".txt", ".xls", ".et", ".jpg", ".jpeg", ".png", ".tif", ".tiff", ".ofd")
LETTER_WORDS = ("推荐意见", "推荐函", "推荐信")


@dataclass
class ImportedDocument:
    path: str
    format: str
    sha256: str
    content: DocumentText | None  # None when it could not be read (or, after an import, once stored)
    readable: bool = True


@dataclass
class ImportedDeclaration:
    recommender: str
    recommender_kind: str
    order: int
    direction: int | None
    direction_text: str
    project_name: str
    applicant: str
    credit_code: str
    documents: list[ImportedDocument] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)
    selected: bool = True
    table_file: str = ""      # the summary table that set its order ("" when none)

    @property
    def code(self) -> str:
        return f"{self.recommender}-{self.order:02d}"


@dataclass
class CheckedBatch:
    root: Path
    fingerprint: str
    recommenders: list[Recommender]
    declarations: list[ImportedDeclaration]
    findings: list[Finding]
    files_read: int


@dataclass
class _Unit:
    """One recommender's files: a folder or a nested zip."""

    name: str
    files: list[SourceFile]


@contextmanager
def paused_collector() -> Iterator[None]:
    """No cyclic garbage collection while a batch is read.

    Parsed documents hold many objects but no reference cycles (reference
    counting frees them); without this, Python's full collections scan them
    again and again, each one holding the GIL for up to half a second, and the
    GUI thread stalls.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def check_batch(root: Path, call: Call, form_fields: tuple[FormField, ...], task: Task = NO_TASK) -> CheckedBatch:
    """Read every recommender of the batch and run the formal check."""
    with paused_collector():
        return _check_batch(root.resolve(), call, form_fields, task)


def _check_batch(root: Path, call: Call, form_fields: tuple[FormField, ...], task: Task) -> CheckedBatch:
    files = list_batch(root)
    units = _units(files, root)
    if not units:
        raise BatchError("batch_empty", root)
    findings: list[Finding] = []
    declarations: list[ImportedDeclaration] = []
    recommenders: list[Recommender] = []
    total = sum(len(u.files) for u in units)
    done = 0
    for unit in units:
        check(task)
        recommender = _recognise(unit, call)
        if recommender is None:
            findings.append(finding("unknown_recommender", Severity.ERROR, unit.name, name=unit.name))
            done += len(unit.files)
            continue
        recommenders.append(recommender)
        unit_declarations, unit_findings = _read_unit(unit, recommender, call, form_fields, task, done, total)
        declarations += unit_declarations
        findings += unit_findings
        done += len(unit.files)
    task.progress(total, total)
    findings += _duplicates(declarations)
    findings += apply_quotas(declarations, call)
    known = {doc.path: doc.sha256 for d in declarations for doc in d.documents}
    return CheckedBatch(root, _fingerprint(files, known), recommenders, declarations, findings, len(files))


def _units(files: list[SourceFile], root: Path) -> list[_Unit]:
    grouped: dict[str, list[SourceFile]] = defaultdict(list)
    for f in files:
        grouped[f.parts[0] if len(f.parts) > 1 else ""].append(f)
    loose = grouped.pop("", [])
    units = [_Unit(name, group) for name, group in sorted(grouped.items())]
    if loose and any(is_summary_table(f) or f.suffix in FORM_SUFFIXES for f in loose):
        units.insert(0, _Unit(root.stem, loose))  # a batch of one recommender, files at its root
    return units


def _recognise(unit: _Unit, call: Call) -> Recommender | None:
    found = recommender_in(unit.name, call)
    if found is not None:
        return found
    for source in unit.files:
        if is_summary_table(source) or _is_letter(source):
            found = recommender_in(source.name, call) or recommender_in(_title_of(source), call)
            if found is not None:
                return found
    return None


def _title_of(source: SourceFile) -> str:
    """The first lines of a table or letter, which name the recommender."""
    try:
        if is_summary_table(source):
            return read_summary_table(source).title
        document = read_document_bytes(source.name, source.read())
        return " ".join(b.text for b in document.blocks[:12] if b.text)
    except (TableError, DocumentError, OSError):
        return ""


def _is_letter(source: SourceFile) -> bool:
    return any(w in source.name for w in LETTER_WORDS)


def _read_unit(unit: _Unit, rec: Recommender, call: Call, form_fields: tuple[FormField, ...],
               task: Task, done: int, total: int) -> tuple[list[ImportedDeclaration], list[Finding]]:
    findings: list[Finding] = []
    tables = [f for f in unit.files if is_summary_table(f)]
    letters = [f for f in unit.files if _is_letter(f) and not is_summary_table(f)]
    if not letters:
        findings.append(finding("missing_document", Severity.WARNING, unit.name, what="推荐意见函", what_en="recommendation letter"))
    table = _table(tables, findings)
    rows = list(table.rows) if table else []
    if table is None:
        findings.append(finding("order_from_file_names", Severity.INFO, unit.name))
    others = [f for f in unit.files if f not in tables and f not in letters]
    numbered = _assign_files(others, rows, findings)
    declarations: list[ImportedDeclaration] = []
    orders = [row.seq if row.seq is not None else i for i, row in enumerate(rows, 1)] if rows else sorted(numbered)
    for i, order in enumerate(orders):
        check(task)
        row = rows[i] if rows else None
        task.progress(done + i, total, row.project_name if row else f"{rec.name} {order}")
        declaration, found = _declaration(rec, order, row, table, numbered.get(order, []), call, form_fields)
        declarations.append(declaration)
        findings += found
    return declarations, findings


def _assign_files(files: list[SourceFile], rows: list[TableRow], findings: list[Finding]) -> dict[int, list[SourceFile]]:
    """Files by project number: the number a name starts with, else the project name it contains.

    A file that belongs to no project is reported, never silently skipped.
    """
    by_name = {compare_key(row.project_name): (row.seq if row.seq is not None else i)
               for i, row in enumerate(rows, 1) if row.project_name}
    numbered: dict[int, list[SourceFile]] = defaultdict(list)
    for f in files:
        number = leading_number(PurePosixPath(f.path).name)
        if number is None:
            stem = compare_key(PurePosixPath(f.path).stem)
            number = next((n for name, n in sorted(by_name.items(), key=lambda kv: -len(kv[0])) if name in stem), None)
        if number is not None:
            numbered[number].append(f)
        elif f.suffix in UNSUPPORTED_SUFFIXES:
            findings.append(finding("unsupported_format", Severity.WARNING, f.path, suffix=f.suffix))
        else:
            findings.append(finding("unassigned_file", Severity.INFO, f.path))
    return numbered


def _problem(source: SourceFile, findings: list[Finding], declaration: str = "") -> None:
    """A file the batch listing could not open (zip bomb, oversized, encrypted member, damaged zip)."""
    zh, en = _why(source.problem.split(":", 1)[0])
    findings.append(finding("unreadable_document", Severity.ERROR, source.path, declaration, why=zh, why_en=en))


def _table(tables: list[SourceFile], findings: list[Finding]) -> SummaryTable | None:
    for source in tables:
        if source.problem:
            _problem(source, findings)
            continue
        try:
            return read_summary_table(source)
        except TableError as exc:
            why = {"no_header": ("找不到表头", "no header row"), "encoding": ("既不是 UTF-8 也不是 GBK 文本", "neither UTF-8 nor GBK")}
            zh, en = why.get(exc.reason, (exc.reason, exc.reason))
            findings.append(finding("unreadable_document", Severity.ERROR, source.path, why=zh, why_en=en))
    return None


def _declaration(rec: Recommender, order: int, row: TableRow | None, table: SummaryTable | None, sources: list[SourceFile],
                 call: Call, form_fields: tuple[FormField, ...]) -> tuple[ImportedDeclaration, list[Finding]]:
    code = f"{rec.name}-{order:02d}"
    findings: list[Finding] = []
    documents = [_document(s, code, findings) for s in sources]
    main = next((d for d in documents if d.content is not None and d.content.has_text_layer), None)
    fields = extract_fields(main.content, form_fields) if main and main.content else {}
    if not sources:
        what = (row.project_name if row else "") or code
        findings.append(finding("missing_document", Severity.ERROR, table.file if table else "", code,
                                what=f"申报书（{what}）", what_en=f"application form ({what})"))
    elif main is None and any(d.content is not None for d in documents):
        findings.append(finding("no_text_layer", Severity.WARNING, documents[0].path, code))
    project = (row.project_name if row else "") or fields.get("project_name", "")
    applicant = (row.applicant if row else "") or fields.get("applicant", "")
    credit = (row.credit_code if row else "") or fields.get("credit_code", "")
    direction_text = (row.direction_text if row else "") or fields.get("direction", "")
    declaration = ImportedDeclaration(rec.name, rec.kind, order, parse_direction(direction_text, call), direction_text,
                                      project, applicant, credit, documents, fields,
                                      table_file=table.file if table else "")
    file = main.path if main else (table.file if table else "")
    if main is not None:
        findings += _compare(declaration, row, fields, form_fields, main.path, call)
    findings += _eligibility(declaration, file, call)
    return declaration, findings


def _document(source: SourceFile, code: str, findings: list[Finding]) -> ImportedDocument:
    data = b"" if source.problem else source.read()
    digest = hashlib.sha256(data).hexdigest()
    fmt = source.suffix.lstrip(".")
    if source.problem:
        _problem(source, findings, code)
        return ImportedDocument(source.path, fmt, digest, None, readable=False)
    if source.suffix in UNSUPPORTED_SUFFIXES or source.suffix not in FORM_SUFFIXES:
        findings.append(finding("unsupported_format", Severity.ERROR, source.path, code, suffix=source.suffix or source.name))
        return ImportedDocument(source.path, fmt, digest, None, readable=False)
    try:
        content = read_document_bytes(source.name, data)
    except DocumentError as exc:
        code_name = "unsupported_format" if exc.code == "unsupported_format" else "unreadable_document"
        params = {"suffix": source.suffix} if code_name == "unsupported_format" else {"why": _why(exc.reason)[0], "why_en": _why(exc.reason)[1]}
        findings.append(finding(code_name, Severity.ERROR, source.path, code, **params))
        return ImportedDocument(source.path, fmt, digest, None, readable=False)
    return ImportedDocument(source.path, content.format, digest, content)


_REASONS = {
    "empty": ("空文件", "empty file"), "too_large": ("文件过大", "too large"), "zip_bomb": ("疑似压缩炸弹", "looks like a zip bomb"),
    "encrypted": ("文件已加密", "encrypted"), "not_zip": ("不是有效的 .docx 文件", "not a valid .docx"),
    "corrupt_zip": ("压缩结构损坏", "damaged archive"), "no_body": ("缺少正文", "no document body"),
    "bad_xml": ("内容结构损坏", "damaged content"), "corrupt_pdf": ("PDF 已损坏", "damaged PDF"),
    "doc_format": ("实为旧版 .doc 格式", "really an old .doc file"),
    "io_error": ("读取出错", "read error"),
}


def _why(reason: str) -> tuple[str, str]:
    return _REASONS.get(reason, (reason, reason))


def _compare(d: ImportedDeclaration, row: TableRow | None, fields: dict[str, str], form_fields: tuple[FormField, ...],
             file: str, call: Call) -> list[Finding]:
    findings: list[Finding] = []
    for f in form_fields:
        value = fields.get(f.key, "")
        if f.required and not value:
            findings.append(finding("missing_field", Severity.WARNING, file, d.code, field=f.name, field_en=f.key))
        if not (f.compare_with_table and row is not None and value):
            continue
        table_value = {"project_name": row.project_name, "applicant": row.applicant, "direction": row.direction_text}.get(f.key, "")
        if not table_value:
            continue
        differs = (parse_direction(table_value, call) != parse_direction(value, call)) if f.key == "direction" else not same_text(table_value, value)
        if differs:
            findings.append(finding("field_mismatch", Severity.WARNING, file, d.code, field=f.name, field_en=f.key, table=table_value, form=value))
    return findings


def _eligibility(d: ImportedDeclaration, file: str, call: Call) -> list[Finding]:
    from reviewer.eligibility import CreditCodeRules, credit_code_fault, not_legal_person
    from reviewer.importing.findings import CREDIT_CODE_FAULTS, LEGAL_PERSON_FAULTS

    rules = CreditCodeRules.from_call(call.eligibility)
    findings: list[Finding] = []
    if d.direction is None:
        findings.append(finding("unknown_direction", Severity.ERROR, file, d.code, direction=d.direction_text or "—"))
    if d.credit_code:
        fault = credit_code_fault(d.credit_code, rules)
        if fault:
            zh, en = CREDIT_CODE_FAULTS[fault]
            findings.append(finding("invalid_credit_code", Severity.ERROR, file, d.code, credit_code=d.credit_code, why=zh, why_en=en))
    why = not_legal_person(d.credit_code, d.applicant, rules)
    if why:
        zh, en = LEGAL_PERSON_FAULTS[why]
        findings.append(finding("not_legal_person", Severity.ERROR, file, d.code, applicant=d.applicant, why=zh, why_en=en))
    return findings


def _duplicates(declarations: list[ImportedDeclaration]) -> list[Finding]:
    first: dict[tuple[str, str], ImportedDeclaration] = {}
    findings: list[Finding] = []
    for d in declarations:
        key = (compare_key(d.applicant), compare_key(d.project_name))
        if not all(key):
            continue
        if key in first:
            findings.append(finding("duplicate_declaration", Severity.WARNING, d.documents[0].path if d.documents else "", d.code, other=first[key].code))
        else:
            first[key] = d
    return findings


def apply_quotas(declarations: list[ImportedDeclaration], call: Call) -> list[Finding]:
    """Mark the declarations beyond a recommender's quota as not selected, in the recommender's order."""
    findings: list[Finding] = []
    by_recommender: dict[str, list[ImportedDeclaration]] = defaultdict(list)
    for d in declarations:
        by_recommender[d.recommender].append(d)
    for name, items in by_recommender.items():
        kind = call.kind(items[0].recommender_kind)
        taken: dict[str, int] = defaultdict(int)
        total = 0
        for d in sorted(items, key=lambda x: x.order):
            group = next((g for g in kind.groups if d.direction in g.directions), None)
            if group is None:
                d.selected = False
                continue
            taken[group.name] += 1
            if taken[group.name] > group.max or total >= kind.max_total:
                d.selected = False
                findings.append(finding("quota_exceeded", Severity.WARNING, d.table_file, d.code, recommender=name, group=group.name,
                                        position=taken[group.name], max=group.max))
            else:
                total += 1
    return findings


def _fingerprint(files: list[SourceFile], known: dict[str, str]) -> str:
    """SHA-256 over every file's path, size and content: the same batch, the same fingerprint."""
    h = hashlib.sha256()
    for f in sorted(files, key=lambda x: x.path):
        digest = known.get(f.path) or hashlib.sha256(b"" if f.problem else f.read()).hexdigest()
        h.update(f"{f.path}\0{f.size}\0{digest}\n".encode())
    return h.hexdigest()

