"""Consolidation of the panel's scores, checked against figures computed here by hand (no pandas).

The chair's database is built the real way (the demo batch imported, experts
registered and assigned, one of them conflicted); the experts' scores are then
stored as a merge stores them. The panel, by total (R = recused, I = one
criterion left blank, - = not assigned because of a conflict, V = a veto):

    direction 1   专家甲  专家乙  专家丙  专家丁  专家戊
    A 浙江省-01    85V     90V     88      86.5    -      n=4: plain mean (trim needs 5); 2 of 4 vetoes: not more than half
    B 四川省-01    79      80      81      R(V)    I(80)  n=3; the recused expert's leftover veto does not count
    C 浙江省-03    70      80      81      79      95     trimmed 80 = B's mean: a tie
    E 宁波市-03    62      66      64      65      63     after the tie: rank 4, not 3
    D 四川省-04    90V     92V     94V     93      91     3 of 5 vetoes: vetoed, ranked last
    direction 2
    P 浙江省-06    80      82      78      81      50     50 is 32.6% under the mean
    Q 四川省-06    60      65      70      62      75V    1 of 5 vetoes: not vetoed

The demo batch has two declarations per direction; C, D (direction 3) and E
(direction 4) are moved into direction 1 before assignment so that one
direction has a ranking worth testing.
"""

from __future__ import annotations

import json
import math
import shutil
import sqlite3
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest
from sqlmodel import Session, select

from reviewer.call import bundled_call
from reviewer.importing.forms import bundled_form_fields
from reviewer.importing.importer import import_batch
from reviewer.panel import consolidation as cons
from reviewer.panel.consolidation import ConsolidationError, ConsolidationSettings
from reviewer.panel.experts import ExpertEntry, add_experts, assign
from reviewer.review import Review
from reviewer.rubric import bundled_rubrics
from reviewer.store.models import AuditRow, DeclarationRow, ExpertAssessmentRow, ExpertRow, ExpertScoreRow

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "resources" / "demo" / "batch"
EXPERTS = ("专家甲", "专家乙", "专家丙", "专家丁", "专家戊")
CODES = {"A": "浙江省-01", "B": "四川省-01", "C": "浙江省-03", "D": "四川省-04", "E": "宁波市-03",
         "P": "浙江省-06", "Q": "四川省-06"}
R, I = "recused", "incomplete"
PANEL: dict[str, dict[str, object]] = {
    "A": {"专家甲": 85, "专家乙": 90, "专家丙": 88, "专家丁": 86.5},
    "B": {"专家甲": 79, "专家乙": 80, "专家丙": 81, "专家丁": R, "专家戊": (I, 80)},
    "C": {"专家甲": 70, "专家乙": 80, "专家丙": 81, "专家丁": 79, "专家戊": 95},
    "D": {"专家甲": 90, "专家乙": 92, "专家丙": 94, "专家丁": 93, "专家戊": 91},
    "E": {"专家甲": 62, "专家乙": 66, "专家丙": 64, "专家丁": 65, "专家戊": 63},
    "P": {"专家甲": 80, "专家乙": 82, "专家丙": 78, "专家丁": 81, "专家戊": 50},
    "Q": {"专家甲": 60, "专家乙": 65, "专家丙": 70, "专家丁": 62, "专家戊": 75},
}
VETOES = {("A", "专家甲"), ("A", "专家乙"), ("D", "专家甲"), ("D", "专家乙"), ("D", "专家丙"), ("Q", "专家戊")}


# --- building the chair's database ---------------------------------------------------------------

