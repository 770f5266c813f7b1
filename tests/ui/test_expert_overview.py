"""The expert's own overview and comparison, and what the scoring pane shows for recusal and vetoes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from reviewer.review import Review
from ui.main_window import MainWindow
from ui.overview import COL_RANK, COL_RECOMMENDATION, COL_TOTAL, ranked


def _score(review: Review, declaration_id: int, points: float, recommendation: str | None = "recommend") -> None:
    """Fill every criterion so that the total is ``points``-ish and the declaration is finished."""
    rubric = review.rubric(review.declaration(declaration_id).direction)
    left = points
    for criterion in rubric.criteria:
        given = min(criterion.max, left)
        review.set_points(declaration_id, criterion.id, given)
        left -= given
    review.set_opinion(declaration_id, "意见")
    review.set_recommendation(declaration_id, recommendation)


def _direction_ids(review: Review) -> list[int]:
    by_direction: dict[int, list[int]] = {}
    for d in review.declarations():
        by_direction.setdefault(d.direction, []).append(d.id)
    return next(ids for ids in by_direction.values() if len(ids) >= 2)


def test_ranking_is_by_the_experts_own_total_with_ties_and_unranked_last(review_path: Path) -> None:
    review = Review.open(review_path)
    a, b = _direction_ids(review)[:2]
    _score(review, a, 70)
    _score(review, b, 85, "undecided")
    groups = {no: rows for no, _name, rows in ranked(review.declarations())}
    rows = groups[review.summary(a).direction]
    assert [(rank, d.id) for rank, d in rows][:2] == [(1, b), (2, a)]
    veto = review.rubric(review.summary(b).direction).vetoes[0]
    review.set_veto(b, veto.id, "材料造假")
    review.set_recusal(a, True)
    rows = {no: r for no, _n, r in ranked(review.declarations())}[review.summary(a).direction]
    assert rows[-1][1].id == a and rows[-1][0] is None  # recused: last, no rank
    assert [d.id for rank, d in rows if rank is not None] == []  # vetoed: not ranked either
    review.close()


def test_equal_totals_share_a_rank(review_path: Path) -> None:
    review = Review.open(review_path)
    a, b = _direction_ids(review)[:2]
    _score(review, a, 80)
    _score(review, b, 80)
    rows = {no: r for no, _n, r in ranked(review.declarations())}[review.summary(a).direction]
    assert [rank for rank, _d in rows[:2]] == [1, 1]
    review.close()


def test_overview_window_shows_totals_and_recommendations_and_opens_a_declaration(
        opened: tuple[Review, MainWindow], qtbot: QtBot) -> None:
    review, window = opened
    a, b = _direction_ids(review)[:2]
    _score(review, a, 70)
    _score(review, b, 85, "undecided")
    window.reload_declarations()
    overview = window.show_overview()
    assert overview is not None and overview.windowTitle() == "我的评分概览"
    group = next(overview.tree.topLevelItem(i) for i in range(overview.tree.topLevelItemCount())
                 if overview.tree.topLevelItem(i).child(0).data(0, Qt.ItemDataRole.UserRole) == b)
    top = group.child(0)
    assert (top.text(COL_RANK), top.text(COL_TOTAL), top.text(COL_RECOMMENDATION)) == ("1", "85", "待议")
    assert group.child(1).text(COL_TOTAL) == "70" and group.child(1).text(COL_RECOMMENDATION) == "推荐"
    overview.tree.itemDoubleClicked.emit(group.child(1), 0)
    assert window.current_id == a
    top.setSelected(True)
    group.child(1).setSelected(True)
    assert overview.compare_button.isEnabled()
    overview.compare_button.click()
    compares = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.windowTitle() == "并排比较"]
    assert compares and {compares[0].left.current, compares[0].right.current} == {a, b}  # type: ignore[attr-defined]
    compares[0].close()
    overview.close()


def test_compare_shows_both_forms_and_score_sheets(opened: tuple[Review, MainWindow]) -> None:
    review, window = opened
    a, b = _direction_ids(review)[:2]
    _score(review, a, 70)
    window.select(a)
    compare = window.show_compare()
    assert compare is not None
    assert compare.left.current == a and compare.right.current == b  # type: ignore[attr-defined]
    left, right = compare.left, compare.right  # type: ignore[attr-defined]
    assert review.summary(a).project_name in left.documents.text.toPlainText()
    assert review.summary(b).project_name in right.documents.text.toPlainText()
    assert "总分 70 / 100" in left.scores.text() and "总分 0 / 100" in right.scores.text()
    right.chooser.setCurrentIndex(right.chooser.findData(a))
    assert right.current == a
    compare.close()


def test_a_recused_declaration_shows_no_total(opened: tuple[Review, MainWindow]) -> None:
    review, window = opened
    _score(review, window.current_id, 80)  # type: ignore[arg-type]
    window.select(window.visible_ids()[1])
    window.select(window.visible_ids()[0])
    assert window.scoring.total.text() == "总分 80 / 100"
    window.scoring.recused.click()
    assert "总分" not in window.scoring.total.text() and "80" not in window.scoring.total.text()
    window.scoring.recusal_reason.setPlainText("近三年曾在申报单位任职")
    assert window.model.index_of(window.current_id).siblingAtColumn(3).data() == ""  # type: ignore[arg-type]


def test_long_veto_and_recusal_reasons_are_kept_whole(opened: tuple[Review, MainWindow], qtbot: QtBot) -> None:
    review, window = opened
    did = window.current_id
    reason = "近三年曾在申报单位担任技术顾问，\n并参与了该项目可行性研究报告的编写；与项目负责人有合作关系。" * 2
    window.scoring.recused.click()
    event = QInputMethodEvent()
    event.setCommitString(reason)
    QApplication.sendEvent(window.scoring.recusal_reason, event)
    assert review.sheet(did).recusal_reason == reason  # type: ignore[arg-type]
    field = window.scoring.recusal_reason
    assert field.toPlainText() == reason and field.lineWrapMode() == field.LineWrapMode.WidgetWidth
    assert field.height() >= 3 * field.fontMetrics().lineSpacing()
    window.scoring.recused.click()
    veto_id = next(iter(window.scoring.veto_checks))
    window.scoring.veto_checks[veto_id].click()
    QApplication.sendEvent(window.scoring.veto_reasons[veto_id], event)
    assert review.sheet(did).vetoes[veto_id] == reason  # type: ignore[arg-type]
    window.select(window.visible_ids()[1])
    window.select(did)  # type: ignore[arg-type]
    assert window.scoring.veto_reasons[veto_id].toPlainText() == reason
