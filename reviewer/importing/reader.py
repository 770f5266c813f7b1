"""Reading a batch and checking it against the call: nothing is written here.

:func:`check_batch` returns every declaration it could make out and every
finding; a file that fails becomes a finding and the rest goes on.
"""

from __future__ import annotations

import gc
import hashlib
import os
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Iterator

from reviewer.call import Call, Recommender
from reviewer.documents import DocumentError, DocumentText, clean_document, read_document_bytes
from reviewer.errors import BatchError
from reviewer.importing.findings import Finding, Severity, finding
from reviewer.importing.forms import FormField, compare_key, extract_fields, same_text
from reviewer.importing.recommenders import recommender_in
from reviewer.importing.sources import MAX_ZIP_DEPTH, SourceFile, SourceUnreadable, UnsafeEntry, scan_batch
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


def _check_batch(chosen: Path, call: Call, form_fields: tuple[FormField, ...], task: Task) -> CheckedBatch:
    root, inside = locate_batch(chosen, call)
    listing = scan_batch(root)
    files = listing.files
    findings: list[Finding] = []
    if inside:
        findings.append(finding("batch_found_inside", Severity.INFO, inside, folder=inside))
    findings += [finding("unsafe_path", Severity.ERROR, u.path, target=u.target) for u in listing.unsafe]
    findings += [_control_characters(f.path, "文件名", "file name", 1) for f in files if f.raw_path]
    groups = _recommenders(_units(files, root), call, findings)
    if not groups:
        raise BatchError("batch_empty", root)
    declarations: list[ImportedDeclaration] = []
    total = sum(len(u.files) for _, units in groups for u in units)
    done = 0
    for recommender, units in groups:
        check(task)
        found, more = _read_recommender(recommender, units, call, form_fields, task, done, total)
        declarations += found
        findings += more
        done += sum(len(u.files) for u in units)
    task.progress(total, total)
    findings += _duplicates(declarations)
    findings += apply_quotas(declarations, call)
    known = {doc.path: doc.sha256 for d in declarations for doc in d.documents}
    return CheckedBatch(root, _fingerprint(files, listing.unsafe, known), [rec for rec, _ in groups], declarations,
                        findings, len(files))


# --- where the batch is -------------------------------------------------------------------------

_MATERIAL = (".docx", ".pdf", ".xlsx", ".csv", ".zip", ".doc", ".wps", ".xls", ".et", ".ofd")
_LOOK_ENTRIES = 2000   # entries looked at per folder before the scan, so a home folder is refused at once


def locate_batch(chosen: Path, call: Call) -> tuple[Path, str]:
    """The folder that holds the batch: the chosen one, or the one sub-folder (two levels down at most)
    whose entries name recommenders; and that sub-folder's path relative to the chosen one ("" when none).

    Refuses at once, before any long scan, a folder with no batch material near its top or with
    several batches in it.
    """
    if not chosen.is_dir() or _names_recommenders(chosen, call) or any(_looks_like_unit(c) for c in _subfolders(chosen)):
        return chosen, ""
    found = []
    for child in _subfolders(chosen):
        if _names_recommenders(child, call):
            found.append(child)
            continue
        found += [grandchild for grandchild in _subfolders(child) if _names_recommenders(grandchild, call)]
    if len(found) > 1:
        raise BatchError("batch_ambiguous", chosen, candidates="、".join(f.relative_to(chosen).as_posix() for f in found[:5]))
    if found:
        return found[0], found[0].relative_to(chosen).as_posix()
    if not _holds_material(chosen, 3):
        raise BatchError("batch_not_recognised", chosen)
    return chosen, ""


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as scan:
            return [entry for _, entry in zip(range(_LOOK_ENTRIES), scan) if not entry.name.startswith((".", "~$"))]
    except OSError:
        return []


def _subfolders(folder: Path) -> list[Path]:
    return sorted(Path(e.path) for e in _entries(folder) if e.is_dir(follow_symlinks=False))


def _names_recommenders(folder: Path, call: Call) -> bool:
    return any(recommender_in(PurePosixPath(e.name).stem if e.name.lower().endswith(".zip") else e.name, call) is not None
               for e in _entries(folder) if e.is_dir(follow_symlinks=False) or e.name.lower().endswith(".zip"))


def _looks_like_unit(folder: Path) -> bool:
    """A recommender's folder whatever its name (01, 02 … named by their tables): a table, a form or 申报书 in it."""
    return any(e.name.lower().endswith(FORM_SUFFIXES) or ("申报书" in e.name and e.is_dir(follow_symlinks=False))
               or (e.name.lower().endswith((".xlsx", ".csv")) and any(w in e.name for w in ("汇总", "推荐", "清单")))
               for e in _entries(folder))


def _holds_material(folder: Path, depth: int) -> bool:
    entries = _entries(folder)
    if any(e.name.lower().endswith(_MATERIAL) for e in entries if not e.is_dir(follow_symlinks=False)):
        return True
    return depth > 1 and any(_holds_material(Path(e.path), depth - 1) for e in entries if e.is_dir(follow_symlinks=False))


