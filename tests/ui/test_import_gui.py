"""File ▸ Import batch… and the formal-check window, on a real batch with real problems.

The batch is the demo batch copied and spoilt: 四川省's fifth application form is
deleted (missing_document) and 宁波市's third project moved to direction 10 in
its summary table, so 宁波市 recommends two direction-10 projects where one is
allowed (quota_exceeded for 宁波市-04, field_mismatch for 宁波市-03).
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Iterator

import pytest
import shiboken6
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from reviewer.importing.findings import Finding, Severity
from ui.app import AppController
from ui.formal_check_models import BY_CODE, COUNT_ROLE, GROUP_ROLE, FindingLine, FindingsModel, QuotaModel

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo" / "batch"
MISSING_FORM = "03_四川省/申报书/05_川西高原冷链物流全程监测与无人机末端配送项目.docx"
CANCELLED = "已取消导入，评审库未改动"


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    from openpyxl import load_workbook

    root = tmp_path / "批次2019"
    shutil.copytree(DEMO, root)
    (root / MISSING_FORM).unlink()
    table = root / "02_宁波市" / "推荐项目汇总表.xlsx"
    book = load_workbook(table)
    book.active.cell(row=5, column=5).value = "10.信息消费体验中心"  # 宁波市's item 3, header in row 2
    book.save(table)
    return root


@pytest.fixture
def controller(qtbot: QtBot, review_path: Path, settings: QSettings) -> Iterator[AppController]:
    """The app with the demo review open, as a chair has it before importing."""
    controller = AppController(QApplication.instance(), settings, "zh")  # type: ignore[arg-type]
    assert controller.open(review_path)
    yield controller
    if controller.window is not None and shiboken6.isValid(controller.window):  # an import replaces the window
        controller.window.close()
    if controller.review is not None:
        controller.review.close()


@pytest.fixture
def imported(batch: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The spoilt batch imported by the core (for the window's own tests)."""
    from reviewer.call import bundled_call
    from reviewer.importing.forms import bundled_form_fields
    from reviewer.importing.importer import import_batch
    from reviewer.review import Review
    from reviewer.rubric import bundled_rubrics

    db = tmp_path / "imported.sqlite"
    import_batch(batch, db, bundled_call(), bundled_rubrics(), bundled_form_fields(), role="chair")
    review = Review.open(db)
    yield review
    review.close()


def _formal_check(qtbot: QtBot, review, language: str = "zh"):  # type: ignore[no-untyped-def]
    from reviewer.call import bundled_call
    from ui.formal_check_view import FormalCheckWindow

    window = FormalCheckWindow(review, bundled_call(), language)
    qtbot.addWidget(window)
    return window


def _groups(model: FindingsModel) -> dict[str, int]:
    return {model.index(g, 0).data(GROUP_ROLE): model.index(g, 0).data(COUNT_ROLE) for g in range(model.rowCount())}


def _codes(model: FindingsModel) -> list[tuple[str, str]]:
    return [(line.finding.declaration, line.finding.code) for line in model.lines()]


def _id_of(window, code: str) -> int:  # type: ignore[no-untyped-def]
    model = window.declarations_model
    return next(model.declaration(r).id for r in range(model.rowCount()) if model.declaration(r).code == code)


def _projects(batch: Path) -> set[str]:
    return {form.stem.split("_", 1)[1] for form in batch.glob("*/申报书/*")}


def _closed(widget: QWidget) -> bool:
    return not shiboken6.isValid(widget) or not widget.isVisible()




