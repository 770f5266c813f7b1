"""The panel in the GUI: an expert opens a package and exports scores, the chair merges them and reads the board.

Everything runs on real files: the demo batch imported into a chair's database,
experts registered and assigned by the core, their packages written, each
expert's review opened through the GUI's open-package path with the passphrase
answered in code, scored, exported and merged through the GUI's functions.
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path
from typing import Iterator

import pytest

from reviewer.call import bundled_call
from reviewer.importing.forms import bundled_form_fields
from reviewer.importing.importer import import_batch
from reviewer.panel import consolidation as cons
from reviewer.panel.envelope import EnvelopeError
from reviewer.panel.experts import ExpertEntry, add_experts, assign
from reviewer.panel.packages import write_packages
from reviewer.review import Review
from reviewer.rubric import bundled_rubrics
from ui.package_actions import export_scores, merge_files, open_work_package
from ui.panel_models import BoardModel, CriteriaModel, OpinionsModel, PanelSnapshot, ProposedModel

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "resources" / "demo" / "batch"
NAMES = ("专家甲", "专家乙", "专家丙")


def _points(expert: int, position: int, maximum: float) -> float:
    """专家甲 full marks; 专家乙 a little less; 专家丙 half marks on the first declaration (a deviation)."""
    if expert == 0:
        return maximum
    if expert == 1:
        return max(0.0, maximum - (0.5 if position % 2 == 0 else 1.0))
    return math.floor(maximum) / 2 // 0.5 * 0.5 if position == 0 else max(0.0, maximum - 1.5)


@pytest.fixture(scope="module")
def panel(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The chair's database with three experts' score files merged through the GUI's functions."""
    root = tmp_path_factory.mktemp("panel_gui")
    chair_path = root / "chair.sqlite"
    import_batch(DEMO, chair_path, bundled_call(), bundled_rubrics(), bundled_form_fields())
    chair = Review.open(chair_path)
    add_experts(chair, [ExpertEntry(name, "某大学", "", "北京市", (1, 2), ()) for name in NAMES])
    assign(chair, bundled_call())
    written = write_packages(chair, root / "packages", root / "passphrases")
    packages = {w.expert.name: w.path for w in written}
    phrases = {w.expert.name: w.passphrase for w in written}
    expected: dict[tuple[str, str], float] = {}
    score_files = []
    for i, name in enumerate(NAMES):
        database = open_work_package(packages[name], lambda _why, n=name: phrases[n], lambda _default, n=name: root / f"{n}.sqlite")
        assert database is not None
        review = Review.open(database)
        for position, d in enumerate(review.declarations()):
            for c in review.rubric(d.direction).criteria:
                review.set_points(d.id, c.id, _points(i, position, c.max))
            expected[(d.code, name)] = sum(_points(i, position, c.max) for c in review.rubric(d.direction).criteria)
            review.set_opinion(d.id, f"{name}认为{d.code}基础扎实")
            review.set_recommendation(d.id, "recommend")
        score_files.append(export_scores(review, root / f"{name}").path)
        review.close()
    lines = merge_files(chair, score_files)
    assert [line.outcome for line in lines] == ["merged"] * 3
    assert [line.outcome for line in merge_files(chair, score_files[:1])] == ["unchanged"]
    chair.close()
    return {"chair": chair_path, "expected": expected, "packages": packages, "phrases": phrases, "root": root}


@pytest.fixture
def chair(panel: dict[str, object], tmp_path: Path) -> Iterator[Review]:
    target = tmp_path / "chair.sqlite"
    shutil.copy(panel["chair"], target)  # type: ignore[arg-type]
    review = Review.open(target)
    yield review
    review.close()


def _board(review: Review, direction: int = 1) -> BoardModel:
    model = BoardModel()
    model.reset(PanelSnapshot(review, cons.load_settings(review)).board(direction))
    return model


def _column(model: BoardModel, title: str) -> int:
    return next(c for c in range(model.columnCount()) if model.headerData(c, _horizontal()) == title)


