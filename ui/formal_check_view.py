"""The formal-check window (形式审查): findings, quotas, the batch's declarations, the audit log.

The chair reads what the import found, checks the quotas, takes a declaration
into review or out of it (with a reason that goes into the audit log) and
exports the findings to Excel.
"""

from __future__ import annotations

import html
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel,
    QLineEdit, QMainWindow, QMessageBox, QPlainTextEdit, QPushButton, QStyledItemDelegate, QStyleOptionViewItem,
    QTableView, QTabWidget, QTreeView, QVBoxLayout, QWidget,
)

from reviewer.errors import ReviewerError
from reviewer.importing.findings import Severity
from ui.formal_check_models import (
    BY_CODE, BY_RECOMMENDER, COL_DECLARATION, COL_FILE, COL_MESSAGE, COL_SEVERITY, D_APPLICANT, D_CODE, D_DIRECTION,
    D_FINDINGS, D_FORMAL, D_PROJECT, D_SELECTED, FINDING_ROLE, Q_RECOMMENDED, Q_SELECTED, SEVERITY_ORDER, AuditModel,
    DeclarationSelectionModel, FindingLine, FindingsModel, QuotaModel, code_name, finding_recommender, selection_name,
    severity_name,
)

if TYPE_CHECKING:
    from reviewer.call import Call
    from reviewer.review import DeclarationSummary, Review

Index = QModelIndex | QPersistentModelIndex


