"""Score files: an expert's whole review as one signed, encrypted file, and the chair's merge.

The expert exports scores, remarks, opinions, recommendations, vetoes and
recusals; the content is signed (HMAC-SHA256 with the package's signing key)
and bound to the batch, the rubrics and the expert, then sealed under the
expert's passphrase. The chair's merge checks everything before anything is
stored and stores each file all-or-nothing. Format: docs/panel-files.md.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, delete, select

from reviewer.errors import ReviewerError
from reviewer.panel.envelope import EnvelopeError, Secret, open_envelope, read_header, seal
from reviewer.review import Review
from reviewer.store.models import (
    AssignmentRow, AuditRow, DeclarationRow, ExpertAssessmentRow, ExpertRow, ExpertScoreRow, RubricRow,
    ScoreFileRow, SettingRow,
)

FORMAT = 1
KIND = "score_file"
SUFFIX = ".rvscore"


class ScoreFileError(ReviewerError):
    """A score file that is refused; the chair's database is unchanged."""


# --- the expert's side ------------------------------------------------------------------------

def export_score_file(review: Review, target: Path) -> Path:
    """Write the expert's review as a signed, sealed score file."""
    settings = _settings(review)
    if "signing_key" not in settings:
        raise ScoreFileError("score_not_from_package", review.path)
    info = review.info()
    assert info is not None
    body = {
        "format": FORMAT, "kind": KIND, "package_id": settings["package_id"],
        "expert_id": int(settings["expert_id"]), "expert": info.expert_name,
        "batch_fingerprint": info.batch_fingerprint, "rubrics": json.loads(settings["rubrics"]),
        "written_at": datetime.now().isoformat(timespec="microseconds"),
        "declarations": _sheets(review),
    }
    body["signature"] = sign(body, settings["signing_key"])
    header = {"format": FORMAT, "kind": KIND, "expert_id": body["expert_id"], "package_id": body["package_id"]}
    data = seal(json.dumps(body, ensure_ascii=False).encode("utf-8"), Secret.from_text(settings["secret"]), header)
    temporary = target.with_name(target.name + ".partial")
    temporary.write_bytes(data)
    temporary.replace(target)
    return target


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


def sign(body: dict[str, Any], key_hex: str) -> str:
    """HMAC-SHA256 over the canonical JSON of everything but the signature."""
    content = {k: v for k, v in body.items() if k != "signature"}
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return hmac.new(bytes.fromhex(key_hex), canonical, hashlib.sha256).hexdigest()


# --- the chair's side ---------------------------------------------------------------------------

@dataclass(frozen=True)
class MergeResult:
    path: Path
    expert: str
    declarations: int
    outcome: str  # "merged", "replaced", "unchanged"


def merge_score_file(review: Review, path: Path) -> MergeResult:
    """Check a score file completely, then store it in one transaction (or refuse it, storing nothing)."""
    data = _read(path)
    digest = hashlib.sha256(data).hexdigest()
    header = read_header(data, path)
    if header.get("kind") != KIND:
        raise ScoreFileError("score_not_score_file", path, kind=header.get("kind", "?"))
    with Session(review.engine) as s:
        expert = s.get(ExpertRow, int(header.get("expert_id", -1)))
        if expert is None:
            raise ScoreFileError("score_unknown_expert", path, expert=header.get("expert_id"))
        body = _decrypt(data, expert, path)
        _verify(s, review, body, expert, path)
        if s.exec(select(ScoreFileRow).where(ScoreFileRow.sha256 == digest)).first() is not None:
            return MergeResult(path, expert.name, len(body["declarations"]), "unchanged")
        name = expert.name
        outcome = _store(s, body, expert, digest, path)
        s.commit()
    return MergeResult(path, name, len(body["declarations"]), outcome)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ScoreFileError("file_unreadable", path, detail=exc.strerror or str(exc)) from None