def _spread(total: float, maxima: list[float]) -> list[float]:
    """A total split over the criteria in proportion to their maxima, in steps of 0.5."""
    points = [math.floor(total * m / 100 * 2) / 2 for m in maxima]
    rest, i = total - sum(points), 0
    while rest > 0:
        if points[i] + 0.5 <= maxima[i]:
            points[i] += 0.5
            rest -= 0.5
        i = (i + 1) % len(points)
    return points


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[tuple[str, str], dict[str, float]]]:
    """The chair's database with the panel above, and the criterion points stored per (letter, expert)."""
    path = tmp_path_factory.mktemp("chair") / "chair.sqlite"
    import_batch(DEMO, path, bundled_call(), bundled_rubrics(), bundled_form_fields())
    review = Review.open(path)
    with Session(review.engine) as s:
        for code in (CODES["C"], CODES["D"], CODES["E"]):
            row = s.exec(select(DeclarationRow).where(DeclarationRow.code == code)).one()
            row.direction = 1
            s.add(row)
        s.commit()
    entries = [ExpertEntry(name, "某大学" if name != "专家戊" else "杭州云栖映画数字科技有限公司", "", "北京市", (1, 2), ())
               for name in EXPERTS]
    add_experts(review, entries)
    assign(review, bundled_call())
    stored = _store_panel(review)
    review.close()
    return path, stored


def _store_panel(review: Review) -> dict[tuple[str, str], dict[str, float]]:
    """What a merge stores: ExpertScoreRow per criterion and ExpertAssessmentRow per declaration."""
    stored: dict[tuple[str, str], dict[str, float]] = {}
    with Session(review.engine) as s:
        ids = {e.name: e.id for e in s.exec(select(ExpertRow))}
        declarations = {d.code: d for d in s.exec(select(DeclarationRow))}
        for letter, row in PANEL.items():
            d = declarations[CODES[letter]]
            criteria = review.rubric(d.direction).criteria
            for name, value in row.items():
                if value == R:
                    s.add(ExpertAssessmentRow(expert_id=ids[name], declaration_id=d.id, recused=True, recusal_reason="曾任职",
                                              vetoes=json.dumps({"V2": "回避前勾选"}, ensure_ascii=False)))
                    continue
                total = value[1] if isinstance(value, tuple) else value
                points = dict(zip((c.id for c in criteria), _spread(float(total), [c.max for c in criteria])))
                if isinstance(value, tuple):
                    points.pop(criteria[-1].id)
                stored[(letter, name)] = points
                for cid, p in points.items():
                    s.add(ExpertScoreRow(expert_id=ids[name], declaration_id=d.id, criterion_id=cid, points=p))
                vetoes = {"V1": "存在知识产权纠纷"} if (letter, name) in VETOES else {}
                opinion = f"意见{EXPERTS.index(name) + 1}：{letter}项目\n基础扎实"    # two lines: the seed makes one
                s.add(ExpertAssessmentRow(expert_id=ids[name], declaration_id=d.id, opinion=opinion,
                                          recommendation="recommend", vetoes=json.dumps(vetoes, ensure_ascii=False)))
        s.commit()
    return stored


@pytest.fixture
def chair(template: tuple[Path, dict], tmp_path: Path) -> Iterator[Review]:
    target = tmp_path / "chair.sqlite"
    shutil.copy(template[0], target)
    review = Review.open(target)
    yield review
    review.close()


@pytest.fixture
def stored(template: tuple[Path, dict]) -> dict[tuple[str, str], dict[str, float]]:
    return template[1]


def _ids(review: Review) -> tuple[dict[str, int], dict[str, int]]:
    with Session(review.engine) as s:
        experts = {e.name: e.id for e in s.exec(select(ExpertRow))}
        codes = {d.code: d.id for d in s.exec(select(DeclarationRow))}
    return experts, {letter: codes[code] for letter, code in CODES.items()}


# --- the expected figures, by hand ---------------------------------------------------------------

def _totals(stored: dict[tuple[str, str], dict[str, float]], letter: str) -> dict[str, float]:
    """The complete totals of a declaration (the incomplete one left out)."""
    return {name: sum(points.values()) for (lt, name), points in stored.items()
            if lt == letter and not isinstance(PANEL[letter][name], tuple)}


def _trimmed(values: list[float], minimum: int = 5) -> float:
    if len(values) < minimum:
        return statistics.mean(values)
    ordered = sorted(values)
    return sum(ordered[1:-1]) / (len(ordered) - 2)


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=0, abs_tol=1e-9)


