"""The chair's side of the panel (issue 11): formal status downstream, resolutions, assignment, cockpit, settings.

The chair's databases are built by ``tests/chair_world.py``: the demo batch with
two broken forms imported the real way, experts registered and assigned with the
real calls, and what a merge stores written per stage.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest
from chair_world import BROKEN, DEMO, STAGES, chair_review, expert_names, store_scores
from sqlmodel import Session, select

from reviewer.call import bundled_call
from reviewer.formal_check import FormalCheckError, audit_log, correct, resolve, statuses, supplement
from reviewer.formal_status import FormalStatus, formal_statuses, status_label
from reviewer.panel import assignment
from reviewer.panel import consolidation as cons
from reviewer.panel.cockpit import cockpit
from reviewer.panel.experts import ExpertEntry, add_experts, assign, read_expert_list
from reviewer.review import Review
from reviewer.store.models import AssignmentRow, DeclarationRow, DocumentRow, ExpertRow

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def worlds(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[int, str], Path]:
    """A chair's database per (experts, stage): 3, 7 and 25 experts, each stage; copied by the tests."""
    root = tmp_path_factory.mktemp("chair")
    made: dict[tuple[int, str], Path] = {}
    for n in (3, 7, 25):
        base = chair_review(root, n, "nothing")
        for stage in STAGES:
            target = root / f"{n}-{stage}.sqlite"
            shutil.copy(base, target)
            review = Review.open(target)
            store_scores(review, stage)
            review.close()
            made[(n, stage)] = target
    return made


@pytest.fixture
def chair(worlds: dict[tuple[int, str], Path], tmp_path: Path) -> Iterator[Review]:
    target = tmp_path / "chair.sqlite"
    shutil.copy(worlds[(7, "all")], target)
    review = Review.open(target)
    yield review
    review.close()


def _id(review: Review, code: str) -> int:
    with Session(review.engine) as s:
        row = s.exec(select(DeclarationRow).where(DeclarationRow.code == code)).one()
    assert row.id is not None
    return row.id


def _assigned(review: Review, code: str) -> set[str]:
    with Session(review.engine) as s:
        names = {e.id: e.name for e in s.exec(select(ExpertRow))}
        return {names[a.expert_id] for a in s.exec(select(AssignmentRow).where(AssignmentRow.declaration_id == _id(review, code)))}


# --- formal status downstream -------------------------------------------------------------------

def test_broken_forms_are_pending_never_assigned_ranked_or_proposed(chair: Review) -> None:
    with Session(chair.engine) as s:
        status = formal_statuses(s)
    pending = {code for code in BROKEN if status[_id(chair, code)] == FormalStatus.PENDING}
    assert pending == set(BROKEN)
    assert all(v in (FormalStatus.OK, FormalStatus.WARNING, FormalStatus.PENDING) for v in status.values())
    assert all(_assigned(chair, code) == set() for code in BROKEN)
    settings = cons.ConsolidationSettings(proposed={d: 5 for d in range(1, 11)})
    stats = cons.declaration_stats(chair, settings)
    for code in BROKEN:
        row = stats[stats["code"] == code].iloc[0]
        assert row["formal"] == "pending" and row["rank"] is not None and str(row["rank"]) == "<NA>" and not row["proposed"]
    assert not set(BROKEN) & set(cons.proposed_list(chair, settings)["code"])
    assert status_label(FormalStatus.PENDING) == "待处理" and status_label("excluded", "en") == "Excluded"


def test_a_pending_declaration_scored_anyway_is_still_not_ranked_until_accepted(chair: Review) -> None:
    """Scores that reach a pending declaration (assigned before the import's finding was known) never rank it."""
    code = BROKEN[0]
    declaration_id = _id(chair, code)
    with Session(chair.engine) as s:
        for e in s.exec(select(ExpertRow)):
            s.add(AssignmentRow(expert_id=e.id, declaration_id=declaration_id))
        s.commit()
    store_scores_for(chair, code)
    settings = cons.ConsolidationSettings(proposed={d: 5 for d in range(1, 11)})
    assert code not in set(cons.proposed_list(chair, settings)["code"])
    resolve(chair, declaration_id, FormalStatus.ACCEPTED, "推荐单位已提供原件，内容与汇总表一致")
    assert code in set(cons.proposed_list(chair, settings)["code"])
    entry = audit_log(chair)[-1]
    assert (entry.action, entry.subject, entry.new_value) == ("formal_accepted", code, "accepted")
    assert entry.reason.startswith("推荐单位")


