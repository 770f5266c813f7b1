"""Work packages: what one expert needs to review offline, encrypted under their passphrase.

A package (``.rvpkg``) holds the declarations assigned to the expert with their
extracted documents (and the original files where the chair's batch is at
hand), the rubrics, the expert's identity and what binds the work: the batch
fingerprint and the rubric fingerprints. Opening it makes the expert's local
review and the expert's Ed25519 signing key, which never leaves that review.
The passphrases go to a folder of their own, never beside the packages.
Format: docs/panel-files.md; threats: docs/security.md.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import secrets
import shutil
import sqlite3
import uuid
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, select

from reviewer.errors import ReviewerError, WriteError
from reviewer.importing.sources import SourceFile, list_batch
from reviewer.panel import signing
from reviewer.panel.envelope import EnvelopeError, Secret, derive, open_envelope, read_header, seal
from reviewer.panel.experts import assignments, experts
from reviewer.review import Review
from reviewer.safeio import TEMP_PREFIX, check_target, temporary_for, write_atomic, write_bytes_atomic, write_error
from reviewer.store.database import open_engine
from reviewer.store.models import (
    DeclarationRow, DocumentRow, ExpertRow, RecommenderRow, ReviewInfo, RubricRow, SettingRow,
)
from reviewer.tasks import NO_TASK, Task, check

FORMAT = 2
KIND = "work_package"
SUFFIX = ".rvpkg"
PASSPHRASE_LIST = "口令清单.csv"
SLIPS = "口令条.docx"
#: Bounds on what a package may hold (a real one: a few hundred MB of forms at most).
MAX_PACKAGE = 2 * 1024**3
MAX_MEMBERS = 100_000
#: The file in an expert's forms folder that says open-package made it (so a retry may replace it).
FILES_MARKER = ".reviewer-package"
_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True)
class WrittenPackage:
    expert: ExpertRow
    path: Path
    declarations: int
    passphrase: str = ""   # '' when it was handed out at an earlier issue (the chair's database no longer has it)


def write_packages(review: Review, out: Path, passphrases: Path, task: Task = NO_TASK,
                   slips: bool = True) -> list[WrittenPackage]:
    """One package per expert with assignments into ``out``; the passphrases (a list, and with ``slips`` one
    printable page per expert) into ``passphrases``, a folder that is neither ``out`` nor inside it nor holds it.

    The chair's database keeps each expert's derived key (to open their score files), never the passphrase
    once it is written out: a re-issue reuses the key, so the passphrase the expert has stays valid."""
    _check_apart(out, passphrases)
    info = review.info()
    if info is None:
        raise ReviewerError("db_not_review", review.path)
    for folder in (out, passphrases):
        check_target(folder / "x", create_parent=True)
    originals = _originals(Path(info.batch_path)) if info.batch_path else {}
    panel = [e for e in experts(review) if e.id is not None and assignments(review, e.id)]
    issued = []
    for i, expert in enumerate(panel):
        check(task)
        task.progress(i, len(panel), expert.name)
        issued.append(_issue(expert))
        path = out / f"工作包-{i + 1:02d}-{issued[-1].package_id[:8]}{SUFFIX}"
        count = _write_package(review, info, issued[-1], originals, path)
        issued[-1] = WrittenPackage(issued[-1], path, count, expert.passphrase)  # type: ignore[assignment]
    written: list[WrittenPackage] = issued  # type: ignore[assignment]
    _write_passphrases(passphrases / PASSPHRASE_LIST, written)
    if slips and any(w.passphrase for w in written):
        write_slips(passphrases / SLIPS, info.title, [w for w in written if w.passphrase])
    _record_issue(review, written)
    task.progress(len(panel), len(panel))
    return written


def _check_apart(out: Path, passphrases: Path) -> None:
    a, b = out.resolve(), passphrases.resolve()
    if a == b or a in b.parents or b in a.parents:
        raise ReviewerError("packages_passphrases_together", passphrases, packages=out)


def _issue(expert: ExpertRow) -> ExpertRow:
    """The expert as issued now: a package id kept across re-issues, the key from the passphrase as typed."""
    issued = expert.model_copy()
    issued.package_id = expert.package_id or str(uuid.uuid4())
    if expert.passphrase:  # the first issue (or a v4 database): derive from the normalised passphrase
        issued.secret = derive(expert.passphrase, Secret.from_text(expert.secret).salt).to_text()
    return issued


def _record_issue(review: Review, written: list[WrittenPackage]) -> None:
    """The issue in the chair's database: package ids, keys, the time; passphrases forgotten. An expert whose
    assignments changed since their last package opens the new one as a new review, with a new signing key:
    their pinned key is released (audited), and their next merged file pins the new one."""
    from reviewer.panel.assignment import reissue_needed
    from reviewer.store.models import AuditRow

    now = datetime.now().isoformat(timespec="seconds")
    with Session(review.engine) as s:
        for w in written:
            row = s.get(ExpertRow, w.expert.id)
            assert row is not None
            if row.public_key and reissue_needed(row.assignment_changed_at, row.package_issued_at):
                s.add(AuditRow(at=now, action="expert_key_released", subject=row.name, old_value=row.key_fingerprint,
                               reason="re-issued package (assignments changed)"))
                row.public_key, row.key_fingerprint = "", ""
            row.package_id, row.secret, row.passphrase = w.expert.package_id, w.expert.secret, ""
            row.package_issued_at = now  # the latest issue: what "needs re-issue" compares with
            row.assignment_changed_at = ""   # the package now matches the assignments (the chair's re-issue flag)
            s.add(row)
        s.commit()


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
        "format": FORMAT, "kind": KIND, "package_id": expert.package_id,
        "created_at": datetime.now().isoformat(timespec="seconds"),
        "review_title": info.title, "call_id": info.call_id,
        "expert": {"id": expert.id, "name": expert.name, "affiliation": expert.affiliation},
        "batch": {"fingerprint": info.batch_fingerprint},
        "rubrics": {str(no): rubrics[no].fingerprint for no in used},
        "declarations": [_declaration(d, recommenders[d.recommender_id], documents[d.id]) for d in declarations],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False))
        for no in used:
            archive.writestr(f"rubrics/{no}.json", rubrics[no].content)
        for rows in documents.values():
            for doc in rows:
                if doc.path in originals and safe_relative(doc.path):
                    archive.writestr(f"files/{doc.path}", originals[doc.path].read())
    header = {"kind": KIND, "package_id": expert.package_id}  # no name: a lost stick says nothing of whose it is
    write_bytes_atomic(path, seal(buffer.getvalue(), Secret.from_text(expert.secret), header))
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
    sheet.writerow(["专家", "工作单位", "工作包文件", "工作包编号", "口令", "项目数"])
    for w in written:
        phrase = w.passphrase or f"（已于 {w.expert.package_issued_at} 发放，未改变）"
        sheet.writerow([w.expert.name, w.expert.affiliation, w.path.name, w.expert.package_id, phrase, w.declarations])
    write_bytes_atomic(path, buffer.getvalue().encode("utf-8-sig"))  # BOM: Excel opens it as UTF-8


def write_slips(path: Path, title: str, written: list[WrittenPackage]) -> Path:
    """One page per expert, to print and seal in an envelope: whose, which package file, the passphrase."""
    from docx import Document
    from docx.enum.text import WD_BREAK
    from docx.shared import Pt

    document = Document()
    for i, w in enumerate(written):
        document.add_heading("评审工作包口令（请密封交专家本人）", level=1)
        document.add_paragraph(title)
        for label, value in (("专家", w.expert.name), ("工作单位", w.expert.affiliation or "—"),
                             ("工作包文件", w.path.name), ("工作包编号", w.expert.package_id),
                             ("项目数", str(w.declarations))):
            document.add_paragraph(f"{label}：{value}")
        document.add_paragraph("口令：")
        run = document.add_paragraph().add_run(w.passphrase)
        run.font.size, run.font.bold, run.font.name = Pt(26), True, "Consolas"
        document.add_paragraph(
            "输入口令时不区分大小写，空格和短横线可有可无。口令与工作包分开保管：不要写在U盘上，"
            "也不要和工作包放在一起。打开工作包后，程序会显示本人的签名指纹，请在签署个人评分表时核对。")
        if i < len(written) - 1:
            document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
    return write_atomic(path, lambda temporary: document.save(str(temporary)))


# --- the expert's side --------------------------------------------------------------------

@dataclass(frozen=True)
class PackageContents:
    manifest: dict[str, Any]
    rubrics: dict[int, str]
    files: dict[str, bytes]
    secret: Secret


def safe_relative(name: str) -> bool:
    """A relative path that stays inside its folder: no ``..``, no absolute path, no drive, no backslash."""
    if not name or "\\" in name or "\x00" in name or _DRIVE.match(name) or name.startswith("/"):
        return False
    parts = PurePosixPath(name).parts
    return bool(parts) and all(p not in ("", ".", "..") for p in parts)


def read_package(path: Path, passphrase: str) -> PackageContents:
    """Decrypt and check a package; EnvelopeError for a wrong passphrase, a damaged, foreign or hostile file."""
    data = _read_bounded(path, MAX_PACKAGE)
    header = read_header(data, path, KIND)
    envelope = open_envelope(data, passphrase, path, KIND)
    try:
        with zipfile.ZipFile(io.BytesIO(envelope.payload)) as archive:
            names = archive.namelist()
            if len(names) > MAX_MEMBERS:
                raise EnvelopeError("envelope_truncated", path)
            for name in names:
                if not safe_relative(name):
                    raise EnvelopeError("package_unsafe_path", path, name=name[:120])
            manifest = json.loads(archive.read("manifest.json"))
            rubrics = {int(PurePosixPath(n).stem): archive.read(n).decode("utf-8")
                       for n in names if n.startswith("rubrics/")}
            files = {n[len("files/"):]: archive.read(n) for n in names if n.startswith("files/") and not n.endswith("/")}
    except (zipfile.BadZipFile, KeyError, json.JSONDecodeError, ValueError, EOFError):
        raise EnvelopeError("envelope_truncated", path) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or manifest.get("package_id") != header["package_id"]:
        raise EnvelopeError("envelope_format", path, found=str(manifest.get("format") if isinstance(manifest, dict) else "?"),
                            expected=FORMAT)
    return PackageContents(manifest, rubrics, files, derive(passphrase, bytes.fromhex(header["salt"])))


def _read_bounded(path: Path, limit: int) -> bytes:
    try:
        if path.stat().st_size > limit:
            raise EnvelopeError("envelope_too_large", path, size=path.stat().st_size, limit=limit)
        return path.read_bytes()
    except OSError as exc:
        raise ReviewerError("file_unreadable", path, detail=exc.strerror or str(exc)) from None


def open_package(path: Path, passphrase: str, database: Path) -> Path:
    """Make the expert's local review from a package: the forms folder beside it and a new database.

    Both are made as temporaries in the target's folder and renamed into place, the forms first and the
    review last, so a full disk or a kill at any moment leaves either nothing or the whole review; a retry
    cleans up what an interrupted run left. Nothing is written outside the target's folder."""
    contents = read_package(path, passphrase)
    check_target(database)
    files_root = database.with_name(database.stem + "-files")
    if database.exists() or (files_root.exists() and not (files_root / FILES_MARKER).exists()):
        raise ReviewerError("package_target_exists", database if database.exists() else files_root)
    _remove_leftovers(database, files_root)
    needed = _space_needed(contents)
    if _free_space(database.parent) < needed:
        raise WriteError("write_disk_full", database, detail=f"{needed // 1024} KB")
    staged_files = database.with_name(f"{TEMP_PREFIX}{files_root.name}.{secrets.token_hex(4)}")
    staged_db = temporary_for(database)
    try:
        _stage_files(contents.files, staged_files)
        _stage_review(contents, staged_db, files_root)
        staged_files.rename(files_root)
        os.replace(staged_db, database)  # the commit point: the review appears whole, its forms already there
    except OSError as exc:
        _discard(staged_files, staged_db, files_root, database)
        raise write_error(exc, database) from exc
    except (sqlite3.Error, SQLAlchemyError) as exc:  # SQLite's own word for a full disk or an I/O failure
        _discard(staged_files, staged_db, files_root, database)
        detail = str(getattr(exc, "orig", exc))
        full = "full" in detail or _free_space(database.parent) < needed
        raise WriteError("write_disk_full" if full else "write_os_error", database, detail=detail) from None
    except BaseException:
        _discard(staged_files, staged_db, files_root, database)
        raise
    return database