def _kendall(table: list[list[float]]) -> float:
    """W from its definition; ranks within each expert's row, ties averaged."""
    m, n = len(table), len(table[0])
    sums = [0.0] * n
    t = 0.0
    for row in table:
        for j, value in enumerate(row):
            below = sum(1 for v in row if v < value)
            equal = sum(1 for v in row if v == value)
            sums[j] += below + (equal + 1) / 2
        for value in set(row):
            k = row.count(value)
            t += k ** 3 - k
    mean = sum(sums) / n
    s = sum((r - mean) ** 2 for r in sums)
    return 12 * s / (m * m * (n ** 3 - n) - m * t)


# --- tests ---------------------------------------------------------------------------------------

def test_the_module_does_not_load_pandas_until_asked() -> None:
    probe = "import sys, reviewer.panel.consolidation; print('pandas' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_settings_round_trip_with_an_audit_entry_and_bad_ones_are_refused(chair: Review) -> None:
    assert cons.load_settings(chair) == ConsolidationSettings()
    chosen = ConsolidationSettings(method="median", trim_min_panel=7, deviation=0.25, proposed={1: 2, 10: 1})
    cons.save_settings(chair, chosen)
    assert cons.load_settings(chair) == chosen
    for bad in (ConsolidationSettings(method="mode"), ConsolidationSettings(trim_min_panel=2),
                ConsolidationSettings(deviation=0), ConsolidationSettings(proposed={1: -1})):
        with pytest.raises(ConsolidationError):
            cons.save_settings(chair, bad)
    assert cons.load_settings(chair) == chosen
    with Session(chair.engine) as s:
        audit = s.exec(select(AuditRow).where(AuditRow.action == "consolidation_settings")).all()
    assert len(audit) == 1 and '"median"' in (audit[0].new_value or "")


def test_scores_and_totals_are_what_the_experts_entered(chair: Review, stored: dict) -> None:
    experts, ids = _ids(chair)
    scores = cons.scores_frame(chair)
    assert list(scores.columns) == ["expert_id", "expert", "declaration_id", "code", "direction", "criterion_id", "points"]
    assert len(scores) == sum(len(points) for points in stored.values())
    for (letter, name), points in stored.items():
        mine = scores[(scores.expert == name) & (scores.declaration_id == ids[letter])]
        assert dict(zip(mine.criterion_id, mine.points)) == points

    totals = cons.totals_frame(chair).set_index(["expert", "code"])
    assert len(totals) == sum(len(row) for row in PANEL.values())     # every assigned pair
    assert ("专家戊", CODES["A"]) not in totals.index                  # the conflicted pair is not assigned
    recused = totals.loc[("专家丁", CODES["B"])]
    assert recused.recused and not recused.complete and math.isnan(recused.total)
    blank = totals.loc[("专家戊", CODES["B"])]
    assert not blank.recused and not blank.complete and math.isnan(blank.total)
    assert totals.loc[("专家丁", CODES["A"]), "total"] == 86.5
    assert totals.loc[("专家甲", CODES["D"]), "vetoes"] == {"V1": "存在知识产权纠纷"}
    assert totals.vetoed.sum() == len(VETOES)


def test_declaration_statistics_match_hand_computed_ones(chair: Review, stored: dict) -> None:
    settings = ConsolidationSettings()
    stats = cons.declaration_stats(chair, settings).set_index("code")
    for letter, code in CODES.items():
        values = list(_totals(stored, letter).values())
        row = stats.loc[code]
        assert row.n == len(values)
        assert _close(row["mean"], statistics.mean(values))
        assert _close(row["median"], statistics.median(values))
        assert _close(row["std"], statistics.stdev(values))
        assert _close(row["range"], max(values) - min(values))
        assert _close(row.trimmed, _trimmed(values))
        assert _close(row.consolidated, _trimmed(values))
    assert stats.loc[CODES["C"], "trimmed"] == 80 and stats.loc[CODES["C"], "mean"] == 81
    assert stats.loc[CODES["A"], "trimmed"] == stats.loc[CODES["A"], "mean"] == 87.375   # n=4 < 5: no trimming
    assert stats.loc[CODES["B"], "n"] == 3 and stats.loc[CODES["B"], "recused"] == 1
    assert stats.loc[CODES["D"], "vetoed_by"] == 3 and stats.loc[CODES["D"], "vetoed"]
    assert stats.loc[CODES["A"], "vetoed_by"] == 2 and not stats.loc[CODES["A"], "vetoed"]      # half is not more than half
    assert stats.loc[CODES["B"], "vetoed_by"] == 0 and stats.loc[CODES["B"], "panel"] == 4    # the recused one's veto
    assert stats.loc[CODES["Q"], "vetoed_by"] == 1 and not stats.loc[CODES["Q"], "vetoed"]
    assert stats.loc[CODES["A"], "recommender"] == "浙江省" and stats.loc[CODES["A"], "direction"] == 1

    by_median = cons.declaration_stats(chair, ConsolidationSettings(method="median", trim_min_panel=3)).set_index("code")
    assert _close(by_median.loc[CODES["B"], "trimmed"], 80)          # n=3 ≥ 3: the middle one
    assert _close(by_median.loc[CODES["P"], "consolidated"], statistics.median(_totals(stored, "P").values()))


