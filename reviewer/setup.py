"""Creating a review database from a batch — staged in a side file, then swapped in.

A failed or cancelled creation leaves nothing behind and never touches an
existing review.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from sqlmodel import Session

from reviewer.batch import Batch, read_batch
from reviewer.call import Call, bundled_call
from reviewer.rubric import RubricSet, bundled_rubrics
from reviewer.paths import demo_batch_dir, demo_review_path
from reviewer.store.database import open_engine
from reviewer.store.models import DeclarationRow, DocumentRow, RecommenderRow, ReviewInfo, RubricRow
from reviewer.tasks import NO_TASK, Task


def create_review(path: Path, batch: Batch, call: Call, rubrics: RubricSet, *, title: str, expert_name: str = "") -> Path:
    """Write a new review database at ``path`` holding the batch and the rubrics."""
    staging = path.with_name(path.name + ".partial")
    staging.unlink(missing_ok=True)
    try:
        engine, _ = open_engine(staging)
        with Session(engine) as s:
            s.add(ReviewInfo(title=title, call_id=call.id, expert_name=expert_name, batch_path=str(batch.root),
                             batch_fingerprint=batch.fingerprint, created_at=datetime.now().isoformat(timespec="seconds")))
            for no, rubric in rubrics.rubrics.items():
                s.add(RubricRow(direction=no, fingerprint=rubric.fingerprint, content=rubric.to_json()))
            _add_declarations(s, batch)
            s.commit()
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        engine.dispose()
        os.replace(staging, path)
    finally:
        staging.unlink(missing_ok=True)
        _drop_side_files(staging)
    return path


def _add_declarations(s: Session, batch: Batch) -> None:
    recommender_ids: dict[str, int] = {}
    for name, kind in batch.recommenders:
        row = RecommenderRow(name=name, kind=kind)
        s.add(row)
        s.flush()
        assert row.id is not None
        recommender_ids[name] = row.id
    for d in batch.declarations:
        decl = DeclarationRow(code=d.code, recommender_id=recommender_ids[d.recommender], seq=d.seq, direction=d.direction,
                              project_name=d.project_name, applicant=d.applicant, credit_code=d.credit_code)
        s.add(decl)
        s.flush()
        assert decl.id is not None
        for doc in d.documents:
            s.add(DocumentRow(declaration_id=decl.id, path=doc.path, format=doc.format, sha256=doc.sha256, content=doc.content.to_json()))


def _drop_side_files(db: Path) -> None:
    for suffix in ("-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)


def ensure_demo_review(path: Path | None = None, task: Task = NO_TASK) -> Path:
    """The review of the bundled demo batch, created on first use."""
    path = path or demo_review_path()
    if not path.exists():
        call = bundled_call()
        batch = read_batch(demo_batch_dir(), call, task)
        create_review(path, batch, call, bundled_rubrics(), title="演示批次 · " + call.title)
    return path
