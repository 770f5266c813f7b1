"""A chair's database for the export tests: the demo batch (20 declarations, 2 per direction), N experts on
every direction, and — unless ``merged`` is False — their scores stored as a merge stores them.

What the panel holds (declarations counted in the batch's order, j = 0 … 19; experts k = 0 … N−1):

- the last expert recused from declaration 0 (reason “曾在申报单位任职”);
- declaration 2 vetoed: a majority of experts raise veto V1 with a reason, and every other one of them leaves
  the direction's own criteria unscored (their total is incomplete: the documents must say 否决, not 未完成);
- nobody scores the last criterion of declaration 4 (the opinion must still list it, as 未评);
- recommendations cycle through 推荐 / 不推荐 / 待议;
- a group opinion with a dissent on declaration 0; one proposed declaration per direction; a current score
  file per expert (with its digest, sequence number and the expert's key fingerprint); the first expert is the
  panel's leader (组长).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from sqlmodel import Session, select

from reviewer.call import bundled_call
from reviewer.importing.forms import bundled_form_fields
from reviewer.importing.importer import import_batch
from reviewer.panel import consolidation as cons
from reviewer.panel.experts import ExpertEntry, add_experts, assign
from reviewer.review import Review
from reviewer.rubric import bundled_rubrics
from reviewer.store.models import DeclarationRow, ExpertAssessmentRow, ExpertRow, ExpertScoreRow, ScoreFileRow

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo" / "batch"
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏"
GIVEN = "一二三四五六七八九十"
OPINION, DISSENT = "该项目技术路线清晰，示范带动作用明显，建议支持。", "一位专家认为项目的推广价值论证不足。"
VETO_REASON = "申报单位为分公司，不具备独立法人资格"
RECOMMENDATIONS = ("recommend", "reject", "undecided")


def names(n: int) -> list[str]:
    return [SURNAMES[k % len(SURNAMES)] + GIVEN[(k // len(SURNAMES) + k) % len(GIVEN)] for k in range(n)]


def build_panel(path: Path, experts: int, merged: bool = True) -> Path:
    import_batch(DEMO, path, bundled_call(), bundled_rubrics(), bundled_form_fields())
    review = Review.open(path)
    people = names(experts)
    add_experts(review, [ExpertEntry(n, f"某大学{k}", "", "北京市", tuple(range(1, 11)), ()) for k, n in enumerate(people)])
    assign(review, bundled_call())
    if merged:
        _scores(review, experts)
    cons.save_settings(review, cons.ConsolidationSettings(proposed={d: 1 for d in range(1, 11)}, leader=people[0]))
    review.close()
    return path


def _scores(review: Review, n: int) -> None:
    with Session(review.engine) as s:
        experts = list(s.exec(select(ExpertRow).order_by(ExpertRow.id)))
        declarations = list(s.exec(select(DeclarationRow).where(DeclarationRow.selected == True)  # noqa: E712
                                   .order_by(DeclarationRow.direction, DeclarationRow.recommender_id, DeclarationRow.seq)))
        vetoing = n // 2 + 1
        for k, e in enumerate(experts):
            for j, d in enumerate(declarations):
                recused = k == n - 1 and j == 0
                veto = j == 2 and k < vetoing
                criteria = review.rubric(d.direction).criteria
                if not recused:
                    for i, c in enumerate(criteria):
                        if (j == 4 and i == len(criteria) - 1) or (veto and k % 2 == 0 and c.part == "direction"):
                            continue
                        points = max(0.0, c.max * (0.55 + 0.04 * ((k * 7 + j * 3 + i) % 11)))
                        s.add(ExpertScoreRow(expert_id=e.id, declaration_id=d.id, criterion_id=c.id, points=round(points, 1),
                                             remark="材料完整" if (k, i) == (0, 0) else ""))
                s.add(ExpertAssessmentRow(
                    expert_id=e.id, declaration_id=d.id, recused=recused,
                    opinion="" if recused else f"{d.code}基础扎实，建设内容具体（{e.name}）",
                    recusal_reason="曾在申报单位任职" if recused else "",
                    recommendation=None if recused else RECOMMENDATIONS[(k + j) % 3],
                    vetoes=json.dumps({"V1": VETO_REASON} if veto else {}, ensure_ascii=False)))
            digest = hashlib.sha256(f"score file {e.name}".encode()).hexdigest()
            e.key_fingerprint = fingerprint(e.name)
            s.add(e)
            s.add(ScoreFileRow(expert_id=e.id, sha256=digest, written_at="2019-04-01T10:00:00", seq=k + 1,
                               fingerprint=e.key_fingerprint, merged_at="2019-04-02T09:30:00", path=f"{e.name}.rvscore"))
        s.commit()
        first = declarations[0].id
    assert first is not None
    cons.set_group_opinion(review, first, OPINION, DISSENT)


def fingerprint(name: str) -> str:
    """A key fingerprint as people compare it (groups of four hex digits), made up for the test."""
    digest = hashlib.sha256(f"key {name}".encode()).hexdigest()[:32]
    return " ".join(digest[i:i + 4] for i in range(0, 32, 4))


def declaration_codes(path: Path) -> list[str]:
    """The selected declarations' codes in the order the builder counts them (j = 0, 1, …)."""
    review = Review.open(path)
    try:
        return [d.code for d in review.declarations()]
    finally:
        review.close()
