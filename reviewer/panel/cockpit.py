"""The chair's cockpit: where the panel stands and the next thing to do, without pandas.

Per expert: assigned, package issued (and whether it must be re-issued), file
returned, declarations finished. Per declaration: formal status, experts
assigned, complete totals in, recusals, deviations still to confirm. Then the
steps still open, in the order a review meeting takes them. Everything is read
in one read transaction through the DB-API, so the cockpit opens at once even
for 25 experts × 400 declarations.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from reviewer.formal_status import BLOCKING, STATUS_SQL, FormalStatus
from reviewer.panel.assignment import reissue_needed

if TYPE_CHECKING:
    from reviewer.review import Review


@dataclass(frozen=True)
class ExpertLine:
    expert_id: int
    name: str
    directions: tuple[int, ...]
    assigned: int
    package_issued: str       # when ('' = never, or not known to this database)
    reissue: bool             # issued before the assignments last changed
    file_returned: str        # when the latest file was merged ('' = none yet)
    finished: int             # assigned declarations scored completely or recused with a reason
    leader: bool


@dataclass(frozen=True)
class DeclarationLine:
    declaration_id: int
    code: str
    direction: int
    project: str
    applicant: str
    selected: bool
    formal: FormalStatus
    assigned: int
    complete: int             # complete totals in
    recused: int
    deviations: int           # deviating totals the chair has not yet recorded as confirmed or corrected

    @property
    def admitted(self) -> bool:
        return self.selected and self.formal not in BLOCKING


@dataclass(frozen=True)
class Step:
    """One thing still to do: a code, how many, which of the chair's jobs does it."""

    code: str
    count: int
    job: str                  # formal | experts | packages | merge | board | settings | export

    def message(self, lang: str = "zh") -> str:
        zh, en = STEPS[self.code]
        return (en if lang.startswith("en") else zh).format(n=self.count, s="" if self.count == 1 else "s")


STEPS: dict[str, tuple[str, str]] = {
    "formal_pending": ("{n} 项形式审查待处理", "{n} formal-check finding{s} to resolve"),
    "no_experts": ("尚未登记专家", "No expert registered yet"),
    "unassigned": ("{n} 项尚未分配专家", "{n} declaration{s} without experts"),
    "packages_unissued": ("{n} 位专家尚未发放工作包", "No work package yet: {n} expert{s}"),
    "packages_reissue": ("{n} 位专家的工作包需重新发放（分配已变更）", "Work package to re-issue (assignments changed): {n} expert{s}"),
    "files_missing": ("{n} 位专家尚未交回评分文件", "Score file not returned: {n} expert{s}"),
    "unfinished": ("{n} 位专家的评分尚未完成", "Scoring not finished: {n} expert{s}"),
    "deviations": ("{n} 处偏离待确认", "{n} deviation{s} to confirm"),
    "no_leader": ("尚未指定组长", "No panel leader (组长) named"),
    "no_quota": ("{n} 个方向尚未设定拟支持项目数", "{n} direction{s} without a number to propose"),
    "ready": ("评分已齐，可以在看板上形成专家组意见并导出评审文件",
              "All scores are in: form the group opinions on the board and export the documents"),
}


@dataclass(frozen=True)
class Cockpit:
    experts: list[ExpertLine]
    declarations: list[DeclarationLine]
    steps: list[Step] = field(default_factory=list)
    leader: str = ""
    method: str = "trimmed"


def cockpit(review: Review) -> Cockpit:
    """Read the panel's state and work out the next steps."""
    from reviewer.panel.consolidation import load_settings

    settings = load_settings(review)
    raw = review.engine.raw_connection()
    try:
        con = raw.dbapi_connection
        assert con is not None
        started = not con.in_transaction
        if started:
            con.execute("BEGIN")
        try:
            data = _read(con)
        finally:
            if started:
                con.rollback()
    finally:
        raw.close()
    experts, declarations = _lines(data, settings.deviation, settings.leader)
    steps = _steps(experts, declarations, settings)
    return Cockpit(experts, declarations, steps, settings.leader, settings.method)


