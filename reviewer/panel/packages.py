"""Work packages: what one expert needs to review offline, encrypted under their passphrase.

A package (``.rvpkg``) holds the declarations assigned to the expert with their
extracted documents (and the original files where the chair's batch is at
hand), the rubrics, the expert's identity and what binds the work: the batch
fingerprint, the rubric fingerprints and the expert's signing key. Opening it
makes the expert's local review. Format: docs/panel-files.md.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from sqlmodel import Session, select

from reviewer.errors import ReviewerError
from reviewer.importing.sources import SourceFile, list_batch
from reviewer.panel.envelope import EnvelopeError, Secret, derive, open_envelope, read_header, seal
from reviewer.panel.experts import assignments, experts
from reviewer.review import Review
from reviewer.store.database import open_engine
from reviewer.store.models import (
    DeclarationRow, DocumentRow, ExpertRow, RecommenderRow, ReviewInfo, RubricRow, SettingRow,
)
from reviewer.tasks import NO_TASK, Task, check

FORMAT = 1
KIND = "work_package"
SUFFIX = ".rvpkg"


@dataclass(frozen=True)
class WrittenPackage:
    expert: ExpertRow
    path: Path
    declarations: int


def write_packages(review: Review, out: Path, task: Task = NO_TASK) -> list[WrittenPackage]:
    """One package per expert with assignments, and ``口令清单.csv`` with the passphrases to hand out."""
    out.mkdir(parents=True, exist_ok=True)
    info = review.info()
    if info is None:
        raise ReviewerError("db_not_review", review.path)
    originals = _originals(Path(info.batch_path)) if info.batch_path else {}
    panel = [e for e in experts(review) if e.id is not None and assignments(review, e.id)]
    written = []
    for i, expert in enumerate(panel):
        check(task)
        task.progress(i, len(panel), expert.name)
        path = out / f"{i + 1:02d}_{expert.name}{SUFFIX}"
        count = _write_package(review, info, expert, originals, path)
        written.append(WrittenPackage(expert, path, count))
    _write_passphrases(out / "口令清单.csv", written)
    task.progress(len(panel), len(panel))
    return written


def _originals(root: Path) -> dict[str, SourceFile]:
    """The batch's files by path, when the batch is still at hand (else the extracted text serves)."""
    try:
        return {f.path: f for f in list_batch(root)} if root.exists() else {}
    except ReviewerError:
        return {}


def _write_package(review: Review, info: ReviewInfo, expert: ExpertRow, originals: dict[str, SourceFile], path: Path) -> int:
    assert expert.id is not None
    declarations = assignments(review, expert.id)
    with Session(review.engine) as s:
        recommenders = {r.id: r for r in s.exec(select(RecommenderRow))}
        rubrics = {r.direction: r for r in s.exec(select(RubricRow))}
        documents = {d.id: s.exec(select(DocumentRow).where(DocumentRow.declaration_id == d.id)).all() for d in declarations}
    used = sorted({d.direction for d in declarations})
    manifest: dict[str, Any] = {
        "format": FORMAT, "kind": KIND, "package_id": str(uuid.uuid4()),
        "created_at": datetime.now().isoformat(timespec="seconds"),
        "review_title": info.title, "call_id": info.call_id,
        "expert": {"id": expert.id, "name": expert.name, "affiliation": expert.affiliation},
        "batch": {"fingerprint": info.batch_fingerprint},
        "rubrics": {str(no): rubrics[no].fingerprint for no in used},
        "signing_key": expert.signing_key,
        "declarations": [_declaration(d, recommenders[d.recommender_id], documents[d.id]) for d in declarations],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False))
        for no in used:
            archive.writestr(f"rubrics/{no}.json", rubrics[no].content)
        for rows in documents.values():
            for doc in rows:
                if doc.path in originals:
                    archive.writestr(f"files/{doc.path}", originals[doc.path].read())
    secret = Secret.from_text(expert.secret)
    header = {"format": FORMAT, "kind": KIND, "expert_id": expert.id, "expert": expert.name,
              "package_id": manifest["package_id"]}
    _atomic_write(path, seal(buffer.getvalue(), secret, header))
    return len(declarations)


def _declaration(d: DeclarationRow, recommender: RecommenderRow, documents: list[DocumentRow]) -> dict[str, Any]:
    return {
        "code": d.code, "recommender": recommender.name, "recommender_kind": recommender.kind, "seq": d.seq,
        "direction": d.direction, "project_name": d.project_name, "applicant": d.applicant,
        "credit_code": d.credit_code,
        "documents": [{"path": doc.path, "format": doc.format, "sha256": doc.sha256, "content": doc.content} for doc in documents],
    }


