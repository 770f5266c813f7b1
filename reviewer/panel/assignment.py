"""Who scores what: a balanced assignment that respects conflicts, hand-made moves, re-issue flags.

An expert is *eligible* for a declaration when the declaration is admitted
(selected by the order rule and not held back by the formal check, see
:mod:`reviewer.formal_status`), its direction is one of the expert's and no
conflict of interest (回避) stands between them.

The chair sets how many experts score each declaration (``per_declaration``;
0 = every eligible expert, the default). With a number, the assignment is
balanced: first each declaration, the most constrained first, takes its least
loaded eligible experts; then, while some declaration's expert carries at least
two more declarations than an eligible expert not on it, the declaration moves
to the lighter one. So no two experts who could swap a declaration differ in
load by more than one.

A move by hand is audited and kept (``source = 'manual'``) when the assignment
is computed again. Every change stamps the expert's ``assignment_changed_at``
(writing the packages clears it); an expert with an issued package and a stamp
is flagged for re-issue.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlmodel import Session, delete, select

from reviewer.errors import ReviewerError
from reviewer.formal_status import ADMITTED_SQL, STATUS_SQL
from reviewer.safeio import clean_text
from reviewer.store.models import (
    AssignmentRow, AuditRow, ConflictRow, DeclarationRow, ExpertRow, RecommenderRow, SettingRow,
)

if TYPE_CHECKING:
    from reviewer.call import Call
    from reviewer.review import Review

SETTING_KEY = "assignment"
MAX_PER_DECLARATION = 99


class AssignmentError(ReviewerError):
    """An assignment change that cannot be made; nothing was changed."""


@dataclass(frozen=True)
class Load:
    expert_id: int
    expert: str
    assigned: int
    eligible: int
    reissue: bool          # the issued package no longer matches the assignment


# --- the number of experts per declaration --------------------------------------------------------

def per_declaration(review: Review) -> int:
    """How many experts score each declaration; 0 = every eligible expert."""
    with Session(review.engine) as s:
        row = s.get(SettingRow, SETTING_KEY)
    return int(json.loads(row.value).get("per_declaration", 0)) if row is not None else 0


def set_per_declaration(review: Review, n: int) -> None:
    if not isinstance(n, int) or not 0 <= n <= MAX_PER_DECLARATION:
        raise AssignmentError("bad_value", review.path, field="per_declaration", value=n, why=f"0–{MAX_PER_DECLARATION}（0 = 全部）")
    value = json.dumps({"per_declaration": n})
    with Session(review.engine) as s:
        old = s.get(SettingRow, SETTING_KEY)
        if old is not None and old.value == value:
            return
        s.add(AuditRow(at=_now(), action="assignment_settings", subject=SETTING_KEY,
                       old_value=old.value if old else None, new_value=value))
        s.merge(SettingRow(key=SETTING_KEY, value=value))
        s.commit()


# --- the plan (pure) ---------------------------------------------------------------------------------

def balanced(eligible: dict[int, list[int]], n: int, fixed: dict[int, set[int]] | None = None) -> dict[int, set[int]]:
    """Declaration → experts: ``n`` of its eligible experts each (all of them when n is 0 or they are fewer),
    keeping ``fixed`` pairs, with loads levelled as the module says. Deterministic."""
    fixed = fixed or {}
    plan = {d: set(fixed.get(d, set())) & set(experts) for d, experts in eligible.items()}
    load: dict[int, int] = {e: 0 for experts in eligible.values() for e in experts}
    for experts in plan.values():
        for e in experts:
            load[e] += 1
    for d in sorted(eligible, key=lambda d: (len(eligible[d]), d)):   # the most constrained first
        want = len(eligible[d]) if n == 0 else min(n, len(eligible[d]))
        for e in sorted((e for e in eligible[d] if e not in plan[d]), key=lambda e: (load[e], e))[:max(0, want - len(plan[d]))]:
            plan[d].add(e)
            load[e] += 1
    if n:
        _level(eligible, plan, load, fixed)
    return plan


def _level(eligible: dict[int, list[int]], plan: dict[int, set[int]], load: dict[int, int],
           fixed: dict[int, set[int]]) -> None:
    """Move single declarations from a heavier to a lighter eligible expert until no move gains."""
    moved = True
    while moved:
        moved = False
        for d in sorted(plan):
            for heavy in sorted(plan[d] - fixed.get(d, set()), key=lambda e: (-load[e], e)):
                free = [e for e in eligible[d] if e not in plan[d]]
                light = min(free, key=lambda e: (load[e], e), default=None)
                if light is not None and load[heavy] - load[light] >= 2:
                    plan[d].remove(heavy)
                    plan[d].add(light)
                    load[heavy] -= 1
                    load[light] += 1
                    moved = True


# --- the review ------------------------------------------------------------------------------------

def assign_all(review: Review, call: Call) -> tuple[int, int]:
    """Recompute conflicts and assignments (hand-made ones kept while still eligible).
    Returns (assignments, conflicted pairs)."""
    from reviewer.panel.experts import conflicts_of, province_rule

    rule, n = province_rule(review), per_declaration(review)
    with Session(review.engine) as s:
        experts = s.exec(select(ExpertRow).order_by(ExpertRow.id)).all()
        admitted = set(_admitted(s))
        declarations = [d for d in s.exec(select(DeclarationRow).order_by(DeclarationRow.id)).all() if d.id in admitted]
        recommenders = {r.id: r for r in s.exec(select(RecommenderRow))}
        before = _pairs(s)
        manual = {(a.expert_id, a.declaration_id) for a in s.exec(select(AssignmentRow).where(AssignmentRow.source == "manual"))}
        s.exec(delete(ConflictRow))
        eligible: dict[int, list[int]] = {int(d.id): [] for d in declarations}  # type: ignore[arg-type]
        conflicted = 0
        for expert in experts:
            directions = set(json.loads(expert.directions))
            for d in declarations:
                if d.direction not in directions:
                    continue
                reasons = conflicts_of(expert, d, recommenders[d.recommender_id], call, rule)
                for source, reason in reasons:
                    s.add(ConflictRow(expert_id=expert.id, declaration_id=d.id, source=source, reason=reason))
                conflicted += bool(reasons)
                if not reasons:
                    eligible[int(d.id)].append(int(expert.id))  # type: ignore[arg-type]
        fixed: dict[int, set[int]] = {}
        for e, d in manual:
            fixed.setdefault(d, set()).add(e)
        plan = balanced(eligible, n, fixed)
        _store(s, before, plan, manual)
        s.commit()
    return sum(len(v) for v in plan.values()), conflicted


def _admitted(s: Session) -> list[int]:
    sql = f"SELECT d.id FROM declaration d JOIN ({STATUS_SQL}) fs ON fs.declaration_id = d.id WHERE {ADMITTED_SQL}"
    return [int(r[0]) for r in s.connection().exec_driver_sql(sql).all()]


def _pairs(s: Session) -> set[tuple[int, int]]:
    return {(a.expert_id, a.declaration_id) for a in s.exec(select(AssignmentRow))}


def _store(s: Session, before: set[tuple[int, int]], plan: dict[int, set[int]], manual: set[tuple[int, int]]) -> None:
    after = {(e, d) for d, experts in plan.items() for e in experts}
    s.exec(delete(AssignmentRow))
    for e, d in sorted(after):
        s.add(AssignmentRow(expert_id=e, declaration_id=d, source="manual" if (e, d) in manual else "auto"))
    _touch(s, {e for e, _d in before ^ after})


def _touch(s: Session, expert_ids: set[int]) -> None:
    at = _now()
    for expert_id in expert_ids:
        expert = s.get(ExpertRow, expert_id)
        if expert is not None:
            expert.assignment_changed_at = at
            s.add(expert)


def move(review: Review, call: Call, code: str, from_expert: str, to_expert: str, reason: str) -> None:
    """Move one declaration from one expert to another by hand (audited); the new expert must be eligible."""
    from reviewer.panel.experts import conflicts_of, province_rule

    reason = clean_text(reason)[0].strip()
    if not reason:
        raise AssignmentError("reason_required", review.path, what="调整分配 / moving an assignment")
    with Session(review.engine) as s:
        declaration = s.exec(select(DeclarationRow).where(DeclarationRow.code == code)).first()
        if declaration is None:
            raise AssignmentError("declaration_unknown", review.path, declaration=code)
        source, target = _expert(s, review, from_expert), _expert(s, review, to_expert)
        assert declaration.id is not None and source.id is not None and target.id is not None
        current = s.get(AssignmentRow, (source.id, declaration.id))
        if current is None:
            raise AssignmentError("assign_not_eligible", review.path, expert=source.name, declaration=code,
                                  why="未分配给该专家", why_en="it is not assigned to this expert")
        why = _ineligible(s, call, target, declaration, province_rule(review), conflicts_of)
        if why:
            raise AssignmentError("assign_not_eligible", review.path, expert=target.name, declaration=code,
                                  why=why[0], why_en=why[1])
        s.delete(current)
        s.add(AssignmentRow(expert_id=target.id, declaration_id=declaration.id, source="manual"))
        s.add(AuditRow(at=_now(), action="assignment_moved", subject=code, old_value=source.name, new_value=target.name,
                       reason=reason))
        _touch(s, {source.id, target.id})
        s.commit()


def _expert(s: Session, review: Review, name: str) -> ExpertRow:
    rows = s.exec(select(ExpertRow).where(ExpertRow.name == name.strip())).all()
    if len(rows) != 1:
        raise AssignmentError("expert_unknown", review.path, expert=name)
    return rows[0]


def _ineligible(s: Session, call: Call, expert: ExpertRow, declaration: DeclarationRow, rule: bool,
                conflicts_of: object) -> tuple[str, str] | None:
    if declaration.id not in set(_admitted(s)):
        return ("项目未通过形式审查或未入选", "the declaration is not admitted (formal check or order rule)")
    if declaration.direction not in json.loads(expert.directions):
        return (f"专家不评审方向{declaration.direction}", f"the expert does not review direction {declaration.direction}")
    if s.get(AssignmentRow, (expert.id, declaration.id)) is not None:
        return ("已分配给该专家", "it is already assigned to this expert")
    recommender = s.get(RecommenderRow, declaration.recommender_id)
    reasons = conflicts_of(expert, declaration, recommender, call, rule)  # type: ignore[operator]
    if reasons:
        return (f"需回避（{reasons[0][1]}）", f"a conflict of interest ({reasons[0][1]})")
    return None


def loads(review: Review) -> list[Load]:
    """Per expert: declarations assigned, declarations eligible for, and whether the package needs re-issuing."""
    with review.engine.connect() as c:
        rows = c.exec_driver_sql(f"""
            SELECT e.id, e.name, e.assignment_changed_at, e.package_issued_at,
                   (SELECT count(*) FROM assignment a WHERE a.expert_id = e.id)
            FROM expert e ORDER BY e.id""").all()
        conflicts = dict(c.exec_driver_sql("SELECT expert_id, count(DISTINCT declaration_id) FROM conflict GROUP BY expert_id").all())
        admitted = c.exec_driver_sql(
            f"SELECT d.direction, count(*) FROM declaration d JOIN ({STATUS_SQL}) fs ON fs.declaration_id = d.id "
            f"WHERE {ADMITTED_SQL} GROUP BY d.direction").all()
        directions = dict(c.exec_driver_sql("SELECT id, directions FROM expert").all())
    per_direction = {int(d): int(n) for d, n in admitted}
    return [Load(int(i), str(name), int(n), sum(per_direction.get(d, 0) for d in json.loads(directions[i])) - conflicts.get(i, 0),
                 reissue_needed(str(changed), str(issued_at)))
            for i, name, changed, issued_at, n in rows]


def reissue_needed(assignment_changed_at: str, package_issued_at: str) -> bool:
    """A package was issued and the assignments changed since (writing packages clears ``assignment_changed_at``)."""
    return bool(package_issued_at) and bool(assignment_changed_at) and assignment_changed_at >= package_issued_at


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")
