"""The expert's own overview (their ranking per direction) and two declarations side by side.

Before handing in, an expert checks that the order their totals put the declarations in is the order
they mean, and compares two forms and score sheets where it is close.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QFrame, QHBoxLayout, QHeaderView, QLabel, QPushButton, QScrollArea, QSplitter,
    QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from reviewer.scoring import ReviewState
from ui.document_pane import DocumentPane
from ui.labels import direction_label, grade_name, recommendation_name, state_name

if TYPE_CHECKING:
    from reviewer.review import DeclarationSummary, Review

COLUMNS = 6
COL_RANK, COL_PROJECT, COL_RECOMMENDER, COL_TOTAL, COL_RECOMMENDATION, COL_STATE = range(COLUMNS)


def ranked(summaries: list[DeclarationSummary]) -> list[tuple[int, str, list[tuple[int | None, DeclarationSummary]]]]:
    """Per direction: the declarations by the expert's own total, highest first, each with its rank.

    Only a scored, not vetoed, not recused declaration has a rank; the others follow, unranked
    (vetoed, then not finished, then recused). Equal totals share a rank.
    """
    groups: dict[tuple[int, str], list[DeclarationSummary]] = {}
    for d in summaries:
        groups.setdefault((d.direction, d.direction_name), []).append(d)
    result = []
    for (no, name), rows in sorted(groups.items()):
        rankable = sorted((d for d in rows if _rankable(d)), key=lambda d: (-d.total, d.seq, d.id))
        rest = sorted((d for d in rows if not _rankable(d)), key=_unranked_order)
        numbered: list[tuple[int | None, DeclarationSummary]] = []
        for i, d in enumerate(rankable):
            same = numbered and numbered[-1][1].total == d.total
            numbered.append((numbered[-1][0] if same else i + 1, d))
        result.append((no, name, numbered + [(None, d) for d in rest]))
    return result


def _rankable(d: DeclarationSummary) -> bool:
    return d.state == ReviewState.DONE and not d.vetoed


def _unranked_order(d: DeclarationSummary) -> tuple[int, int]:
    if d.state == ReviewState.RECUSED:
        return 3, d.id
    return (1 if d.vetoed else 2), d.id


class OverviewWindow(QWidget):
    """评审 ▸ 我的评分概览: the expert's ranking per direction, with their recommendations."""

    open_requested = Signal(int)
    compare_requested = Signal(int, int)

    def __init__(self, summaries: list[DeclarationSummary], parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("我的评分概览"))
        layout = QVBoxLayout(self)
        hint = QLabel(self.tr("按本人总分在各方向内排序。双击打开项目；选两个项目后可并排比较。未完成、否决和回避的项目不排名。"))
        hint.setWordWrap(True)
        hint.setObjectName("muted")
        self.tree = QTreeWidget()
        self.tree.setColumnCount(COLUMNS)
        self.tree.setHeaderLabels([self.tr("名次"), self.tr("项目名称"), self.tr("推荐单位"), self.tr("总分"),
                                   self.tr("推荐意见"), self.tr("状态")])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_PROJECT, QHeaderView.ResizeMode.Stretch)
        for column in (COL_RANK, COL_RECOMMENDER, COL_TOTAL, COL_RECOMMENDATION, COL_STATE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QHBoxLayout()
        self.compare_button = QPushButton(self.tr("并排比较(&C)"))
        self.compare_button.setEnabled(False)
        close = QPushButton(self.tr("关闭"))
        buttons.addStretch(1)
        buttons.addWidget(self.compare_button)
        buttons.addWidget(close)
        layout.addWidget(hint)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        self._fill(summaries)
        self.tree.itemDoubleClicked.connect(self._open)
        self.tree.itemSelectionChanged.connect(lambda: self.compare_button.setEnabled(len(self.selected_ids()) == 2))
        self.compare_button.clicked.connect(self._compare)
        close.clicked.connect(self.close)
        self.resize(820, 560)

    def _fill(self, summaries: list[DeclarationSummary]) -> None:
        for no, name, rows in ranked(summaries):
            group = QTreeWidgetItem([direction_label(no, name)])
            group.setFirstColumnSpanned(True)
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(group)
            group.setFirstColumnSpanned(True)
            for rank, d in rows:
                group.addChild(self._row(rank, d))
        self.tree.expandAll()

    def _row(self, rank: int | None, d: DeclarationSummary) -> QTreeWidgetItem:
        if d.vetoed and d.state != ReviewState.RECUSED:
            state = self.tr("否决")
        else:
            state = state_name(d.state)
        if d.state in (ReviewState.RECUSED, ReviewState.NOT_STARTED):
            total = ""
        else:
            total = "—" if d.vetoed else f"{d.total:g}"
        item = QTreeWidgetItem(["" if rank is None else str(rank), d.project_name, d.recommender, total,
                                recommendation_name(d.recommendation), state])
        item.setData(0, Qt.ItemDataRole.UserRole, d.id)
        item.setToolTip(COL_PROJECT, f"{d.project_name}\n{d.applicant}")
        for column in (COL_RANK, COL_TOTAL):
            item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return item

    def selected_ids(self) -> list[int]:
        return [i.data(0, Qt.ItemDataRole.UserRole) for i in self.tree.selectedItems()
                if i.data(0, Qt.ItemDataRole.UserRole) is not None]

    def _open(self, item: QTreeWidgetItem) -> None:
        declaration_id = item.data(0, Qt.ItemDataRole.UserRole)
        if declaration_id is not None:
            self.open_requested.emit(declaration_id)

    def _compare(self) -> None:
        ids = self.selected_ids()
        if len(ids) == 2:
            self.compare_requested.emit(ids[0], ids[1])


class ComparePanel(QWidget):
    """One side of the comparison: which declaration, its form, the expert's scores."""

    def __init__(self, review: Review, summaries: list[DeclarationSummary], chosen: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.review = review
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.chooser = QComboBox()
        for d in summaries:
            self.chooser.addItem(f"{d.direction}. {d.project_name}（{d.recommender}）", d.id)
        self.documents = DocumentPane()
        self.documents.outline.setVisible(False)
        self.scores = QLabel()
        self.scores.setWordWrap(True)
        self.scores.setTextFormat(Qt.TextFormat.RichText)
        self.scores.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.scores.setContentsMargins(8, 4, 8, 4)
        sheet = QScrollArea()
        sheet.setWidgetResizable(True)
        sheet.setFrameShape(QFrame.Shape.NoFrame)
        sheet.setWidget(self.scores)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.documents)
        split.addWidget(sheet)
        split.setSizes([620, 380])  # the same proportions on both sides, whatever each sheet holds
        layout.addWidget(self.chooser)
        layout.addWidget(split, 1)
        self.chooser.currentIndexChanged.connect(lambda _i: self.show_declaration(self.chooser.currentData()))
        self.chooser.setCurrentIndex(max(0, self.chooser.findData(chosen)))
        self.show_declaration(chosen)

    def show_declaration(self, declaration_id: int) -> None:
        self.current = declaration_id
        summary = self.review.summary(declaration_id)
        self.documents.show_documents(self.review.documents(declaration_id), self.review.batch_root())
        self.scores.setText(self._score_html(summary))

    def _score_html(self, summary: DeclarationSummary) -> str:
        rubric = self.review.rubric(summary.direction)
        sheet = self.review.sheet(summary.id)
        rows = []
        for c in rubric.criteria:
            points = sheet.points.get(c.id)
            level = c.level_for(points) if points is not None else None
            grade = f" {grade_name(level.grade)}" if level is not None else ""
            shown = "—" if points is None else f"{points:g}"
            rows.append(f"<tr><td>{html.escape(c.name)}</td><td align='right'><b>{shown}</b> / {c.max:g}{grade}</td></tr>")
        if sheet.recused:
            total = self.tr("回避 · 不评分")
        else:
            total = self.tr("总分 {total} / {max}").format(total=f"{sheet.total:g}", max=f"{rubric.total:g}")
        verdict = recommendation_name(sheet.recommendation)
        head = f"<p><b>{html.escape(total)}</b>　{html.escape(verdict)}</p>"
        opinion = f"<p>{html.escape(sheet.opinion)}</p>" if sheet.opinion else ""
        return head + "<table cellspacing='0' cellpadding='2' width='100%'>" + "".join(rows) + "</table>" + opinion


class CompareWindow(QWidget):
    """评审 ▸ 并排比较: two declarations, forms and scores, side by side."""

    def __init__(self, review: Review, summaries: list[DeclarationSummary], first: int, second: int | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("并排比较"))
        second = second if second is not None else _neighbour(summaries, first)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.left = ComparePanel(review, summaries, first)
        self.right = ComparePanel(review, summaries, second)
        split.addWidget(self.left)
        split.addWidget(self.right)
        layout.addWidget(split)
        screen = self.screen().availableGeometry() if self.screen() else None
        self.resize(min(1400, screen.width() if screen else 1400), min(860, screen.height() if screen else 860))


def _neighbour(summaries: list[DeclarationSummary], declaration_id: int) -> int:
    """The declaration after this one in its direction (else before it, else itself)."""
    ids = [d.id for d in summaries]
    at = ids.index(declaration_id) if declaration_id in ids else 0
    direction = summaries[at].direction if summaries else None
    same = [d.id for d in summaries if d.direction == direction]
    k = same.index(declaration_id) if declaration_id in same else 0
    if k + 1 < len(same):
        return same[k + 1]
    return same[k - 1] if k > 0 else declaration_id