def store_scores_for(review: Review, code: str) -> None:
    from reviewer.store.models import ExpertAssessmentRow, ExpertScoreRow

    declaration_id = _id(review, code)
    with Session(review.engine) as s:
        d = s.get(DeclarationRow, declaration_id)
        assert d is not None
        for e in s.exec(select(ExpertRow)):
            s.add(ExpertAssessmentRow(expert_id=e.id, declaration_id=declaration_id, opinion="好", recommendation="recommend"))
            for c in review.rubric(d.direction).criteria:
                s.add(ExpertScoreRow(expert_id=e.id, declaration_id=declaration_id, criterion_id=c.id, points=c.max))
        s.commit()


def test_accepting_needs_a_reason_and_excluding_ends_the_assignments(chair: Review) -> None:
    with pytest.raises(FormalCheckError) as caught:
        resolve(chair, _id(chair, BROKEN[0]), FormalStatus.ACCEPTED, "  ")
    assert "理由" in caught.value.message("zh")
    assert statuses(chair)[_id(chair, BROKEN[0])] == FormalStatus.PENDING
    resolve(chair, _id(chair, BROKEN[0]), FormalStatus.ACCEPTED, "原件已核对")
    assign(chair, bundled_call())
    assert len(_assigned(chair, BROKEN[0])) == 7
    resolve(chair, _id(chair, "浙江省-01"), FormalStatus.EXCLUDED, "申报单位撤回申报")
    assert _assigned(chair, "浙江省-01") == set()
    assert statuses(chair)[_id(chair, "浙江省-01")] == FormalStatus.EXCLUDED
    assert "浙江省-01" not in set(cons.proposed_list(chair, cons.ConsolidationSettings(proposed={1: 9}))["code"])
    assert all(e.assignment_changed_at for e in _experts(chair))   # every expert's package changed


def _experts(review: Review) -> list[ExpertRow]:
    with Session(review.engine) as s:
        return list(s.exec(select(ExpertRow)))


def test_a_corrected_credit_code_or_applicant_is_checked_as_the_import_checks_it(chair: Review) -> None:
    call, declaration_id = bundled_call(), _id(chair, BROKEN[1])
    with pytest.raises(FormalCheckError) as caught:
        correct(chair, call, declaration_id, "credit_code", "91350100M000100Y4Z", "更正笔误")
    assert "check_digit" in caught.value.message("en")
    with pytest.raises(FormalCheckError):
        correct(chair, call, declaration_id, "applicant", "某某科技有限公司成都分公司", "更正")
    with pytest.raises(FormalCheckError):
        correct(chair, call, declaration_id, "budget", "1", "更正")
    correct(chair, call, declaration_id, "credit_code", "９１３５０１００m０００１００y４３", "按营业执照更正")
    with Session(chair.engine) as s:
        assert s.get(DeclarationRow, declaration_id).credit_code == "91350100M000100Y43"  # type: ignore[union-attr]
    assert statuses(chair)[declaration_id] == FormalStatus.CORRECTED
    entry = audit_log(chair)[-1]
    assert (entry.action, entry.old_value, entry.new_value) == ("formal_corrected", entry.old_value, "credit_code: 91350100M000100Y43")


def test_a_corrected_direction_re_runs_the_quota_and_ends_the_old_assignments(chair: Review) -> None:
    """宁波市 is a planned city: directions 1–9 at most 5, direction 10 at most 1. Moving 宁波市-01 to direction 10
    makes it the city's first direction-10 project; 宁波市-04 (its direction-10 one, later in order) drops out."""
    call = bundled_call()
    with Session(chair.engine) as s:
        before = s.get(DeclarationRow, _id(chair, "宁波市-04"))
        assert before is not None and before.direction == 10 and before.selected
    correct(chair, call, _id(chair, "宁波市-01"), "direction", "信息消费体验中心", "汇总表填错方向，以申报书为准")
    with Session(chair.engine) as s:
        first, fourth = s.get(DeclarationRow, _id(chair, "宁波市-01")), s.get(DeclarationRow, _id(chair, "宁波市-04"))
        assert first is not None and fourth is not None
        assert (first.direction, first.selected, fourth.selected) == (10, True, False)
    assert _assigned(chair, "宁波市-01") == set() and _assigned(chair, "宁波市-04") == set()
    actions = [(a.action, a.subject) for a in audit_log(chair)[-2:]]
    assert actions == [("formal_corrected", "宁波市-01"), ("selection", "宁波市-04")]
    with pytest.raises(FormalCheckError) as caught:
        correct(chair, call, _id(chair, "宁波市-02"), "direction", "方向十一", "更正")
    assert "信息消费体验中心" in caught.value.message("zh")