def _write_passphrases(path: Path, written: list[WrittenPackage]) -> None:
    buffer = io.StringIO()
    sheet = csv.writer(buffer)
    sheet.writerow(["专家", "工作单位", "工作包文件", "口令", "项目数"])
    for w in written:
        sheet.writerow([w.expert.name, w.expert.affiliation, w.path.name, w.expert.passphrase, w.declarations])
    _atomic_write(path, buffer.getvalue().encode("utf-8-sig"))  # BOM: Excel opens it as UTF-8


def _atomic_write(path: Path, data: bytes) -> None:
    temporary = path.with_name(path.name + ".partial")
    temporary.write_bytes(data)
    temporary.replace(path)


# --- the expert's side --------------------------------------------------------------------

@dataclass(frozen=True)
class PackageContents:
    manifest: dict[str, Any]
    rubrics: dict[int, str]
    files: dict[str, bytes]
    secret: Secret


def read_package(path: Path, passphrase: str) -> PackageContents:
    """Decrypt and check a package; EnvelopeError for a wrong passphrase, a damaged or foreign file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReviewerError("file_unreadable", path, detail=exc.strerror or str(exc)) from None
    header = read_header(data, path)
    if header.get("kind") != KIND:
        raise EnvelopeError("package_not_package", path, kind=header.get("kind", "?"))
    envelope = open_envelope(data, passphrase, path)
    try:
        with zipfile.ZipFile(io.BytesIO(envelope.payload)) as archive:
            manifest = json.loads(archive.read("manifest.json"))
            rubrics = {int(PurePosixPath(n).stem): archive.read(n).decode("utf-8")
                       for n in archive.namelist() if n.startswith("rubrics/")}
            files = {n[len("files/"):]: archive.read(n) for n in archive.namelist() if n.startswith("files/")}
    except (zipfile.BadZipFile, KeyError, json.JSONDecodeError, ValueError):
        raise EnvelopeError("envelope_truncated", path) from None
    return PackageContents(manifest, rubrics, files, derive(passphrase, bytes.fromhex(header["salt"])))


def open_package(path: Path, passphrase: str, database: Path) -> Path:
    """Make the expert's local review from a package (a new database file)."""
    contents = read_package(path, passphrase)
    if database.exists():
        raise ReviewerError("package_target_exists", database)
    files_root = database.with_name(database.stem + "-files")
    manifest = contents.manifest
    engine, _ = open_engine(database)
    try:
        with Session(engine) as s:
            s.add(ReviewInfo(title=manifest["review_title"], call_id=manifest["call_id"], role="expert",
                             expert_name=manifest["expert"]["name"], batch_path=str(files_root),
                             batch_fingerprint=manifest["batch"]["fingerprint"], created_at=manifest["created_at"]))
            for no, content in contents.rubrics.items():
                s.add(RubricRow(direction=no, fingerprint=manifest["rubrics"][str(no)], content=content))
            _add_declarations(s, manifest["declarations"])
            for key, value in (("package_id", manifest["package_id"]), ("expert_id", str(manifest["expert"]["id"])),
                               ("signing_key", manifest["signing_key"]), ("secret", contents.secret.to_text()),
                               ("rubrics", json.dumps(manifest["rubrics"]))):
                s.add(SettingRow(key=key, value=value))
            s.commit()
    except BaseException:
        engine.dispose()
        for suffix in ("", "-wal", "-shm"):
            Path(str(database) + suffix).unlink(missing_ok=True)
        raise
    engine.dispose()
    for relative, data in contents.files.items():
        target = files_root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return database


def _add_declarations(s: Session, declarations: list[dict[str, Any]]) -> None:
    recommenders: dict[str, int] = {}
    for d in declarations:
        if d["recommender"] not in recommenders:
            row = RecommenderRow(name=d["recommender"], kind=d["recommender_kind"])
            s.add(row)
            s.flush()
            assert row.id is not None
            recommenders[d["recommender"]] = row.id
        decl = DeclarationRow(code=d["code"], recommender_id=recommenders[d["recommender"]], seq=d["seq"],
                              direction=d["direction"], project_name=d["project_name"], applicant=d["applicant"],
                              credit_code=d["credit_code"])
        s.add(decl)
        s.flush()
        assert decl.id is not None
        for doc in d["documents"]:
            s.add(DocumentRow(declaration_id=decl.id, path=doc["path"], format=doc["format"], sha256=doc["sha256"],
                              content=doc["content"]))
