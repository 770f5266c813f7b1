"""The panel's file actions: the expert opens a work package and exports a score file; the chair merges them.

Each action is a function whose questions to the user (passphrase, where to
save) are parameters, so tests answer them in code; the ``ask_*`` functions
put the dialogs in front of them.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QProgressDialog, QWidget

from reviewer.errors import ReviewerError
from reviewer.tasks import NO_TASK, Task
from ui.widgets import close_work_dialog, work_dialog

if TYPE_CHECKING:
    from reviewer.review import Review

PACKAGE_SUFFIX, SCORE_SUFFIX = ".rvpkg", ".rvscore"


# --- the expert: open a work package --------------------------------------------------------------

def default_database(package: Path) -> Path:
    """Where the expert's review goes unless they choose: the data folder, named after the package."""
    from reviewer.paths import data_dir

    folder = data_dir()
    candidate, n = folder / f"{package.stem}.sqlite", 2
    while candidate.exists():
        candidate, n = folder / f"{package.stem}-{n}.sqlite", n + 1
    return candidate


def open_work_package(package: Path, ask_passphrase: Callable[[str], str | None],
                      ask_database: Callable[[Path], Path | None], language: str = "zh") -> Path | None:
    """Ask the passphrase until it opens the package (``ask_passphrase(why_again)``; None cancels), then where
    to keep the review, and make it. Returns the new review's path, None when the user cancelled; other faults
    (a damaged or foreign file, a target that exists) raise ReviewerError and leave no file behind."""
    from reviewer.panel.envelope import EnvelopeError
    from reviewer.panel.packages import open_package, read_package

    problem = ""
    while True:
        passphrase = ask_passphrase(problem)
        if passphrase is None:
            return None
        try:
            read_package(package, passphrase)
            break
        except EnvelopeError as exc:
            if exc.code != "envelope_passphrase":
                raise
            problem = exc.message(language)
    database = ask_database(default_database(package))
    if database is None:
        return None
    return open_package(package, passphrase, database)


def passphrase_dialog(parent: QWidget | None, package: Path) -> Callable[[str], str | None]:
    def ask(problem: str) -> str | None:
        prompt = QCoreApplication.translate("PackageActions", "请输入工作包“{name}”的口令（由专家组组长另行提供）：").format(
            name=package.name)
        text, ok = QInputDialog.getText(parent, QCoreApplication.translate("PackageActions", "打开工作包"),
                                        f"{problem}\n\n{prompt}" if problem else prompt, QLineEdit.EchoMode.Password)
        return text.strip() if ok else None
    return ask


def database_dialog(parent: QWidget | None) -> Callable[[Path], Path | None]:
    def ask(default: Path) -> Path | None:
        default.parent.mkdir(parents=True, exist_ok=True)
        path, _ = QFileDialog.getSaveFileName(parent, QCoreApplication.translate("PackageActions", "保存本人的评审库"),
                                              str(default), QCoreApplication.translate("PackageActions", "评审库 (*.sqlite)"))
        return Path(path) if path else None
    return ask


def choose_package(parent: QWidget | None, start: Path) -> Path | None:
    path, _ = QFileDialog.getOpenFileName(parent, QCoreApplication.translate("PackageActions", "打开工作包"), str(start),
                                          QCoreApplication.translate("PackageActions", "工作包 (*.rvpkg);;所有文件 (*)"))
    return Path(path) if path else None


# --- the expert: export the score file ------------------------------------------------------------

def default_score_file(review: Review) -> Path:
    info = review.info()
    name = info.expert_name if info is not None and info.expert_name else review.path.stem
    return review.path.with_name(f"{name}-评分{SCORE_SUFFIX}")


def export_scores(review: Review, target: Path) -> Path:
    """Write the review's score file (signed, sealed under the package's passphrase)."""
    from reviewer.panel.scorefiles import export_score_file

    if target.suffix != SCORE_SUFFIX:
        target = target.with_name(target.name + SCORE_SUFFIX)
    return export_score_file(review, target)


