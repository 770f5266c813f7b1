"""A chair's review at each stage of a panel, for the chair's tests (core and GUI).

The batch is the bundled demo with two broken forms, imported the real way:
四川省-01's form is damaged (unreadable) and 四川省-02's is an old .doc (not
supported) — both error findings, so both declarations are pending until the
chair resolves them. The experts are registered and assigned with the real
calls, their packages recorded as issued; what a merge stores (score files, criterion scores, assessments) is then
written per stage:

- ``nothing``: no score file merged yet;
- ``partial``: the first half of the experts returned their files, the last of
  them leaving one criterion blank on every declaration;
- ``all``: every expert returned every declaration;
- ``recused``: every file returned, every expert recused 浙江省-01;
- ``vetoed``: every file returned, every expert vetoed every declaration of direction 1.
"""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

from sqlmodel import Session, select

from reviewer.call import bundled_call
from reviewer.importing.forms import bundled_form_fields
from reviewer.importing.importer import import_batch
from reviewer.panel.experts import ExpertEntry, add_experts, assign
from reviewer.review import Review
from reviewer.rubric import bundled_rubrics
from reviewer.store.models import (
    AssignmentRow, DeclarationRow, ExpertAssessmentRow, ExpertRow, ExpertScoreRow, ScoreFileRow,
)

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "resources" / "demo" / "batch"
STAGES = ("nothing", "partial", "all", "recused", "vetoed")
BROKEN = ("四川省-01", "四川省-02")
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏"


def broken_batch(root: Path) -> Path:
    """The demo batch with 四川省-01's form damaged and 四川省-02's saved as .doc."""
    batch = root / "batch"
    if batch.exists():
        return batch
    shutil.copytree(DEMO, batch)
    forms = batch / "03_四川省" / "申报书"
    first = next(forms.glob("01_*.docx"))
    first.write_bytes(b"PK\x03\x04 this is not a whole zip")
    second = next(forms.glob("02_*.docx"))
    second.rename(second.with_suffix(".doc"))
    return batch


def expert_names(n: int) -> list[str]:
    return [f"{SURNAMES[i % len(SURNAMES)]}专家{i + 1:02d}" for i in range(n)]


def chair_review(root: Path, experts: int, stage: str = "nothing") -> Path:
    """A chair's database under ``root`` with ``experts`` experts at ``stage``; returns its path."""
    path = root / f"chair-{experts}-{stage}.sqlite"
    import_batch(broken_batch(root), path, bundled_call(), bundled_rubrics(), bundled_form_fields())
    review = Review.open(path)
    try:
        add_experts(review, [ExpertEntry(name, f"第{i + 1}研究院", "", "北京市", tuple(range(1, 11)), ())
                             for i, name in enumerate(expert_names(experts))])
        assign(review, bundled_call())
        issue_packages(review)
        store_scores(review, stage)
    finally:
        review.close()
    return path


def issue_packages(review: Review) -> None:
    """What writing the work packages records: when each was issued (the assignments now match them)."""
    with review.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE expert SET package_issued_at = '2026-05-01T09:00:00', assignment_changed_at = ''")


def store_scores(review: Review, stage: str) -> None:
    """What merging the experts' files stores, at ``stage``."""
    if stage == "nothing":
        return
    now = datetime.now().isoformat(timespec="seconds")
    with Session(review.engine) as s:
        experts = s.exec(select(ExpertRow).order_by(ExpertRow.id)).all()
        returning = experts[: max(1, len(experts) // 2)] if stage == "partial" else experts
        declarations = {d.id: d for d in s.exec(select(DeclarationRow))}
        pairs = s.exec(select(AssignmentRow)).all()
        for k, expert in enumerate(returning):
            s.add(ScoreFileRow(expert_id=expert.id, sha256=f"{expert.id:064x}", written_at=now, merged_at=now,
                               path=f"{expert.name}.rvscore"))
            blank = stage == "partial" and k == len(returning) - 1
            for pair in (p for p in pairs if p.expert_id == expert.id):
                d = declarations[pair.declaration_id]
                recused = stage == "recused" and d.code == "浙江省-01"
                vetoed = stage == "vetoed" and d.direction == 1
                s.add(ExpertAssessmentRow(expert_id=expert.id, declaration_id=d.id, opinion=f"{expert.name}对{d.code}的意见",
                                          recommendation="recommend", recused=recused,
                                          recusal_reason="曾在申报单位任职" if recused else "",
                                          vetoes=json.dumps({"V1": "存在知识产权纠纷"} if vetoed else {}, ensure_ascii=False)))
                if recused:
                    continue
                criteria = review.rubric(d.direction).criteria
                for c_index, c in enumerate(criteria):
                    if blank and c_index == len(criteria) - 1:
                        continue
                    share = 0.45 + ((expert.id * 7 + d.id * 3) % 10) / 20   # 0.45 … 0.9 of each maximum, by expert and declaration
                    s.add(ExpertScoreRow(expert_id=expert.id, declaration_id=d.id, criterion_id=c.id,
                                         points=round(c.max * share * 2) / 2))
        s.commit()
