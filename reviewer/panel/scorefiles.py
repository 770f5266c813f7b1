"""Score files: an expert's whole review as one signed, encrypted file, and the chair's merge.

The expert exports scores, remarks, opinions, recommendations, vetoes and
recusals, bound to the package, the batch and the rubrics and numbered by the
expert's own sequence (``seq``: newer/older is decided by it, never by a
laptop's clock). The file is sealed under the expert's passphrase and signed
with the expert's Ed25519 key (:mod:`reviewer.panel.signing`), which only the
expert's review holds. The chair's merge checks each file on its own and
completely — envelope, signature, pinned key, binding, then every value
through the one validator of :mod:`reviewer.scoring` — before anything is
stored, and stores it in one transaction or not at all.
Format: docs/panel-files.md; threats: docs/security.md.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session, delete, select

from reviewer.errors import ReviewerError
from reviewer.panel import signing
from reviewer.panel.envelope import EnvelopeError, Secret, check_signature, open_envelope, read_header, seal
from reviewer.review import DeclarationSummary, Review
from reviewer.rubric import Rubric
from reviewer.safeio import write_bytes_atomic
from reviewer.scoring import ReviewState, ScoreSheet, sheet_from_data
from reviewer.store.models import (
    AssignmentRow, AuditRow, DeclarationRow, ExpertAssessmentRow, ExpertRow, ExpertScoreRow, RubricRow,
    ScoreFileRow, SettingRow,
)

FORMAT = 2
KIND = "score_file"
SUFFIX = ".rvscore"
MAX_SCORE_FILE = 64 * 1024**2
_BODY = {"format", "kind", "package_id", "expert_id", "expert", "batch_fingerprint", "rubrics", "seq", "written_at",
         "public_key", "declarations"}


class ScoreFileError(ReviewerError):
    """A score file that is refused; the chair's database is unchanged."""


# --- the expert's side ------------------------------------------------------------------------

@dataclass(frozen=True)
class ExportedScores:
    path: Path
    sha256: str        # the file's digest, as the 个人评分表 prints it
    fingerprint: str   # the expert's key fingerprint
    seq: int
    unfinished: tuple[str, ...]  # the codes of declarations not finished (exported anyway when allowed)


def unfinished(review: Review) -> list[DeclarationSummary]:
    """The declarations not yet finished (neither done nor recused with a reason)."""
    return [d for d in review.declarations() if d.state not in (ReviewState.DONE, ReviewState.RECUSED)]


def export_score_file(review: Review, target: Path, allow_incomplete: bool = False) -> ExportedScores:
    """Write the expert's review as a signed, sealed score file; unfinished declarations refuse it unless
    ``allow_incomplete``. Each export takes the next sequence number."""
    settings = _settings(review)
    if "signing_private_key" not in settings:
        raise ScoreFileError("score_not_from_package" if "package_id" not in settings else "score_old_package", review.path)
    open_ones = tuple(d.code for d in unfinished(review))
    if open_ones and not allow_incomplete:
        raise ScoreFileError("score_unfinished", review.path, count=len(open_ones), codes=_listed(open_ones))
    info = review.info()
    assert info is not None
    seq = _next_seq(review)
    body = {
        "format": FORMAT, "kind": KIND, "package_id": settings["package_id"],
        "expert_id": int(settings["expert_id"]), "expert": info.expert_name,
        "batch_fingerprint": info.batch_fingerprint, "rubrics": json.loads(settings["rubrics"]), "seq": seq,
        "written_at": datetime.now().isoformat(timespec="seconds"),  # shown to people; decides nothing
        "public_key": settings["public_key"], "declarations": _sheets(review),
    }
    header = {"kind": KIND, "expert_id": body["expert_id"], "package_id": body["package_id"], "seq": seq}
    data = seal(json.dumps(body, ensure_ascii=False).encode("utf-8"), Secret.from_text(settings["secret"]), header,
                settings["signing_private_key"])
    write_bytes_atomic(target, data)
    return ExportedScores(target, hashlib.sha256(data).hexdigest(), signing.fingerprint(settings["public_key"]), seq,
                          open_ones)


