"""Item models of the formal check: findings by group, quotas, declarations with selection, audit log.

The models hold core objects handed to them (findings, quota lines, declaration
summaries, audit rows); reading the review is the view's business, so each
model can be filled and tested without a window or a database.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable

from PySide6.QtCore import (
    QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, QPointF, Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPainterPath, QPen, QPixmap

from reviewer.importing.findings import TEMPLATES, Finding, Severity
from ui.grouped_model import GROUP, GroupedModel
from ui.labels import VETO_COLOR, direction_label

if TYPE_CHECKING:  # the store's types; the window must not load SQLAlchemy to show
    from reviewer.call import Call
    from reviewer.formal_check import QuotaLine
    from reviewer.review import DeclarationSummary
    from reviewer.store.models import AuditRow

Index = QModelIndex | QPersistentModelIndex
DISPLAY, TOOLTIP, FONT = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.FontRole
FOREGROUND, BACKGROUND = Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole
ALIGN = Qt.ItemDataRole.TextAlignmentRole
FINDING_ROLE = Qt.ItemDataRole.UserRole + 11
GROUP_ROLE = Qt.ItemDataRole.UserRole + 12   # a group row's key (recommender name or finding code)
COUNT_ROLE = Qt.ItemDataRole.UserRole + 13   # a group row's number of findings shown
ID_ROLE = Qt.ItemDataRole.UserRole + 14      # a declaration row's id

BY_RECOMMENDER, BY_CODE = "recommender", "code"
SEVERITY_ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO)
SEVERITY_COLORS = {Severity.ERROR: VETO_COLOR, Severity.WARNING: QColor("#b45309"), Severity.INFO: QColor("#1d5fa8")}
OVER_QUOTA_BACKGROUND = QColor("#fdecea")
BLOCK_BACKGROUNDS = (QColor("#ffffff"), QColor("#f4f7fa"))
SELECTED_COLOR, NOT_SELECTED_COLOR = QColor("#2e7d32"), QColor("#8a8f98")
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
CENTER = int(Qt.AlignmentFlag.AlignCenter)


translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls


def severity_name(severity: Severity) -> str:
    return {
        Severity.ERROR: translate("FormalCheck", "错误"),
        Severity.WARNING: translate("FormalCheck", "警告"),
        Severity.INFO: translate("FormalCheck", "提示"),
    }[severity]


def code_name(code: str) -> str:
    """What a kind of finding is called in lists (the codes stay stable, the names are translated)."""
    names = {
        "quota_exceeded": translate("FormalCheck", "超出推荐名额"),
        "invalid_credit_code": translate("FormalCheck", "统一社会信用代码无效"),
        "not_legal_person": translate("FormalCheck", "不具备独立法人资格"),
        "missing_document": translate("FormalCheck", "缺少材料"),
        "unreadable_document": translate("FormalCheck", "文件无法读取"),
        "unsupported_format": translate("FormalCheck", "文件格式不支持"),
        "no_text_layer": translate("FormalCheck", "PDF 无文字层"),
        "unknown_direction": translate("FormalCheck", "所属方向无法识别"),
        "unknown_recommender": translate("FormalCheck", "推荐单位无法识别"),
        "duplicate_declaration": translate("FormalCheck", "重复申报"),
        "field_mismatch": translate("FormalCheck", "汇总表与申报书不一致"),
        "missing_field": translate("FormalCheck", "申报书缺少字段"),
        "order_from_file_names": translate("FormalCheck", "按文件名确定顺序"),
        "unsafe_path": translate("FormalCheck", "路径指向批次之外"),
        "control_characters": translate("FormalCheck", "已删除控制字符"),
        "number_lost_digits": translate("FormalCheck", "信用代码存成数字"),
        "order_continued": translate("FormalCheck", "补充材料接续顺序"),
        "order_conflict": translate("FormalCheck", "推荐顺序冲突"),
        "batch_found_inside": translate("FormalCheck", "批次位于子文件夹"),
    }
    return names.get(code, code)


def selection_name(selected: bool) -> str:
    return translate("FormalCheck", "入选") if selected else translate("FormalCheck", "未入选")


_icons: dict[Severity, QIcon] = {}


def severity_icon(severity: Severity) -> QIcon:
    """A small coloured mark: a cross for errors, a triangle for warnings, an ‘i’ for notes."""
    if severity not in _icons:
        _icons[severity] = QIcon(_draw_mark(severity))
    return _icons[severity]


def _draw_mark(severity: Severity, size: int = 28) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(SEVERITY_COLORS[severity])
    s = float(size)
    if severity == Severity.WARNING:
        path = QPainterPath(QPointF(s / 2, s * 0.06))
        path.lineTo(s * 0.97, s * 0.9)
        path.lineTo(s * 0.03, s * 0.9)
        path.closeSubpath()
        painter.drawPath(path)
    else:
        painter.drawEllipse(QPointF(s / 2, s / 2), s * 0.46, s * 0.46)
    pen = QPen(QColor("#ffffff"), s * 0.12, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    if severity == Severity.ERROR:
        a, b = s * 0.34, s * 0.66
        painter.drawLine(QPointF(a, a), QPointF(b, b))
        painter.drawLine(QPointF(a, b), QPointF(b, a))
    elif severity == Severity.WARNING:
        painter.drawLine(QPointF(s / 2, s * 0.38), QPointF(s / 2, s * 0.6))
        painter.drawPoint(QPointF(s / 2, s * 0.76))
    else:
        painter.drawPoint(QPointF(s / 2, s * 0.3))
        painter.drawLine(QPointF(s / 2, s * 0.47), QPointF(s / 2, s * 0.72))
    painter.end()
    pixmap.setDevicePixelRatio(2.0)
    return pixmap


# --- findings ------------------------------------------------------------------------------
@dataclass(frozen=True)
class FindingLine:
    """A finding as the chair reads it: with its recommender, the project it concerns, its sentence."""

    finding: Finding
    recommender: str  # "" when it concerns the batch as a whole
    project: str
    message: str

    @property
    def severity(self) -> Severity:
        return self.finding.severity

    def matches(self, text: str) -> bool:
        f = self.finding
        haystack = " ".join((self.recommender, f.declaration, self.project, f.file, self.message, f.code, code_name(f.code)))
        return text.lower() in haystack.lower()


def finding_recommender(finding: Finding, call: Call, recommender_of_code: dict[str, str]) -> str:
    """The recommender a finding belongs to: its declaration's, else the one its top folder names."""
    from reviewer.importing.recommenders import recommender_in

    if finding.declaration:
        return recommender_of_code.get(finding.declaration) or finding.declaration.rsplit("-", 1)[0]
    if finding.file:
        top = finding.file.split("/")[0]
        found = recommender_in(top, call)
        return found.name if found is not None else top
    return ""


