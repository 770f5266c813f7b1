"""The chair's board as data and item models: one snapshot of the panel, read through the core.

:class:`PanelSnapshot` computes the core's frames once (statistics, totals,
deviations, Kendall's W) and hands each view plain rows; the models below show
them and are tested without a window. pandas is imported by the core only when
a snapshot is made, never when this module loads.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from ui.labels import VETO_COLOR, recommendation_name

if TYPE_CHECKING:
    from reviewer.panel.consolidation import ConsolidationSettings
    from reviewer.review import Review

Index = QModelIndex | QPersistentModelIndex
PAIR_ROLE = Qt.ItemDataRole.UserRole + 1     # (declaration_id, expert_id) of a board cell
ID_ROLE = Qt.ItemDataRole.UserRole + 2       # the row's declaration id
FLAG_BACKGROUND = QColor("#fde2e1")
RESOLVED_BACKGROUND = QColor("#e6f2e8")
MUTED = QColor("#8a8f98")


# --- the data -------------------------------------------------------------------------------------

class Cell(NamedTuple):
    """One expert's total for one declaration (a tuple: a board holds ten thousand of them)."""

    total: float | None
    complete: bool
    recused: bool
    vetoed: bool
    deviation: float | None = None     # a fraction from the panel mean when flagged
    resolution: str = ""               # "confirmed" | "corrected" once the chair recorded it
    note: str = ""
    returned: bool = True              # False while the expert's score file has not been merged

    @property
    def unresolved(self) -> bool:
        return self.deviation is not None and not self.resolution


@dataclass(frozen=True)
class BoardRow:
    declaration_id: int
    code: str
    project: str
    applicant: str
    n: int
    consolidated: float | None
    rank: int | None
    vetoed: bool
    vetoed_by: int
    tied: bool
    proposed: bool
    unresolved: int
    formal: str = "ok"       # the formal status (reviewer.formal_status.FormalStatus value)


NOT_ASSIGNED, COMPLETE, INCOMPLETE, RECUSED, NOT_RETURNED = 0, 1, 2, 3, 4


@dataclass(frozen=True)
class Board:
    """One direction: rows of declarations, columns of experts; the cells as arrays (made into Cells when shown)."""

    direction: int
    experts: list[tuple[int, str]]
    rows: list[BoardRow]
    totals: Any                        # numpy float array rows × experts, NaN where no complete total
    states: Any                        # numpy int8 array: NOT_ASSIGNED, COMPLETE, INCOMPLETE, RECUSED, NOT_RETURNED
    vetoes: Any                        # numpy bool array
    flags: dict[tuple[int, int], tuple[float, str, str]]   # (row, column) -> deviation, resolution, note
    kendall: float | None

    def cell(self, row: int, column: int) -> Cell | None:
        state = int(self.states[row, column])
        if state == NOT_ASSIGNED:
            return None
        total = float(self.totals[row, column])
        flag = self.flags.get((row, column), (None, "", ""))
        return Cell(None if math.isnan(total) else total, state == COMPLETE, state == RECUSED,
                    bool(self.vetoes[row, column]), *flag, returned=state != NOT_RETURNED)

    def cell_of(self, declaration_id: int, expert_id: int) -> Cell | None:
        row = next(i for i, r in enumerate(self.rows) if r.declaration_id == declaration_id)
        column = next(i for i, (e, _name) in enumerate(self.experts) if e == expert_id)
        return self.cell(row, column)


@dataclass(frozen=True)
class Detail:
    declaration_id: int
    experts: list[tuple[int, str]]
    criteria: list[tuple[str, str, float]]                 # (criterion id, name, max)
    points: dict[tuple[str, int], float]                   # (criterion id, expert id) -> points
    stats: dict[str, tuple[int, float, float, float, float, float]]  # n mean median std range consolidated
    opinions: list[tuple[str, Cell, str | None, dict[str, str], str]]  # expert, cell, recommendation, vetoes, opinion


@dataclass(frozen=True)
class ProposedRow:
    rank: int | None
    declaration_id: int
    code: str
    project: str
    applicant: str
    consolidated: float | None
    n: int
    status: str          # "proposed" | "tie_at_cut" | "vetoed"


def _number(value: Any) -> float | None:
    return None if _missing(value) else float(value)


def _rank(value: Any) -> int | None:
    return None if _missing(value) else int(value)