def key_fingerprint(review: Review) -> str:
    """The fingerprint of the expert's signing key ('' for a review not opened from a package)."""
    public = _settings(review).get("public_key", "")
    return signing.fingerprint(public) if public else ""


def _listed(codes: tuple[str, ...], limit: int = 12) -> str:
    return "、".join(codes[:limit]) + (f" …（+{len(codes) - limit}）" if len(codes) > limit else "")


def _next_seq(review: Review) -> int:
    """Take the next sequence number (committed before the file is written: a failed write leaves a gap, never
    two files with one number)."""
    with Session(review.engine) as s:
        row = s.get(SettingRow, "seq") or SettingRow(key="seq", value="0")
        row.value = str(int(row.value) + 1)
        s.add(row)
        s.commit()
        return int(row.value)


def _settings(review: Review) -> dict[str, str]:
    with Session(review.engine) as s:
        return {row.key: row.value for row in s.exec(select(SettingRow))}


def _sheets(review: Review) -> list[dict[str, Any]]:
    declarations = review.declarations()
    sheets = review.sheets([d.id for d in declarations])
    return [{"declaration": d.code, "points": sheets[d.id].points, "remarks": sheets[d.id].remarks,
             "opinion": sheets[d.id].opinion, "recommendation": sheets[d.id].recommendation,
             "vetoes": sheets[d.id].vetoes, "recused": sheets[d.id].recused,
             "recusal_reason": sheets[d.id].recusal_reason} for d in declarations]


# --- the chair's side ---------------------------------------------------------------------------

@dataclass(frozen=True)
class MergeResult:
    path: Path
    expert: str
    declarations: int
    outcome: str  # "merged", "replaced", "unchanged"
    seq: int = 0
    fingerprint: str = ""
    sha256: str = ""


@dataclass(frozen=True)
class CheckedFile:
    """A score file that passed every check: what would be stored."""

    expert: ExpertRow
    body: dict[str, Any]
    sheets: list[ScoreSheet]
    sha256: str
    public_key: str


def merge_score_file(review: Review, path: Path) -> MergeResult:
    """Check a score file completely, then store it in one transaction (or refuse it, storing nothing)."""
    with Session(review.engine) as s:
        checked = check_score_file(s, review, path)
        expert, body = checked.expert, checked.body
        result = MergeResult(path, expert.name, len(checked.sheets), "unchanged", body["seq"],
                             signing.fingerprint(checked.public_key), checked.sha256)
        if s.exec(select(ScoreFileRow).where(ScoreFileRow.sha256 == checked.sha256)).first() is not None:
            return result
        outcome = _store(s, checked, path)
        s.commit()
    return replace(result, outcome=outcome)


def check_score_file(s: Session, review: Review, path: Path) -> CheckedFile:
    """Every check of a score file, in order; the first fault refuses it (ScoreFileError/EnvelopeError/ScoringError)."""
    data = _read(path)
    digest = hashlib.sha256(data).hexdigest()
    header = read_header(data, path, KIND)
    public = check_signature(data, header, path)  # before the passphrase: a forged file costs no work
    expert = s.get(ExpertRow, header["expert_id"])
    if expert is None:
        raise ScoreFileError("score_unknown_expert", path, expert=header["expert_id"])
    if not expert.package_id or header["package_id"] != expert.package_id:
        raise ScoreFileError("score_other_package", path, expert=expert.name)
    if expert.public_key and expert.public_key != public:
        raise ScoreFileError("score_key_changed", path, expert=expert.name, found=signing.fingerprint(public),
                             pinned=expert.key_fingerprint)
    body = _decrypt(data, expert, path)
    if body["public_key"] != public or body["expert_id"] != expert.id or body["package_id"] != expert.package_id \
            or body["seq"] != header["seq"]:
        raise ScoreFileError("score_wrong_expert", path, expert=expert.name)
    _check_binding(s, review, body, path)
    sheets = _check_sheets(s, review, body, expert, path)
    _check_fresh(s, body, expert, digest, signing.fingerprint(public), path)
    return CheckedFile(expert, body, sheets, digest, public)