def _decrypt(data: bytes, expert: ExpertRow, path: Path) -> dict[str, Any]:
    envelope = open_envelope(data, Secret.from_text(expert.secret), path)
    try:
        body = json.loads(envelope.payload.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise EnvelopeError("envelope_truncated", path) from None
    if not isinstance(body, dict) or body.get("kind") != KIND:
        raise EnvelopeError("envelope_foreign", path)
    return body


def _verify(s: Session, review: Review, body: dict[str, Any], expert: ExpertRow, path: Path) -> None:
    """Signature, batch, rubrics, expert and assignment; the first fault refuses the file."""
    if not hmac.compare_digest(str(body.get("signature", "")), sign(body, expert.signing_key)):
        raise ScoreFileError("score_signature", path, expert=expert.name)
    if body.get("expert_id") != expert.id:
        raise ScoreFileError("score_wrong_expert", path, expert=expert.name)
    info = review.info()
    if info is None or body.get("batch_fingerprint") != info.batch_fingerprint:
        raise ScoreFileError("score_other_batch", path)
    rubrics = {str(r.direction): r.fingerprint for r in s.exec(select(RubricRow))}
    for direction, fingerprint in body.get("rubrics", {}).items():
        if rubrics.get(direction) != fingerprint:
            raise ScoreFileError("score_other_rubric", path, direction=direction)
    assigned = set(s.exec(select(DeclarationRow.code).join(
        AssignmentRow, AssignmentRow.declaration_id == DeclarationRow.id).where(AssignmentRow.expert_id == expert.id)).all())
    for sheet in body["declarations"]:
        if sheet["declaration"] not in assigned:
            raise ScoreFileError("score_not_assigned", path, expert=expert.name, declaration=sheet["declaration"])
    current = s.exec(select(ScoreFileRow).where(ScoreFileRow.expert_id == expert.id, ScoreFileRow.current == True)).first()  # noqa: E712
    if current is not None and body["written_at"] < current.written_at:
        raise ScoreFileError("score_older", path, expert=expert.name, merged=current.written_at)


def _store(s: Session, body: dict[str, Any], expert: ExpertRow, digest: str, path: Path) -> str:
    assert expert.id is not None
    now = datetime.now().isoformat(timespec="seconds")
    previous = s.exec(select(ScoreFileRow).where(ScoreFileRow.expert_id == expert.id, ScoreFileRow.current == True)).first()  # noqa: E712
    if previous is not None:
        previous.current = False
        s.add(previous)
        s.add(AuditRow(at=now, action="score_file_replaced", subject=expert.name, old_value=previous.written_at,
                       new_value=body["written_at"], reason=path.name))
    s.exec(delete(ExpertScoreRow).where(ExpertScoreRow.expert_id == expert.id))
    s.exec(delete(ExpertAssessmentRow).where(ExpertAssessmentRow.expert_id == expert.id))
    ids = dict(s.exec(select(DeclarationRow.code, DeclarationRow.id)).all())
    scores, assessments = [], []
    for sheet in body["declarations"]:
        did = ids[sheet["declaration"]]
        for cid in set(sheet["points"]) | set(sheet["remarks"]):
            scores.append({"expert_id": expert.id, "declaration_id": did, "criterion_id": cid,
                           "points": sheet["points"].get(cid), "remark": sheet["remarks"].get(cid, "")})
        assessments.append({"expert_id": expert.id, "declaration_id": did, "opinion": sheet["opinion"],
                            "recommendation": sheet["recommendation"], "recused": bool(sheet["recused"]),
                            "vetoes": json.dumps(sheet["vetoes"], ensure_ascii=False),
                            "recusal_reason": sheet["recusal_reason"]})
    # one executemany per table: ORM objects for 4,000 scores a file would cost ~0.5 s
    if scores:
        s.execute(insert(ExpertScoreRow.__table__), scores)  # type: ignore[attr-defined]
    if assessments:
        s.execute(insert(ExpertAssessmentRow.__table__), assessments)  # type: ignore[attr-defined]
    s.add(ScoreFileRow(expert_id=expert.id, sha256=digest, written_at=body["written_at"], merged_at=now, path=str(path)))
    return "replaced" if previous is not None else "merged"
