"""File ▸ Import batch…: which batch, which review database, then the import off the GUI thread.

:func:`ask_batch` and :func:`ask_database` ask the questions; :class:`BatchImport`
does the rest with the chosen paths (a progress dialog with cancel, then the
outcome), so tests and benchmarks drive it without native file dialogs.
"""

from __future__ import annotations

import html
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QFileDialog, QLabel, QMainWindow, QMessageBox, QProgressDialog, QPushButton, QWidget

from reviewer.errors import ReviewerError
from reviewer.tasks import Cancelled, Task
from ui.tasks import QtTask, run_in_background

if TYPE_CHECKING:  # the importer pulls in SQLAlchemy; it loads on the worker thread
    from reviewer.importing.importer import ImportOutcome

LABEL_WIDTH = 460  # the progress text is elided to this, so the dialog never jumps in size
REFRESH_MS = 100   # the dialog shows the latest report at most this often


translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls


# --- the questions ------------------------------------------------------------------------------
def ask_batch(parent: QWidget | None, start: Path) -> Path | None:
    """A batch folder (or disc) or a .zip; None when the user cancels."""
    box = QMessageBox(parent)
    box.setWindowTitle(translate("BatchImport", "导入申报批次"))
    box.setIcon(QMessageBox.Icon.Question)
    box.setText(translate("BatchImport", "申报批次是文件夹（或光盘），还是压缩包？"))
    box.setInformativeText(translate(
        "BatchImport", "每个推荐单位一个子文件夹或压缩包，内含推荐项目汇总表、推荐意见函和申报书。批次只会被读取，不会被改动。"))
    folder = box.addButton(translate("BatchImport", "文件夹…"), QMessageBox.ButtonRole.AcceptRole)
    archive = box.addButton(translate("BatchImport", "压缩包…"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(translate("BatchImport", "取消"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(folder)
    box.exec()
    if box.clickedButton() is folder:
        chosen = QFileDialog.getExistingDirectory(parent, translate("BatchImport", "选择申报批次文件夹"), str(start))
    elif box.clickedButton() is archive:
        chosen, _ = QFileDialog.getOpenFileName(parent, translate("BatchImport", "选择申报批次压缩包"), str(start),
                                                translate("BatchImport", "压缩包 (*.zip)"))
    else:
        return None
    return Path(chosen) if chosen else None


def default_database(batch: Path) -> Path:
    """In the user's data folder, named after the batch: 批次2019.zip → 批次2019.sqlite."""
    from reviewer.paths import data_dir

    name = batch.stem if batch.suffix.lower() == ".zip" else batch.name
    return data_dir() / ((name or translate("BatchImport", "申报批次")) + ".sqlite")


def ask_database(parent: QWidget | None, batch: Path) -> Path | None:
    """Where the review goes; an existing review database means: import into it."""
    title = translate("BatchImport", "评审库保存位置（选已有评审库则导入其中）")
    chosen, _ = QFileDialog.getSaveFileName(parent, title, str(default_database(batch)),
                                            translate("BatchImport", "评审库 (*.sqlite *.db)"),
                                            options=QFileDialog.Option.DontConfirmOverwrite)
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() in (".sqlite", ".db") else path.with_name(path.name + ".sqlite")


# --- the work -----------------------------------------------------------------------------------
def import_into(batch: Path, database: Path, task: Task) -> ImportOutcome:
    """On the worker thread: the bundled call's import, as the chair."""
    from reviewer.call import bundled_call
    from reviewer.importing.forms import bundled_form_fields
    from reviewer.importing.importer import import_batch
    from reviewer.rubric import bundled_rubrics

    return import_batch(batch, database, bundled_call(), bundled_rubrics(), bundled_form_fields(), role="chair", task=task)


def outcome_summary(outcome: ImportOutcome) -> str:
    from reviewer.importing.findings import Severity

    checked = outcome.checked
    if outcome.already_imported:
        return translate("BatchImport", "该批次已导入过此评审库，未作改动。")
    summary = translate("BatchImport", "已导入：推荐单位 {recommenders} 个，申报项目 {declarations} 个（入选 {selected} 个），"
                        "发现问题 {findings} 条（其中错误 {errors} 条）。").format(
        recommenders=len(checked.recommenders), declarations=len(checked.declarations),
        selected=sum(d.selected for d in checked.declarations), findings=len(checked.findings),
        errors=sum(f.severity == Severity.ERROR for f in checked.findings))
    unsafe = sum(f.code == "unsafe_path" for f in checked.findings)
    if unsafe:
        summary += translate("BatchImport", "有 {count} 个路径指向批次之外，出于安全未读取。").format(count=unsafe)
    return summary


class ImportProgressDialog(QProgressDialog):
    """Progress of one import; 取消 asks the worker to stop and the dialog stays until it has."""

    cancel_requested = Signal()

    def __init__(self, batch: Path, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.batch = batch
        self.cancelling = self.finished_work = False
        self.setWindowTitle(translate("BatchImport", "导入申报批次"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumDuration(0)
        self.setRange(0, 0)  # busy until the first report says how much there is
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.label.setFixedWidth(LABEL_WIDTH)
        self.setLabel(self.label)
        self.cancel_button = QPushButton(translate("BatchImport", "取消"))
        self.setCancelButton(self.cancel_button)
        self.canceled.disconnect(self.cancel)  # asking to cancel is not yet cancelled
        self.canceled.connect(self._ask_cancel)
        self._latest: tuple[int, int, str] | None = None
        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(REFRESH_MS)
        self._refresh.timeout.connect(self._show_latest)
        self._show(0, 0, "")

    def show_progress(self, done: int, total: int, what: str) -> None:
        """A report from the worker: shown at once if none was shown lately, else at the next refresh."""
        self._latest = (done, total, what)
        if not self._refresh.isActive():
            self._show_latest()
            self._refresh.start()

    def _show_latest(self) -> None:
        if self._latest is not None:
            self._show(*self._latest)
            self._latest = None

    def _show(self, done: int, total: int, what: str) -> None:
        if self.cancelling:
            return
        if total:
            self.setRange(0, total)
            self.setValue(min(done, total))
        detail = what or translate("BatchImport", "正在读取文件…")
        detail = self.label.fontMetrics().elidedText(detail, Qt.TextElideMode.ElideMiddle, LABEL_WIDTH)
        self._say(translate("BatchImport", "正在导入 {batch}").format(batch=self.batch.name), detail)

    def _say(self, headline: str, detail: str) -> None:
        self.setLabelText(f"<b>{html.escape(headline)}</b><br>{html.escape(detail)}")

    def _ask_cancel(self) -> None:
        if self.cancelling or self.finished_work:
            return
        self.cancelling = True
        self.cancel_button.setEnabled(False)
        self._say(translate("BatchImport", "正在取消导入…"),
                  translate("BatchImport", "评审库将保持导入前的状态。"))
        self.cancel_requested.emit()

    def finish(self) -> None:
        self.finished_work = True
        self._refresh.stop()
        self.reset()  # also stops QProgressDialog's timer that would show the dialog again
        self.hide()
        self.deleteLater()

    def reject(self) -> None:  # Esc and the title bar's close button ask to cancel, like the button
        if self.finished_work:
            super().reject()
        else:
            self._ask_cancel()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.finished_work:
            event.ignore()
            self._ask_cancel()


class BatchImport(QObject):
    """One import of a chosen batch into a chosen database, with its progress dialog and its outcome."""

    imported = Signal(object)   # the ImportOutcome
    failed = Signal(str)        # what the user was told
    cancelled = Signal()

    def __init__(self, window: QMainWindow, batch: Path, database: Path, language: str) -> None:
        super().__init__(window)
        self.window, self.batch, self.database, self.language = window, batch, database, language
        self.dialog: ImportProgressDialog | None = None
        self.task: QtTask | None = None

    def start(self) -> None:
        self.dialog = ImportProgressDialog(self.batch, self.window)
        self.dialog.show()
        self.task = run_in_background(partial(import_into, self.batch, self.database), self._done, self._failed,
                                      self.dialog.show_progress)
        self.dialog.cancel_requested.connect(self.task.cancel)

    def _done(self, outcome: ImportOutcome) -> None:
        self._close_dialog()
        self.imported.emit(outcome)
        self.deleteLater()

    def _failed(self, error: BaseException) -> None:
        self._close_dialog()
        if isinstance(error, Cancelled):
            self.window.statusBar().showMessage(translate("BatchImport", "已取消导入，评审库未改动"))
            self.cancelled.emit()
        else:
            if isinstance(error, ReviewerError):
                text = error.message(self.language)
            else:  # a fault the core did not foresee: named in one line, never a traceback
                text = translate("BatchImport", "导入 {batch} 时发生意外错误：{error}").format(
                    batch=self.batch, error=f"{type(error).__name__}: {error}")
            QMessageBox.critical(self.window, translate("BatchImport", "无法导入"), text)
            self.failed.emit(text)
        self.deleteLater()

    def _close_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.finish()
            self.dialog = None
