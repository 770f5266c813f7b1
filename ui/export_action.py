"""File ▸ 导出评审文件…: the panel's documents, tables and charts, off the GUI thread.

The chair picks a folder; files already there are overwritten only after the
chair says so (the core refuses otherwise). Progress shows per file; cancel
stops between files and leaves the folder as it was (the export is all or
nothing: reviewer.exports).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from reviewer.errors import ReviewerError
from reviewer.tasks import Cancelled
from ui.widgets import close_work_dialog, work_dialog

if TYPE_CHECKING:
    from reviewer.review import Review


def existing_targets(review: Review, out: Path) -> list[Path]:
    from reviewer.exports import plan

    return [path for _, path, _ in plan(review, out) if path.exists()]


class ExportRun(QObject):
    """``export_all`` on a worker thread with a progress dialog; ``finished`` carries the paths written."""

    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, parent: QWidget, review: Review, out: Path, force: bool, language: str) -> None:
        super().__init__(parent)
        self.parent_widget, self.review, self.out, self.force, self.language = parent, review, out, force, language
        self.dialog: QProgressDialog | None = None
        self.task: object = None

    def start(self) -> ExportRun:
        from ui.tasks import run_in_background

        dialog = work_dialog(self.parent_widget, QCoreApplication.translate("ExportAction", "导出评审文件"),
                             QCoreApplication.translate("ExportAction", "正在导出评审文件…"),
                             cancel=QCoreApplication.translate("ExportAction", "取消"))
        self.dialog = dialog

        def work(task):  # type: ignore[no-untyped-def]
            from reviewer.exports import export_all

            return export_all(self.review, self.out, force=self.force, lang=self.language, task=task)

        self.task = run_in_background(work, self._done, self._failed, self._progress)
        dialog.canceled.connect(self.task.cancel)  # type: ignore[attr-defined]
        return self

    def _progress(self, done: int, total: int, what: str) -> None:
        if self.dialog is None:
            return
        if what:
            self.dialog.setLabelText(QCoreApplication.translate("ExportAction", "正在写入：{name}").format(name=what))
        self.dialog.setRange(0, max(total, 1))
        self.dialog.setValue(min(done, total))  # last: a modal dialog's setValue runs the event loop

    def _close(self) -> None:
        close_work_dialog(self.dialog)
        self.dialog = None

    def _done(self, paths: list[Path]) -> None:
        self._close()
        self.finished.emit(paths)

    def _failed(self, error: BaseException) -> None:
        self._close()
        if isinstance(error, Cancelled):
            self.failed.emit(QCoreApplication.translate("ExportAction", "已取消导出，未写入任何文件。"))
        elif isinstance(error, ReviewerError):
            self.failed.emit(error.message(self.language))
        else:   # an unforeseen failure: one sentence, no traceback (each file already written is complete)
            self.failed.emit(QCoreApplication.translate(
                "ExportAction", "导出中断：{detail}。已写出的文件完整可用，其余文件未写出。").format(detail=str(error) or type(error).__name__))


def export_to(parent: QWidget, review: Review, out: Path, language: str,
              overwrite: Callable[[list[Path]], bool]) -> ExportRun | None:
    """Export into ``out``; when files are there already, ``overwrite(existing)`` decides (None: nothing done).
    The core checks the folder before writing (and creates ``out`` itself, never a missing parent of it)."""
    existing = existing_targets(review, out)
    if existing and not overwrite(existing):
        return None
    return ExportRun(parent, review, out, bool(existing), language).start()


def ask_export(parent: QWidget, review: Review, language: str, say: Callable[[str], None]) -> ExportRun | None:
    folder = QFileDialog.getExistingDirectory(parent, QCoreApplication.translate("ExportAction", "选择导出文件夹"),
                                              str(review.path.parent))
    if not folder:
        return None

    def ask(existing: list[Path]) -> bool:
        text = QCoreApplication.translate("ExportAction", "文件夹中已有 {n} 个同名文件（例如 {name}）。覆盖它们吗？")
        answer = QMessageBox.question(parent, QCoreApplication.translate("ExportAction", "覆盖已有文件"),
                                      text.format(n=len(existing), name=existing[0].name))
        return answer == QMessageBox.StandardButton.Yes

    run = export_to(parent, review, Path(folder), language, ask)
    if run is not None:
        run.finished.connect(lambda paths: say(QCoreApplication.translate(
            "ExportAction", "已导出 {n} 个文件到 {folder}").format(n=len(paths), folder=folder)))
        run.failed.connect(lambda text: QMessageBox.warning(
            parent, QCoreApplication.translate("ExportAction", "导出评审文件"), text))
    return run
