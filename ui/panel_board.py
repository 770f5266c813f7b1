"""The chair's board (专家组看板): per direction the declarations × experts, a declaration's detail, 拟支持.

The chair picks a direction and how scores are consolidated; the table shows
every expert's total with the deviations still to resolve; selecting a
declaration shows the experts' criterion scores and opinions side by side and
the group-opinion editor.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView, QButtonGroup, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QHeaderView,
    QLabel, QLineEdit, QMainWindow, QMessageBox, QPlainTextEdit, QPushButton, QSpinBox, QSplitter, QTabWidget, QVBoxLayout, QWidget,
)

from reviewer.errors import ReviewerError
from ui.labels import direction_label
from ui.panel_models import (
    PAIR_ROLE, Board, BoardModel, Cell, CriteriaModel, Detail, OpinionsModel, PanelSnapshot, ProposedModel, cell_text,
    resolution_name,
)
from ui.widgets import read_only_table

if TYPE_CHECKING:
    from reviewer.panel.consolidation import ConsolidationSettings
    from reviewer.review import Review

METHODS = ("mean", "median", "trimmed")


class PanelBoardWindow(QMainWindow):
    """The board of the open chair review."""

    def __init__(self, review: Review, language: str = "zh", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from reviewer.panel.consolidation import load_settings

        self.review, self.language = review, language
        self.settings: ConsolidationSettings = load_settings(review)
        self.snapshot: PanelSnapshot | None = None
        self.detail: Detail | None = None
        self.opinion_for: int | None = None
        self.opening = False
        self.proposed_shown = False
        info = review.info()
        self.setWindowTitle(self.tr("专家组看板") + (f" — {info.title}" if info else ""))
        self.board_model, self.criteria_model = BoardModel(self), CriteriaModel(self)
        self.opinions_model, self.proposed_model = OpinionsModel(self), ProposedModel(self)
        self.save_timer = QTimer(self)
        self.save_timer.setSingleShot(True)
        self.save_timer.setInterval(400)
        self.save_timer.timeout.connect(self.save_group_opinion)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(10, 10, 10, 6)
        layout.addLayout(self._build_header())
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_board(), self.tr("看板"))
        self.tabs.addTab(self._build_proposed(), self.tr("拟支持"))
        self.tabs.addTab(self._build_charts(), self.tr("图表"))
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(body)
        self.resize(1360, 860)
        self.snapshot = PanelSnapshot(review, self.settings)
        self._fill_directions()
        self.tabs.currentChanged.connect(lambda _i: self._show_proposed())
        self.tabs.currentChanged.connect(lambda _i: self._show_charts())
        self.opening = True  # the board first; the first declaration's detail once the window is up
        self.reload(self.snapshot)
        QTimer.singleShot(0, self._finish_opening)

    # --- layout --------------------------------------------------------------------------------
    def _build_header(self) -> QVBoxLayout:
        self.direction = QComboBox()
        self.kendall = QLabel()
        self.kendall.setObjectName("muted")
        self.method = QComboBox()
        for method, text in zip(METHODS, (self.tr("平均分"), self.tr("中位数"), self.tr("去掉最高分和最低分"))):
            self.method.addItem(text, method)
        self.trim_min = QSpinBox()
        self.trim_min.setRange(3, 99)
        self.trim_min.setSuffix(self.tr(" 位专家起"))
        self.deviation = QSpinBox()
        self.deviation.setRange(1, 500)
        self.deviation.setSuffix(" %")
        self.proposed = QSpinBox()
        self.proposed.setRange(0, 9999)
        self.proposed.setSuffix(self.tr(" 项"))
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("方向")))
        self.direction.setMinimumWidth(380)
        top.addWidget(self.direction)
        top.addStretch(1)
        top.addWidget(self.kendall)
        rules = QHBoxLayout()
        for text, widget in ((self.tr("综合方法"), self.method), (self.tr("去掉最高最低分"), self.trim_min),
                             (self.tr("偏离阈值 ±"), self.deviation), (self.tr("本方向拟支持"), self.proposed)):
            rules.addWidget(QLabel(text))
            rules.addWidget(widget)
            rules.addSpacing(12)
        rules.addStretch(1)
        self.direction.currentIndexChanged.connect(lambda _i: self.show_direction())
        self.method.currentIndexChanged.connect(lambda _i: self._rules_changed())
        for spin in (self.trim_min, self.deviation, self.proposed):
            spin.editingFinished.connect(self._rules_changed)
        box = QVBoxLayout()
        box.addLayout(top)
        box.addLayout(rules)
        return box

    def _build_board(self) -> QWidget:
        self.table = read_only_table()
        self.table.setModel(self.board_model)
        self.table.selectionModel().currentChanged.connect(self._current_changed)
        self.resolve_button = QPushButton(self.tr("记录确认/更正…"))
        self.resolve_button.setEnabled(False)
        self.resolve_button.clicked.connect(self.ask_resolution)
        self.legend = QLabel(self.tr("▲ 偏离待处理（红色）；绿色为已记录确认或更正。选中一格可记录。"))
        self.legend.setObjectName("muted")
        self.missing = QLabel()
        self.missing.setWordWrap(True)
        self.missing.setStyleSheet("color: #b54708;")
        self.raw_button, self.z_button = QPushButton(self.tr("原始分")), QPushButton(self.tr("标准分"))
        self.z_button.setToolTip(self.tr("标准分：每位专家的总分按其本人所有已完成总分标准化（z 分数），消除打分松紧的差异"))
        self.score_view = QButtonGroup(self)
        for button in (self.raw_button, self.z_button):
            button.setCheckable(True)
            self.score_view.addButton(button)
        self.raw_button.setChecked(True)
        self.z_button.toggled.connect(self.set_z_view)
        bar = QHBoxLayout()
        bar.addWidget(self.raw_button)
        bar.addWidget(self.z_button)
        bar.addSpacing(12)
        bar.addWidget(self.legend, 1)
        bar.addWidget(self.resolve_button)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 6, 0, 0)
        top_layout.addLayout(bar)
        top_layout.addWidget(self.missing)
        top_layout.addWidget(self.table, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(self._build_detail())
        split.setSizes([430, 370])
        return split

    def _build_detail(self) -> QWidget:
        self.detail_title = QLabel(self.tr("选择一个项目，查看各位专家的评分和意见。"))
        self.detail_title.setObjectName("section")
        self.criteria_table = read_only_table()
        self.criteria_table.setModel(self.criteria_model)
        self.opinions_table = read_only_table()
        self.opinions_table.setModel(self.opinions_model)
        self.opinions_table.horizontalHeader().setStretchLastSection(True)
        self.group_opinion = QPlainTextEdit()
        self.group_opinion.setPlaceholderText(self.tr("专家组意见（由各位专家的意见生成初稿，可直接修改）"))
        self.dissent = QLineEdit()
        self.dissent.setPlaceholderText(self.tr("不同意见及理由（如有）"))
        self.group_opinion.textChanged.connect(self.save_timer.start)
        self.dissent.textEdited.connect(lambda _t: self.save_timer.start())
        self.saved_label = QLabel()
        self.saved_label.setObjectName("muted")
        right = QWidget()
        form = QVBoxLayout(right)
        form.setContentsMargins(0, 0, 0, 0)
        form.addWidget(self.opinions_table, 3)
        form.addWidget(QLabel(self.tr("专家组意见")))
        form.addWidget(self.group_opinion, 2)
        dissent_row = QFormLayout()
        dissent_row.addRow(self.tr("不同意见"), self.dissent)
        form.addLayout(dissent_row)
        form.addWidget(self.saved_label)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.criteria_table)
        split.addWidget(right)
        split.setSizes([760, 560])
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.detail_title)
        layout.addWidget(split, 1)
        return panel

    def _build_proposed(self) -> QWidget:
        self.proposed_summary = QLabel()
        self.proposed_summary.setObjectName("muted")
        self.proposed_table = read_only_table()
        self.proposed_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.proposed_table.setModel(self.proposed_model)
        header = self.proposed_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.addWidget(self.proposed_summary)
        layout.addWidget(self.proposed_table, 1)
        return panel

    def _fill_directions(self) -> None:
        assert self.snapshot is not None
        self.direction.blockSignals(True)
        for no in self.snapshot.directions():
            self.direction.addItem(direction_label(no, self.review.rubric(no).direction_name), no)
        self.direction.blockSignals(False)

    # --- showing -------------------------------------------------------------------------------
    def _build_charts(self) -> QWidget:
        """The charts the exported documents embed: distribution, experts against the panel, agreement."""
        from PySide6.QtWidgets import QScrollArea

        self.charts_shown = False
        self.chart_labels = [QLabel() for _ in range(3)]
        body = QWidget()
        column = QVBoxLayout(body)
        for label in self.chart_labels:
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            column.addWidget(label)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        return scroll

    def _show_charts(self) -> None:
        """Drawn when the tab is first looked at after a change (matplotlib loads only then)."""
        if self.charts_shown or self.tabs.currentIndex() != 2:
            return
        from PySide6.QtGui import QPixmap

        from reviewer.exports import charts
        from reviewer.exports.data import collect

        data = collect(self.review, with_opinions=False)
        for label, draw in zip(self.chart_labels, (charts.distribution, charts.experts_vs_panel, charts.agreement)):
            pixmap = QPixmap()
            pixmap.loadFromData(charts.png(draw(data, self.language)))   # labelled in the board's language
            label.setPixmap(pixmap.scaledToWidth(min(pixmap.width(), 1100), Qt.TransformationMode.SmoothTransformation))
        self.charts_shown = True

    def reload(self, snapshot: PanelSnapshot | None = None) -> None:
        """Recompute the panel's figures (after a merge, a setting or a resolution) and show them."""
        self.charts_shown = False
        self.snapshot = snapshot or PanelSnapshot(self.review, self.settings)
        self._show_rules()
        self.show_direction()
        self._show_charts()

    def current_direction(self) -> int | None:
        data = self.direction.currentData()
        return int(data) if data is not None else None

    def set_direction(self, direction: int) -> None:
        self.direction.setCurrentIndex(self.direction.findData(direction))

    def show_direction(self) -> None:
        direction = self.current_direction()
        if direction is None or self.snapshot is None:
            return
        selected = self._current_declaration()
        self.flush_group_opinion()
        board = self.snapshot.board(direction)
        self.board_model.reset(board, self.snapshot.zscores(board) if self.z_button.isChecked() else None)
        self.missing.setText(self.missing_text(board))
        self.missing.setVisible(bool(self.missing.text()))
        self._size_columns()
        w = board.kendall
        self.kendall.setText(self.tr("专家组一致性（肯德尔 W）：{w}").format(w="—" if w is None else f"{w:.3f}"))
        self.proposed.blockSignals(True)
        self.proposed.setValue(self.settings.proposed.get(direction, 0))
        self.proposed.blockSignals(False)
        self.proposed_shown = False
        self._show_proposed()
        ids = [r.declaration_id for r in board.rows]
        if ids:  # on opening, the detail waits for the event loop: the board shows first
            self.select_declaration(selected if selected in ids else ids[0], detail=not self.opening)
        else:
            self._show_detail(None)

    def missing_text(self, board: Board) -> str:
        """What the direction still lacks, said instead of figures that cannot be formed yet."""
        assert self.snapshot is not None
        if not self.snapshot.submitted:
            return self.tr("尚无专家交回评分文件：合并评分文件后这里显示各位专家的评分。")
        parts = []
        pending = sum(r.formal == "pending" for r in board.rows)
        taking_part = [r for r in board.rows if r.formal not in ("pending", "excluded")]
        unscored = sum(r.n == 0 for r in taking_part)
        if pending:
            parts.append(self.tr("{n} 项形式审查待处理，不分配、不排名。").format(n=pending))
        if unscored:
            parts.append(self.tr("{n} 项尚无完整评分（专家未交回、未完成或全部回避），暂不排名。").format(n=unscored))
        if taking_part and all(r.vetoed for r in taking_part):
            parts.append(self.tr("本方向参评项目均被否决，没有拟支持项目。"))
        return " ".join(parts)

    def set_z_view(self, on: bool) -> None:
        """原始分 / 标准分: the experts' totals as given, or standardised per expert (consolidation.zscores)."""
        if self.z_button.isChecked() != on:
            (self.z_button if on else self.raw_button).setChecked(True)  # toggled comes back here
            return
        board = self.board_model.board
        if board is not None and self.snapshot is not None:
            self.board_model.show_z(self.snapshot.zscores(board) if on else None)

    def _show_proposed(self) -> None:
        """拟支持 is computed when its tab is looked at (the board opens without it)."""
        direction = self.current_direction()
        if self.proposed_shown or self.tabs.currentIndex() != 1 or direction is None or self.snapshot is None:
            return
        rows = self.snapshot.proposed(direction)
        self.proposed_model.reset(rows)
        chosen = sum(r.status != "vetoed" for r in rows)
        self.proposed_summary.setText(self.tr("名额 {quota} 项，拟支持 {count} 项；名额处并列的全部列入，否决的项目不列入。")
                                      .format(quota=self.settings.proposed.get(direction, 0), count=chosen))
        self.proposed_shown = True

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultSectionSize(64)
        self.table.setColumnWidth(0, 96)
        self.table.setColumnWidth(1, 260)
        last = self.board_model.columnCount() - 1
        metrics, body = header.fontMetrics(), self.table.fontMetrics()
        experts = range(BoardModel.FIXED, BoardModel.FIXED + len(self.board_model.board.experts if self.board_model.board else ()))
        words = (Cell(None, False, True, False), Cell(None, False, False, False, returned=False), Cell(None, False, False, False))
        state = max(body.horizontalAdvance(cell_text(cell)) for cell in words) + 16   # 回避, 未交回, 未完成
        for column in range(2, last):  # wide enough for the header (names, "Consolidated") and, for an expert,
            text = str(self.board_model.headerData(column, Qt.Orientation.Horizontal))   # “not returned”; ≥ 64
            width = max(64, metrics.horizontalAdvance(text) + 20)
            self.table.setColumnWidth(column, max(width, state) if column in experts else width)
        self.table.resizeColumnToContents(last)   # the flags ("Formal check: Pending, not ranked") whole, even when
        header.setStretchLastSection(True)         # 25 experts leave no room to stretch into

    def _show_rules(self) -> None:
        for widget in (self.method, self.trim_min, self.deviation):
            widget.blockSignals(True)
        self.method.setCurrentIndex(self.method.findData(self.settings.method))
        self.trim_min.setValue(self.settings.trim_min_panel)
        self.deviation.setValue(round(self.settings.deviation * 100))
        for widget in (self.method, self.trim_min, self.deviation):
            widget.blockSignals(False)

    def _current_declaration(self) -> int | None:
        return self.detail.declaration_id if self.detail is not None else None

    def select_declaration(self, declaration_id: int, detail: bool = True) -> None:
        board = self.board_model.board
        assert board is not None
        row = next(i for i, r in enumerate(board.rows) if r.declaration_id == declaration_id)
        self.table.setCurrentIndex(self.board_model.index(row, 0))
        if detail and self._current_declaration() != declaration_id:  # the same row: currentChanged does not repeat it
            self._show_detail(declaration_id)

    def _finish_opening(self) -> None:
        self.opening = False
        current = self.table.currentIndex()
        if current.isValid() and self.detail is None:
            self._current_changed(current, current)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        pair = current.data(PAIR_ROLE) if current.isValid() else None
        cell = self.board_model.cell(current.row(), current.column()) if current.isValid() else None
        self.resolve_button.setEnabled(pair is not None and cell is not None and cell.deviation is not None)
        if current.isValid() and not self.opening:
            board = self.board_model.board
            assert board is not None
            declaration_id = board.rows[current.row()].declaration_id
            if declaration_id != self._current_declaration():
                self._show_detail(declaration_id)

    def _show_detail(self, declaration_id: int | None) -> None:
        from reviewer.panel.consolidation import group_opinion, seed_group_opinion

        self.flush_group_opinion()
        board = self.board_model.board
        assert self.snapshot is not None
        self.detail = self.snapshot.detail(board, declaration_id) if board and declaration_id is not None else None
        self.criteria_model.reset(self.detail)
        self.opinions_model.reset(self.detail)
        self.criteria_table.resizeColumnsToContents()
        self.criteria_table.setColumnWidth(0, min(self.criteria_table.columnWidth(0), 240))
        self.opinions_table.resizeColumnsToContents()
        self.opinions_table.setColumnWidth(4, min(self.opinions_table.columnWidth(4), 420))
        if declaration_id is None or board is None:
            self.opinion_for = None
            return
        row = next(r for r in board.rows if r.declaration_id == declaration_id)
        self.detail_title.setText(f"{row.code} · {row.project}（{row.applicant}）")
        text, dissent = group_opinion(self.review, declaration_id)
        self.opinion_for = None  # filling the editor is not an edit
        self.group_opinion.setPlainText(text or seed_group_opinion(self.review, declaration_id, self.language))
        self.dissent.setText(dissent)
        self.saved_label.setText(self.tr("初稿由专家评分汇总生成，与文件中未修改时的意见相同；修改后自动保存。") if not text else "")
        self.save_timer.stop()
        self.opinion_for = declaration_id

    # --- the chair's changes ------------------------------------------------------------------------
    def _rules_changed(self) -> None:
        settings = replace(self.settings, method=str(self.method.currentData()), trim_min_panel=self.trim_min.value(),
                           deviation=self.deviation.value() / 100)
        direction = self.current_direction()
        if direction is not None:
            settings = replace(settings, proposed={**self.settings.proposed, direction: self.proposed.value()})
        self.apply_settings(settings)

    def apply_settings(self, settings: ConsolidationSettings) -> None:
        from reviewer.panel.consolidation import save_settings

        if settings == self.settings:
            return
        try:
            save_settings(self.review, settings)
        except ReviewerError as exc:
            QMessageBox.warning(self, self.tr("无法保存"), exc.message(self.language))
            self._show_rules()
            return
        self.settings = settings
        self.reload()

    def save_group_opinion(self) -> None:
        from reviewer.panel.consolidation import set_group_opinion

        self.save_timer.stop()
        if self.opinion_for is None:
            return
        set_group_opinion(self.review, self.opinion_for, self.group_opinion.toPlainText(), self.dissent.text())
        self.saved_label.setText(self.tr("专家组意见已保存"))

    def flush_group_opinion(self) -> None:
        """Store an edit still waiting for its timer (before the editor shows another declaration)."""
        if self.save_timer.isActive():
            self.save_group_opinion()

    def resolve(self, expert_id: int, declaration_id: int, kind: str, note: str) -> str | None:
        """Record the expert's confirmation or correction; the core's message when it is refused."""
        from reviewer.panel.consolidation import resolve_deviation

        try:
            resolve_deviation(self.review, expert_id, declaration_id, kind, note)
        except ReviewerError as exc:
            return exc.message(self.language)
        current = self.table.currentIndex()
        self.reload()
        self.table.setCurrentIndex(self.board_model.index(current.row(), current.column()))
        return None

    def ask_resolution(self) -> None:
        current = self.table.currentIndex()
        pair = current.data(PAIR_ROLE)
        cell = self.board_model.cell(current.row(), current.column())
        expert = self.board_model.expert_at(current.column())
        if pair is None or cell is None or expert is None:
            return
        dialog = ResolutionDialog(self, expert[1], cell.deviation or 0.0, cell.resolution, cell.note)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            problem = self.resolve(pair[1], pair[0], dialog.kind(), dialog.note())
            if problem is None:
                return
            QMessageBox.warning(self, self.tr("无法记录"), problem)

    def closeEvent(self, event: object) -> None:
        self.flush_group_opinion()
        super().closeEvent(event)  # type: ignore[arg-type]


class ResolutionDialog(QDialog):
    """The expert's written confirmation or correction of a deviating total."""

    def __init__(self, parent: QWidget, expert: str, deviation: float, kind: str, note: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("记录确认/更正"))
        self.choice = QComboBox()
        for value in ("confirmed", "corrected"):
            self.choice.addItem(resolution_name(value), value)
        if kind:
            self.choice.setCurrentIndex(self.choice.findData(kind))
        self.text = QPlainTextEdit(note)
        self.text.setPlaceholderText(self.tr("必填：专家的书面确认或更正内容"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QFormLayout(self)
        layout.addRow(QLabel(self.tr("{expert} 的总分偏离专家组平均分 {value:+.1%}。").format(expert=expert, value=deviation)))
        layout.addRow(self.tr("处理"), self.choice)
        layout.addRow(self.tr("说明"), self.text)
        layout.addRow(buttons)

    def kind(self) -> str:
        return str(self.choice.currentData())

    def note(self) -> str:
        return self.text.toPlainText()