def test_a_supplement_must_be_readable_and_is_stored_as_a_document(chair: Review, tmp_path: Path) -> None:
    declaration_id = _id(chair, BROKEN[0])
    bad = tmp_path / "补充.docx"
    bad.write_bytes(b"PK\x03\x04 broken")
    with pytest.raises(FormalCheckError) as caught:
        supplement(chair, declaration_id, bad, "推荐单位补交")
    assert "补充材料无法读取" in caught.value.message("zh")
    assert statuses(chair)[declaration_id] == FormalStatus.PENDING
    good = next((DEMO / "03_四川省" / "申报书").glob("01_*.docx"))
    supplement(chair, declaration_id, good, "推荐单位补交完好的申报书")
    assert statuses(chair)[declaration_id] == FormalStatus.SUPPLEMENTED
    with Session(chair.engine) as s:
        docs = s.exec(select(DocumentRow).where(DocumentRow.declaration_id == declaration_id)).all()
    assert [d.path for d in docs] == [f"补充材料/{good.name}"] and "巴蜀" in docs[0].content


# --- assignment -----------------------------------------------------------------------------------

def test_the_balanced_plan_levels_loads_among_experts_who_could_swap() -> None:
    eligible = {d: [e for e in range(1, 8) if (d + e) % 5] for d in range(1, 41)}   # conflicts: (d + e) % 5 == 0
    plan = assignment.balanced(eligible, 3)
    assert all(len(experts) == 3 and experts <= set(eligible[d]) for d, experts in plan.items())
    load = {e: sum(e in x for x in plan.values()) for e in range(1, 8)}
    for d, experts in plan.items():
        for heavy in experts:
            for light in set(eligible[d]) - experts:
                assert load[heavy] - load[light] <= 1
    assert max(load.values()) - min(load.values()) <= 1
    assert assignment.balanced(eligible, 0) == {d: set(v) for d, v in eligible.items()}


def test_experts_per_declaration_with_conflicts_and_a_move_by_hand(chair: Review) -> None:
    call = bundled_call()
    with Session(chair.engine) as s:
        applicant = s.get(DeclarationRow, _id(chair, "浙江省-01")).applicant  # type: ignore[union-attr]
    add_experts(chair, [ExpertEntry(expert_names(7)[0], "第1研究院", "", "北京市", tuple(range(1, 11)), (applicant,))])
    assignment.set_per_declaration(chair, 3)
    assigned, conflicts = assign(chair, call)
    assert (assigned, conflicts) == (18 * 3, 1)
    assert expert_names(7)[0] not in _assigned(chair, "浙江省-01")
    loads = {load.expert: load.assigned for load in assignment.loads(chair)}
    assert max(loads.values()) - min(loads.values()) <= 1
    who = sorted(_assigned(chair, "浙江省-02"))
    free = sorted(set(expert_names(7)) - set(who))
    with pytest.raises(assignment.AssignmentError):
        assignment.move(chair, call, "浙江省-02", who[0], free[0], "")
    with pytest.raises(assignment.AssignmentError) as caught:
        assignment.move(chair, call, "浙江省-01", sorted(_assigned(chair, "浙江省-01"))[0], expert_names(7)[0], "调整")
    assert "回避" in caught.value.message("zh")
    assignment.move(chair, call, "浙江省-02", who[0], free[0], "工作量调整")
    flagged = {load.expert for load in assignment.loads(chair) if load.reissue}
    assert {who[0], free[0]} <= flagged                        # both packages no longer match
    assert _assigned(chair, "浙江省-02") == set(who[1:]) | {free[0]}
    entry = audit_log(chair)[-1]
    assert (entry.action, entry.old_value, entry.new_value, entry.reason) == ("assignment_moved", who[0], free[0], "工作量调整")
    assign(chair, call)                                        # recomputed: the hand-made move stays
    assert free[0] in _assigned(chair, "浙江省-02")


def test_an_issued_package_is_flagged_for_re_issue_after_a_change() -> None:
    assert assignment.reissue_needed("2026-05-02T10:00:00", "2026-05-01T09:00:00")
    assert not assignment.reissue_needed("2026-05-01T08:00:00", "2026-05-01T09:00:00")
    assert not assignment.reissue_needed("2026-05-02T10:00:00", "")


# --- the cockpit ----------------------------------------------------------------------------------