def _space_needed(contents: PackageContents) -> int:
    """About what the review takes on disk: the forms, the texts twice (rows and pages), a margin."""
    texts = sum(len(doc.get("content", "")) for d in contents.manifest.get("declarations", ()) for doc in d.get("documents", ()))
    return sum(len(b) for b in contents.files.values()) + 2 * texts + 1024 * 1024


def _free_space(folder: Path) -> int:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return 2**62  # unknown: let the writes tell


def _remove_leftovers(database: Path, files_root: Path) -> None:
    """What a killed open-package left: its staged temporaries, a forms folder without its review."""
    folder = database.parent
    for stale in [*folder.glob(f"{TEMP_PREFIX}{files_root.name}.*"), *folder.glob(f"{TEMP_PREFIX}{database.stem}.*")]:
        shutil.rmtree(stale, ignore_errors=True) if stale.is_dir() else stale.unlink(missing_ok=True)
    if files_root.exists() and not database.exists():
        shutil.rmtree(files_root, ignore_errors=True)


def _discard(staged_files: Path, staged_db: Path, files_root: Path, database: Path) -> None:
    shutil.rmtree(staged_files, ignore_errors=True)
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(staged_db) + suffix).unlink(missing_ok=True)
    if not database.exists() and (files_root / FILES_MARKER).exists():  # renamed, but the review was not
        shutil.rmtree(files_root, ignore_errors=True)


