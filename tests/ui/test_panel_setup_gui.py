"""The chair's panel set-up, the expert's offline sheet, the board's 标准分 and the merge off the GUI thread.

On real files: the demo batch imported into a chair's database, an expert list read from a CSV, work packages
written, experts' reviews opened from them, scored, exported, merged. The dialogs' answers are parameters
(paths, folders) or replaced ``warn``/``inform``/``show_summary`` callables.
"""

from __future__ import annotations

import csv
import shutil
import statistics
from pathlib import Path
from typing import Any, Iterator

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from reviewer.call import bundled_call
from reviewer.importing.forms import bundled_form_fields
from reviewer.importing.importer import import_batch
from reviewer.panel import consolidation as cons
from reviewer.panel.experts import add_experts, assign, assignments, conflicts, experts, read_expert_list
from reviewer.panel.packages import write_packages
from reviewer.review import Review
from reviewer.rubric import bundled_rubrics
from ui.package_actions import (
    MergeRun, export_scores, export_sheet, load_sheet, merge_files, merge_summary, open_work_package,
)

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "resources" / "demo" / "batch"
HEADER = ["姓名", "工作单位", "省份", "评审方向", "回避关系"]
LIST = [["张明", "某大学", "北京市", "1,2", ""],
        ["李华", "成都蜀绘动漫科技有限公司", "四川省", "1、2", ""],            # applicant of 四川省-01: 本单位申报
        ["王芳", "某研究院", "浙江省", "方向1、方向2", "湖州竹乡云游网络科技有限公司"]]  # declared: 浙江省-06
NAMES = [row[0] for row in LIST]


