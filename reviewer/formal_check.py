"""The formal check as stored in a review: findings, the quota table, selection overrides, resolutions.

A chair may take a declaration into review or out of it against the order rule,
and resolves a declaration's formal-check errors: accept it with a reason,
correct a field (direction, applicant, credit code; the quota check re-runs),
attach a readable document (补充材料) or exclude it. Each such decision needs a
reason and goes into the audit log; :mod:`reviewer.formal_status` turns them
into each declaration's status.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlmodel import Session, col, select

from reviewer.call import Call
from reviewer.errors import ReviewerError, ScoringError
from reviewer.formal_status import FormalStatus, formal_statuses
from reviewer.importing.findings import Finding, Severity
from reviewer.review import Review
from reviewer.safeio import clean_text, write_atomic
from reviewer.store.models import (
    AssignmentRow, AuditRow, DeclarationRow, DocumentRow, ExpertRow, FindingRow, FormalResolutionRow, RecommenderRow,
)

#: The fields a chair may correct, with how they are named in the audit log and in messages.
CORRECTABLE = {"direction": "所属方向 / direction", "applicant": "申报单位 / applicant",
               "credit_code": "统一社会信用代码 / credit code"}


class FormalCheckError(ReviewerError):
    """A resolution of the formal check that cannot be stored; nothing was changed."""


@dataclass(frozen=True)
class QuotaLine:
    """One recommender's count in one quota group: recommended, allowed, selected."""

    recommender: str
    kind: str
    group: str
    recommended: int
    allowed: int
    selected: int

    @property
    def over(self) -> bool:
        return self.recommended > self.allowed


def findings(review: Review) -> list[Finding]:
    with Session(review.engine) as s:
        rows = s.exec(select(FindingRow).order_by(col(FindingRow.id))).all()
    return [Finding(r.code, Severity(r.severity), r.file, r.declaration, json.loads(r.params)) for r in rows]


def quota_table(review: Review, call: Call) -> list[QuotaLine]:
    """Per recommender and quota group (e.g. 方向1~9, 方向10): recommended / allowed / selected."""
    with Session(review.engine) as s:
        recommenders = {r.id: r for r in s.exec(select(RecommenderRow))}
        declarations = s.exec(select(DeclarationRow)).all()
    counts: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    for d in declarations:
        kind = call.kind(recommenders[d.recommender_id].kind)
        group = next((g for g in kind.groups if d.direction in g.directions), None)
        if group is not None:
            counts[(d.recommender_id, group.name)][0] += 1
            counts[(d.recommender_id, group.name)][1] += int(d.selected)
    lines = []
    for rid, rec in sorted(recommenders.items()):
        kind = call.kind(rec.kind)
        for group in kind.groups:
            recommended, selected = counts[(rid, group.name)]
            lines.append(QuotaLine(rec.name, kind.name, group.name, recommended, group.max, selected))
    return lines


def set_selected(review: Review, declaration_id: int, selected: bool, reason: str) -> None:
    """The chair's override of the order rule, with the reason, in the audit log."""
    if not reason.strip():
        raise ScoringError("reason_required", review.path, what="调整入选状态")
    with Session(review.engine) as s:
        row = s.get(DeclarationRow, declaration_id)
        if row is None:
            raise ScoringError("declaration_unknown", review.path, declaration=declaration_id)
        if bool(row.selected) == selected:
            return
        s.add(AuditRow(at=datetime.now().isoformat(timespec="seconds"), action="selection", subject=row.code,
                       old_value=str(bool(row.selected)), new_value=str(selected), reason=reason.strip()))
        row.selected = selected
        s.add(row)
        s.commit()


def statuses(review: Review) -> dict[int, FormalStatus]:
    with Session(review.engine) as s:
        return formal_statuses(s)


def resolve(review: Review, declaration_id: int, status: FormalStatus, reason: str) -> None:
    """Accept a declaration as it is, or exclude it, with the reason (excluding also ends its assignments)."""
    if status not in (FormalStatus.ACCEPTED, FormalStatus.EXCLUDED):
        raise FormalCheckError("bad_value", review.path, field="resolution", value=str(status), why="accepted / excluded")
    with Session(review.engine) as s:
        row = _declaration(s, review, declaration_id)
        _record(s, row, status, _reason(review, reason, status))
        if status == FormalStatus.EXCLUDED:
            _unassign(s, declaration_id)
        s.commit()