def _read(con: Any) -> dict[str, Any]:
    from reviewer.rubric import Rubric

    return {
        "experts": con.execute("SELECT id, name, directions, assignment_changed_at, package_issued_at FROM expert ORDER BY id")
                      .fetchall(),
        "declarations": con.execute(f"""
            SELECT d.id, d.code, d.direction, d.project_name, d.applicant, d.selected, fs.status
            FROM declaration d JOIN ({STATUS_SQL}) fs ON fs.declaration_id = d.id
            ORDER BY d.direction, d.recommender_id, d.seq""").fetchall(),
        "assignments": con.execute("SELECT expert_id, declaration_id FROM assignment").fetchall(),
        "files": dict(con.execute("SELECT expert_id, max(merged_at) FROM score_file WHERE current GROUP BY expert_id").fetchall()),
        "sums": con.execute("""SELECT expert_id, declaration_id, count(points), sum(points) FROM expert_score
                               WHERE points IS NOT NULL GROUP BY expert_id, declaration_id""").fetchall(),
        "recused": {(e, d) for e, d in con.execute("SELECT expert_id, declaration_id FROM expert_assessment WHERE recused")},
        "notes": {(e, d) for e, d in con.execute("SELECT expert_id, declaration_id FROM deviation_note")},
        "criteria": {r.direction: len(r.criteria) for r in
                     (Rubric.from_json(row[0]) for row in con.execute("SELECT content FROM rubric"))},
    }


def _lines(data: dict[str, Any], threshold: float, leader: str) -> tuple[list[ExpertLine], list[DeclarationLine]]:
    from reviewer.panel.consolidation import deviates

    direction = {int(d[0]): int(d[2]) for d in data["declarations"]}
    sums = {(e, d): (n, total) for e, d, n, total in data["sums"]}
    assigned: dict[int, list[int]] = defaultdict(list)      # declaration -> experts
    for e, d in data["assignments"]:
        assigned[d].append(e)
    finished: dict[int, int] = defaultdict(int)
    per_expert: dict[int, int] = defaultdict(int)
    totals: dict[int, list[tuple[int, float]]] = defaultdict(list)
    recused: dict[int, int] = defaultdict(int)
    for d, experts in assigned.items():
        needed = data["criteria"].get(direction.get(d), -1)
        for e in experts:
            per_expert[e] += 1
            if (e, d) in data["recused"]:
                finished[e] += 1
                recused[d] += 1
                continue
            n, total = sums.get((e, d), (0, 0.0))
            if n == needed:
                finished[e] += 1
                totals[d].append((e, float(total)))
    pending: dict[int, int] = defaultdict(int)
    for d, values in totals.items():
        if len(values) < 2:
            continue
        mean = sum(t for _e, t in values) / len(values)
        pending[d] = sum(mean != 0 and deviates((t - mean) / mean, threshold) and (e, d) not in data["notes"] for e, t in values)
    experts = [ExpertLine(int(i), str(name), tuple(json.loads(dirs)), per_expert[i], str(issued or ""),
                          reissue_needed(str(changed), str(issued or "")), str(data["files"].get(i) or ""), finished[i],
                          bool(leader) and name == leader)
               for i, name, dirs, changed, issued in data["experts"]]
    declarations = [DeclarationLine(int(i), str(code), int(dno), str(project), str(applicant), bool(selected),
                                    FormalStatus(status), len(assigned[i]), len(totals[i]), recused[i], pending[i])
                    for i, code, dno, project, applicant, selected, status in data["declarations"]]
    return experts, declarations


def _steps(experts: list[ExpertLine], declarations: list[DeclarationLine], settings: Any) -> list[Step]:
    admitted = [d for d in declarations if d.admitted]
    counts = [
        # pending and in the review, or pending because its direction is unknown (the order rule could not place it)
        ("formal_pending", sum(d.formal == FormalStatus.PENDING and (d.selected or d.direction == 0) for d in declarations),
         "formal"),
        ("no_experts", int(not experts), "experts"),
        ("unassigned", sum(d.assigned == 0 for d in admitted) if experts else 0, "experts"),
        ("packages_unissued", sum(not e.package_issued and e.assigned > 0 for e in experts), "packages"),
        ("packages_reissue", sum(e.reissue for e in experts), "packages"),
        ("files_missing", sum(not e.file_returned and e.assigned > 0 for e in experts), "merge"),
        ("unfinished", sum(bool(e.file_returned) and e.finished < e.assigned for e in experts), "merge"),
        ("deviations", sum(d.deviations for d in declarations), "board"),
        ("no_leader", int(bool(experts) and not settings.leader), "settings"),
        ("no_quota", len({d.direction for d in admitted} - {k for k, v in settings.proposed.items() if v > 0}), "board"),
    ]
    steps = [Step(code, n, job) for code, n, job in counts if n]
    if experts and not steps:
        steps.append(Step("ready", 0, "export"))
    return steps