@pytest.mark.parametrize("n", [3, 7, 25])
@pytest.mark.parametrize("stage", STAGES)
def test_the_cockpit_and_the_panel_figures_at_every_stage(worlds: dict[tuple[int, str], Path], tmp_path: Path,
                                                          n: int, stage: str) -> None:
    target = tmp_path / "c.sqlite"
    shutil.copy(worlds[(n, stage)], target)
    review = Review.open(target)
    try:
        state = cockpit(review)
        settings = cons.load_settings(review)
        stats = cons.declaration_stats(review, settings)
        cons.deviations(review, settings), cons.kendall_w(review), cons.totals_frame(review)
    finally:
        review.close()
    steps = {s.code: s.count for s in state.steps}
    assert len(state.experts) == n and steps["formal_pending"] == 2
    returned = {"nothing": 0, "partial": max(1, n // 2)}.get(stage, n)
    assert sum(bool(e.file_returned) for e in state.experts) == returned
    assert steps.get("files_missing", 0) == n - returned
    assert all(e.assigned == 18 for e in state.experts)       # 20 declarations, 2 pending
    if stage in ("all", "recused", "vetoed"):
        assert all(e.finished == 18 for e in state.experts) and "unfinished" not in steps
    if stage == "partial":
        assert steps["unfinished"] == 1
    zhejiang = next(d for d in state.declarations if d.code == "浙江省-01")
    assert zhejiang.recused == (n if stage == "recused" else 0)
    ranked = stats[stats["rank"].notna()]
    if stage == "nothing" or (stage == "partial" and n < 4):
        assert ranked.empty
    if stage == "recused":
        assert "浙江省-01" not in set(ranked["code"])
    if stage == "vetoed":
        sitting = stats[(stats["direction"] == 1) & (stats["formal"] != "pending")]
        assert len(sitting) and sitting["vetoed"].all() and not sitting["proposed"].any()


def test_the_cockpit_counts_the_same_deviations_as_the_board(worlds: dict[tuple[int, str], Path], tmp_path: Path) -> None:
    target = tmp_path / "c.sqlite"
    shutil.copy(worlds[(7, "all")], target)
    review = Review.open(target)
    try:
        settings = cons.ConsolidationSettings(deviation=0.05)
        cons.save_settings(review, settings)
        frame = cons.deviations(review, settings)
        assert len(frame) > 0
        assert sum(d.deviations for d in cockpit(review).declarations) == len(frame)
        first = frame.iloc[0]
        cons.resolve_deviation(review, int(first["expert_id"]), int(first["declaration_id"]), "confirmed", "专家书面确认")
        assert sum(d.deviations for d in cockpit(review).declarations) == len(frame) - 1
    finally:
        review.close()


# --- the leader and the command line ----------------------------------------------------------------

def test_the_leader_comes_from_the_expert_list(chair: Review, tmp_path: Path) -> None:
    names = expert_names(7)
    rows = ["姓名,工作单位,评审方向,角色"] + [f"{n},第{i + 1}研究院,全部,{'组长' if i == 2 else '成员'}" for i, n in enumerate(names)]
    path = tmp_path / "experts.csv"
    path.write_text("\n".join(rows), encoding="utf-8")
    entries = read_expert_list(path, bundled_call())
    assert [e.leader for e in entries] == [i == 2 for i in range(7)]
    add_experts(chair, entries)
    assert cons.load_settings(chair).leader == names[2]
    assert next(e for e in cockpit(chair).experts if e.name == names[2]).leader
    two = "\n".join([rows[0], rows[1].replace("成员", "组长"), rows[3]])
    path.write_text(two, encoding="utf-8")
    with pytest.raises(Exception) as caught:
        read_expert_list(path, bundled_call())
    assert "D3" in str(caught.value)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reviewer", *args], capture_output=True, text=True, cwd=REPO,
                          env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}, timeout=120)