def _horizontal() -> object:
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal


def test_the_board_shows_each_experts_total_the_consolidated_score_and_the_rank(qapp: object, chair: Review,
                                                                               panel: dict[str, object]) -> None:
    expected: dict[tuple[str, str], float] = panel["expected"]  # type: ignore[assignment]
    model = _board(chair)
    codes = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert codes and all((code, "专家甲") in expected for code in codes)
    means = {code: sum(expected[(code, n)] for n in NAMES) / 3 for code in codes}  # 3 < 5 experts: the plain mean
    ranked = sorted(codes, key=lambda c: -means[c])
    for row, code in enumerate(codes):
        for name in NAMES:
            assert model.index(row, _column(model, name)).data().rstrip(" ▲") == f"{expected[(code, name)]:.1f}"
        assert model.index(row, _column(model, "综合得分")).data() == f"{means[code]:.2f}"
        assert model.index(row, _column(model, "排名")).data() == str(ranked.index(code) + 1)
        assert model.index(row, _column(model, "n")).data() == "3"
    first = codes.index(next(c for c in codes if expected[(c, "专家丙")] < 0.7 * means[c]))
    assert model.index(first, _column(model, "专家丙")).data().endswith("▲")       # flagged, unresolved
    assert "偏离待处理 1" in model.index(first, _column(model, "标记")).data()


def test_the_detail_shows_every_experts_criterion_scores_and_opinion(qapp: object, chair: Review) -> None:
    settings = cons.load_settings(chair)
    snapshot = PanelSnapshot(chair, settings)
    board = snapshot.board(1)
    detail = snapshot.detail(board, board.rows[0].declaration_id)
    criteria, opinions = CriteriaModel(), OpinionsModel()
    criteria.reset(detail)
    opinions.reset(detail)
    rubric = chair.rubric(1)
    assert criteria.rowCount() == len(rubric.criteria)
    scores = cons.scores_frame(chair)
    for name in NAMES:
        column = next(c for c in range(criteria.columnCount()) if criteria.headerData(c, _horizontal()) == name)
        mine = scores[(scores["expert"] == name) & (scores["declaration_id"] == board.rows[0].declaration_id)]
        by_criterion = dict(zip(mine["criterion_id"], mine["points"]))
        for row, c in enumerate(rubric.criteria):
            assert criteria.index(row, column).data() == f"{by_criterion[c.id]:g}"
    assert {opinions.index(r, 0).data() for r in range(opinions.rowCount())} == set(NAMES)
    assert any("专家丙认为" in opinions.index(r, 4).data() for r in range(opinions.rowCount()))
    assert opinions.index(0, 2).data() == "推荐"


def test_a_deviation_needs_a_note_and_is_then_recorded(qtbot: object, chair: Review) -> None:
    from ui.panel_board import PanelBoardWindow

    window = PanelBoardWindow(chair)
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    flagged = cons.deviations(chair, window.settings)
    assert len(flagged)
    expert_id, declaration_id = int(flagged["expert_id"][0]), int(flagged["declaration_id"][0])
    window.set_direction(int(flagged["direction"][0]))
    refusal = window.resolve(expert_id, declaration_id, "confirmed", "  ")
    assert refusal is not None and refusal.endswith("偏离说明 / the deviation note必须填写理由。")
    assert cons.deviations(chair, window.settings)["resolution"][0] == ""
    assert window.resolve(expert_id, declaration_id, "confirmed", "专家书面确认：打分无误") is None
    after = cons.deviations(chair, window.settings)
    assert (after["resolution"][0], after["note"][0]) == ("confirmed", "专家书面确认：打分无误")
    model = window.board_model
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data(model_id_role()) == declaration_id)
    assert not any(model.index(row, c).data().endswith("▲") for c in range(2, 2 + len(NAMES)))


def model_id_role() -> int:
    from ui.panel_models import ID_ROLE

    return ID_ROLE


