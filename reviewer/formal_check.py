"""The formal check as stored in a review: findings, the quota table, selection overrides.

A chair may take a declaration into review or out of it against the order rule;
each such decision needs a reason and goes into the audit log.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlmodel import Session, col, select

from reviewer.call import Call
from reviewer.errors import ScoringError
from reviewer.importing.findings import Finding, Severity
from reviewer.review import Review
from reviewer.store.models import AuditRow, DeclarationRow, FindingRow, RecommenderRow


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
    fd, temp = tempfile.mkstemp(suffix=".xlsx", dir=path.parent)
    os.close(fd)
    try:
        book.save(temp)
        os.replace(temp, path)
    finally:
        Path(temp).unlink(missing_ok=True)
