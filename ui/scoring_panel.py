"""The scoring pane: the direction's rubric beside the application.

It shows one declaration's score sheet and emits ``edited(key, value)`` for
every change; the main window turns that into an undoable, committed edit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication, QButtonGroup, QCheckBox, QFrame, QGridLayout, QGroupBox, QHBoxLayout, QLabel,
    QPlainTextEdit, QRadioButton, QScrollArea, QVBoxLayout, QWidget,
)

from reviewer.scoring import Missing, ReviewState, ScoreSheet, missing, state_of
from ui.edits import FieldKey
from ui.labels import STATE_COLORS, VETO_COLOR, state_name
from ui.score_widgets import CriterionEditor, _passes_undo

if TYPE_CHECKING:  # keep SQLAlchemy out of the window's start-up
    from reviewer.review import DeclarationSummary
    from reviewer.rubric import Rubric

RECOMMENDATION_KEYS = ("recommend", "reject", "undecided")


class OpinionEdit(QPlainTextEdit):
    """The review opinion (or a reason): wraps, Tab leaves it, its Ctrl+Z is the review's undo."""

    def __init__(self, lines: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        if lines:  # a reason: a few lines high, never cut off (it scrolls past that)
            height = self.fontMetrics().lineSpacing() * lines + 14
            self.setFixedHeight(height)

    def event(self, event):  # type: ignore[no-untyped-def]
        if _passes_undo(event):
            event.ignore()
            return True
        return super().event(event)

    def set_text(self, text: str) -> None:
        if self.toPlainText() != text:
            self.setPlainText(text)


class ScoringPanel(QWidget):
    edited = Signal(object, object)  # (FieldKey, value)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rubric: Rubric | None = None
        self.sheet: ScoreSheet | None = None
        self.criteria: dict[str, CriterionEditor] = {}
        self._loading = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self._build_header())
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        body.setObjectName("scoringBody")
        self.body = QVBoxLayout(body)
        self.body.setContentsMargins(12, 8, 12, 12)
        self.body.setSpacing(8)
        self.criteria_box = QVBoxLayout()
        self.criteria_box.setSpacing(6)
        self.body.addLayout(self.criteria_box)
        self.body.addWidget(self._build_conclusion())
        self.body.addWidget(self._build_vetoes_group())
        self.body.addWidget(self._build_recusal())
        self.body.addStretch(1)
        self.scroll.setWidget(body)
        outer.addWidget(self.scroll, 1)
        QApplication.instance().focusChanged.connect(self._follow_focus)  # type: ignore[union-attr]

    # --- construction -------------------------------------------------------
    def _build_header(self) -> QWidget:
        header = self.header_frame = QFrame()
        header.setObjectName("scoreHeader")
        grid = QGridLayout(header)
        grid.setContentsMargins(14, 10, 14, 10)
        self.title = QLabel()
        self.title.setObjectName("declTitle")
        self.title.setWordWrap(True)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("muted")
        self.subtitle.setWordWrap(True)
        self.total = QLabel()
        self.total.setObjectName("total")
        self.total.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.state = QLabel()
        self.state.setObjectName("state")
        self.state.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.state.setWordWrap(True)
        grid.addWidget(self.title, 0, 0)
        grid.addWidget(self.total, 0, 1)
        grid.addWidget(self.subtitle, 1, 0)
        grid.addWidget(self.state, 1, 1)
        grid.setColumnStretch(0, 1)
        return header

    def _build_conclusion(self) -> QGroupBox:
        box = QGroupBox(self.tr("评审结论"))
        layout = QVBoxLayout(box)
        layout.addWidget(QLabel(self.tr("推荐意见：")))
        self.recommendation = QButtonGroup(self)
        self.recommendation.setExclusive(False)  # so that a choice can be cleared
        names = [self.tr("推荐(&T)"), self.tr("不推荐(&B)"), self.tr("待议(&D)")]
        buttons = [QRadioButton(name) for name in names]
        # one row when the choices are short (Chinese), one under another when they would not fit a narrow pane
        row = QHBoxLayout() if sum(b.sizeHint().width() for b in buttons) <= 280 else QVBoxLayout()
        for i, button in enumerate(buttons):
            self.recommendation.addButton(button, i)
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        opinion_label = QLabel(self.tr("评审意见(&O)："))
        self.opinion = OpinionEdit()
        self.opinion.setPlaceholderText(self.tr("对项目的总体评价：亮点、不足与建议。完成评审必须填写。"))
        self.opinion.setMinimumHeight(110)
        opinion_label.setBuddy(self.opinion)
        layout.addWidget(opinion_label)
        layout.addWidget(self.opinion)
        self.recommendation.idClicked.connect(self._recommendation_clicked)
        self.opinion.textChanged.connect(self._opinion_changed)
        return box

    def _build_vetoes_group(self) -> QGroupBox:
        self.vetoes_box = QGroupBox(self.tr("否决项"))  # a group box title never wraps: the rule goes inside
        outer = QVBoxLayout(self.vetoes_box)
        rule = QLabel(self.tr("勾选任一项即否决，须填写理由。"))
        rule.setObjectName("muted")
        rule.setWordWrap(True)
        outer.addWidget(rule)
        self.vetoes_layout = QGridLayout()
        outer.addLayout(self.vetoes_layout)
        self.veto_checks: dict[str, QCheckBox] = {}
        self.veto_reasons: dict[str, OpinionEdit] = {}
        return self.vetoes_box

    def _build_recusal(self) -> QGroupBox:
        box = QGroupBox(self.tr("回避"))
        layout = QVBoxLayout(box)
        self.recused = QCheckBox(self.tr("本人申请回避(&J)"))
        self.recusal_reason = OpinionEdit(lines=3)
        self.recusal_reason.setPlaceholderText(self.tr("回避理由，例如：近三年曾在申报单位任职"))
        layout.addWidget(self.recused)
        layout.addWidget(self.recusal_reason)
        self.recused.toggled.connect(self._recused_toggled)
        self.recusal_reason.textChanged.connect(self._recusal_reason_changed)
        return box

    def _build_criteria(self, rubric: Rubric) -> None:
        for editor in self.criteria.values():
            _discard(editor)
        self.criteria = {}
        common = QLabel(self.tr("共性指标（{n} 分）").format(n=f"{sum(c.max for c in rubric.criteria if c.part == 'common'):g}"))
        own = QLabel(self.tr("方向指标：{name}（{n} 分）").format(
            name=rubric.direction_name, n=f"{sum(c.max for c in rubric.criteria if c.part != 'common'):g}"))
        while self.criteria_box.count():
            item = self.criteria_box.takeAt(0)
            if item.widget():
                _discard(item.widget())
        previous = None
        for criterion in rubric.criteria:
            if criterion.part == "common" and previous is None:
                self._section(common)
            if criterion.part != "common" and (previous is None or previous.part == "common"):
                self._section(own)
            editor = CriterionEditor(criterion)
            editor.points_edited.connect(lambda cid, p: self._emit(("points", cid), p))
            editor.remark_edited.connect(lambda cid, t: self._emit(("remark", cid), t))
            editor.advance.connect(lambda cid=criterion.id: self.focus_next_criterion(cid))
            self.criteria_box.addWidget(editor)
            self.criteria[criterion.id] = editor
            previous = criterion
        self._build_vetoes(rubric)
        self._chain_tab_order()

    def _section(self, label: QLabel) -> None:
        label.setObjectName("section")
        label.setWordWrap(True)
        self.criteria_box.addWidget(label)

    def _build_vetoes(self, rubric: Rubric) -> None:
        for widget in [*self.veto_checks.values(), *self.veto_reasons.values()]:
            _discard(widget)
        self.veto_checks, self.veto_reasons = {}, {}
        for row, veto in enumerate(rubric.vetoes):
            check = QCheckBox(f"{veto.id} {veto.name}")
            check.setToolTip(veto.text)
            reason = OpinionEdit(lines=2)
            reason.setPlaceholderText(self.tr("否决理由"))
            reason.setEnabled(False)
            check.toggled.connect(lambda on, vid=veto.id: self._veto_toggled(vid, on))
            reason.textChanged.connect(lambda vid=veto.id: self._veto_reason_changed(vid))
            self.vetoes_layout.addWidget(check, 2 * row, 0)
            self.vetoes_layout.addWidget(reason, 2 * row + 1, 0)
            self.veto_checks[veto.id], self.veto_reasons[veto.id] = check, reason

    def _chain_tab_order(self) -> None:
        """Tab, like Enter, goes from one criterion's score to the next; the remarks come last."""
        chain: list[QWidget] = [editor.spin for editor in self.criteria.values()]
        chain += list(self.recommendation.buttons()) + [self.opinion]
        for vid in self.veto_checks:
            chain += [self.veto_checks[vid], self.veto_reasons[vid]]
        chain += [self.recused, self.recusal_reason]
        chain += [editor.remark for editor in self.criteria.values()]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    # --- showing a declaration ---------------------------------------------------
    def load(self, summary: DeclarationSummary, rubric: Rubric, sheet: ScoreSheet) -> None:
        self._loading = True
        try:
            if self.rubric is None or self.rubric.fingerprint != rubric.fingerprint:
                self._build_criteria(rubric)
            self.rubric, self.sheet = rubric, sheet
            self.title.setText(summary.project_name)
            self.subtitle.setText(f"{summary.applicant} · {summary.recommender} · "
                                  + self.tr("方向{no} {name}").format(no=summary.direction, name=summary.direction_name))
            self._show_values(sheet)
        finally:
            self._loading = False
        self.scroll.verticalScrollBar().setValue(0)

    def _show_values(self, sheet: ScoreSheet) -> None:
        for cid, editor in self.criteria.items():
            editor.set_values(sheet.points.get(cid), sheet.remarks.get(cid, ""))
        self._show_conclusion(sheet)
        self.refresh_state()

    def _show_conclusion(self, sheet: ScoreSheet) -> None:
        for i, key in enumerate(RECOMMENDATION_KEYS):
            self.recommendation.button(i).setChecked(sheet.recommendation == key)
        self.opinion.set_text(sheet.opinion)
        for vid, check in self.veto_checks.items():
            check.setChecked(vid in sheet.vetoes)
            self.veto_reasons[vid].setEnabled(vid in sheet.vetoes)
            self.veto_reasons[vid].set_text(sheet.vetoes.get(vid, ""))
        self.recused.setChecked(sheet.recused)
        self.recusal_reason.set_text(sheet.recusal_reason)
        self._enable_scoring(not sheet.recused)

    def show_sheet(self, sheet: ScoreSheet) -> None:
        """Show values changed elsewhere (undo/redo) without emitting edits."""
        if self.rubric is None:
            return
        self._loading = True
        try:
            self.sheet = sheet
            self._show_values(sheet)
        finally:
            self._loading = False

    def refresh_state(self) -> None:
        if self.rubric is None or self.sheet is None:
            return
        sheet, rubric = self.sheet, self.rubric
        if sheet.recused:  # a recused expert gives no score: no total to show
            self.total.setText(self.tr("回避 · 不评分"))
        else:
            self.total.setText(self.tr("总分 {total} / {max}").format(total=f"{sheet.total:g}", max=f"{rubric.total:g}"))
        state = state_of(sheet, rubric)
        text = state_name(state)
        lacking = missing(sheet, rubric)
        if state == ReviewState.IN_PROGRESS and lacking:
            text += " · " + self._describe_missing(lacking)
        color = STATE_COLORS[state]
        if sheet.vetoes and not sheet.recused:
            text += " · " + self.tr("已否决")
            color = VETO_COLOR
        self.state.setText(text)
        self.state.setStyleSheet(f"color: {color.name()}")

    def _describe_missing(self, lacking: Missing) -> str:
        parts = []
        if lacking.recusal_reason:
            parts.append(self.tr("需填写回避理由"))
        if lacking.veto_reasons:
            parts.append(self.tr("需填写否决理由"))
        if lacking.criteria:
            parts.append(self.tr("未评 {n} 项指标").format(n=len(lacking.criteria)))
        if lacking.opinion:
            parts.append(self.tr("缺评审意见"))
        return self.tr("，").join(parts)

    # --- user edits ----------------------------------------------------------
    def _emit(self, key: FieldKey, value: object) -> None:
        if self._loading or self.sheet is None:
            return
        _apply_to_sheet(self.sheet, key, value)
        self.refresh_state()
        self.edited.emit(key, value)

    def _recommendation_clicked(self, button_id: int) -> None:
        key = RECOMMENDATION_KEYS[button_id]
        chosen = key if self.recommendation.button(button_id).isChecked() else None
        for i in range(3):
            if i != button_id:
                self.recommendation.button(i).setChecked(False)
        self._emit(("recommendation",), chosen)

    def _opinion_changed(self) -> None:
        if self.sheet is not None and self.opinion.toPlainText() != self.sheet.opinion:
            self._emit(("opinion",), self.opinion.toPlainText())

    def _veto_reason_changed(self, veto_id: str) -> None:
        text = self.veto_reasons[veto_id].toPlainText()
        if self.sheet is not None and veto_id in self.sheet.vetoes and text != self.sheet.vetoes[veto_id]:
            self._emit(("veto", veto_id), text)

    def _recusal_reason_changed(self) -> None:
        text = self.recusal_reason.toPlainText()
        if self.sheet is not None and text != self.sheet.recusal_reason:
            self._emit(("recusal_reason",), text)

    def _veto_toggled(self, veto_id: str, on: bool) -> None:
        self.veto_reasons[veto_id].setEnabled(on)
        if on and not self._loading:
            self.veto_reasons[veto_id].setFocus()
        self._emit(("veto", veto_id), self.veto_reasons[veto_id].toPlainText() if on else None)

    def _recused_toggled(self, on: bool) -> None:
        self._enable_scoring(not on)
        if on and not self._loading:
            self.recusal_reason.setFocus()
        self._emit(("recused",), on)

    def _enable_scoring(self, enabled: bool) -> None:
        for editor in self.criteria.values():
            editor.setEnabled(enabled)
        self.vetoes_box.setEnabled(enabled)
        self.opinion.setEnabled(enabled)
        for button in self.recommendation.buttons():
            button.setEnabled(enabled)
        self.recusal_reason.setEnabled(not enabled)

    # --- keyboard ------------------------------------------------------------
    def focus_first_criterion(self) -> None:
        first = next(iter(self.criteria.values()), None)
        if first is not None and first.isEnabled():
            first.spin.setFocus()
            first.spin.selectAll()

    def focus_next_criterion(self, criterion_id: str) -> None:
        ids = list(self.criteria)
        at = ids.index(criterion_id)
        if at + 1 < len(ids):
            self.criteria[ids[at + 1]].spin.setFocus()
            self.criteria[ids[at + 1]].spin.selectAll()
        else:
            self.opinion.setFocus()

    def _follow_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and self.isAncestorOf(new):
            self.scroll.ensureWidgetVisible(new, 20, 60)


def _discard(widget: QWidget) -> None:
    """Take a widget off screen now; Qt deletes it when the event loop next runs."""
    widget.hide()
    widget.setParent(None)
    widget.deleteLater()


def _apply_to_sheet(sheet: ScoreSheet, key: FieldKey, value: object) -> None:
    """Mirror an edit in the shown sheet so state and total update at once."""
    kind = key[0]
    if kind == "points":
        if value is None:
            sheet.points.pop(key[1], None)
        else:
            sheet.points[key[1]] = float(value)  # type: ignore[arg-type]
    elif kind == "remark":
        sheet.remarks[key[1]] = str(value)
    elif kind == "opinion":
        sheet.opinion = str(value)
    elif kind == "recommendation":
        sheet.recommendation = value  # type: ignore[assignment]
    elif kind == "veto":
        if value is None:
            sheet.vetoes.pop(key[1], None)
        else:
            sheet.vetoes[key[1]] = str(value)
    elif kind == "recused":
        sheet.recused = bool(value)
    elif kind == "recusal_reason":
        sheet.recusal_reason = str(value)

