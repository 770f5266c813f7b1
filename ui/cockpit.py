"""The chair's cockpit (组长工作台): the panel at a glance and the next thing to do.

Opening a chair's review shows this window instead of the expert's scoring
sheet. The top lists what is still open (形式审查待处理, 尚未交回评分文件,
偏离待确认, …), each with a button to the job that does it; below, per expert
what they were given and returned, per declaration its formal status and scores.
The menus hold every chair's job. The data come from
:func:`reviewer.panel.cockpit.cockpit` (no pandas), read again whenever the
window becomes active, so it follows what the other windows change.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QColor, QKeySequence
from PySide6.QtWidgets import (
    QFrame, QGridLayout, QLabel, QMainWindow, QPushButton, QTabWidget, QVBoxLayout, QWidget,
)

from reviewer.formal_status import FormalStatus
from ui.labels import VETO_COLOR
from ui.panel_models import formal_status_name
from ui.widgets import read_only_table

if TYPE_CHECKING:
    from reviewer.panel.cockpit import Cockpit, DeclarationLine, ExpertLine, Step
    from reviewer.review import Review

Index = QModelIndex | QPersistentModelIndex
OK_COLOR, MUTED_COLOR = QColor("#2e7d32"), QColor("#8a8f98")
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def job_text(job: str) -> str:
    return {"formal": QCoreApplication.translate("Cockpit", "形式审查…"), "experts": QCoreApplication.translate("Cockpit", "专家与分配…"), "packages": QCoreApplication.translate("Cockpit", "生成工作包…"),
            "merge": QCoreApplication.translate("Cockpit", "合并评分文件…"), "board": QCoreApplication.translate("Cockpit", "专家组看板…"), "settings": QCoreApplication.translate("Cockpit", "专家与分配…"),
            "export": QCoreApplication.translate("Cockpit", "导出评审文件…")}[job]


class ExpertsModel(QAbstractTableModel):
    """Per expert: assigned, package, file returned, finished."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lines: list[ExpertLine] = []

    def reset(self, lines: list[ExpertLine]) -> None:
        self.beginResetModel()
        self.lines = lines
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else 6

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [QCoreApplication.translate("Cockpit", "专家"), QCoreApplication.translate("Cockpit", "评审方向"), QCoreApplication.translate("Cockpit", "分配项目"), QCoreApplication.translate("Cockpit", "工作包"), QCoreApplication.translate("Cockpit", "评分文件"), QCoreApplication.translate("Cockpit", "已完成")][section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        e, column = self.lines[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return [e.name + (QCoreApplication.translate("Cockpit", "（组长）") if e.leader else ""), _directions(e.directions), str(e.assigned),
                    _package_text(e), _when(e.file_returned) or QCoreApplication.translate("Cockpit", "未交回"), f"{e.finished} / {e.assigned}"][column]
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == 3 and e.reissue:
                return VETO_COLOR
            if column == 4:
                return OK_COLOR if e.file_returned else MUTED_COLOR
            if column == 5 and e.assigned:
                return OK_COLOR if e.finished == e.assigned else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (2, 5):
            return RIGHT
        return None


def _directions(directions: tuple[int, ...]) -> str:
    return QCoreApplication.translate("Cockpit", "全部方向") if set(directions) >= set(range(1, 11)) else "、".join(map(str, directions))


def _package_text(e: ExpertLine) -> str:
    if e.reissue:
        return QCoreApplication.translate("Cockpit", "需重新发放")
    return _when(e.package_issued) or "—"


def _when(stamp: str) -> str:
    """An ISO time as 05-02 14:30 (the year is the review's)."""
    return stamp[5:16].replace("T", " ") if stamp else ""


class DeclarationsModel(QAbstractTableModel):
    """Per declaration: formal status, experts assigned, totals in, recusals, deviations to confirm."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lines: list[DeclarationLine] = []

    def reset(self, lines: list[DeclarationLine]) -> None:
        self.beginResetModel()
        self.lines = lines
        self.names = {s.value: formal_status_name(s.value) for s in FormalStatus}   # translated once, not per cell
        self.not_selected = QCoreApplication.translate("Cockpit", "（未入选）")
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else 8

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [QCoreApplication.translate("Cockpit", "编号"), QCoreApplication.translate("Cockpit", "方向"), QCoreApplication.translate("Cockpit", "项目名称"), QCoreApplication.translate("Cockpit", "形式审查"), QCoreApplication.translate("Cockpit", "专家"), QCoreApplication.translate("Cockpit", "已评分"), QCoreApplication.translate("Cockpit", "回避"),
                    QCoreApplication.translate("Cockpit", "偏离待确认")][section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        d, column = self.lines[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            formal = self.names[d.formal.value] + ("" if d.selected else self.not_selected)
            return [d.code, str(d.direction) if d.direction else "?", d.project, formal, str(d.assigned), f"{d.complete} / {d.assigned}",
                    str(d.recused or ""), str(d.deviations or "")][column]
        if role == Qt.ItemDataRole.ToolTipRole and column == 2:
            return f"{d.project}\n{d.applicant}"
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == 3 and d.formal.value == "pending":
                return VETO_COLOR
            if column == 3 and (d.formal.value == "excluded" or not d.selected):
                return MUTED_COLOR
            if column == 7 and d.deviations:
                return VETO_COLOR
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 4:
            return RIGHT
        return None


WARM_DELAY_MS = 300  # after the cockpit's first paint
_warm = threading.Lock()


def warm_board_modules() -> None:
    """Import pandas (what the board, the merge and the exports compute with) on a background thread while
    the chair reads the cockpit, so the first board of the session opens as fast as later ones instead of
    paying the import (~0.3 s) in front of the chair. Once per process; the GUI thread keeps running
    (the import gives the interpreter up every few milliseconds), and a board opened meanwhile just
    waits for the import it would have made itself."""
    if not _warm.acquire(blocking=False):
        return
    threading.Thread(target=_import_board_modules, name="warm-board-modules", daemon=True).start()


def _import_board_modules() -> None:
    try:
        import pandas  # noqa: F401
    except ImportError:  # a broken install is reported where pandas is needed, with its context
        pass


class CockpitWindow(QMainWindow):
    """The chair's main window."""

    language_requested = Signal(str)
    open_requested = Signal()
    import_requested = Signal()
    package_requested = Signal()

    def __init__(self, review: Review | None, settings: Any = None, language: str = "zh") -> None:
        super().__init__()
        self.review, self.language, self.settings = review, language, settings
        self.state: Cockpit | None = None
        self.stamp: tuple[int, ...] = ()   # the database files' state when last read
        self.children_windows: dict[str, QWidget] = {}
        self.runs: list[object] = []      # merge / export runs kept alive while they work
        self.experts_model, self.declarations_model = ExpertsModel(self), DeclarationsModel(self)
        self.setWindowTitle(self.tr("组长工作台"))
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(12, 10, 12, 8)
        self.title = QLabel()
        self.title.setObjectName("section")
        self.overview = QLabel()
        self.overview.setObjectName("muted")
        layout.addWidget(self.title)
        layout.addWidget(self.overview)
        self.next_box = QFrame()
        self.next_box.setFrameShape(QFrame.Shape.StyledPanel)
        self.next_grid = QGridLayout(self.next_box)
        self.next_grid.setContentsMargins(10, 6, 10, 6)
        heading = QLabel(self.tr("下一步"))
        heading.setObjectName("section")
        layout.addWidget(heading)
        layout.addWidget(self.next_box)
        self.tabs = QTabWidget()
        self.experts_table = read_only_table(self.experts_model, rows=True)
        self.declarations_table = read_only_table(self.declarations_model, rows=True)
        self.tabs.addTab(self.experts_table, self.tr("专家"))
        self.tabs.addTab(self.declarations_table, self.tr("申报项目"))
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(body)
        self._build_menus()
        self.resize(1280, 800)
        if review is not None:
            self.refresh()
            QTimer.singleShot(WARM_DELAY_MS, warm_board_modules)

    # --- menus ---------------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu(self.tr("文件(&F)"))
        self._action(file_menu, self.tr("打开评审库(&O)…"), QKeySequence.StandardKey.Open, self.open_requested.emit)
        self._action(file_menu, self.tr("导入申报批次(&I)…"), QKeySequence("Ctrl+I"), self.import_requested.emit)
        self._action(file_menu, self.tr("打开工作包(&P)…"), QKeySequence("Ctrl+Shift+O"), self.package_requested.emit)
        file_menu.addSeparator()
        self._action(file_menu, self.tr("退出(&X)"), QKeySequence.StandardKey.Quit, self.close)
        chair = menu.addMenu(self.tr("评审(&R)"))
        self._action(chair, self.tr("形式审查(&C)…"), QKeySequence("Ctrl+Shift+F"), self.show_formal_check)
        self._action(chair, self.tr("专家与分配(&E)…"), None, self.show_experts)
        self._action(chair, self.tr("生成工作包(&K)…"), None, self.write_packages)
        self._action(chair, self.tr("合并评分文件(&M)…"), None, self.merge_score_files)
        self._action(chair, self.tr("专家组看板(&B)…"), QKeySequence("Ctrl+Shift+B"), self.show_panel_board)
        self._action(chair, self.tr("导出评审文件(&D)…"), QKeySequence("Ctrl+E"), self.export_documents)
        chair.addSeparator()
        self._action(chair, self.tr("刷新(&R)"), QKeySequence.StandardKey.Refresh, self.refresh)
        view = menu.addMenu(self.tr("视图(&V)"))
        languages = view.addMenu(self.tr("语言 / Language"))
        group = QActionGroup(self)
        for code, name in (("zh", "中文"), ("en", "English")):
            action = languages.addAction(name)
            action.setCheckable(True)
            action.setChecked(code == self.language)
            action.triggered.connect(lambda _checked=False, c=code: self.language_requested.emit(c))
            group.addAction(action)

    def _action(self, menu: Any, text: str, shortcut: Any, slot: Callable[[], Any]) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    # --- showing -------------------------------------------------------------------------------------
    def attach(self, review: Review) -> None:
        self.review = review
        self.refresh()

    def refresh(self) -> None:
        """Read the panel's state again and show it."""
        from reviewer.panel.cockpit import cockpit

        if self.review is None:
            return
        self.stamp = self._stamp()
        self.state = cockpit(self.review)
        info = self.review.info()
        self.title.setText(info.title if info else "")
        self.setWindowTitle(self.tr("组长工作台") + (f" — {info.title}" if info else ""))
        self.experts_model.reset(self.state.experts)
        self.declarations_model.reset(self.state.declarations)
        self._show_overview()
        self._show_steps()
        self._fit()

    def _show_overview(self) -> None:
        assert self.state is not None
        s = self.state
        admitted = sum(d.admitted for d in s.declarations)
        returned = sum(bool(e.file_returned) for e in s.experts)
        self.overview.setText(self.tr("申报项目 {total} 项（参评 {admitted} 项）· 专家 {experts} 位，已交回评分文件 {returned} 位 · "
                                      "组长：{leader}").format(total=len(s.declarations), admitted=admitted,
                                                             experts=len(s.experts), returned=returned,
                                                             leader=s.leader or self.tr("未指定")))

    def _show_steps(self) -> None:
        assert self.state is not None
        while self.next_grid.count():
            item = self.next_grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        for row, step in enumerate(self.state.steps):
            label = QLabel(("✓ " if step.code == "ready" else "• ") + step.message(self.language))
            button = QPushButton(job_text(step.job))
            button.clicked.connect(lambda _checked=False, job=step.job: self.open_job(job))
            self.next_grid.addWidget(label, row, 0)
            self.next_grid.addWidget(button, row, 1, Qt.AlignmentFlag.AlignRight)
        self.next_grid.setColumnStretch(0, 1)

    def step_texts(self) -> list[str]:
        """What the 下一步 box says, line by line."""
        return [s.message(self.language) for s in self.state.steps] if self.state is not None else []

    def _stamp(self) -> tuple[int, ...]:
        """Size and time of the database and its write-ahead log: any commit, by any window or process, moves it."""
        assert self.review is not None
        stamp: list[int] = []
        for path in (self.review.path, Path(f"{self.review.path}-wal")):
            try:
                info = path.stat()
                stamp += [info.st_mtime_ns, info.st_size]
            except OSError:
                stamp += [0, 0]
        return tuple(stamp)

    def _fit(self) -> None:
        for table in (self.experts_table, self.declarations_table):
            table.horizontalHeader().setResizeContentsPrecision(60)   # widths from the first rows: opens at once
            table.resizeColumnsToContents()
            for column in range(table.model().columnCount()):
                table.setColumnWidth(column, table.columnWidth(column) + 16)
        self.declarations_table.setColumnWidth(2, min(self.declarations_table.columnWidth(2), 420))

    def changeEvent(self, event: QEvent) -> None:
        """Coming back from another window: show what it changed."""
        super().changeEvent(event)
        if (event.type() == QEvent.Type.ActivationChange and self.isActiveWindow() and self.review is not None
                and self._stamp() != self.stamp):
            self.refresh()

    # --- the chair's jobs ---------------------------------------------------------------------------------
    def open_job(self, job: str) -> QWidget | None:
        jobs: dict[str, Callable[[], Any]] = {
            "formal": self.show_formal_check, "experts": self.show_experts, "settings": self.show_experts,
            "packages": self.write_packages, "merge": self.merge_score_files, "board": self.show_panel_board,
            "export": self.export_documents}
        return jobs[job]()

    def _child(self, key: str, make: Callable[[], QWidget]) -> QWidget | None:
        if self.review is None:
            return None
        window = self.children_windows.get(key)
        if window is None:
            window = self.children_windows[key] = make()
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    @property
    def formal_check(self) -> QWidget | None:
        """The formal-check window, once opened (as the expert's window names it)."""
        return self.children_windows.get("formal")

    def show_formal_check(self) -> QWidget | None:
        from reviewer.call import bundled_call
        from ui.formal_check_view import FormalCheckWindow

        def make() -> QWidget:
            assert self.review is not None
            window = FormalCheckWindow(self.review, bundled_call(), self.language, self)
            window.selection_changed.connect(lambda _id: self.refresh())
            return window
        return self._child("formal", make)

    def show_experts(self) -> QWidget | None:
        from reviewer.call import bundled_call
        from ui.panel_setup import ExpertsWindow

        def make() -> QWidget:
            assert self.review is not None
            window = ExpertsWindow(self.review, bundled_call(), self.language, self)
            window.changed.connect(self.refresh)
            window.packages_written.connect(lambda _written: self.refresh())
            return window
        return self._child("experts", make)

    def write_packages(self) -> None:
        window = self.show_experts()
        if window is not None:
            window.ask_packages()  # type: ignore[attr-defined]

    def show_panel_board(self) -> QWidget | None:
        from ui.panel_board import PanelBoardWindow

        def make() -> QWidget:
            assert self.review is not None
            return PanelBoardWindow(self.review, self.language, self)
        return self._child("board", make)

    def merge_score_files(self) -> None:
        from ui.package_actions import ask_merge

        if self.review is None:
            return
        run = ask_merge(self, self.review, self.language)
        if run is not None:
            self.runs.append(run)
            run.merged.connect(lambda _lines: self._merged())  # type: ignore[attr-defined]

    def _merged(self) -> None:
        board = self.children_windows.get("board")
        if board is not None:
            board.reload()  # type: ignore[attr-defined]
        self.refresh()

    def export_documents(self) -> None:
        from ui.export_action import ask_export

        if self.review is not None:
            run = ask_export(self, self.review, self.language, self.statusBar().showMessage)
            if run is not None:
                self.runs.append(run)


def is_chair(review: Review | None) -> bool:
    """A chair's review opens the cockpit (the role is stored when the batch is imported)."""
    info = review.info() if review is not None else None
    return info is not None and info.role == "chair"