def _stage_files(files: dict[str, bytes], root: Path) -> None:
    root.mkdir()
    base = root.resolve()
    for relative, data in files.items():
        target = (root / relative).resolve()
        if not safe_relative(relative) or base not in target.parents:
            raise EnvelopeError("package_unsafe_path", root, name=relative[:120])
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    (root / FILES_MARKER).write_text("open-package\n", encoding="utf-8")


def _stage_review(contents: PackageContents, staged: Path, files_root: Path) -> None:
    manifest = contents.manifest
    private = signing.new_key()  # the expert's signing key: made here, never leaves this review
    engine, _ = open_engine(staged)
    try:
        with Session(engine) as s:
            s.add(ReviewInfo(title=manifest["review_title"], call_id=manifest["call_id"], role="expert",
                             expert_name=manifest["expert"]["name"], batch_path=str(files_root),
                             batch_fingerprint=manifest["batch"]["fingerprint"], created_at=manifest["created_at"]))
            for no, content in contents.rubrics.items():
                s.add(RubricRow(direction=no, fingerprint=manifest["rubrics"][str(no)], content=content))
            _add_declarations(s, manifest["declarations"])
            for key, value in (("package_id", manifest["package_id"]), ("expert_id", str(manifest["expert"]["id"])),
                               ("signing_private_key", private), ("public_key", signing.public_of(private)),
                               ("secret", contents.secret.to_text()), ("rubrics", json.dumps(manifest["rubrics"])),
                               ("seq", "0")):
                s.add(SettingRow(key=key, value=value))
            s.commit()
    except (KeyError, TypeError, ValueError) as exc:
        raise EnvelopeError("envelope_truncated", staged, detail=str(exc)) from None
    finally:
        engine.dispose()
    con = sqlite3.connect(staged)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()
    fd = os.open(staged, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


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