# --- the import flow ----------------------------------------------------------------------------
def test_import_shows_progress_then_the_new_review_and_its_formal_check(
        qtbot: QtBot, controller: AppController, batch: Path, tmp_path: Path) -> None:
    db = tmp_path / "new-review.sqlite"
    run = controller.import_batch(batch, db)
    dialog = run.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    labels: list[str] = []
    assert run.task is not None
    run.task.progressed.connect(lambda *_args: labels.append(dialog.labelText()))
    with qtbot.waitSignal(run.imported, timeout=30000):
        pass
    assert labels and all(text.startswith("<b>正在导入 批次2019</b><br>") for text in labels)
    assert any(project in text for text in labels for project in _projects(batch))  # it names what it reads
    window = controller.window
    assert window is not None and controller.review is not None and controller.review.path == db
    assert window.windowTitle().endswith("批次2019")
    assert sum(d.selected for d in window.state.declarations) == 19  # the chair's cockpit; 宁波市-04 is beyond the quota
    assert window.statusBar().currentMessage().startswith("已导入：推荐单位 4 个，申报项目 20 个（入选 19 个），发现问题 3 条")
    formal = window.children_windows["formal"]
    assert formal is not None and formal.isVisible()
    assert _groups(formal.findings_model) == {"宁波市": 2, "四川省": 1}
    assert "宁波市（2 条：警告 2）" == formal.findings_model.index(0, 0).data()
    assert _closed(dialog)