# --- recommenders and their units ---------------------------------------------------------------

_SUPPLEMENT_WORDS = ("补报", "补充", "补交", "更正", "重报", "重新", "追加")


def _units(files: list[SourceFile], root: Path) -> list[_Unit]:
    grouped: dict[str, list[SourceFile]] = defaultdict(list)
    for f in files:
        grouped[f.parts[0] if len(f.parts) > 1 else ""].append(f)
    loose = grouped.pop("", [])
    units = [_Unit(name, group) for name, group in sorted(grouped.items())]
    if loose and any(is_summary_table(f) or f.suffix in FORM_SUFFIXES for f in loose):
        units.insert(0, _Unit(root.stem, loose))  # a batch of one recommender, files at its root
    return units


def _recommenders(units: list[_Unit], call: Call, findings: list[Finding]) -> list[tuple[Recommender, list[_Unit]]]:
    """Units by recommender: material in several folders or zips (浙江省, 浙江省（补报）) is one recommender,
    its main part first, then its supplements."""
    grouped: dict[str, tuple[Recommender, list[_Unit]]] = {}
    for unit in units:
        recommender = _recognise(unit, call)
        if recommender is None:
            findings.append(finding("unknown_recommender", Severity.ERROR, unit.name, name=unit.name))
            continue
        grouped.setdefault(recommender.name, (recommender, []))[1].append(unit)
    for _, parts in grouped.values():
        parts.sort(key=lambda u: (any(w in u.name for w in _SUPPLEMENT_WORDS), u.name))
    return list(grouped.values())


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


@dataclass
class _Plan:
    """One unit's projects before they are read: its table, its rows and its files by local number."""

    unit: _Unit
    table: SummaryTable | None
    rows: list[TableRow]
    numbered: dict[int, list[SourceFile]]
    orders: list[int]
    has_letter: bool


@dataclass(frozen=True)
class _Entry:
    order: int                # in the recommender's order, across all its units
    plan: _Plan
    row: TableRow | None
    sources: list[SourceFile]


def _plan(unit: _Unit, findings: list[Finding]) -> _Plan:
    tables = [f for f in unit.files if is_summary_table(f)]
    letters = [f for f in unit.files if _is_letter(f) and not is_summary_table(f)]
    table = _table(tables, findings)
    rows = list(table.rows) if table else []
    others = [f for f in unit.files if f not in tables and f not in letters]
    numbered = _assign_files(others, rows, findings)
    orders = [row.seq if row.seq is not None else i for i, row in enumerate(rows, 1)] if rows else sorted(numbered)
    return _Plan(unit, table, rows, numbered, orders, bool(letters))


def _entries_in_order(rec: Recommender, plans: list[_Plan], findings: list[Finding]) -> list[_Entry]:
    """Every project of a recommender with its place in the recommender's one order.

    A supplement whose numbers start again at 1 continues after the earlier part; a
    number used twice is a conflict: the later project goes last, with a finding.
    """
    entries: list[_Entry] = []
    taken: dict[int, str] = {}
    for k, plan in enumerate(plans):
        shift = 0
        if k and plan.orders and min(plan.orders) == 1 and any(o in taken for o in plan.orders):
            shift = max(taken)
            findings.append(finding("order_continued", Severity.INFO, plan.unit.name, unit=plan.unit.name,
                                    recommender=rec.name, first=shift + 1))
        for i, local in enumerate(plan.orders):
            order = local + shift
            row = plan.rows[i] if plan.rows else None
            if order in taken:
                new = max(max(taken), max(plan.orders) + shift) + 1
                findings.append(finding("order_conflict", Severity.WARNING, plan.table.file if plan.table else plan.unit.name,
                                        f"{rec.name}-{new:02d}", order=order, other=taken[order], new=new))
                order = new
            taken[order] = f"{rec.name}-{order:02d}" if not row else f"{rec.name}-{order:02d}（{row.project_name}）"
            entries.append(_Entry(order, plan, row, plan.numbered.get(local, [])))
    return entries


def _read_recommender(rec: Recommender, units: list[_Unit], call: Call, form_fields: tuple[FormField, ...],
                      task: Task, done: int, total: int) -> tuple[list[ImportedDeclaration], list[Finding]]:
    findings: list[Finding] = []
    plans = [_plan(unit, findings) for unit in units]
    if not any(p.has_letter for p in plans):
        findings.append(finding("missing_document", Severity.WARNING, units[0].name, what="推荐意见函", what_en="recommendation letter"))
    for plan in plans:
        if plan.table is None:
            findings.append(finding("order_from_file_names", Severity.INFO, plan.unit.name))
    declarations: list[ImportedDeclaration] = []
    for i, entry in enumerate(_entries_in_order(rec, plans, findings)):
        check(task)
        task.progress(done + i, total, entry.row.project_name if entry.row else f"{rec.name} {entry.order}")
        declaration, found = _declaration(rec, entry.order, entry.row, entry.plan.table, entry.sources, call, form_fields)
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