def _write_list(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([HEADER, *rows])
    return path


def _points(expert: int, position: int, maximum: float) -> float:
    return max(0.0, maximum - 0.5 * ((expert + 2 * position) % 5))


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A chair's database before the panel, and one with the panel whose experts' score files are exported."""
    root = tmp_path_factory.mktemp("panel_setup")
    bare = root / "bare.sqlite"
    import_batch(DEMO, bare, bundled_call(), bundled_rubrics(), bundled_form_fields())
    chair_path = root / "chair.sqlite"
    shutil.copy(bare, chair_path)
    chair = Review.open(chair_path)
    add_experts(chair, read_expert_list(_write_list(root / "experts.csv", LIST), bundled_call()))
    assign(chair, bundled_call())
    written = write_packages(chair, root / "packages", root / "passphrases")
    packages = {w.expert.name: w.path for w in written}
    phrases = {w.expert.name: w.passphrase for w in written}
    chair.close()
    totals: dict[tuple[str, str], float] = {}
    score_files, reviews = [], {}
    for i, name in enumerate(NAMES):
        database = open_work_package(packages[name], lambda _why, n=name: phrases[n],
                                     lambda _default, n=name: root / f"{n}.sqlite")
        assert database is not None
        reviews[name] = database
        review = Review.open(database)
        for position, d in enumerate(review.declarations()):
            criteria = review.rubric(d.direction).criteria
            for c in criteria:
                review.set_points(d.id, c.id, _points(i, position, c.max))
            totals[(d.code, name)] = sum(_points(i, position, c.max) for c in criteria)
        score_files.append(export_scores(review, root / name, allow_incomplete=True).path)
        review.close()
    return {"bare": bare, "chair": chair_path, "packages": packages, "phrases": phrases, "reviews": reviews,
            "score_files": score_files, "totals": totals, "root": root}


def _copy(source: Path, tmp_path: Path, name: str = "copy.sqlite") -> Review:
    target = tmp_path / name
    shutil.copy(source, target)
    return Review.open(target)


@pytest.fixture
def bare(world: dict[str, Any], tmp_path: Path) -> Iterator[Review]:
    review = _copy(world["bare"], tmp_path)
    yield review
    review.close()


@pytest.fixture
def setup_window(qtbot: QtBot, bare: Review) -> Iterator[Any]:
    from ui.panel_setup import ExpertsWindow

    window = ExpertsWindow(bare, bundled_call())
    qtbot.addWidget(window)
    window.said = []  # type: ignore[attr-defined]
    window.warn = lambda title, text: window.said.append(("warn", title, text))  # type: ignore[attr-defined]
    window.inform = lambda title, text: window.said.append(("inform", title, text))  # type: ignore[attr-defined]
    yield window


def _codes(review: Review, name: str) -> set[str]:
    expert = next(e for e in experts(review) if e.name == name)
    assert expert.id is not None
    return {d.code for d in assignments(review, expert.id)}


def _experts_shown(window: Any) -> dict[str, list[str]]:
    m = window.experts_model
    return {m.index(r, 0).data(): [m.index(r, c).data() for c in range(m.columnCount())] for r in range(m.rowCount())}


# --- 专家与分配 -------------------------------------------------------------------------------------

def test_an_expert_list_is_loaded_assigned_and_its_conflicts_shown(setup_window: Any, bare: Review, tmp_path: Path) -> None:
    assert setup_window.load_list(_write_list(tmp_path / "专家.csv", LIST))
    assert setup_window.said == []
    shown = _experts_shown(setup_window)
    assert set(shown) == set(NAMES)
    assert shown["李华"][1:4] == ["成都蜀绘动漫科技有限公司", "四川省", "1、2"]
    for name in NAMES:
        assert shown[name][4] == str(len(_codes(bare, name)))
    assert "四川省-01" not in _codes(bare, "李华") and "浙江省-06" not in _codes(bare, "王芳")
    assert _codes(bare, "张明") == {"浙江省-01", "四川省-01", "浙江省-06", "四川省-06"}
    wang = next(e.id for e in experts(bare) if e.name == "王芳")
    setup_window.select_expert(wang)
    assert setup_window.assigned_model.rowCount() == 3
    (code, basis, reason), = setup_window.conflict_lines()
    assert (code, basis) == ("浙江省-06", "专家声明") and "湖州竹乡云游网络科技有限公司" in reason
    li = next(e.id for e in experts(bare) if e.name == "李华")
    setup_window.select_expert(li)
    assert [line[:2] for line in setup_window.conflict_lines()] == [("四川省-01", "本单位申报")]


def test_a_bad_list_names_the_cell_and_stores_nothing(setup_window: Any, bare: Review, tmp_path: Path) -> None:
    bad = _write_list(tmp_path / "坏名单.csv", [LIST[0], ["赵强", "某公司", "江苏省", "方向99", ""]])
    assert not setup_window.load_list(bad)
    (kind, _title, text), = setup_window.said
    assert kind == "warn" and "D3" in text and "没有任何改动" in text
    assert experts(bare) == [] and setup_window.experts_model.rowCount() == 0


def test_the_province_rule_changes_the_assignments(setup_window: Any, bare: Review, tmp_path: Path) -> None:
    setup_window.load_list(_write_list(tmp_path / "专家.csv", LIST))
    before = _codes(bare, "王芳")
    assert before == {"浙江省-01", "四川省-01", "四川省-06"}
    setup_window.province.setChecked(True)
    assert _codes(bare, "王芳") == {"四川省-01", "四川省-06"} and _codes(bare, "李华") == {"浙江省-01", "浙江省-06"}
    wang = next(e.id for e in experts(bare) if e.name == "王芳")
    setup_window.select_expert(wang)
    lines = setup_window.conflict_lines()
    assert ("浙江省-01", "同省回避") in [line[:2] for line in lines]
    assert any("浙江省" in reason for _c, basis, reason in lines if basis == "同省回避")
    assert _experts_shown(setup_window)["王芳"][4] == "2"
    setup_window.province.setChecked(False)
    assert _codes(bare, "王芳") == before
    assert not any(c.source == "province" for c in conflicts(bare))


def test_packages_are_written_off_the_gui_thread(qtbot: QtBot, setup_window: Any, tmp_path: Path) -> None:
    setup_window.load_list(_write_list(tmp_path / "专家.csv", LIST))
    out, apart = tmp_path / "工作包", tmp_path / "口令"
    with qtbot.waitSignal(setup_window.packages_written, timeout=30000) as signal:
        setup_window.write_packages_to(out, apart)
    written = signal.args[0]
    assert sorted(w.expert.name for w in written) == sorted(NAMES)
    assert all(w.path.exists() and w.path.parent == out for w in written)
    with (apart / "口令清单.csv").open(encoding="utf-8-sig") as f:
        listed = f.read()
    assert all(name in listed for name in NAMES)
    (kind, _title, text), = setup_window.said
    assert kind == "inform" and str(out) in text and str(apart) in text and "分开" in text
    assert setup_window.progress is None


# --- the expert's offline sheet ---------------------------------------------------------------------

def _fill(path: Path, values: dict[tuple[str, str], Any]) -> None:
    from openpyxl import load_workbook

    book = load_workbook(path)
    for ws in book.worksheets[1:]:
        headings = {str(c.value).split("\n")[0]: c.column for c in ws[5] if c.value is not None}
        for r in range(6, ws.max_row + 1):
            for (code, key), value in values.items():
                if ws.cell(r, 1).value == code and key in headings:
                    ws.cell(r, headings[key]).value = value
    book.save(path)


@pytest.fixture
def expert_window(qtbot: QtBot, world: dict[str, Any], tmp_path: Path, settings: QSettings) -> Iterator[Any]:
    from ui.main_window import MainWindow

    review = _copy(world["reviews"]["张明"], tmp_path, "张明.sqlite")
    window = MainWindow(review, settings)
    qtbot.addWidget(window)
    yield window
    review.close()


def test_the_offline_sheet_goes_out_filled_and_comes_back(expert_window: Any, tmp_path: Path) -> None:
    review = expert_window.review
    assert expert_window.export_sheet_action.isEnabled() and expert_window.load_sheet_action.isEnabled()
    assert not expert_window.experts_action.isEnabled()
    sheet = export_sheet(review, tmp_path / "张明的评分表")
    assert sheet.suffix == ".xlsx" and sheet.exists()
    from openpyxl import load_workbook

    first = review.declarations()[0]
    c1 = review.rubric(first.direction).criteria[0]
    ws = load_workbook(sheet).worksheets[1]
    row = next(r for r in range(6, ws.max_row + 1) if ws.cell(r, 1).value == first.code)
    assert ws.cell(row, 4).value == review.sheet(first.id).points[c1.id]   # pre-filled with what is entered
    _fill(sheet, {(first.code, c1.id): 0.5, (first.code, "评审意见"): "离线填写的意见"})
    changes, problem = load_sheet(review, sheet)
    assert problem == "" and changes == 2
    assert review.sheet(first.id).points[c1.id] == 0.5 and review.sheet(first.id).opinion == "离线填写的意见"
    expert_window.select(first.id)
    expert_window.sheet_loaded()
    assert expert_window.model.summary(first.id).total == review.summary(first.id).total


def test_a_bad_sheet_names_the_cell_and_changes_nothing(expert_window: Any, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from ui.package_actions import ask_load_sheet

    review = expert_window.review
    sheet = export_sheet(review, tmp_path / "sheet.xlsx")
    first, second = review.declarations()[:2]
    c1, c2 = review.rubric(first.direction).criteria[:2]
    before = {d.id: review.sheet(d.id) for d in review.declarations()}
    _fill(sheet, {(first.code, c1.id): 1.0, (first.code, c2.id): 999, (second.code, c1.id): "很好"})
    changes, problem = load_sheet(review, sheet)
    assert changes is None and "!E6" in problem and "!D7" in problem and "999" in problem and "很好" in problem
    said: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *args, **kw: (str(sheet), "")))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text: said.append(text)))
    assert ask_load_sheet(expert_window, review, "zh", lambda _text: None) is None
    assert len(said) == 1 and "没有任何改动" in said[0] and "!E6" in said[0] and "!D7" in said[0]
    assert {d.id: review.sheet(d.id) for d in review.declarations()} == before


# --- the board: 原始分 / 标准分 ------------------------------------------------------------------------

@pytest.fixture
def merged(world: dict[str, Any], tmp_path: Path) -> Iterator[Review]:
    review = _copy(world["chair"], tmp_path, "merged.sqlite")
    assert {line.outcome for line in merge_files(review, world["score_files"])} == {"merged"}
    yield review
    review.close()


def test_the_board_shows_standardised_totals(qtbot: QtBot, merged: Review, world: dict[str, Any]) -> None:
    from ui.panel_board import PanelBoardWindow

    totals: dict[tuple[str, str], float] = world["totals"]
    expected: dict[tuple[str, str], float] = {}
    for name in NAMES:
        mine = {code: t for (code, n), t in totals.items() if n == name}
        mean, std = statistics.mean(mine.values()), statistics.stdev(mine.values())
        expected.update({(code, name): (t - mean) / std for code, t in mine.items()})
    window = PanelBoardWindow(merged)
    qtbot.addWidget(window)
    window.set_direction(1)
    model = window.board_model
    assert model.board is not None
    columns = {name: model.FIXED + i for i, (_e, name) in enumerate(model.board.experts)}
    codes = [model.index(r, 0).data() for r in range(model.rowCount())]
    raw = {(code, n): model.index(r, c).data() for r, code in enumerate(codes) for n, c in columns.items()}
    window.z_button.click()
    assert window.z_button.isChecked() and model.z is not None
    for r, code in enumerate(codes):
        for name, c in columns.items():
            if (code, name) in expected:
                assert model.index(r, c).data().rstrip(" ▲") == f"{expected[(code, name)]:+.2f}"
                assert f"{totals[(code, name)]:.1f}" in model.index(r, c).data(3)  # the raw total in the tooltip
            else:
                assert model.index(r, c).data() == ""  # a conflicted pair: never assigned
    window.set_direction(2)  # the view stays standardised across directions
    assert window.board_model.z is not None
    window.set_direction(1)
    window.raw_button.click()
    assert model.z is None
    assert {(code, n): model.index(r, c).data() for r, code in enumerate(codes) for n, c in columns.items()} == raw
    z = cons.zscores(merged)
    assert len(z) == len(expected)


# --- merge off the GUI thread ---------------------------------------------------------------------------

def test_merge_in_the_background_gives_the_same_summary(qtbot: QtBot, world: dict[str, Any], tmp_path: Path) -> None:
    from PySide6.QtWidgets import QWidget

    files = [*world["score_files"], world["score_files"][0], world["root"] / "experts.csv"]
    plain = _copy(world["chair"], tmp_path, "plain.sqlite")
    expected = merge_files(plain, files)
    plain.close()
    review = _copy(world["chair"], tmp_path, "background.sqlite")
    parent = QWidget()
    qtbot.addWidget(parent)
    shown: list[Any] = []
    run = MergeRun(parent, review, files, "zh", show_summary=shown.append)
    with qtbot.waitSignal(run.merged, timeout=30000) as signal:
        run.start()
    lines = signal.args[0]
    assert shown == [lines] and lines == expected
    assert [line.outcome for line in lines] == ["merged"] * 3 + ["unchanged", "refused"]
    assert merge_summary(lines) == merge_summary(expected) and merge_summary(lines)[0] is True
    assert "共 5 个文件，拒绝 1 个。" in merge_summary(lines)[1]
    assert run.dialog is None
    assert len(cons.totals_frame(review)) == len(world["totals"])
    review.close()