def ask_export(parent: QWidget, review: Review, language: str, say: Callable[[str], None]) -> Path | None:
    """File ▸ Export score file…: where to, then write it and say where it went."""
    path, _ = QFileDialog.getSaveFileName(parent, QCoreApplication.translate("PackageActions", "导出评分文件"),
                                          str(default_score_file(review)),
                                          QCoreApplication.translate("PackageActions", "评分文件 (*.rvscore)"))
    if not path:
        return None
    try:
        written = export_scores(review, Path(path))
    except ReviewerError as exc:
        QMessageBox.warning(parent, QCoreApplication.translate("PackageActions", "无法导出评分文件"), exc.message(language))
        return None
    say(QCoreApplication.translate("PackageActions", "评分文件已导出到 {path}，请交给专家组组长。").format(path=written))
    return written


# --- the chair: merge score files -------------------------------------------------------------------

@dataclass(frozen=True)
class MergeLine:
    path: Path
    expert: str
    outcome: str       # "merged" | "replaced" | "unchanged" | "refused"
    message: str = ""  # why it was refused


def merge_files(review: Review, paths: list[Path], language: str = "zh", task: Task = NO_TASK) -> list[MergeLine]:
    """Merge each file on its own (all-or-nothing per file); a refusal names the reason and stores nothing.
    ``task`` hears of each file before it is merged."""
    from reviewer.panel.scorefiles import merge_score_file

    lines = []
    for i, path in enumerate(paths):
        task.progress(i, len(paths), path.name)
        try:
            result = merge_score_file(review, path)
        except ReviewerError as exc:
            lines.append(MergeLine(path, "", "refused", exc.message(language)))
        else:
            lines.append(MergeLine(path, result.expert, result.outcome))
    task.progress(len(paths), len(paths), "")
    return lines


def outcome_name(outcome: str) -> str:
    return {"merged": QCoreApplication.translate("PackageActions", "已合并"),
            "replaced": QCoreApplication.translate("PackageActions", "已替换旧文件"),
            "unchanged": QCoreApplication.translate("PackageActions", "已合并过，无变化"),
            "refused": QCoreApplication.translate("PackageActions", "已拒绝")}[outcome]


def summary_html(lines: list[MergeLine]) -> str:
    rows = "".join(
        f"<tr><td>{html.escape(line.path.name)}</td><td>&nbsp;{html.escape(line.expert)}</td>"
        f"<td>&nbsp;<b>{outcome_name(line.outcome)}</b></td><td>&nbsp;{html.escape(line.message)}</td></tr>"
        for line in lines)
    return f"<table>{rows}</table>"


def merge_summary(lines: list[MergeLine]) -> tuple[bool, str]:
    """(any refused, the summary as rich text) of one merge."""
    refused = sum(line.outcome == "refused" for line in lines)
    head = QCoreApplication.translate("PackageActions", "共 {total} 个文件，拒绝 {refused} 个。").format(
        total=len(lines), refused=refused)
    return bool(refused), f"<p>{head}</p>{summary_html(lines)}"


def show_merge_summary(parent: QWidget, lines: list[MergeLine]) -> None:
    refused, text = merge_summary(lines)
    box = QMessageBox.warning if refused else QMessageBox.information
    box(parent, QCoreApplication.translate("PackageActions", "合并结果"), text)


class MergeRun(QObject):
    """Merging chosen score files off the GUI thread, with a progress dialog per file, then the summary.

    ``show_summary(lines)`` tells the user (the summary dialog unless a test answers); ``merged`` carries the
    lines afterwards, ``failed`` the text of an unexpected fault."""

    merged = Signal(object)   # list[MergeLine]
    failed = Signal(str)

    def __init__(self, parent: QWidget, review: Review, paths: list[Path], language: str,
                 show_summary: Callable[[list[MergeLine]], None] | None = None) -> None:
        super().__init__(parent)
        self.parent_widget, self.review, self.paths, self.language = parent, review, paths, language
        self.show_summary = show_summary or (lambda lines: show_merge_summary(parent, lines))
        self.dialog: QProgressDialog | None = None
        self.lines: list[MergeLine] | None = None

    def start(self) -> MergeRun:
        from functools import partial

        from ui.tasks import run_in_background

        # no cancel: each file is merged all-or-nothing; there is no half stop
        self.dialog = work_dialog(self.parent_widget, QCoreApplication.translate("PackageActions", "合并评分文件"),
                                  QCoreApplication.translate("PackageActions", "正在合并评分文件…"),
                                  maximum=len(self.paths))
        run_in_background(partial(merge_files, self.review, self.paths, self.language), self._done, self._failed,
                          self._progress)
        return self

    def _progress(self, done: int, total: int, what: str) -> None:
        if self.dialog is None:
            return
        if what:
            self.dialog.setLabelText(QCoreApplication.translate("PackageActions", "正在合并第 {n}/{total} 个文件：{name}")
                                     .format(n=done + 1, total=total, name=what))
        self.dialog.setValue(min(done, total))  # last: a modal dialog's setValue runs the event loop (maybe _done)

    def _close(self) -> None:
        close_work_dialog(self.dialog)
        self.dialog = None

    def _done(self, lines: list[MergeLine]) -> None:
        self._close()
        self.lines = lines
        self.show_summary(lines)
        self.merged.emit(lines)

    def _failed(self, error: BaseException) -> None:
        self._close()
        text = error.message(self.language) if isinstance(error, ReviewerError) else repr(error)
        QMessageBox.critical(self.parent_widget, QCoreApplication.translate("PackageActions", "无法合并"), text)
        self.failed.emit(text)


