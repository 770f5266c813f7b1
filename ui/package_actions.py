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
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from reviewer.errors import ReviewerError
from reviewer.tasks import NO_TASK, Task
from ui.widgets import close_work_dialog, work_dialog

if TYPE_CHECKING:
    from reviewer.panel.scorefiles import ExportedScores
    from reviewer.review import DeclarationSummary, Review

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
    """The passphrase dialog (hidden or shown; case, spaces and dashes do not count)."""
    from ui.package_dialog import ask_passphrase

    return ask_passphrase(parent, package)


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

def handin_folder() -> Path:
    """Where a score file goes unless the expert chooses: a folder they know (Documents, else Desktop, else home)."""
    from PySide6.QtCore import QStandardPaths

    for kind in (QStandardPaths.StandardLocation.DocumentsLocation, QStandardPaths.StandardLocation.DesktopLocation):
        folder = QStandardPaths.writableLocation(kind)
        if folder and Path(folder).is_dir():
            return Path(folder)
    return Path.home()


def default_score_file(review: Review) -> Path:
    info = review.info()
    name = info.expert_name if info is not None and info.expert_name else review.path.stem
    return handin_folder() / f"{name}-评分{SCORE_SUFFIX}"


def export_scores(review: Review, target: Path, allow_incomplete: bool = False) -> ExportedScores:
    """Write the review's score file (signed, sealed under the package's passphrase)."""
    from reviewer.panel.scorefiles import export_score_file

    if target.suffix != SCORE_SUFFIX:
        target = target.with_name(target.name + SCORE_SUFFIX)
    return export_score_file(review, target, allow_incomplete)


def unfinished_text(open_ones: list[DeclarationSummary], limit: int = 12) -> str:
    lines = [f"{d.code}　{d.project_name}" for d in open_ones[:limit]]
    if len(open_ones) > limit:
        lines.append(QCoreApplication.translate("PackageActions", "……另有 {count} 项").format(count=len(open_ones) - limit))
    return "\n".join(lines)


def confirm_unfinished(parent: QWidget | None, open_ones: list[DeclarationSummary]) -> bool:
    """Ask before handing in an unfinished review; No is the default."""
    box = QMessageBox(QMessageBox.Icon.Warning, QCoreApplication.translate("PackageActions", "还有未完成的项目"),
                      QCoreApplication.translate("PackageActions", "还有 {count} 个项目未完成：\n\n{list}\n\n"
                                                 "仍要导出评分文件交给组长吗？以后可以再导出新的评分文件，组长合并时以序号更大的为准。")
                      .format(count=len(open_ones), list=unfinished_text(open_ones)),
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.button(QMessageBox.StandardButton.Yes).setText(QCoreApplication.translate("PackageActions", "仍然导出"))
    box.button(QMessageBox.StandardButton.No).setText(QCoreApplication.translate("PackageActions", "继续评审"))
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


def choose_score_file(parent: QWidget | None, default: Path) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(parent, QCoreApplication.translate("PackageActions", "导出评分文件"), str(default),
                                          QCoreApplication.translate("PackageActions", "评分文件 (*.rvscore)"))
    return Path(path) if path else None


def show_handed_in(parent: QWidget | None, exported: ExportedScores) -> None:
    from ui.package_dialog import HandedInDialog

    HandedInDialog(parent, exported.path, exported.sha256, exported.fingerprint, len(exported.unfinished)).exec()


def ask_export(parent: QWidget, review: Review, language: str, say: Callable[[str], None],
               confirm: Callable[[QWidget | None, list[DeclarationSummary]], bool] = confirm_unfinished,
               choose: Callable[[QWidget | None, Path], Path | None] = choose_score_file,
               show: Callable[[QWidget | None, ExportedScores], None] = show_handed_in) -> ExportedScores | None:
    """File ▸ Export score file…: the unfinished declarations first (and a question), then where to (a folder
    the expert knows), then the file: its path, digest and the key fingerprint shown, its folder one click away."""
    from reviewer.panel.scorefiles import unfinished

    open_ones = unfinished(review)
    if open_ones and not confirm(parent, open_ones):
        return None
    path = choose(parent, default_score_file(review))
    if path is None:
        return None
    try:
        exported = export_scores(review, path, allow_incomplete=bool(open_ones))
    except ReviewerError as exc:
        QMessageBox.warning(parent, QCoreApplication.translate("PackageActions", "无法导出评分文件"), exc.message(language))
        return None
    say(QCoreApplication.translate("PackageActions", "评分文件已导出到 {path}，请交给专家组组长。").format(path=exported.path))
    show(parent, exported)
    return exported


# --- the chair: merge score files -------------------------------------------------------------------

@dataclass(frozen=True)
class MergeLine:
    path: Path
    expert: str
    outcome: str       # "merged" | "replaced" | "unchanged" | "refused"
    message: str = ""  # why it was refused; for a stored file, its sequence number and signer


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
            signed = QCoreApplication.translate("PackageActions", "第 {seq} 号 · 签名指纹 {fingerprint}").format(
                seq=result.seq, fingerprint=result.fingerprint)
            lines.append(MergeLine(path, result.expert, result.outcome, signed))
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
    """The merge report: one row per file with its outcome and the reason of a refusal."""
    from ui.package_dialog import MergeReportDialog

    refused = sum(line.outcome == "refused" for line in lines)
    head = QCoreApplication.translate("PackageActions", "共 {total} 个文件，拒绝 {refused} 个。").format(
        total=len(lines), refused=refused)
    rows = [(line.path.name, line.expert, outcome_name(line.outcome), line.message) for line in lines]
    dialog = MergeReportDialog(parent, head, rows, bool(refused))
    dialog.table.resizeRowsToContents()
    dialog.exec()


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
