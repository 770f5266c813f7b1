"""Importing a batch into a review database: all of it in one transaction, or nothing.

A cancelled or failed import leaves the database exactly as it was (a new
database file is removed again); importing the same batch twice adds nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from reviewer.call import Call
from reviewer.errors import BatchError
from reviewer.importing.findings import Severity
from reviewer.importing.forms import FormField
from reviewer.importing.reader import CheckedBatch, ImportedDeclaration, check_batch, paused_collector
from reviewer.rubric import RubricSet
from reviewer.store.database import open_engine
from reviewer.store.migrations import make_new
from reviewer.store.models import (
    BatchRow, DeclarationRow, DocumentRow, FindingRow, RecommenderRow, ReviewInfo, RubricRow,
)
from reviewer.tasks import NO_TASK, Task, check


@dataclass
class ImportOutcome:
    checked: CheckedBatch
    database: Path
    already_imported: bool


def import_batch(root: Path, database: Path, call: Call, rubrics: RubricSet, form_fields: tuple[FormField, ...], *,
                 title: str = "", role: str = "chair", strict: bool = False, task: Task = NO_TASK) -> ImportOutcome:
    """Read and check the batch, then store it; raises BatchError when nothing could be read.

    ``strict`` (for the bundled demo) refuses a batch with any error finding.
    """
    with paused_collector():
        outcome = _import(root, database, call, rubrics, form_fields, title, role, strict, task)
        for d in outcome.checked.declarations:
            for doc in d.documents:
                doc.content = None  # stored now; freed before the collector runs again
    return outcome


def _import(root: Path, database: Path, call: Call, rubrics: RubricSet, form_fields: tuple[FormField, ...],
            title: str, role: str, strict: bool, task: Task) -> ImportOutcome:
    checked = check_batch(root, call, form_fields, task)
    if not checked.declarations:
        raise BatchError("batch_empty", root)
    errors = [f for f in checked.findings if f.severity == Severity.ERROR]
    if strict and errors:
        first = errors[0]
        raise BatchError("batch_incomplete", root / first.file if first.file else root,
                         detail=first.message("zh"), detail_en=first.message("en"))
    if not database.exists():
        # A new review is imported whole into a temporary beside it and put in place at the end, never over a
        # review another program made meanwhile (then this batch is stored into that one, or found there).
        if make_new(database, lambda staged: _store(staged, database, checked, call, rubrics, title, role, root, task)):
            return ImportOutcome(checked, database, already_imported=False)
    return _store(database, database, checked, call, rubrics, title, role, root, task)


def _store(path: Path, database: Path, checked: CheckedBatch, call: Call, rubrics: RubricSet, title: str, role: str,
           root: Path, task: Task) -> ImportOutcome:
    """Store the checked batch into the review file ``path`` (``database`` once in place) in one transaction."""
    engine, _backup = open_engine(path)
    try:
        with Session(engine) as s:
            present = s.exec(select(BatchRow)).first()
            if present is not None and present.fingerprint == checked.fingerprint:
                return ImportOutcome(checked, database, already_imported=True)
            if present is not None:
                raise BatchError("batch_conflict", database, other=present.path)
            try:
                _write(s, checked, call, rubrics, title or f"{call.title} · {root.name}", role)
                check(task)  # the last moment a cancel still leaves everything as it was
                s.commit()
            except IntegrityError:  # another program stored this very batch meanwhile: it is there, once
                s.rollback()
                again = s.exec(select(BatchRow)).first()
                if again is None or again.fingerprint != checked.fingerprint:
                    raise
                return ImportOutcome(checked, database, already_imported=True)
    finally:
        engine.dispose()  # the last connection: the write-ahead log is folded into the file
    return ImportOutcome(checked, database, already_imported=False)


def _write(s: Session, checked: CheckedBatch, call: Call, rubrics: RubricSet, title: str, role: str) -> None:
    now = datetime.now().isoformat(timespec="seconds")
    batch = BatchRow(path=str(checked.root), fingerprint=checked.fingerprint, imported_at=now, files=checked.files_read)
    s.add(batch)
    if s.get(ReviewInfo, 1) is None:
        s.add(ReviewInfo(title=title, call_id=call.id, role=role, batch_path=str(checked.root),
                         batch_fingerprint=checked.fingerprint, created_at=now))
    for no, rubric in rubrics.rubrics.items():
        if s.get(RubricRow, no) is None:
            s.add(RubricRow(direction=no, fingerprint=rubric.fingerprint, content=rubric.to_json()))
    s.flush()
    assert batch.id is not None
    rows = [RecommenderRow(name=rec.name, kind=rec.kind, batch_id=batch.id) for rec in checked.recommenders]
    s.add_all(rows)
    s.flush()
    recommender_ids = {row.name: row.id for row in rows}
    _add_declarations(s, checked.declarations, recommender_ids)  # an unknown direction too (0): the chair corrects it
    for f in checked.findings:
        s.add(FindingRow(batch_id=batch.id, code=f.code, severity=f.severity.value, file=f.file,
                         declaration=f.declaration, params=json.dumps(f.params, ensure_ascii=False)))


_CHUNK = 32  # declarations per flush: few round trips, and never every document's text in memory at once


def _add_declarations(s: Session, declarations: list[ImportedDeclaration], recommender_ids: dict[str, int | None]) -> None:
    """Declarations in chunks, each one multi-row INSERT … RETURNING, then their documents."""
    for start in range(0, len(declarations), _CHUNK):
        chunk = declarations[start:start + _CHUNK]
        rows = [DeclarationRow(code=d.code, recommender_id=recommender_ids[d.recommender], seq=d.order,
                               direction=d.direction or 0, project_name=d.project_name, applicant=d.applicant,
                               credit_code=d.credit_code, selected=d.selected,
                               fields=json.dumps(d.fields, ensure_ascii=False))
                for d in chunk]
        s.add_all(rows)
        s.flush()
        s.add_all([DocumentRow(declaration_id=row.id, path=doc.path, format=doc.format, sha256=doc.sha256,
                               content=doc.content.to_json())
                   for d, row in zip(chunk, rows) for doc in d.documents if doc.content is not None])
        s.flush()  # stored and clean: the session lets the documents' text go


def report(outcome: ImportOutcome, lang: str = "zh") -> dict[str, Any]:
    """The import report (see docs/batch-import.md); stable keys, more are welcome."""
    checked = outcome.checked
    return {
        "batch": {
            "path": str(checked.root),
            "fingerprint": checked.fingerprint,
            "files": checked.files_read,
            "recommenders": [{"name": r.name, "kind": r.kind} for r in checked.recommenders],
            "database": str(outcome.database),
            "already_imported": outcome.already_imported,
        },
        "declarations": [_declaration_dict(d) for d in checked.declarations],
        "findings": [f.to_dict(lang) for f in checked.findings],
    }


def _declaration_dict(d: ImportedDeclaration) -> dict[str, Any]:
    return {
        "id": d.code, "recommender": d.recommender, "recommender_kind": d.recommender_kind, "order": d.order,
        "direction": d.direction, "project_name": d.project_name, "applicant": d.applicant,
        "credit_code": d.credit_code, "documents": [doc.path for doc in d.documents], "selected": d.selected,
        "fields": d.fields,
    }