def ask_merge(parent: QWidget, review: Review, language: str) -> MergeRun | None:
    """Review ▸ Merge score files…: choose files, then merge them off the GUI thread (see :class:`MergeRun`)."""
    paths, _ = QFileDialog.getOpenFileNames(parent, QCoreApplication.translate("PackageActions", "合并评分文件"),
                                            str(review.path.parent),
                                            QCoreApplication.translate("PackageActions", "评分文件 (*.rvscore);;所有文件 (*)"))
    if not paths:
        return None
    return MergeRun(parent, review, [Path(p) for p in paths], language).start()


# --- the expert: the offline score sheet ------------------------------------------------------------

def default_sheet_file(review: Review) -> Path:
    info = review.info()
    name = info.expert_name if info is not None and info.expert_name else review.path.stem
    return review.path.with_name(f"{name}-离线评分表.xlsx")


def export_sheet(review: Review, target: Path) -> Path:
    """Write the offline score sheet of the open review, filled with what is entered so far."""
    from reviewer.panel.sheets import save_sheet

    if target.suffix.lower() != ".xlsx":
        target = target.with_name(target.name + ".xlsx")
    return save_sheet(review, target)


def load_sheet(review: Review, sheet: Path, language: str = "zh") -> tuple[int | None, str]:
    """Read a filled sheet and make the review hold it: (changes, "") — or (None, why) when it is refused
    (every bad cell by sheet!cell), and then nothing has changed."""
    from reviewer.panel.sheets import apply_sheet, read_sheet

    try:
        entries = read_sheet(sheet, review)
        return apply_sheet(review, entries), ""
    except ReviewerError as exc:
        return None, exc.message(language)


def ask_export_sheet(parent: QWidget, review: Review, language: str, say: Callable[[str], None]) -> Path | None:
    """File ▸ Export offline score sheet…"""
    path, _ = QFileDialog.getSaveFileName(parent, QCoreApplication.translate("PackageActions", "导出离线评分表"),
                                          str(default_sheet_file(review)),
                                          QCoreApplication.translate("PackageActions", "Excel 工作簿 (*.xlsx)"))
    if not path:
        return None
    try:
        written = export_sheet(review, Path(path))
    except ReviewerError as exc:
        QMessageBox.warning(parent, QCoreApplication.translate("PackageActions", "无法导出离线评分表"), exc.message(language))
        return None
    say(QCoreApplication.translate("PackageActions", "离线评分表已导出到 {path}（已填入目前的评分），填好后用“载入离线评分表”读回。")
        .format(path=written))
    return written


def ask_load_sheet(parent: QWidget, review: Review, language: str, say: Callable[[str], None]) -> int | None:
    """File ▸ Load offline score sheet…: the number of changes, None when cancelled or refused."""
    path, _ = QFileDialog.getOpenFileName(parent, QCoreApplication.translate("PackageActions", "载入离线评分表"),
                                          str(default_sheet_file(review).parent),
                                          QCoreApplication.translate("PackageActions", "Excel 工作簿 (*.xlsx);;所有文件 (*)"))
    if not path:
        return None
    changes, problem = load_sheet(review, Path(path), language)
    if changes is None:
        QMessageBox.warning(parent, QCoreApplication.translate("PackageActions", "无法载入离线评分表"),
                            QCoreApplication.translate("PackageActions", "评分表未载入，评审库没有任何改动。") + "\n\n" + problem)
        return None
    say(QCoreApplication.translate("PackageActions", "已载入离线评分表：{count} 处改动。").format(count=changes))
    return changes