def test_ranks_share_places_on_ties_and_put_vetoed_ones_last(chair: Review) -> None:
    stats = cons.declaration_stats(chair, ConsolidationSettings()).set_index("code")
    rank = {letter: int(stats.loc[code, "rank"]) for letter, code in CODES.items()}
    # direction 1: A 87.375 · B 80 (mean of 3) = C 80 (trimmed) · E 64 · D 92 but vetoed
    assert (rank["A"], rank["B"], rank["C"], rank["E"], rank["D"]) == (1, 2, 2, 4, 5)
    assert stats.loc[CODES["B"], "tied"] and stats.loc[CODES["C"], "tied"] and not stats.loc[CODES["A"], "tied"]
    assert (rank["P"], rank["Q"]) == (1, 2)
    by_mean = cons.declaration_stats(chair, ConsolidationSettings(method="mean")).set_index("code")
    assert (by_mean.loc[CODES["C"], "rank"], by_mean.loc[CODES["B"], "rank"]) == (2, 3)   # 81 > 80
    assert not by_mean.loc[CODES["B"], "tied"]


@pytest.mark.parametrize("quota, proposed, at_cut", [
    (1, {"A"}, set()),
    (2, {"A", "B", "C"}, {"B", "C"}),     # B and C share the 2nd place: both in, flagged
    (3, {"A", "B", "C"}, set()),          # they fit: no tie at the cut
    (4, {"A", "B", "C", "E"}, set()),
    (9, {"A", "B", "C", "E"}, set()),     # D is vetoed: never proposed
])
def test_the_proposed_list_shows_ties_at_the_cut_and_leaves_out_vetoed_ones(
        chair: Review, quota: int, proposed: set[str], at_cut: set[str]) -> None:
    settings = ConsolidationSettings(proposed={1: quota, 2: 1})
    listed = cons.proposed_list(chair, settings)
    mine = listed[listed.direction == 1]
    assert set(mine.code) == {CODES[x] for x in proposed}
    assert set(mine[mine.tie_at_cut].code) == {CODES[x] for x in at_cut}
    assert list(listed[listed.direction == 2].code) == [CODES["P"]]
    stats = cons.declaration_stats(chair, settings)
    assert set(stats[stats.proposed].code) == set(listed.code)


def test_criterion_statistics_match_hand_computed_ones(chair: Review, stored: dict) -> None:
    stats = cons.criterion_stats(chair, ConsolidationSettings())
    assert len(stats) == sum(len(chair.rubric(1 if x in "ABCDE" else 2).criteria) for x in CODES)
    indexed = stats.set_index(["code", "criterion_id"])
    for letter, code in CODES.items():
        criteria = {cid for (lt, _), points in stored.items() if lt == letter for cid in points}
        for cid in criteria:
            values = [points[cid] for (lt, _), points in stored.items() if lt == letter and cid in points]
            row = indexed.loc[(code, cid)]
            assert row.n == len(values)
            assert _close(row["mean"], statistics.mean(values))
            assert _close(row["median"], statistics.median(values))
            assert _close(row["range"], max(values) - min(values))
            assert _close(row.trimmed, _trimmed(values)) and _close(row.consolidated, _trimmed(values))
            assert math.isnan(row["std"]) if len(values) < 2 else _close(row["std"], statistics.stdev(values))
    # the blank criterion of 专家戊 on B: one value fewer there than on the others
    last = chair.rubric(1).criteria[-1].id
    assert indexed.loc[(CODES["B"], last), "n"] == 3 and indexed.loc[(CODES["B"], "C1"), "n"] == 4