COL_SEVERITY, COL_DECLARATION, COL_MESSAGE, COL_FILE = range(4)


class FindingsModel(GroupedModel):
    """Findings as a two-level tree: groups (by recommender or by code), then findings; filterable."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._lines: list[FindingLine] = []
        self._recommenders: list[str] = []
        self.grouping = BY_RECOMMENDER
        self.text = ""
        self.severity: Severity | None = None
        self._groups: list[tuple[str, list[FindingLine]]] = []

    def reset(self, lines: Iterable[FindingLine], recommender_order: Iterable[str] = ()) -> None:
        self._lines, self._recommenders = list(lines), list(recommender_order)
        self._rebuild()

    def set_grouping(self, grouping: str) -> None:
        self.grouping = grouping
        self._rebuild()

    def set_filter(self, text: str, severity: Severity | None) -> None:
        self.text, self.severity = text.strip(), severity
        self._rebuild()

    def lines(self) -> list[FindingLine]:
        """The findings shown, in display order."""
        return [line for _key, lines in self._groups for line in lines]

    def of_declaration(self, code: str) -> list[FindingLine]:
        """Every finding (filtered or not) about one declaration."""
        return [line for line in self._lines if line.finding.declaration == code]

    def counts(self) -> dict[Severity, int]:
        """All findings (unfiltered) by severity."""
        counted = Counter(line.severity for line in self._lines)
        return {s: counted[s] for s in SEVERITY_ORDER}

    def group_label(self, key: str) -> str:
        if self.grouping == BY_CODE:
            return code_name(key)
        return key or translate("FormalCheck", "整个批次")

    def _rebuild(self) -> None:
        self.beginResetModel()
        shown = [line for line in self._lines
                 if (self.severity is None or line.severity == self.severity) and (not self.text or line.matches(self.text))]
        groups: dict[str, list[FindingLine]] = {}
        for line in shown:
            groups.setdefault(self._key(line), []).append(line)
        self._groups = sorted(groups.items(), key=lambda item: self._group_rank(*item))
        for _key, lines in self._groups:
            lines.sort(key=self._line_rank)
        self.endResetModel()

    def _key(self, line: FindingLine) -> str:
        return line.finding.code if self.grouping == BY_CODE else line.recommender

    def _recommender_rank(self, name: str) -> int:
        return self._recommenders.index(name) if name in self._recommenders else len(self._recommenders) + (0 if name else 1)

    def _group_rank(self, key: str, lines: list[FindingLine]) -> tuple[Any, ...]:
        if self.grouping == BY_CODE:
            codes = list(TEMPLATES)
            worst = min(SEVERITY_ORDER.index(line.severity) for line in lines)
            return (worst, codes.index(key) if key in codes else len(codes), key)
        return (self._recommender_rank(key), key)

    def _line_rank(self, line: FindingLine) -> tuple[Any, ...]:
        return (self._recommender_rank(line.recommender), line.finding.declaration, SEVERITY_ORDER.index(line.severity))

    # --- QAbstractItemModel ----------------------------------------------------------------
    def group_count(self) -> int:
        return len(self._groups)

    def rows_in_group(self, group: int) -> int:
        return len(self._groups[group][1])

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 4

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == DISPLAY:
            return [self.tr("级别"), self.tr("申报项目"), self.tr("说明"), self.tr("文件")][section]
        return None

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == GROUP:
            return self._group_data(*self._groups[index.row()], index.column(), role)
        line = self._groups[index.internalId() - 1][1][index.row()]
        return self._line_data(line, index.column(), role)

    def _group_data(self, key: str, lines: list[FindingLine], column: int, role: int) -> Any:
        if column != 0:
            return None
        counted = Counter(line.severity for line in lines)
        if role == DISPLAY:
            parts = [self.tr("{severity} {n}").format(severity=severity_name(s), n=counted[s])
                     for s in SEVERITY_ORDER if counted[s]]
            return self.tr("{group}（{count} 条：{breakdown}）").format(
                group=self.group_label(key), count=len(lines), breakdown=self.tr("，").join(parts))
        if role == Qt.ItemDataRole.DecorationRole:
            return severity_icon(min(counted, key=SEVERITY_ORDER.index))
        if role == FONT:
            font = QFont()
            font.setBold(True)
            return font
        if role == GROUP_ROLE:
            return key
        if role == COUNT_ROLE:
            return len(lines)
        return None

    def _line_data(self, line: FindingLine, column: int, role: int) -> Any:
        f = line.finding
        if role == DISPLAY:
            if column == COL_SEVERITY:
                return severity_name(f.severity)
            if column == COL_DECLARATION:
                return f"{f.declaration}  {line.project}".strip() or "—"
            return line.message if column == COL_MESSAGE else f.file
        if role == TOOLTIP:
            if column == COL_SEVERITY:
                return f"{severity_name(f.severity)} · {code_name(f.code)} ({f.code})"
            about = "\n".join(filter(None, (f.declaration, line.project)))
            return [None, about or None, line.message, f.file or None][column]
        if role == Qt.ItemDataRole.DecorationRole and column == COL_SEVERITY:
            return severity_icon(f.severity)
        if role == FOREGROUND and column == COL_SEVERITY:
            return QBrush(SEVERITY_COLORS[f.severity])
        if role == FINDING_ROLE:
            return f
        return None


# --- quotas ----------------------------------------------------------------------------------
Q_RECOMMENDER, Q_KIND, Q_GROUP, Q_RECOMMENDED, Q_ALLOWED, Q_SELECTED, Q_STATUS = range(7)


def group_label(group_name: str, call: Call) -> str:
    """A quota group by its directions (方向1~9, 方向10), in the interface language."""
    for kind in call.recommender_kinds:
        for group in kind.groups:
            if group.name == group_name:
                numbers = sorted(group.directions)
                if len(numbers) == 1:
                    return translate("FormalCheck", "方向{no}").format(no=numbers[0])
                if numbers == list(range(numbers[0], numbers[-1] + 1)):
                    return translate("FormalCheck", "方向{first}~{last}").format(first=numbers[0], last=numbers[-1])
    return group_name


def kind_label(kind_name: str) -> str:
    return {
        "省、自治区、直辖市": translate("FormalCheck", "省、自治区、直辖市"),
        "计划单列市": translate("FormalCheck", "计划单列市"),
        "新疆生产建设兵团": translate("FormalCheck", "新疆生产建设兵团"),
    }.get(kind_name, kind_name)


class QuotaModel(QAbstractTableModel):
    """Per recommender and quota group: recommended / allowed / selected; over-quota rows stand out."""

    def __init__(self, call: Call, parent: Any = None) -> None:
        super().__init__(parent)
        self.call = call
        self._lines: list[QuotaLine] = []
        self._blocks: list[int] = []  # per row: the number of its recommender, counting from the top

    def reset(self, lines: Iterable[QuotaLine]) -> None:
        self.beginResetModel()
        self._lines = list(lines)
        order = list(dict.fromkeys(line.recommender for line in self._lines))
        self._blocks = [order.index(line.recommender) for line in self._lines]
        self.endResetModel()

    def lines(self) -> list[QuotaLine]:
        return list(self._lines)

    def over_quota(self) -> list[QuotaLine]:
        return [line for line in self._lines if line.over]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 7

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == DISPLAY:
            return [self.tr("推荐单位"), self.tr("类别"), self.tr("方向组"), self.tr("推荐数"), self.tr("限额"),
                    self.tr("入选数"), self.tr("情况")][section]
        if orientation == Qt.Orientation.Horizontal and role == ALIGN and Q_RECOMMENDED <= section <= Q_SELECTED:
            return RIGHT
        return None

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not index.isValid():
            return None
        line, column = self._lines[index.row()], index.column()
        first_of_recommender = index.row() == 0 or self._lines[index.row() - 1].recommender != line.recommender
        if role == DISPLAY:
            if column in (Q_RECOMMENDER, Q_KIND) and not first_of_recommender:
                return ""
            return self._display(line, column)
        if role == TOOLTIP and column in (Q_RECOMMENDER, Q_KIND):
            return f"{line.recommender} · {kind_label(line.kind)}"
        if role == ALIGN and Q_RECOMMENDED <= column <= Q_SELECTED:
            return RIGHT
        if role == BACKGROUND:
            return QBrush(OVER_QUOTA_BACKGROUND if line.over else BLOCK_BACKGROUNDS[self._blocks[index.row()] % 2])
        if role == FOREGROUND and line.over and column in (Q_RECOMMENDED, Q_STATUS):
            return QBrush(VETO_COLOR)
        if role == FOREGROUND and column == Q_SELECTED and line.selected > line.allowed:
            return QBrush(SEVERITY_COLORS[Severity.WARNING])
        if role == FONT and (line.over and column in (Q_RECOMMENDED, Q_STATUS) or
                             column == Q_SELECTED and line.selected > line.allowed):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _display(self, line: QuotaLine, column: int) -> str:
        if column == Q_RECOMMENDER:
            return line.recommender
        if column == Q_KIND:
            return kind_label(line.kind)
        if column == Q_GROUP:
            return group_label(line.group, self.call)
        if column == Q_STATUS:
            parts = [self.tr("超出 {n} 项").format(n=line.recommended - line.allowed)] if line.over else []
            if line.selected > line.allowed:
                parts.append(self.tr("入选数超出限额（组长调整）"))
            return self.tr("；").join(parts)
        return str((line.recommended, line.allowed, line.selected)[column - Q_RECOMMENDED])


# --- declarations and their selection --------------------------------------------------------
D_SELECTED, D_CODE, D_DIRECTION, D_PROJECT, D_APPLICANT, D_FINDINGS, D_FORMAL = range(7)


class DeclarationSelectionModel(QAbstractTableModel):
    """Every declaration of the batch, whether it is selected for review, and how many findings it has."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[DeclarationSummary] = []
        self._selected: set[int] = set()
        self._findings: dict[str, int] = {}
        self._formal: dict[int, str] = {}

    def reset(self, declarations: Iterable[DeclarationSummary], selected_ids: Iterable[int],
              findings_per_code: dict[str, int], formal: dict[int, str] | None = None) -> None:
        self.beginResetModel()
        self._rows = list(declarations)
        self._selected, self._findings = set(selected_ids), dict(findings_per_code)
        self._formal = dict(formal or {})
        self.endResetModel()

    def formal(self, declaration_id: int) -> str:
        """The declaration's formal status (a FormalStatus value)."""
        return self._formal.get(declaration_id, "ok")

    def set_selected(self, declaration_id: int, selected: bool) -> None:
        """One declaration's selection changed: refresh its row only."""
        (self._selected.add if selected else self._selected.discard)(declaration_id)
        row = self.row_of(declaration_id)
        self.dataChanged.emit(self.index(row, 0), self.index(row, D_FORMAL))

    def is_selected(self, declaration_id: int) -> bool:
        return declaration_id in self._selected

    def declaration(self, row: int) -> DeclarationSummary:
        return self._rows[row]

    def row_of(self, declaration_id: int) -> int:
        return next(i for i, d in enumerate(self._rows) if d.id == declaration_id)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 7

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == DISPLAY:
            return [self.tr("入选"), self.tr("编号"), self.tr("方向"), self.tr("项目名称"), self.tr("申报单位"),
                    self.tr("问题"), self.tr("形式审查")][section]
        return None

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not index.isValid():
            return None
        d, column = self._rows[index.row()], index.column()
        selected = d.id in self._selected
        if role == DISPLAY:
            return self._display(d, column, selected)
        if role == TOOLTIP:
            if column == D_DIRECTION:
                return direction_label(d.direction, d.direction_name)
            return {D_PROJECT: d.project_name, D_APPLICANT: f"{d.applicant}\n{d.credit_code}".strip()}.get(column)
        if role == FOREGROUND:
            if column == D_FORMAL and self.formal(d.id) == "pending":
                return QBrush(VETO_COLOR)
            if column == D_SELECTED:
                return QBrush(SELECTED_COLOR if selected else NOT_SELECTED_COLOR)
            if not selected:
                return QBrush(NOT_SELECTED_COLOR)
        if role == ALIGN and column in (D_DIRECTION, D_FINDINGS):
            return CENTER
        if role == ID_ROLE:
            return d.id
        return None

    def _display(self, d: DeclarationSummary, column: int, selected: bool) -> str:
        if column == D_SELECTED:
            return ("✓ " if selected else "✕ ") + selection_name(selected)
        if column == D_DIRECTION:
            return str(d.direction) if d.direction else "?"   # 0: not recognised; the chair corrects it
        if column == D_FINDINGS:
            count = self._findings.get(d.code, 0)
            return str(count) if count else ""
        if column == D_FORMAL:
            from ui.panel_models import formal_status_name

            return formal_status_name(self.formal(d.id))
        return {D_CODE: d.code, D_PROJECT: d.project_name, D_APPLICANT: d.applicant}[column]


