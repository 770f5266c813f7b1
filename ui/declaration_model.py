"""The declarations as a two-level tree: direction groups, then declarations.

Rows of the second level carry the declaration id in ``ID_ROLE``. Filtering by
direction, state and text happens in :class:`DeclarationFilter`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QFont

from reviewer.scoring import ReviewState
from ui.grouped_model import GROUP, GroupedModel, Index
from ui.labels import STATE_COLORS, STATE_GLYPHS, VETO_COLOR, direction_label, recommendation_name, state_name

if TYPE_CHECKING:  # keep SQLAlchemy out of the window's start-up
    from reviewer.review import DeclarationSummary

ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATE_ROLE = Qt.ItemDataRole.UserRole + 2
DIRECTION_ROLE = Qt.ItemDataRole.UserRole + 3

COL_PROJECT, COL_RECOMMENDER, COL_STATE, COL_TOTAL = range(4)


class DeclarationModel(GroupedModel):
    def __init__(self, declarations: list[DeclarationSummary], parent: Any = None) -> None:
        super().__init__(parent)
        self._groups: list[tuple[int, str]] = []
        self._rows: list[list[DeclarationSummary]] = []
        self._where: dict[int, tuple[int, int]] = {}
        self.reset(declarations)

    def reset(self, declarations: list[DeclarationSummary]) -> None:
        self.beginResetModel()
        self._groups, self._rows, self._where = [], [], {}
        for d in declarations:
            if not self._groups or self._groups[-1][0] != d.direction:
                self._groups.append((d.direction, d.direction_name))
                self._rows.append([])
            self._where[d.id] = (len(self._groups) - 1, len(self._rows[-1]))
            self._rows[-1].append(d)
        self.endResetModel()

    def update(self, summary: DeclarationSummary) -> None:
        """Refresh one declaration's row (state, total) and its group's count."""
        g, r = self._where[summary.id]
        self._rows[g][r] = replace(summary)
        self.dataChanged.emit(self.index(r, 0, self.index(g, 0)), self.index(r, COL_TOTAL, self.index(g, 0)))
        self.dataChanged.emit(self.index(g, 0), self.index(g, COL_TOTAL))

    def summaries(self) -> list[DeclarationSummary]:
        return [d for rows in self._rows for d in rows]

    def summary(self, declaration_id: int) -> DeclarationSummary:
        g, r = self._where[declaration_id]
        return self._rows[g][r]

    def index_of(self, declaration_id: int) -> QModelIndex:
        g, r = self._where[declaration_id]
        return self.index(r, 0, self.index(g, 0))

    # --- GroupedModel ----------------------------------------------------------
    def group_count(self) -> int:
        return len(self._groups)

    def rows_in_group(self, group: int) -> int:
        return len(self._rows[group])

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 4

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [self.tr("项目名称"), self.tr("推荐单位"), self.tr("状态"), self.tr("总分")][section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == GROUP:
            return self._group_data(index.row(), index.column(), role)
        return self._row_data(self._rows[index.internalId() - 1][index.row()], index.column(), role)

    def _group_data(self, g: int, column: int, role: int) -> Any:
        no, name = self._groups[g]
        rows = self._rows[g]
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_PROJECT:
                done = sum(d.state in (ReviewState.DONE, ReviewState.RECUSED) for d in rows)
                return f"{direction_label(no, name)}  ({done}/{len(rows)})"
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == DIRECTION_ROLE:
            return no
        return None

    def _row_data(self, d: DeclarationSummary, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(d, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            verdict = recommendation_name(d.recommendation)
            return "\n".join(filter(None, [d.project_name, d.applicant, f"{d.recommender} · {d.code}", verdict]))
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_STATE:
            return QBrush(VETO_COLOR if d.vetoed and d.state != ReviewState.RECUSED else STATE_COLORS[d.state])
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_TOTAL:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ID_ROLE:
            return d.id
        if role == STATE_ROLE:
            return d.state.value
        if role == DIRECTION_ROLE:
            return d.direction
        return None

    def _display(self, d: DeclarationSummary, column: int) -> str:
        if column == COL_PROJECT:
            return d.project_name
        if column == COL_RECOMMENDER:
            return short_name(d.recommender)
        if column == COL_STATE:
            if d.vetoed and not d.state == ReviewState.RECUSED:
                vetoed = self.tr("否决")
                return f"✕ {vetoed}"
            return f"{STATE_GLYPHS[d.state]} {state_name(d.state)}"
        if column == COL_TOTAL:
            if d.state in (ReviewState.NOT_STARTED, ReviewState.RECUSED) or d.vetoed:
                return "—" if d.vetoed else ""
            return f"{d.total:g}"
        return ""


def short_name(recommender: str) -> str:
    """浙江省 → 浙江, 宁波市 → 宁波, 新疆生产建设兵团 → 兵团: the forms people use in lists."""
    from reviewer.call import bundled_call

    found = bundled_call().recommender(recommender)
    return found.short[0] if found is not None and found.short else recommender


class DeclarationFilter(QSortFilterProxyModel):
    """Shows the declarations of one direction and/or one state whose text matches."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.direction: int | None = None
        self.state: str | None = None
        self.text = ""
        self.setRecursiveFilteringEnabled(True)

    def set_filter(self, direction: int | None, state: str | None, text: str) -> None:
        self.beginFilterChange()
        self.direction, self.state, self.text = direction, state, text.strip()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if not source_parent.isValid():
            return False  # a group shows when one of its declarations does (recursive filtering)
        index = model.index(source_row, 0, source_parent)
        if self.direction is not None and index.data(DIRECTION_ROLE) != self.direction:
            return False
        if self.state is not None and index.data(STATE_ROLE) != self.state:
            return False
        if self.text:
            haystack = " ".join(str(model.index(source_row, c, source_parent).data()) for c in range(2))
            haystack += " " + str(index.data(Qt.ItemDataRole.ToolTipRole))
            return self.text.lower() in haystack.lower()
        return True