def test_z_scores_standardise_each_expert_over_their_own_totals(chair: Review, stored: dict) -> None:
    frame = cons.zscores(chair)
    for name in EXPERTS:
        mine = {letter: sum(points.values()) for (letter, n), points in stored.items()
                if n == name and not isinstance(PANEL[letter][n], tuple)}
        mean, sd = statistics.mean(mine.values()), statistics.stdev(mine.values())
        rows = frame[frame.expert == name].set_index("code")
        for letter, total in mine.items():
            assert rows.loc[CODES[letter], "total"] == total
            assert _close(rows.loc[CODES[letter], "z"], (total - mean) / sd)
    blank = frame[(frame.expert == "专家戊") & (frame.code == CODES["B"])]
    assert math.isnan(blank.z.iloc[0])


def test_kendalls_w_per_direction_over_the_complete_block(chair: Review, stored: dict) -> None:
    w = cons.kendall_w(chair)
    # direction 1: 专家丁 recused on B and 专家戊 was not assigned A, so the block is 甲 乙 丙 × A B C D E
    block = [[sum(stored[(x, name)].values()) for x in "ABCDE"] for name in ("专家甲", "专家乙", "专家丙")]
    assert any(len(set(row)) < len(row) for row in block)      # ties inside an expert's ranking
    assert _close(w[1], _kendall(block))
    block2 = [[sum(stored[(x, name)].values()) for x in "PQ"] for name in EXPERTS]
    assert _close(w[2], _kendall(block2))
    directions = {d.direction for d in chair.declarations()}
    assert set(w) == directions and all(w[d] is None for d in directions - {1, 2})   # no panel there


def test_deviations_are_flagged_and_resolved_with_a_note(chair: Review, stored: dict) -> None:
    experts, ids = _ids(chair)
    settings = ConsolidationSettings()

    def expected(threshold: float) -> set[tuple[str, str]]:
        found = set()
        for letter in CODES:
            totals = _totals(stored, letter)
            mean = statistics.mean(totals.values())
            found |= {(name, CODES[letter]) for name, t in totals.items() if abs((t - mean) / mean) > threshold}
        return found

    flagged = cons.deviations(chair, settings)
    assert {(r.expert, r.code) for r in flagged.itertuples()} == expected(0.30) == {("专家戊", CODES["P"])}
    row = flagged.iloc[0]
    p = _totals(stored, "P")
    assert _close(row.panel_mean, statistics.mean(p.values()))
    assert _close(row.deviation, (50 - statistics.mean(p.values())) / statistics.mean(p.values())) and row.deviation < -0.3
    assert row.resolution == "" and row.note == ""
    wider = cons.deviations(chair, ConsolidationSettings(deviation=0.15))
    assert {(r.expert, r.code) for r in wider.itertuples()} == expected(0.15) == {("专家戊", CODES["P"]), ("专家戊", CODES["C"])}

    with pytest.raises(ConsolidationError) as refused:
        cons.resolve_deviation(chair, experts["专家戊"], ids["P"], "confirmed", "  ")
    assert refused.value.code == "reason_required"
    with pytest.raises(ConsolidationError):
        cons.resolve_deviation(chair, experts["专家戊"], ids["P"], "ignored", "说明")
    assert cons.deviations(chair, settings).iloc[0].resolution == ""

    cons.resolve_deviation(chair, experts["专家戊"], ids["P"], "confirmed", "专家书面确认：商业模式不成立，维持原评分。")
    row = cons.deviations(chair, settings).iloc[0]
    assert (row.resolution, row.note) == ("confirmed", "专家书面确认：商业模式不成立，维持原评分。")
    cons.resolve_deviation(chair, experts["专家戊"], ids["P"], "corrected", "专家已更正并重新提交评分文件。")
    assert cons.deviations(chair, settings).iloc[0].resolution == "corrected"
    with Session(chair.engine) as s:
        audit = s.exec(select(AuditRow).where(AuditRow.action == "deviation_resolved")).all()
    assert [a.new_value for a in audit] == ["confirmed", "corrected"] and audit[1].old_value.startswith("confirmed")