class ElideMiddle(QStyledItemDelegate):
    """File paths keep their beginning (the recommender) and their end (the file name)."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle  # type: ignore[attr-defined]


class FormalCheckWindow(QMainWindow):
    """What the formal check found in the open review, and the chair's selection decisions."""

    selection_changed = Signal(int)  # a declaration was taken into review or out of it

    def __init__(self, review: Review, call: Call, language: str = "zh", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.review, self.call, self.language = review, call, language
        info = review.info()
        self.setWindowTitle(self.tr("形式审查") + (f" — {info.title}" if info else ""))
        self.findings_model = FindingsModel(self)
        self.quota_model = QuotaModel(call, self)
        self.declarations_model = DeclarationSelectionModel(self)
        self.audit_model = AuditModel(self)
        self.summary = QLabel()
        self.summary.setObjectName("muted")
        self.export_button = QPushButton(self.tr("导出 Excel…"))
        self.export_button.clicked.connect(self.ask_export)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_findings(), "")
        self.tabs.addTab(self._build_quotas(), "")
        self.tabs.addTab(self._build_declarations(), "")
        self.tabs.addTab(self._build_audit(), "")
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.export_button)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(10, 10, 10, 6)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(body)
        self.resize(1180, 720)
        self.reload()

    # --- layout --------------------------------------------------------------------------
    def _build_findings(self) -> QWidget:
        page = QWidget()
        self.filter_text = QLineEdit()
        self.filter_text.setPlaceholderText(self.tr("筛选：推荐单位、申报项目、文件、说明"))
        self.filter_text.setClearButtonEnabled(True)
        self.severity_filter = QComboBox()
        self.severity_filter.addItem(self.tr("全部级别"), None)
        for severity in SEVERITY_ORDER:
            self.severity_filter.addItem(severity_name(severity), severity.value)
        self.grouping = QComboBox()
        self.grouping.addItem(self.tr("按推荐单位"), BY_RECOMMENDER)
        self.grouping.addItem(self.tr("按问题类型"), BY_CODE)
        self.findings_tree = QTreeView()
        self.findings_tree.setModel(self.findings_model)
        _list_look(self.findings_tree)
        self.findings_tree.setUniformRowHeights(True)
        self.findings_tree.setItemDelegateForColumn(COL_FILE, ElideMiddle(self.findings_tree))
        header = self.findings_tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_MESSAGE, QHeaderView.ResizeMode.Stretch)
        severity_width = max(self.fontMetrics().horizontalAdvance(severity_name(s)) for s in SEVERITY_ORDER) + 96
        for column, width in ((COL_SEVERITY, severity_width), (COL_DECLARATION, 320), (COL_FILE, 260)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setMinimumHeight(self.fontMetrics().lineSpacing() * 3 + 8)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        bar = QHBoxLayout()
        bar.addWidget(self.filter_text, 1)
        bar.addWidget(self.severity_filter)
        bar.addWidget(QLabel(self.tr("分组：")))
        bar.addWidget(self.grouping)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(bar)
        layout.addWidget(self.findings_tree, 1)
        layout.addWidget(self.detail)
        self.filter_text.textChanged.connect(self._findings_filter_changed)
        self.severity_filter.currentIndexChanged.connect(self._findings_filter_changed)
        self.grouping.currentIndexChanged.connect(lambda _i: self._regroup())
        self.findings_tree.selectionModel().currentChanged.connect(self._show_detail)
        return page

    def _build_quotas(self) -> QWidget:
        page = QWidget()
        self.quota_note = QLabel()
        self.quota_note.setWordWrap(True)
        self.quota_table = QTableView()
        self.quota_table.setModel(self.quota_model)
        _table_look(self.quota_table, stretch=None)
        self.quota_table.setAlternatingRowColors(False)  # the model shades each recommender's block instead
        layout = QVBoxLayout(page)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.quota_note)
        layout.addWidget(self.quota_table, 1)
        return page

    def _build_declarations(self) -> QWidget:
        page = QWidget()
        self.override_button = QPushButton(self.tr("调整入选状态…"))
        self.override_button.setEnabled(False)
        self.override_button.clicked.connect(lambda: self.ask_override())
        self.resolve_button = QPushButton(self.tr("处理形式审查问题…"))
        self.resolve_button.setEnabled(False)
        self.resolve_button.clicked.connect(lambda: self.ask_resolution())
        hint = QLabel(self.tr("超出名额的项目按推荐顺序不予评审；有错误的项目待处理，不分配、不排名、不列入拟支持。"
                              "组长可接受、更正、补充材料或排除，须填写理由，并记入调整记录。"))
        hint.setObjectName("muted")
        hint.setWordWrap(True)
        self.declarations_table = QTableView()
        self.declarations_table.setModel(self.declarations_model)
        _table_look(self.declarations_table, stretch=D_PROJECT)
        self.declarations_table.doubleClicked.connect(lambda index: self.ask_override(index.row()))
        self.declarations_table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._declaration_changed(current))
        bar = QHBoxLayout()
        bar.addWidget(hint, 1)
        bar.addWidget(self.resolve_button)
        bar.addWidget(self.override_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(bar)
        layout.addWidget(self.declarations_table, 1)
        return page

    def _build_audit(self) -> QWidget:
        page = QWidget()
        self.audit_table = QTableView()
        self.audit_table.setModel(self.audit_model)
        _table_look(self.audit_table, stretch=4)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.audit_table, 1)
        return page

    # --- reading the review ------------------------------------------------------------------
    def reload(self) -> None:
        """Read the formal check of the review into every model."""
        from reviewer.formal_check import audit_log, findings, quota_table, statuses

        everything = self.review.declarations(include_unselected=True)
        selected = {d.id for d in self.review.declarations()}
        quotas = quota_table(self.review, self.call)
        order = list(dict.fromkeys(line.recommender for line in quotas))
        recommender_of = {d.code: d.recommender for d in everything}
        projects = {d.code: d.project_name for d in everything}
        lines = [FindingLine(f, finding_recommender(f, self.call, recommender_of), projects.get(f.declaration, ""),
                             f.message(self.language)) for f in findings(self.review)]
        self.findings_model.reset(lines, order)
        self.quota_model.reset(quotas)
        rank = {name: i for i, name in enumerate(order)}
        everything.sort(key=lambda d: (rank.get(d.recommender, len(rank)), d.seq))
        formal = {i: status.value for i, status in statuses(self.review).items()}
        self.declarations_model.reset(everything, selected, Counter(line.finding.declaration for line in lines), formal)
        self.audit_model.reset(audit_log(self.review))
        self._after_change()
        self._fit_columns()
        self._expand()

    def _after_change(self) -> None:
        counts = self.findings_model.counts()
        total = sum(counts.values())
        rows = self.declarations_model.rowCount()
        chosen = sum(self.declarations_model.is_selected(self.declarations_model.declaration(r).id) for r in range(rows))
        over = self.quota_model.over_quota()
        summary = self.tr("申报项目 {total} 个，入选 {selected} 个；发现问题 {findings} 条（错误 {errors}，警告 {warnings}，提示 {infos}）。")
        self.summary.setText(summary.format(
            total=rows, selected=chosen, findings=total, errors=counts[Severity.ERROR],
            warnings=counts[Severity.WARNING], infos=counts[Severity.INFO]))
        self.tabs.setTabText(0, self.tr("问题 ({n})").format(n=total))
        self.tabs.setTabText(1, self.tr("名额 (超出 {n})").format(n=len(over)) if over else self.tr("名额"))
        self.tabs.setTabText(2, self.tr("申报项目 ({n})").format(n=rows))
        self.tabs.setTabText(3, self.tr("调整记录 ({n})").format(n=self.audit_model.rowCount()))
        names = self.tr("、").join(dict.fromkeys(line.recommender for line in over))
        over_text = self.tr("超出名额：{names}。按通知，超出名额的项目按推荐顺序取前若干个，其余不予评审。")
        self.quota_note.setText(over_text.format(names=names) if over else self.tr("所有推荐单位的推荐数均在名额之内。"))

    def _fit_columns(self) -> None:
        """Columns as wide as their contents, with air; numbers get room for their header."""
        _fit(self.quota_table, range(7))
        for column in range(Q_RECOMMENDED, Q_SELECTED + 1):
            self.quota_table.setColumnWidth(column, max(self.quota_table.columnWidth(column), 84))
        _fit(self.declarations_table, (D_SELECTED, D_CODE, D_DIRECTION, D_APPLICANT, D_FINDINGS, D_FORMAL))
        _fit(self.audit_table, range(4))

    # --- findings ------------------------------------------------------------------------------
    def _findings_filter_changed(self) -> None:
        value = self.severity_filter.currentData()
        self.findings_model.set_filter(self.filter_text.text(), Severity(value) if value else None)
        self._expand()

    def _regroup(self) -> None:
        self.findings_model.set_grouping(self.grouping.currentData())
        self._expand()

    def _expand(self) -> None:
        for g in range(self.findings_model.rowCount()):
            self.findings_tree.setFirstColumnSpanned(g, QModelIndex(), True)
        self.findings_tree.expandAll()
        self._show_detail(QModelIndex(), QModelIndex())

    def _show_detail(self, current: QModelIndex, _previous: QModelIndex) -> None:
        finding = current.siblingAtColumn(0).data(FINDING_ROLE)
        if finding is None:
            hint = self.tr("选中一条问题，在此查看完整说明。")
            self.detail.setText(f"<span style='color:#5f6b7a'>{html.escape(hint)}</span>")
            return
        project = current.siblingAtColumn(COL_DECLARATION).data()
        message = current.siblingAtColumn(COL_MESSAGE).data()
        parts = [f"<b>{html.escape(project)}</b> · {html.escape(code_name(finding.code))}", html.escape(message)]
        if finding.file:
            parts.append(html.escape(self.tr("文件：{file}").format(file=finding.file)))
        self.detail.setText("<br>".join(parts))

    # --- selection overrides ---------------------------------------------------------------------
    def ask_override(self, row: int | None = None) -> None:
        """Ask for the reason, then take the declaration into review or out of it."""
        if row is None:
            row = self.declarations_table.currentIndex().row()
        if row < 0:
            return
        declaration = self.declarations_model.declaration(row)
        selected = self.declarations_model.is_selected(declaration.id)
        related = [line.message for line in self.findings_model.of_declaration(declaration.code)]
        dialog = SelectionDialog(declaration, selected, related, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        error = self.apply_override(declaration.id, not selected, dialog.reason())
        if error:
            QMessageBox.warning(self, self.tr("无法调整入选状态"), error)

    def apply_override(self, declaration_id: int, selected: bool, reason: str) -> str | None:
        """The chair's decision, stored with its reason; returns why it was refused, or None."""
        from reviewer.formal_check import audit_log, quota_table, set_selected

        try:
            set_selected(self.review, declaration_id, selected, reason)
        except ReviewerError as exc:
            return exc.message(self.language)
        self.declarations_model.set_selected(declaration_id, selected)
        self.quota_model.reset(quota_table(self.review, self.call))
        self.audit_model.reset(audit_log(self.review))
        self._after_change()
        _fit(self.audit_table, range(4))
        code = self.declarations_model.declaration(self.declarations_model.row_of(declaration_id)).code
        self.statusBar().showMessage(self.tr("{code} 已调整为{state}，已记入调整记录。").format(
            code=code, state=selection_name(selected)), 8000)
        self.selection_changed.emit(declaration_id)
        return None

    # --- resolutions of the formal check ----------------------------------------------------------
    def _declaration_changed(self, current: QModelIndex) -> None:
        self.override_button.setEnabled(current.isValid())
        self.resolve_button.setEnabled(current.isValid())

    def ask_resolution(self, row: int | None = None) -> None:
        """The chair resolves a declaration's findings: accept, correct a field, attach a document, or exclude."""
        if row is None:
            row = self.declarations_table.currentIndex().row()
        if row < 0:
            return
        from ui.formal_resolution import ResolutionDialog

        declaration = self.declarations_model.declaration(row)
        related = [line.message for line in self.findings_model.of_declaration(declaration.code)]
        dialog = ResolutionDialog(declaration, self.declarations_model.formal(declaration.id), related, self.call, self)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            error = self.apply_resolution(declaration.id, **dialog.choice())
            if error is None:
                return
            QMessageBox.warning(self, self.tr("无法记录"), error)

    def apply_resolution(self, declaration_id: int, kind: str, reason: str, field: str = "", value: str = "",
                         document: Path | None = None) -> str | None:
        """Record the chair's resolution (the core checks it); returns why it was refused, or None."""
        from reviewer import formal_check
        from reviewer.formal_status import FormalStatus

        try:
            if kind == "corrected":
                formal_check.correct(self.review, self.call, declaration_id, field, value, reason)
            elif kind == "supplemented":
                if document is None:
                    return self.tr("请选择补充材料文件。")
                formal_check.supplement(self.review, declaration_id, document, reason)
            else:
                formal_check.resolve(self.review, declaration_id, FormalStatus(kind), reason)
        except ReviewerError as exc:
            return exc.message(self.language)
        self.reload()
        self.declarations_table.setCurrentIndex(self.declarations_model.index(self.declarations_model.row_of(declaration_id), 0))
        self.statusBar().showMessage(self.tr("已记录形式审查处理，已记入调整记录。"), 8000)
        self.selection_changed.emit(declaration_id)
        return None

    # --- export ----------------------------------------------------------------------------------
    def default_export_path(self) -> Path:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
        return Path(folder) / (self.tr("形式审查") + f"-{self.review.path.stem}.xlsx")

    def ask_export(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, self.tr("导出形式审查结果"), str(self.default_export_path()),
                                                self.tr("Excel 工作簿 (*.xlsx)"))
        if not chosen:
            return
        path = Path(chosen) if chosen.lower().endswith(".xlsx") else Path(chosen + ".xlsx")
        error = self.export_to(path)
        if error:
            QMessageBox.critical(self, self.tr("无法导出"), error)

    def export_to(self, path: Path) -> str | None:
        """Write the findings and the quota table as .xlsx; returns why it failed, or None."""
        from reviewer.formal_check import export_findings_xlsx

        try:
            export_findings_xlsx(self.review, self.call, path, self.language)
        except ReviewerError as exc:
            return exc.message(self.language)
        except OSError as exc:
            return self.tr("{path}：无法写入（{reason}）。").format(path=path, reason=exc.strerror or exc)
        self.statusBar().showMessage(self.tr("已导出到 {path}").format(path=path), 8000)
        return None


class SelectionDialog(QDialog):
    """Take one declaration into review or out of it: the reason is required."""

    def __init__(self, declaration: DeclarationSummary, selected: bool, findings: list[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("调整入选状态"))
        self.setMinimumWidth(520)
        title = QLabel(f"<b>{html.escape(declaration.code)}</b>　{html.escape(declaration.project_name)}")
        title.setWordWrap(True)
        change = QLabel(self.tr("当前：{old}　→　调整为：{new}").format(
            old=selection_name(selected), new=selection_name(not selected)))
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setPlaceholderText(self.tr("请填写理由（必填），将记入调整记录。"))
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 16)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("调整为入选") if not selected else self.tr("调整为不入选"))
        self.ok_button.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason_edit.textChanged.connect(lambda: self.ok_button.setEnabled(bool(self.reason())))
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(change)
        if findings:
            found = QLabel("<br>".join("· " + html.escape(text) for text in findings))
            found.setObjectName("muted")
            found.setWordWrap(True)
            layout.addWidget(found)
        layout.addWidget(QLabel(self.tr("理由：")))
        layout.addWidget(self.reason_edit)
        layout.addWidget(self.buttons)

    def reason(self) -> str:
        return self.reason_edit.toPlainText().strip()


def _list_look(view: Any) -> None:
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    if isinstance(view, QTreeView):
        view.setAllColumnsShowFocus(True)


def _fit(table: QTableView, columns: Any) -> None:
    for column in columns:
        table.resizeColumnToContents(column)
        table.setColumnWidth(column, table.columnWidth(column) + 16)


def _table_look(table: QTableView, stretch: int | None) -> None:
    _list_look(table)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().lineSpacing() + 10)
    table.setShowGrid(False)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setHighlightSections(False)
    if stretch is None:
        header.setStretchLastSection(True)
    else:
        header.setStretchLastSection(False)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