# --- audit log ----------------------------------------------------------------------------------
A_AT, A_ACTION, A_SUBJECT, A_CHANGE, A_REASON = range(5)


def action_name(action: str) -> str:
    """What an audit entry records, as the chair reads it."""
    names = {"selection": QCoreApplication.translate("FormalCheck", "调整入选状态"),
             "formal_accepted": QCoreApplication.translate("FormalCheck", "形式审查：接受"),
             "formal_corrected": QCoreApplication.translate("FormalCheck", "形式审查：更正"),
             "formal_supplemented": QCoreApplication.translate("FormalCheck", "形式审查：补充材料"),
             "formal_excluded": QCoreApplication.translate("FormalCheck", "形式审查：排除"),
             "assignment_moved": QCoreApplication.translate("FormalCheck", "调整分配"),
             "assignment_settings": QCoreApplication.translate("FormalCheck", "分配设置"),
             "consolidation_settings": QCoreApplication.translate("FormalCheck", "汇总设置"),
             "deviation_resolved": QCoreApplication.translate("FormalCheck", "偏离确认")}
    return names.get(action, action)


class AuditModel(QAbstractTableModel):
    """The chair's decisions against the rules, oldest first."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[AuditRow] = []

    def reset(self, rows: Iterable[AuditRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == DISPLAY:
            return [self.tr("时间"), self.tr("操作"), self.tr("申报项目"), self.tr("调整"), self.tr("理由")][section]
        return None

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not index.isValid() or role not in (DISPLAY, TOOLTIP):
            return None
        row, column = self._rows[index.row()], index.column()
        if column == A_AT:
            return row.at.replace("T", " ")
        if column == A_ACTION:
            return action_name(row.action)
        if column == A_SUBJECT:
            return row.subject
        if column == A_CHANGE:
            return f"{self._value(row.action, row.old_value)} → {self._value(row.action, row.new_value)}"
        return row.reason

    @staticmethod
    def _value(action: str, value: str | None) -> str:
        if action == "selection" and value in ("True", "False"):
            return selection_name(value == "True")
        return value or "—"