def test_group_opinion_is_seeded_as_one_synthesis_and_stored(chair: Review) -> None:
    _, ids = _ids(chair)
    seed = cons.seed_group_opinion(chair, ids["C"])
    assert "\n" not in seed and "专家1" not in seed and "基础扎实" not in seed    # a paragraph, not the experts' opinions
    assert seed.startswith("经评审，5 位专家给出完整评分，综合得分 80.00 分。专家建议：推荐 5 位。")
    seed_b = cons.seed_group_opinion(chair, ids["B"])
    assert seed_b.startswith("经评审，3 位专家给出完整评分，综合得分 80.00 分。")   # 专家丁 recused
    seed_d = cons.seed_group_opinion(chair, ids["D"])
    assert "3 位专家提出否决项（V1 不具备独立法人资格）。" in seed_d        # the item named, not only counted
    assert cons.seed_group_opinion(chair, ids["D"], "en").startswith("5 experts gave complete scores; consolidated score 92.00.")

    assert cons.group_opinion(chair, ids["C"]) == ("", "")
    cons.set_group_opinion(chair, ids["C"], "专家组同意推荐。", dissent="专家戊：评分偏高，保留意见。")
    assert cons.group_opinion(chair, ids["C"]) == ("专家组同意推荐。", "专家戊：评分偏高，保留意见。")


def test_a_panel_with_nothing_merged_yet(template: tuple[Path, dict], tmp_path: Path) -> None:
    target = tmp_path / "empty.sqlite"
    shutil.copy(template[0], target)
    review = Review.open(target)
    try:
        with Session(review.engine) as s:
            for row in s.exec(select(ExpertScoreRow)):
                s.delete(row)
            for row in s.exec(select(ExpertAssessmentRow)):
                s.delete(row)
            s.commit()
        totals = cons.totals_frame(review)
        assert len(totals) == 34 and not totals.submitted.any() and not totals.complete.any()
        stats = cons.declaration_stats(review, ConsolidationSettings(proposed={1: 2}))
        assert (stats.n == 0).all() and stats["rank"].isna().all() and not stats.proposed.any()
        assert cons.deviations(review, ConsolidationSettings()).empty
        assert set(cons.kendall_w(review).values()) == {None}
        assert cons.proposed_list(review, ConsolidationSettings(proposed={1: 2})).empty
        assert cons.seed_group_opinion(review, _ids(review)[1]["A"]) == "尚无完整的专家评分，专家组意见待评分汇入后形成。"
    finally:
        review.close()


def test_the_figures_follow_every_change_to_the_database(chair: Review) -> None:
    """Figures are kept between calls; a change by another connection (a merge in a worker, another
    process) or through the review's own engine is seen at once."""
    experts, ids = _ids(chair)
    key = (experts["专家甲"], ids["P"], "C1")

    def mean_of_p() -> float:
        return float(cons.declaration_stats(chair, ConsolidationSettings()).set_index("code").loc[CODES["P"], "mean"])

    before = mean_of_p()
    assert mean_of_p() == before
    other = sqlite3.connect(chair.path)
    other.execute("UPDATE expert_score SET points = points - 5 "
                  "WHERE expert_id = ? AND declaration_id = ? AND criterion_id = ?", key)
    other.commit()
    other.close()
    assert _close(mean_of_p(), before - 1)                    # 5 points less from one of 5 experts
    with Session(chair.engine) as s:
        row = s.get(ExpertScoreRow, key)
        assert row is not None and row.points is not None
        row.points += 5
        s.add(row)
        s.commit()
    assert _close(mean_of_p(), before)