def test_the_import_action_asks_then_imports(qtbot: QtBot, controller: AppController, batch: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "asked.sqlite"
    monkeypatch.setattr("ui.app.ask_batch", lambda parent, start: batch)
    monkeypatch.setattr("ui.app.ask_database", lambda parent, chosen: db if chosen == batch else None)
    window = controller.window
    assert window is not None
    action = next(a for a in window.actions() if a.text() == "导入申报批次(&I)…")
    action.trigger()
    qtbot.waitUntil(lambda: controller.review is not None and controller.review.path == db, timeout=30000)
    assert controller.settings.value("import/folder") == str(batch.parent)
    assert controller.window is not None and controller.window.children_windows.get("formal") is not None


def test_a_cancelled_import_leaves_no_database_and_says_so(
        qtbot: QtBot, controller: AppController, batch: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reviewer.importing import reader

    slow = reader.read_document_bytes
    monkeypatch.setattr(reader, "read_document_bytes", lambda *args: (time.sleep(0.05), slow(*args))[1])
    db = tmp_path / "cancelled.sqlite"
    opened = controller.review
    run = controller.import_batch(batch, db)
    dialog = run.dialog
    assert dialog is not None and run.task is not None
    run.task.progressed.connect(lambda *_args: dialog.cancel_button.click())  # cancel after the first report
    with qtbot.waitSignal(run.cancelled, timeout=30000):
        pass
    assert not db.exists() and not Path(f"{db}-journal").exists() and not Path(f"{db}-wal").exists()
    assert controller.window is not None
    assert controller.window.statusBar().currentMessage() == CANCELLED
    assert controller.review is opened  # what was open stays open
    assert _closed(dialog)


def test_cancelling_says_it_is_cancelling_until_the_worker_stopped(qtbot: QtBot, controller: AppController, batch: Path,
                                                                   tmp_path: Path) -> None:
    run = controller.import_batch(batch, tmp_path / "esc.sqlite")
    dialog = run.dialog
    assert dialog is not None
    dialog.reject()  # Esc
    assert "正在取消导入" in dialog.labelText() and not dialog.cancel_button.isEnabled()
    assert dialog.isVisible()
    with qtbot.waitSignal(run.cancelled, timeout=30000):
        pass
    assert not (tmp_path / "esc.sqlite").exists()


def test_importing_into_a_review_of_another_batch_names_the_file(
        qtbot: QtBot, controller: AppController, batch: Path, review_path: Path, message_boxes: list[str]) -> None:
    seen = message_boxes
    run = controller.import_batch(batch, review_path)
    with qtbot.waitSignal(run.failed, timeout=30000):
        pass
    assert seen and str(review_path) in seen[0] and "另一批次" in seen[0] and "未被改动" in seen[0]
    assert controller.review is not None and controller.review.path == review_path


def test_a_folder_without_a_batch_is_refused_at_once_in_chinese(
        qtbot: QtBot, controller: AppController, tmp_path: Path, review_path: Path, message_boxes: list[str]) -> None:
    import hashlib

    before = hashlib.sha256(review_path.read_bytes()).hexdigest()
    chosen = tmp_path / "我的文档"
    (chosen / "照片").mkdir(parents=True)
    (chosen / "照片" / "合影.jpg").write_bytes(b"\xff\xd8")
    run = controller.import_batch(chosen, tmp_path / "nothing.sqlite")
    with qtbot.waitSignal(run.failed, timeout=30000):
        pass
    assert message_boxes and str(chosen) in message_boxes[0] and "找不到申报批次" in message_boxes[0]
    assert "Traceback" not in message_boxes[0]
    assert not (tmp_path / "nothing.sqlite").exists()
    assert hashlib.sha256(review_path.read_bytes()).hexdigest() == before
    assert controller.review is not None and controller.review.path == review_path


def test_a_path_out_of_the_batch_is_named_in_the_outcome_and_the_formal_check(
        qtbot: QtBot, controller: AppController, batch: Path, tmp_path: Path) -> None:
    outside = tmp_path / "外部.docx"
    outside.write_bytes(b"secret")
    (batch / "01_浙江省" / "申报书" / "08_外部.docx").symlink_to(outside)
    run = controller.import_batch(batch, tmp_path / "unsafe.sqlite")
    with qtbot.waitSignal(run.imported, timeout=30000):
        pass
    window = controller.window
    assert window is not None
    assert window.statusBar().currentMessage().endswith("有 1 个路径指向批次之外，出于安全未读取。")
    formal = window.children_windows["formal"]
    assert formal is not None
    formal.findings_model.set_grouping(BY_CODE)
    texts = [line.finding.message("zh") for line in formal.findings_model.lines() if line.finding.code == "unsafe_path"]
    assert formal.findings_model.group_label("unsafe_path") == "路径指向批次之外"
    assert texts == ["路径指向批次之外（“" + str(outside) + "”），出于安全未读取，也不会进入专家工作包。"]


def test_importing_the_same_batch_again_changes_nothing(qtbot: QtBot, controller: AppController, batch: Path,
                                                       tmp_path: Path) -> None:
    db = tmp_path / "twice.sqlite"
    for _ in range(2):
        run = controller.import_batch(batch, db)
        with qtbot.waitSignal(run.imported, timeout=30000):
            pass
    assert controller.window is not None
    assert controller.window.statusBar().currentMessage() == "该批次已导入过此评审库，未作改动。"
    assert sum(d.selected for d in controller.window.state.declarations) == 19


# --- the formal-check window ---------------------------------------------------------------------
def test_findings_are_grouped_counted_and_filtered(qtbot: QtBot, imported) -> None:  # type: ignore[no-untyped-def]
    window = _formal_check(qtbot, imported)
    model = window.findings_model
    assert _codes(model) == [("宁波市-03", "field_mismatch"), ("宁波市-04", "quota_exceeded"), ("四川省-05", "missing_document")]
    window.grouping.setCurrentIndex(window.grouping.findData(BY_CODE))
    assert list(_groups(model)) == ["missing_document", "quota_exceeded", "field_mismatch"]  # errors first
    assert model.index(0, 0).data() == "缺少材料（1 条：错误 1）"
    window.severity_filter.setCurrentIndex(window.severity_filter.findData("warning"))
    assert _codes(model) == [("宁波市-04", "quota_exceeded"), ("宁波市-03", "field_mismatch")]
    window.filter_text.setText("名额")
    assert _codes(model) == [("宁波市-04", "quota_exceeded")]
    window.filter_text.clear()
    window.severity_filter.setCurrentIndex(0)
    assert len(model.lines()) == 3
    assert "3 条（错误 1，警告 2，提示 0）" in window.summary.text()


def test_quota_table_shows_recommended_allowed_selected(qtbot: QtBot, imported) -> None:  # type: ignore[no-untyped-def]
    window = _formal_check(qtbot, imported)
    model: QuotaModel = window.quota_model
    rows = {(line.recommender, line.group): (line.recommended, line.allowed, line.selected) for line in model.lines()}
    assert rows[("宁波市", "方向10")] == (2, 1, 1)
    assert rows[("宁波市", "方向1~9")] == (2, 5, 2)
    assert rows[("浙江省", "方向1~9")] == (6, 10, 6)
    assert rows[("新疆生产建设兵团", "方向10")] == (0, 1, 0)
    over = [r for r in range(model.rowCount()) if model.index(r, 6).data()]
    assert [model.lines()[r].recommender for r in over] == ["宁波市"]
    assert model.index(over[0], 6).data() == "超出 1 项"
    assert model.index(over[0], 0).data(Qt.ItemDataRole.BackgroundRole).color().name() == "#fdecea"
    assert [model.index(over[0], c).data() for c in (2, 3, 4, 5)] == ["方向10", "2", "1", "1"]
    assert window.tabs.tabText(1) == "名额 (超出 1)"


def test_an_override_with_a_reason_changes_the_selection_and_is_audited(qtbot: QtBot, imported) -> None:  # type: ignore[no-untyped-def]
    from reviewer.formal_check import audit_log

    window = _formal_check(qtbot, imported)
    declaration_id = _id_of(window, "宁波市-04")
    assert not window.declarations_model.is_selected(declaration_id)
    with qtbot.waitSignal(window.selection_changed) as signal:
        assert window.apply_override(declaration_id, True, "推荐单位来函更正方向") is None
    assert signal.args == [declaration_id]
    assert window.declarations_model.is_selected(declaration_id)
    assert declaration_id in {d.id for d in imported.declarations()}
    [entry] = audit_log(imported)
    assert (entry.subject, entry.old_value, entry.new_value, entry.reason) == ("宁波市-04", "False", "True", "推荐单位来函更正方向")
    assert window.audit_model.rowCount() == 1
    assert window.audit_model.index(0, 3).data() == "未入选 → 入选"
    assert window.audit_model.index(0, 4).data() == "推荐单位来函更正方向"
    ningbo_10 = next(line for line in window.quota_model.lines() if (line.recommender, line.group) == ("宁波市", "方向10"))
    assert ningbo_10.selected == 2
    assert window.tabs.tabText(3) == "调整记录 (1)"


def test_an_override_without_a_reason_is_refused(qtbot: QtBot, imported) -> None:  # type: ignore[no-untyped-def]
    from reviewer.formal_check import audit_log
    from ui.formal_check_view import SelectionDialog

    window = _formal_check(qtbot, imported)
    row = window.declarations_model.row_of(_id_of(window, "宁波市-04"))
    declaration = window.declarations_model.declaration(row)
    dialog = SelectionDialog(declaration, False, ["超过名额"], window)
    qtbot.addWidget(dialog)
    assert not dialog.ok_button.isEnabled()
    dialog.reason_edit.setPlainText("   \n ")
    assert not dialog.ok_button.isEnabled()
    dialog.reason_edit.setPlainText("来函更正")
    assert dialog.ok_button.isEnabled() and dialog.ok_button.text() == "调整为入选"
    refused = window.apply_override(declaration.id, True, "  ")
    assert refused is not None and "理由" in refused
    assert not window.declarations_model.is_selected(declaration.id)
    assert audit_log(imported) == [] and window.audit_model.rowCount() == 0


def test_the_main_list_follows_the_chairs_selection(qtbot: QtBot, controller: AppController, imported) -> None:  # type: ignore[no-untyped-def]
    imported.close()
    assert controller.open(imported.path)
    window = controller.window
    assert window is not None
    formal = window.show_formal_check()
    assert formal is not None
    declaration_id = _id_of(formal, "宁波市-04")

    def selected() -> set[int]:  # what the chair's cockpit lists as selected
        return {d.declaration_id for d in window.state.declarations if d.selected}
    assert declaration_id not in selected()
    assert formal.apply_override(declaration_id, True, "来函更正") is None
    assert declaration_id in selected() and len(selected()) == 20


def test_export_writes_the_findings_to_xlsx(qtbot: QtBot, imported, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    window = _formal_check(qtbot, imported)
    target = tmp_path / "形式审查.xlsx"
    assert window.export_to(target) is None
    book = load_workbook(target)
    messages = [row[5] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert sorted(messages) == sorted(line.message for line in window.findings_model.lines())
    assert any("超过名额" in m for m in messages)
    assert book.worksheets[1].title == "名额"
    assert "已导出到" in window.statusBar().currentMessage()
    refused = window.export_to(tmp_path / "no-such-folder" / "x.xlsx")
    assert refused is not None and "no-such-folder" in refused


def test_english_window_reads_english(qtbot: QtBot, imported) -> None:  # type: ignore[no-untyped-def]
    from ui import i18n

    i18n.install(QApplication.instance(), "en")  # type: ignore[arg-type]
    window = _formal_check(qtbot, imported, "en")
    assert window.tabs.tabText(0) == "Findings (3)"
    assert window.findings_model.index(0, 0).data() == "宁波市 (2 — Warning: 2)"
    assert any(line.message.startswith("The summary table and the form disagree") for line in window.findings_model.lines())
    groups = {window.quota_model.index(r, 2).data() for r in range(window.quota_model.rowCount())}
    assert groups == {"Directions 1–9", "Direction 10"}


# --- the models alone, without a window or a database --------------------------------------------
def test_findings_model_groups_without_a_window(qtbot: QtBot) -> None:
    lines = [
        FindingLine(Finding("missing_document", Severity.WARNING, "01_浙江省"), "浙江省", "", "缺少推荐意见函。"),
        FindingLine(Finding("invalid_credit_code", Severity.ERROR, "01_浙江省/申报书/02.docx", "浙江省-02"), "浙江省", "平台", "代码无效"),
        FindingLine(Finding("unknown_recommender", Severity.ERROR, "99_某地"), "99_某地", "", "无法识别"),
        FindingLine(Finding("order_from_file_names", Severity.INFO, "02_宁波市"), "宁波市", "", "按文件名"),
    ]
    model = FindingsModel()
    model.reset(lines, ["浙江省", "宁波市"])
    assert list(_groups(model).items()) == [("浙江省", 2), ("宁波市", 1), ("99_某地", 1)]  # the batch's order, unknown last
    assert model.index(0, 0).data() == "浙江省（2 条：错误 1，警告 1）"
    folder, declaration = (model.index(r, 0, model.index(0, 0)) for r in range(2))
    assert folder.siblingAtColumn(1).data() == "—" and folder.data() == "警告"  # the folder's own findings first
    assert declaration.siblingAtColumn(1).data() == "浙江省-02  平台" and declaration.data() == "错误"
    model.set_grouping(BY_CODE)
    assert list(_groups(model)) == ["invalid_credit_code", "unknown_recommender", "missing_document", "order_from_file_names"]
    model.set_filter("", Severity.INFO)
    assert _groups(model) == {"order_from_file_names": 1}
    assert model.counts() == {Severity.ERROR: 2, Severity.WARNING: 1, Severity.INFO: 1}


def test_a_finding_belongs_to_the_recommender_its_folder_names() -> None:
    from reviewer.call import bundled_call
    from ui.formal_check_models import finding_recommender

    call = bundled_call()
    assert finding_recommender(Finding("missing_document", Severity.WARNING, "03_四川省"), call, {}) == "四川省"
    assert finding_recommender(Finding("x", Severity.ERROR, "", "宁波市-04"), call, {"宁波市-04": "宁波市"}) == "宁波市"
    assert finding_recommender(Finding("unknown_recommender", Severity.ERROR, "99_某地"), call, {}) == "99_某地"
    assert finding_recommender(Finding("x", Severity.INFO), call, {}) == ""



def test_progress_reports_do_not_wear_out_true(qtbot: QtBot) -> None:
    """Progress reports from a worker keep True's reference count (PySide6 6.12.0's emit() did not)."""
    import sys
    import threading

    from ui.tasks import QtTask

    task = QtTask()
    before = sys.getrefcount(True)
    worker = threading.Thread(target=lambda: [task.progress(i, 200, "x") for i in range(200)])
    worker.start()
    worker.join()
    assert sys.getrefcount(True) > before - 50  # few enough reports to fail here rather than abort Python