def _unreadable(path: str, reason: str, findings: list[Finding], declaration: str = "") -> None:
    """A file that cannot be read (zip bomb, oversized, encrypted, damaged, a bad CRC …): one finding, the rest goes on."""
    zh, en = _why(reason)
    findings.append(finding("unreadable_document", Severity.ERROR, path, declaration, why=zh, why_en=en))


def _control_characters(path: str, what: str, what_en: str, count: int, declaration: str = "") -> Finding:
    return finding("control_characters", Severity.WARNING, path, declaration, count=count, what=what, what_en=what_en)


def _table(tables: list[SourceFile], findings: list[Finding]) -> SummaryTable | None:
    for source in tables:
        try:
            table = read_summary_table(source)
        except TableError as exc:
            _unreadable(source.path, exc.reason, findings)
            continue
        if table.removed_characters:
            findings.append(_control_characters(source.path, "汇总表", "summary table", table.removed_characters))
        if table.lost_digits:
            findings.append(finding("number_lost_digits", Severity.WARNING, source.path,
                                    rows="、".join(map(str, table.lost_digits))))
        return table
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
    fmt = source.suffix.lstrip(".")
    if source.problem:  # refused from its listing (too large, nested too deep …): whatever its suffix
        _unreadable(source.path, source.problem.partition(":")[0], findings, code)
        return ImportedDocument(source.path, fmt, hashlib.sha256(b"").hexdigest(), None, readable=False)
    if source.suffix in UNSUPPORTED_SUFFIXES or source.suffix not in FORM_SUFFIXES:
        findings.append(finding("unsupported_format", Severity.ERROR, source.path, code, suffix=source.suffix or source.name))
        return ImportedDocument(source.path, fmt, _digest(source), None, readable=False)
    try:
        data = source.read()  # sizes were checked before: nothing over the limit is read
    except SourceUnreadable as exc:
        _unreadable(source.path, exc.reason, findings, code)
        return ImportedDocument(source.path, fmt, hashlib.sha256(b"").hexdigest(), None, readable=False)
    digest = hashlib.sha256(data).hexdigest()
    try:
        content = read_document_bytes(source.name, data)
    except DocumentError as exc:
        code_name = "unsupported_format" if exc.code == "unsupported_format" else "unreadable_document"
        params = {"suffix": source.suffix} if code_name == "unsupported_format" else {"why": _why(exc.reason)[0], "why_en": _why(exc.reason)[1]}
        findings.append(finding(code_name, Severity.ERROR, source.path, code, **params))
        return ImportedDocument(source.path, fmt, digest, None, readable=False)
    content, removed = clean_document(content)
    if removed:
        findings.append(_control_characters(source.path, "申报书内容", "form's text", removed, code))
    return ImportedDocument(source.path, content.format, digest, content)


def _digest(source: SourceFile) -> str:
    try:
        return hashlib.sha256(source.read()).hexdigest()
    except SourceUnreadable:
        return hashlib.sha256(b"").hexdigest()


_REASONS = {
    "empty": ("空文件", "empty file"), "too_large": ("文件过大", "too large"), "zip_bomb": ("疑似压缩炸弹", "looks like a zip bomb"),
    "encrypted": ("文件已加密", "encrypted"), "not_zip": ("不是有效的 .docx 文件", "not a valid .docx"),
    "corrupt_zip": ("压缩结构损坏或校验错误，可能是光盘划伤", "damaged archive or checksum error, perhaps a scratched disc"),
    "no_body": ("缺少正文", "no document body"),
    "bad_xml": ("内容结构损坏", "damaged content"), "corrupt_pdf": ("PDF 已损坏", "damaged PDF"),
    "doc_format": ("实为旧版 .doc 格式", "really an old .doc file"),
    "io_error": ("读取出错", "read error"),
    "too_deep": (f"压缩包嵌套超过 {MAX_ZIP_DEPTH} 层", f"zips nested more than {MAX_ZIP_DEPTH} deep"),
    "too_many_members": ("压缩包内文件过多", "too many files in the archive"),
    "xml_entities": ("含有 XML 实体声明，出于安全未读取", "declares XML entities; not read, for safety"),
    "no_header": ("找不到表头", "no header row"),
    "encoding": ("既不是 UTF-8 也不是 GBK 文本", "neither UTF-8 nor GBK"),
}


def _why(reason: str) -> tuple[str, str]:
    if reason.startswith("corrupt ("):  # a table that openpyxl or csv could not read
        return _REASONS["corrupt_zip"][0] + reason[len("corrupt"):], _REASONS["corrupt_zip"][1] + reason[len("corrupt"):]
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


def _fingerprint(files: list[SourceFile], unsafe: list[UnsafeEntry], known: dict[str, str]) -> str:
    """SHA-256 over every file's path, size and content (and the names of refused paths): the same batch, the same fingerprint."""
    h = hashlib.sha256()
    for f in sorted(files, key=lambda x: x.path):
        digest = known.get(f.path) or _digest(f)
        h.update(f"{f.path}\0{f.size}\0{digest}\n".encode())
    for u in sorted(unsafe, key=lambda x: x.path):
        h.update(f"unsafe\0{u.path}\0{u.target}\n".encode())
    return h.hexdigest()