def _missing(value: Any) -> bool:
    """None, NaN or pandas' NA (whose truth value is ambiguous: never compare it)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True
    return type(value).__name__ == "NAType"


class PanelSnapshot:
    """The panel's figures at one moment; the board, a declaration's detail and the proposed list from it.

    Each direction is read and computed when it is first shown (directions rank on their own), so the board
    opens with one direction's figures, not all of them."""

    def __init__(self, review: Review, settings: ConsolidationSettings) -> None:
        self.review, self.settings = review, settings
        self._directions: dict[int, tuple[Any, Any, Any]] = {}   # direction -> (stats, totals, deviations)
        self.kendall: dict[int, float | None] = {}                # per direction, computed when the direction is shown
        self._scores: dict[int, tuple[Any, Any]] = {}             # direction -> (scores, criterion statistics)
        self._zscores: Any = None
        with review.engine.connect() as connection:
            self._direction_list = sorted(int(r[0]) for r in connection.exec_driver_sql(
                "SELECT DISTINCT direction FROM declaration WHERE selected").all())
            self.submitted = bool(connection.exec_driver_sql("SELECT EXISTS (SELECT 1 FROM expert_assessment)").scalar())

    def directions(self) -> list[int]:
        return list(self._direction_list)

    def figures(self, direction: int) -> tuple[Any, Any, Any]:
        """One direction's (declaration statistics, totals, deviations), computed once."""
        from reviewer.panel import consolidation as cons

        if direction not in self._directions:
            self._directions[direction] = (cons.declaration_stats(self.review, self.settings, direction),
                                           cons.totals_frame(self.review, direction),
                                           cons.deviations(self.review, self.settings, direction))
        return self._directions[direction]

    def board(self, direction: int) -> Board:
        import numpy as np

        stats, totals, devs = self.figures(direction)
        experts = sorted(set(zip(totals["expert_id"].tolist(), totals["expert"].tolist())))
        row_of = {d: i for i, d in enumerate(stats["declaration_id"].tolist())}
        column_of = {e: i for i, (e, _name) in enumerate(experts)}
        rows, columns = totals["declaration_id"].map(row_of).to_numpy(), totals["expert_id"].map(column_of).to_numpy()
        shape = (len(row_of), len(experts))
        values, states, vetoes = np.full(shape, np.nan), np.zeros(shape, np.int8), np.zeros(shape, bool)
        values[rows, columns] = totals["total"].to_numpy(float)
        recused, complete = totals["recused"].to_numpy(bool), totals["complete"].to_numpy(bool)
        returned = totals["submitted"].to_numpy(bool)
        states[rows, columns] = np.where(recused, RECUSED, np.where(complete, COMPLETE,
                                                                     np.where(returned, INCOMPLETE, NOT_RETURNED)))
        vetoes[rows, columns] = totals["vetoed"].to_numpy(bool)
        flags = {(row_of[d], column_of[e]): (float(x), str(k), str(n)) for d, e, x, k, n in
                 zip(devs["declaration_id"].tolist(), devs["expert_id"].tolist(), devs["deviation"].tolist(),
                     devs["resolution"].tolist(), devs["note"].tolist())}
        unresolved: dict[int, int] = {}
        for (row, _column), (_x, resolution, _note) in flags.items():
            unresolved[row] = unresolved.get(row, 0) + (not resolution)
        ranks = [_rank(r) for r in stats["rank"].astype(object).tolist()]
        fields = (stats[c].tolist() for c in ("declaration_id", "code", "project_name", "applicant", "n", "consolidated",
                                              "vetoed", "vetoed_by", "tied", "proposed", "formal"))
        board_rows = [BoardRow(d, code, project, applicant, n, _number(value), rank, vetoed, by, tied, proposed,
                               unresolved.get(i, 0), formal)
                      for i, ((d, code, project, applicant, n, value, vetoed, by, tied, proposed, formal), rank)
                      in enumerate(zip(zip(*fields), ranks))]
        return Board(direction, experts, board_rows, values, states, vetoes, flags, self.kendall_of(direction))

    def kendall_of(self, direction: int) -> float | None:
        from reviewer.panel.consolidation import kendall_w

        if direction not in self.kendall:
            self.kendall.update(kendall_w(self.review, direction))
            self.kendall.setdefault(direction, None)
        return self.kendall[direction]

    def zscores(self, board: Board) -> Any:
        """Each cell's total standardised over that expert's complete totals (numpy array like ``board.totals``;
        NaN where there is none: not assigned, incomplete, recused, or an expert without spread)."""
        import numpy as np

        from reviewer.panel.consolidation import zscores

        if self._zscores is None:
            self._zscores = zscores(self.review)
        frame = self._zscores[self._zscores["direction"] == board.direction]
        row_of = {r.declaration_id: i for i, r in enumerate(board.rows)}
        column_of = {e: i for i, (e, _name) in enumerate(board.experts)}
        values = np.full((len(board.rows), len(board.experts)), np.nan)
        for d, e, z in zip(frame["declaration_id"].tolist(), frame["expert_id"].tolist(), frame["z"].tolist()):
            if d in row_of and e in column_of and z is not None:
                values[row_of[d], column_of[e]] = z
        return values

    def detail(self, board: Board, declaration_id: int) -> Detail:
        from reviewer.panel import consolidation as cons

        if board.direction not in self._scores:
            self._scores[board.direction] = (cons.scores_frame(self.review, board.direction),
                                             cons.criterion_stats(self.review, self.settings, board.direction))
        all_scores, criterion_stats = self._scores[board.direction]
        scores = all_scores[all_scores["declaration_id"] == declaration_id]
        points = {(str(c), int(e)): float(p) for c, e, p in zip(scores["criterion_id"], scores["expert_id"], scores["points"])}
        stats = criterion_stats[criterion_stats["declaration_id"] == declaration_id]
        by_criterion = {str(r.criterion_id): (int(r.n), float(r.mean), float(r.median), float(r.std), float(r.range),
                                              float(r.consolidated)) for r in stats.itertuples()}
        criteria = [(c.id, c.name, float(c.max)) for c in self.review.rubric(board.direction).criteria]
        totals = self.figures(board.direction)[1]
        totals = totals[totals["declaration_id"] == declaration_id]
        experts = [(int(e), str(n)) for e, n in zip(totals["expert_id"], totals["expert"])]
        opinions = [(str(r.expert), board.cell_of(declaration_id, int(r.expert_id)),
                     r.recommendation if isinstance(r.recommendation, str) else None, dict(r.vetoes), str(r.opinion))
                    for r in totals.itertuples()]
        return Detail(declaration_id, experts, criteria, points, by_criterion, opinions)

    def proposed(self, direction: int) -> list[ProposedRow]:
        from reviewer.panel.consolidation import proposed_list

        chosen = proposed_list(self.review, self.settings, direction)
        rows = [ProposedRow(int(r.rank), int(r.declaration_id), r.code, r.project_name, r.applicant,
                            _number(r.consolidated), int(r.n), "tie_at_cut" if r.tie_at_cut else "proposed")
                for r in chosen.itertuples()]
        stats = self.figures(direction)[0]
        vetoed = stats[stats["vetoed"]]
        rows += [ProposedRow(_rank(r.rank), int(r.declaration_id), r.code,
                             r.project_name, r.applicant, _number(r.consolidated), int(r.n), "vetoed")
                 for r in vetoed.itertuples()]
        return rows