def correct(review: Review, call: Call, declaration_id: int, field: str, value: str, reason: str) -> None:
    """Correct the direction, the applicant or the credit code; the new value is checked as the import checks it.
    A new direction re-runs the recommender's quota (the order rule) and ends the old direction's assignments."""
    from reviewer.eligibility import CreditCodeRules, credit_code_fault, normalise_code, not_legal_person

    if field not in CORRECTABLE:
        raise FormalCheckError("bad_value", review.path, field="field", value=field, why=" / ".join(CORRECTABLE))
    text = clean_text(value)[0].strip()
    reason = _reason(review, reason, FormalStatus.CORRECTED)
    rules = CreditCodeRules.from_call(call.eligibility)
    with Session(review.engine) as s:
        row = _declaration(s, review, declaration_id)
        if field == "direction":
            new: object = _direction(review, call, text)
        elif field == "credit_code":
            new = normalise_code(text)
            fault = credit_code_fault(str(new), rules) or not_legal_person(str(new), "", rules)
            if fault:
                raise FormalCheckError("formal_bad_correction", review.path, field=CORRECTABLE[field], value=new, why=fault)
        else:
            fault = not_legal_person("", text, rules) if text else "empty"
            if fault:
                raise FormalCheckError("formal_bad_correction", review.path, field=CORRECTABLE[field], value=text, why=fault)
            new = text
        old = getattr(row, field)
        if old == new:
            raise FormalCheckError("formal_same_value", review.path, field=CORRECTABLE[field], value=new)
        setattr(row, field, new)
        s.add(row)
        _record(s, row, FormalStatus.CORRECTED, reason, f"{field}: {old}", f"{field}: {new}")
        if field == "direction":
            _unassign(s, declaration_id)
            s.flush()
            _requota(s, call, row.recommender_id, reason)
        s.commit()


def supplement(review: Review, declaration_id: int, document: Path, reason: str) -> None:
    """Attach a readable .docx/.pdf (补充材料), read with the import's readers; refused when it has no text."""
    import hashlib

    from reviewer.documents import DocumentError, read_document

    reason = _reason(review, reason, FormalStatus.SUPPLEMENTED)
    try:
        content = read_document(document)
        data = document.read_bytes()
    except DocumentError as exc:
        raise FormalCheckError("formal_bad_document", document, why=exc.reason) from None
    except OSError as exc:
        raise FormalCheckError("file_unreadable", document, detail=exc.strerror or str(exc)) from None
    if not content.plain_text().strip():
        raise FormalCheckError("formal_bad_document", document, why="no_text")
    with Session(review.engine) as s:
        row = _declaration(s, review, declaration_id)
        s.add(DocumentRow(declaration_id=declaration_id, path=f"补充材料/{document.name}", format=content.format,
                          sha256=hashlib.sha256(data).hexdigest(), content=content.to_json()))
        _record(s, row, FormalStatus.SUPPLEMENTED, reason, None, document.name)
        s.commit()


def _declaration(s: Session, review: Review, declaration_id: int) -> DeclarationRow:
    row = s.get(DeclarationRow, declaration_id)
    if row is None:
        raise FormalCheckError("declaration_unknown", review.path, declaration=declaration_id)
    return row


def _reason(review: Review, reason: str, status: FormalStatus) -> str:
    text = clean_text(reason)[0].strip()
    if not text:
        raise FormalCheckError("reason_required", review.path, what=f"形式审查处理（{status.value}）")
    return text


def _direction(review: Review, call: Call, text: str) -> int:
    from reviewer.importing.tables import parse_direction

    no = parse_direction(text, call)
    if no is None:
        raise FormalCheckError("formal_bad_correction", review.path, field=CORRECTABLE["direction"], value=text,
                               why=", ".join(f"{d.no} {d.name}" for d in call.directions))
    return no