def test_every_chair_job_can_be_scripted(worlds: dict[tuple[int, str], Path], tmp_path: Path) -> None:
    db = tmp_path / "chair.sqlite"
    shutil.copy(worlds[(3, "all")], db)
    names = expert_names(3)
    out = _cli("formal", "--db", str(db), "--show")
    assert out.returncode == 0 and "四川省-01\t待处理" in out.stdout
    refused = _cli("formal", "--db", str(db), "--exclude", "四川省-02")
    assert refused.returncode == 2 and "理由" in refused.stderr and "Traceback" not in refused.stderr
    assert _cli("formal", "--db", str(db), "--exclude", "四川省-02", "--reason", "推荐单位撤回").returncode == 0
    assert _cli("formal", "--db", str(db), "--accept", "四川省-01", "--reason", "原件已核对").returncode == 0
    out = _cli("assign", "--db", str(db), "--per-declaration", "2")
    assert out.returncode == 0 and "38" in out.stdout
    opinions = tmp_path / "opinions.csv"
    opinions.write_text("编号,意见,不同意见\n浙江省-01,同意推荐,\n浙江省-02,建议补充材料,一位专家持保留意见\n", encoding="gbk")
    out = _cli("settings", "--db", str(db), "--method", "median", "--proposed-per-direction", "1", "--leader", names[1],
               "--group-opinion", "宁波市-01=同意", "--group-opinions", str(opinions))
    assert out.returncode == 0, out.stderr
    bad = _cli("settings", "--db", str(db), "--group-opinion", "无此项目=同意")
    assert bad.returncode == 2 and "无此项目" in bad.stderr
    review = Review.open(db)
    try:
        settings = cons.load_settings(review)
        assert (settings.method, settings.leader, settings.proposed[1]) == ("median", names[1], 1)
        assert cons.group_opinion(review, _id(review, "浙江省-02")) == ("建议补充材料", "一位专家持保留意见")
        assert cons.group_opinion(review, _id(review, "宁波市-01"))[0] == "同意"
        assert statuses(review)[_id(review, "四川省-02")] == FormalStatus.EXCLUDED
        assert {load.assigned for load in assignment.loads(review)} <= {12, 13}
    finally:
        review.close()
    out = _cli("--lang", "en", "cockpit", "--db", str(db))
    assert out.returncode == 0 and f"{names[1]} (组长)" in out.stdout and "Next:" in out.stdout


def test_the_group_opinion_draft_in_english(chair: Review) -> None:
    declaration_id = _id(chair, "浙江省-01")
    zh = cons.seed_group_opinion(chair, declaration_id)
    en = cons.seed_group_opinion(chair, declaration_id, "en")
    assert zh.startswith("经评审，7 位专家给出完整评分")
    assert en.startswith("7 experts gave complete scores; consolidated score ") and not any("\u4e00" <= c <= "\u9fff" for c in en.split("Strongest")[0])


@pytest.mark.parametrize("experts", [3, 7, 25])
def test_the_draft_counts_the_recommendations_of_the_experts_its_score_rests_on(
        worlds: dict[tuple[int, str], Path], tmp_path: Path, experts: int) -> None:
    """Half the panel returned, the last of them with one criterion blank on every sheet but a recommendation on
    each: the draft says "n experts gave complete scores … recommend n", never more votes than scores, and the
    exported opinion prints the same draft."""
    import re

    from reviewer.exports.data import collect, seeds_of

    target = tmp_path / "partial.sqlite"
    shutil.copy(worlds[(experts, "partial")], target)
    review = Review.open(target)
    try:
        exported = seeds_of(collect(review))
        totals = cons.totals_frame(review)
        checked = 0
        for declaration_id, block in totals.groupby("declaration_id"):
            draft = cons.seed_group_opinion(review, int(declaration_id))
            assert exported[int(declaration_id)] == draft
            complete = int(block["complete"].sum())
            given = int(block["recommendation"].notna().sum())
            checked += given > complete   # an unfinished sheet's recommendation left out
            if not complete:
                assert draft == "尚无完整的专家评分，专家组意见待评分汇入后形成。"
                continue
            assert draft.startswith(f"经评审，{complete} 位专家给出完整评分")
            assert re.search(r"专家建议：推荐 (\d+) 位", draft).group(1) == str(complete)
        assert checked, "the partial world has an unfinished sheet with a recommendation"
    finally:
        review.close()


@pytest.mark.parametrize("stage", ["nothing", "partial", "all"])
def test_a_form_the_formal_check_holds_back_is_said_so_in_its_opinion_not_unscored(
        worlds: dict[tuple[int, str], Path], tmp_path: Path, stage: str) -> None:
    """四川省-01 (damaged form) and 四川省-02 (.doc) are pending: their opinions give the formal check as the reason
    they are not ranked, at every stage; the others never read so."""
    from docx import Document

    from reviewer.exports import export_all

    target = tmp_path / "chair.sqlite"
    shutil.copy(worlds[(7, stage)], target)
    review = Review.open(target)
    try:
        written = export_all(review, tmp_path / "out", documents=("opinions",))
    finally:
        review.close()
    texts = {p.name.split("_")[0]: "\n".join(par.text for par in Document(p).paragraphs) for p in written}
    for code in BROKEN:
        assert "本项目形式审查待处理，不参与本方向排名（本方向共" in texts[code]
        assert "尚无完整评分，暂未参与" not in texts[code]
    assert not any("形式审查待处理" in text for code, text in texts.items() if code not in BROKEN)
    if stage == "all":
        assert all("排名第" in text for code, text in texts.items() if code not in BROKEN)