# --- formatting -----------------------------------------------------------------------------------

def _points(value: float | None, digits: int = 1) -> str:
    return "" if value is None or math.isnan(value) else f"{value:.{digits}f}"


def cell_text(cell: Cell | None) -> str:
    if cell is None:
        return ""
    if cell.recused:
        return QCoreApplication.translate("PanelModels", "回避")
    if not cell.returned:
        return QCoreApplication.translate("PanelModels", "未交回")
    if not cell.complete:
        return QCoreApplication.translate("PanelModels", "未完成")
    return _points(cell.total) + (" ▲" if cell.unresolved else "")


def resolution_name(kind: str) -> str:
    return {"confirmed": QCoreApplication.translate("PanelModels", "专家确认"),
            "corrected": QCoreApplication.translate("PanelModels", "专家更正"), "": ""}[kind]


def _cell_tooltip(cell: Cell | None) -> str | None:
    if cell is None or cell.deviation is None:
        return None
    text = QCoreApplication.translate("PanelModels", "偏离专家组平均分 {value:+.1%}").format(value=cell.deviation)
    if cell.resolution:
        text += "\n" + resolution_name(cell.resolution) + QCoreApplication.translate("PanelModels", "：") + cell.note
    return text


# --- models ---------------------------------------------------------------------------------------

