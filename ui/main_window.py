"""The expert's window: declarations | application form | scoring pane."""

from __future__ import annotations

import hashlib
import sys
from datetime import datetime

from PySide6.QtCore import QByteArray, QEvent, QItemSelectionModel, QModelIndex, QObject, QRect, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QGuiApplication, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHeaderView, QLabel, QLineEdit, QMainWindow, QMenu, QProgressBar,
    QSplitter, QTreeView, QVBoxLayout, QWidget,
)

from typing import TYPE_CHECKING

from reviewer.scoring import ReviewState
from ui.declaration_model import COL_PROJECT, COL_RECOMMENDER, COL_STATE, COL_TOTAL, ID_ROLE, DeclarationFilter, DeclarationModel
from ui.document_pane import DocumentPane
from ui.edits import FieldEdit, FieldKey, write
from ui.labels import direction_label, state_name
from ui.scoring_panel import ScoringPanel

if TYPE_CHECKING:  # the review module pulls in SQLAlchemy; the window shows before it loads
    from reviewer.review import Edit, Review


class MainWindow(QMainWindow):
    language_requested = Signal(str)
    open_requested = Signal()
    import_requested = Signal()
    package_requested = Signal()

    def __init__(self, review: Review | None, settings: QSettings, language: str = "zh") -> None:
        """The window; with ``review=None`` it shows at once and waits for :meth:`attach`."""
        super().__init__()
        self.review: Review | None = None
        self.settings, self.language = settings, language
        self.current_id: int | None = None
        self.formal_check: QWidget | None = None
        self.panel_board: QWidget | None = None
        self.experts_window: QWidget | None = None
        self.merge_run: QObject | None = None
        self.export_run: QObject | None = None
        self.undo_stack = QUndoStack(self)
        self.setWindowTitle("")
        self.model = DeclarationModel([], self)
        self.proxy = DeclarationFilter(self)
        self.proxy.setSourceModel(self.model)
        self.documents = DocumentPane()
        self.scoring = ScoringPanel()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self._build_list())
        self.splitter.addWidget(self.documents)
        self.splitter.addWidget(self.scoring)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setCollapsible(1, False)
        self.splitter.setCollapsible(2, False)
        self.setCentralWidget(self.splitter)
        self._build_status_bar()
        self._build_menus()
        self.scoring.edited.connect(self._edited)
        self.tree.selectionModel().currentRowChanged.connect(self._current_changed)
        self._restore_geometry()
        self._restore_reading()
        if review is not None:
            self.attach(review)
        else:
            self.splitter.setEnabled(False)
            self.statusBar().showMessage(self.tr("正在打开评审库…"))

    def attach(self, review: Review) -> None:
        """Show a review: its declarations, progress, and where the expert left off."""
        self.review = review
        info = review.info()
        self.setWindowTitle(info.title if info else "")  # Qt adds " — 评审工作台" (the display name) itself
        self.model.reset(review.declarations())
        for no, name in sorted({(d.direction, d.direction_name) for d in self.model.summaries()}):
            self.direction_filter.addItem(direction_label(no, name), no)
        self._expand_groups()
        self._update_progress()
        self.splitter.setEnabled(True)
        self._enable_panel_actions(info.role if info else "", info.expert_name if info else "")
        self.statusBar().clearMessage()
        self._restore_current()

    # --- layout ----------------------------------------------------------------
    def _build_list(self) -> QWidget:
        panel = self.list_panel = QWidget()
        panel.setObjectName("listPanel")
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(8, 8, 4, 8)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("筛选项目（Ctrl+Shift+F）"))
        self.search.setToolTip(self.tr("按项目名称、申报单位、推荐单位筛选列表"))
        self.search.setClearButtonEnabled(True)
        self.direction_filter = QComboBox()
        self.direction_filter.addItem(self.tr("全部方向"), None)
        self.state_filter = QComboBox()
        self.state_filter.addItem(self.tr("全部状态"), None)
        for state in ReviewState:
            self.state_filter.addItem(state_name(state), state.value)
        self.tree = QTreeView()
        self.tree.setModel(self.proxy)
        self.tree.setUniformRowHeights(True)
        self.tree.setIndentation(12)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setAllColumnsShowFocus(True)
        self._expand_groups()
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_PROJECT, QHeaderView.ResizeMode.Stretch)
        for column in (COL_RECOMMENDER, COL_STATE, COL_TOTAL):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.activated.connect(lambda _index: self.scoring.focus_first_criterion())
        for widget in (self.search, self.direction_filter, self.state_filter):
            layout.addWidget(widget)
        layout.addWidget(self.tree, 1)
        panel.installEventFilter(self)
        self.search.textChanged.connect(self._filter_changed)
        self.direction_filter.currentIndexChanged.connect(self._filter_changed)
        self.state_filter.currentIndexChanged.connect(self._filter_changed)
        return panel

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A narrow list keeps the project names readable: the recommender column steps aside."""
        if watched is self.list_panel and event.type() == QEvent.Type.Resize:
            self.tree.setColumnHidden(COL_RECOMMENDER, self.list_panel.width() < 340)
        return False

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.progress_label = QLabel()
        self.progress_bar = QProgressBar()
        self.progress_bar.setMaximumWidth(160)
        self.progress_bar.setTextVisible(False)
        bar.addPermanentWidget(self.progress_label)
        bar.addPermanentWidget(self.progress_bar)
        self._update_progress()

    def _build_menus(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu(self.tr("文件(&F)"))
        self._action(file_menu, self.tr("打开评审库(&O)…"), QKeySequence.StandardKey.Open, self.open_requested.emit)
        self.import_action = self._action(file_menu, self.tr("导入申报批次(&I)…"), QKeySequence("Ctrl+I"),
                                          self.import_requested.emit)
        self._action(file_menu, self.tr("打开工作包(&P)…"), QKeySequence("Ctrl+Shift+O"), self.package_requested.emit)
        self.export_action = self._action(file_menu, self.tr("导出评分文件(&E)…"), None, self.export_scores)
        self.export_sheet_action = self._action(file_menu, self.tr("导出离线评分表(&S)…"), None, self.export_sheet)
        self.load_sheet_action = self._action(file_menu, self.tr("载入离线评分表(&L)…"), None, self.load_sheet)
        file_menu.addSeparator()
        self._action(file_menu, self.tr("退出(&X)"), QKeySequence.StandardKey.Quit, self.close)
        edit_menu = menu.addMenu(self.tr("编辑(&E)"))
        undo = self.undo_stack.createUndoAction(self, self.tr("撤销(&U)"))
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self, self.tr("重做(&R)"))
        redo.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Redo) + [QKeySequence("Ctrl+Y")])
        for action in (undo, redo):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            edit_menu.addAction(action)
        edit_menu.addSeparator()
        self._action(edit_menu, self.tr("在申报书中查找(&F)…"), QKeySequence.StandardKey.Find, self.documents.open_find)
        self._action(edit_menu, self.tr("筛选项目列表(&L)"), QKeySequence("Ctrl+Shift+F"), self._focus_search)
        self._build_review_menu(menu.addMenu(self.tr("评审(&R)")))
        self._build_view_menu(menu.addMenu(self.tr("视图(&V)")))
        help_menu = menu.addMenu(self.tr("帮助(&H)"))
        self._action(help_menu, self.tr("快捷键(&K)"), QKeySequence.StandardKey.HelpContents, self._show_shortcuts)
        self._action(help_menu, self.tr("关于评审工作台(&A)"), None, self._show_about)

    def _build_review_menu(self, review_menu: QMenu) -> None:
        self._action(review_menu, self.tr("上一个项目(&P)"), [QKeySequence("Ctrl+PgUp"), QKeySequence("Alt+Up")], lambda: self.step(-1))
        self._action(review_menu, self.tr("下一个项目(&N)"), [QKeySequence("Ctrl+PgDown"), QKeySequence("Alt+Down")], lambda: self.step(1))
        self._action(review_menu, self.tr("下一个未完成项目(&U)"), QKeySequence("Ctrl+Shift+N"), self.next_unfinished)
        review_menu.addSeparator()
        self._action(review_menu, self.tr("转到评分(&S)"), QKeySequence("F2"), self.scoring.focus_first_criterion)
        self._action(review_menu, self.tr("转到项目列表(&L)"), QKeySequence("F3"), self._focus_list)
        self._action(review_menu, self.tr("申报书下一节"), QKeySequence("Ctrl+]"), lambda: self.documents.navigate(1))
        self._action(review_menu, self.tr("申报书上一节"), QKeySequence("Ctrl+["), lambda: self.documents.navigate(-1))
        review_menu.addSeparator()
        self._action(review_menu, self.tr("我的评分概览(&O)…"), QKeySequence("Ctrl+Shift+V"), self.show_overview)
        self._action(review_menu, self.tr("并排比较两个项目(&W)…"), QKeySequence("Ctrl+Shift+C"), self.show_compare)
        review_menu.addSeparator()
        self.formal_action = self._action(review_menu, self.tr("形式审查(&C)…"), QKeySequence("Ctrl+Shift+K"),
                                          self.show_formal_check)
        self.merge_action = self._action(review_menu, self.tr("合并评分文件(&M)…"), None, self.merge_score_files)
        self.documents_action = self._action(review_menu, self.tr("导出评审文件(&D)…"), QKeySequence("Ctrl+E"),
                                             self.export_documents)
        self.board_action = self._action(review_menu, self.tr("专家组看板(&B)…"), QKeySequence("Ctrl+Shift+B"), self.show_panel_board)
        self.experts_action = self._action(review_menu, self.tr("专家与分配(&E)…"), None, self.show_experts)
        self._enable_panel_actions("")

    def _build_view_menu(self, view_menu: QMenu) -> None:
        self.reading_action = self._action(view_menu, self.tr("阅读模式(&R)"), [QKeySequence("F11"), QKeySequence("Ctrl+R")],
                                           self.set_reading_mode)
        self.reading_action.setCheckable(True)
        self.outline_action = self._action(view_menu, self.tr("显示申报书目录(&T)"), QKeySequence("Ctrl+Shift+T"),
                                           self.set_outline_shown)
        self.outline_action.setCheckable(True)
        self.terms_action = self._action(view_menu, self.tr("突出显示方向关键词(&K)"), QKeySequence("Ctrl+K"),
                                         self.documents.show_terms)
        self.terms_action.setCheckable(True)
        self.documents.terms_button.toggled.connect(self.terms_action.setChecked)
        view_menu.addSeparator()
        self._action(view_menu, self.tr("放大(&I)"), [QKeySequence("Ctrl+="), QKeySequence("Ctrl++")],
                     lambda: self.documents.set_zoom(self.documents.zoom + 1))
        self._action(view_menu, self.tr("缩小(&O)"), QKeySequence("Ctrl+-"), lambda: self.documents.set_zoom(self.documents.zoom - 1))
        self._action(view_menu, self.tr("原始大小(&Z)"), QKeySequence("Ctrl+0"), lambda: self.documents.set_zoom(0))
        self._action(view_menu, self.tr("打开申报书原文件(&W)"), None, self.documents.open_original)
        view_menu.addSeparator()
        language_menu = view_menu.addMenu(self.tr("语言 / Language(&L)"))
        group = QActionGroup(self)
        for code, name in (("zh", "中文"), ("en", "English")):
            action = language_menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(code == self.language)
            action.triggered.connect(lambda _checked=False, c=code: self.language_requested.emit(c))
            group.addAction(action)

    def _action(self, menu: object, text: str, shortcut: object, slot: object) -> QAction:
        action = QAction(text, self)
        if isinstance(shortcut, list):
            action.setShortcuts(shortcut)
        elif shortcut is not None:
            action.setShortcut(shortcut)  # type: ignore[arg-type]
        action.triggered.connect(slot)  # type: ignore[arg-type]
        menu.addAction(action)  # type: ignore[attr-defined]
        self.addAction(action)
        return action

    def _attached(self) -> Review:
        assert self.review is not None, "no review is open"
        return self.review

    # --- navigation ----------------------------------------------------------------
    def visible_ids(self) -> list[int]:
        ids: list[int] = []
        for g in range(self.proxy.rowCount()):
            group = self.proxy.index(g, 0)
            ids += [self.proxy.index(r, 0, group).data(ID_ROLE) for r in range(self.proxy.rowCount(group))]
        return ids

    def select(self, declaration_id: int) -> None:
        index = self.proxy.mapFromSource(self.model.index_of(declaration_id))
        if not index.isValid():  # filtered out: show everything again
            self.search.clear()
            self.direction_filter.setCurrentIndex(0)
            self.state_filter.setCurrentIndex(0)
            index = self.proxy.mapFromSource(self.model.index_of(declaration_id))
        self.tree.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.tree.scrollTo(index)

    def step(self, offset: int) -> None:
        ids = self.visible_ids()
        if not ids:
            return
        at = ids.index(self.current_id) if self.current_id in ids else -1
        self.select(ids[max(0, min(len(ids) - 1, at + offset))])

    def next_unfinished(self) -> None:
        order = [d.id for d in self.model.summaries()]
        start = order.index(self.current_id) + 1 if self.current_id in order else 0
        for declaration_id in order[start:] + order[:start]:
            if self.model.summary(declaration_id).state in (ReviewState.NOT_STARTED, ReviewState.IN_PROGRESS):
                self.select(declaration_id)
                self.scoring.focus_first_criterion()
                return
        self.statusBar().showMessage(self.tr("所有项目均已完成。"), 5000)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        declaration_id = current.data(ID_ROLE)
        if declaration_id is None:  # a direction row: open its first declaration
            child = self.proxy.index(0, 0, current.siblingAtColumn(0))
            if child.isValid():
                self.tree.setCurrentIndex(child)
            return
        self._show(declaration_id)

    def _show(self, declaration_id: int) -> None:
        self.current_id = declaration_id
        summary = self._attached().summary(declaration_id)
        self.scoring.load(summary, self._attached().rubric(summary.direction), self._attached().sheet(declaration_id))
        self.documents.show_documents(self._attached().documents(declaration_id), self._attached().batch_root())
        self.documents.set_terms(key_terms(summary.direction))
        self.settings.setValue(self._key("current"), declaration_id)

    def _filter_changed(self) -> None:
        self.proxy.set_filter(self.direction_filter.currentData(), self.state_filter.currentData(), self.search.text())
        self._expand_groups()

    def _expand_groups(self) -> None:
        """Direction rows span the whole width and stay open."""
        for g in range(self.proxy.rowCount()):
            self.tree.setFirstColumnSpanned(g, QModelIndex(), True)
        self.tree.expandAll()

    def _focus_search(self) -> None:
        self.set_reading_mode(False)
        self.search.setFocus()
        self.search.selectAll()

    def _focus_list(self) -> None:
        self.set_reading_mode(False)
        self.tree.setFocus()

    # --- reading -----------------------------------------------------------------------
    def set_reading_mode(self, on: bool) -> None:
        """Reading mode: the list and the form's outline step aside; the form and the scores stay."""
        on = bool(on)
        self.reading_action.setChecked(on)
        self.list_panel.setVisible(not on)
        self.documents.outline.setVisible(not on and self.outline_action.isChecked())
        self.settings.setValue("reading/mode", on)

    def set_outline_shown(self, on: bool) -> None:
        self.outline_action.setChecked(bool(on))
        self.documents.outline.setVisible(bool(on) and not self.reading_action.isChecked())
        self.settings.setValue("reading/outline", bool(on))

    def _restore_reading(self) -> None:
        self.documents.set_zoom(_setting_int(self.settings.value("reading/zoom"), 0))
        self.documents.zoom_changed.connect(lambda step: self.settings.setValue("reading/zoom", step))
        wide = self.width() >= 1600  # on a laptop the form's outline starts folded away (Ctrl+Shift+T)
        self.set_outline_shown(_setting_bool(self.settings.value("reading/outline"), wide))
        self.set_reading_mode(_setting_bool(self.settings.value("reading/mode"), False))
        self.documents.show_terms(_setting_bool(self.settings.value("reading/terms"), False))
        self.terms_action.toggled.connect(lambda on: self.settings.setValue("reading/terms", on))

    def show_overview(self) -> QWidget | None:
        """The expert's own ranking per direction, to check before handing in."""
        if self.review is None:
            return None
        from ui.overview import OverviewWindow

        window = OverviewWindow(self.model.summaries(), self)
        window.open_requested.connect(self.select)
        window.compare_requested.connect(self.show_compare)
        window.show()
        return window

    def show_compare(self, first: int | None = None, second: int | None = None) -> QWidget | None:
        """Two declarations side by side: their forms and the expert's scores."""
        if self.review is None or self.current_id is None:
            return None
        from ui.overview import CompareWindow

        window = CompareWindow(self.review, self.model.summaries(), first or self.current_id, second, self)
        window.show()
        return window

    # --- editing ---------------------------------------------------------------------
    def _edited(self, key: FieldKey, value: object) -> None:
        if self.current_id is None:
            return
        review = self._attached()
        try:
            done = write(review, self.current_id, key, value)
        except Exception as error:  # noqa: BLE001 - refused or not written: the pane goes back to what is stored
            self._write_failed(self.current_id, error)
            return
        self.undo_stack.push(FieldEdit(review, done, key, value, self._applied, self._write_failed, self._edit_text(key)))
        if done.new != value and self.current_id == done.declaration_id:  # stored cleaned (control characters)
            self.scoring.show_sheet(review.sheet(done.declaration_id))

    def _write_failed(self, declaration_id: int, error: Exception) -> None:
        """A write the store refused or could not make: show what the store holds, then say why (the one
        error dialog, through the same hook as any uncaught error)."""
        try:
            review = self._attached()
            self.model.update(review.summary(declaration_id))
            if declaration_id == self.current_id:
                self.scoring.show_sheet(review.sheet(declaration_id))
        finally:
            sys.excepthook(type(error), error, error.__traceback__)

    def _edit_text(self, key: FieldKey) -> str:
        names = {"points": self.tr("评分"), "remark": self.tr("评分说明"), "opinion": self.tr("评审意见"),
                 "recommendation": self.tr("推荐意见"), "veto": self.tr("否决项"), "recused": self.tr("回避"),
                 "recusal_reason": self.tr("回避理由")}
        return names[key[0]] + (f" {key[1]}" if len(key) > 1 else "")

    def _applied(self, edit: Edit, from_stack: bool) -> None:
        """After every committed write: say so, refresh the list and, on undo/redo, the pane."""
        self.model.update(self._attached().summary(edit.declaration_id))
        self._update_progress()
        stamp = datetime.fromisoformat(edit.at).strftime("%H:%M:%S")
        self.statusBar().showMessage(self.tr("已保存 {time}").format(time=stamp))
        if from_stack:
            if edit.declaration_id != self.current_id:
                self.select(edit.declaration_id)
            else:
                self.scoring.show_sheet(self._attached().sheet(edit.declaration_id))

    def _update_progress(self) -> None:
        summaries = self.model.summaries()
        done = sum(d.state in (ReviewState.DONE, ReviewState.RECUSED) for d in summaries)
        self.progress_label.setText(self.tr("{done}/{total} 已完成").format(done=done, total=len(summaries)))
        self.progress_bar.setRange(0, max(1, len(summaries)))
        self.progress_bar.setValue(done)

    # --- formal check -------------------------------------------------------------------
    def show_formal_check(self) -> QWidget | None:
        """The formal-check window of the open review (one per window)."""
        if self.review is None:
            return None
        if self.formal_check is None:
            from reviewer.call import bundled_call
            from ui.formal_check_view import FormalCheckWindow

            self.formal_check = FormalCheckWindow(self.review, bundled_call(), self.language, self)
            self.formal_check.selection_changed.connect(lambda _id: self.reload_declarations())
        self.formal_check.show()
        self.formal_check.raise_()
        self.formal_check.activateWindow()
        return self.formal_check

    # --- the panel: score files and the chair's board ------------------------------------------------
    def _enable_panel_actions(self, role: str, expert_name: str = "") -> None:
        """Experts' actions for an expert's review; the chair's for the chair's. An expert's review (made from
        a work package: it names the expert) does not show the chair's actions at all."""
        for action in (self.export_action, self.export_sheet_action, self.load_sheet_action):
            action.setEnabled(role == "expert")
        chair_only = (self.merge_action, self.board_action, self.experts_action, self.documents_action)
        for action in chair_only:
            action.setEnabled(role == "chair")
        expert_mode = role == "expert" and bool(expert_name)
        for action in (*chair_only, self.import_action, self.formal_action):
            action.setVisible(not expert_mode)

    def export_scores(self) -> None:
        from ui.package_actions import ask_export

        if self.review is not None:
            ask_export(self, self.review, self.language, self.statusBar().showMessage)

    def export_sheet(self) -> None:
        from ui.package_actions import ask_export_sheet

        if self.review is not None:
            ask_export_sheet(self, self.review, self.language, self.statusBar().showMessage)

    def load_sheet(self) -> None:
        from ui.package_actions import ask_load_sheet

        if self.review is not None and ask_load_sheet(self, self.review, self.language, self.statusBar().showMessage):
            self.sheet_loaded()

    def sheet_loaded(self) -> None:
        """A loaded sheet wrote past the undo stack: forget the stack, show the review's values again."""
        self.undo_stack.clear()
        self.reload_declarations()
        if self.current_id is not None:
            self.scoring.show_sheet(self._attached().sheet(self.current_id))

    def merge_score_files(self) -> None:
        from ui.package_actions import ask_merge

        if self.review is not None:
            self.merge_run = ask_merge(self, self.review, self.language)
            if self.merge_run is not None:
                self.merge_run.merged.connect(lambda _lines: self._panel_changed())  # type: ignore[attr-defined]

    def export_documents(self) -> None:
        """Review ▸ Export documents…: opinions, summaries, personal sheets, the formal report, xlsx, charts."""
        from ui.export_action import ask_export

        if self.review is not None:
            self.export_run = ask_export(self, self.review, self.language, self.statusBar().showMessage)

    def _panel_changed(self) -> None:
        if self.panel_board is not None:
            self.panel_board.reload()  # type: ignore[attr-defined]

    def show_experts(self) -> QWidget | None:
        """The chair's experts and assignments (one per window)."""
        if self.review is None:
            return None
        if self.experts_window is None:
            from reviewer.call import bundled_call
            from ui.panel_setup import ExpertsWindow

            self.experts_window = ExpertsWindow(self.review, bundled_call(), self.language, self)
        self.experts_window.show()
        self.experts_window.raise_()
        self.experts_window.activateWindow()
        return self.experts_window

    def show_panel_board(self) -> QWidget | None:
        """The chair's board of the open review (one per window)."""
        if self.review is None:
            return None
        if self.panel_board is None:
            from ui.panel_board import PanelBoardWindow

            self.panel_board = PanelBoardWindow(self.review, self.language, self)
        self.panel_board.show()
        self.panel_board.raise_()
        self.panel_board.activateWindow()
        return self.panel_board

    def reload_declarations(self) -> None:
        """The declarations under review changed (the chair's selection): refill the list."""
        self.model.reset(self._attached().declarations())
        self._expand_groups()
        self._update_progress()
        self._restore_current()

    # --- state across sessions --------------------------------------------------------
    def _key(self, name: str) -> str:
        digest = hashlib.sha1(str(self._attached().path.resolve()).encode()).hexdigest()[:12]
        return f"reviews/{digest}/{name}"

    def _restore_geometry(self) -> None:
        """Where the expert left the window; on first start 90 % of the screen's free area, centred."""
        geometry = self.settings.value("window/geometry")
        if not isinstance(geometry, (QByteArray, bytes)) or not self.restoreGeometry(geometry):
            screen = self.screen() or QGuiApplication.primaryScreen()
            self.fit_to(screen.availableGeometry())
        state = self.settings.value("window/splitter")
        if not isinstance(state, (QByteArray, bytes)) or not self.splitter.restoreState(state):
            self._default_splitter(self.width())

    def fit_to(self, available: QRect) -> None:
        """Size the window to ``available`` (a screen's free area): never larger, the form widest."""
        self.setGeometry(first_geometry(available))
        self._default_splitter(self.width())

    def _default_splitter(self, width: int) -> None:
        scoring = max(360, int(width * 0.32))
        listing = max(220, int(width * 0.2))
        self.splitter.setSizes([listing, max(300, width - scoring - listing), scoring])

    def _restore_current(self) -> None:
        ids = [d.id for d in self.model.summaries()]
        remembered = self.settings.value(self._key("current"))
        wanted = int(remembered) if remembered is not None and int(remembered) in ids else (ids[0] if ids else None)
        if wanted is not None:
            self.select(wanted)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.settings.sync()
        super().closeEvent(event)

    # --- help --------------------------------------------------------------------------
    def _show_shortcuts(self) -> None:
        from ui.help import show_shortcuts

        show_shortcuts(self)

    def _show_about(self) -> None:
        from ui.help import show_about

        show_about(self, self.review.path if self.review else None)


def first_geometry(available: QRect) -> QRect:
    """90 % of a screen's free area, centred on it: the window of a first start."""
    width, height = int(available.width() * 0.9), int(available.height() * 0.9)
    rect = QRect(0, 0, width, height)
    rect.moveCenter(available.center())
    return rect


def key_terms(direction: int) -> tuple[str, ...]:
    """The direction's key terms from the call ("三、示范内容"); none for a direction the call does not name."""
    from reviewer.call import bundled_call

    try:
        return bundled_call().direction(direction).keywords
    except KeyError:
        return ()


def _setting_int(value: object, default: int) -> int:
    """A number from the settings file, which a person may have edited: anything else is the default."""
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return default


def _setting_bool(value: object, default: bool) -> bool:
    if isinstance(value, bool):
        return value
    return {"true": True, "false": False}.get(str(value).lower(), default)
