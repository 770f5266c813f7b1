"""The chair's panel set-up (评审 ▸ 专家与分配…): experts from a list, the province rule, assignments,
conflicts (回避) with their reasons, and the work packages written off the GUI thread.

The questions to the user are parameters or replaceable attributes: :meth:`ExpertsWindow.load_list` takes the
list's path, :meth:`ExpertsWindow.write_packages_to` the folder, and ``warn``/``inform`` say things (message
boxes unless a test answers), so tests drive the window on real files without native dialogs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QHeaderView, QLabel,
    QMainWindow, QMessageBox, QPlainTextEdit, QProgressDialog, QPushButton, QSpinBox, QSplitter, QVBoxLayout, QWidget,
)

from reviewer.errors import ReviewerError
from ui.tasks import run_in_background
from ui.widgets import close_work_dialog, read_only_table, work_dialog

if TYPE_CHECKING:
    from reviewer.call import Call
    from reviewer.panel.packages import WrittenPackage
    from reviewer.review import Review

EXPERT_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def source_name(source: str) -> str:
    """Why a conflict was found: declared by the expert, the expert's own unit, the province rule."""
    return {"declared": QCoreApplication.translate("PanelSetup", "专家声明"),
            "affiliation": QCoreApplication.translate("PanelSetup", "本单位申报"),
            "province": QCoreApplication.translate("PanelSetup", "同省回避")}.get(source, source)


def _row(*values: Any) -> list[QStandardItem]:
    items = []
    for value in values:
        item = QStandardItem("" if value is None else str(value))
        item.setToolTip(item.text())
        items.append(item)
    return items


def choose_list(parent: QWidget | None, start: Path) -> Path | None:
    path, _ = QFileDialog.getOpenFileName(parent, QCoreApplication.translate("PanelSetup", "载入专家名单"), str(start),
                                          QCoreApplication.translate("PanelSetup", "专家名单 (*.xlsx *.csv);;所有文件 (*)"))
    return Path(path) if path else None