def _record(s: Session, row: DeclarationRow, status: FormalStatus, reason: str, old: str | None = None,
            new: str | None = None) -> None:
    at = _now()
    previous = s.get(FormalResolutionRow, row.id)
    s.add(AuditRow(at=at, action=f"formal_{status.value}", subject=row.code,
                   old_value=old if old is not None else (previous.kind if previous else None),
                   new_value=new if new is not None else status.value, reason=reason))
    s.merge(FormalResolutionRow(declaration_id=row.id, kind=status.value, reason=reason, at=at))


def _unassign(s: Session, declaration_id: int) -> None:
    """End a declaration's assignments; its experts' packages no longer match (flagged for re-issue)."""
    at = _now()
    for a in s.exec(select(AssignmentRow).where(AssignmentRow.declaration_id == declaration_id)).all():
        expert = s.get(ExpertRow, a.expert_id)
        if expert is not None:
            expert.assignment_changed_at = at
            s.add(expert)
        s.delete(a)


def _requota(s: Session, call: Call, recommender_id: int, reason: str) -> None:
    """The order rule again for one recommender (the import's own ``apply_quotas``); changes are audited."""
    from types import SimpleNamespace

    from reviewer.importing.reader import apply_quotas

    recommender = s.get(RecommenderRow, recommender_id)
    assert recommender is not None
    rows = s.exec(select(DeclarationRow).where(DeclarationRow.recommender_id == recommender_id)).all()
    items = [SimpleNamespace(recommender=recommender.name, recommender_kind=recommender.kind, order=r.seq,
                             direction=r.direction, selected=True, code=r.code, table_file="", row=r) for r in rows]
    apply_quotas(items, call)  # type: ignore[arg-type]
    for item in items:
        row = item.row
        if bool(row.selected) != item.selected:
            s.add(AuditRow(at=_now(), action="selection", subject=row.code, old_value=str(bool(row.selected)),
                           new_value=str(item.selected), reason=f"名额重新核定 / quota re-checked: {reason}"))
            row.selected = item.selected
            s.add(row)
            if not item.selected:
                _unassign(s, int(row.id))


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


def audit_log(review: Review) -> list[AuditRow]:
    with Session(review.engine) as s:
        return list(s.exec(select(AuditRow).order_by(col(AuditRow.id))))


def export_findings_xlsx(review: Review, call: Call, path: Path, lang: str = "zh") -> None:
    """Findings and the quota table as an .xlsx workbook (two sheets), written atomically."""
    from openpyxl import Workbook  # only an export needs it
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook()
    sheet = book.active
    sheet.title = "形式审查问题" if lang == "zh" else "Findings"
    head = ["推荐单位", "申报项目", "级别", "代码", "文件", "说明"] if lang == "zh" else \
        ["Recommender", "Declaration", "Severity", "Code", "File", "Message"]
    sheet.append(head)
    severity = {"error": "错误", "warning": "警告", "info": "提示"} if lang == "zh" else {}
    for f in findings(review):
        recommender = f.declaration.rsplit("-", 1)[0] if f.declaration else (f.file.split("/")[0] if f.file else "")
        sheet.append([recommender, f.declaration, severity.get(f.severity.value, f.severity.value), f.code, f.file, f.message(lang)])
    quota = book.create_sheet("名额" if lang == "zh" else "Quotas")
    quota.append(["推荐单位", "类别", "方向组", "推荐数", "限额", "入选数"] if lang == "zh" else
                 ["Recommender", "Kind", "Group", "Recommended", "Allowed", "Selected"])
    for line in quota_table(review, call):
        quota.append([line.recommender, line.kind, line.group, line.recommended, line.allowed, line.selected])
    for ws, widths in ((sheet, (14, 16, 8, 22, 48, 80)), (quota, (18, 22, 12, 10, 8, 10))):
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DCE6F2")
            cell.alignment = Alignment(vertical="center")
        for i, width in enumerate(widths):
            ws.column_dimensions[chr(65 + i)].width = width
        ws.freeze_panes = "A2"
    write_atomic(path, lambda temp: book.save(temp))