class BoardModel(QAbstractTableModel):
    """Declarations × experts of one direction: each expert's total, then n, consolidated, rank and flags."""

    FIXED = 2  # code, project

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.board: Board | None = None
        self.z: Any = None  # when set: the experts' cells show these standardised totals (标准分)

    def reset(self, board: Board, z: Any = None) -> None:
        self.beginResetModel()
        self.board, self.z = board, z
        self.endResetModel()

    def show_z(self, z: Any) -> None:
        """标准分 (an array like the board's totals) or, with None, 原始分."""
        self.z = z
        if self.board is not None and self.board.experts:
            self.dataChanged.emit(self.index(0, self.FIXED),
                                  self.index(len(self.board.rows) - 1, self.FIXED + len(self.board.experts) - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() or self.board is None else len(self.board.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() or self.board is None else self.FIXED + len(self.board.experts) + 4

    def expert_at(self, column: int) -> tuple[int, str] | None:
        assert self.board is not None
        at = column - self.FIXED
        return self.board.experts[at] if 0 <= at < len(self.board.experts) else None

    def cell(self, row: int, column: int) -> Cell | None:
        assert self.board is not None
        at = column - self.FIXED
        return self.board.cell(row, at) if 0 <= at < len(self.board.experts) else None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole or self.board is None:
            return None
        expert = self.expert_at(section)
        if expert is not None:
            return expert[1]
        tail = section - self.FIXED - len(self.board.experts)
        names = [QCoreApplication.translate("PanelModels", "编号"), QCoreApplication.translate("PanelModels", "项目名称"),
                 "n", QCoreApplication.translate("PanelModels", "综合得分"), QCoreApplication.translate("PanelModels", "排名"),
                 QCoreApplication.translate("PanelModels", "标记")]
        return names[section] if section < self.FIXED else names[self.FIXED + tail]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.board is None:
            return None
        row, column = self.board.rows[index.row()], index.column()
        if role == ID_ROLE:
            return row.declaration_id
        expert = self.expert_at(column)
        if expert is not None:
            cell = self.board.cell(index.row(), column - self.FIXED)
            if self.z is not None and cell is not None and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return _z_data(cell, float(self.z[index.row(), column - self.FIXED]), role)
            return self._cell_data(cell, role, (row.declaration_id, expert[0]))
        tail = column - self.FIXED - len(self.board.experts)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return row.code
            if column == 1:
                return row.project
            return [str(row.n), _points(row.consolidated, 2), "" if row.rank is None else str(row.rank), flags_text(row)][tail]
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            return f"{row.project}\n{row.applicant}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= self.FIXED:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter) if tail < 3 else None
        if role == Qt.ItemDataRole.ForegroundRole and tail == 3 and (row.vetoed or row.unresolved or row.formal == "pending"):
            return VETO_COLOR
        return None

    def _cell_data(self, cell: Cell | None, role: int, pair: tuple[int, int]) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(cell)
        if role == PAIR_ROLE:
            return pair if cell is not None else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if cell is None:
            return None
        if role == Qt.ItemDataRole.BackgroundRole and cell.deviation is not None:
            return FLAG_BACKGROUND if cell.unresolved else RESOLVED_BACKGROUND
        if role == Qt.ItemDataRole.ForegroundRole:
            return VETO_COLOR if cell.unresolved else (MUTED if cell.recused or not cell.complete else None)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _cell_tooltip(cell)
        return None


def _z_data(cell: Cell, z: float, role: int) -> str | None:
    """A cell in 标准分: the z-score (— when the expert's totals have no spread), the raw total in the tooltip."""
    if role == Qt.ItemDataRole.DisplayRole:
        if cell.recused or not cell.complete:
            return cell_text(cell)
        return ("—" if math.isnan(z) else f"{z:+.2f}") + (" ▲" if cell.unresolved else "")
    raw = QCoreApplication.translate("PanelModels", "原始分 {total}").format(total=_points(cell.total))
    more = _cell_tooltip(cell)
    return raw + ("\n" + more if more else "")


def formal_status_name(status: str) -> str:
    """The formal status as the chair reads it (the core's status_label, translatable here)."""
    names = {"ok": QCoreApplication.translate("PanelModels", "合格"),
             "warning": QCoreApplication.translate("PanelModels", "有提示"),
             "pending": QCoreApplication.translate("PanelModels", "待处理"),
             "accepted": QCoreApplication.translate("PanelModels", "已接受"),
             "corrected": QCoreApplication.translate("PanelModels", "已更正"),
             "supplemented": QCoreApplication.translate("PanelModels", "已补充材料"),
             "excluded": QCoreApplication.translate("PanelModels", "已排除")}
    return names.get(status, status)


def flags_text(row: BoardRow) -> str:
    parts = []
    if row.formal in ("pending", "excluded"):
        parts.append(QCoreApplication.translate("PanelModels", "形式审查{status}，不排名").format(
            status=formal_status_name(row.formal)))
    elif row.formal in ("accepted", "corrected", "supplemented"):
        parts.append(QCoreApplication.translate("PanelModels", "形式审查{status}").format(status=formal_status_name(row.formal)))
    if row.proposed:
        parts.append(QCoreApplication.translate("PanelModels", "拟支持"))
    if row.vetoed:
        parts.append(QCoreApplication.translate("PanelModels", "否决"))
    if row.tied:
        parts.append(QCoreApplication.translate("PanelModels", "并列"))
    if row.unresolved:
        parts.append(QCoreApplication.translate("PanelModels", "偏离待处理 {count}").format(count=row.unresolved))
    return " · ".join(parts)


class CriteriaModel(QAbstractTableModel):
    """One declaration: criteria × experts, then the per-criterion n, mean, median, std, range, consolidated."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.detail: Detail | None = None

    def reset(self, detail: Detail | None) -> None:
        self.beginResetModel()
        self.detail = detail
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() or self.detail is None else len(self.detail.criteria)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() or self.detail is None else 1 + len(self.detail.experts) + 6

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole or self.detail is None:
            return None
        if section == 0:
            return QCoreApplication.translate("PanelModels", "评分项（满分）")
        if section <= len(self.detail.experts):
            return self.detail.experts[section - 1][1]
        return ["n", QCoreApplication.translate("PanelModels", "平均"), QCoreApplication.translate("PanelModels", "中位数"),
                QCoreApplication.translate("PanelModels", "标准差"), QCoreApplication.translate("PanelModels", "极差"),
                QCoreApplication.translate("PanelModels", "综合")][section - 1 - len(self.detail.experts)]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.detail is None:
            return None
        criterion_id, name, maximum = self.detail.criteria[index.row()]
        column, experts = index.column(), self.detail.experts
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return name
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return f"{name}（{maximum:g}）"
        if column <= len(experts):
            value = self.detail.points.get((criterion_id, experts[column - 1][0]))
            return "" if value is None else f"{value:g}"
        stats = self.detail.stats.get(criterion_id)
        if stats is None:
            return ""
        at = column - 1 - len(experts)
        return str(stats[0]) if at == 0 else _points(stats[at], 2)


class OpinionsModel(QAbstractTableModel):
    """One declaration: each expert's total, recommendation, vetoes and opinion."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, Cell, str | None, dict[str, str], str]] = []

    def reset(self, detail: Detail | None) -> None:
        self.beginResetModel()
        self.rows = list(detail.opinions) if detail is not None else []
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return [QCoreApplication.translate("PanelModels", "专家"), QCoreApplication.translate("PanelModels", "总分"),
                QCoreApplication.translate("PanelModels", "推荐意见"), QCoreApplication.translate("PanelModels", "否决项"),
                QCoreApplication.translate("PanelModels", "评审意见")][section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        expert, cell, recommendation, vetoes, opinion = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.ToolTipRole and column in (3, 4):
            return "\n".join(f"{k}：{v}" for k, v in vetoes.items()) if column == 3 else opinion
        if role == Qt.ItemDataRole.ForegroundRole and column == 3 and vetoes:
            return VETO_COLOR
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return [expert, cell_text(cell), "" if cell.recused else recommendation_name(recommendation),
                "、".join(vetoes) if vetoes and not cell.recused else "", " ".join(opinion.split())][column]


class ProposedModel(QAbstractTableModel):
    """拟支持 for one direction: the proposed by rank, ties at the cut, and the vetoed ones left out."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ProposedRow] = []

    def reset(self, rows: list[ProposedRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else 7

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return [QCoreApplication.translate("PanelModels", "排名"), QCoreApplication.translate("PanelModels", "编号"),
                QCoreApplication.translate("PanelModels", "项目名称"), QCoreApplication.translate("PanelModels", "申报单位"),
                QCoreApplication.translate("PanelModels", "综合得分"), "n",
                QCoreApplication.translate("PanelModels", "说明")][section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], index.column()
        if role == ID_ROLE:
            return row.declaration_id
        if role == Qt.ItemDataRole.ForegroundRole:
            return VETO_COLOR if row.status == "vetoed" else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (0, 4, 5):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        status = {"proposed": QCoreApplication.translate("PanelModels", "拟支持"),
                  "tie_at_cut": QCoreApplication.translate("PanelModels", "拟支持 · 名额处并列"),
                  "vetoed": QCoreApplication.translate("PanelModels", "否决，不列入")}[row.status]
        return ["" if row.rank is None else str(row.rank), row.code, row.project, row.applicant,
                _points(row.consolidated, 2), str(row.n), status][column]