def _read(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_SCORE_FILE:
            raise ScoreFileError("envelope_too_large", path, size=path.stat().st_size, limit=MAX_SCORE_FILE)
        return path.read_bytes()
    except OSError as exc:
        raise ScoreFileError("file_unreadable", path, detail=exc.strerror or str(exc)) from None


def _decrypt(data: bytes, expert: ExpertRow, path: Path) -> dict[str, Any]:
    envelope = open_envelope(data, Secret.from_text(expert.secret), path, KIND)
    try:
        body = json.loads(envelope.payload.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise EnvelopeError("envelope_truncated", path) from None
    if not isinstance(body, dict) or set(body) != _BODY or body.get("kind") != KIND:
        raise EnvelopeError("envelope_foreign", path)
    if body["format"] != FORMAT:
        raise EnvelopeError("envelope_format", path, found=body["format"], expected=FORMAT)
    kinds = {"seq": int, "expert_id": int, "rubrics": dict, "declarations": list, "public_key": str}
    for key, kind in kinds.items():
        if type(body[key]) is not kind:  # noqa: E721 — bool is not an int here
            raise EnvelopeError("envelope_header", path, field=key, why=type(body[key]).__name__)
    return body


def _check_binding(s: Session, review: Review, body: dict[str, Any], path: Path) -> None:
    info = review.info()
    if info is None or body["batch_fingerprint"] != info.batch_fingerprint:
        raise ScoreFileError("score_other_batch", path)
    rubrics = {str(r.direction): r.fingerprint for r in s.exec(select(RubricRow))}
    for direction, fingerprint in body["rubrics"].items():
        if rubrics.get(direction) != fingerprint:
            raise ScoreFileError("score_other_rubric", path, direction=str(direction)[:20])


def _check_sheets(s: Session, review: Review, body: dict[str, Any], expert: ExpertRow, path: Path) -> list[ScoreSheet]:
    """Each declaration assigned to the expert, listed once, every value through the one validator."""
    assigned = {code: (did, direction) for code, did, direction in s.exec(
        select(DeclarationRow.code, DeclarationRow.id, DeclarationRow.direction).join(
            AssignmentRow, AssignmentRow.declaration_id == DeclarationRow.id).where(AssignmentRow.expert_id == expert.id))}
    rubrics: dict[int, Rubric] = {}
    seen: set[str] = set()
    sheets = []
    for item in body["declarations"]:
        code = item.get("declaration") if isinstance(item, dict) else None
        if not isinstance(code, str) or code not in assigned:
            raise ScoreFileError("score_not_assigned", path, expert=expert.name, declaration=str(code)[:40])
        if code in seen:
            raise ScoreFileError("score_duplicate", path, declaration=code)
        seen.add(code)
        did, direction = assigned[code]
        if direction not in rubrics:
            rubrics[direction] = review.rubric(direction)
        sheets.append(sheet_from_data(item, did, rubrics[direction], path, code))
    return sheets


def _check_fresh(s: Session, body: dict[str, Any], expert: ExpertRow, digest: str, fingerprint: str, path: Path) -> None:
    """Newer is a higher sequence number of the same expert; the clock decides nothing. The file in use again
    is "unchanged"; an older one (a replay of a superseded file too) is refused. Numbers belong to a key: after
    a re-issue released the pin, the new review's numbering starts again."""
    current = _current(s, expert)
    known = s.exec(select(ScoreFileRow).where(ScoreFileRow.sha256 == digest)).first()
    same_key = current is not None and current.fingerprint == fingerprint  # a new key (a re-issue) counts anew
    if current is not None and same_key and (known is None or not known.current) and body["seq"] <= current.seq:
        raise ScoreFileError("score_older", path, expert=expert.name, seq=body["seq"], merged=current.seq)


def _current(s: Session, expert: ExpertRow) -> ScoreFileRow | None:
    return s.exec(select(ScoreFileRow).where(ScoreFileRow.expert_id == expert.id,
                                             ScoreFileRow.current == True)).first()  # noqa: E712


def _store(s: Session, checked: CheckedFile, path: Path) -> str:
    expert, body = checked.expert, checked.body
    assert expert.id is not None
    now = datetime.now().isoformat(timespec="seconds")
    fingerprint = signing.fingerprint(checked.public_key)
    if not expert.public_key:  # the first file pins the expert's key; a different one is refused from now on
        expert.public_key, expert.key_fingerprint = checked.public_key, fingerprint
        s.add(expert)
        s.add(AuditRow(at=now, action="expert_key_pinned", subject=expert.name, new_value=fingerprint, reason=path.name))
    previous = _current(s, expert)
    if previous is not None:
        previous.current = False
        s.add(previous)
        s.add(AuditRow(at=now, action="score_file_replaced", subject=expert.name, old_value=str(previous.seq),
                       new_value=str(body["seq"]), reason=path.name))
    s.exec(delete(ExpertScoreRow).where(ExpertScoreRow.expert_id == expert.id))
    s.exec(delete(ExpertAssessmentRow).where(ExpertAssessmentRow.expert_id == expert.id))
    scores, assessments = [], []
    for sheet in checked.sheets:
        did = sheet.declaration_id
        for cid in sheet.points.keys() | sheet.remarks.keys():
            scores.append((expert.id, did, cid, sheet.points.get(cid), sheet.remarks.get(cid, "")))
        assessments.append((expert.id, did, sheet.opinion, sheet.recommendation, sheet.recused,
                            json.dumps(sheet.vetoes, ensure_ascii=False) if sheet.vetoes else "{}", sheet.recusal_reason))
    # one DB-API executemany per table: ORM objects (or SQLAlchemy's per-row parameters) for 4,000 scores a
    # file would cost more than all the checks together
    scores.sort(key=lambda row: (row[1], row[2]))  # in the primary key's order: SQLite appends to its B-tree
    connection = s.connection()
    if scores:  # (an empty list would be taken for "no parameters")
        connection.exec_driver_sql("INSERT INTO expert_score (expert_id, declaration_id, criterion_id, points, remark) "
                                   "VALUES (?, ?, ?, ?, ?)", scores)  # type: ignore[arg-type]
    if assessments:
            connection.exec_driver_sql("INSERT INTO expert_assessment (expert_id, declaration_id, opinion, recommendation, "
                                   "recused, vetoes, recusal_reason) VALUES (?, ?, ?, ?, ?, ?, ?)", assessments)  # type: ignore[arg-type]
    s.add(ScoreFileRow(expert_id=expert.id, sha256=checked.sha256, written_at=str(body["written_at"])[:40],
                       merged_at=now, path=str(path), seq=body["seq"], fingerprint=fingerprint))
    return "replaced" if previous is not None else "merged"


# --- the auditor's side ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Verified:
    """What ``reviewer verify`` says of one file."""

    path: Path
    sha256: str
    expert_id: int
    package_id: str
    seq: int
    fingerprint: str
    expert: str = ""        # with the chair's database
    pinned: str = ""        # the expert's key fingerprint there ('' = none merged yet)
    merged: str = ""        # "current" | "superseded" | "" (never merged)


def verify_score_file(path: Path, review: Review | None = None) -> Verified:
    """The signature of a score file (needs no passphrase), and with the chair's review whether it is the one merged."""
    data = _read(path)
    header = read_header(data, path, KIND)
    public = check_signature(data, header, path)
    digest = hashlib.sha256(data).hexdigest()
    found = Verified(path, digest, header["expert_id"], header["package_id"], header["seq"], signing.fingerprint(public))
    if review is None:
        return found
    with Session(review.engine) as s:
        expert = s.get(ExpertRow, header["expert_id"])
        row = s.exec(select(ScoreFileRow).where(ScoreFileRow.sha256 == digest)).first()
    merged = "" if row is None else ("current" if row.current else "superseded")
    return replace(found, expert=expert.name if expert else "", merged=merged,
                   pinned=expert.key_fingerprint if expert else "")