def test_the_group_opinion_is_seeded_then_saved_as_typed(qtbot: object, chair: Review) -> None:
    from ui.panel_board import PanelBoardWindow

    window = PanelBoardWindow(chair)
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    declaration_id = window.board_model.board.rows[1].declaration_id  # type: ignore[union-attr]
    window.select_declaration(declaration_id)
    assert window.group_opinion.toPlainText() == cons.seed_group_opinion(chair, declaration_id)  # the synthesis the documents print
    assert "位专家给出完整评分" in window.group_opinion.toPlainText()
    assert cons.group_opinion(chair, declaration_id) == ("", "")     # not stored until the chair edits
    window.group_opinion.setPlainText("专家组同意推荐。")
    window.dissent.setText("专家丙：创新性不足")
    window.save_group_opinion()
    assert cons.group_opinion(chair, declaration_id) == ("专家组同意推荐。", "专家丙：创新性不足")
    window.group_opinion.setPlainText("专家组同意推荐，建议支持。")
    window.select_declaration(window.board_model.board.rows[0].declaration_id)  # type: ignore[union-attr]
    assert cons.group_opinion(chair, declaration_id)[0] == "专家组同意推荐，建议支持。"  # flushed on leaving


def test_the_proposed_list_follows_the_number_set_on_the_board(qtbot: object, chair: Review) -> None:
    from dataclasses import replace

    from ui.panel_board import PanelBoardWindow

    window = PanelBoardWindow(chair)
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    window.set_direction(1)
    window.tabs.setCurrentIndex(1)  # 拟支持 is computed when its tab is shown
    window.apply_settings(replace(window.settings, proposed={1: 1}))
    assert cons.load_settings(chair).proposed == {1: 1}
    model: ProposedModel = window.proposed_model
    assert model.rowCount() == 1 and model.index(0, 0).data() == "1" and model.index(0, 6).data() == "拟支持"
    top = window.board_model.board.rows[0]  # type: ignore[union-attr]
    assert model.index(0, 1).data() == top.code and top.proposed


def test_a_wrong_passphrase_gives_the_message_asks_again_and_creates_nothing(qapp: object, panel: dict[str, object],
                                                                             tmp_path: Path) -> None:
    package = panel["packages"]["专家甲"]  # type: ignore[index]
    asked: list[str] = []
    answers = iter(["WRONG-PASS", None])
    target = tmp_path / "expert.sqlite"
    result = open_work_package(package, lambda why: asked.append(why) or next(answers), lambda _d: target)
    assert result is None and not target.exists() and list(tmp_path.iterdir()) == []
    assert asked == ["", EnvelopeError("envelope_passphrase", package).message("zh")]
    answers = iter(["WRONG-PASS", panel["phrases"]["专家甲"]])  # type: ignore[index]
    assert open_work_package(package, lambda _why: next(answers), lambda _d: target) == target  # still usable
    assert Review.open(target).info().role == "expert"  # type: ignore[union-attr]


