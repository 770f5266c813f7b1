"""The chair's windows (issue 11): the cockpit, the board at every stage, the resolution dialog, the assignment view.

The chair's databases come from ``tests/chair_world.py`` (the demo batch with two
broken forms, imported, experts assigned, merges stored per stage).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, Iterator

import pytest
from chair_world import BROKEN, DEMO, STAGES, chair_review, expert_names, store_scores
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from reviewer.call import bundled_call
from reviewer.formal_check import audit_log, statuses
from reviewer.formal_status import FormalStatus
from reviewer.review import Review
from ui.app import AppController
from ui.cockpit import CockpitWindow
from ui.panel_board import PanelBoardWindow
from ui.panel_setup import EXPERT_ID_ROLE, ExpertsWindow


@pytest.fixture(scope="module")
def bases(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    root = tmp_path_factory.mktemp("chair-gui")
    return {n: chair_review(root, n, "nothing") for n in (3, 7, 25)}


def _copy(bases: dict[int, Path], tmp_path: Path, n: int, stage: str) -> Review:
    target = tmp_path / f"chair-{n}-{stage}.sqlite"
    shutil.copy(bases[n], target)
    review = Review.open(target)
    store_scores(review, stage)
    return review


@pytest.fixture
def chair(bases: dict[int, Path], tmp_path: Path) -> Iterator[Review]:
    review = _copy(bases, tmp_path, 7, "partial")
    yield review
    review.close()


def test_a_chairs_review_opens_the_cockpit_not_the_scoring_sheet(qtbot: QtBot, chair: Review, settings: QSettings) -> None:
    path = chair.path
    chair.close()
    controller = AppController(QApplication.instance(), settings, "zh")  # type: ignore[arg-type]
    assert controller.open(path)
    window = controller.window
    qtbot.addWidget(window)
    assert isinstance(window, CockpitWindow)
    assert window.step_texts() == ["2 项形式审查待处理", "4 位专家尚未交回评分文件", "1 位专家的评分尚未完成",
                                   "尚未指定组长", "10 个方向尚未设定拟支持项目数"]
    model = window.experts_model
    assert model.rowCount() == 7
    assert [model.index(0, c).data() for c in (0, 2, 5)] == [expert_names(7)[0], "18", "18 / 18"]
    assert model.index(6, 4).data() == "未交回"
    declarations = window.declarations_model
    shown = {declarations.index(r, 0).data(): declarations.index(r, 3).data() for r in range(declarations.rowCount())}
    assert len(shown) == 20 and {shown[code] for code in BROKEN} == {"待处理"}
    controller.set_language("en")
    qtbot.addWidget(controller.window)
    assert isinstance(controller.window, CockpitWindow)
    assert controller.window.step_texts()[0] == "2 formal-check findings to resolve"
    assert [a.text() for a in controller.window.menuBar().actions()][:2] == ["&File", "&Review"]
    controller.window.close()
    assert controller.review is not None
    controller.review.close()


def test_the_next_steps_open_the_chairs_jobs(qtbot: QtBot, chair: Review) -> None:
    window = CockpitWindow(chair, None, "zh")
    qtbot.addWidget(window)
    buttons = [b.text() for b in window.next_box.findChildren(QPushButton)]
    assert buttons[0] == "形式审查…"
    formal = window.open_job("formal")
    experts = window.open_job("experts")
    board = window.open_job("board")
    assert type(formal).__name__ == "FormalCheckWindow" and type(experts).__name__ == "ExpertsWindow"
    assert isinstance(board, PanelBoardWindow)
    assert window.open_job("formal") is formal            # one of each
    assert formal.apply_resolution(_id(chair, BROKEN[0]), "accepted", "原件已核对") is None  # type: ignore[union-attr]
    window.refresh()
    assert window.step_texts()[0] == "1 项形式审查待处理"
    for w in (formal, experts, board):
        w.close()  # type: ignore[union-attr]


def _id(review: Review, code: str) -> int:
    return next(d.id for d in review.declarations(include_unselected=True) if d.code == code)


@pytest.mark.parametrize("n", [3, 7, 25])
@pytest.mark.parametrize("stage", STAGES)
def test_the_board_opens_at_every_stage_and_says_what_is_missing(qtbot: QtBot, bases: dict[int, Path], tmp_path: Path,
                                                                  n: int, stage: str) -> None:
    review = _copy(bases, tmp_path, n, stage)
    try:
        board = PanelBoardWindow(review, "zh")
        qtbot.addWidget(board)
        board.set_direction(1)
        rows = board.board_model.board.rows  # type: ignore[union-attr]
        pending = next(r for r in rows if r.code == BROKEN[0])
        assert pending.rank is None and not pending.proposed and pending.formal == "pending"
        flags = board.board_model.index(rows.index(pending), board.board_model.columnCount() - 1).data()
        assert "形式审查待处理" in flags
        assert board.missing.text() == {"nothing": "尚无专家交回评分文件：合并评分文件后这里显示各位专家的评分。"}.get(
            stage, board.missing.text())
        if stage == "recused":
            zhejiang = next(r for r in rows if r.code == "浙江省-01")
            assert zhejiang.n == 0 and zhejiang.rank is None
        if stage == "vetoed":
            assert all(r.vetoed for r in rows if r.formal != "pending")
        for direction in board.snapshot.directions():  # type: ignore[union-attr]
            board.set_direction(direction)
        board.tabs.setCurrentIndex(1)
        board.close()
    finally:
        review.close()


def test_the_resolution_dialog_collects_each_kind_of_decision(qtbot: QtBot, chair: Review, tmp_path: Path) -> None:
    from ui.formal_check_view import FormalCheckWindow
    from ui.formal_resolution import ResolutionDialog

    window = FormalCheckWindow(chair, bundled_call(), "zh")
    qtbot.addWidget(window)
    model = window.declarations_model
    row = next(r for r in range(model.rowCount()) if model.declaration(r).code == BROKEN[1])
    declaration = model.declaration(row)
    assert model.index(row, model.columnCount() - 1).data() == "待处理"
    dialog = ResolutionDialog(declaration, "pending", ["文件无法读取"], bundled_call(), window)
    qtbot.addWidget(dialog)
    assert not dialog.ok_button.isEnabled()
    dialog.set_choice("corrected", "按营业执照更正", field="credit_code", value="91350100M000100Y4Z")
    assert dialog.ok_button.isEnabled()
    choice = dialog.choice()
    assert choice == {"kind": "corrected", "reason": "按营业执照更正", "field": "credit_code", "value": "91350100M000100Y4Z"}
    problem = window.apply_resolution(declaration.id, **choice)
    assert problem is not None and "更正无效" in problem
    dialog.set_choice("supplemented", "补交", document=str(tmp_path / "none.docx"))
    assert window.apply_resolution(declaration.id, **dialog.choice()) is not None
    good = next((DEMO / "03_四川省" / "申报书").glob("02_*.docx"))
    dialog.set_choice("supplemented", "推荐单位补交 .docx 版本", document=str(good))
    assert window.apply_resolution(declaration.id, **dialog.choice()) is None
    assert model.index(row, model.columnCount() - 1).data() == "已补充材料"
    assert statuses(chair)[declaration.id] == FormalStatus.SUPPLEMENTED
    audit = window.audit_model
    assert audit.index(audit.rowCount() - 1, 1).data() == "形式审查：补充材料"
    dialog.set_choice("corrected", "汇总表方向有误", field="direction", value="10")
    assert dialog.choice()["value"] == "10"
    dialog.set_choice("excluded", "推荐单位撤回")
    assert window.apply_resolution(declaration.id, **dialog.choice()) is None
    assert audit_log(chair)[-1].action == "formal_excluded"


def test_the_assignment_view_balances_moves_and_names_the_leader(qtbot: QtBot, chair: Review,
                                                                   message_boxes: list[str]) -> None:
    window = ExpertsWindow(chair, bundled_call(), "zh")
    qtbot.addWidget(window)
    window.warn = lambda title, text: message_boxes.append(text)  # type: ignore[assignment]
    assert window.set_per_declaration(2)
    counts = [int(window.experts_model.index(r, 4).data()) for r in range(7)]
    assert sum(counts) == 36 and max(counts) - min(counts) <= 1
    assert window.per_declaration.value() == 2
    names = expert_names(7)
    window.select_expert(1)
    code = window.assigned_codes()[0]
    problem = window.move_assignment(code, names[0], names[1], "")
    assert problem is not None and "理由" in problem
    refused = [n for n in names[1:] if code in _codes_of(window, n)]
    if refused:
        assert "已分配" in (window.move_assignment(code, names[0], refused[0], "调整") or "")
    free = next(n for n in names[1:] if code not in _codes_of(window, n))
    assert window.move_assignment(code, names[0], free, "工作量调整") is None
    window.select_expert(1)
    assert code not in window.assigned_codes()
    assert window.set_leader(names[3])
    assert window.leader.currentText() == names[3]
    assert "组长" not in " ".join(CockpitWindow(chair, None, "zh").step_texts())


def _codes_of(window: Any, name: str) -> list[str]:
    for r in range(window.experts_model.rowCount()):
        if window.experts_model.index(r, 0).data() == name:
            window.select_expert(window.experts_model.index(r, 0).data(EXPERT_ID_ROLE))
            return window.assigned_codes()
    return []


def test_a_declaration_whose_direction_the_table_got_wrong_is_listed_and_can_be_corrected(qtbot: QtBot,
                                                                                           tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from reviewer.formal_check import correct
    from reviewer.importing.forms import bundled_form_fields
    from reviewer.importing.importer import import_batch
    from reviewer.rubric import bundled_rubrics
    from ui.formal_check_view import FormalCheckWindow

    batch = tmp_path / "batch"
    shutil.copytree(DEMO, batch)
    table = batch / "02_宁波市" / "推荐项目汇总表.xlsx"
    book = load_workbook(table)
    book.active["E5"] = "11.智慧城市服务"          # 宁波市-03: a direction the call does not have
    book.save(table)
    db = tmp_path / "chair.sqlite"
    import_batch(batch, db, bundled_call(), bundled_rubrics(), bundled_form_fields())
    review = Review.open(db)
    try:
        window = FormalCheckWindow(review, bundled_call(), "zh")
        qtbot.addWidget(window)
        model = window.declarations_model
        row = next(r for r in range(model.rowCount()) if model.declaration(r).code == "宁波市-03")
        assert [model.index(row, c).data() for c in (2, 6)] == ["?", "待处理"]
        assert window.tabs.tabText(2) == "申报项目 (20)"
        declaration_id = model.declaration(row).id
        correct(review, bundled_call(), declaration_id, "direction", "在线教育服务", "以申报书所填方向为准")
        window.reload()
        assert [model.index(row, c).data() for c in (0, 2, 6)] == ["✓ 入选", "4", "已更正"]
        assert statuses(review)[declaration_id] == FormalStatus.CORRECTED
    finally:
        review.close()


def test_the_cockpit_lists_a_declaration_without_a_direction_as_pending(qtbot: QtBot, bases: dict[int, Path],
                                                                        tmp_path: Path) -> None:
    review = _copy(bases, tmp_path, 3, "nothing")
    try:
        with review.engine.begin() as connection:   # what the import stores for an unrecognised direction
            connection.exec_driver_sql("UPDATE declaration SET direction = 0, selected = 0 WHERE code = '四川省-01'")
        window = CockpitWindow(review, None, "zh")
        qtbot.addWidget(window)
        assert window.step_texts()[0] == "2 项形式审查待处理"
        model = window.declarations_model
        row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "四川省-01")
        assert [model.index(row, c).data() for c in (1, 3)] == ["?", "待处理（未入选）"]
    finally:
        review.close()


def test_the_board_in_english_drafts_the_opinion_and_draws_the_charts_in_english(qtbot: QtBot, bases: dict[int, Path],
                                                                                 tmp_path: Path) -> None:
    from ui import i18n

    review = _copy(bases, tmp_path, 3, "all")
    try:
        i18n.install(QApplication.instance(), "en")  # type: ignore[arg-type]
        board = PanelBoardWindow(review, "en")
        qtbot.addWidget(board)
        board.show()
        qtbot.waitUntil(lambda: board.detail is not None)
        assert " experts gave complete scores; consolidated score " in board.group_opinion.toPlainText()
        assert board.board_model.headerData(board.board_model.columnCount() - 1, Qt.Orientation.Horizontal) == "Flags"
        board.tabs.setCurrentIndex(2)
        assert all(not label.pixmap().isNull() for label in board.chart_labels)
        board.close()
    finally:
        review.close()


@pytest.mark.parametrize("stage", ["nothing", "partial"])
def test_the_boards_state_words_and_flags_are_never_cut_in_english(qtbot: QtBot, bases: dict[int, Path],
                                                                   tmp_path: Path, stage: str) -> None:
    """“not returned”, “unfinished” and “Formal check: Pending, not ranked” are read whole (they were elided to
    “not retur…” and “Formal check: Pen…” at 1366 wide)."""
    from ui import i18n

    review = _copy(bases, tmp_path, 7, stage)
    try:
        i18n.install(QApplication.instance(), "en")  # type: ignore[arg-type]
        board = PanelBoardWindow(review, "en")
        qtbot.addWidget(board)
        board.resize(1366, 740)
        board.show()
        qtbot.waitUntil(lambda: board.detail is not None)
        model, table = board.board_model, board.table
        metrics = table.fontMetrics()
        words = set()
        for row in range(model.rowCount()):
            for column in range(2, model.columnCount()):
                text = model.index(row, column).data()
                if isinstance(text, str) and text and not text[0].isdigit():
                    words.add(text)
                    assert metrics.horizontalAdvance(text) < table.columnWidth(column), (text, column)
        assert {"not returned", "Formal check: Pending, not ranked"} <= words
        board.close()
    finally:
        i18n.install(QApplication.instance(), "zh")  # type: ignore[arg-type]
        review.close()