class ExpertsWindow(QMainWindow):
    """The panel of the open chair review: experts, each one's assignments and conflicts, the packages."""

    changed = Signal()                  # experts or assignments changed
    packages_written = Signal(object)   # list[WrittenPackage]

    def __init__(self, review: Review, call: Call, language: str = "zh", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.review, self.call, self.language = review, call, language
        self.warn: Callable[[str, str], None] = lambda title, text: QMessageBox.warning(self, title, text)  # type: ignore[assignment,return-value]
        self.inform: Callable[[str, str], None] = lambda title, text: QMessageBox.information(self, title, text)  # type: ignore[assignment,return-value]
        self.progress: QProgressDialog | None = None
        self.setWindowTitle(self.tr("专家与分配"))
        self.experts_model, self.assigned_model, self.conflicts_model = (
            QStandardItemModel(self), QStandardItemModel(self), QStandardItemModel(self))
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(10, 10, 10, 8)
        bar = QHBoxLayout()
        self.load_button = QPushButton(self.tr("载入专家名单…"))
        self.load_button.clicked.connect(self.ask_list)
        self.province = QCheckBox(self.tr("专家回避推荐单位所在省份的项目"))
        self.province.toggled.connect(self.set_province_rule)
        self.packages_button = QPushButton(self.tr("生成工作包…"))
        self.packages_button.clicked.connect(self.ask_packages)
        self.per_declaration = QSpinBox()
        self.per_declaration.setRange(0, 99)
        self.per_declaration.setSpecialValueText(self.tr("全部合格专家"))
        self.per_declaration.setSuffix(self.tr(" 位"))
        self.per_declaration.setToolTip(self.tr("每个项目由几位专家评审；“全部合格专家”即本方向所有不需回避的专家"))
        self.assign_button = QPushButton(self.tr("均衡分配"))
        self.assign_button.setToolTip(self.tr("按每个项目的专家人数重新分配，各位专家的项目数相差不超过一项（回避除外）；手工调整的分配保留"))
        self.assign_button.clicked.connect(lambda: self.set_per_declaration(self.per_declaration.value()))
        self.leader = QComboBox()
        self.leader.setMinimumWidth(120)
        self.leader.activated.connect(lambda _i: self.set_leader(str(self.leader.currentData() or "")))
        bar.addWidget(self.load_button)
        bar.addSpacing(12)
        bar.addWidget(self.province)
        bar.addSpacing(12)
        bar.addWidget(QLabel(self.tr("组长")))
        bar.addWidget(self.leader)
        bar.addSpacing(12)
        bar.addWidget(QLabel(self.tr("每个项目")))
        bar.addWidget(self.per_declaration)
        bar.addWidget(self.assign_button)
        bar.addStretch(1)
        bar.addWidget(self.packages_button)
        layout.addLayout(bar)
        self.summary = QLabel()
        self.summary.setObjectName("muted")
        layout.addWidget(self.summary)
        self.experts_table = read_only_table(self.experts_model, rows=True, stretch_last=True)
        self.assigned_table = read_only_table(self.assigned_model, rows=True, stretch_last=True)
        self.conflicts_table = read_only_table(self.conflicts_model, rows=True, stretch_last=True)
        self.selected_title = QLabel()
        self.selected_title.setObjectName("section")
        self.move_button = QPushButton(self.tr("移交给其他专家…"))
        self.move_button.setEnabled(False)
        self.move_button.clicked.connect(self.ask_move)
        self.assigned_table.doubleClicked.connect(lambda _index: self.ask_move())
        lower = QSplitter(Qt.Orientation.Horizontal)
        for title, table in ((self.tr("分配的项目"), self.assigned_table), (self.tr("回避的项目及原因"), self.conflicts_table)):
            box = QWidget()
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 4, 0, 0)
            head = QHBoxLayout()
            label = QLabel(title)
            label.setMinimumHeight(self.move_button.sizeHint().height())  # both headings on one line
            head.addWidget(label, 1)
            if table is self.assigned_table:
                head.addWidget(self.move_button)
            box_layout.addLayout(head)
            box_layout.addWidget(table, 1)
            lower.addWidget(box)
        lower.setSizes([560, 560])
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 6, 0, 0)
        bottom_layout.addWidget(self.selected_title)
        bottom_layout.addWidget(lower, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.experts_table)
        split.addWidget(bottom)
        split.setSizes([360, 360])
        layout.addWidget(split, 1)
        self.setCentralWidget(body)
        self.resize(1180, 780)
        self.experts_table.selectionModel().currentRowChanged.connect(lambda current, _previous: self.show_expert())
        self.assigned_table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.move_button.setEnabled(current.isValid()))
        self.refresh()

    # --- showing ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Show the panel as the review holds it (the selected expert stays selected)."""
        from reviewer.panel.assignment import loads, per_declaration
        from reviewer.panel.consolidation import load_settings
        from reviewer.panel.experts import conflicts, experts, province_rule

        selected = self.selected_expert()
        self.province.blockSignals(True)
        self.province.setChecked(province_rule(self.review))
        self.province.blockSignals(False)
        self.per_declaration.setValue(per_declaration(self.review))
        names = {d.no: d.name for d in self.call.directions}
        self.experts_model.clear()
        self.experts_model.setHorizontalHeaderLabels(
            [self.tr("姓名"), self.tr("工作单位"), self.tr("省份"), self.tr("评审方向"), self.tr("分配项目数"),
             self.tr("可评项目数"), self.tr("回避"), self.tr("工作包")])
        panel = experts(self.review)
        load = {line.expert_id: line for line in loads(self.review)}
        all_conflicts = conflicts(self.review)
        assigned_total = 0
        for expert in panel:
            assert expert.id is not None
            directions = json.loads(expert.directions)
            count = load[expert.id].assigned
            assigned_total += count
            conflicted = len({c.declaration_id for c in all_conflicts if c.expert_id == expert.id})
            items = _row(expert.name, expert.affiliation, expert.province, "、".join(str(d) for d in directions),
                         count, load[expert.id].eligible, conflicted,
                         self.tr("需重新发放") if load[expert.id].reissue else "")
            items[3].setToolTip("\n".join(f"{d}. {names.get(d, '')}" for d in directions))
            for item in items[4:7]:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            items[7].setForeground(Qt.GlobalColor.darkRed)
            items[0].setData(expert.id, EXPERT_ID_ROLE)
            self.experts_model.appendRow(items)
        leader = load_settings(self.review).leader
        self.leader.clear()
        self.leader.addItem(self.tr("（未指定）"), "")
        for expert in panel:
            self.leader.addItem(expert.name, expert.name)
        self.leader.setCurrentIndex(max(0, self.leader.findData(leader)))
        pairs = len({(c.expert_id, c.declaration_id) for c in all_conflicts})
        self.summary.setText(self.tr("专家 {experts} 位，分配 {assigned} 项次，回避 {conflicts} 项次。").format(
            experts=len(panel), assigned=assigned_total, conflicts=pairs))
        header = self.experts_table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.packages_button.setEnabled(assigned_total > 0)
        if panel:
            ids = [e.id for e in panel]
            self.select_expert(selected if selected in ids else ids[0])  # type: ignore[arg-type]
        else:
            self.show_expert()

    def selected_expert(self) -> int | None:
        current = self.experts_table.currentIndex() if hasattr(self, "experts_table") else None
        if current is None or not current.isValid():
            return None
        value = self.experts_model.index(current.row(), 0).data(EXPERT_ID_ROLE)
        return int(value) if value is not None else None

    def select_expert(self, expert_id: int) -> None:
        for row in range(self.experts_model.rowCount()):
            if self.experts_model.index(row, 0).data(EXPERT_ID_ROLE) == expert_id:
                self.experts_table.setCurrentIndex(self.experts_model.index(row, 0))
                self.show_expert()
                return

    def show_expert(self) -> None:
        """The selected expert's assignments and conflicts (with the reasons)."""
        from reviewer.panel.experts import assignments, conflicts

        expert_id = self.selected_expert()
        self.assigned_model.clear()
        self.conflicts_model.clear()
        self.assigned_model.setHorizontalHeaderLabels([self.tr("编号"), self.tr("方向"), self.tr("项目名称"), self.tr("申报单位")])
        self.conflicts_model.setHorizontalHeaderLabels([self.tr("编号"), self.tr("项目名称"), self.tr("依据"), self.tr("原因")])
        if expert_id is None:
            self.selected_title.setText(self.tr("尚无专家：请载入专家名单。"))
            return
        row = self.experts_table.currentIndex().row()
        name, unit = self.experts_model.index(row, 0).data(), self.experts_model.index(row, 1).data()
        self.selected_title.setText(f"{name}（{unit}）" if unit else name)
        for d in assignments(self.review, expert_id):
            self.assigned_model.appendRow(_row(d.code, d.direction, d.project_name, d.applicant))
        by_id = {d.id: d for d in self.review.declarations(include_unselected=True)}
        for c in sorted(conflicts(self.review, expert_id), key=lambda c: (by_id[c.declaration_id].code, c.source)):
            d = by_id[c.declaration_id]
            items = _row(d.code, d.project_name, source_name(c.source), c.reason)
            items[3].setForeground(Qt.GlobalColor.darkRed)
            self.conflicts_model.appendRow(items)
        for table, project in ((self.assigned_table, 2), (self.conflicts_table, 1)):
            table.resizeColumnsToContents()
            table.setColumnWidth(project, min(table.columnWidth(project), 220))

    def assigned_codes(self) -> list[str]:
        """The selected expert's assigned declarations, as the table shows them."""
        return [self.assigned_model.index(r, 0).data() for r in range(self.assigned_model.rowCount())]

    def conflict_lines(self) -> list[tuple[str, str, str]]:
        """What the conflicts table shows: (code, basis, reason) per row."""
        m = self.conflicts_model
        return [(m.index(r, 0).data(), m.index(r, 2).data(), m.index(r, 3).data()) for r in range(m.rowCount())]

    # --- the chair's changes -----------------------------------------------------------------------
    def ask_list(self) -> None:
        path = choose_list(self, self.review.path.parent)
        if path is not None:
            self.load_list(path)

    def load_list(self, path: Path) -> bool:
        """Register the list's experts and assign again; a bad list is refused whole, naming its cell."""
        from reviewer.panel.experts import add_experts, assign, read_expert_list

        try:
            entries = read_expert_list(path, self.call)
            add_experts(self.review, entries)
            assigned, conflicted = assign(self.review, self.call)
        except ReviewerError as exc:
            self.warn(self.tr("无法载入专家名单"), self.tr("专家名单未载入，没有任何改动。") + "\n\n" + exc.message(self.language))
            return False
        self.refresh()
        self.statusBar().showMessage(self.tr("已载入 {count} 位专家：分配 {assigned} 项次，回避 {conflicts} 项次。").format(
            count=len(entries), assigned=assigned, conflicts=conflicted))
        self.changed.emit()
        return True

    def set_province_rule(self, on: bool) -> None:
        """Turn the province rule on or off and assign again."""
        from reviewer.panel.experts import assign, set_province_rule

        try:
            set_province_rule(self.review, on)
            assigned, conflicted = assign(self.review, self.call)
        except ReviewerError as exc:
            self.warn(self.tr("无法重新分配"), exc.message(self.language))
            self.refresh()
            return
        if self.province.isChecked() != on:
            self.province.blockSignals(True)
            self.province.setChecked(on)
            self.province.blockSignals(False)
        self.refresh()
        self.statusBar().showMessage(self.tr("已重新分配：分配 {assigned} 项次，回避 {conflicts} 项次。").format(
            assigned=assigned, conflicts=conflicted))
        self.changed.emit()

    def set_per_declaration(self, n: int) -> bool:
        """Experts per declaration (0 = every eligible one), then a balanced assignment."""
        from reviewer.panel.assignment import set_per_declaration
        from reviewer.panel.experts import assign

        try:
            set_per_declaration(self.review, n)
            assigned, conflicted = assign(self.review, self.call)
        except ReviewerError as exc:
            self.warn(self.tr("无法重新分配"), exc.message(self.language))
            self.refresh()
            return False
        self.refresh()
        self.statusBar().showMessage(self.tr("已重新分配：分配 {assigned} 项次，回避 {conflicts} 项次。").format(
            assigned=assigned, conflicts=conflicted))
        self.changed.emit()
        return True

    def set_leader(self, name: str) -> bool:
        """The panel leader (组长), stored with the consolidation settings."""
        from dataclasses import replace

        from reviewer.panel.consolidation import load_settings, save_settings

        try:
            save_settings(self.review, replace(load_settings(self.review), leader=name))
        except ReviewerError as exc:
            self.warn(self.tr("无法保存"), exc.message(self.language))
            self.refresh()
            return False
        self.leader.setCurrentIndex(max(0, self.leader.findData(name)))
        self.statusBar().showMessage(self.tr("组长：{name}").format(name=name or self.tr("（未指定）")))
        self.changed.emit()
        return True

    def ask_move(self) -> None:
        """Move the selected assignment to another expert, with a reason."""
        row = self.assigned_table.currentIndex().row()
        expert_row = self.experts_table.currentIndex().row()
        if row < 0 or expert_row < 0:
            return
        code = self.assigned_model.index(row, 0).data()
        source = self.experts_model.index(expert_row, 0).data()
        others = [self.experts_model.index(r, 0).data() for r in range(self.experts_model.rowCount()) if r != expert_row]
        dialog = MoveDialog(code, source, others, self)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            problem = self.move_assignment(code, source, dialog.target(), dialog.reason())
            if problem is None:
                return
            self.warn(self.tr("无法调整分配"), problem)

    def move_assignment(self, code: str, source: str, target: str, reason: str) -> str | None:
        """Move one declaration from ``source`` to ``target`` (audited); returns why it was refused, or None."""
        from reviewer.panel.assignment import move

        try:
            move(self.review, self.call, code, source, target, reason)
        except ReviewerError as exc:
            return exc.message(self.language)
        self.refresh()
        self.statusBar().showMessage(self.tr("{code} 已从 {source} 移交给 {target}，已记入调整记录；两位专家的工作包需重新发放。").format(
            code=code, source=source, target=target))
        self.changed.emit()
        return None

    def ask_packages(self) -> None:
        from ui.package_dialog import ask_package_folders  # the packages' and, apart, the passphrases' folder

        chosen = ask_package_folders(self, self.review.path.parent)
        if chosen is not None:
            self.write_packages_to(chosen.packages, chosen.passphrases, chosen.slips)

    def write_packages_to(self, folder: Path, passphrases: Path, slips: bool = True) -> None:
        """Write every expert's work package, and apart from them the passphrases, off the GUI thread."""
        from functools import partial

        from reviewer.panel.packages import write_packages

        self.progress = work_dialog(self, self.tr("生成工作包"), self.tr("正在生成工作包…"))
        self.packages_button.setEnabled(False)
        self.passphrase_folder = passphrases
        run_in_background(partial(write_packages, self.review, folder, passphrases, slips=slips), partial(self._written, folder),
                          self._packages_failed, self._packages_progress)

    def _packages_progress(self, done: int, total: int, what: str) -> None:
        if self.progress is None:
            return
        if what:
            self.progress.setLabelText(self.tr("正在生成工作包：{name}（{n}/{total}）").format(name=what, n=done + 1, total=total))
        if total:  # last: a modal dialog's setValue runs the event loop (maybe _written)
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))

    def _close_progress(self) -> None:
        close_work_dialog(self.progress)
        self.progress = None
        self.packages_button.setEnabled(True)

    def _written(self, folder: Path, written: list[WrittenPackage]) -> None:
        self._close_progress()
        text = self.tr("已为 {count} 位专家生成工作包，保存在：\n{folder}\n\n各位专家的口令在：\n{passphrases}\n\n"
                       "请把工作包和口令分开交给专家（例如工作包用U盘，口令当面或电话告知），口令清单请妥善保管。").format(
            count=len(written), folder=folder, passphrases=self.passphrase_folder)
        self.inform(self.tr("工作包已生成"), text)
        self.packages_written.emit(written)

    def _packages_failed(self, error: BaseException) -> None:
        self._close_progress()
        text = error.message(self.language) if isinstance(error, ReviewerError) else repr(error)
        self.warn(self.tr("无法生成工作包"), text)


class MoveDialog(QDialog):
    """Move one declaration to another expert: the expert and a reason (required)."""

    def __init__(self, code: str, source: str, others: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("调整分配"))
        self.setMinimumWidth(440)
        self.choice = QComboBox()
        self.choice.addItems(others)
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(self.tr("必填：调整的理由，将记入调整记录"))
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 16)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(False)
        self.text.textChanged.connect(lambda: ok.setEnabled(bool(self.reason())))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QFormLayout(self)
        layout.addRow(QLabel(self.tr("把 {code} 从 {source} 移交给：").format(code=code, source=source)))
        layout.addRow(self.tr("专家"), self.choice)
        layout.addRow(self.tr("理由"), self.text)
        layout.addRow(buttons)

    def target(self) -> str:
        return self.choice.currentText()

    def reason(self) -> str:
        return self.text.toPlainText().strip()