def test_starting_with_a_package_opens_it_as_the_experts_review(qtbot: object, panel: dict[str, object], tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """`reviewer gui X.rvpkg` (a file association): the open-package questions, then the expert's review."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    import ui.package_actions as actions
    from ui.app import AppController

    target = tmp_path / "mine.sqlite"
    monkeypatch.setattr(actions, "passphrase_dialog", lambda _parent, _package: lambda _why: panel["phrases"]["专家乙"])  # type: ignore[index]
    monkeypatch.setattr(actions, "database_dialog", lambda _parent: lambda _default: target)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    controller = AppController(QApplication.instance(), settings, "zh")  # type: ignore[arg-type]
    controller.start(panel["packages"]["专家乙"])  # type: ignore[index]
    qtbot.waitUntil(lambda: controller.review is not None, timeout=20000)  # type: ignore[attr-defined]
    window = controller.window
    assert window is not None and window.review is not None
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    assert controller.review.path == target and controller.review.info().role == "expert"  # type: ignore[union-attr]
    assert window.export_action.isEnabled() and not window.board_action.isEnabled()
    window.close()
    controller.review.close()  # type: ignore[union-attr]


def test_the_chairs_window_offers_the_merge_and_the_board(qtbot: object, chair: Review, settings: object) -> None:
    from ui.main_window import MainWindow
    from ui.panel_board import PanelBoardWindow

    window = MainWindow(chair, settings)  # type: ignore[arg-type]
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    assert window.board_action.isEnabled() and window.merge_action.isEnabled() and not window.export_action.isEnabled()
    window.board_action.trigger()
    assert isinstance(window.panel_board, PanelBoardWindow) and window.panel_board.isVisible()
    assert window.panel_board.board_model.rowCount() > 0
    window.panel_board.close()


def test_export_documents_from_the_window_asks_before_overwriting(qtbot, chair: Review, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from docx import Document
    from PySide6.QtWidgets import QWidget

    from reviewer.panel.consolidation import declaration_stats, load_settings
    from ui.export_action import export_to

    parent = QWidget()
    qtbot.addWidget(parent)
    out = tmp_path / "out"
    run = export_to(parent, chair, out, "zh", overwrite=lambda existing: False)
    assert run is not None
    with qtbot.waitSignal(run.finished, timeout=120000) as done:
        pass
    written = done.args[0]
    names = {p.name for p in written}
    assert "评审汇总表.docx" in names and "评审数据.xlsx" in names and "形式审查报告.docx" in names
    stats = declaration_stats(chair, load_settings(chair)).set_index("code")
    code = stats.index[0]
    opinion = next(p for p in written if p.name.startswith(f"{code}_"))
    text = "\n".join(p.text for p in Document(opinion).paragraphs) + "\n".join(
        c.text for t in Document(opinion).tables for r in t.rows for c in r.cells)
    assert stats.loc[code, "project_name"] in text
    before = {p: p.stat().st_mtime_ns for p in written}
    asked: list[int] = []
    assert export_to(parent, chair, out, "zh", overwrite=lambda existing: asked.append(len(existing)) or False) is None
    assert asked == [len(written)] and {p: p.stat().st_mtime_ns for p in written} == before
    again = export_to(parent, chair, out, "zh", overwrite=lambda existing: True)
    assert again is not None
    with qtbot.waitSignal(again.finished, timeout=120000):
        pass
    assert all(p.stat().st_mtime_ns >= before[p] for p in written)


def test_the_board_shows_the_charts_of_the_documents(qtbot, chair: Review) -> None:  # type: ignore[no-untyped-def]
    from ui.panel_board import PanelBoardWindow

    board = PanelBoardWindow(chair)
    qtbot.addWidget(board)
    board.show()
    assert all(label.pixmap().isNull() for label in board.chart_labels)  # drawn only when looked at
    board.tabs.setCurrentIndex(2)
    assert board.tabs.tabText(2) == "图表"
    sizes = [label.pixmap().size() for label in board.chart_labels]
    assert all(size.width() > 600 and size.height() > 200 for size in sizes)


# --- integrity: passphrases, handing in, the merge report --------------------------------------------

def test_the_passphrase_dialog_shows_on_request_and_ignores_case_spaces_and_dashes(
        qtbot: object, panel: dict[str, object], tmp_path: Path) -> None:
    from PySide6.QtWidgets import QLineEdit

    from ui.package_dialog import PassphraseDialog

    package = panel["packages"]["专家乙"]  # type: ignore[index]
    dialog = PassphraseDialog(None, package, "口令不正确")
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    assert dialog.field.echoMode() == QLineEdit.EchoMode.Password and dialog.problem.text() == "口令不正确"
    dialog.show_box.setChecked(True)
    assert dialog.field.echoMode() == QLineEdit.EchoMode.Normal
    dialog.show_box.setChecked(False)
    assert dialog.field.echoMode() == QLineEdit.EchoMode.Password
    typed = " " + panel["phrases"]["专家乙"].replace("-", " ").lower() + " "  # type: ignore[index]
    dialog.field.setText(typed)
    target = tmp_path / "mine.sqlite"
    assert open_work_package(package, lambda _why: dialog.passphrase(), lambda _d: target) == target


def test_the_packages_dialog_will_not_put_passphrases_beside_the_packages(qtbot: object, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    from ui.package_dialog import PackagesDialog

    dialog = PackagesDialog(None, tmp_path)
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled() and "两个文件夹" in dialog.problem.text()
    for inside in (dialog.packages.text(), dialog.packages.text() + "/口令", str(tmp_path)):
        dialog.passphrases.setText(inside)
        assert not ok.isEnabled() and "不能" in dialog.problem.text()
    dialog.passphrases.setText(str(tmp_path / "口令"))
    assert ok.isEnabled() and dialog.problem.text() == ""
    chosen = dialog.folders()
    assert (chosen.packages, chosen.passphrases, chosen.slips) == (tmp_path / "工作包", tmp_path / "口令", True)


def test_handing_in_lists_the_unfinished_then_shows_where_the_file_went(qtbot: object, panel: dict[str, object],
                                                                       tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import hashlib

    from PySide6.QtWidgets import QWidget

    from ui.package_actions import ask_export, default_score_file
    from ui.package_dialog import HandedInDialog

    documents = tmp_path / "home" / "Documents"
    documents.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    package = panel["packages"]["专家丙"]  # type: ignore[index]
    database = open_work_package(package, lambda _why: panel["phrases"]["专家丙"], lambda _d: tmp_path / "c.sqlite")  # type: ignore[index]
    review = Review.open(database)  # type: ignore[arg-type]
    parent = QWidget()
    qtbot.addWidget(parent)  # type: ignore[attr-defined]
    try:
        first = review.declarations()[0]
        for c in review.rubric(first.direction).criteria:
            review.set_points(first.id, c.id, 1.0)
        review.set_opinion(first.id, "基础扎实")
        assert default_score_file(review).parent == documents
        listed: list[list[str]] = []
        said: list[str] = []
        no = ask_export(parent, review, "zh", said.append, confirm=lambda _p, ds: listed.append([d.code for d in ds]) or False)
        assert no is None and said == [] and not list(documents.iterdir())
        assert listed == [[d.code for d in review.declarations()[1:]]]  # every one but the finished first
        shown: list[object] = []
        exported = ask_export(parent, review, "zh", said.append, confirm=lambda _p, _ds: True,
                              choose=lambda _p, default: default, show=lambda _p, e: shown.append(e))
        assert exported is not None and exported.path.parent == documents and shown == [exported]
        assert exported.sha256 == hashlib.sha256(exported.path.read_bytes()).hexdigest()
        assert str(exported.path) in said[0]
        opened: list[Path] = []
        dialog = HandedInDialog(parent, exported.path, exported.sha256, exported.fingerprint, len(exported.unfinished),
                                open_folder=opened.append)
        assert dialog.fields["fingerprint"].text() == exported.fingerprint
        assert dialog.fields["sha256"].text().replace(" ", "") == exported.sha256
        dialog.open_button.click()
        assert opened == [documents]
    finally:
        review.close()


def test_the_merge_report_names_every_files_outcome(qapp: object, chair: Review, panel: dict[str, object],
                                                    tmp_path: Path) -> None:
    from ui.package_actions import merge_summary

    garbage = tmp_path / "garbage.rvscore"
    garbage.write_bytes(b"not a score file")
    again = sorted(Path(panel["root"]).glob("专家甲*.rvscore"))  # type: ignore[arg-type]
    lines = merge_files(chair, [garbage, *again])
    assert [line.outcome for line in lines] == ["refused", "unchanged"]
    assert "不是评审工作台" in lines[0].message and "签名指纹" in lines[1].message
    refused, text = merge_summary(lines)
    assert refused and "拒绝 1 个" in text and "garbage.rvscore" in text and "已合并过" in text
